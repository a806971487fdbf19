"""One public port: the API also serves the Gradio UI, and answers under ``/proxy/<API_PORT>``.

A Hugging Face Space publishes only port 7860, where the API listens; the UI listens on
UI_PORT (7861) and would be unreachable. Two pieces close the gap:

* ``UiProxy`` is the API router's *default* app: it runs only when no API route matched,
  so no API path is ever shadowed (and a wrong method on an API path still gets the API's
  405). It forwards the request to the UI on ``http://127.0.0.1:UI_PORT`` through the app's
  pooled httpx client and streams the answer back chunk by chunk, because Gradio's queue
  and heartbeat are Server-Sent Events that must not be buffered. Paths in the API's own
  namespaces (``/api``, ``/health``, ``/docs``, ``/ws``...) are never forwarded: a typo
  there gets the API's JSON 404, not a Gradio page.
* ``ApiAliasMiddleware`` serves the API under ``/proxy/<API_PORT>/...`` as well, which is
  where the UI's API Documentation tab and ``scripts/verify_space.py`` look on a Space. It
  moves the prefix into ``root_path`` (the ASGI way), so routing strips it and FastAPI's
  ``/docs`` page loads ``/proxy/<API_PORT>/openapi.json``, whose ``servers`` entry makes
  "Try it out" call the prefixed paths too.

WebSockets: Gradio 6 needs none (its queue, heartbeat and dev reload are all SSE over plain
HTTP; its frontend mentions WebSockets only to refuse Gradio 3 apps), so WebSocket requests
for paths the API does not own are refused as before rather than proxied.
"""

from __future__ import annotations

import html
import logging
from collections.abc import AsyncIterator, Iterable
from urllib.parse import quote

import anyio
import httpx
from fastapi import FastAPI
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from agent.settings import Settings
from api.docs import DOCS_PATHS
from api.errors import count_error, error_response

logger = logging.getLogger(__name__)

# Namespaces the API keeps even where OpenAPI lists nothing: a typo under them is an API 404.
API_NAMESPACES = ("api", "ws")

# Marks a request that came in through the /proxy/<port> alias: it is for the API only.
ALIAS_SCOPE_KEY = "vawlrathh.api_alias"

