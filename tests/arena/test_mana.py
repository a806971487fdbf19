"""Every mana-cost rule the analysis depends on (CR 202.3), plus bad input."""

from __future__ import annotations

import math

import pytest

from arena.mana import (
    ManaCostError,
    color_requirements,
    cost_colors,
    has_variable,
    mana_value,
    mana_value_int,
    parse_cost,
    pips,
)


@pytest.mark.parametrize(
    ("cost", "symbols"),
    [
        ("{2}{W}{U}", ["2", "W", "U"]),
        ("{X}{R}", ["X", "R"]),
        ("{w/u}{2/b}", ["W/U", "2/B"]),
        ("{G/W/P}", ["G/W/P"]),
        ("", []),
        (None, []),
        ("{10}", ["10"]),
    ],
)
def test_parse_cost_splits_symbols(cost: str | None, symbols: list[str]) -> None:
    assert parse_cost(cost) == symbols


@pytest.mark.parametrize(
    ("cost", "value"),
    [
        ("{2}{W}{W}", 4),
        ("{X}", 0),
        ("{X}{X}{R}", 1),
        ("{X}{Y}{Z}{G}", 1),
        ("{W/U}", 1),
        ("{W/U}{W/U}{W/U}", 3),
        ("{2/W}", 2),
        ("{2/W}{2/U}{2/B}", 6),
        ("{W/P}", 1),
        ("{1}{G/W/P}", 2),
        ("{C}", 1),
        ("{C}{C}{4}", 6),
        ("{S}{S}", 2),
        ("{C/W}", 1),
        ("{0}", 0),
        ("", 0),
        ("{16}", 16),
        ("{1000000}", 1000000),
    ],
)
def test_mana_value(cost: str, value: int) -> None:
    assert mana_value(cost) == value
    assert isinstance(mana_value(cost), int)


def test_half_mana_counts_half_and_rounds_down_for_the_card_model() -> None:
    assert mana_value("{HW}") == 0.5
    assert mana_value("{1}{HR}") == 1.5
    assert mana_value_int("{1}{HR}") == 1
    assert cost_colors("{HW}") == ("W",)


def test_infinite_mana_is_infinite_but_refused_as_int() -> None:
    assert mana_value("{∞}") == math.inf
    with pytest.raises(ManaCostError, match="infinite"):
        mana_value_int("{∞}")


@pytest.mark.parametrize(
    ("cost", "colors"),
    [
        ("{U}{W}", ("W", "U")),  # WUBRG order, not cost order
        ("{G}{R}{B}{U}{W}", ("W", "U", "B", "R", "G")),
        ("{2/W}", ("W",)),
        ("{R/G}", ("R", "G")),
        ("{G/U/P}", ("U", "G")),
        ("{C}{3}", ()),
        ("{X}", ()),
        ("", ()),
    ],
)
def test_cost_colors(cost: str, colors: tuple[str, ...]) -> None:
    assert cost_colors(cost) == colors


def test_pips_count_every_colored_symbol_and_hybrid_for_each_color() -> None:
    assert pips("{1}{W/U}{U}") == {"W": 1, "U": 2, "B": 0, "R": 0, "G": 0}
    assert pips("{B}{B}{B}") == {"W": 0, "U": 0, "B": 3, "R": 0, "G": 0}
    assert pips("{2/W}{W/P}")["W"] == 2
    assert pips("") == {"W": 0, "U": 0, "B": 0, "R": 0, "G": 0}


def test_color_requirements_skip_symbols_payable_without_the_color() -> None:
    assert color_requirements("{1}{W/U}{U}") == {"W": 1, "U": 2}
    assert color_requirements("{W/P}{2/U}{C/B}{R}") == {"R": 1}
    assert color_requirements("{3}") == {}


def test_has_variable() -> None:
    assert has_variable("{X}{R}")
    assert has_variable("{Y}")
    assert not has_variable("{2}{R}")
    assert not has_variable(None)


@pytest.mark.parametrize("cost", ["2WW", "{2}W", "{Q}", "{W/}", "{2/2}", "{W", "{}"])
def test_bad_costs_raise_with_the_cost_in_the_message(cost: str) -> None:
    with pytest.raises(ManaCostError) as err:
        mana_value(cost)
    assert repr(cost) in str(err.value)
