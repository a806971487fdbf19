"""The WebSocket transport against a scripted runtime: every bad input, cancel, pacing, isolation.

The runtime here streams a known answer at a known pace, so "mid-turn" is certain; the
real agent's turn is exercised in test_ws_chat.py.
"""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.frames import Frame, Opcode

from tests.api.live import LiveServer, make_settings, recv_event, recv_until
from tests.api.scripted import ANSWER, ScriptedRuntime

pytestmark = pytest.mark.timeout(120)


@pytest.fixture(scope="module")
def paced(tmp_path_factory: pytest.TempPathFactory, catalog_dir: Path) -> Iterator[LiveServer]:
    """A server whose turns stream one word every 50 ms (about 0.4 s a turn)."""
    from tests.api.conftest import _fresh_data_dir

    folder = _fresh_data_dir(tmp_path_factory.mktemp("ws"), catalog_dir)
    settings = make_settings(folder, ws_rate_burst=1000)  # these tests send fast on purpose
    with LiveServer(settings, open_runtime=ScriptedRuntime.opener(delay=0.05)) as live:
        yield live


def _runtime(live: LiveServer) -> ScriptedRuntime:
    runtime = live.app.state.resources.runtime
    assert isinstance(runtime, ScriptedRuntime)
    return runtime


async def _send(ws: Any, event: dict[str, Any]) -> None:
    await ws.send(json.dumps(event))


async def _expect_error(ws: Any, code: str) -> dict[str, Any]:
    event = await recv_event(ws)
    assert event["type"] == "error", event
    assert event["code"] == code, event
    assert event["message"], "every error says what went wrong"
    return event


async def _still_alive(ws: Any) -> None:
    await _send(ws, {"type": "ping"})
    assert await recv_event(ws) == {"type": "pong"}


async def test_ready_on_connect_then_a_whole_turn(paced: LiveServer) -> None:
    async with connect(paced.ws_url) as ws:
        ready = await recv_event(ws)
        assert ready["type"] == "ready" and ready["provider"] == "offline" and ready["version"]
        await _send(ws, {"type": "user_message", "text": "How is my mana?"})
        events = await recv_until(ws, "done")
    kinds = [e["type"] for e in events]
    assert kinds[:3] == ["step", "tool", "step"]
    assert kinds[-3:] == ["consensus", "message", "done"]
    assert "".join(e["text"] for e in events if e["type"] == "token").strip() == ANSWER
    assert events[-2]["text"] == ANSWER


async def test_every_bad_input_gets_an_error_and_the_connection_lives(paced: LiveServer) -> None:
    async with connect(paced.ws_url) as ws:
        await recv_event(ws)  # ready
        cases: list[tuple[str | bytes, str]] = [
            ("this is not json{", "invalid_json"),
            ("[1, 2, 3]", "invalid_json"),
            (b"\xff\xfe\x00garbage", "invalid_json"),
            (json.dumps({"type": "shout", "text": "hi"}), "unknown_type"),
            (json.dumps({"text": "no type at all"}), "invalid_message"),
            (json.dumps({"type": "user_message"}), "invalid_message"),
            (json.dumps({"type": "user_message", "text": "hi", "colour": "red"}), "invalid_message"),
            (json.dumps({"type": "user_message", "text": "   "}), "invalid_message"),
            (json.dumps({"type": "hello", "thread_id": "no spaces allowed"}), "invalid_message"),
            (json.dumps({"type": "user_message", "text": "x" * 70_000}), "message_too_large"),
            (json.dumps({"type": "user_message", "text": "hi", "deck_id": "0" * 32}), "deck_not_found"),
            (json.dumps({"type": "user_message", "text": "hi", "deck": "1 Shock", "deck_id": "0" * 32}), "invalid_message"),
            (json.dumps({"type": "cancel"}), "nothing_to_cancel"),
        ]
        for raw, code in cases:
            await ws.send(raw)
            error = await _expect_error(ws, code)
            await _still_alive(ws)
        # The missing field is named, so a client author can fix the message.
        await _send(ws, {"type": "user_message"})
        assert "text" in (await _expect_error(ws, "invalid_message"))["message"]
        assert error["type"] == "error"


async def test_second_message_hello_and_ping_during_a_turn(paced: LiveServer) -> None:
    async with connect(paced.ws_url) as ws:
        await recv_event(ws)
        await _send(ws, {"type": "user_message", "text": "first"})
        await _send(ws, {"type": "user_message", "text": "second"})
        await _send(ws, {"type": "hello", "thread_id": "t-elsewhere"})
        await _send(ws, {"type": "ping"})
        events = await recv_until(ws, "done")
    errors = [e for e in events if e["type"] == "error"]
    assert [e["code"] for e in errors] == ["turn_in_progress", "turn_in_progress"]
    kinds = [e["type"] for e in events]
    # The pong is answered by the reader while the turn streams, before the turn ends.
    assert kinds.index("pong") < kinds.index("message")
    assert kinds.count("message") == 1


