"""The fact check claim by claim: each claim bound to its own fact, words that change meaning."""

from __future__ import annotations

from typing import Any

import pytest

from agent.check import check_draft
from agent.check.verify import close
from agent.nodes import badge, strip_claims
from arena.analysis.odds import land_odds

FACTS: dict[str, Any] = {
    "analysis": {
        "main_count": 60, "deck_size": 60, "lands": 24, "nonland": 36, "average_mv": 2.43, "colors": "UR",
        "curve": {"0": 0, "1": 22, "2": 10, "3": 4, "4": 0, "5": 0, "6": 0, "7+": 0, "X": {}},
        "sources": {"W": 0, "U": 16, "B": 0, "R": 14, "G": 0},
        "untapped_sources": {"W": 0, "U": 12, "B": 0, "R": 10, "G": 0},
        "requirements": [
            {"card": "Counterspell", "color": "U", "needed": 18, "have": 16, "shortfall": 2},
            {"card": "Lightning Bolt", "color": "R", "needed": 14, "have": 14, "shortfall": 0},
        ],
        "land_recommendation": {"recommended": 24, "current": 24, "reason": "19.59 + 1.90 × 2.43 = 24.21"},
        "archetype": {"name": "Izzet", "colors": "UR", "style": "tempo"},
    },
    "suggestions": {"cuts": [{"card": "Opt", "count": 1, "reason": "too many cantrips for a tempo deck"}],
                    "adds": [{"card": "Negate", "count": 2, "reason": "answers to noncreature spells"}]},
}
DECK = [("Opt", 1), ("Counterspell", 4), ("Lightning Bolt", 4), ("Island", 10), ("Mountain", 8)]


def check(draft: str, catalog: Any, facts: dict[str, Any] = FACTS) -> Any:
    return check_draft(draft, facts, catalog, deck_cards=DECK)


def statuses(report: Any) -> list[tuple[str, str]]:
    return [(c.kind, c.status) for c in report.claims if c.kind != "card"]


def test_a_land_count_equal_to_another_fact_is_wrong(catalog) -> None:
    report = check("You run 22 lands.", catalog)  # 22 is the count of one-drops
    assert statuses(report) == [("lands", "wrong")]
    assert "24" in report.wrong[0].reason
    assert check("You run 24 lands.", catalog).ok


def test_odds_bind_to_turn_want_and_side(catalog) -> None:
    play = land_odds(60, 24, 4, 4, True)
    draw = land_odds(60, 24, 4, 4, False)
    assert check(f"You hit your fourth land by turn 4 on the play {play * 100:.1f}% of the time.", catalog).ok
    assert check(f"On the draw you have at least 4 lands by turn 4 {draw * 100:.0f}% of the time.", catalog).ok
    swapped = check(f"On the draw you have at least 4 lands by turn 4 {play * 100:.1f}% of the time.", catalog)
    assert [c.status for c in swapped.claims] == ["wrong"]
    assert "on the play" in swapped.wrong[0].reason


def test_rounding_tolerance_is_half_the_last_written_digit(catalog) -> None:
    assert close(45.3, 1, 0.4532, percent=True) and close(45, 0, 0.4532, percent=True)
    assert not close(45.4, 1, 0.4532, percent=True) and not close(46, 0, 0.4532, percent=True)
    assert check("Average mana value 2.4.", catalog).ok
    assert not check("Average mana value 2.5.", catalog).ok


def test_sources_and_requirements_bind_to_their_color_and_card(catalog) -> None:
    assert check("Colored sources: blue 16, red 14.", catalog).ok
    assert statuses(check("Colored sources: blue 14, red 16.", catalog)) == [("sources", "wrong"), ("sources", "wrong")]
    assert check("**Counterspell** wants 18 blue sources, you have 16 (short by 2).", catalog).ok
    wrong = check("**Counterspell** wants 14 blue sources.", catalog)  # 14 is red's count
    assert statuses(wrong) == [("needed", "wrong")]


def test_short_and_fine_are_checked(catalog) -> None:
    assert check("Blue is short.", catalog).ok
    assert statuses(check("Red is short.", catalog)) == [("color_state", "wrong")]
    assert statuses(check("Every color meets Karsten's numbers.", catalog)) == [("all_colors_fine", "wrong")]


