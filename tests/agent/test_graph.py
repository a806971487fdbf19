"""The turn graph offline, end to end on real Arena decks: every intent, steps, numbers, streaming."""

from __future__ import annotations

import math
import re
from typing import Any

import pytest
from langgraph.checkpoint.memory import InMemorySaver

from agent import persona
from agent.events import Consensus, Message, Step, Token
from agent.graph import build_graph
from agent.settings import Settings
from agent.state import Context
from arena.deck_service import DeckCache
from tests.agent._agent_support import Turn, collect
from tests.agent._decks import IZZET, IZZET_BROKEN, MONO_GREEN

ANALYZE_STEPS = [
    "Analyze the deck",
    "Check colored sources against Karsten",
    "Weigh the land count",
    "Read the curve",
    "Find cuts and adds",
]


class Harness:
    """One compiled graph over an in-memory checkpointer; turns run like the runtime runs them."""

    def __init__(self, catalog: Any, **context: Any):
        self.graph = build_graph(InMemorySaver())
        self.context = Context(catalog=catalog, settings=Settings(), cache=DeckCache(), trials=2000, **context)

    async def turn(self, text: str, *, deck: str | None = None, thread: str = "t1") -> Turn:
        self.context.thread_id = thread
        stream = self.graph.astream(
            {"question": text, "new_deck": deck}, {"configurable": {"thread_id": thread}},
            context=self.context, stream_mode="custom",
        )
        return await collect(stream)

    async def state(self, thread: str = "t1") -> dict[str, Any]:
        return (await self.graph.aget_state({"configurable": {"thread_id": thread}})).values


@pytest.fixture
def harness(catalog) -> Harness:
    return Harness(catalog)


def _p_at_least(deck: int, lands: int, seen: int, want: int) -> float:
    """Hypergeometric P(at least ``want`` lands in ``seen`` cards), computed independently."""
    hit = sum(math.comb(lands, k) * math.comb(deck - lands, seen - k) for k in range(want, min(lands, seen) + 1))
    return hit / math.comb(deck, seen)


