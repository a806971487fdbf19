"""WebSocket /ws/chat: the stream schema of agent.events over one connection.

Each connection runs two tasks: the reader (this coroutine) and, while a turn runs, a turn
task that streams the runtime's events. Keeping them apart is what lets ``cancel`` and
``ping`` work mid-turn. Bad input never closes the connection: it gets an ``error`` event
with a code. Keys arrive only in ``hello``, live in this object only, and are never logged.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import sqlite3
import time
from typing import Any

from fastapi import APIRouter, WebSocket
from pydantic import ValidationError
from starlette.websockets import WebSocketDisconnect, WebSocketState

from agent.events import (
    Cancel,
    Done,
    Error,
    Hello,
    Ping,
    Pong,
    ProviderKeys,
    Ready,
    ServerEvent,
    UserMessage,
    parse_client_event,
)
from api.cors import allowed_origins, origin_allowed
from api.errors import ApiError, storage_error, validation_details
from api.ratelimit import TokenBucket
from api.schemas import THREAD_ID_PATTERN
from api.state import Resources
from api.store import owner_hash
from api.streaming import EventLine
from api.thread_claims import ThreadBusy
from api.turns import resolve_deck, turn_events
from api.version import VERSION

logger = logging.getLogger(__name__)

router = APIRouter()

_CLIENT_TYPES = ("hello", "user_message", "cancel", "ping")
# How long a new connection may take to send its opening hello before it is greeted anyway.
HELLO_GRACE_S = 0.25
_THREAD_ID = re.compile(THREAD_ID_PATTERN)


@router.websocket("/ws/chat")
async def chat_socket(websocket: WebSocket) -> None:
    """Hold one chat connection until the client leaves or goes idle."""
    res: Resources | None = getattr(websocket.app.state, "resources", None)
    origin = websocket.headers.get("origin")
    if res is None:
        await websocket.close(code=1013, reason="starting up; retry shortly")
        return
    if origin is not None and not origin_allowed(origin, allowed_origins(res.settings)):
        # Browsers attach Origin; refusing others stops any web page from chatting on our keys.
        await websocket.close(code=1008, reason="origin not allowed")
        return
    await websocket.accept()
    await ChatConnection(websocket, res).run()


class ChatConnection:
    """One client's conversation state: thread, keys, rate budget and the running turn."""

    def __init__(self, websocket: WebSocket, res: Resources) -> None:
        self.ws = websocket
        self.res = res
        settings = res.settings
        self.idle_s = settings.ws_idle_timeout_s
        self.max_bytes = settings.ws_max_message_bytes
        self.bucket = TokenBucket(settings.ws_rate_per_s, settings.ws_rate_burst)
        self.thread_id = res.runtime.new_thread_id()
        self.keys: ProviderKeys | None = None
        self.model: str | None = None
        self.owner: str | None = None  # the hash of hello's owner_key: whose match history turns may read
        self.turn: asyncio.Task[None] | None = None
        self.cancel_requested = False
        self.last_activity = time.monotonic()
        self.send_timeout_s = settings.ws_send_timeout_s
        self._send_lock = asyncio.Lock()
        self._open = True
        self._greeted = False
        self._stalled = False  # the client stopped reading; we hang up on it
        self._reader: asyncio.Task[Any] | None = None

    async def run(self) -> None:
        metrics = self.res.metrics
        metrics.websockets_open.inc()
        metrics.websockets_total.inc()
        self._reader = asyncio.current_task()
        try:
            if await self._greet():
                await self._read_loop()
        except WebSocketDisconnect:
            pass
        except asyncio.CancelledError:
            current = asyncio.current_task()
            if not self._stalled or current is None:
                raise
            current.uncancel()  # cancelled by send() on a stalled client: end the connection quietly
        except Exception:
            logger.exception("WebSocket chat connection failed")
            await self._close(1011, "internal error; it has been logged")
        finally:
            self._open = False
            await self._stop_turn()
            metrics.websockets_open.dec()

    # ---- reading ----------------------------------------------------------------------

    async def _greet(self) -> bool:
        """Send the first ``ready``; False when the client left before that.

        A client that opens with ``hello`` (to resume a thread) gets one ``ready``, for the
        thread it asked for; a client that says nothing is greeted after ``HELLO_GRACE_S``
        with a fresh thread. Either way ``ready`` is the first event a client sees.
        """
        try:
            first = await asyncio.wait_for(self.ws.receive(), HELLO_GRACE_S)
        except TimeoutError:
            first = None
        if first is None:
            await self.send(self._ready())
            return True
        if first["type"] == "websocket.disconnect":
            return False
        text, data = first.get("text"), first.get("bytes")
        self.last_activity = time.monotonic()
        small = (len(data) if data is not None else len(text or "")) <= self.max_bytes
        if small and _is_hello(text, data):
            await self._handle(text, data)
            if not self._greeted:  # the hello was refused with an error: greet with a fresh thread
                await self.send(self._ready())
        else:
            await self.send(self._ready())
            await self._handle(text, data)
        return True

    async def _read_loop(self) -> None:
        while self._open:
            timeout = self.last_activity + self.idle_s - time.monotonic()
            if self.turn is None and timeout <= 0:
                await self._close(1000, f"idle for {self.idle_s:g} s")
                return
            try:
                async with asyncio.timeout(max(timeout, 0.05) if self.turn is None else self.idle_s):
                    message = await self.ws.receive()
            except TimeoutError:
                continue  # the loop head decides: close when idle, keep waiting while a turn runs
            if message["type"] == "websocket.disconnect":
                return
            self.last_activity = time.monotonic()
            await self._handle(message.get("text"), message.get("bytes"))

    async def _handle(self, text: str | None, data: bytes | None) -> None:
        if not self.bucket.allow():
            await self.error("rate_limited", f"Too many messages: at most {self.res.settings.ws_rate_per_s:g} a second. This one was dropped.")
            return
        size = len(data) if data is not None else _utf8_len(text or "")
        if size > self.max_bytes:
            await self.error("message_too_large", f"The message is {size:,} bytes; the limit is {self.max_bytes:,}. Attach big decks with POST /api/v1/decks and send its deck_id.")
            return
        raw: str | bytes = text if text is not None else (data or b"")
        try:  # the common case in one pass through pydantic's JSON parser
            event = parse_client_event(raw)
        except (ValidationError, ValueError, UnicodeDecodeError):
            pass  # find out what is wrong, below, to say it precisely
        else:
            await self._dispatch(event)
            return
        try:
            payload = json.loads(raw)
        except RecursionError:
            await self.error("invalid_json", "The message nests arrays or objects too deeply; a chat message "
                             'is one flat JSON object, e.g. {"type": "user_message", "text": "..."}.')
            return
        except (ValueError, UnicodeDecodeError):
            await self.error("invalid_json", 'The message is not valid JSON; send one JSON object per message, '
                             'e.g. {"type": "user_message", "text": "What is wrong with my mana?"}.')
            return
        if not isinstance(payload, dict):
            await self.error("invalid_json", "The message must be a JSON object with a type, e.g. {\"type\": \"ping\"}.")
            return
        kind = payload.get("type")
        if kind is None:
            await self.error("invalid_message", f"The message has no type; use one of: {', '.join(_CLIENT_TYPES)}.")
            return
        if kind not in _CLIENT_TYPES:
            shown = kind if isinstance(kind, str) and len(kind) <= 40 else "that"
            await self.error("unknown_type", f"Unknown message type {shown!r}; use one of: {', '.join(_CLIENT_TYPES)}.")
            return
        try:
            event = parse_client_event(payload)
        except ValidationError as exc:
            details = validation_details(exc.errors())
            await self.error("invalid_message", _describe(kind, details), details)
            return
        await self._dispatch(event)

    async def _dispatch(self, event: Hello | UserMessage | Cancel | Ping) -> None:
        if isinstance(event, Ping):
            await self.send(Pong())
        elif isinstance(event, Cancel):
            if self.turn is None:
                await self.error("nothing_to_cancel", "No turn is running.")
            else:
                self.cancel_requested = True
                self.turn.cancel()
        elif self.turn is not None:
            await self.error("turn_in_progress", "A turn is still running; wait for done, or send cancel.")
        elif isinstance(event, Hello):
            await self._hello(event)
        else:
            await self._start_turn(event)

    async def _hello(self, hello: Hello) -> None:
        if hello.thread_id is not None and not _THREAD_ID.match(hello.thread_id):
            await self.error("invalid_message", "hello: thread_id must be 1-128 letters, digits, '-', '_', '.' or ':'.")
            return
        if hello.keys and hello.keys.openai_base_url and not self.res.settings.allow_client_base_url:
            await self.error(
                "base_url_not_allowed",
                "hello: this server does not accept a model base URL from clients (it would connect "
                "wherever a client says). Its operator can set OPENAI_BASE_URL, or allow client URLs "
                "with ALLOW_CLIENT_BASE_URL=true.",
            )
            return
        self.keys = hello.keys
        self.model = hello.model
        self.owner = owner_hash(hello.owner_key)
        if hello.thread_id is not None:
            self.thread_id = hello.thread_id
        await self.send(self._ready())

    async def _start_turn(self, message: UserMessage) -> None:
        if not message.text.strip():
            await self.error("invalid_message", "user_message: text is empty.")
            return
        try:
            deck = await resolve_deck(self.res, message.deck, message.deck_id)
        except ApiError as err:
            await self.error(err.code, err.message)
            return
        thread_id = self.thread_id
        try:
            self.res.threads.claim(thread_id)
        except ThreadBusy:
            await self.error("turn_in_progress", "Another connection is running a turn on this thread; wait for it to finish.")
            return
        except sqlite3.OperationalError as exc:
            refusal = storage_error(exc)
            if refusal is None:
                raise
            if self.res.storage is not None:
                self.res.storage.failed(exc, "claiming a thread")
            await self.error(refusal.code, refusal.message)
            await self.send(Done(elapsed_ms=0.0))  # the turn ended before it began
            return
        if self.res.storage is not None:
            self.res.storage.succeeded()
        self.cancel_requested = False
        ending = _TurnEnd(self, thread_id)
        task = asyncio.create_task(self._run_turn(ending, message.text, deck), name=f"turn:{thread_id}")
        ending.task = task
        self.turn = task
        # A task cancelled before its first step never runs its body (so never its finally):
        # this callback is what releases the thread then, and still tells the client done.
        task.add_done_callback(ending.after_task)

    # ---- the turn task ----------------------------------------------------------------

    async def _run_turn(self, ending: _TurnEnd, text: str, deck: str | None) -> None:
        """Send the turn's events; the agent runs in its own task so it never waits on the socket."""
        thread_id = ending.thread_id
        start = ending.start
        line = EventLine()
        producer = asyncio.create_task(self._produce(line, thread_id, text, deck), name=f"agent:{thread_id}")
        finish = ending.finish

        try:
            while (event := await line.next()) is not None:
                ending.seen(event)
                if event.type == "done":
                    finish()
                if not await self.send(event):
                    return  # the client left; the reader sees the disconnect and cleans up
        except asyncio.CancelledError:
            ending.cancelled(self.cancel_requested)
            if not self.cancel_requested:
                raise  # the connection is closing, nobody to tell
            current = asyncio.current_task()
            if current is not None:
                current.uncancel()  # the client's cancel is handled here, not propagated
            await _cancel(producer)  # stop the agent before saying done
            finish()
            await self.send(Done(elapsed_ms=round((time.perf_counter() - start) * 1000, 1)))
        finally:
            if not ending.finished:
                ending.cancelled(self.cancel_requested)  # cut short: the client left mid-turn
            try:
                await _cancel(producer)
            finally:
                finish()

    async def _produce(self, line: EventLine, thread_id: str, text: str, deck: str | None) -> None:
        try:
            async for event in turn_events(
                self.res, thread_id, text, deck=deck, keys=self.keys, model=self.model, owner=self.owner,
                transport="websocket",
            ):
                line.put(event)
        finally:
            line.close()

    async def _stop_turn(self) -> None:
        if self.turn is not None:
            await _cancel(self.turn)

    # ---- writing ----------------------------------------------------------------------

    def _ready(self) -> Ready:
        return Ready(thread_id=self.thread_id, provider=self.res.runtime.provider_name(self.keys, self.model), version=VERSION)

    async def send(self, event: ServerEvent) -> bool:
        """Send one event; False when the client is gone (never raises for that)."""
        if not self._open:
            return False
        if event.type == "ready":
            self._greeted = True
        try:
            async with self._send_lock:  # the reader and the turn task both send
                # A client that stops reading fills the buffers and blocks sends; without a
                # limit it would pin its turn (and its thread) for as long as it stays connected.
                async with asyncio.timeout(self.send_timeout_s):  # no task per frame, unlike wait_for
                    await self.ws.send_text(event.model_dump_json())
        except TimeoutError:  # before OSError, of which it is a subclass
            logger.warning("WebSocket client took no data for %g s; dropping it", self.send_timeout_s)
            self.res.metrics.errors.labels(code="client_not_reading").inc()
            self._open = False
            self._stalled = True
            if self._reader is not None and self._reader is not asyncio.current_task():
                self._reader.cancel()  # the reader waits on receive(): wake it to end the connection
            return False
        except (WebSocketDisconnect, RuntimeError, OSError):
            self._open = False
            return False
        return True

    async def error(self, code: str, message: str, details: Any | None = None) -> None:
        self.res.metrics.errors.labels(code=code).inc()
        await self.send(Error(code=code, message=message, details=details))

    async def _close(self, code: int, reason: str) -> None:
        if self._open and self.ws.application_state == WebSocketState.CONNECTED:
            self._open = False
            try:
                await asyncio.wait_for(self.ws.close(code=code, reason=reason), self.send_timeout_s)
            except (RuntimeError, OSError):  # TimeoutError included: a client that reads nothing
                pass


