"""Frank Karsten's colored-source tables: how many sources a cost needs to be cast on curve.

Source: Frank Karsten, "How Many Sources Do You Need to Consistently Cast Your Spells? A 2022
Update", ChannelFireball / TCGplayer Infinite, 2022-08-02 (the update of his 2018 "Guilds of
Ravnica Update"), summary table for 40-, 60-, 80- and 99-card decks. A cost "consistently"
casts when it is at least (89 + mana value)% likely to have its colored sources by the turn
equal to its mana value, on the play, given enough lands; the model assumes 17 / 25 / 35 / 41
lands, the London mulligan, and for 99 cards Commander's free mulligan and turn-one draw.

Keys are (generic mana, colored pips of one color): "2CC" is (2, 2).
"""

from __future__ import annotations

from typing import Final

_ROWS: Final = (
    # pattern, 60, 80, 99, 40   (the article's column order)
    ("5C", 9, 12, 14, 6),
    ("4C", 9, 14, 15, 6),
    ("3C", 10, 15, 16, 7),
    ("2C", 12, 16, 18, 8),
    ("5CC", 12, 17, 20, 8),
    ("1C", 13, 18, 19, 9),
    ("4CC", 13, 19, 22, 9),
    ("C", 14, 19, 19, 9),
    ("3CC", 15, 20, 23, 10),
    ("4CCC", 16, 22, 26, 10),
    ("2CC", 16, 23, 26, 11),
    ("3CCC", 17, 24, 28, 11),
    ("1CC", 18, 25, 28, 12),
    ("2CCC", 19, 26, 30, 13),
    ("CC", 21, 28, 30, 14),
    ("1CCC", 21, 29, 33, 14),
    ("1CCCC", 22, 31, 36, 15),
    ("CCC", 23, 32, 36, 16),
    ("CCCC", 24, 34, 39, 17),
)

TABLE_SIZES: Final = (40, 60, 80, 99)
# Land counts the tables assume, per table (Karsten's stated assumptions).
ASSUMED_LANDS: Final = {40: 17, 60: 25, 80: 35, 99: 41}
SOURCE = (
    'Frank Karsten, "How Many Sources Do You Need to Consistently Cast Your Spells? '
    'A 2022 Update" (TCGplayer Infinite, 2022)'
)


def pattern(generic: int, pips: int) -> str:
    """Karsten's name for a cost shape: (1, 2) is "1CC", (0, 1) is "C"."""
    return (str(generic) if generic else "") + "C" * pips


def _split(name: str) -> tuple[int, int]:
    pips = name.count("C")
    generic = int(name[:-pips]) if len(name) > pips else 0
    return generic, pips


TABLES: Final[dict[int, dict[tuple[int, int], int]]] = {size: {} for size in TABLE_SIZES}
for _name, _t60, _t80, _t99, _t40 in _ROWS:
    _key = _split(_name)
    TABLES[60][_key], TABLES[80][_key], TABLES[99][_key], TABLES[40][_key] = _t60, _t80, _t99, _t40


def table_size(library_size: int) -> int:
    """Which table fits a deck: ≤ 45 cards → 40 (Limited), ≥ 90 → 99 (Commander), 70-89 → 80
    (Yorion-sized), everything else → 60."""
    if library_size <= 45:
        return 40
    if library_size >= 90:
        return 99
    if library_size >= 70:
        return 80
    return 60


def sources_needed(size: int, generic: int, pips: int) -> tuple[int, bool]:
    """Sources of one color a cost needs in a deck using table ``size``, and whether the cost
    lies outside the table (then the nearest entry with as many pips and the most generic
    mana below it is used; more generic mana only lowers the need, so this errs safe)."""
    if pips <= 0:
        raise ValueError(f"a colored requirement needs at least one pip, got {pips}")
    table = TABLES[size]
    capped_pips = min(pips, 4)
    approximate = capped_pips != pips
    if (generic, capped_pips) in table:
        return table[(generic, capped_pips)], approximate
    below = [g for (g, p) in table if p == capped_pips and g <= generic]
    best = max(below) if below else min(g for (g, p) in table if p == capped_pips)
    return table[(best, capped_pips)], True
