"""``analyze(deck)``: every fact about a deck, as one typed :class:`DeckAnalysis`.

Its JSON keys are a contract (docs/ARCHITECTURE.md, :mod:`arena.analysis.model`): the agent
quotes them, the API returns them and the UI draws them. Numbers are exact arithmetic on the cards' data, except the opening-hand
Monte Carlo, which says its trial count and carries the exact values beside it.
"""

from __future__ import annotations

import re
from typing import Any

from arena.analysis import karsten
from arena.analysis.archetype import archetype
from arena.analysis.cardfacts import mana_demand, mana_demand_of
from arena.analysis.castability import cast_on_curve
from arena.analysis.companion import Entry as CompanionEntry
from arena.analysis.companion import check_companion
from arena.analysis.curve import average_mv, curve, pip_counts, type_counts
from arena.analysis.deckview import DeckView
from arena.analysis.effective import DeckContext, Effective, effective_cost
from arena.analysis.hands import simulate
from arena.analysis.interaction import CATEGORIES, categories
from arena.analysis.land_count import recommend_lands
from arena.analysis.legality import legality, wildcards
from arena.analysis.model import DeckAnalysis
from arena.analysis.odds import land_drops
from arena.analysis.production import land_mana
from arena.analysis.requirements import card_requirements, color_summary
from arena.analysis.size import minimum_size
from arena.analysis.sources import MDFC_RULE, count_sources
from arena.models import COLORS, Deck


def _interaction(view: DeckView) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {c: {"count": 0, "cards": []} for c in CATEGORIES}
    for slot in view.spells:
        for category in sorted(categories(slot.card)):
            found[category]["count"] += slot.copies
            found[category]["cards"].append(slot.card.name)
    return found


def _deck_colors(view: DeckView, effective: dict[str, Effective]) -> frozenset[str]:
    """The colors the deck's costs need (plus the commander's identity).

    A one-color symbol needs its color; a hybrid symbol ({G/W}) is paid by either color, so it
    adds a color only when the deck needs neither: then the one more of its lands make (ties go
    to the one more hybrid symbols share, then WUBRG order). Phyrexian and {2/W} symbols need no
    color. So a {G/W}{G/W} card in mono-green keeps the deck mono-green. The cost is the one
    the deck pays (a cycled Street Wraith needs no black; Living End is never paid for).
    """
    colors: set[str] = set()
    pairs: list[frozenset[str]] = []
    for slot in view.spells:
        eff = effective[slot.card.name]
        demand = mana_demand_of(eff.cost if eff.cast else "")
        colors |= set(demand.single)
        pairs.extend(demand.hybrid)
    for slot in view.commander:
        colors |= set(slot.card.color_identity)
    open_pairs = [p for p in pairs if not p & colors]
    if open_pairs:
        land_colors: dict[str, int] = {}
        for slot in view.main:
            mana = land_mana(slot.card)
            for color in mana.colors if mana else ():
                land_colors[color] = land_colors.get(color, 0) + slot.copies
        for pair in open_pairs:
            if pair & colors:
                continue
            colors.add(max(sorted(pair, key=COLORS.index),
                           key=lambda c: (land_colors.get(c, 0), sum(c in p for p in open_pairs))))
    return frozenset(colors)


def _notes(view: DeckView, deck: Deck, table: int, legality_details: dict[str, dict[str, Any]],
           source_notes: list[str], requirements: list[Any]) -> list[str]:
    notes: list[str] = []
    if view.unresolved:
        one = len(view.unresolved) == 1
        notes.append(f"{len(view.unresolved)} entr{'y' if one else 'ies'} did not match a card "
                     f"and {'is' if one else 'are'} left out of every number: "
                     f"{', '.join(view.unresolved)}.")
    unknown = sorted({c for d in legality_details.values() for c in d["unknown_cards"]})
    if unknown:
        notes.append(
            f"No legality data for {len(unknown)} card{'s' if len(unknown) != 1 else ''}: legality "
            "data isn't loaded yet (the offline catalog has none), so legality is 'unknown' unless a "
            "deck rule already fails. Scryfall's data, loaded in the background when Scryfall can be "
            "reached, brings legality, rarity and wildcards."
        )
    notes.append(
        f"Source requirements use Karsten's {table}-card table ({karsten.SOURCE}), which assumes "
        f"{karsten.ASSUMED_LANDS[table]} lands; you have {view.land_count} in {view.library} cards."
    )
    notes.extend(source_notes)
    halves = sorted(s.card.name for s in view.spells
                    if s.card.layout in ("split", "adventure", "aftermath") and "\n//\n" not in s.card.oracle_text)
    if halves:
        notes.append(f"Only the first half of {', '.join(halves)} is in the card data (cost and "
                     "text): the other half's cost and effects are not counted. A Scryfall import "
                     "adds them.")
    if any(mana_demand(s.card).optional for s in view.spells):
        notes.append("Phyrexian and {2/C} symbols can be paid without their color, so they add "
                     "no color requirement (they still count in pips).")
    if any(mana_demand(s.card).hybrid for s in view.spells):
        notes.append("Hybrid symbols are checked against sources of either color, not as one color's need.")
    if any(r.approximate for r in requirements):
        notes.append("Some costs lie outside Karsten's table; the nearest entry was used (marked approximate).")
    if any(s.card.has_x for s in view.spells):
        notes.append("X spells are counted at X = 0 on the curve and in the requirements.")
    notes.append("Odds are on the play without mulligans, except opening_hands; tapped lands count "
                 "as sources from turn two on (Karsten's convention), not for one-drops. Arena's "
                 "best-of-one hand smoothing is not modelled.")
    if view.commander:
        notes.append("The commander counts toward deck_size, nonland, the curve and requirements, "
                     "but not toward the library the odds draw from.")
    if deck.companion:
        notes.append("The companion is outside the deck: not on the curve or in the odds.")
    if deck.skipped:
        notes.append(tokens_note(deck))
    return notes


