"""A chat whose connection drops mid-answer (its worker died): the UI's client resumes it once."""

from __future__ import annotations

import json
from typing import Any

import pytest
from websockets.asyncio.server import serve

from agent.events import Done, Message, Ready, Step, Token
from ui.client import ApiClient, StreamError

pytestmark = pytest.mark.timeout(60)


async def _serve(drops: int) -> tuple[Any, list[dict[str, Any]]]:
    """A /ws/chat stand-in whose first ``drops`` connections die after one token."""
    seen: list[dict[str, Any]] = []
    connections = 0

    async def handler(ws: Any) -> None:
        nonlocal connections
        connections += 1
        hello = json.loads(await ws.recv())
        seen.append(hello)
        await ws.send(Ready(thread_id=hello.get("thread_id") or "t-new", provider="offline", version="x").model_dump_json())
        message = json.loads(await ws.recv())
        seen.append(message)
        await ws.send(Token(text="Half an ").model_dump_json())
        if connections <= drops:
            ws.transport.abort()  # the worker died: no close frame, no done
            return
        await ws.send(Message(text="A whole answer.").model_dump_json())
        await ws.send(Done(elapsed_ms=1.0).model_dump_json())

    server = await serve(handler, "127.0.0.1", 0)
    return server, seen


async def test_a_dropped_stream_reconnects_once_to_the_same_thread_and_tells_the_player() -> None:
    server, seen = await _serve(drops=1)
    async with server:
        port = server.sockets[0].getsockname()[1]
        events = [e async for e in ApiClient(f"http://127.0.0.1:{port}").chat("How is my mana?")]
    kinds = [e.type for e in events]
    assert kinds[0] == "ready" and kinds.count("ready") == 1
    notice = next(e for e in events if isinstance(e, Step))
    assert "reconnected" in notice.title
    assert kinds[-2:] == ["message", "done"]
    hellos = [m for m in seen if m["type"] == "hello"]
    assert hellos[1]["thread_id"] == "t-new"  # the same thread, resumed
    assert [m["text"] for m in seen if m["type"] == "user_message"] == ["How is my mana?"] * 2


async def test_a_second_drop_is_reported_not_retried_for_ever() -> None:
    server, seen = await _serve(drops=5)
    async with server:
        port = server.sockets[0].getsockname()[1]
        with pytest.raises(StreamError):
            _ = [e async for e in ApiClient(f"http://127.0.0.1:{port}").chat("How is my mana?")]
    assert len([m for m in seen if m["type"] == "hello"]) == 2
