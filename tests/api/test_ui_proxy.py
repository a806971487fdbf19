"""One public port: the API serves the UI (reverse proxy) and itself under /proxy/<API_PORT>.

Real servers on loopback throughout: the API under uvicorn (LiveServer) and, as the UI, a
small recording ASGI app under uvicorn that serves HTML, echoes requests and streams SSE;
then the real Gradio UI. No timing assertions: "not buffered" is shown by reading the first
event while the upstream is provably still holding the stream open.
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import json
import logging
import re
import socket
import sys
import threading
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import Route
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from agent.settings import Settings
from api.ui_proxy import (
    UiProxy,
    alias_prefix,
    request_headers,
    response_headers,
    route_path,
    ui_upstream_url,
)
from tests.api.live import LiveServer, make_settings, recv_event
from tests.api.scripted import ANSWER, ScriptedRuntime

pytestmark = pytest.mark.timeout(120)

PREFIX = "/proxy/7860"  # make_settings keeps API_PORT at its default, whatever port the test uses
UI_PAGE = "<!doctype html><html><head><title>fake ui</title></head><body>the chat UI</body></html>"


# ---- the stand-in UI: records what reaches it ----------------------------------------------


class FakeUi:
    """A tiny upstream under uvicorn in a thread; every request it gets is recorded."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.release_stream = threading.Event()  # lets /gradio_api/queue/data finish
        self.stream_closed = threading.Event()   # set when /sse/forever's client is gone
        self.port = 0
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    def app(self) -> Starlette:
        async def record(request: Request) -> dict[str, Any]:
            body = await request.body()
            entry = {
                "method": request.method,
                "path": request.url.path,
                "raw_path": request.scope.get("raw_path", b"").decode("latin-1"),
                "query": request.scope.get("query_string", b"").decode("latin-1"),
                "headers": [(k.decode("latin-1"), v.decode("latin-1")) for k, v in request.scope["headers"]],
                "body_len": len(body),
                "body_sha": hashlib.sha256(body).hexdigest(),
            }
            self.requests.append(entry)
            return entry

        async def page(request: Request) -> Response:
            await record(request)
            return HTMLResponse(UI_PAGE)

        async def echo(request: Request) -> Response:
            return JSONResponse(await record(request), headers={"X-Upstream": "fake-ui"})

        async def queue_data(request: Request) -> Response:
            await record(request)

            async def events() -> AsyncIterator[bytes]:
                yield b"data: {\"msg\": \"first\"}\n\n"
                released = await anyio.to_thread.run_sync(self.release_stream.wait, 30.0)
                yield b"data: {\"msg\": \"second\", \"released\": " + str(released).lower().encode() + b"}\n\n"

            return StreamingResponse(events(), media_type="text/event-stream")

        async def forever(request: Request) -> Response:
            await record(request)

            async def beats() -> AsyncIterator[bytes]:
                try:
                    for _ in range(600):  # bounded: 2 minutes at most
                        yield b": heartbeat\n\n"
                        await asyncio.sleep(0.2)
                finally:
                    self.stream_closed.set()

            return StreamingResponse(beats(), media_type="text/event-stream")

        async def broken(request: Request) -> Response:
            await record(request)

            async def events() -> AsyncIterator[bytes]:
                yield b"data: partial\n\n"
                await asyncio.sleep(0.05)
                raise RuntimeError("the fake UI falls over mid-stream (expected in this test)")

            return StreamingResponse(events(), media_type="text/event-stream")

        async def redirect(request: Request) -> Response:
            await record(request)
            return Response(status_code=302, headers={"Location": f"http://127.0.0.1:{self.port}/landing?x=1"})

        async def cookies(request: Request) -> Response:
            await record(request)
            response = Response("ok")
            response.set_cookie("a", "1")
            response.set_cookie("b", "2")
            return response

        async def gzipped(request: Request) -> Response:
            await record(request)
            return Response(gzip.compress(b"squeezed " * 100), media_type="text/plain",
                            headers={"Content-Encoding": "gzip"})

        return Starlette(routes=[
            Route("/", page, methods=["GET", "HEAD"]),
            Route("/gradio_api/queue/data", queue_data),
            Route("/sse/forever", forever),
            Route("/sse/broken", broken),
            Route("/redirect", redirect),
            Route("/cookies", cookies),
            Route("/gzip", gzipped),
            Route("/{rest:path}", echo, methods=["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]),
        ])

    def start(self) -> FakeUi:
        sock = _bound_socket()
        self.port = sock.getsockname()[1]
        config = uvicorn.Config(self.app(), log_level="warning", lifespan="off", timeout_graceful_shutdown=2)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [sock]}, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 30
        while not self._server.started:
            assert self._thread.is_alive() and time.monotonic() < deadline, "the fake UI did not start"
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self.release_stream.set()
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=15)

    def paths(self) -> list[str]:
        return [r["path"] for r in self.requests]


