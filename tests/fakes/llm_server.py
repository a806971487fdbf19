"""What the fake OpenAI and Anthropic servers share: a real uvicorn server on loopback, a script.

Each test drives a fake by ``enqueue()``-ing what the next request gets (a reply, a failure,
a hang) and then asserts on ``requests``, the recorded history of what the real SDK sent.
When the queue is empty the optional ``responder(body)`` decides; with neither, the server
answers 400 and counts the request in ``unexpected`` so a test can never pass by accident.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.routing import Route


@dataclass(frozen=True)
class Call:
    """A tool call the fake model makes; ``args`` is sent as JSON split across deltas."""

    name: str
    args: dict[str, Any] = field(default_factory=dict)
    id: str | None = None


@dataclass(frozen=True)
class Reply:
    """A successful answer: text (streamed in ``chunk``-sized deltas) and/or tool calls.

    ``stall_after`` stops a stream after that many deltas and hangs (a read timeout);
    ``error_after`` sends a mid-stream error event after that many deltas.
    """

    text: str = ""
    calls: tuple[Call, ...] = ()
    chunk: int = 7
    stall_after: int | None = None
    error_after: int | None = None


@dataclass(frozen=True)
class Fail:
    """An HTTP error: 401, 429 (with ``retry_after`` seconds), 500, 529..."""

    status: int
    message: str = "scripted failure"
    retry_after: float | None = None


@dataclass(frozen=True)
class Hang:
    """Accept the request and say nothing for ``seconds`` (longer than the client timeout)."""

    seconds: float = 5.0


Script = Reply | Fail | Hang


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: dict[str, Any] | None


def pieces(text: str, size: int) -> list[str]:
    """Split ``text`` into deltas of ``size`` characters (at least one piece if non-empty)."""
    size = max(1, size)
    return [text[i : i + size] for i in range(0, len(text), size)]


class FakeLLMServer:
    """Base class: runs ``routes()`` under uvicorn in a daemon thread on 127.0.0.1:<ephemeral>."""

    def __init__(self, *, api_key: str | None = None) -> None:
        self.api_key = api_key
        self.requests: list[RecordedRequest] = []
        self.unexpected = 0
        self.streams_cut = 0  # SSE responses the client hung up on before the end
        self.cut = threading.Event()  # set at the first such hang-up
        self.responder: Callable[[dict[str, Any]], Script] | None = None
        self._queue: deque[Script] = deque()
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._release: asyncio.Event | None = None
        self._thread: threading.Thread | None = None
        self._server: uvicorn.Server | None = None
        self.port = 0

    # ---- scripting ------------------------------------------------------------------------

    def enqueue(self, *items: Script) -> None:
        with self._lock:
            self._queue.extend(items)

    def pending(self) -> int:
        with self._lock:
            return len(self._queue)

    def next_script(self, body: dict[str, Any]) -> Script | None:
        with self._lock:
            if self._queue:
                return self._queue.popleft()
        return self.responder(body) if self.responder else None

    def record(self, method: str, path: str, headers: dict[str, str], body: dict[str, Any] | None) -> None:
        with self._lock:
            self.requests.append(RecordedRequest(method, path, headers, body))

    def stream_cut(self) -> None:
        with self._lock:
            self.streams_cut += 1
        self.cut.set()

    def bodies(self, path_suffix: str = "") -> list[dict[str, Any]]:
        """The JSON bodies of recorded requests whose path ends with ``path_suffix``."""
        with self._lock:
            return [r.body or {} for r in self.requests if r.path.endswith(path_suffix)]

    async def wait(self, seconds: float) -> None:
        """Hang for ``seconds``, but end at once when ``stop()`` is called."""
        if self._release is None:
            self._loop = asyncio.get_running_loop()
            self._release = asyncio.Event()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._release.wait(), seconds)

    # ---- lifecycle --------------------------------------------------------------------------

    def routes(self) -> list[Route]:
        raise NotImplementedError

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FakeLLMServer:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        config = uvicorn.Config(
            Starlette(routes=self.routes()),
            log_level="warning",
            lifespan="off",
            timeout_graceful_shutdown=2,
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [sock]}, name=type(self).__name__, daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError(f"{type(self).__name__} did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        if self._loop is not None and self._release is not None:
            self._loop.call_soon_threadsafe(self._release.set)
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)

    def __enter__(self) -> FakeLLMServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        with contextlib.suppress(Exception):
            self.stop()
