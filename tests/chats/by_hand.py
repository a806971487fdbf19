"""Expected odds for the scripted chats, computed here with math.comb only (no project code).

Run ``python tests/chats/by_hand.py``; each line is a chat's expectation and the arithmetic
behind it. The YAML comments quote these lines.
"""

from fractions import Fraction
from itertools import product
from math import comb


def at_least_one(library: int, copies: int, seen: int) -> Fraction:
    return 1 - Fraction(comb(library - copies, seen), comb(library, seen))


def at_least(library: int, copies: int, seen: int, want: int) -> Fraction:
    return Fraction(sum(comb(copies, k) * comb(library - copies, seen - k) for k in range(want, min(copies, seen) + 1)),
                    comb(library, seen))


def all_of(library: int, groups: list[int], seen: int) -> Fraction:
    rest = library - sum(groups)
    total = 0
    for ks in product(*[range(1, g + 1) for g in groups]):
        if sum(ks) <= seen:
            ways = comb(rest, seen - sum(ks))
            for g, k in zip(groups, ks, strict=True):
                ways *= comb(g, k)
            total += ways
    return Fraction(total, comb(library, seen))


def lands_exactly(library: int, lands: int, counts: list[int]) -> Fraction:
    return Fraction(sum(comb(lands, k) * comb(library - lands, 7 - k) for k in counts), comb(library, 7))


def show(label: str, p: Fraction) -> None:
    print(f"{label}: {p} = {float(p):.6f} -> {float(p) * 100:.1f}%")


if __name__ == "__main__":
    show("4-of in a 60-card opener (7 seen)", at_least_one(60, 4, 7))
    show("3-of (Ragavan, Boros Energy) in a 60-card opener", at_least_one(60, 3, 7))
    show("4-of in a 59-card opener", at_least_one(59, 4, 7))
    show("4-of in a 59-card opener, mulligan to 6 (two looks)", 1 - (1 - at_least_one(59, 4, 7)) ** 2)
    show("4-of in a 60-card opener, mulligan to 6 (two looks)", 1 - (1 - at_least_one(60, 4, 7)) ** 2)
    show("4-of in a 60-card opener, mulligan to 5 (three looks)", 1 - (1 - at_least_one(60, 4, 7)) ** 3)
    show("4-of by turn 2 on the play, 59 cards (8 seen)", at_least_one(59, 4, 8))
    show("4-of by turn 2 on the play, 60 cards (8 seen)", at_least_one(60, 4, 8))
    show("4-of by turn 3 on the play, 60 cards (9 seen)", at_least_one(60, 4, 9))
    show("4-of by turn 3 on the draw, 60 cards (10 seen)", at_least_one(60, 4, 10))
    show("4-of by turn 4 on the draw, 60 cards (11 seen)", at_least_one(60, 4, 11))
    show("Tron 4/4/4 by turn 3 on the play, 59 cards (9 seen)", all_of(59, [4, 4, 4], 9))
    show("Tron 4/4/4 by turn 3 on the draw, 59 cards (10 seen)", all_of(59, [4, 4, 4], 10))
    show("Tron 4/4/4 by turn 4 on the play, 59 cards (10 seen)", all_of(59, [4, 4, 4], 10))
    show("Tron 4/4/4 in the opener, 59 cards", all_of(59, [4, 4, 4], 7))
    show("two 4-ofs both by turn 2 on the play, 60 (8 seen)", all_of(60, [4, 4], 8))
    show("two 4-ofs both in the opener, 60", all_of(60, [4, 4], 7))
    show("a 4-of and a 2-of both in the opener, 60", all_of(60, [4, 2], 7))
    show("3-of by turn 4 on the draw, 60 (11 seen)", at_least_one(60, 3, 11))
    show("any of 8 (two 4-ofs) in the opener, 60", at_least_one(60, 8, 7))
    show("any of 10 by turn 3 on the draw, 60 (10 seen)", at_least_one(60, 10, 10))
    show("any of 10 in the opener, 60", at_least_one(60, 10, 7))
    show("any of 6 by turn 3 on the play, 60 (9 seen)", at_least_one(60, 6, 9))
    show("at least 2 of a 4-of by turn 3 on the play, 60 (9 seen)", at_least(60, 4, 9, 2))
    show("20 lands / 60: exactly 2 or 3 lands in the opener", lands_exactly(60, 20, [2, 3]))
    show("23 lands / 60: exactly 3 lands in the opener", lands_exactly(60, 23, [3]))
    show("23 lands / 60: exactly 2 or 3 lands in the opener", lands_exactly(60, 23, [2, 3]))
    show("24 lands / 60: exactly 2, 3 or 4 lands in the opener", lands_exactly(60, 24, [2, 3, 4]))
    show("24 lands / 60: exactly 2 lands in the opener", lands_exactly(60, 24, [2]))
    show("20 lands / 60: at least 4 lands by turn 4 on the play (10 seen)", at_least(60, 20, 10, 4))
    show("23 lands / 60: at least 3 lands by turn 3 on the play (9 seen)", at_least(60, 23, 9, 3))
    show("24 lands / 60: at least 4 lands by turn 4 on the draw (11 seen)", at_least(60, 24, 11, 4))