def _bound_socket() -> socket.socket:
    # IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY only then (else ~40 ms per small answer).
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


def _closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _header(entry: dict[str, Any], name: str) -> list[str]:
    return [v for k, v in entry["headers"] if k == name]


# ---- fixtures ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fake_ui() -> Iterator[FakeUi]:
    ui = FakeUi().start()
    yield ui
    ui.stop()


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory, catalog_dir: Path, fake_ui: FakeUi) -> Iterator[LiveServer]:
    from tests.api.conftest import _fresh_data_dir

    folder = _fresh_data_dir(tmp_path_factory.mktemp("ui-proxy"), catalog_dir)
    with LiveServer(make_settings(folder, ui_port=fake_ui.port), open_runtime=ScriptedRuntime.opener()) as live:
        yield live


@pytest.fixture
async def client(api: LiveServer) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=api.url, timeout=30, trust_env=False) as c:
        yield c


@pytest.fixture(autouse=True)
def _fresh_record(fake_ui: FakeUi) -> None:
    fake_ui.requests.clear()
    fake_ui.release_stream.clear()
    fake_ui.stream_closed.clear()


def _error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "details"}, body
    assert body["error"]["code"] == code and body["error"]["message"], body
    return dict(body["error"])


# ---- the UI through the API's port -----------------------------------------------------------


async def test_root_is_the_ui_page(client: httpx.AsyncClient, fake_ui: FakeUi) -> None:
    r = await client.get("/", headers={"Accept": "text/html"})

    assert r.status_code == 200 and r.text == UI_PAGE
    assert r.headers["content-type"].startswith("text/html")
    assert fake_ui.paths() == ["/"]


async def test_method_path_query_body_and_headers_are_forwarded(client: httpx.AsyncClient, fake_ui: FakeUi,
                                                                api: LiveServer) -> None:
    body = bytes(range(256)) * 400  # 100 KiB, every byte value
    r = await client.post(
        "/gradio_api/upload/a%20b%2Fc", params={"upload_id": "x y", "n": "1"}, content=body,
        headers={"Content-Type": "application/octet-stream", "X-Custom": "kept", "Cookie": "s=1",
                 "Connection": "keep-alive, X-Secret-Hop", "X-Secret-Hop": "dropped", "TE": "trailers"},
    )

    assert r.status_code == 200, r.text
    assert r.headers["x-upstream"] == "fake-ui"
    seen = r.json()
    assert seen["method"] == "POST"
    assert seen["raw_path"] == "/gradio_api/upload/a%20b%2Fc"  # encoded bytes unchanged
    assert seen["query"] == "upload_id=x+y&n=1"
    assert seen["body_len"] == len(body) and seen["body_sha"] == hashlib.sha256(body).hexdigest()
    names = {k for k, _ in seen["headers"]}
    assert _header(seen, "x-custom") == ["kept"] and _header(seen, "cookie") == ["s=1"]
    assert _header(seen, "content-type") == ["application/octet-stream"]
    assert not names & {"x-secret-hop", "te", "keep-alive"}, names
    assert _header(seen, "host") == [f"127.0.0.1:{fake_ui.port}"]
    assert _header(seen, "x-forwarded-host") == [f"127.0.0.1:{api.port}"]
    assert _header(seen, "x-forwarded-proto") == ["http"]
    assert _header(seen, "x-forwarded-for") == ["127.0.0.1"]


