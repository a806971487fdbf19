"""app.py from start to ready to a clean stop, and its refusals: taken ports, an API never ready."""

from __future__ import annotations

import http.server
import signal
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.ui.conftest import READY_LINE, free_port, port_is_free, start_app

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_app_starts_both_servers_and_stops_cleanly(sig: int, tmp_path: Path, data_dir: Path) -> None:
    app = start_app(tmp_path / "work", data_dir)
    try:
        app.wait_for(READY_LINE, timeout=120)
        with httpx.Client(timeout=10, trust_env=False) as client:
            assert client.get(f"{app.api_url}/health/ready").status_code == 200
            page = client.get(app.ui_url)
            assert page.status_code == 200 and "Vawlrathh" in page.text
        assert f"http://localhost:{app.ui_port}" in app.output()
    finally:
        code = app.stop(sig)
    assert code == 0, app.output()
    assert "Vawlrathh stopped (" in app.output()
    assert port_is_free(app.api_port) and port_is_free(app.ui_port)


def test_api_workers_run_as_child_processes_and_stop_with_the_app(tmp_path: Path, data_dir: Path) -> None:
    app = start_app(tmp_path / "work", data_dir, extra_env={"API_WORKERS": "2"})
    try:
        app.wait_for(READY_LINE, timeout=150)
        with httpx.Client(timeout=10, trust_env=False) as client:
            assert all(client.get(f"{app.api_url}/health/ready").status_code == 200 for _ in range(4))
            assert client.get(app.ui_url).status_code == 200
        workers = _descendants(app.proc.pid)
        assert len(workers) >= 3, "python -m api and its two workers"
    finally:
        code = app.stop(signal.SIGTERM)
    assert code == 0, app.output()
    assert port_is_free(app.api_port) and port_is_free(app.ui_port)
    # A zombie has exited; whether it is reaped is up to the machine's init process.
    left = {pid: state for pid in workers if (state := _describe(pid)) != "gone" and " Z " not in state}
    assert not left, f"no worker outlives app.py: {left}"


def _describe(pid: int) -> str:
    try:
        status = dict(line.split(":\t", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":\t" in line)
    except OSError:
        return "gone"
    return f"{status.get('Name')} {status.get('State')} ppid={status.get('PPid')}"


def _descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (Linux /proc)."""
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        for task in Path(f"/proc/{parent}/task").iterdir():
            children = (task / "children").read_text().split()
            found += [int(c) for c in children]
            todo += [int(c) for c in children]
    return found


def test_first_start_builds_the_catalog_with_progress(tmp_path: Path) -> None:
    app = start_app(tmp_path / "work", tmp_path / "empty-data")
    try:
        app.wait_for(READY_LINE, timeout=180)
    finally:
        code = app.stop()
    assert code == 0
    assert "Building the card catalog" in app.output()
    assert "Building card catalog: 100%" in app.output() or "cards in" in app.output()
    assert (tmp_path / "empty-data" / "catalog.sqlite3").exists()


@pytest.fixture
def occupied_port() -> Iterator[socket.socket]:
    """A port someone else listens on; the app must leave it alone."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", free_port()))
    sock.listen()
    yield sock
    sock.close()


@pytest.mark.parametrize("which", ["API_PORT", "UI_PORT"])
def test_a_taken_port_is_named_and_left_alone(which: str, occupied_port: socket.socket, tmp_path: Path,
                                              data_dir: Path) -> None:
    port = occupied_port.getsockname()[1]
    kwargs = {"api_port": port} if which == "API_PORT" else {"ui_port": port}
    app = start_app(tmp_path / "work", data_dir, **kwargs)  # type: ignore[arg-type]
    assert app.proc.wait(60) == 1, app.output()
    assert f"Port {port} ({which})" in app.output()
    assert "already in use" in app.output()
    # The other program still has its port: nothing was killed or taken over.
    client = socket.create_connection(("127.0.0.1", port), timeout=5)
    client.close()
    other = app.ui_port if which == "API_PORT" else app.api_port
    assert port_is_free(other)


class _NeverReady(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(503)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"status": "not_ready", "checks": {"catalog": "still loading"}}')

    def log_message(self, *args: object) -> None:
        pass


def test_an_api_that_never_gets_ready_is_reported_with_its_last_answer() -> None:
    import app as launcher

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _NeverReady)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        with pytest.raises(launcher.StartupError, match=r"not ready within 1 s\. Last answer: HTTP 503.*still loading"):
            launcher.wait_until_ready(url, timeout_s=1, stop=threading.Event(), interval_s=0.1)
    finally:
        server.shutdown()
        server.server_close()


def test_the_same_port_twice_is_refused() -> None:
    import app as launcher

    with pytest.raises(launcher.StartupError, match="API_PORT and UI_PORT are both 7000"):
        launcher.check_ports(launcher.Endpoints("127.0.0.1", 7000, 7000))


def test_an_unusable_data_dir_is_named(tmp_path: Path) -> None:
    not_a_dir = tmp_path / "data"
    not_a_dir.write_text("a file where the data folder should be")
    app = start_app(tmp_path / "work", not_a_dir)
    assert app.proc.wait(90) == 1, app.output()
    assert f"The card catalog in {not_a_dir} (VAWLRATHH_DATA_DIR) cannot be opened" in app.output()
    assert "Traceback" not in app.output()
    assert port_is_free(app.api_port) and port_is_free(app.ui_port)