async def test_cancel_stops_the_turn_then_done_and_the_thread_goes_on(paced: LiveServer) -> None:
    runtime = _runtime(paced)
    before = runtime.cancelled
    async with connect(paced.ws_url) as ws:
        ready = await recv_event(ws)
        await _send(ws, {"type": "user_message", "text": "a long question"})
        await recv_until(ws, "token")
        await _send(ws, {"type": "cancel"})
        rest = await recv_until(ws, "done")
        assert "message" not in [e["type"] for e in rest]
        assert runtime.cancelled == before + 1
        # The thread is free again: the next message runs to the end.
        await _send(ws, {"type": "user_message", "text": "again"})
        events = await recv_until(ws, "done")
        assert [e["type"] for e in events].count("message") == 1
    async with httpx.AsyncClient(base_url=paced.url) as client:
        metrics = (await client.get("/metrics")).text
    assert 'vawlrathh_turns_total{outcome="cancelled",transport="websocket"}' in metrics
    assert ready["thread_id"] in runtime.threads


async def test_keys_only_in_hello_and_never_echoed(paced: LiveServer) -> None:
    secret = "sk-test-never-echo-1234567890"
    received: list[str] = []
    async with connect(paced.ws_url) as ws:
        received.append(str(await ws.recv()))
        await _send(ws, {"type": "hello", "keys": {"openai": secret}, "model": "gpt-test"})
        received.append(str(await ws.recv()))
        assert json.loads(received[-1])["provider"] == "openai"
        await _send(ws, {"type": "user_message", "text": "hi"})
        while True:
            received.append(str(await asyncio.wait_for(ws.recv(), 30)))
            if json.loads(received[-1])["type"] == "done":
                break
        # A malformed hello must not echo what it carried either.
        await _send(ws, {"type": "hello", "keys": {"openai": secret, "bogus": secret}})
        received.append(str(await ws.recv()))
        assert json.loads(received[-1])["code"] == "invalid_message"
    assert all(secret not in text for text in received)
    assert _runtime(paced).seen_keys[-1] is not None
    assert _runtime(paced).seen_keys[-1].openai == secret  # type: ignore[union-attr]


async def test_hello_resumes_a_thread_by_id(paced: LiveServer) -> None:
    async with connect(paced.ws_url) as ws:
        first = await recv_event(ws)
        await _send(ws, {"type": "user_message", "text": "remember me"})
        await recv_until(ws, "done")
    async with connect(paced.ws_url) as ws:
        fresh = await recv_event(ws)
        assert fresh["thread_id"] != first["thread_id"]
        await _send(ws, {"type": "hello", "thread_id": first["thread_id"]})
        resumed = await recv_event(ws)
        assert resumed["type"] == "ready" and resumed["thread_id"] == first["thread_id"]


async def test_two_clients_at_once_stay_apart(paced: LiveServer) -> None:
    async def chat(text: str) -> tuple[str, list[dict[str, Any]]]:
        async with connect(paced.ws_url) as ws:
            ready = await recv_event(ws)
            await _send(ws, {"type": "user_message", "text": text})
            return ready["thread_id"], await recv_until(ws, "done")

    (t1, e1), (t2, e2) = await asyncio.gather(chat("one"), chat("two"))
    assert t1 != t2
    for events in (e1, e2):
        assert [e["type"] for e in events].count("message") == 1
    runtime = _runtime(paced)
    assert runtime.threads[t1][0]["text"] == "one"
    assert runtime.threads[t2][0]["text"] == "two"


async def test_one_turn_per_thread_across_connections(paced: LiveServer) -> None:
    async with connect(paced.ws_url) as a, connect(paced.ws_url) as b:
        ready = await recv_event(a)
        await recv_event(b)
        await _send(b, {"type": "hello", "thread_id": ready["thread_id"]})
        await recv_event(b)
        await _send(a, {"type": "user_message", "text": "mine"})
        await recv_until(a, "token")
        await _send(b, {"type": "user_message", "text": "also mine"})
        await _expect_error(b, "turn_in_progress")
        await recv_until(a, "done")


async def test_rate_limit(start_server: Any) -> None:
    live = start_server(open_runtime=ScriptedRuntime.opener(), ws_rate_per_s=1.0, ws_rate_burst=3)
    async with connect(live.ws_url) as ws:
        await recv_event(ws)
        for _ in range(6):
            await _send(ws, {"type": "ping"})
        replies = [await recv_event(ws) for _ in range(6)]
    assert replies[:3] == [{"type": "pong"}] * 3
    assert [r.get("code") for r in replies[3:]] == ["rate_limited"] * 3


async def test_idle_connection_is_closed_but_not_during_a_turn(start_server: Any) -> None:
    live = start_server(open_runtime=ScriptedRuntime.opener(delay=0.15), ws_idle_timeout_s=0.6)
    async with connect(live.ws_url) as ws:
        await recv_event(ws)
        await _send(ws, {"type": "user_message", "text": "slow one"})  # ~1.2 s, twice the idle limit
        events = await recv_until(ws, "done")
        assert [e["type"] for e in events].count("message") == 1
        with pytest.raises(ConnectionClosed) as closed:
            await recv_event(ws, wait_s=10)
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 1000
    assert "idle" in closed.value.rcvd.reason