@pytest.mark.parametrize("method", ["GET", "PUT", "PATCH", "DELETE", "OPTIONS"])
async def test_every_method_reaches_the_ui(client: httpx.AsyncClient, fake_ui: FakeUi, method: str) -> None:
    r = await client.request(method, "/gradio_api/anything")

    assert r.status_code == 200 and r.json()["method"] == method


async def test_an_outer_proxys_forwarded_headers_are_kept(client: httpx.AsyncClient) -> None:
    """Behind the Space's HTTPS front end Gradio must build https:// URLs for the public host."""
    r = await client.get("/gradio_api/config", headers={
        "X-Forwarded-Proto": "https", "X-Forwarded-Host": "owner-vawlrathh.hf.space", "X-Forwarded-For": "203.0.113.9",
    })

    seen = r.json()
    assert _header(seen, "x-forwarded-proto") == ["https"]
    assert _header(seen, "x-forwarded-host") == ["owner-vawlrathh.hf.space"]
    # uvicorn trusts X-Forwarded-For from loopback and already reports 203.0.113.9 as the
    # client; the chain names it once (an untrusted peer is appended: see the unit test).
    assert _header(seen, "x-forwarded-for") == ["203.0.113.9"]


async def test_sse_streams_through_without_buffering(client: httpx.AsyncClient, fake_ui: FakeUi) -> None:
    """The first event arrives while the UI still holds the stream open (it waits for us)."""
    async with client.stream("GET", "/gradio_api/queue/data", params={"session_hash": "s1"},
                             headers={"Accept": "text/event-stream"}) as r:
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/event-stream")
        lines = r.aiter_lines()
        first = await asyncio.wait_for(anext(lines), 20)
        assert json.loads(first.removeprefix("data: ")) == {"msg": "first"}
        assert not fake_ui.release_stream.is_set()  # so nothing could have buffered the whole stream
        fake_ui.release_stream.set()
        rest = [line async for line in lines if line]
    assert [json.loads(x.removeprefix("data: ")) for x in rest] == [{"msg": "second", "released": True}]


async def test_a_client_that_leaves_closes_the_ui_stream(client: httpx.AsyncClient, fake_ui: FakeUi,
                                                       caplog: pytest.LogCaptureFixture) -> None:
    """Gradio frees a session when its heartbeat stream drops: the drop must reach the UI."""
    caplog.set_level(logging.WARNING, logger="api")
    async with client.stream("GET", "/sse/forever") as r:
        assert await asyncio.wait_for(anext(r.aiter_lines()), 20) == ": heartbeat"
    # Leaving the block closed our connection; the proxy must now close its upstream one.
    assert await anyio.to_thread.run_sync(fake_ui.stream_closed.wait, 20.0)
    assert (await client.get("/health")).status_code == 200
    assert [r.getMessage() for r in caplog.records if r.name.startswith("api")] == []  # a normal event, not an error


async def test_a_ui_stream_that_breaks_is_cut_not_completed(client: httpx.AsyncClient,
                                                            caplog: pytest.LogCaptureFixture) -> None:
    """Mid-stream the status is sent: the client must see a cut, not a clean (false) ending."""
    caplog.set_level(logging.WARNING, logger="api")
    async with client.stream("GET", "/sse/broken") as r:
        lines = r.aiter_lines()
        assert await asyncio.wait_for(anext(lines), 20) == "data: partial"
        with pytest.raises(httpx.RemoteProtocolError):
            async for _ in lines:
                pass
    warnings = [r.getMessage() for r in caplog.records if r.name == "api.ui_proxy"]
    assert any("/sse/broken broke" in w for w in warnings), warnings
    assert not [r for r in caplog.records if r.name == "api.errors"], "not an unhandled error"
    assert (await client.get("/health")).status_code == 200


async def test_redirects_stay_on_the_public_port(client: httpx.AsyncClient) -> None:
    r = await client.get("/redirect")

    assert r.status_code == 302 and r.headers["location"] == "/landing?x=1"


