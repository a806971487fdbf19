"""Karsten's tables as published, the table choice by deck size, and out-of-table costs."""

from __future__ import annotations

import pytest

from arena.analysis.karsten import TABLES, pattern, sources_needed, table_size

# The 60-card table from DESIGN.md, every entry.
DESIGN_60 = {
    "C": 14, "1C": 13, "2C": 12, "3C": 10, "4C": 9, "5C": 9,
    "CC": 21, "1CC": 18, "2CC": 16, "3CC": 15, "4CC": 13, "5CC": 12,
    "CCC": 23, "1CCC": 21, "2CCC": 19, "3CCC": 17, "4CCC": 16,
    "CCCC": 24, "1CCCC": 22,
}


def _key(name: str) -> tuple[int, int]:
    pips = name.count("C")
    return (int(name[:-pips]) if len(name) > pips else 0, pips)


@pytest.mark.parametrize(("name", "needed"), sorted(DESIGN_60.items()))
def test_sixty_card_table_matches_the_design(name: str, needed: int) -> None:
    assert TABLES[60][_key(name)] == needed
    assert pattern(*_key(name)) == name


def test_the_tables_cover_the_same_costs() -> None:
    assert set(TABLES[40]) == set(TABLES[60]) == set(TABLES[80]) == set(TABLES[99]) == {
        _key(n) for n in DESIGN_60
    }


@pytest.mark.parametrize(
    ("size", "name", "needed"),
    [
        (40, "C", 9), (40, "CC", 14), (40, "1CC", 12), (40, "CCC", 16), (40, "CCCC", 17), (40, "5C", 6),
        (99, "C", 19), (99, "1C", 19), (99, "CC", 30), (99, "1CC", 28), (99, "CCCC", 39), (99, "5C", 14),
        (80, "C", 19), (80, "2CC", 23), (80, "CCCC", 34),
    ],
)
def test_limited_commander_and_80_card_entries(size: int, name: str, needed: int) -> None:
    assert TABLES[size][_key(name)] == needed


def test_more_pips_never_need_fewer_sources() -> None:
    for table in TABLES.values():
        for generic in range(0, 2):
            row = [table[(generic, p)] for p in range(1, 5)]
            assert row == sorted(row)


@pytest.mark.parametrize(
    ("cards", "size"), [(40, 40), (45, 40), (46, 60), (60, 60), (69, 60), (70, 80), (80, 80), (89, 80), (90, 99), (99, 99), (250, 99)]
)
def test_table_size_by_library(cards: int, size: int) -> None:
    assert table_size(cards) == size


def test_costs_beyond_the_table_use_the_nearest_entry_and_say_so() -> None:
    assert sources_needed(60, 1, 2) == (18, False)
    # {7}{G}{G}: 7 generic and 2 pips is past 5CC; 5CC's 12 is used.
    assert sources_needed(60, 7, 2) == (12, True)
    # {2}{G}{G}{G}{G}: 2CCCC is past 1CCCC.
    assert sources_needed(60, 2, 4) == (22, True)
    # Five pips: capped at four.
    assert sources_needed(60, 0, 5) == (24, True)
    with pytest.raises(ValueError, match="pip"):
        sources_needed(60, 1, 0)