class _TurnEnd:
    """Ends one turn exactly once: releases its thread and frees the connection for the next.

    ``finish`` runs before ``done`` is sent (a client may answer done with its next message at
    once); ``after_task`` runs when the task is over however it ended, even cancelled before
    its first step, so no path leaves the thread claimed or the connection saying
    ``turn_in_progress`` for ever. A cancelled turn logs one short line, ``cancelled``, however
    many of those paths see the cancel (a Stop in the UI sends ``cancel`` and then hangs up).
    """

    def __init__(self, conn: ChatConnection, thread_id: str) -> None:
        self.conn = conn
        self.thread_id = thread_id
        self.start = time.perf_counter()
        self.task: asyncio.Task[None] | None = None
        self.finished = False
        self.stage = "before its first step"  # where the turn was, for the cancel line
        self.logged_cancel = False

    def seen(self, event: ServerEvent) -> None:
        """Remember where the turn is, in a few words (never an event's payload)."""
        if event.type == "step":
            self.stage = f"{'in' if event.status == 'running' else 'after'} step {_short(event.title)!r}"
        elif event.type in _STAGES:
            self.stage = _STAGES[event.type]

    def cancelled(self, asked: bool) -> None:
        """Log that the turn was cancelled: which thread, by what, when. Once per turn."""
        if self.logged_cancel:
            return
        self.logged_cancel = True
        elapsed = (time.perf_counter() - self.start) * 1000
        why = "by the client" if asked else "as the connection closed"
        logger.info("turn on thread %s cancelled %s after %.0f ms, %s", self.thread_id, why, elapsed, self.stage)

    def finish(self) -> None:
        if self.finished:
            return
        self.finished = True
        conn = self.conn
        conn.res.threads.release(self.thread_id)
        if conn.turn is self.task:
            conn.turn = None
        conn.last_activity = time.monotonic()

    def after_task(self, task: asyncio.Task[None]) -> None:
        if self.finished:
            return
        if task.cancelled():
            self.cancelled(self.conn.cancel_requested)
        self.finish()
        if task.cancelled() and self.conn.cancel_requested and self.conn._open:
            # Cancelled before it could say so itself: the client asked, so it still gets done.
            elapsed = round((time.perf_counter() - self.start) * 1000, 1)
            sender = asyncio.get_running_loop().create_task(self.conn.send(Done(elapsed_ms=elapsed)))
            _BACKGROUND.add(sender)
            sender.add_done_callback(_BACKGROUND.discard)


