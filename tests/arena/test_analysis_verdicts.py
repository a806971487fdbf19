"""Verdicts read the analysis' own numbers: soft needs are never shortfalls, ranges steer lands."""

from __future__ import annotations

import pytest

from arena.analysis.verdicts import color_phrase, land_verdict, mana_verdict


def test_mana_verdict_reports_hard_shortfalls_only() -> None:
    analysis = {
        "sources": {"R": 13, "U": 15},
        "pips": {"R": 10, "U": 12},
        "color_summary": {"U": {"needed": 21, "have": 15, "shortfall": 6, "card": "Jace", "turn": 4}},
        "requirements": [
            {"card": "Jace", "color": "U", "needed": 21, "have": 15, "shortfall": 6, "turn": 4, "soft": False},
            # A reactive one-drop: soft, so its shortfall is 0 and short_by carries the advice.
            {"card": "Shock", "color": "R", "needed": 14, "have": 13, "shortfall": 0, "short_by": 1,
             "turn": 1, "soft": True},
        ],
    }
    verdict = mana_verdict(analysis)
    assert [(w["color"], w["shortfall"]) for w in verdict["short"]] == [("U", 6)]
    shock = next(w for w in verdict["fine"] if w["color"] == "R")
    assert shock["untapped_only"] is False and shock["all_sources"] == 13
    assert verdict["summary"] == "blue short by 6"


def test_land_verdict_follows_the_range_when_the_formula_does_not_apply() -> None:
    within = {"lands": 15, "land_recommendation": {
        "recommended": 15, "current": 15, "effective": 15.76, "applies": False,
        "range": {"low": 15, "high": 17, "basis": "Living End"}}}
    assert land_verdict(within)["direction"] == "keep"
    below = {"lands": 12, "land_recommendation": {
        "recommended": 15, "current": 12, "effective": 12.0, "applies": False,
        "range": {"low": 15, "high": 17, "basis": "Living End"}}}
    assert (land_verdict(below)["direction"], land_verdict(below)["difference"]) == ("add", 3)
    formula = {"lands": 20, "land_recommendation": {"recommended": 23, "current": 20, "effective": 20.0}}
    assert (land_verdict(formula)["direction"], land_verdict(formula)["difference"]) == ("add", 3)


@pytest.mark.parametrize(("recommended", "effective", "direction", "difference", "lean"), [
    (24.97, 24.0, "keep", 0, None),   # under a land off: close enough
    (25.9, 24.0, "keep", 0, "low"),   # 1.9 short: inside the 2.5 margin, said as "low side"
    (22.1, 24.0, "keep", 0, "high"),
    (26.6, 24.0, "add", 3, None),     # 2.6 short: outside the margin, round(2.6) = 3
    (21.4, 24.0, "cut", 3, None),
])
def test_land_verdict_keeps_counts_inside_the_margin_the_suggestions_use(
        recommended: float, effective: float, direction: str, difference: int, lean: str | None) -> None:
    rec = {"recommended": recommended, "current": 24, "effective": effective}
    verdict = land_verdict({"lands": 24, "land_recommendation": rec})
    assert (verdict["direction"], verdict["difference"], verdict["lean"]) == (direction, difference, lean)


def test_color_phrase() -> None:
    assert (color_phrase("R"), color_phrase("W/U"), color_phrase("C")) == ("red", "white or blue", "colorless")


def test_a_partial_list_gets_no_land_count_advice() -> None:
    # 4 Monastery Swiftspear and 20 Mountain: the formula says 9 lands for these 24 cards, while
    # the suggestions grow the list to 60 with lands first. "Cut 11" would contradict them.
    analysis = {"lands": 20, "main_count": 24, "deck_size": 24, "minimum_size": 60,
                "land_recommendation": {"recommended": 9, "current": 20, "effective": 20.0, "exact": 9.3}}
    verdict = land_verdict(analysis)
    assert (verdict["direction"], verdict["recommended"], verdict["difference"]) == ("incomplete", None, None)


def test_a_commander_deck_of_99_and_its_commander_is_whole() -> None:
    analysis = {"lands": 37, "main_count": 99, "deck_size": 100, "minimum_size": 100,
                "land_recommendation": {"recommended": 38, "current": 37, "effective": 37.0, "exact": 38.2}}
    assert land_verdict(analysis)["direction"] == "keep"
