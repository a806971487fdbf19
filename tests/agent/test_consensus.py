"""Deterministic consensus checks: numbers against facts, card names, additions in colors."""

from __future__ import annotations

from agent import consensus
from agent.nodes import strip_claims

FACTS = {
    "analysis": {
        "main_count": 60,
        "lands": 24,
        "average_mv": 2.43,
        "colors": "UR",
        "curve": {"1": 12, "2": 10, "7+": 0},
        "odds": {"land_drops": {"4": 0.4532}},
        "land_recommendation": {"reason": "19.59 + 1.90 x 2.43 = 24.21"},
    },
    "cards": {"Lightning Bolt": {"oracle_text": "Lightning Bolt deals 3 damage to any target."}},
}


def test_fact_numbers_flatten_values_keys_and_strings() -> None:
    numbers = consensus.fact_numbers(FACTS)
    assert {60.0, 24.0, 2.43, 0.4532, 12.0, 1.0, 2.0, 4.0, 7.0, 3.0, 19.59, 24.21} <= numbers
    assert all(isinstance(n, float) for n in numbers)


def test_probability_forms_all_match() -> None:
    for text in ("45.3%", "45%", "0.45", "0.4532", "45.32%"):
        bad, checked = consensus.check_numbers(f"You hit it {text} of the time.", FACTS)
        assert checked == 1 and bad == [], text


def test_wrong_numbers_are_reported_as_written() -> None:
    bad, checked = consensus.check_numbers("You run 23 lands and hit 47% of the time.", FACTS)
    assert checked == 2
    assert bad == ["23", "47%"]


def test_list_numbering_mana_costs_and_bold_names_are_not_claims() -> None:
    draft = "1. **Fire // Ice** costs {1}{R}.\n2. Then 60 cards.\n3) **Tamiyo's Safekeeping**"
    bad, checked = consensus.check_numbers(draft, FACTS)
    assert bad == [] and checked == 1  # only the 60


def test_unknown_bold_name_fails_and_known_passes(catalog) -> None:
    bad, checked = consensus.check_cards("Play **Lightning Bolt** and **Lightning Blast Supreme**.", catalog)
    assert checked == 2
    assert bad == ["Lightning Blast Supreme"]


def test_bold_emphasis_that_is_not_a_name_is_ignored(catalog) -> None:
    bad, checked = consensus.check_cards("This is **not** fine. **Verdict:** bad.", catalog)
    assert (bad, checked) == ([], 0)


def test_quoted_title_case_names_are_checked(catalog) -> None:
    bad, _ = consensus.check_cards('Try "Llanowar Elves" and "Grizzly Wizard Kingpin".', catalog)
    assert bad == ["Grizzly Wizard Kingpin"]


def test_suggested_additions_follow_add_verbs() -> None:
    draft = "Cut **Opt** for **Spirebluff Canal**.\n- Add 2 **Negate**: counters.\n**Shock** deals 2 damage."
    assert consensus.suggested_additions(draft) == ["Spirebluff Canal", "Negate"]


def test_additions_outside_the_deck_colors_fail(catalog) -> None:
    draft = "Add **Llanowar Elves** and **Negate**."
    bad, checked = consensus.check_additions(draft, catalog, deck_colors=["U", "R"])
    assert checked == 2
    assert [name for name, _ in bad] == ["Llanowar Elves"]
    assert "outside the deck's" in bad[0][1]


def test_additions_already_in_the_deck_are_not_additions(catalog) -> None:
    bad, checked = consensus.check_additions("Add **Forest**.", catalog, deck_colors=["G"], deck_cards=["Forest"])
    assert (bad, checked) == ([], 0)


def test_deck_colors_read_from_string_list_or_archetype() -> None:
    assert consensus.deck_colors_of({"colors": "UR"}) == ["U", "R"]
    assert consensus.deck_colors_of({"colors": ["G"]}) == ["G"]
    assert consensus.deck_colors_of({"archetype": {"colors": "WB"}}) == ["W", "B"]
    assert consensus.deck_colors_of(None) is None


def test_review_collects_every_failure(catalog) -> None:
    draft = "You run 23 lands. Add **Llanowar Elves**. **Bolt of Doom** is great."
    review = consensus.review(draft, FACTS, catalog)
    assert not review.ok
    assert review.bad_numbers == ["23"]
    assert review.bad_cards == ["Bolt of Doom"]
    assert review.bad_additions == ["Llanowar Elves"]
    assert len(review.notes) == 3


def test_strip_claims_removes_only_the_rejected_sentences(catalog) -> None:
    draft = "Your deck has 60 cards. You run 23 lands.\n- Add **Llanowar Elves**: ramp.\n- Keep **Opt**."
    review = consensus.review(draft, FACTS, catalog)
    repaired = strip_claims(draft, review)
    assert repaired == "Your deck has 60 cards.\n- Keep **Opt**."
    assert consensus.review(repaired, FACTS, catalog).ok


def test_thousands_separators_read_the_same_in_facts_and_draft() -> None:
    facts = {"deck_error": {"message": "the file has 6,161 lines; the limit is 2,000"}}
    bad, checked = consensus.check_numbers("6,161 lines is over the 2,000 limit.", facts)
    assert (bad, checked) == ([], 2)


def test_quoted_player_input_in_code_spans_is_not_a_card_claim(catalog) -> None:
    draft = 'line 4: unknown card (`1 "Battle for Baldur\'s Gate Tokens"`).\n> "Serra Angel Token" text'
    assert consensus.check_cards(draft, catalog) == ([], 0)
