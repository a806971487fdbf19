"""verify_space.py against small local servers shaped like the app, running and stopped."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import ModuleType

import pytest

from tests.deploy.conftest import SCRIPTS

Route = tuple[int, str, str]  # status, content type, body
HTML = (200, "text/html; charset=utf-8", "<!doctype html><html><body>Vawlrathh</body></html>")


def _json(status: int, body: dict[str, object]) -> Route:
    return status, "application/json", json.dumps(body)


API_ROUTES: dict[str, Route] = {
    "/health": _json(200, {"status": "healthy", "version": "0.1.0"}),
    "/health/ready": _json(200, {"status": "ready", "checks": {"catalog": "ok"}}),
    "/health/live": _json(200, {"status": "alive"}),
}


class Server:
    """A threaded HTTP server on loopback answering fixed routes; 404 for the rest."""

    def __init__(self, routes: dict[str, Route], port: int = 0) -> None:
        self.routes = routes
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                status, ctype, body = owner.routes.get(self.path, (404, "text/plain", "not found"))
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


@pytest.fixture
def servers() -> Iterator[list[Server]]:
    started: list[Server] = []
    yield started
    for server in started:
        server.stop()


def start(servers: list[Server], routes: dict[str, Route]) -> Server:
    server = Server(routes)
    servers.append(server)
    return server


def verify(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPTS / "verify_space.py"), *args, "--timeout", "5"],
        capture_output=True, text=True, timeout=60, check=False,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def test_local_app_passes(servers: list[Server]) -> None:
    api = start(servers, API_ROUTES)
    ui = start(servers, {"/": HTML})

    done = verify(api.url, "--ui-url", ui.url + "/")

    assert done.returncode == 0, done.stdout
    assert done.stdout.count("PASS") == 4
    assert f"{api.url}/health/ready" in done.stdout
    assert "4 of 4 checks passed" in done.stdout


def test_stopped_app_fails_every_check(servers: list[Server]) -> None:
    api = start(servers, API_ROUTES)
    ui = start(servers, {"/": HTML})
    api_url, ui_url = api.url, ui.url + "/"
    api.stop()
    ui.stop()
    servers.clear()

    done = verify(api_url, "--ui-url", ui_url)

    assert done.returncode == 1
    assert done.stdout.count("FAIL") == 4
    assert "no answer" in done.stdout


def test_space_mode_goes_through_the_proxy_prefix(servers: list[Server]) -> None:
    routes = {"/proxy/7860" + path: route for path, route in API_ROUTES.items()}
    routes["/"] = HTML
    space = start(servers, routes)

    done = verify(space.url, "--space")

    assert done.returncode == 0, done.stdout
    assert f"{space.url}/proxy/7860/health/live" in done.stdout
    assert "as a space deployment" in done.stdout


def test_local_paths_do_not_pass_as_a_space(servers: list[Server]) -> None:
    api = start(servers, {**API_ROUTES, "/": HTML})

    done = verify(api.url, "--space")

    assert done.returncode == 1
    assert done.stdout.count("FAIL") == 3  # the three health checks behind /proxy/7860


def test_not_ready_fails_with_the_reason(servers: list[Server]) -> None:
    routes = dict(API_ROUTES)
    routes["/health/ready"] = _json(503, {"status": "not_ready", "checks": {"catalog": "not open"}})
    api = start(servers, routes)
    ui = start(servers, {"/": HTML})

    done = verify(api.url, "--ui-url", ui.url + "/")

    assert done.returncode == 1
    failed = [line for line in done.stdout.splitlines() if line.startswith("FAIL")]
    assert len(failed) == 1 and "HTTP 503" in failed[0] and "not open" in failed[0]


def test_ui_must_answer_html(servers: list[Server]) -> None:
    api = start(servers, API_ROUTES)
    ui = start(servers, {"/": _json(200, {"detail": "this is the API, not the UI"})})

    done = verify(api.url, "--ui-url", ui.url + "/")

    assert done.returncode == 1
    assert "not an HTML page" in done.stdout


def test_health_must_be_json(servers: list[Server]) -> None:
    routes = dict(API_ROUTES)
    routes["/health"] = HTML
    api = start(servers, routes)
    ui = start(servers, {"/": HTML})

    done = verify(api.url, "--ui-url", ui.url + "/")

    assert done.returncode == 1
    assert "not JSON" in done.stdout


def test_wait_retries_until_the_app_comes_up(servers: list[Server]) -> None:
    port = free_port()
    ui = start(servers, {"/": HTML})
    late: list[Server] = []

    def come_up() -> None:
        late.append(Server(API_ROUTES, port))

    timer = threading.Timer(2.0, come_up)
    timer.start()
    try:
        done = verify(f"http://127.0.0.1:{port}", "--ui-url", ui.url + "/", "--wait", "30")
    finally:
        timer.cancel()
        timer.join()
        servers.extend(late)

    assert late, "the late server never started"
    assert done.returncode == 0, done.stdout


def test_bad_url_is_a_usage_error() -> None:
    done = verify("localhost:7860")

    assert done.returncode == 2
    assert "http(s) URL" in done.stderr


@pytest.mark.parametrize(
    ("url", "mode"),
    [
        ("https://mcp-1st-birthday-vawlrathh.hf.space", "space"),
        ("http://localhost:7860", "local"),
        ("http://127.0.0.1:7860/", "local"),
        ("http://10.1.2.3:7860", "local"),
    ],
)
def test_mode_detection(verify_space: ModuleType, url: str, mode: str) -> None:
    assert verify_space.detect_mode(url) == mode


def test_space_page_url_becomes_the_app_host(verify_space: ModuleType) -> None:
    page = "https://huggingface.co/spaces/MCP-1st-Birthday/vawlrathh"

    assert verify_space.space_url_from_page(page) == "https://mcp-1st-birthday-vawlrathh.hf.space"
    assert verify_space.space_url_from_page("http://localhost:7860") == "http://localhost:7860"


def test_local_ui_defaults_to_port_7861_on_the_same_host(verify_space: ModuleType) -> None:
    checks = verify_space.plan_checks("http://localhost:7860/", "local")

    assert [c.url for c in checks] == [
        "http://localhost:7860/health",
        "http://localhost:7860/health/ready",
        "http://localhost:7860/health/live",
        "http://localhost:7861/",
    ]