def _steps_pair_up(turn: Turn) -> None:
    """Every step starts (running) before it ends (done/error), in plan order, with a duration."""
    steps = turn.of(Step)
    assert len(steps) % 2 == 0
    for start, end in zip(steps[::2], steps[1::2], strict=True):
        assert (start.id, start.title, start.status) == (end.id, end.title, "running") or start.status == "running"
        assert start.id == end.id and start.title == end.title
        assert start.status == "running" and end.status in ("done", "error")
        assert end.duration_ms is not None and end.duration_ms >= 0
    assert [s.id for s in steps[::2]] == [f"s{i}" for i in range(1, len(steps) // 2 + 1)]


async def test_analyze_turn_streams_steps_tokens_consensus_and_message(harness: Harness) -> None:
    turn = await harness.turn("analyze my deck", deck=IZZET)
    assert turn.step_titles == ANALYZE_STEPS
    _steps_pair_up(turn)
    assert all(s.status == "done" for s in turn.of(Step)[1::2])
    assert turn.tools == ["analyze_deck", "suggest_changes"]
    kinds = [type(e).__name__ for e in turn.events]
    assert kinds.index("Token") > max(i for i, k in enumerate(kinds) if k == "Step")
    assert kinds[-2:] == ["Consensus", "Message"]
    tokens = [t.text for t in turn.of(Token)]
    assert len(tokens) > 5 and max(map(len, tokens)) < len(turn.text) / 2  # clause by clause, not one lump
    assert turn.streamed == turn.text
    assert turn.verdict.verdict == "agree" and turn.verdict.reviewer == "deterministic"

    analysis = turn.facts["analysis"]
    assert analysis["main_count"] == 60 and analysis["lands"] == 24
    assert f"{analysis['main_count']} cards, {analysis['lands']} lands" in turn.text
    assert f"average mana value {analysis['average_mv']}" in turn.text
    land_check = turn.facts["land_check"]
    assert f"you run {land_check['current']}; the curve wants {land_check['recommended']}" in turn.text


async def test_mana_turn_reports_sources_and_karsten(harness: Harness) -> None:
    turn = await harness.turn("what's wrong with my mana?", deck=IZZET)
    assert turn.step_titles == ["Analyze the deck", "Check colored sources against Karsten", "Weigh the land count"]
    sources = turn.facts["analysis"]["sources"]
    assert f"blue {sources['U']}, red {sources['R']}" in turn.text
    for short in turn.facts["mana_check"]["short"]:
        assert f"**{short['card']}** wants {short['needed']}" in turn.text
        assert f"(short by {short['shortfall']})" in turn.text
    assert turn.verdict.verdict == "agree"


async def test_mono_green_deck_meets_karsten(harness: Harness) -> None:
    turn = await harness.turn("how many lands do I need and are my colors ok", deck=MONO_GREEN)
    check = turn.facts["mana_check"]
    assert check["sources"]["G"] == 24
    if not check["short"]:
        assert "Every color meets Karsten's numbers" in turn.text


async def test_odds_match_independent_hypergeometric(harness: Harness) -> None:
    await harness.turn("hi", deck=IZZET)
    turn = await harness.turn("what's the chance to hit my fourth land on turn 4?")
    odds = turn.facts["odds_answer"]
    expected = _p_at_least(60, 24, 10, 4)
    assert odds["probability"] == pytest.approx(expected, abs=1e-4)
    assert f"{expected * 100:.1f}%" in turn.text
    assert turn.step_titles == ["Analyze the deck", "Compute the odds"]
    assert turn.verdict.verdict == "agree"


async def test_odds_on_the_draw_and_hypothetical_deck_without_a_deck(harness: Harness) -> None:
    turn = await harness.turn("odds of 3 lands by turn 3 on the draw in a 40-card deck with 17 lands")
    odds = turn.facts["odds_answer"]
    assert (odds["deck_size"], odds["lands"], odds["cards_seen"], odds["on_play"]) == (40, 17, 10, False)
    assert f"{_p_at_least(40, 17, 10, 3) * 100:.1f}%" in turn.text


async def test_cast_on_curve_odds_for_a_card_of_the_deck(harness: Harness) -> None:
    turn = await harness.turn("what are the odds to cast crackling drake on curve", deck=IZZET)
    row = turn.facts["odds_answer"]
    assert row["card"] == "Crackling Drake"
    assert f"{row['probability'] * 100:.1f}%" in turn.text


async def test_card_lookup_with_a_misspelling(harness: Harness) -> None:
    turn = await harness.turn("what does lightnig bolt do?")
    assert turn.step_titles == ["Look up Lightning Bolt"]
    assert "**Lightning Bolt** {R}: Instant" in turn.text
    assert "deals 3 damage to any target" in turn.text
    assert turn.verdict.verdict == "agree"


async def test_compare_two_cards(harness: Harness) -> None:
    turn = await harness.turn("compare Opt and Divination")
    assert turn.step_titles == ["Compare Opt and Divination"]
    assert turn.facts["comparison"]["cheaper"] == "Opt"
    assert "**Opt** is cheaper by 2" in turn.text


async def test_legality_without_data_is_unknown_and_says_so_plainly(harness: Harness) -> None:
    turn = await harness.turn("is my deck legal in standard?", deck=IZZET)
    assert turn.step_titles == ["Analyze the deck", "Check legality"]
    assert turn.facts["legality_check"]["deck"] == turn.facts["analysis"]["legality"]["standard"]
    assert "Legality data isn't loaded yet" in turn.text
    assert "python" not in turn.text and "import-scryfall" not in turn.text  # never a command


async def test_archetype_and_curve(harness: Harness) -> None:
    turn = await harness.turn("what archetype is this deck?", deck=IZZET)
    arche = turn.facts["analysis"]["archetype"]
    assert arche["name"] in turn.text and turn.step_titles[-1] == "Name the archetype"
    curve = await harness.turn("show me my curve")
    check = curve.facts["curve_check"]
    assert f"peaks at mana value {check['peak_mv']} with {check['peak_count']} cards" in curve.text


async def test_suggestions_come_from_the_suggestion_engine(harness: Harness) -> None:
    turn = await harness.turn("what should I cut and what should I add?", deck=IZZET)
    assert turn.step_titles[-1] == "Find cuts and adds"
    suggestions = turn.facts["suggestions"]
    for add in suggestions.get("adds", [])[:4]:
        assert f"**{add['card']}**" in turn.text
    assert turn.verdict.verdict == "agree"


async def test_search_by_rules_text(harness: Harness) -> None:
    turn = await harness.turn("find cards that draw two cards")
    result = turn.facts["search"]
    assert result["total"] > 0 and f"{result['total']} cards match" in turn.text
    assert all(f"**{row['name']}**" in turn.text for row in result["cards"])


async def test_greeting_help_and_unknown_run_no_checks(harness: Harness) -> None:
    for text in ("hello", "what can you do?", "what's the weather in Paris?"):
        turn = await harness.turn(text)
        assert turn.of(Step) == []
        assert turn.verdict.verdict == "skipped" and turn.verdict.reviewer == "none"
    assert "OPENAI_API_KEY" in turn.text and "ANTHROPIC_API_KEY" in turn.text


async def test_deck_question_without_a_deck_says_how_to_attach(harness: Harness) -> None:
    turn = await harness.turn("what's wrong with my mana?")
    assert turn.of(Step) == []
    assert "Attach a deck" in turn.text


async def test_deck_that_does_not_parse_is_an_error_with_line_numbers(harness: Harness) -> None:
    turn = await harness.turn("analyze this", deck=IZZET_BROKEN)
    [error] = turn.errors
    assert error.code == "deck_parse_error"
    assert [p["line"] for p in error.details] == [9, 11]
    assert "Lightning Bolt" in error.details[0]["suggestions"]
    assert "line 9" in turn.text and "line 11" in turn.text and "**Lightning Bolt**" in turn.text
    assert (await harness.state())["deck_text"] is None  # a broken deck is never attached


async def test_broken_deck_keeps_the_previous_deck(harness: Harness) -> None:
    await harness.turn("analyze my deck", deck=IZZET)
    turn = await harness.turn("now this one", deck=IZZET_BROKEN)
    assert "I keep working with the deck you gave me before" in turn.text
    assert (await harness.state())["deck_text"] == IZZET


async def test_every_claim_in_every_offline_answer_verifies(harness: Harness, catalog) -> None:
    from agent.check import check_draft

    questions = [
        "analyze my deck", "what's wrong with my mana", "what should I cut", "show me my curve",
        "chance to hit my third land on turn 3", "what archetype is this", "compare Shock and Opt",
    ]
    await harness.turn("hi", deck=IZZET)
    for question in questions:
        turn = await harness.turn(question)
        state = await harness.state()
        report = check_draft(turn.text, {**state["facts"], **turn.facts}, catalog)
        assert report.ok, (question, report.notes())
        assert report.verified, question
        assert turn.verdict.badge == f"Fact check: {len(report.verified)} claim{'s' if len(report.verified) != 1 else ''} verified" \
            or len(report.verified) != turn.verdict.claims_verified


async def test_thread_state_keeps_messages_deck_and_facts(harness: Harness) -> None:
    await harness.turn("analyze my deck", deck=IZZET)
    await harness.turn("what's the chance to hit my second land on turn 2?")
    state = await harness.state()
    assert [m["role"] for m in state["messages"]] == ["user", "assistant"] * 2
    assert state["deck_text"] == IZZET
    assert {"analysis", "odds_answer", "suggestions"} <= set(state["facts"])
    await harness.turn("and this deck?", deck=MONO_GREEN)
    state = await harness.state()
    assert state["deck_text"] == MONO_GREEN
    assert "odds_answer" not in state["facts"]  # facts about the old deck are dropped with it


async def test_consensus_event_precedes_the_message(harness: Harness) -> None:
    turn = await harness.turn("analyze my deck", deck=MONO_GREEN)
    kinds = [type(e) for e in turn.events]
    assert kinds.index(Consensus) < kinds.index(Message)
    assert re.search(r"\d+ cards, \d+ lands", turn.text)


async def test_mulligan_odds_come_from_the_exact_opening_hand_figures(harness: Harness) -> None:
    turn = await harness.turn("how often do I have to mulligan?", deck=IZZET)
    assert turn.step_titles == ["Analyze the deck", "Compute the odds"]
    exact = turn.facts["odds_answer"]["exact"]
    assert f"You keep your seven {exact['keepable'] * 100:.1f}% of the time" in turn.text
    assert turn.verdict.verdict == "agree"


async def test_legality_problems_and_untracked_formats(harness: Harness) -> None:
    turn = await harness.turn("is my deck legal in brawl?", deck=IZZET)
    check = turn.facts["legality_check"]
    assert check["deck"] == "not_legal" and "brawl needs a commander" in check["problems"]
    assert "Your deck in brawl: not legal." in turn.text and "- brawl needs a commander" in turn.text
    other = await harness.turn("is it legal in modern?")
    assert other.facts["legality_check"]["tracked"] is False and "I don't track modern" in other.text


async def test_voice_varies_between_threads_but_replays_identically(catalog) -> None:
    texts = []
    for thread in ("t1", "t2", "t3", "t4", "t5"):
        texts.append((await Harness(catalog).turn("what's wrong with my mana?", deck=IZZET, thread=thread)).text)
    replay = (await Harness(catalog).turn("what's wrong with my mana?", deck=IZZET, thread="t1")).text
    assert replay == texts[0]
    assert len({t.split("\n")[0] for t in texts}) > 1  # openers differ; the numbers never do
    closers = tuple(c for c in persona._CLOSERS if c)

    def body(text: str) -> str:
        rest = text.split("\n\n", 1)[1]
        last = rest.rsplit("\n\n", 1)
        return last[0] if len(last) == 2 and last[1] in closers else rest

    assert len({body(t) for t in texts}) == 1