def _companion_checks(view: DeckView, minimum: int) -> list[dict[str, object]]:
    """Each companion's condition against the starting deck (the main deck)."""
    entries = [CompanionEntry(s.card, s.copies) for s in view.main]
    found = (check_companion(s.card, entries, size=view.main_count, minimum=minimum) for s in view.companion)
    return [c.to_json() for c in found if c is not None]


TOKENS_LEFT_OUT = "Tokens left out"


def tokens_note(deck: Deck) -> str:
    """One line for the token rows the parser skipped (a collection export lists Clues and Treasures)."""
    where = ", ".join(f"{_token_name(s.reason) or s.text.strip()[:60]} (line {s.line})" for s in deck.skipped[:10])
    more = f" and {len(deck.skipped) - 10} more" if len(deck.skipped) > 10 else ""
    return f"{TOKENS_LEFT_OUT}: {where}{more}; a token is not a card you put in a deck."


def _token_name(reason: str) -> str | None:
    """The quoted name in the parser's "not a card: 'Clue' is a …" reason."""
    found = re.search(r"'(.+)' is a", reason)
    return found.group(1) if found else None


def analyze(deck: Deck, *, trials: int = 10000, seed: int = 0) -> DeckAnalysis:
    """Compute every fact about ``deck``; ``trials``/``seed`` drive the opening-hand Monte Carlo."""
    view = DeckView.of(deck)
    context = DeckContext.of(view)
    effective = {s.card.name: effective_cost(s.card, context) for s in view.spells}
    colors = _deck_colors(view, effective)
    the_curve = curve(view)
    avg = average_mv(view)
    sources = count_sources(view, colors)
    table = karsten.table_size(view.library)
    requirements = card_requirements(view, sources, table, effective)
    interaction = _interaction(view)
    status, details = legality(view)
    nonland = sum(s.copies for s in view.spells)
    types = type_counts(view)
    arche = archetype(colors, view, nonland=nonland, creatures=types.get("Creature", 0),
                      avg_mv=avg, curve=the_curve, interaction=interaction)
    odds = {
        "land_drops": land_drops(view.library, view.land_count),
        "land_drops_on_draw": land_drops(view.library, view.land_count, on_play=False),
        "cast_on_curve": cast_on_curve(view, sources, effective, trials=trials, seed=seed),
        "opening_hands": simulate(view.library, view.land_count, trials, seed),
    }
    return DeckAnalysis.model_validate({
        "name": deck.name,
        "format": deck.format,
        "source_format": deck.source_format,
        "main_count": view.main_count,
        "side_count": view.side_count,
        "deck_size": view.deck_size,
        "library_size": view.library,
        "minimum_size": minimum_size(deck.format),
        "commander": [s.card.name for s in view.commander],
        "companion": [s.card.name for s in view.companion],
        "companion_check": _companion_checks(view, minimum_size(deck.format)),
        "unresolved": list(view.unresolved),
        "colors": "".join(c for c in COLORS if c in colors),
        "lands": view.land_count,
        "nonland": nonland,
        "curve": the_curve,
        "average_mv": avg,
        "pips": pip_counts(view),
        "sources": sources.sources,
        "untapped_sources": sources.untapped,
        "colorless_sources": sources.colorless,
        "source_detail": sources.to_detail(),
        "karsten_table": table,
        "requirements": [r.to_dict() for r in requirements],
        "color_summary": color_summary(requirements, sources),
        "land_recommendation": recommend_lands(view, avg, effective, arche["style"]),
        "types": types,
        "interaction": interaction,
        "archetype": arche,
        "legality": status,
        "legality_details": details,
        "wildcards": wildcards(view),
        "odds": odds,
        "notes": _notes(view, deck, table, details, sources.notes, requirements),
        "mdfc_rule": MDFC_RULE if any(s.kind == "modal" for s in sources.detail) else None,
    })
