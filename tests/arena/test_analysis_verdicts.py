"""Verdicts read the analysis' own numbers: soft needs are never shortfalls, ranges steer lands."""

from __future__ import annotations

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


def test_color_phrase() -> None:
    assert (color_phrase("R"), color_phrase("W/U"), color_phrase("C")) == ("red", "white or blue", "colorless")