async def test_browser_origins_are_checked(paced: LiveServer) -> None:
    with pytest.raises(InvalidStatus) as refused:
        async with connect(paced.ws_url, origin="http://evil.example"):  # type: ignore[arg-type]
            pass
    assert refused.value.response.status_code == 403
    ui_origin = f"http://127.0.0.1:{paced.settings.ui_port}"
    async with connect(paced.ws_url, origin=ui_origin) as ws:  # type: ignore[arg-type]
        assert (await recv_event(ws))["type"] == "ready"


async def test_a_message_sent_the_moment_done_arrives_is_accepted(start_server: Any) -> None:
    live = start_server(open_runtime=ScriptedRuntime.opener(), ws_rate_burst=100)
    async with connect(live.ws_url) as ws:
        await recv_event(ws)
        for i in range(30):
            await _send(ws, {"type": "user_message", "text": f"quick {i}"})
            events = await recv_until(ws, "done")
            assert [e["type"] for e in events].count("message") == 1, events
            assert not [e for e in events if e["type"] == "error"], events


async def test_a_client_that_vanishes_mid_turn_frees_its_thread(paced: LiveServer) -> None:
    async with connect(paced.ws_url) as ws:
        thread_id = (await recv_event(ws))["thread_id"]
        await _send(ws, {"type": "user_message", "text": "then I leave"})
        await recv_until(ws, "token")
    # The same thread from a new connection: free again, not stuck "in progress".
    async with connect(paced.ws_url) as ws:
        await recv_event(ws)
        await _send(ws, {"type": "hello", "thread_id": thread_id})
        await recv_event(ws)
        for _ in range(100):
            if not paced.app.state.resources.threads.is_busy(thread_id):
                break
            await asyncio.sleep(0.05)
        await _send(ws, {"type": "user_message", "text": "I am back"})
        events = await recv_until(ws, "done")
        assert [e["type"] for e in events].count("message") == 1, events
    async with httpx.AsyncClient(base_url=paced.url) as client:
        for _ in range(100):  # the server finishes its side of the close a moment after the client
            metrics = (await client.get("/metrics")).text
            if "vawlrathh_websockets_open 0.0" in metrics:
                break
            await asyncio.sleep(0.05)
    assert "vawlrathh_websockets_open 0.0" in metrics


async def test_an_opening_hello_gets_the_one_and_only_ready(paced: LiveServer) -> None:
    async with connect(paced.ws_url) as ws:
        await _send(ws, {"type": "hello", "thread_id": "t-opening-hello"})
        ready = await recv_event(ws)
        assert ready == {"type": "ready", "thread_id": "t-opening-hello", "provider": "offline", "version": ready["version"]}
        await _send(ws, {"type": "ping"})
        assert await recv_event(ws) == {"type": "pong"}  # no second ready in between
    async with connect(paced.ws_url) as ws:
        await _send(ws, {"type": "hello", "thread_id": "not valid!"})
        assert (await recv_event(ws))["code"] == "invalid_message"
        fresh = await recv_event(ws)
        assert fresh["type"] == "ready" and fresh["thread_id"] != "not valid!"
    async with connect(paced.ws_url) as ws:
        await _send(ws, {"type": "ping"})  # anything else first: ready, then its answer
        assert (await recv_event(ws))["type"] == "ready"
        assert await recv_event(ws) == {"type": "pong"}


async def test_a_client_that_stops_reading_is_dropped_and_its_thread_freed(start_server: Any) -> None:
    live = start_server(open_runtime=ScriptedRuntime.opener(), ws_send_timeout_s=0.5)
    guard = live.app.state.resources.threads
    # A raw client with a tiny receive buffer (set before connecting, which turns off
    # autotuning) that sends its question and then never reads: the server's sends block.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.setblocking(False)
    await asyncio.get_running_loop().sock_connect(sock, ("127.0.0.1", live.port))
    reader, writer = await asyncio.open_connection(sock=sock)
    writer.write(
        f"GET /ws/chat HTTP/1.1\r\nHost: 127.0.0.1:{live.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n".encode()
    )
    assert (await reader.readuntil(b"\r\n\r\n")).startswith(b"HTTP/1.1 101")
    question = json.dumps({"type": "user_message", "text": "flood"}).encode()  # ~16 MB of answer
    writer.write(Frame(Opcode.TEXT, question).serialize(mask=True, extensions=[]))
    await writer.drain()
    try:
        for _ in range(200):  # until the turn runs
            if guard.is_busy("t-1"):
                break
            await asyncio.sleep(0.05)
        assert guard.is_busy("t-1"), "the turn never started"
        for _ in range(600):  # until the server gives up on this client
            await asyncio.sleep(0.05)
            if not guard.is_busy("t-1"):
                break
        assert not guard.is_busy("t-1"), "the stalled turn still holds its thread"
    finally:
        writer.close()
    async with httpx.AsyncClient(base_url=live.url) as client:
        metrics = (await client.get("/metrics")).text
    assert 'vawlrathh_errors_total{code="client_not_reading"} 1.0' in metrics