async def test_every_set_cookie_and_raw_encoding_survive(client: httpx.AsyncClient) -> None:
    cookies = await client.get("/cookies")
    assert sorted(v.split(";")[0] for v in cookies.headers.get_list("set-cookie")) == ["a=1", "b=2"]

    squeezed = await client.get("/gzip", headers={"Accept-Encoding": "gzip"})
    assert squeezed.headers["content-encoding"] == "gzip"
    assert squeezed.text == "squeezed " * 100  # decoded by the client: the bytes passed through intact


async def test_head_is_forwarded(client: httpx.AsyncClient, fake_ui: FakeUi) -> None:
    r = await client.head("/")

    assert r.status_code == 200 and r.content == b""
    assert fake_ui.requests[-1]["method"] == "HEAD"


# ---- the API is never shadowed ---------------------------------------------------------------


async def test_api_routes_are_answered_by_the_api(client: httpx.AsyncClient, fake_ui: FakeUi) -> None:
    assert (await client.get("/health")).json()["status"] == "healthy"
    assert (await client.get("/health/ready")).status_code == 200
    assert (await client.get("/health/live")).status_code == 200
    assert "provider" in (await client.get("/api/v1/status")).json()
    assert (await client.get("/openapi.json")).json()["info"]["title"] == "Vawlrathh API"
    assert "swagger-ui" in (await client.get("/docs")).text
    assert (await client.get("/redoc")).status_code == 200
    assert "vawlrathh" in (await client.get("/metrics")).text
    assert fake_ui.requests == []


async def test_unknown_paths_in_api_namespaces_get_the_api_404(client: httpx.AsyncClient, fake_ui: FakeUi) -> None:
    _error(await client.get("/api/v1/nothing-here"), 404, "not_found")
    _error(await client.get("/api/other"), 404, "not_found")
    _error(await client.get("/health/nothing"), 404, "not_found")
    _error(await client.get("/ws/other"), 404, "not_found")
    _error(await client.get(f"{PREFIX}/nothing-here"), 404, "not_found")
    _error(await client.get(f"{PREFIX}/gradio_api/info"), 404, "not_found")  # the alias is the API only
    assert fake_ui.requests == []


async def test_a_wrong_method_on_an_api_path_is_still_the_apis_405(client: httpx.AsyncClient, fake_ui: FakeUi) -> None:
    _error(await client.post("/health"), 405, "method_not_allowed")
    _error(await client.delete("/api/v1/status"), 405, "method_not_allowed")
    assert fake_ui.requests == []


async def test_websocket_to_a_ui_path_is_refused_not_proxied(api: LiveServer, fake_ui: FakeUi) -> None:
    """Gradio 6 uses no WebSocket, so none is proxied; the API's own still works."""
    with pytest.raises(InvalidStatus) as refused:
        async with connect(f"ws://127.0.0.1:{api.port}/gradio_api/queue/ws", open_timeout=10) as ws:
            await ws.recv()
    assert refused.value.response.status_code == 403  # closed before accept: the handshake is refused
    assert fake_ui.requests == []


# ---- the API under /proxy/7860 ---------------------------------------------------------------


async def test_alias_health_is_the_same_health(client: httpx.AsyncClient) -> None:
    plain, aliased = (await client.get("/health")).json(), (await client.get(f"{PREFIX}/health")).json()

    assert aliased.keys() == plain.keys() and aliased["status"] == plain["status"] == "healthy"
    assert aliased["version"] == plain["version"]
    assert (await client.get(f"{PREFIX}/health/ready")).json()["status"] == "ready"
    assert (await client.get(f"{PREFIX}/health/live")).status_code == 200
    assert (await client.get(f"{PREFIX}/api/v1/status")).json() == (await client.get("/api/v1/status")).json()


async def test_alias_rest_calls_work_with_bodies(client: httpx.AsyncClient, sample_deck: str) -> None:
    created = await client.post(f"{PREFIX}/api/v1/decks", json={"text": sample_deck, "name": "Burn"})
    assert created.status_code == 201, created.text
    deck_id = created.json()["id"]

    assert (await client.get(f"/api/v1/decks/{deck_id}")).json()["name"] == "Burn"
    assert (await client.get(f"{PREFIX}/api/v1/decks/{deck_id}")).json()["name"] == "Burn"


