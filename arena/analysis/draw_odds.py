"""Exact odds of drawing named cards: one card, any of a group, all pieces of a combo.

Players ask "odds i have ragavan in my opener", "chance i draw any of my 8 removal by turn 3",
"natural tron by turn 3 on the play", "chance my opener has 2 or 3 lands". Each is a
multivariate hypergeometric over the library: the cards asked about form groups, everything
else is the rest. Results are exact fractions (floats only at the edge), so tests can compare
them with hand arithmetic.

Mulligans: "with a mulligan to 6" means the player ships a hand without the card and looks at
a fresh seven (London mulligan: draw seven, bottom one), so the chance over ``k`` looks is
``1 - (1 - p)^k``. That model holds for the opening hand only (by turn T the bottomed card
changes the library), so a mulligan is refused for later turns rather than approximated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from itertools import product
from math import comb

from arena.analysis.odds import OPENING_HAND, cards_seen


class DrawOddsError(ValueError):
    """A draw-odds question that cannot be answered as asked (the message says why)."""


@dataclass(frozen=True, slots=True)
class Group:
    """Cards that count as one piece: ``copies`` in the library, ``need`` of them wanted."""

    label: str
    copies: int
    need: int = 1
    cards: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DrawOdds:
    """The answer to one draw question, with what it counted."""

    probability: Fraction
    library: int
    cards_seen: int
    groups: tuple[Group, ...]
    by_turn: int | None  # None: the opening hand
    on_play: bool
    mulligan_to: int | None = None
    looks: int = 1  # how many seven-card hands the mulligan allows
    single_hand: Fraction | None = None  # the one-hand chance when a mulligan was counted
    notes: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, object]:
        """JSON facts: the probability to 10 places (a percentage rounds once) and the exact fraction."""
        data: dict[str, object] = {
            "probability": round(float(self.probability), 10),
            "fraction": f"{self.probability.numerator}/{self.probability.denominator}",
            "library": self.library, "cards_seen": self.cards_seen,
            "groups": [{"label": g.label, "copies": g.copies, "need": g.need, "cards": list(g.cards)}
                       for g in self.groups],
            "by_turn": self.by_turn, "on_play": self.on_play, "opening_hand": self.by_turn is None,
        }
        if self.mulligan_to is not None:
            data.update(mulligan_to=self.mulligan_to, looks=self.looks,
                        single_hand=round(float(self.single_hand or 0), 10))
        return data


def seen_by(by_turn: int | None, *, on_play: bool) -> int:
    """Cards seen: seven in the opening hand, then one a turn (none on turn one on the play)."""
    if by_turn is None:
        return OPENING_HAND
    if by_turn < 1:
        raise DrawOddsError(f"the turn must be 1 or later, got {by_turn}")
    return cards_seen(by_turn, on_play=on_play)


def all_groups(library: int, groups: tuple[Group, ...], draws: int) -> Fraction:
    """P(at least ``need`` of every group among ``draws`` cards): multivariate hypergeometric."""
    if sum(g.copies for g in groups) > library:
        raise DrawOddsError(f"the groups hold more cards than the library ({library})")
    rest = library - sum(g.copies for g in groups)
    hits = 0
    ranges = [range(g.need, min(g.copies, draws) + 1) for g in groups]
    for ks in product(*ranges):
        taken = sum(ks)
        if taken > draws:
            continue
        ways = comb(rest, draws - taken)
        for g, k in zip(groups, ks, strict=True):
            ways *= comb(g.copies, k)
        hits += ways
    return Fraction(hits, comb(library, draws))


def draw_odds(library: int, groups: list[Group] | tuple[Group, ...], *, by_turn: int | None = None,
              on_play: bool = True, mulligan_to: int | None = None) -> DrawOdds:
    """Chance to have every group's ``need`` by ``by_turn`` (None: in the opening hand)."""
    groups = tuple(groups)
    if not groups:
        raise DrawOddsError("name at least one card")
    for g in groups:
        if g.copies < 0 or g.need < 1:
            raise DrawOddsError(f"{g.label}: copies must be 0 or more and need 1 or more")
    draws = seen_by(by_turn, on_play=on_play)
    if draws > library:
        raise DrawOddsError(f"that needs {draws} cards seen but the library has {library}")
    one = all_groups(library, groups, draws)
    looks = 1
    if mulligan_to is not None:
        if by_turn is not None:
            raise DrawOddsError("a mulligan is counted for the opening hand only")
        if not 1 <= mulligan_to <= OPENING_HAND - 1:
            raise DrawOddsError(f"a mulligan goes to 6 cards or fewer, not {mulligan_to}")
        looks = OPENING_HAND - mulligan_to + 1
    probability = 1 - (1 - one) ** looks
    return DrawOdds(probability, library, draws, groups, by_turn, on_play,
                    mulligan_to, looks, one if mulligan_to is not None else None)


def lands_in_hand(library: int, lands: int, counts: set[int] | frozenset[int]) -> Fraction:
    """P(the opening seven holds exactly one of ``counts`` lands), e.g. {2, 3}."""
    if not counts:
        raise DrawOddsError("name how many lands")
    if not 0 <= lands <= library:
        raise DrawOddsError(f"lands ({lands}) must be between 0 and the library ({library})")
    draws = min(OPENING_HAND, library)
    total = sum((comb(lands, k) * comb(library - lands, draws - k) for k in counts if 0 <= k <= draws), 0)
    return Fraction(total, comb(library, draws))
