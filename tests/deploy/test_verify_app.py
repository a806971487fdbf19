"""verify_space.py against the real ``python app.py``: passes while it runs, fails once stopped."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.deploy.conftest import REPO_ROOT, SCRIPTS

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@pytest.fixture
def running_app(data_dir: Path, tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], int, int, Path]]:
    """``python app.py`` on two free loopback ports, its output in a log file."""
    if not (REPO_ROOT / "app.py").is_file():
        pytest.skip("app.py has not landed yet")
    api_port, ui_port = _free_port(), _free_port()
    env = {
        **os.environ,
        "HOST": "127.0.0.1",
        "API_PORT": str(api_port),
        "UI_PORT": str(ui_port),
        "VAWLRATHH_DATA_DIR": str(data_dir),
    }
    log = tmp_path / "app.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "app.py"], cwd=REPO_ROOT, env=env, stdout=out,
                                stderr=subprocess.STDOUT)
    try:
        yield proc, api_port, ui_port, log
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)


def _verify(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPTS / "verify_space.py"), *args],
        capture_output=True, text=True, timeout=200, check=False,
    )


def test_verifier_passes_on_the_running_app_and_fails_once_it_stops(
    running_app: tuple[subprocess.Popen[bytes], int, int, Path],
) -> None:
    proc, api_port, ui_port, log = running_app
    base, ui = f"http://127.0.0.1:{api_port}", f"http://127.0.0.1:{ui_port}/"

    up = _verify(base, "--ui-url", ui, "--wait", "150", "--timeout", "10")

    assert proc.poll() is None, log.read_text(errors="replace")[-3000:]
    assert up.returncode == 0, up.stdout + log.read_text(errors="replace")[-3000:]
    assert up.stdout.count("PASS") == 4

    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=60) == 0
    down = _verify(base, "--ui-url", ui, "--timeout", "5")

    assert down.returncode == 1
    assert down.stdout.count("FAIL") == 4
