"""MCP under ``python -m api --workers 2``: stateless, so any worker answers any request."""

from __future__ import annotations

import asyncio
import re
from contextlib import AsyncExitStack
from typing import Any

import httpx
import pytest
from mcp import Client

from tests.agent._decks import IZZET, MONO_GREEN
from tests.api.test_workers import _established_per_process, _workers_of
from tests.api.test_workers import (
    two_workers as two_workers,  # the fixture: python -m api --workers 2
)

pytestmark = [pytest.mark.timeout(300), pytest.mark.slow]

CLIENTS = 10


@pytest.mark.usefixtures("two_workers")
def test_mcp_clients_spread_over_two_workers_and_threads_follow_them(request: pytest.FixtureRequest) -> None:
    base, _, proc = request.getfixturevalue("two_workers")
    url, port = f"{base}/mcp/", int(base.rsplit(":", 1)[1])

    async def run() -> tuple[dict[int, int], list[Any], list[Any]]:
        async with AsyncExitStack() as stack:
            clients = [await stack.enter_async_context(Client(url)) for _ in range(CLIENTS)]
            listed = await asyncio.gather(*(c.list_tools() for c in clients))
            assert all(len(r.tools) == len(listed[0].tools) for r in listed)
            spread = _established_per_process(port, _workers_of(proc.pid))
            decks = [IZZET if i % 2 else MONO_GREEN for i in range(CLIENTS)]
            analyses = await asyncio.gather(*(c.call_tool("analyze_deck", {"deck": d}) for c, d in zip(clients, decks, strict=True)))
            firsts = await asyncio.gather(*(c.call_tool("chat", {"message": "How many lands are in my deck?", "deck": d})
                                            for c, d in zip(clients, decks, strict=True)))
        # The follow-ups come on new connections, so some land on the other worker: the thread
        # (checkpoints in SQLite) and its deck must be there all the same.
        async def follow(first: Any) -> Any:
            async with Client(url) as client:
                return await client.call_tool("chat", {"message": "What should I cut?",
                                                       "thread_id": first.structured_content["thread_id"]})

        follows = await asyncio.gather(*(follow(f) for f in firsts))
        return spread, list(zip(decks, analyses, firsts, strict=True)), follows

    spread, turns, follows = asyncio.run(run())
    assert sum(spread.values()) >= CLIENTS and min(spread.values()) >= 1, spread
    for deck, analysis, first in turns:
        assert not analysis.is_error and not first.is_error
        expected = (60, 24) if deck is IZZET else (analysis.structured_content["main_count"], analysis.structured_content["lands"])
        assert (analysis.structured_content["main_count"], analysis.structured_content["lands"]) == expected
        assert first.structured_content["facts"]["analysis"]["lands"] == expected[1]
        assert str(expected[1]) in first.structured_content["answer"]
    for first, follow in zip((t[2] for t in turns), follows, strict=True):
        assert not follow.is_error and follow.structured_content["thread_id"] == first.structured_content["thread_id"]
        assert "suggestions" in follow.structured_content["facts"]
    metrics = httpx.get(f"{base}/metrics", timeout=10).text
    done = re.search(r'^vawlrathh_turns_total\{outcome="completed",transport="mcp"\} (\S+)$', metrics, re.M)
    assert done is not None and float(done.group(1)) == 2 * CLIENTS