async def test_alias_docs_load_the_prefixed_schema(client: httpx.AsyncClient) -> None:
    """What a browser does at /proxy/7860/docs: fetch the schema URL written in the page."""
    docs = await client.get(f"{PREFIX}/docs")
    assert docs.status_code == 200 and "swagger-ui" in docs.text
    assert f"'{PREFIX}/openapi.json'" in docs.text or f'"{PREFIX}/openapi.json"' in docs.text

    schema = (await client.get(f"{PREFIX}/openapi.json")).json()
    assert schema["servers"][0]["url"] == PREFIX  # "Try it out" calls the prefixed paths
    assert "/api/v1/decks" in schema["paths"]
    assert f"{PREFIX}/openapi.json" in (await client.get(f"{PREFIX}/redoc")).text
    # The plain docs are untouched by the alias.
    assert "'/openapi.json'" in (await client.get("/docs")).text or '"/openapi.json"' in (await client.get("/docs")).text
    assert "servers" not in (await client.get("/openapi.json")).json()


@pytest.mark.parametrize("path", [PREFIX, f"{PREFIX}/"])
async def test_bare_alias_goes_to_the_docs(client: httpx.AsyncClient, path: str) -> None:
    r = await client.get(path)

    assert r.status_code == 307 and r.headers["location"] == f"{PREFIX}/docs"


async def test_alias_websocket_chat(api: LiveServer) -> None:
    async with connect(f"ws://127.0.0.1:{api.port}{PREFIX}/ws/chat", open_timeout=10) as ws:
        ready = await recv_event(ws)
    assert ready["type"] == "ready" and ready["provider"] == "offline"


# ---- the UI down, the proxy off ----------------------------------------------------------------


@pytest.fixture
def api_without_ui(data_dir: Path) -> Iterator[LiveServer]:
    settings = make_settings(data_dir, ui_port=_closed_port())
    with LiveServer(settings, open_runtime=ScriptedRuntime.opener()) as live:
        yield live