_BACKGROUND: set[asyncio.Task[bool]] = set()  # sends started from callbacks, kept until done
_STAGES = {"tool": "after a tool call", "token": "while writing the answer", "consensus": "in the fact check",
           "message": "after the answer", "error": "after an error"}


def _short(text: str, limit: int = 60) -> str:
    """A step title for the log, cut short: a model writes the titles of its plan."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


async def _cancel(task: asyncio.Task[None]) -> None:
    """Cancel a task and wait until it has stopped (a no-op when it already has)."""
    if task.done():
        return
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        current = asyncio.current_task()
        if current is not None and current.cancelling():
            raise  # we are being cancelled ourselves: do not swallow it


def _is_hello(text: str | None, data: bytes | None) -> bool:
    try:
        payload = json.loads(text if text is not None else (data or b""))
    except (ValueError, UnicodeDecodeError, RecursionError):
        return False
    return isinstance(payload, dict) and payload.get("type") == "hello"


def _utf8_len(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


def _describe(kind: str, details: list[dict[str, Any]]) -> str:
    parts = []
    for d in details[:3]:
        loc = [p for p in d["loc"] if p != kind]
        parts.append(f"{'.'.join(loc) or 'message'}: {d['msg']}")
    return f"{kind}: " + "; ".join(parts) + "."
