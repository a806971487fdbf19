"""Run the real ``app.py`` in a subprocess on free loopback ports, for the end-to-end UI tests."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
READY_LINE = "Vawlrathh is ready"
_SCRUBBED = ("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "OPENAI_BASE_URL", "ANTHROPIC_BASE_URL",
             "VAWLRATHH_PROVIDER", "HF_TOKEN", "VAWLRATHH_API_URL")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


@dataclass
class AppProcess:
    """A running ``python app.py``; its output goes to ``log`` (a file, so no pipe can fill up)."""

    proc: subprocess.Popen[bytes]
    log: Path
    api_port: int
    ui_port: int

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.api_port}"

    @property
    def ui_url(self) -> str:
        return f"http://127.0.0.1:{self.ui_port}"

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_for(self, text: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.output():
                return
            if self.proc.poll() is not None:
                raise AssertionError(f"app.py exited with {self.proc.returncode}:\n{self.output()}")
            time.sleep(0.2)
        raise AssertionError(f"{text!r} not seen within {timeout} s:\n{self.output()}")

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 40) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()  # our own child, by its pid
            self.proc.wait(10)
            raise AssertionError(f"app.py did not stop within {timeout} s:\n{self.output()}") from None


def start_app(workdir: Path, data_dir: Path, *, api_port: int | None = None, ui_port: int | None = None,
              extra_env: dict[str, str] | None = None) -> AppProcess:
    """Start app.py with a clean environment (no keys, no Scryfall) in ``workdir``."""
    env = {k: v for k, v in os.environ.items() if k not in _SCRUBBED}
    api_port = api_port or free_port()
    ui_port = ui_port or free_port()
    env.update({
        "HOST": "127.0.0.1",
        "API_PORT": str(api_port),
        "UI_PORT": str(ui_port),
        "VAWLRATHH_DATA_DIR": str(data_dir),
        "SCRYFALL_ENABLED": "false",
        "SCRYFALL_BASE_URL": "http://127.0.0.1:9",
        "PYTHONUNBUFFERED": "1",
        "GRADIO_ANALYTICS_ENABLED": "False",
        "NO_PROXY": "127.0.0.1,localhost",
        **(extra_env or {}),
    })
    workdir.mkdir(parents=True, exist_ok=True)
    log = workdir / "app.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, str(REPO_ROOT / "app.py")], cwd=workdir, env=env,
                                stdout=out, stderr=subprocess.STDOUT)
    return AppProcess(proc, log, api_port, ui_port)


@pytest.fixture(scope="session")
def live_app(tmp_path_factory: pytest.TempPathFactory, catalog_dir: Path) -> Iterator[AppProcess]:
    """One app.py (API + UI) shared by the gradio_client and browser tests."""
    from arena.paths import CATALOG_FILENAME

    root = tmp_path_factory.mktemp("live-app")
    data = root / "data"
    data.mkdir()
    shutil.copy(catalog_dir / CATALOG_FILENAME, data / CATALOG_FILENAME)
    app = start_app(root / "work", data)
    try:
        app.wait_for(READY_LINE, timeout=120)
        yield app
    finally:
        code = app.stop()
        assert code == 0, app.output()


def api_analysis(app: AppProcess, deck_text: str) -> dict:
    """The API's own facts for a deck, to compare with what the UI shows."""
    with httpx.Client(base_url=app.api_url, timeout=30, trust_env=False) as client:
        created = client.post("/api/v1/decks", json={"text": deck_text})
        assert created.status_code == 201, created.text
        response = client.get(f"/api/v1/decks/{created.json()['id']}/analysis")
        assert response.status_code == 200, response.text
        return response.json()
