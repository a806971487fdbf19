"""The real agent behind the real API: streamed turns, decks, restarts, per-connection keys.

These tests speak only the public wire (WebSocket events and REST JSON), like any client.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import connect

from tests.api.live import LiveServer, recv_event, recv_until
from tests.fakes.llm_server import Hang
from tests.fakes.openai_server import FakeOpenAI

pytestmark = pytest.mark.timeout(180)

GREEN_DECK = Path(__file__).resolve().parents[2] / "examples" / "mono_green.txt"


async def _send(ws: Any, event: dict[str, Any]) -> None:
    await ws.send(json.dumps(event))


async def test_a_full_streamed_turn_about_a_deck(server: LiveServer, sample_deck: str) -> None:
    async with connect(server.ws_url) as ws:
        ready = await recv_event(ws)
        assert ready["type"] == "ready" and ready["provider"] == "offline"
        await _send(ws, {"type": "user_message", "text": "How many lands should I run?", "deck": sample_deck})
        events = await recv_until(ws, "done")
    kinds = [e["type"] for e in events]
    assert kinds[-1] == "done" and kinds.count("done") == 1
    assert kinds[-2] == "message"
    # The order of a turn: steps first, then the streamed answer, the second opinion, the answer.
    assert kinds.index("step") < kinds.index("token") < kinds.index("consensus") < kinds.index("message")
    steps: dict[str, list[str]] = {}
    for e in events:
        if e["type"] == "step":
            steps.setdefault(e["id"], []).append(e["status"])
    assert steps and all(statuses[0] == "running" and statuses[-1] == "done" for statuses in steps.values())
    tokens = "".join(e["text"] for e in events if e["type"] == "token")
    message = events[-2]
    assert tokens.strip() and message["text"].strip()
    assert events[kinds.index("consensus")]["verdict"] in ("agree", "revised", "flagged")
    # Every number comes from the facts: the deck's 20 lands are in them and in the answer.
    assert message["facts"], "the answer carries the facts it was built from"
    assert "20" in message["text"]


async def test_deck_problems_stream_as_an_error_event(server: LiveServer) -> None:
    async with connect(server.ws_url) as ws:
        await recv_event(ws)
        bad = "Deck\n4 Lightning Bolt\n4 Lightnig Bolt\n20 Mountain\n"
        await _send(ws, {"type": "user_message", "text": "Analyze my deck", "deck": bad})
        events = await recv_until(ws, "done")
    errors = [e for e in events if e["type"] == "error"]
    assert errors and errors[0]["code"] == "deck_parse_error"
    problem = errors[0]["details"][0]
    assert problem["line"] == 3 and "Lightning Bolt" in problem["suggestions"]
    assert events[-1]["type"] == "done"


async def test_stored_deck_by_id_through_rest_chat(server: LiveServer, sample_deck: str) -> None:
    async with httpx.AsyncClient(base_url=server.url, timeout=60) as client:
        deck = await client.post("/api/v1/decks", json={"text": sample_deck, "name": "Burn"})
        assert deck.status_code == 201
        turn = await client.post("/api/v1/chat", json={"text": "What's wrong with my mana?", "deck_id": deck.json()["id"]})
        assert turn.status_code == 200, turn.text
        body = turn.json()
        assert body["message"] and body["provider"] == "offline"
        assert body["steps"] and all(s["status"] == "done" for s in body["steps"])
        assert body["consensus"]["verdict"] in ("agree", "revised", "flagged")
        history = (await client.get(f"/api/v1/threads/{body['thread_id']}/messages")).json()
        assert [m["role"] for m in history["messages"]] == ["user", "assistant"]
        assert history["deck"] == sample_deck


async def test_a_thread_resumes_after_a_restart(start_server: Any, sample_deck: str) -> None:
    first = start_server()
    async with connect(first.ws_url) as ws:
        thread_id = (await recv_event(ws))["thread_id"]
        await _send(ws, {"type": "user_message", "text": "Analyze my deck", "deck": sample_deck})
        before = await recv_until(ws, "done")
    assert any(e["type"] == "message" for e in before)
    first.stop()

    second = start_server()
    async with connect(second.ws_url) as ws:
        await recv_event(ws)
        await _send(ws, {"type": "hello", "thread_id": thread_id})
        assert (await recv_event(ws))["thread_id"] == thread_id
        # No deck sent this time: the thread still has it.
        await _send(ws, {"type": "user_message", "text": "How many lands should I run?"})
        after = await recv_until(ws, "done")
    message = next(e for e in after if e["type"] == "message")
    assert "20" in message["text"]
    async with httpx.AsyncClient(base_url=second.url) as client:
        history = (await client.get(f"/api/v1/threads/{thread_id}/messages")).json()
    assert [m["role"] for m in history["messages"]] == ["user", "assistant", "user", "assistant"]
    assert history["deck"] == sample_deck


async def test_a_client_base_url_is_refused_unless_the_operator_allows_it(server: LiveServer) -> None:
    async with connect(server.ws_url) as ws:
        await recv_event(ws)  # ready
        await _send(ws, {"type": "hello", "keys": {"openai_base_url": "http://10.0.0.1/v1"}})
        refused = await recv_event(ws)
        assert refused["type"] == "error" and refused["code"] == "base_url_not_allowed"
        assert "ALLOW_CLIENT_BASE_URL" in refused["message"]
        await _send(ws, {"type": "ping"})
        assert (await recv_event(ws))["type"] == "pong"  # the connection stays open


async def test_per_connection_keys_reach_the_model_and_cancel_stops_it(
    start_server: Callable[..., LiveServer], caplog: pytest.LogCaptureFixture
) -> None:
    server = start_server(allow_client_base_url=True)
    caplog.set_level(logging.DEBUG)  # the server runs in this process: its log records land here
    key = "sk-connection-only-key-000111"
    with FakeOpenAI(api_key=key) as fake:
        fake.enqueue(*[Hang(seconds=30)] * 4)
        async with connect(server.ws_url) as ws:
            received = [str(await ws.recv())]
            await _send(ws, {"type": "hello", "keys": {"openai": key, "openai_base_url": fake.url}, "model": "gpt-test"})
            received.append(str(await ws.recv()))
            assert json.loads(received[-1])["provider"] == "openai"
            await _send(ws, {"type": "user_message", "text": "What does Lightning Bolt do?"})
            for _ in range(1200):  # until the model has been asked (it then hangs); 60 s at most
                if fake.requests:
                    break
                await asyncio.sleep(0.05)
            assert fake.requests, "the turn reached the model"
            await _send(ws, {"type": "cancel"})
            while True:
                received.append(str(await asyncio.wait_for(ws.recv(), 10)))
                if json.loads(received[-1])["type"] == "done":
                    break
            assert "message" not in [json.loads(r)["type"] for r in received]
            await _send(ws, {"type": "ping"})
            assert await recv_event(ws) == {"type": "pong"}
    assert fake.requests[0].headers.get("authorization") == f"Bearer {key}"
    assert all(key not in text for text in received)
    assert caplog.records, "the debug log was captured"
    assert not [r for r in caplog.records if key in r.getMessage()], "a key reached the logs"


async def test_concurrent_chats_about_different_decks_stay_apart(server: LiveServer, sample_deck: str) -> None:
    green = GREEN_DECK.read_text(encoding="utf-8")
    decks = {"red": (sample_deck, "20"), "green": (green, "23")}

    async def chat(color: str) -> tuple[str, str, str]:
        deck, _ = decks[color]
        async with connect(server.ws_url) as ws:
            thread_id = (await recv_event(ws))["thread_id"]
            await _send(ws, {"type": "user_message", "text": "How many lands do I play?", "deck": deck})
            events = await recv_until(ws, "done")
        message = next(e for e in events if e["type"] == "message")
        return color, thread_id, message["text"]

    results = await asyncio.gather(*[chat(c) for c in ["red", "green"] * 4])
    assert len({thread for _, thread, _ in results}) == len(results)
    async with httpx.AsyncClient(base_url=server.url) as client:
        for color, thread_id, text in results:
            deck, lands = decks[color]
            assert lands in text, (color, text)
            history = (await client.get(f"/api/v1/threads/{thread_id}/messages")).json()
            assert history["deck"] == deck and len(history["messages"]) == 2
