"""Cast-on-curve odds per card: enough lands and the right colors by the turn = mana value.

Exact: the library is split into land kinds by which of the card's colors they make (a
multivariate hypergeometric), and :func:`arena.analysis.odds.cast_probability` sums over how
many of each kind were drawn. On the play, no mulligan (the kept seven is random). Spell//land
modal cards are counted as spells here, tapped lands do not help one-drops.

Cards whose exact sum would pass a state budget (four- and five-color cards, three-color
ones in a many-colored mana base) would take seconds; they are dealt by Monte Carlo instead
(:mod:`arena.analysis.deals`), and their rows say so with the trial count.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import combinations
from typing import Any

from arena.analysis.cardfacts import mana_demand_of
from arena.analysis.deals import SharedDeals
from arena.analysis.deckview import DeckView
from arena.analysis.effective import Effective
from arena.analysis.odds import TooManyStates, cards_seen, cast_probability
from arena.analysis.sources import SourceCount


@lru_cache(maxsize=4096)
def _needs(cost: str) -> tuple[tuple[frozenset[str], int], ...]:
    """Hall's condition for a cost's colored symbols: for every set U of the colors involved,
    how many symbols can only be paid by lands making a color in U."""
    demand = mana_demand_of(cost)
    symbols: list[tuple[frozenset[str], int]] = [(frozenset(c), n) for c, n in demand.single.items()]
    symbols += list(demand.hybrid.items())
    if demand.colorless:
        symbols.append((frozenset("C"), demand.colorless))
    involved = sorted(frozenset().union(*(allowed for allowed, _ in symbols))) if symbols else []
    needs: list[tuple[frozenset[str], int]] = []
    for size in range(1, len(involved) + 1):
        for subset in combinations(involved, size):
            u = frozenset(subset)
            n = sum(count for allowed, count in symbols if allowed <= u)
            if n:
                needs.append((u, n))
    return tuple(needs)


EXACT_MAX_WORK = 20000  # state updates: keeps one exact sum to a few tens of milliseconds
MONTE_CARLO_MAX_TRIALS = 3000


@lru_cache(maxsize=8192)
def _odds(library: int, categories: tuple[tuple[int, frozenset[str]], ...],
          needs: tuple[tuple[frozenset[str], int], ...], mana_value: int, draws: int) -> tuple[float, float]:
    """P(castable) and P(castable | enough lands), exact, rounded to 4 decimals; raises
    :class:`TooManyStates` past the budget."""
    castable, enough = cast_probability(library, categories, needs, mana_value, draws,
                                        EXACT_MAX_WORK)
    return round(float(castable), 4), (round(float(castable / enough), 4) if enough else 0.0)


def _categories(lands: list[tuple[int, frozenset[str], frozenset[str] | None]], relevant: frozenset[str], *,
                one_drop: bool) -> tuple[tuple[int, frozenset[str]], ...]:
    """(copies, colors) per kind of usable land, colors cut down to ``relevant``; for a one-drop
    only what a land makes on turn one (``None``: it enters tapped then). A land whose mana we
    could not read is an empty kind: it still counts toward lands drawn."""
    kinds: dict[frozenset[str], int] = {}
    for copies, made, first in lands:
        if one_drop:
            if first is None:
                continue
            made = first
        key = made & relevant
        kinds[key] = kinds.get(key, 0) + copies
    return tuple((n, colors) for colors, n in sorted(kinds.items(), key=lambda kv: (sorted(kv[0]), kv[1])))


def _land_kinds(sources: SourceCount) -> list[tuple[int, frozenset[str]]]:
    """Library lands grouped by everything they make ("C" for colorless)."""
    kinds: dict[frozenset[str], int] = {}
    for source in sources.detail:
        if source.is_land:
            made = frozenset(source.colors | ({"C"} if source.colorless else set()))
            kinds[made] = kinds.get(made, 0) + source.copies
    return sorted(((n, k) for k, n in kinds.items()), key=lambda kv: (sorted(kv[1]), kv[0]))


def cast_on_curve(view: DeckView, sources: SourceCount, effective: dict[str, Effective], *,
                  trials: int = MONTE_CARLO_MAX_TRIALS, seed: int = 0) -> list[dict[str, Any]]:
    """P(castable on the turn it is really cast, on the play) for each nonland card the deck pays
    for: the turn and cost are the effective ones (:mod:`arena.analysis.effective`)."""
    library = view.library
    results: list[dict[str, Any]] = []
    deals: SharedDeals | None = None
    lands = [(s.copies, frozenset(s.colors | ({"C"} if s.colorless else set())),
              frozenset(s.turn_one_colors | ({"C"} if s.colorless else set())) if s.turn_one else None)
             for s in sources.detail if s.is_land]
    # Cards asking for the same colors see the same land kinds: group once per color set.
    grouped: dict[tuple[frozenset[str], bool], tuple[tuple[int, frozenset[str]], ...]] = {}
    for slot in view.spells:
        card = slot.card
        eff = effective[card.name]
        if not eff.cast:
            continue
        mana_value = eff.mana_value
        turn = eff.turn
        target = min(89 + mana_value, 96) / 100
        if mana_value == 0:
            results.append({"card": card.name, "turn": turn, "probability": 1.0,
                            "given_lands": 1.0, "target": target, "method": "exact"})
            continue
        if library == 0:
            continue
        needs = _needs(eff.cost or "")
        row: dict[str, Any] = {"card": card.name, "turn": turn, "target": target}
        relevant = frozenset().union(*(u for u, _ in needs)) if needs else frozenset()
        grouping = (relevant, turn == 1)
        if grouping not in grouped:
            grouped[grouping] = _categories(lands, relevant, one_drop=turn == 1)
        try:
            probability, given = _odds(library, grouped[grouping], needs, mana_value, cards_seen(turn))
            results.append(row | {"probability": probability, "given_lands": given, "method": "exact"})
            continue
        except TooManyStates:
            pass
        if deals is None:
            depth = cards_seen(max(effective[s.card.name].turn for s in view.spells))
            deals = SharedDeals(_land_kinds(sources), library, depth,
                                min(trials, MONTE_CARLO_MAX_TRIALS), seed)
        castable, enough = deals.rates(cards_seen(turn), needs, mana_value)
        results.append(row | {
            "probability": round(castable, 4),
            "given_lands": round(castable / enough, 4) if enough else 0.0,
            "method": "monte_carlo",
            "trials": deals.trials,
        })
    results.sort(key=lambda r: (r["probability"], r["card"]))
    return results
