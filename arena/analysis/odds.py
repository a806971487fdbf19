"""Exact draw odds: hypergeometric sums with integer binomials, turned into floats at the end.

Everything here counts cards, so it is exact arithmetic on the deck's real numbers: land
drops, the chance to cast a card on curve (a multivariate hypergeometric over land kinds), and
the London-mulligan chain. Monte Carlo lives in :mod:`arena.analysis.hands` and is checked
against these numbers.
"""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache
from math import comb

OPENING_HAND = 7


@lru_cache(maxsize=65536)
def _comb(n: int, k: int) -> int:
    return comb(n, k)


def cards_seen(turn: int, *, on_play: bool = True) -> int:
    """Cards seen by ``turn``: the opening seven plus one draw a turn, none on turn one on the play."""
    return OPENING_HAND + turn - (1 if on_play else 0)


def at_least(population: int, successes: int, draws: int, want: int) -> Fraction:
    """P(at least ``want`` successes in ``draws`` cards from ``population`` holding ``successes``)."""
    draws = min(draws, population)
    if want <= 0:
        return Fraction(1)
    hits = sum(
        _comb(successes, k) * _comb(population - successes, draws - k)
        for k in range(want, min(successes, draws) + 1)
    )
    return Fraction(hits, _comb(population, draws))


def exactly(population: int, successes: int, draws: int, k: int) -> Fraction:
    """P(exactly ``k`` successes in ``draws`` cards)."""
    draws = min(draws, population)
    if k < 0 or k > draws or k > successes:
        return Fraction(0)
    return Fraction(_comb(successes, k) * _comb(population - successes, draws - k),
                    _comb(population, draws))


def land_odds(deck_size: int, lands: int, want: int, by_turn: int, on_play: bool = True) -> float:
    """Chance to have drawn at least ``want`` lands by ``by_turn`` (no mulligan).

    ``land_odds(60, 24, 4, 4)`` is "my fourth land on turn four, on the play": 7 + 3 cards seen.
    """
    if deck_size < 1:
        raise ValueError(f"deck_size must be at least 1, got {deck_size}")
    if not 0 <= lands <= deck_size:
        raise ValueError(f"lands must be between 0 and deck_size ({deck_size}), got {lands}")
    if by_turn < 1:
        raise ValueError(f"by_turn must be 1 or later, got {by_turn}")
    if want < 0:
        raise ValueError(f"want must not be negative, got {want}")
    return float(at_least(deck_size, lands, cards_seen(by_turn, on_play=on_play), want))


def land_drops(library: int, lands: int, *, turns: int = 6, on_play: bool = True) -> dict[str, float]:
    """P(at least T lands among the cards seen by turn T), T = 1..turns, 4 decimals."""
    return dict(_land_drops(library, lands, turns, on_play))


@lru_cache(maxsize=1024)
def _land_drops(library: int, lands: int, turns: int, on_play: bool) -> tuple[tuple[str, float], ...]:
    if library <= 0:
        return tuple((str(t), 0.0) for t in range(1, turns + 1))
    return tuple(
        (str(t), round(float(at_least(library, lands, cards_seen(t, on_play=on_play), t)), 4))
        for t in range(1, turns + 1)
    )


def lands_in_opening(library: int, lands: int) -> list[Fraction]:
    """Exact distribution of lands in the opening seven, index = land count."""
    return list(_lands_in_opening(library, lands))


@lru_cache(maxsize=1024)
def _lands_in_opening(library: int, lands: int) -> tuple[Fraction, ...]:
    return tuple(exactly(library, lands, OPENING_HAND, k) for k in range(OPENING_HAND + 1))


class TooManyStates(Exception):
    """Raised by :func:`cast_probability` when the exact sum would exceed its work budget."""


