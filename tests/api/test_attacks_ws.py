"""Attacks on the WebSocket that once broke it, replayed against a real server on loopback.

Each test reproduces one finding of the attack run (issue 18) with a bounded number of
tries and a bounded wait, on the real agent (offline provider) and uvicorn run with the
options production uses (``api.serve.server_options``).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from tests.api.live import LiveServer, make_settings, recv_event, recv_until

pytestmark = pytest.mark.timeout(180)


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory, catalog_dir: Path) -> Iterator[LiveServer]:
    """The real agent behind uvicorn with production's options; a generous message budget."""
    from tests.api.conftest import _fresh_data_dir

    folder = _fresh_data_dir(tmp_path_factory.mktemp("attacks"), catalog_dir)
    settings = make_settings(folder, ws_rate_burst=1000, ws_rate_per_s=1000)
    with LiveServer(settings, production_options=True) as server:
        yield server


async def _send(ws: Any, event: dict[str, Any]) -> None:
    await ws.send(json.dumps(event))


async def _still_alive(ws: Any) -> None:
    await _send(ws, {"type": "ping"})
    assert await recv_event(ws, 10) == {"type": "pong"}


async def _held(live: LiveServer, wait_s: float = 10.0) -> frozenset[str]:
    """The thread claims the server still holds once every turn had ``wait_s`` to end."""
    claims = live.app.state.resources.threads
    for _ in range(int(wait_s / 0.05)):
        if not claims.held:
            break
        await asyncio.sleep(0.05)
    held: frozenset[str] = claims.held
    return held


# ---- 1. a turn cancelled before it starts ------------------------------------------------

async def test_cancel_right_behind_the_message_always_ends_in_done_and_frees_the_thread(live: LiveServer) -> None:
    async with connect(live.ws_url) as ws:
        ready = await recv_event(ws)
        for attempt in range(20):
            # Sent back to back: the cancel reaches the server before the turn's first step.
            await _send(ws, {"type": "user_message", "text": f"How is my mana? ({attempt})"})
            await _send(ws, {"type": "cancel"})
            events = await recv_until(ws, "done", 15)
            assert [e for e in events if e["type"] == "error"] == [], events
        # The connection takes the next turn and runs it to the end.
        await _send(ws, {"type": "user_message", "text": "What is my curve?"})
        events = await recv_until(ws, "done", 30)
        assert [e["type"] for e in events].count("message") == 1
    assert await _held(live) == frozenset()
    async with httpx.AsyncClient(base_url=live.url, timeout=30) as client:
        assert (await client.delete(f"/api/v1/threads/{ready['thread_id']}")).status_code in (200, 204)


async def test_fifty_clients_that_send_and_close_at_once_leave_no_thread_locked(live: LiveServer) -> None:
    async def send_and_close(i: int) -> str:
        async with connect(live.ws_url) as ws:
            ready = await recv_event(ws)
            await _send(ws, {"type": "user_message", "text": f"How many lands? {i}"})
        thread_id: str = ready["thread_id"]
        return thread_id

    threads = await asyncio.gather(*(send_and_close(i) for i in range(50)))
    assert await _held(live) == frozenset()
    async with httpx.AsyncClient(base_url=live.url, timeout=60) as client:
        for thread_id in threads[:5]:
            answer = await client.post("/api/v1/chat", json={"text": "And now?", "thread_id": thread_id})
            assert answer.status_code == 200, answer.text
        for thread_id in threads[5:10]:
            assert (await client.delete(f"/api/v1/threads/{thread_id}")).status_code in (200, 204, 404)


# ---- 2. deeply nested JSON ------------------------------------------------------------------

@pytest.mark.parametrize("first", [True, False], ids=["first-frame", "after-ready"])
async def test_deeply_nested_json_is_an_error_not_a_closed_socket(live: LiveServer, first: bool) -> None:
    nested = "[" * 1000 + "]" * 1000  # about 2 KB
    nested_object = '{"type": "user_message", "text": ' + "{\"a\": " * 1000 + "1" + "}" * 1000 + "}"
    async with connect(live.ws_url) as ws:
        if not first:
            assert (await recv_event(ws))["type"] == "ready"
        await ws.send(nested)
        events = [await recv_event(ws, 10)]
        if first:
            assert events[0]["type"] == "ready"  # ready stays the first event a client sees
            events = [await recv_event(ws, 10)]
        assert events[0]["type"] == "error" and events[0]["code"] == "invalid_json", events
        assert "nest" in events[0]["message"]
        await ws.send(nested_object)
        error = await recv_event(ws, 10)
        assert error["type"] == "error" and error["code"] in ("invalid_json", "invalid_message"), error
        await _still_alive(ws)


# ---- 3. a frame far over the limit is refused before it is buffered -----------------------

async def test_a_frame_far_over_the_limit_closes_with_1009_and_one_just_over_gets_an_error(live: LiveServer) -> None:
    limit = live.settings.ws_max_message_bytes
    async with connect(live.ws_url, max_size=None) as ws:
        await recv_event(ws)
        await _send(ws, {"type": "user_message", "text": "x" * (limit + 100)})
        error = await recv_event(ws, 10)
        assert error["code"] == "message_too_large"
        await _still_alive(ws)
    async with connect(live.ws_url, max_size=None) as ws:
        await recv_event(ws)
        with pytest.raises(ConnectionClosed) as closed:
            await ws.send("x" * (4 * 1024 * 1024))
            await asyncio.wait_for(ws.recv(), 10)
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 1009


# ---- 7. a lone surrogate in the text -----------------------------------------------------------

async def test_a_lone_surrogate_in_the_text_is_answered_not_an_internal_error(live: LiveServer) -> None:
    raw = '{"type": "user_message", "text": "How many lands should I run? \\ud800"}'
    async with connect(live.ws_url) as ws:
        await recv_event(ws)
        await ws.send(raw)
        events = await recv_until(ws, "done", 30)
    codes = [e["code"] for e in events if e["type"] == "error"]
    assert "internal_error" not in codes, events
    assert "message" in [e["type"] for e in events] or codes == ["invalid_message"], events
    async with httpx.AsyncClient(base_url=live.url, timeout=60) as client:
        answer = await client.post("/api/v1/chat", content=raw.replace('"type": "user_message", ', ""),
                                   headers={"content-type": "application/json"})
    assert answer.status_code in (200, 422), answer.text
    if answer.status_code == 422:
        assert answer.json()["error"]["code"] == "validation_error"