async def test_ui_down_gives_502_json_to_scripts_and_a_page_to_browsers(api_without_ui: LiveServer) -> None:
    async with httpx.AsyncClient(base_url=api_without_ui.url, timeout=30, trust_env=False) as c:
        error = _error(await c.get("/gradio_api/info", headers={"Accept": "application/json"}), 502, "ui_unavailable")
        assert "UI" in error["message"]
        plain = await c.post("/gradio_api/queue/join", json={"fn_index": 0})
        _error(plain, 502, "ui_unavailable")
        assert plain.headers["retry-after"].isdigit()

        page = await c.get("/", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
        assert page.status_code == 502 and page.headers["content-type"].startswith("text/html")
        assert "starting" in page.text.lower() and 'href="/docs"' in page.text
        assert '<meta http-equiv="refresh"' in page.text

        assert (await c.get("/health")).status_code == 200  # the API itself is fine
        metrics = (await c.get("/metrics")).text
    assert 'vawlrathh_errors_total{code="ui_unavailable"} 3.0' in metrics


async def test_proxy_disabled_keeps_the_api_alone(data_dir: Path, fake_ui: FakeUi) -> None:
    settings = make_settings(data_dir, ui_port=fake_ui.port, ui_proxy_enabled=False)
    with LiveServer(settings, open_runtime=ScriptedRuntime.opener()) as live:
        async with httpx.AsyncClient(base_url=live.url, timeout=30, trust_env=False) as c:
            root = await c.get("/")
            assert root.status_code == 307 and root.headers["location"] == "/docs"
            _error(await c.get("/gradio_api/info"), 404, "not_found")
            assert (await c.get(f"{PREFIX}/health")).json()["status"] == "healthy"  # the alias stays
    assert fake_ui.requests == []


def test_the_setting_reads_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UI_PROXY_ENABLED", "false")
    assert Settings(_env_file=None).ui_proxy_enabled is False  # type: ignore[call-arg]
    monkeypatch.delenv("UI_PROXY_ENABLED")
    assert Settings(_env_file=None).ui_proxy_enabled is True  # type: ignore[call-arg]


# ---- the pieces on their own -----------------------------------------------------------------


@pytest.mark.parametrize(("host", "expected"), [
    ("0.0.0.0", "http://127.0.0.1:7861"),
    ("", "http://127.0.0.1:7861"),
    ("127.0.0.1", "http://127.0.0.1:7861"),
    ("::", "http://[::1]:7861"),
    ("10.1.2.3", "http://10.1.2.3:7861"),
])
def test_upstream_url_follows_host_and_ui_port(host: str, expected: str) -> None:
    assert ui_upstream_url(Settings(_env_file=None, HOST=host)) == expected  # type: ignore[call-arg]
    assert ui_upstream_url(Settings(_env_file=None, HOST=host, UI_PORT=9000)).endswith(":9000")  # type: ignore[call-arg]


def test_alias_prefix_follows_the_api_port() -> None:
    assert alias_prefix(Settings(_env_file=None)) == "/proxy/7860"  # type: ignore[call-arg]
    assert alias_prefix(Settings(_env_file=None, API_PORT=8860)) == "/proxy/8860"  # type: ignore[call-arg]


def test_route_path_strips_only_a_whole_root_segment() -> None:
    assert route_path({"path": "/proxy/7860/health", "root_path": "/proxy/7860"}) == "/health"
    assert route_path({"path": "/proxy/78600/x", "root_path": "/proxy/7860"}) == "/proxy/78600/x"
    assert route_path({"path": "/health", "root_path": ""}) == "/health"


def test_request_headers_drop_hop_by_hop_and_add_forwarding() -> None:
    scope = {
        "scheme": "https", "client": ("198.51.100.7", 5555),
        "headers": [(b"host", b"example.org"), (b"connection", b"Upgrade, X-Hop"), (b"upgrade", b"websocket"),
                    (b"x-hop", b"1"), (b"keep-alive", b"timeout=5"), (b"proxy-authorization", b"secret"),
                    (b"accept", b"*/*"), (b"expect", b"100-continue"), (b"x-forwarded-for", b"203.0.113.1")],
    }

    out = dict(request_headers(scope))

    assert out == {b"accept": b"*/*", b"x-forwarded-for": b"203.0.113.1, 198.51.100.7",
                   b"x-forwarded-host": b"example.org", b"x-forwarded-proto": b"https"}


def test_response_headers_drop_hop_by_hop_and_relativise_the_uis_own_location() -> None:
    upstream = httpx.URL("http://127.0.0.1:7861")
    raw = [(b"Content-Type", b"text/html"), (b"Transfer-Encoding", b"chunked"), (b"Connection", b"close, X-Hop"),
           (b"X-Hop", b"1"), (b"Date", b"yesterday"), (b"Server", b"uvicorn"), (b"Set-Cookie", b"a=1"),
           (b"Set-Cookie", b"b=2"), (b"Location", b"http://127.0.0.1:7861/config?x=1")]

    out = response_headers(raw, upstream, {"root_path": ""})

    assert out == [(b"content-type", b"text/html"), (b"set-cookie", b"a=1"), (b"set-cookie", b"b=2"),
                   (b"location", b"/config?x=1")]
    elsewhere = response_headers([(b"Location", b"https://huggingface.co/login")], upstream, {})
    assert elsewhere == [(b"location", b"https://huggingface.co/login")]
    lookalike = response_headers([(b"Location", b"http://127.0.0.1:78610/x")], upstream, {})
    assert lookalike == [(b"location", b"http://127.0.0.1:78610/x")]


def test_reserved_namespaces_cover_every_api_route(api: LiveServer) -> None:
    proxy = api.app.router.default
    assert isinstance(proxy, UiProxy)
    reserved = proxy.reserved()
    assert {"api", "health", "metrics", "ws", "docs", "redoc", "openapi.json"} <= reserved
    for path in api.app.openapi()["paths"]:
        assert path.lstrip("/").split("/")[0] in reserved, path


# ---- the real Gradio UI behind the API's port ------------------------------------------------


@pytest.fixture(scope="module")
def gradio_api(tmp_path_factory: pytest.TempPathFactory, catalog_dir: Path) -> Iterator[LiveServer]:
    """The API (scripted agent) plus the real Gradio UI on the port the API proxies to."""
    from tests.api.conftest import _fresh_data_dir

    with pytest.MonkeyPatch.context() as env:
        env.setenv("GRADIO_ANALYTICS_ENABLED", "False")
        from ui.app import create_ui, launch_options

        ui_port = _closed_port()
        folder = _fresh_data_dir(tmp_path_factory.mktemp("ui-proxy-gradio"), catalog_dir)
        settings = make_settings(folder, ui_port=ui_port)
        with LiveServer(settings, open_runtime=ScriptedRuntime.opener()) as live:
            demo = create_ui(settings.model_copy(update={"api_url": live.url}))
            demo.queue()
            demo.launch(server_name="127.0.0.1", server_port=ui_port, prevent_thread_lock=True, quiet=True,
                        ssr_mode=False, **launch_options(settings))
            try:
                yield live
            finally:
                demo.close()


@pytest.mark.slow
async def test_gradio_page_assets_and_config_through_the_api_port(gradio_api: LiveServer) -> None:
    async with httpx.AsyncClient(base_url=gradio_api.url, timeout=30, trust_env=False) as c:
        page = await c.get("/", headers={"Accept": "text/html"})
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        assert "<!doctype html>" in page.text.lower() and "gradio" in page.text.lower()
        scripts = re.findall(r'src="\./(assets/[^"]+\.js)"', page.text)
        assert scripts, "Gradio's page names its script bundle"
        bundle = await c.get(f"/{scripts[0]}")
        assert bundle.status_code == 200 and "javascript" in bundle.headers["content-type"]
        assert (await c.get("/theme.css")).status_code == 200
        # Gradio writes its public root from the forwarded headers: the API's port here...
        assert (await c.get("/config")).json()["root"] == gradio_api.url
        # ...and the Space's https host behind its front end (no mixed content, no loopback links).
        behind = await c.get("/config", headers={"X-Forwarded-Proto": "https", "X-Forwarded-Host": "owner-vawlrathh.hf.space"})
        assert behind.json()["root"] == "https://owner-vawlrathh.hf.space"
        assert {"/chat", "/analyze_deck"} <= set((await c.get("/gradio_api/info")).json()["named_endpoints"])
        assert (await c.get("/health")).json()["status"] == "healthy"  # still the API's


@pytest.mark.slow
def test_gradio_client_chats_through_the_api_port(gradio_api: LiveServer) -> None:
    """A whole chat turn over Gradio's queue (POST join + SSE data) through the proxy."""
    from gradio_client import Client

    client = Client(gradio_api.url, verbose=False, download_files=False)
    outputs = client.predict({"text": "How is my mana?", "files": []}, api_name="/chat")
    messages = outputs[0]  # the chatbot; the other outputs are the chat tab's side panels

    answers = [m["content"] for m in messages if not (m.get("metadata") or {}).get("title")]
    assert answers and ANSWER in answers[-1], messages
    assert any((m.get("metadata") or {}).get("title") for m in messages), "the steps came through too"


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SPACE_HOST = "vawlrathh-test.hf.space"


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium")
def test_a_browser_uses_the_ui_and_the_api_docs_on_one_port(gradio_api: LiveServer) -> None:
    """As on a Space: one host, one port; the chat streams and the docs load from /proxy/7860."""
    pytest.importorskip("playwright", reason="the playwright package is not installed")
    from playwright.sync_api import sync_playwright

    origin = f"http://{SPACE_HOST}:{gradio_api.port}"
    rules = f"--host-resolver-rules=MAP {SPACE_HOST} 127.0.0.1:{gradio_api.port}"
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=[*CHROMIUM_ARGS, rules])
        try:
            page = chromium.new_page(viewport={"width": 1280, "height": 1000})
            page.set_default_timeout(30_000)
            page.goto(origin + "/", wait_until="load")
            box = page.locator("#chat-input textarea")
            box.fill("How is my mana?")
            box.press("Enter")
            page.wait_for_selector("#vawlrathh-chat :text('Fact check')")
            assert ANSWER in page.locator("#vawlrathh-chat [data-testid=bot]").last.inner_text()
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "ui-through-the-api-port-chat.png"), full_page=True)

            page.get_by_role("tab", name="API Documentation").click()
            link = page.locator("#api-docs a.docs-link")
            link.wait_for()
            assert link.get_attribute("href") == f"{origin}{PREFIX}/docs"
            docs = page.locator("#api-docs iframe").element_handle().content_frame()
            assert docs is not None
            docs.wait_for_url(f"{origin}{PREFIX}/docs")
            docs.wait_for_load_state()
            assert docs.title() == "Vawlrathh API - Swagger UI"
            # What Swagger UI would fetch next (its script comes from a CDN this machine cannot reach).
            schema_url = docs.evaluate("() => document.documentElement.innerHTML.match(/url: '([^']+)'/)[1]")
            assert schema_url == f"{PREFIX}/openapi.json"
            servers = docs.evaluate(f"() => fetch('{schema_url}').then(r => r.json()).then(j => j.servers)")
            assert servers[0]["url"] == PREFIX
            page.screenshot(path=str(ARTIFACTS / "ui-through-the-api-port-docs.png"), full_page=True)
        finally:
            chromium.close()


