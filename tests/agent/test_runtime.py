"""The Vawlrathh runtime contract: events end with done, errors, cancellation, readiness, providers."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from agent.events import Done, Error, Message, ProviderKeys, Step, Token, parse_server_event
from agent.runtime import Vawlrathh
from agent.settings import Settings
from tests.agent._agent_support import ScriptedProvider, collect
from tests.agent._decks import IZZET, IZZET_BROKEN


@pytest.fixture
async def agent(data_dir: Path):
    vaw = await Vawlrathh.open(Settings(VAWLRATHH_DATA_DIR=data_dir))
    yield vaw
    await vaw.close()


async def test_a_turn_ends_with_done_and_events_round_trip_the_schema(agent: Vawlrathh) -> None:
    turn = await collect(agent.run_turn(agent.new_thread_id(), "analyze my deck", deck=IZZET))
    assert isinstance(turn.events[-1], Done) and turn.events[-1].elapsed_ms > 0
    assert sum(isinstance(e, Done) for e in turn.events) == 1
    assert [type(e).__name__ for e in turn.events if e.type in ("ready", "pong")] == []
    for event in turn.events:
        assert parse_server_event(event.model_dump_json()) == event


async def test_deck_parse_error_event_and_an_answer_in_voice(agent: Vawlrathh) -> None:
    turn = await collect(agent.run_turn(agent.new_thread_id(), "analyze this", deck=IZZET_BROKEN))
    [error] = turn.errors
    assert error.code == "deck_parse_error"
    assert {p["line"] for p in error.details} == {9, 11}
    assert all({"line", "text", "reason", "suggestions"} <= set(p) for p in error.details)
    assert "line 9" in turn.text and isinstance(turn.events[-1], Done)
    assert turn.verdict.verdict == "skipped" and turn.verdict.badge is None  # nothing about a deck to check


async def test_invalid_input_is_an_error_then_done(agent: Vawlrathh) -> None:
    turn = await collect(agent.run_turn("", "hello"))
    assert [type(e) for e in turn.events] == [Error, Done]
    assert turn.events[0].code == "invalid_thread_id"
    long = await collect(agent.run_turn("t-1", "x" * 20_001))
    assert long.events[0].code == "message_too_long" and "20000" in long.events[0].message


async def test_cancelled_turn_leaves_the_thread_as_it_was(agent: Vawlrathh) -> None:
    thread = agent.new_thread_id()
    await collect(agent.run_turn(thread, "analyze my deck", deck=IZZET))
    before = await agent.thread_messages(thread)
    first_token = asyncio.Event()

    async def consume() -> None:
        async for event in agent.run_turn(thread, "what should I cut?"):
            if isinstance(event, Token):
                first_token.set()
                await asyncio.sleep(10)  # a slow client; the cancel lands here

    task = asyncio.create_task(consume())
    await asyncio.wait_for(first_token.wait(), 30)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert await agent.thread_messages(thread) == before
    assert await agent.thread_deck(thread) == IZZET
    after = await collect(agent.run_turn(thread, "what's wrong with my mana?"))
    assert after.step_titles[0] == "Analyze the deck" and isinstance(after.events[-1], Done)
    messages = await agent.thread_messages(thread)
    assert [m["text"] for m in messages[-2:]] == ["what's wrong with my mana?", after.text]
    assert len(messages) == len(before) + 2


async def test_closing_the_generator_early_also_cancels_cleanly(agent: Vawlrathh) -> None:
    thread = agent.new_thread_id()
    stream = agent.run_turn(thread, "analyze my deck", deck=IZZET)
    async for event in stream:
        if isinstance(event, Step):
            break
    await stream.aclose()
    assert await agent.thread_messages(thread) == []
    assert await agent.thread_deck(thread) is None  # the deck attaches only when a turn completes
    turn = await collect(agent.run_turn(thread, "hello"))
    assert isinstance(turn.events[-1], Done) and len(await agent.thread_messages(thread)) == 2


async def test_provider_failure_falls_back_and_the_client_is_closed(agent: Vawlrathh) -> None:
    made: list[ScriptedProvider] = []

    def factory(settings: Settings, keys: Any = None, model: Any = None) -> ScriptedProvider:
        made.append(ScriptedProvider(name="anthropic", fail_plan="timeout"))
        return made[-1]

    agent.provider_factory = factory
    turn = await collect(agent.run_turn(agent.new_thread_id(), "what's wrong with my mana?", deck=IZZET))
    assert turn.text.startswith("(anthropic timed out; answered offline.)")
    assert made[0].closed


async def test_unexpected_failure_is_an_error_event_then_done(agent: Vawlrathh) -> None:
    def factory(settings: Settings, keys: Any = None, model: Any = None) -> None:
        raise RuntimeError("boom")

    agent.provider_factory = factory
    turn = await collect(agent.run_turn(agent.new_thread_id(), "hello"))
    assert [type(e) for e in turn.events] == [Error, Done]
    assert turn.events[0].code == "internal_error" and "RuntimeError" in turn.events[0].message


async def test_provider_name_follows_keys(agent: Vawlrathh) -> None:
    assert agent.provider_name() == "offline"
    assert agent.provider_name(ProviderKeys(openai="sk-test")) == "openai"
    assert agent.provider_name(ProviderKeys(anthropic="sk-ant-test")) == "anthropic"
    assert agent.provider_name(ProviderKeys(openai_base_url="http://127.0.0.1:9/v1")) == "openai-compatible"


async def test_readiness_reports_ok_and_reasons(agent: Vawlrathh) -> None:
    assert await agent.readiness() == {"catalog": "ok", "checkpointer": "ok"}

    class BrokenCatalog:
        def info(self) -> Any:
            raise OSError("disk gone")

    real = agent.catalog
    agent.catalog = BrokenCatalog()
    try:
        ready = await agent.readiness()
    finally:
        agent.catalog = real
    assert ready["catalog"] == "catalog unavailable: OSError: disk gone" and ready["checkpointer"] == "ok"


async def test_a_catalog_passed_in_is_used_and_left_open(tmp_path: Path, catalog) -> None:
    agent = await Vawlrathh.open(Settings(VAWLRATHH_DATA_DIR=tmp_path / "fresh"), catalog=catalog)
    try:
        assert agent.catalog is catalog
        turn = await collect(agent.run_turn(agent.new_thread_id(), "what does opt do?"))
        assert isinstance(turn.events[-2], Message) and "**Opt**" in turn.text
    finally:
        await agent.close()
    assert catalog.get("Opt") is not None  # a catalog passed in is not closed by the agent


async def test_oversized_deck_is_refused_with_its_limit(agent: Vawlrathh) -> None:
    huge = "Deck\n" + "\n".join("1 Island" for _ in range(2500))
    turn = await collect(agent.run_turn(agent.new_thread_id(), "analyze", deck=huge))
    [error] = turn.errors
    assert error.code == "deck_too_large" and "2000" in error.message.replace(",", "")
    assert isinstance(turn.events[-1], Done) and turn.text  # Vawlrathh still answers


async def test_model_tokens_reach_the_consumer_while_the_model_is_still_writing(agent: Vawlrathh) -> None:
    release = asyncio.Event()

    class Gated(ScriptedProvider):
        async def stream_answer(self, system, history, facts_json, tools, on_tool):  # type: ignore[no-untyped-def,override]
            yield "First words. "
            await release.wait()  # the rest only comes once the consumer has seen the first delta
            yield "You run 24 lands."

    agent.provider_factory = lambda settings, keys=None, model=None: Gated(steps=[])

    async def consume() -> list[Any]:
        seen = []
        async for event in agent.run_turn(agent.new_thread_id(), "lands?", deck=IZZET):
            seen.append(event)
            if isinstance(event, Token):
                release.set()
        return seen

    events = await asyncio.wait_for(consume(), 60)
    assert [e.text for e in events if isinstance(e, Token)] == ["First words. ", "You run 24 lands."]


async def test_offline_tokens_are_sent_as_each_piece_is_written(agent: Vawlrathh, monkeypatch) -> None:
    from agent import offline_writer

    log: list[str] = []
    real_writer = offline_writer._WRITERS["analyze"]

    def spying_writer(*args: Any, **kwargs: Any):  # type: ignore[no-untyped-def]
        for piece in real_writer(*args, **kwargs):
            log.append("written")
            yield piece

    monkeypatch.setitem(offline_writer._WRITERS, "analyze", spying_writer)
    async for event in agent.run_turn(agent.new_thread_id(), "analyze my deck", deck=IZZET):
        if isinstance(event, Token):
            log.append("received")
    first_received, last_written = log.index("received"), len(log) - 1 - log[::-1].index("written")
    assert first_received < last_written  # the player reads the start before the end is composed


async def test_the_warm_up_turn_leaves_no_thread_behind(agent: Vawlrathh) -> None:
    import sqlite3

    await agent.warmed()
    with sqlite3.connect(agent.memory.path) as conn:
        assert conn.execute("SELECT count(*) FROM checkpoints").fetchone() == (0,)
    turn = await collect(agent.run_turn(agent.new_thread_id(), "how many lands should I run?", deck=IZZET))
    assert turn.text and isinstance(turn.events[-1], Done)
