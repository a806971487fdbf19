"""Meta and matchup routing, the meta tools' edges, and the fact check's source-and-date rule."""

from __future__ import annotations

import pytest

from agent.check import check_draft
from agent.intents import classify
from agent.intents_meta import classify_meta
from agent.meta_check import unsourced_meta_figures
from agent.tools import Toolbox, ToolError
from arena.catalog import Catalog
from arena.deck_service import DeckCache


@pytest.mark.parametrize(("text", "name", "fmt", "query"), [
    ("what's the best deck in standard right now?", "meta", "standard", None),
    ("What is the modern metagame like?", "meta", "modern", None),
    ("tier list for arena ladder", "meta", "standard", None),
    ("how do I beat mono red?", "matchup", None, "mono red"),
    ("How can I beat Izzet Prowess in standard?", "matchup", "standard", "izzet prowess"),
    ("what should I sideboard against control?", "matchup", None, "control"),
    ("sideboard plan vs Boros Energy in modern", "matchup", "modern", "boros energy"),
    ("is my deck good against the izzet decks?", "matchup", None, "izzet"),
    ("Dimir Excruciator matchup", "matchup", None, "dimir excruciator"),
    ("is this deck any good against mono red?", "matchup", None, "mono red"),
    ("how does this list fare into azorius control", "matchup", None, "azorius control"),
    ("is it good against the meta?", "meta", None, None),
])
def test_meta_questions_route(text: str, name: str, fmt: str | None, query: str | None) -> None:
    intent = classify_meta(text, has_deck=False)
    assert intent is not None and intent.name == name and intent.format == fmt
    if query is not None:
        assert intent.query == query


@pytest.mark.parametrize("text", [
    "what should I cut?", "how many lands should I run", "what does lightning bolt do",
    "how do I beat it?", "what should i play instead of shock", "review my deck",
])
def test_deck_and_card_questions_are_not_meta(text: str) -> None:
    assert classify_meta(text, has_deck=True) is None


def test_classify_sends_meta_questions_to_the_meta_intents(catalog: Catalog) -> None:
    assert classify("what's the best deck in standard right now?", catalog, has_deck=False).name == "meta"
    assert classify("how do I beat izzet prowess?", catalog, has_deck=True).name == "matchup"
    assert classify("what does lightning bolt do?", catalog, has_deck=False).name == "card"


async def test_meta_tools_without_research_and_with_bad_arguments(catalog: Catalog) -> None:
    box = Toolbox(catalog, DeckCache(), deck_text=None)
    research = await box.run("research_meta", {"query": "standard metagame"})
    assert research["configured"] == [] and research["summary"] == "no live search service is set up"
    with pytest.raises(ToolError, match="needs a non-empty query"):
        await box.run("research_meta", {"query": "  "})
    with pytest.raises(ToolError, match="over 300 characters"):
        await box.run("research_meta", {"query": "x" * 301})
    with pytest.raises(ToolError, match="matchup needs opponent"):
        await box.run("matchup", {})
    with pytest.raises(ToolError, match="format must be text"):
        await box.run("meta_snapshot", {"format": 3})
    meta = await box.run("meta_snapshot", {})
    assert meta["format"] == "standard" and meta["format_assumed"] is True


SHARES = {"meta": {"shares": [{"source": "mtgtop8, 2-week window", "percent": 26.0}], "decks": []}}


def test_a_share_needs_its_source_and_date() -> None:
    assert unsourced_meta_figures("Izzet Aggro is about 26% of Standard.", SHARES) == ["26%"]
    assert unsourced_meta_figures("Izzet Aggro is about 26% (mtgtop8).", SHARES) == ["26%"]  # no date
    assert unsourced_meta_figures("mtgtop8 (June 2026):\n- Izzet Aggro: about 26%", SHARES) == []
    research = {"research": {"results": [{"sources": [{"url": "https://www.mtggoldfish.com/metagame/standard"}]}]}}
    assert unsourced_meta_figures("Prowess wins 55% (https://www.mtggoldfish.com/x, 2026-11-30).", research) == []
    assert unsourced_meta_figures("Prowess is tier 1 with a 55% win rate.", research) == ["tier 1", "55%", "win rate"]
    assert unsourced_meta_figures("You hit 45.3% of the time.", {"odds_answer": {}}) == []  # not a meta turn


def test_the_consensus_review_rejects_an_unsourced_meta_number(catalog: Catalog) -> None:
    facts = {**SHARES, "meta": {**SHARES["meta"], "shares": [{"source": "mtgtop8", "percent": 26, "date_label": "June 2026"}]}}
    bad = check_draft("UR Aggro holds 26% of the meta.", facts, catalog)
    assert not bad.ok and "'26%' is quoted without its source and date" in " ".join(bad.notes())
    good = check_draft("UR Aggro holds 26% of the meta (mtgtop8, June 2026).", facts, catalog)
    assert not good.wrong, good.notes()


def test_match_meta_takes_a_question_object_for_add_matcher() -> None:
    from types import SimpleNamespace

    from agent.intents_meta import match_meta

    question = SimpleNamespace(raw="How do I beat Boros Energy in modern?", text="how do i beat boros energy in modern?",
                               has_deck=True)
    intent = match_meta(question)
    assert intent is not None and (intent.name, intent.query, intent.format) == ("matchup", "boros energy", "modern")
    assert match_meta(SimpleNamespace(raw="", text="what should I cut?", has_deck=True)) is None
