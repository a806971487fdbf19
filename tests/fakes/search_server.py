"""A loopback JSON server for the search services' fakes: scripted answers, recorded requests.

Each fake (``tavily_server``, ``perplexity_server``) says how a route answers by default;
a test can queue one-off answers first (an error status, a delay past the client's timeout):

    with FakeTavily(pages=[...]) as fake:
        fake.queue(429, {"detail": {"error": "slow down"}})   # the next request only
        ...
        fake.requests  # [Recorded(method, path, headers, body), ...]
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Answer = tuple[int, Any, dict[str, str]]


@dataclass
class Recorded:
    """One request as the server saw it."""

    method: str
    path: str
    headers: dict[str, str]
    body: Any


@dataclass
class Scripted:
    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0


class FakeSearchServer:
    """Base of the fakes: subclasses implement :meth:`answer` for the default replies."""

    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self._queue: list[Scripted] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    def queue(self, status: int, body: Any, *, headers: dict[str, str] | None = None, delay_s: float = 0.0) -> None:
        """Answer the next request with this instead of the default."""
        with self._lock:
            self._queue.append(Scripted(status, body, dict(headers or {}), delay_s))

    def answer(self, path: str, body: Any) -> Answer:
        raise NotImplementedError

    def _next(self, path: str, body: Any) -> tuple[Answer, float]:
        with self._lock:
            scripted = self._queue.pop(0) if self._queue else None
        if scripted is not None:
            return (scripted.status, scripted.body, scripted.headers), scripted.delay_s
        return self.answer(path, body), 0.0

    @property
    def url(self) -> str:
        assert self._server is not None, "use the fake as a context manager"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> FakeSearchServer:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                fake._handle(self)

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.shutdown()
        self._server.server_close()

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = raw.decode("utf-8", "replace")
        path = handler.path.split("?")[0]
        self.requests.append(Recorded("POST", path, {k.lower(): v for k, v in handler.headers.items()}, body))
        (status, payload, headers), delay = self._next(path, body)
        if delay:
            time.sleep(delay)
        data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(data)))
            for key, value in headers.items():
                handler.send_header(key, value)
            handler.end_headers()
            handler.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test)
