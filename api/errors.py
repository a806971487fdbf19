"""One JSON error shape for every failure: ``{"error": {"code", "message", "details"}}``.

Routes raise ``ApiError`` (or let a domain error through); the handlers registered by
``install_error_handlers`` turn each into that shape, so clients parse errors one way only.
Unexpected exceptions are caught by ``CatchAllMiddleware``: logged with their traceback,
answered with a 500 that names no internals.
"""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.storage import FULL_MESSAGE, UNAVAILABLE_MESSAGE, is_disk_full, is_storage_error
from arena.errors import ArenaError, CatalogError, DeckParseError, DeckTooLargeError

logger = logging.getLogger(__name__)

# Status code -> the error code clients see when a plain HTTPException carries no code of ours.
_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "rate_limited",
    500: "internal_error",
    503: "not_ready",
}


class ApiError(Exception):
    """An error meant for the client: HTTP status, stable code, safe message, optional details."""

    def __init__(self, status: int, code: str, message: str, details: Any | None = None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details


def error_body(code: str, message: str, details: Any | None = None) -> dict[str, Any]:
    """Return the one error shape (also used for WebSocket ``error`` events' code/message)."""
    return {"error": {"code": code, "message": message, "details": details}}


def error_response(
    status: int, code: str, message: str, details: Any | None = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    """Build the JSON response for one error."""
    return JSONResponse(error_body(code, message, details), status_code=status, headers=headers)


def count_error(app: Any, code: str) -> None:
    """Count an error by code in the app's metrics (when the app has them: tests may not)."""
    metrics = getattr(getattr(app, "state", None), "metrics", None)
    if metrics is not None:
        metrics.errors.labels(code=code).inc()


def _respond(request: Request, status: int, code: str, message: str, details: Any | None = None,
             headers: dict[str, str] | None = None) -> JSONResponse:
    count_error(request.app, code)
    return error_response(status, code, message, details, headers)


def problems_details(err: DeckParseError) -> list[dict[str, Any]]:
    """Every bad line of a deck as JSON: line number, text, reason and suggested names."""
    return [
        {"line": p.line, "text": p.text, "reason": p.reason, "suggestions": list(p.suggestions)}
        for p in err.problems
    ]


def validation_details(errors: Any) -> list[dict[str, Any]]:
    """Pydantic errors without the offending input, so nothing a client sent is echoed back."""
    out = []
    for e in errors:
        loc = [str(part) for part in e.get("loc", ())]
        out.append({"loc": loc, "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))})
    return out


def _describe_validation(details: list[dict[str, Any]]) -> str:
    first = details[0] if details else None
    if first is None:
        return "The request is not valid."
    where = ".".join(first["loc"]) or "request"
    more = f" (and {len(details) - 1} more)" if len(details) > 1 else ""
    return f"Invalid request: {where}: {first['msg']}{more}."


async def _api_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return _respond(request, exc.status, exc.code, exc.message, exc.details)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = _HTTP_CODES.get(exc.status_code, "http_error")
    message = exc.detail if isinstance(exc.detail, str) else "Request failed."
    if exc.status_code == 404 and message == "Not Found":
        message = "No such endpoint. The API lives under /api/v1; see /docs."
    elif exc.status_code == 405:
        message = "This endpoint does not take that method; see /docs."
    return _respond(request, exc.status_code, code, message, None, headers=getattr(exc, "headers", None))


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    details = validation_details(exc.errors())
    return _respond(request, 422, "validation_error", _describe_validation(details), details)


async def _deck_parse_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DeckParseError)
    return _respond(request, 422, "deck_parse_error", str(exc), problems_details(exc))


async def _deck_too_large(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DeckTooLargeError)
    details = {"limit": exc.limit, "unit": exc.unit, "actual": exc.actual}
    return _respond(request, 413, "deck_too_large", str(exc), details)


async def _catalog_error(request: Request, exc: Exception) -> JSONResponse:
    logger.error("catalog error on %s: %s", request.url.path, exc)
    return _respond(request, 503, "catalog_unavailable", str(exc))


async def _arena_error(request: Request, exc: Exception) -> JSONResponse:
    # Other engine errors are about the player's input; their messages are written for players.
    return _respond(request, 400, "bad_request", str(exc))


def storage_error(exc: BaseException) -> ApiError | None:
    """The 503 a failed write of the data folder becomes; None for any other database error."""
    if not is_storage_error(exc):
        return None
    if is_disk_full(exc):
        return ApiError(503, "storage_full", FULL_MESSAGE)
    return ApiError(503, "storage_unavailable", UNAVAILABLE_MESSAGE)


async def _sqlite_error(request: Request, exc: Exception) -> JSONResponse:
    err = storage_error(exc)
    if err is None:
        logger.error("database error on %s %s", request.method, request.url.path, exc_info=exc)
        return _respond(request, 500, "internal_error", "Something went wrong on our side; it has been logged.")
    res = getattr(request.app.state, "resources", None)
    if res is not None and res.storage is not None:
        res.storage.failed(exc, f"{request.method} {request.url.path}")
    return _respond(request, err.status, err.code, err.message, headers={"Retry-After": "60"})


def install_error_handlers(app: FastAPI) -> None:
    """Map every error a route can raise to the one JSON shape."""
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(DeckParseError, _deck_parse_error)
    app.add_exception_handler(DeckTooLargeError, _deck_too_large)
    app.add_exception_handler(CatalogError, _catalog_error)
    app.add_exception_handler(ArenaError, _arena_error)
    app.add_exception_handler(sqlite3.OperationalError, _sqlite_error)


class StartTrackingSend:
    """An ASGI ``send`` that remembers whether the response has started.

    Once the status line is out, an error can no longer become an error answer; middleware that
    answers errors itself checks ``started`` first.
    """

    def __init__(self, send: Send) -> None:
        self._send = send
        self.started = False

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.started = True
        await self._send(message)


class CatchAllMiddleware:
    """Answer an unexpected exception with a bare 500 in the error shape, logging the cause once.

    Starlette's own handler for ``Exception`` re-raises after answering, which logs every
    failure twice; catching here keeps one traceback, from ``logger.exception``.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        tracking_send = StartTrackingSend(send)
        try:
            await self.app(scope, receive, tracking_send)
        except Exception:
            logger.exception("unhandled error on %s %s", scope.get("method"), scope.get("path"))
            count_error(scope.get("app"), "internal_error")
            if tracking_send.started:
                raise  # too late for a clean answer: let the server drop the connection
            response = error_response(500, "internal_error", "Something went wrong on our side; it has been logged.")
            await response(scope, receive, send)