# ---- the real app.py: one port serves everything ---------------------------------------------


def _verify_space_module() -> Any:
    """scripts/verify_space.py as a module (scripts/ is not a package)."""
    import importlib.util

    path = Path(__file__).resolve().parents[2] / "scripts" / "verify_space.py"
    spec = importlib.util.spec_from_file_location("verify_space_under_test", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_app_py_passes_the_space_checks_on_its_api_port_alone(tmp_path: Path, data_dir: Path) -> None:
    """``python app.py``, then verify_space's Space checks against the API port only.

    On a Space that port is 7860 and the alias /proxy/7860; here the port is free-chosen, so
    the checks' prefix follows it. The UI's own port is never asked.
    """
    from tests.ui.conftest import READY_LINE, start_app

    app = start_app(tmp_path / "work", data_dir)
    try:
        app.wait_for(READY_LINE, timeout=120)
        verify = _verify_space_module()
        checks = [
            verify.Check(c.name, c.url.replace(verify.SPACE_API_PREFIX, f"/proxy/{app.api_port}"), c.expect)
            for c in verify.plan_checks(app.api_url, "space")
        ]
        assert all(str(app.ui_port) not in c.url for c in checks)
        outcomes = verify.verify(checks, timeout=10.0, wait=0.0)
        assert all(o.ok for o in outcomes), "\n".join(o.line() for o in outcomes)
    finally:
        code = app.stop()
    assert code == 0, app.output()


# ---- bodies that go wrong on the way in ---------------------------------------------------------


async def test_a_chunked_upload_over_the_body_limit_gets_the_apis_413(client: httpx.AsyncClient, api: LiveServer) -> None:
    """No Content-Length to refuse up front: the limit trips while the body streams upstream."""
    limit = api.settings.max_body_bytes

    async def body() -> AsyncIterator[bytes]:
        for _ in range(limit // 65536 + 2):
            yield b"u" * 65536

    r = await client.post("/gradio_api/upload", content=body())

    _error(r, 413, "payload_too_large")
    assert (await client.get("/health")).status_code == 200


async def test_a_client_that_leaves_mid_upload_is_let_go(api: LiveServer, fake_ui: FakeUi,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="api")
    reader, writer = await asyncio.open_connection("127.0.0.1", api.port)
    writer.write(b"POST /gradio_api/upload HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n" + b"p" * 1000)
    await writer.drain()
    writer.close()
    await writer.wait_closed()
    del reader

    async with httpx.AsyncClient(base_url=api.url, timeout=30, trust_env=False) as c:
        assert (await c.get("/health")).status_code == 200
        assert (await c.get("/gradio_api/after")).json()["path"] == "/gradio_api/after"
    assert not [r for r in caplog.records if r.name == "api.errors"], [r.getMessage() for r in caplog.records]