def test_cut_and_add_against_suggestions_and_copies(catalog) -> None:
    assert check("Cut 1 **Opt** and add 2 **Negate**.", catalog).ok
    assert statuses(check("Cut 4 **Opt**.", catalog)) == [("change", "wrong")]  # the deck has 1
    assert statuses(check("Add **Opt**.", catalog)) == [("change", "wrong")]  # the facts say cut
    assert statuses(check("Cut 2 **Negate**.", catalog)) == [("change", "wrong")]  # not in the deck


def test_additions_outside_the_colors_are_wrong_hybrid_counts_either(catalog) -> None:
    report = check("Add 2 **Llanowar Elves**.", catalog)
    assert statuses(report) == [("change", "wrong")] and "outside the deck's colors" in report.wrong[0].reason
    assert check("Add 1 **Expansion // Explosion**.", catalog).ok  # {U/R}{U/R}
    mono_red = {"analysis": {**FACTS["analysis"], "colors": "R"}}
    assert check_draft("Add 1 **Boros Reckoner**.", mono_red, catalog).ok  # {R/W}{R/W}{R/W}
    assert not check_draft("Add 1 **Negate**.", mono_red, catalog).ok


def test_card_names_in_plain_text_are_found_and_made_up_ones_caught(catalog) -> None:
    report = check("Add 2 Negate for the control matchup.", catalog)
    assert report.ok and [c.args["card"].name for c in report.claims if c.kind == "card"] == ["Negate"]
    made_up = check("Add 2 Glimmerfang Sovereign for more reach.", catalog)
    assert [c.status for c in made_up.claims if c.kind == "change"] == ["wrong"]
    bold = check("**Lightning Blast Supreme** is great.", catalog)
    assert [(c.kind, c.status) for c in bold.claims] == [("card", "wrong")]


def test_guild_and_color_names_are_checked_not_against_opponents(catalog) -> None:
    assert check("Your Izzet deck is fine.", catalog).ok
    assert statuses(check("Your Golgari deck is fine.", catalog)) == [("identity", "wrong")]
    assert check("It beats Golgari decks in the meta.", catalog).ok


def test_unbound_numbers_are_unverifiable_not_verified(catalog) -> None:
    report = check("You will win 3 more games a week.", catalog)
    assert [c.status for c in report.claims] == ["unverifiable"]
    assert not report.ok and not report.wrong


def test_quoted_fact_strings_verify_as_quotes(catalog) -> None:
    report = check("How I counted: 19.59 + 1.90 × 2.43 = 24.21", catalog)
    assert report.ok and [c.kind for c in report.claims] == ["quote"]


def test_list_numbering_mana_symbols_and_code_are_not_claims(catalog) -> None:
    report = check("1. **Lightning Bolt** costs {R}.\n2. line `4 Shock (M21) 159` is yours.", catalog)
    assert [c.kind for c in report.claims] == ["card"] and report.ok


def test_strip_claims_removes_only_the_wrong_sentences(catalog) -> None:
    draft = "Your deck has 60 cards. You run 22 lands.\n- Add 2 **Llanowar Elves**: ramp.\n- Cut 1 **Opt**."
    report = check(draft, catalog)
    repaired = strip_claims(draft, report)
    assert repaired == "Your deck has 60 cards.\n- Cut 1 **Opt**."
    assert check(repaired, catalog).ok


@pytest.mark.parametrize(
    ("verdict", "judge", "expected"),
    [("agree", False, "Fact check: 3 claims verified"), ("agree", True, "Fact check + Claude: agree"),
     ("revised", False, "Revised after the fact check")],
)
def test_badges_name_what_checked(catalog, verdict: str, judge: bool, expected: str) -> None:
    report = check("You run 24 lands. Colored sources: blue 16.", catalog)
    assert len(report.verified) == 2
    report.claims.append(report.claims[0])
    assert badge(verdict, report, judge_ran=judge) == expected


def test_flagged_badge_counts_what_failed(catalog) -> None:
    assert badge("flagged", check("You will win 3 more games.", catalog), judge_ran=False) == "Flagged: 1 claim could not be verified"
    assert badge("flagged", check("You run 22 lands.", catalog), judge_ran=False) == "Flagged: 1 claim is wrong"