# RFC 9110 §7.6.1: headers for one connection only, never forwarded by a proxy. Host is
# replaced by the upstream's; the X-Forwarded-* headers are rebuilt in request_headers.
HOP_BY_HOP = frozenset({
    "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection",
    "te", "trailer", "transfer-encoding", "upgrade",
})
# Expect: 100-continue was already answered by our own server when the body was read.
_REQUEST_DROP = HOP_BY_HOP | {"host", "expect", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto"}
# The API's server stamps its own Date and Server; two of each would confuse caches.
_RESPONSE_DROP = HOP_BY_HOP | {"date", "server"}

# Loopback connects fail at once when the UI is down; the read timeout only has to outlast
# the quietest legitimate stream: Gradio's SSE endpoints send a heartbeat every 15 s.
UPSTREAM_TIMEOUT = httpx.Timeout(connect=5.0, read=300.0, write=30.0, pool=10.0)
RETRY_AFTER_S = 5

_STARTING_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="refresh" content="{retry}">
<title>Vawlrathh is starting</title>
<style>body{{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;line-height:1.5}}</style>
</head><body>
<h1>Vawlrathh is starting</h1>
<p>The chat UI is not answering yet. It starts right after the API, usually within a minute
of a restart; this page reloads itself every {retry} seconds.</p>
<p>The API is already up: <a href="{docs}">{docs}</a>.</p>
<p><small>Running the API alone (<code>uvicorn api.main:app</code>)? Start the whole app with
<code>python app.py</code>, or set <code>UI_PROXY_ENABLED=false</code> to keep this port API-only.</small></p>
</body></html>
"""


def ui_upstream_url(settings: Settings) -> str:
    """Where this machine reaches the UI: its port on loopback, or on HOST when HOST is specific."""
    host = settings.host
    if host in ("", "0.0.0.0"):
        host = "127.0.0.1"
    elif host == "::":
        host = "::1"
    netloc = f"[{host}]" if ":" in host else host
    return f"http://{netloc}:{settings.ui_port}"


def alias_prefix(settings: Settings) -> str:
    """The prefix a Space's proxy convention puts before the API: ``/proxy/<API_PORT>``."""
    return f"/proxy/{settings.api_port}"


def install_ui_proxy(app: FastAPI, settings: Settings) -> None:
    """Serve the API under the alias prefix and, when enabled, the UI on every other path.

    Call it after every route is included: the reserved namespaces are read from them.
    """
    app.add_middleware(ApiAliasMiddleware, prefix=alias_prefix(settings))
    if settings.ui_proxy_enabled:
        app.router.default = UiProxy(app, fallback=app.router.default, upstream=ui_upstream_url(settings))


def route_path(scope: Scope) -> str:
    """The path the router matches: ``path`` without the ``root_path`` it starts with."""
    path: str = scope["path"]
    root: str = scope.get("root_path", "")
    if root and path.startswith(root) and (len(path) == len(root) or path[len(root)] == "/"):
        return path[len(root):]
    return path


class ApiAliasMiddleware:
    """Answer ``<prefix>/anything`` as the API's ``/anything`` (HTTP and WebSocket).

    The full path stays in ``path`` and the prefix joins ``root_path``, as ASGI expects of
    an app mounted under a prefix: URLs built from the request keep the prefix.
    """

    def __init__(self, app: ASGIApp, prefix: str) -> None:
        self.app = app
        self.prefix = prefix.rstrip("/")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        path = route_path(scope)
        if path != self.prefix and not path.startswith(self.prefix + "/"):
            await self.app(scope, receive, send)
            return
        root = scope.get("root_path", "") + self.prefix
        if path in (self.prefix, self.prefix + "/") and scope["type"] == "http":
            # The bare prefix has no page of its own; the API's front page is its docs.
            await RedirectResponse(root + "/docs", status_code=307)(scope, receive, send)
            return
        await self.app({**scope, "root_path": root, ALIAS_SCOPE_KEY: True}, receive, send)


class UiUnavailable(Exception):
    """The UI could not be asked: which error code and status the client gets."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


class UiProxy:
    """Forward what no API route matched to the UI, streaming the answer back unbuffered."""

    def __init__(self, app: FastAPI, *, fallback: ASGIApp, upstream: str) -> None:
        self.app = app
        self.fallback = fallback
        self.upstream = httpx.URL(upstream)
        self._reserved: frozenset[str] | None = None

    def reserved(self) -> frozenset[str]:
        """First path segments the API owns (``api``, ``health``, ``docs``...): never proxied.

        Read from the OpenAPI paths (FastAPI nests included routers, so ``app.routes`` is
        not flat) plus the docs pages and the WebSocket namespace, which OpenAPI leaves out.
        Only unmatched paths reach the proxy, so this decides 404s, never which route answers.
        """
        if self._reserved is None:
            paths = list(self.app.openapi().get("paths", {}))
            paths += [url for url in (self.app.openapi_url, *DOCS_PATHS) if url]
            segments = {_first_segment(p) for p in paths} | set(API_NAMESPACES)
            self._reserved = frozenset(s for s in segments if s)
        return self._reserved

    def forwards(self, scope: Scope) -> bool:
        """Is this request for the UI? HTTP only, not through the API alias, not an API namespace."""
        if scope["type"] != "http" or scope.get(ALIAS_SCOPE_KEY):
            return False
        if not scope["path"].startswith("/"):
            return False  # "OPTIONS *" names the server, not a page: no URL to forward it to
        return _first_segment(route_path(scope)) not in self.reserved()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not self.forwards(scope):
            await self.fallback(scope, receive, send)
            return
        try:
            upstream = await self._open(scope, receive)
        except ClientDisconnect:
            return  # the browser left while sending its body: nobody to answer
        except UiUnavailable as exc:
            count_error(self.app, exc.code)
            await _unavailable_response(scope, exc)(scope, receive, send)
            return
        try:
            await send({
                "type": "http.response.start",
                "status": upstream.status_code,
                "headers": response_headers(upstream.headers.raw, self.upstream, scope),
            })
            await _pump(upstream, receive, send, scope)
        except OSError:
            pass  # the client went away before the status line reached it
        finally:
            # Closing the upstream stream is what tells Gradio a browser left (its heartbeat
            # endpoint frees the session's state when the connection drops).
            await upstream.aclose()

    async def _open(self, scope: Scope, receive: Receive) -> httpx.Response:
        """Send the request upstream and return the response with its body still unread."""
        resources = getattr(self.app.state, "resources", None)
        if resources is None:
            raise UiUnavailable(503, "not_ready", "The API is still starting; the UI is served once it is ready.")
        headers = request_headers(scope)
        has_body = any(k in (b"content-length", b"transfer-encoding") for k, _ in scope["headers"])
        request = resources.http.build_request(
            scope["method"],
            self.upstream.copy_with(raw_path=_raw_target(scope)),
            headers=headers,
            content=_request_body(receive) if has_body else None,
            timeout=UPSTREAM_TIMEOUT,
        )
        try:
            return await resources.http.send(request, stream=True)
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            logger.info("UI at %s is not answering: %s", self.upstream, exc)
            raise UiUnavailable(502, "ui_unavailable",
                                "The chat UI is not answering yet (starting or stopped); try again in a few seconds.") from exc
        except httpx.PoolTimeout as exc:
            logger.warning("UI proxy: every pooled connection is busy")
            raise UiUnavailable(503, "ui_busy", "Too many open UI connections right now; try again shortly.") from exc
        except httpx.TimeoutException as exc:
            logger.warning("UI at %s timed out on %s %s", self.upstream, scope["method"], scope["path"])
            raise UiUnavailable(504, "ui_timeout", "The chat UI did not answer in time.") from exc
        except httpx.HTTPError as exc:
            logger.warning("UI at %s failed on %s %s: %r", self.upstream, scope["method"], scope["path"], exc)
            raise UiUnavailable(502, "ui_unavailable", "The chat UI failed to answer; try again in a few seconds.") from exc


async def _pump(upstream: httpx.Response, receive: Receive, send: Send, scope: Scope) -> None:
    """Copy the body chunk by chunk while watching for the client to disconnect.

    Every expected failure is handled inside the task group: anyio would wrap it in an
    ExceptionGroup on the way out, past the handlers of the caller.
    """
    async with anyio.create_task_group() as tasks:

        async def watch_disconnect() -> None:
            try:
                while (await receive())["type"] != "http.disconnect":
                    pass  # leftovers of a body the UI answered without reading
            except HTTPException:
                return  # those leftovers broke the body limit; a failed send still ends us
            tasks.cancel_scope.cancel()

        tasks.start_soon(watch_disconnect)
        try:
            async for chunk in upstream.aiter_raw():
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await send({"type": "http.response.body", "body": b"", "more_body": False})
        except httpx.HTTPError as exc:
            # Too late for an error answer: end without completing, so the client sees the cut.
            logger.warning("UI stream for %s %s broke: %r", scope["method"], scope["path"], exc)
        except OSError:
            pass  # the client went away mid-answer (ASGI 2.4 servers raise it from send)
        finally:
            tasks.cancel_scope.cancel()


async def _request_body(receive: Receive) -> AsyncIterator[bytes]:
    """The client's body as it arrives, so uploads are never held whole in memory."""
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise ClientDisconnect()
        body = message.get("body", b"")
        if body:
            yield body
        if not message.get("more_body", False):
            return


def _raw_target(scope: Scope) -> bytes:
    """Path and query exactly as the client sent them (Gradio's ``/file=`` paths hold odd bytes)."""
    raw = scope.get("raw_path")
    if raw is None or scope.get("root_path"):
        raw = quote(route_path(scope), safe="/:@!$&'()*+,;=").encode("ascii")
    query: bytes = scope.get("query_string", b"")
    return raw + (b"?" + query if query else b"")


def _connection_tokens(headers: Iterable[tuple[bytes, bytes]]) -> set[bytes]:
    """Header names the sender listed in ``Connection``: also for this hop only."""
    return {
        token.strip().lower()
        for name, value in headers if name.lower() == b"connection"
        for token in value.split(b",") if token.strip()
    }


def request_headers(scope: Scope) -> list[tuple[bytes, bytes]]:
    """The client's headers minus hop-by-hop ones, plus X-Forwarded-For/Host/Proto.

    Gradio builds its public URLs from X-Forwarded-Host and -Proto. Values an outer proxy
    already set (the Space's HTTPS front end) are kept, so the UI links to https://, not
    to the loopback address it was reached on.
    """
    raw: list[tuple[bytes, bytes]] = scope["headers"]
    drop = {n.encode() for n in _REQUEST_DROP} | _connection_tokens(raw)
    out = [(k, v) for k, v in raw if k.lower() not in drop]

    def first(name: bytes) -> bytes | None:
        for key, value in raw:
            if key.lower() == name:
                return value.split(b",")[0].strip() or None
        return None

    client = scope.get("client")
    chain = [v for k, v in raw if k.lower() == b"x-forwarded-for"]
    peer = str(client[0]).encode("latin-1") if client else None
    # uvicorn may already have replaced the peer with the chain's last hop (it trusts
    # X-Forwarded-For from loopback); naming that hop twice would invent a proxy.
    last = chain[-1].rsplit(b",", 1)[-1].strip() if chain else None
    if peer and peer != last:
        chain.append(peer)
    if chain:
        out.append((b"x-forwarded-for", b", ".join(chain)))
    host = first(b"x-forwarded-host") or first(b"host")
    if host:
        out.append((b"x-forwarded-host", host))
    out.append((b"x-forwarded-proto", first(b"x-forwarded-proto") or scope.get("scheme", "http").encode("ascii")))
    return out


def response_headers(raw: Iterable[tuple[bytes, bytes]], upstream: httpx.URL, scope: Scope) -> list[tuple[bytes, bytes]]:
    """The UI's headers minus hop-by-hop ones; a Location pointing at the UI's own address is
    made relative, so a redirect keeps the browser on the public port."""
    raw = list(raw)
    drop = {n.encode() for n in _RESPONSE_DROP} | _connection_tokens(raw)
    out: list[tuple[bytes, bytes]] = []
    origin = f"{upstream.scheme}://{upstream.netloc.decode('ascii')}".encode("ascii")
    for key, value in raw:
        name = key.lower()
        if name in drop:
            continue
        if name == b"location" and (value == origin or value.startswith(origin + b"/")):
            value = scope.get("root_path", "").encode("latin-1") + (value[len(origin):] or b"/")
        out.append((name, value))
    return out


def _first_segment(path: str) -> str:
    """``/api/v1/decks`` → ``api``; ``/`` → ``""``."""
    return path.lstrip("/").split("/", 1)[0]


def _wants_html(scope: Scope) -> bool:
    for key, value in scope.get("headers", ()):
        if key.lower() == b"accept":
            return b"text/html" in value.lower()
    return False


def _unavailable_response(scope: Scope, exc: UiUnavailable) -> Response:
    """A browser gets a page that reloads itself; scripts get the API's JSON error shape."""
    headers = {"Retry-After": str(RETRY_AFTER_S), "Cache-Control": "no-store"}
    if _wants_html(scope):
        docs = html.escape(scope.get("root_path", "") + "/docs")
        page = _STARTING_PAGE.format(retry=RETRY_AFTER_S, docs=docs)
        return HTMLResponse(page, status_code=exc.status, headers=headers)
    return error_response(exc.status, exc.code, exc.message, {"upstream": "ui"}, headers=headers)

