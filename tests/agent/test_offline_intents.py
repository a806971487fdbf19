"""Offline understanding: every intent, card names in free text, odds parameters, formats."""

from __future__ import annotations

import pytest

from agent.intents import INTENTS, Intent, classify
from agent.offline import plan_for


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("hello", "greeting"),
        ("Hey there!", "greeting"),
        ("thanks!", "greeting"),
        ("what can you do?", "help"),
        ("help", "help"),
        ("analyze my deck", "analyze"),
        ("What's wrong with my deck?", "analyze"),
        ("what's wrong with my mana?", "mana"),
        ("How many lands should I run?", "mana"),
        ("which colors are short of sources", "mana"),
        ("karsten shortfalls please", "mana"),
        ("what should I cut?", "suggest"),
        ("what should I add to this deck", "suggest"),
        ("what does lightning bolt do", "card"),
        ("tell me about llanowar elfs", "card"),
        ("compare Shock and lighting bolt", "compare"),
        ("Opt vs Consider", "compare"),
        ("chance to hit my fourth land on turn 4", "odds"),
        ("odds of 3 lands by turn 3", "odds"),
        ("how often will I mulligan this deck?", "odds"),
        ("is my deck legal in standard?", "legality"),
        ("can I play this in historic", "legality"),
        ("what archetype is this deck", "archetype"),
        ("what kind of deck is this", "archetype"),
        ("show me my curve", "curve"),
        ("find cards that draw two cards", "search"),
        ("what's the weather in Paris", "unknown"),
    ],
)
def test_each_intent(catalog, text: str, intent: str) -> None:
    assert classify(text, catalog, has_deck=True).name == intent


def test_names_in_free_text_even_misspelled(catalog) -> None:
    assert classify("what does lightnig bolt do?", catalog, has_deck=False).cards == ["Lightning Bolt"]
    assert classify("compare Shock and lighting bolt", catalog, has_deck=False).cards == ["Shock", "Lightning Bolt"]


def test_short_names_asked_about_directly(catalog) -> None:
    for text in ("what does opt do?", "tell me about Shock", "what is Negate?"):
        intent = classify(text, catalog, has_deck=False)
        assert intent.name == "card" and len(intent.cards) == 1, text


@pytest.mark.parametrize(
    ("text", "want", "by_turn", "on_play"),
    [
        ("chance to hit my fourth land on turn 4", 4, 4, True),
        ("odds of 3 lands by turn 3", 3, 3, True),
        ("probability of making my land drop on turn 5 on the draw", 5, 5, False),
        ("what are the odds of 2 lands in my opening hand", 2, 1, True),
        ("probability of drawing 2 lands in my opening 7", 2, 1, True),
        ("chance to hit my 5th land", 5, 5, True),
    ],
)
def test_odds_parameters(catalog, text: str, want: int, by_turn: int, on_play: bool) -> None:
    intent = classify(text, catalog, has_deck=True)
    assert (intent.name, intent.want, intent.by_turn, intent.on_play) == ("odds", want, by_turn, on_play)


def test_odds_about_a_hypothetical_deck(catalog) -> None:
    intent = classify("in a 40-card deck with 17 lands, odds of 3 lands by turn 3?", catalog, has_deck=False)
    assert (intent.deck_size, intent.lands, intent.want, intent.by_turn) == (40, 17, 3, 3)
    steps = plan_for(intent, has_deck=False)
    assert [s.tool for s in steps] == ["mana_odds"]


def test_formats_are_recognised(catalog) -> None:
    assert classify("is it legal in historic brawl", catalog, has_deck=True).format == "historicbrawl"
    assert classify("legal in explorer?", catalog, has_deck=True).format == "explorer"


def test_empty_question_with_a_deck_means_analyze(catalog) -> None:
    assert classify("", catalog, has_deck=True).name == "analyze"
    assert classify("  ", catalog, has_deck=False).name == "help"


def test_deck_questions_without_a_deck_plan_nothing(catalog) -> None:
    for name in ("analyze", "mana", "curve", "suggest", "archetype"):
        assert plan_for(Intent(name), has_deck=False) == []


def test_intent_round_trips_through_json_state() -> None:
    intent = Intent("odds", cards=["Opt"], want=3, by_turn=3, on_play=False)
    assert Intent.from_dict(intent.to_dict()) == intent
    assert intent.name in INTENTS
