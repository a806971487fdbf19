"""First answers first: post-token work waits for turns still owing their first token."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from agent.events import Consensus, Token
from agent.priority import NO_TICKET, FirstAnswersFirst
from agent.runtime import Vawlrathh
from agent.settings import Settings
from tests.agent._agent_support import ScriptedProvider
from tests.agent._decks import IZZET


async def test_wait_returns_at_once_when_no_turn_is_waiting() -> None:
    gate = FirstAnswersFirst(max_wait_s=5)
    started = time.perf_counter()
    await gate.wait()
    assert time.perf_counter() - started < 0.5


async def test_wait_lasts_until_every_held_ticket_is_released() -> None:
    gate = FirstAnswersFirst(max_wait_s=5)
    first, second = gate.hold(), gate.hold()
    assert gate.waiting == 2
    waiter = asyncio.create_task(gate.wait())
    first.release()
    await asyncio.sleep(0.01)
    assert not waiter.done()
    second.release()
    await asyncio.wait_for(waiter, 1)
    assert gate.waiting == 0


async def test_release_is_idempotent_and_no_ticket_is_inert() -> None:
    gate = FirstAnswersFirst()
    ticket = gate.hold()
    ticket.release()
    ticket.release()
    assert gate.waiting == 0 and not ticket.held
    NO_TICKET.release()
    assert not NO_TICKET.held


async def test_wait_gives_up_after_max_wait_so_nothing_starves() -> None:
    gate = FirstAnswersFirst(max_wait_s=0.05)
    gate.hold()  # never released
    started = time.perf_counter()
    await gate.wait()
    assert 0.04 <= time.perf_counter() - started < 1


@pytest.fixture
async def agent(data_dir: Path):
    vaw = await Vawlrathh.open(Settings(VAWLRATHH_DATA_DIR=data_dir, VAWLRATHH_PROVIDER="offline"))
    vaw.trials = 2000
    yield vaw
    await vaw.close()


async def test_concurrent_offline_turns_all_send_a_token_before_any_consensus(agent: Vawlrathh) -> None:
    """Ten questions at once: every player sees words before anyone's second opinion runs."""
    order: list[tuple[str, int]] = []

    async def one(n: int) -> None:
        async for event in agent.run_turn(agent.new_thread_id(), "how many lands should I run?", deck=IZZET):
            if isinstance(event, Token | Consensus):
                order.append((event.type, n))

    await asyncio.gather(*(one(n) for n in range(10)))
    first_tokens = {n: i for i, (kind, n) in reversed(list(enumerate(order))) if kind == "token"}
    consensus_at = [i for i, (kind, _) in enumerate(order) if kind == "consensus"]
    assert len(first_tokens) == 10 and len(consensus_at) == 10
    assert max(first_tokens.values()) < min(consensus_at)
    assert agent.gate.waiting == 0


async def test_model_turns_do_not_hold_the_gate(agent: Vawlrathh) -> None:
    """A model turn waits on the network before its first token; it must not hold others back."""
    agent.provider_factory = lambda *a, **k: ScriptedProvider(answer=["Fine. ", "Cut nothing."])
    async for _ in agent.run_turn(agent.new_thread_id(), "hello there"):
        assert agent.gate.waiting == 0
