"""ASGI middleware: request body limit and HTTP metrics, written raw to stay out of streaming's way."""

from __future__ import annotations

import re
import time
from collections.abc import Iterable

from starlette.exceptions import HTTPException
from starlette.routing import compile_path
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import StartTrackingSend, count_error, error_response
from api.metrics import Metrics


class BodyLimitMiddleware:
    """Refuse request bodies over ``max_bytes`` with a 413, before or while they are read.

    A declared Content-Length over the limit is refused without reading; a chunked body is
    counted as it arrives, and the read that crosses the limit raises an HTTPException that
    FastAPI's own body parsing passes through to the JSON error handler.
    """

    def __init__(self, app: ASGIApp, max_bytes: int, per_path: dict[str, int] | None = None) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.per_path = per_path or {}  # uploads that are streamed to disk (Player.log) get their own

    def _message(self, limit: int) -> str:
        return f"The request body is over the {limit:,}-byte limit."

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.per_path.get(scope.get("path", ""), self.max_bytes)
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await self._refuse(scope, receive, send, limit)
            return
        seen = 0

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise HTTPException(413, self._message(limit))
            return message

        tracking_send = StartTrackingSend(send)
        try:
            await self.app(scope, counting_receive, tracking_send)
        except HTTPException as exc:
            if exc.status_code != 413 or tracking_send.started:
                raise
            await self._refuse(scope, receive, send, limit)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        count_error(scope.get("app"), "payload_too_large")
        # Close the connection: the unread rest of the body would otherwise be parsed as a request.
        response = error_response(413, "payload_too_large", self._message(limit), {"limit_bytes": limit},
                                  headers={"Connection": "close"})
        await response(scope, receive, send)


def _content_length(scope: Scope) -> int | None:
    for key, value in scope.get("headers", ()):
        if key == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


class RouteTemplates:
    """Map a request path to the route template it matches, e.g. ``/api/v1/decks/{deck_id}``.

    Built from the app's own templates, because how a router exposes its matched route
    differs between FastAPI versions.
    """

    def __init__(self, templates: Iterable[str]) -> None:
        self._patterns: list[tuple[re.Pattern[str], str]] = [
            (compile_path(t)[0], t) for t in sorted(set(templates), key=lambda t: ("{" in t, -len(t)))
        ]

    def match(self, path: str) -> str:
        for pattern, template in self._patterns:
            if pattern.match(path):
                return template
        return "unmatched"


class HttpMetricsMiddleware:
    """Count HTTP requests and time them, labelled by route template (never the raw path).

    Labelling by template keeps the series bounded however many deck ids clients send;
    requests that match no route share the ``unmatched`` label.
    """

    def __init__(self, app: ASGIApp, metrics: Metrics, templates: RouteTemplates) -> None:
        self.app = app
        self.metrics = metrics
        self.templates = templates

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500

        async def recording_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, recording_send)
        finally:
            template = self.templates.match(scope.get("path", ""))
            method = scope.get("method", "")
            method = method if method in _METHODS else "other"  # bound the label set
            self.metrics.http_requests.labels(method=method, route=template, status=str(status)).inc()
            self.metrics.http_latency.labels(method=method, route=template).observe(time.perf_counter() - start)
