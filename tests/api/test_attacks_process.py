"""Attacks on the API as deployed: ``python -m api`` in its own process, at LOG_LEVEL=DEBUG.

The log is what an operator (or anyone who reads the Space's logs) sees, so a player's key
must not reach it at any level; and the raw request ``OPTIONS *`` must not become a 500.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from websockets.asyncio.client import connect

from arena.paths import CATALOG_FILENAME
from tests.api.live import recv_event

pytestmark = pytest.mark.timeout(240)

ROOT = Path(__file__).resolve().parents[2]
CANARY = "sk-canary-" + "Q7xZ" * 10 + "end"  # 51 characters, none of them common in a log


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def debug_api(tmp_path_factory: pytest.TempPathFactory, catalog_dir: Path) -> Iterator[tuple[str, Path]]:
    """``python -m api`` on a free port with LOG_LEVEL=DEBUG; yields its URL and log file."""
    folder = tmp_path_factory.mktemp("debug-api")
    data = folder / "data"
    data.mkdir()
    shutil.copy(catalog_dir / CATALOG_FILENAME, data / CATALOG_FILENAME)
    log = folder / "api.log"
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.endswith("_API_KEY")}
    env.update({"VAWLRATHH_DATA_DIR": str(data), "LOG_LEVEL": "DEBUG", "HOST": "127.0.0.1",
                "SCRYFALL_ENABLED": "false", "PROVIDER": "auto"})
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "api", "--port", str(port)], cwd=ROOT, env=env,
                                stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                if httpx.get(f"{url}/health/ready", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the API did not start: {log.read_text()[-2000:]}")
            time.sleep(0.3)
        yield url, log
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


# ---- 9. a key in a DEBUG log ----------------------------------------------------------------

async def test_a_players_key_never_reaches_the_debug_log(debug_api: tuple[str, Path]) -> None:
    url, log = debug_api
    ws_url = url.replace("http://", "ws://") + "/ws/chat"
    async with connect(ws_url) as ws:
        await ws.send(json.dumps({"type": "hello", "keys": {"openai": CANARY, "anthropic": CANARY}}))
        assert (await recv_event(ws))["type"] == "ready"
        await ws.send(json.dumps({"type": "ping"}))
        assert (await recv_event(ws))["type"] == "pong"
    await asyncio.sleep(0.5)  # the server writes its log lines
    text = log.read_text(errors="replace")
    assert "payload not logged" in text, "the frames are logged at DEBUG, without their payload"
    for start in range(0, len(CANARY) - 12):
        assert CANARY[start:start + 12] not in text, f"a piece of the key is in the log: {CANARY[start:start + 12]!r}"


# ---- 6. OPTIONS * -------------------------------------------------------------------------------

def test_options_star_is_answered_without_a_server_error(debug_api: tuple[str, Path]) -> None:
    url, log = debug_api
    port = int(url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(b"OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        reply = b""
        while chunk := sock.recv(65536):
            reply += chunk
    status = int(reply.split(b" ", 2)[1])
    assert status < 500, reply[:500]
    assert b'"error"' in reply  # the one error shape
    assert "InvalidURL" not in log.read_text(errors="replace")