@lru_cache(maxsize=4096)
def cast_probability(library: int, categories: tuple[tuple[int, frozenset[str]], ...],
                     needs: tuple[tuple[frozenset[str], int], ...], lands_needed: int,
                     draws: int, max_work: int | None = None) -> tuple[Fraction, Fraction]:
    """P(castable) and P(enough lands) after ``draws`` cards, exactly.

    ``categories`` are (copies, colors) of usable lands, where colors are already cut down to
    the colors this card asks for; every other card in the library is a blank. The card is
    castable when at least ``lands_needed`` usable lands were drawn and, for each color set U in
    ``needs``, the lands making some color of U number at least the pips that only U can pay
    (Hall's condition for assigning one land per pip). The sum runs over how many of each
    category were drawn, with counters capped at what is needed, so it stays small for one to
    three colors; ``max_work`` (state updates) bounds it for the rest (raising
    :class:`TooManyStates`).
    """
    draws = min(draws, library)
    usable = sum(count for count, _ in categories)
    blanks = library - usable
    need_sets = [u for u, _ in needs]
    caps = tuple(n for _, n in needs)
    # state: (cards drawn from lands, lands capped at lands_needed, per-need counters) -> ways
    states: dict[tuple[int, int, tuple[int, ...]], int] = {(0, 0, (0,) * len(caps)): 1}
    work = 0
    for count, colors in categories:
        hits = tuple(bool(colors & u) for u in need_sets)
        work += len(states) * (min(count, draws) + 1)
        if max_work is not None and work > max_work:
            raise TooManyStates(f"more than {max_work} state updates")
        nxt: dict[tuple[int, int, tuple[int, ...]], int] = {}
        relevant = any(hits)
        for (drawn, total, counters), ways in states.items():
            for x in range(min(count, draws - drawn) + 1):
                moved = tuple(
                    min(c + x, cap) if hit else c for c, hit, cap in zip(counters, hits, caps, strict=True)
                ) if relevant and x else counters
                key = (drawn + x, min(total + x, lands_needed), moved)
                nxt[key] = nxt.get(key, 0) + ways * _comb(count, x)
        states = nxt
    castable = enough = 0
    for (drawn, total, counters), ways in states.items():
        if total < lands_needed:
            continue
        weight = ways * _comb(blanks, draws - drawn)
        enough += weight
        if counters == caps:
            castable += weight
    denominator = _comb(library, draws)
    return Fraction(castable, denominator), Fraction(enough, denominator)


# The London-mulligan policy of Karsten's 2022 model: keep 7 with 2-5 lands; at 6 and 5 cards,
# bottom toward three lands; keep a 6 with 2-4 lands, a 5 with 2-4, and any 4.
KEEP_SEVEN = range(2, 6)


def lands_after_bottom(lands: int, hand_size: int) -> int:
    """Lands left after bottoming ``7 - hand_size`` cards from a 7-card draw, aiming at three."""
    spells = OPENING_HAND - lands
    # Karsten: at six cards bottom a spell when holding three or more; below six, keep
    # bottoming spells while there are more than the hand's share beside three lands.
    keep_spells = 2 if hand_size == 6 else hand_size - 3
    for _ in range(OPENING_HAND - hand_size):
        if spells > keep_spells:
            spells -= 1
        else:
            lands -= 1
    return lands


def keeps(lands: int, hand_size: int) -> bool:
    """Whether the policy keeps a hand of ``hand_size`` with ``lands`` lands after bottoming."""
    if hand_size == OPENING_HAND:
        return lands in KEEP_SEVEN
    if hand_size <= 4:
        return True
    return 2 <= lands <= 4


@lru_cache(maxsize=1024)
def _london_chain(library: int, lands: int) -> tuple[tuple[str, float], ...]:
    return tuple(london_chain_exact(library, lands).items())


def london_chain(library: int, lands: int) -> dict[str, float]:
    """Exact chance to keep at 7, 6, 5 and 4 cards under the policy above (cached)."""
    return dict(_london_chain(library, lands))


def london_chain_exact(library: int, lands: int) -> dict[str, float]:
    """Exact chance to keep at 7, 6, 5 and 4 cards under the policy above."""
    dist = lands_in_opening(library, lands)
    keep_at = {
        size: sum((p for h, p in enumerate(dist) if keeps(lands_after_bottom(h, size), size)),
                  Fraction(0))
        for size in (7, 6, 5)
    }
    p7 = keep_at[7]
    p6 = (1 - p7) * keep_at[6]
    p5 = (1 - p7) * (1 - keep_at[6]) * keep_at[5]
    p4 = 1 - p7 - p6 - p5
    return {"7": float(p7), "6": float(p6), "5": float(p5), "4": float(p4)}
