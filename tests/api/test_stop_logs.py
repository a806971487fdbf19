"""Issue 17: a Stop in the chat logs one short line, never a big entry.

A player's Stop reaches the API as a ``cancel`` frame followed by a hang-up (the UI's client),
or as a bare hang-up (a closed tab). These tests stop a *slow* model turn at real moments (the
model's plan call, the streamed answer) on the real API under uvicorn, with the real ``openai``
SDK talking to a local OpenAI-compatible server that streams a delta every 20 ms, about a big
deck (a 600-card CSV: its facts are hundreds of KB, so a dump of the turn's state would show).
Every log record of the whole process is captured at DEBUG, API and UI client alike.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import logging
import shutil
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import connect

from arena.paths import CATALOG_FILENAME
from tests.api.live import LiveServer, make_settings, recv_event
from tests.fakes.deck_models import PLAN_STEPS
from tests.fakes.llm_server import Hang, Reply, Script
from tests.fakes.openai_server import FakeOpenAI

pytestmark = pytest.mark.timeout(60)

KEY = "sk-stop-test-0123456789"
MAX_RECORD_CHARS = 2048  # the biggest log record a Stop may cause, traceback included
DELTA_S = 0.02  # one streamed delta every 20 ms: a model answer that is still running when Stop comes
ANSWER = "Your mana base is shaky and your curve is top-heavy. " * 40  # ~10 s of deltas; no numbers
QUESTION = "What's wrong with my mana?"


class SlowOpenAI(FakeOpenAI):
    """The fake OpenAI server, streaming each delta ``delta_s`` after the last, like a real model."""

    def __init__(self, *, delta_s: float, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.delta_s = delta_s

    async def _frames(self, script: Reply, model: str) -> AsyncIterator[bytes]:
        async for frame in super()._frames(script, model):
            await asyncio.sleep(self.delta_s)
            yield frame


def model(body: dict[str, Any]) -> Script:
    """Plan two steps with real tools, then write a long answer slowly."""
    if body.get("response_format"):
        return Reply(text=json.dumps({"steps": PLAN_STEPS}))
    return Reply(text=ANSWER, chunk=4)


@pytest.fixture(scope="module")
def fake() -> Iterator[SlowOpenAI]:
    with SlowOpenAI(api_key=KEY, delta_s=DELTA_S) as server:
        yield server  # type: ignore[misc]


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory, catalog_dir: Path, fake: SlowOpenAI) -> Iterator[LiveServer]:
    folder = tmp_path_factory.mktemp("stop")
    shutil.copy(catalog_dir / CATALOG_FILENAME, folder / CATALOG_FILENAME)
    settings = make_settings(folder, OPENAI_API_KEY=KEY, OPENAI_BASE_URL=fake.url, LLM_TIMEOUT_S=20,
                             LLM_MAX_RETRIES=0)
    with LiveServer(settings, production_options=True) as live:  # the uvicorn options app.py uses
        yield live


@pytest.fixture(scope="module")
def big_deck_id(api: LiveServer, catalog: Any) -> str:
    """A 600-card CSV (about 20 KB of text, several hundred KB of facts), stored once by REST."""
    cards = [card for page in range(3) for card in catalog.search("creature", limit=200, offset=200 * page)[0]]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Count", "Name"])
    writer.writerows([1, card.name] for card in cards)
    response = httpx.post(f"{api.url}/api/v1/decks", json={"text": out.getvalue(), "filename": "collection.csv"},
                          timeout=60, trust_env=False)
    assert response.status_code == 201, response.text[:500]
    assert response.json()["main_count"] >= 500
    assert len(response.content) > 100_000  # the stored deck's analysis: what a state dump would print
    return str(response.json()["id"])


@pytest.fixture
def log(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG)  # the API (and the UI client) run in this process: every record lands here
    return caplog


def stop_records(caplog: pytest.LogCaptureFixture, mark: int, thread_id: str) -> list[logging.LogRecord]:
    """The records since ``mark``; checks that none is big and that exactly one says the turn was cancelled."""
    records = caplog.records[mark:]
    sizes = {len(caplog.handler.format(r)): r for r in records}
    biggest = max(sizes, default=0)
    assert biggest <= MAX_RECORD_CHARS, f"a {biggest:,}-character log record: {caplog.handler.format(sizes[biggest])[:500]}"
    loud = [r for r in records if r.levelno >= logging.WARNING or r.exc_info]
    assert not loud, [caplog.handler.format(r)[:300] for r in loud]
    cancelled = [r for r in records if "cancelled" in r.getMessage()]
    assert len(cancelled) == 1, [r.getMessage() for r in cancelled]
    (line,) = cancelled
    assert line.name == "api.ws" and line.levelno == logging.INFO
    assert thread_id in line.getMessage() and " ms" in line.getMessage()
    assert len(line.getMessage()) < 200
    return cancelled


async def until_tokens(ws: Any, count: int) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    while sum(e["type"] == "token" for e in events) < count:
        events.append(await recv_event(ws, 15))
        assert events[-1]["type"] not in ("done", "error"), events
    return events


async def test_cancel_mid_answer_logs_one_line_and_the_next_question_runs(
    api: LiveServer, fake: SlowOpenAI, big_deck_id: str, log: pytest.LogCaptureFixture
) -> None:
    fake.responder = model
    fake.cut.clear()
    async with connect(api.ws_url) as ws:
        thread_id = (await recv_event(ws))["thread_id"]
        await ws.send(json.dumps({"type": "user_message", "text": QUESTION, "deck_id": big_deck_id}))
        await until_tokens(ws, 3)
        mark, started = len(log.records), time.monotonic()
        await ws.send(json.dumps({"type": "cancel"}))
        while (event := await recv_event(ws, 10))["type"] != "done":
            assert event["type"] == "token", event  # at most the deltas already on their way
        assert time.monotonic() - started < 2.0
        assert await asyncio.to_thread(fake.cut.wait, 5), "the model's stream was not closed"
        await asyncio.sleep(0.3)  # anything logged late by the SDK, the graph or the checkpointer
        (line,) = stop_records(log, mark, thread_id)
        assert "by the client" in line.getMessage() and "while writing the answer" in line.getMessage()

        # Stop, then a new question on the same connection and thread: it runs to its answer.
        fake.enqueue(Reply(text=json.dumps({"steps": PLAN_STEPS})), Reply(text="Fewer Islands.", chunk=4))
        await ws.send(json.dumps({"type": "user_message", "text": QUESTION}))
        kinds = []
        while (event := await recv_event(ws, 15))["type"] != "done":
            kinds.append(event["type"])
        assert "message" in kinds and "error" not in kinds, kinds


async def test_cancel_while_the_model_plans_logs_one_line(
    api: LiveServer, fake: SlowOpenAI, big_deck_id: str, log: pytest.LogCaptureFixture
) -> None:
    fake.responder = lambda body: Hang(10) if body.get("response_format") else model(body)
    async with connect(api.ws_url) as ws:
        thread_id = (await recv_event(ws))["thread_id"]
        await ws.send(json.dumps({"type": "user_message", "text": QUESTION, "deck_id": big_deck_id}))
        await asyncio.sleep(0.5)  # the plan call hangs: no step yet
        mark = len(log.records)
        await ws.send(json.dumps({"type": "cancel"}))
        assert (await recv_event(ws, 5))["type"] == "done"
        await asyncio.sleep(0.3)
        (line,) = stop_records(log, mark, thread_id)
        assert "before its first step" in line.getMessage()


async def test_a_socket_closed_mid_answer_logs_one_line(
    api: LiveServer, fake: SlowOpenAI, big_deck_id: str, log: pytest.LogCaptureFixture
) -> None:
    fake.responder = model
    fake.cut.clear()
    async with connect(api.ws_url) as ws:  # a tab closed mid-answer: no cancel, just gone
        thread_id = (await recv_event(ws))["thread_id"]
        await ws.send(json.dumps({"type": "user_message", "text": QUESTION, "deck_id": big_deck_id}))
        await until_tokens(ws, 3)
        mark = len(log.records)
    assert await asyncio.to_thread(fake.cut.wait, 5), "the model's stream was not closed"
    await asyncio.sleep(0.3)
    (line,) = stop_records(log, mark, thread_id)
    assert "as the connection closed" in line.getMessage()


async def test_stop_in_the_ui_client_logs_one_line_and_hangs_up_normally(
    api: LiveServer, fake: SlowOpenAI, big_deck_id: str, log: pytest.LogCaptureFixture
) -> None:
    """Gradio's Stop cancels the task that reads ``ApiClient.chat``: the UI's own Stop path."""
    from ui.client import ApiClient

    fake.responder = model
    fake.cut.clear()
    threads: list[str] = []
    tokens = asyncio.Event()

    async def handler() -> None:
        count = 0
        async for event in ApiClient(api.url).chat(QUESTION, deck_id=big_deck_id):
            if event.type == "ready":
                threads.append(event.thread_id)
            count += event.type == "token"
            if count >= 3:
                tokens.set()

    turn = asyncio.create_task(handler())
    await asyncio.wait_for(tokens.wait(), 15)
    mark = len(log.records)
    turn.cancel()  # what Gradio does to the chat handler when the player presses Stop
    with pytest.raises(asyncio.CancelledError):
        await turn
    assert await asyncio.to_thread(fake.cut.wait, 5), "the model's stream was not closed"
    await asyncio.sleep(0.3)
    (line,) = stop_records(log, mark, threads[0])
    assert "by the client" in line.getMessage()
    # The client's frame log: a Stop says goodbye with 1000, not 1011 "internal error".
    closes = [r.getMessage() for r in log.records[mark:] if r.name == "websockets.client" and "> CLOSE" in r.getMessage()]
    assert closes and all("CLOSE 1000" in c for c in closes), closes
