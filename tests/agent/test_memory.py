"""Thread memory: SQLite checkpoints survive a restart, threads stay apart, deletion is real."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

from agent.memory import THREADS_FILENAME
from agent.runtime import Vawlrathh
from agent.settings import Settings
from tests.agent._agent_support import collect
from tests.agent._decks import IZZET, MONO_GREEN


def _settings(data_dir: Path) -> Settings:
    return Settings(VAWLRATHH_DATA_DIR=data_dir)


async def test_restart_keeps_messages_and_deck(data_dir: Path) -> None:
    agent = await Vawlrathh.open(_settings(data_dir))
    thread = agent.new_thread_id()
    first = await collect(agent.run_turn(thread, "analyze my deck", deck=IZZET))
    await agent.close()
    assert (data_dir / THREADS_FILENAME).is_file()

    again = await Vawlrathh.open(_settings(data_dir))
    try:
        assert await again.thread_deck(thread) == IZZET
        said, answered = await again.thread_messages(thread)
        assert said == {"role": "user", "text": "analyze my deck"}
        assert (answered["role"], answered["text"], answered["answered_by"]) == ("assistant", first.text, "offline")
        # What the player saw around the answer survives the restart, for a reload of the page.
        assert [s["title"] for s in answered["steps"]][:1] == ["Analyze the deck"]
        assert answered["verdict"]["verdict"] == first.verdict.verdict
        follow = await collect(again.run_turn(thread, "what's the chance to hit my third land on turn 3?"))
        assert follow.facts["odds_answer"]["lands"] == 24  # the stored deck, no deck sent this turn
        assert len(await again.thread_messages(thread)) == 4
    finally:
        await again.close()


async def test_two_threads_in_parallel_stay_apart(data_dir: Path) -> None:
    agent = await Vawlrathh.open(_settings(data_dir))
    try:
        izzet, green = agent.new_thread_id(), agent.new_thread_id()
        a, b = await asyncio.gather(
            collect(agent.run_turn(izzet, "what's wrong with my mana?", deck=IZZET)),
            collect(agent.run_turn(green, "what's wrong with my mana?", deck=MONO_GREEN)),
        )
        assert "blue" in a.text and "blue" not in b.text
        assert a.facts["analysis"]["colors"] == "UR" and b.facts["analysis"]["colors"] == "G"
        a2, b2 = await asyncio.gather(
            collect(agent.run_turn(izzet, "what archetype is this?")),
            collect(agent.run_turn(green, "what archetype is this?")),
        )
        assert a2.facts["archetype_check"]["name"] == a.facts["analysis"]["archetype"]["name"]
        assert b2.facts["archetype_check"]["name"] == b.facts["analysis"]["archetype"]["name"]
        assert await agent.thread_deck(izzet) == IZZET and await agent.thread_deck(green) == MONO_GREEN
        texts = {m["text"] for m in await agent.thread_messages(izzet)}
        assert not texts & {m["text"] for m in await agent.thread_messages(green) if m["role"] == "assistant"}
    finally:
        await agent.close()


async def test_turns_on_one_thread_are_serialised(data_dir: Path) -> None:
    agent = await Vawlrathh.open(_settings(data_dir))
    try:
        thread = agent.new_thread_id()
        await asyncio.gather(*(collect(agent.run_turn(thread, q)) for q in ("hello", "what can you do?", "help")))
        roles = [m["role"] for m in await agent.thread_messages(thread)]
        assert roles == ["user", "assistant"] * 3
    finally:
        await agent.close()


async def test_delete_thread_removes_its_checkpoints(data_dir: Path) -> None:
    agent = await Vawlrathh.open(_settings(data_dir))
    try:
        keep, gone = agent.new_thread_id(), agent.new_thread_id()
        await collect(agent.run_turn(keep, "hello"))
        await collect(agent.run_turn(gone, "analyze my deck", deck=IZZET))
        assert await agent.delete_thread(gone) is True
        assert await agent.delete_thread(gone) is False
        assert await agent.thread_messages(gone) == [] and await agent.thread_deck(gone) is None
        assert len(await agent.thread_messages(keep)) == 2
    finally:
        await agent.close()
    with sqlite3.connect(data_dir / THREADS_FILENAME) as db:
        rows = {r[0] for r in db.execute("SELECT DISTINCT thread_id FROM checkpoints")}
        writes = {r[0] for r in db.execute("SELECT DISTINCT thread_id FROM writes")}
    assert gone not in rows | writes and keep in rows


async def test_unknown_thread_is_empty(data_dir: Path) -> None:
    agent = await Vawlrathh.open(_settings(data_dir))
    try:
        assert await agent.thread_messages("t-never") == []
        assert await agent.thread_deck("t-never") is None
    finally:
        await agent.close()
