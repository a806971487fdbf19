"""``python -m api --workers 2``: two processes behind one port that act as one server."""

from __future__ import annotations

import asyncio
import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from websockets.asyncio.client import connect

from tests.agent._decks import IZZET

pytestmark = [pytest.mark.timeout(240), pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def two_workers(data_dir: Path):
    port = _free_port()
    env = {**os.environ, "VAWLRATHH_DATA_DIR": str(data_dir), "SCRYFALL_ENABLED": "false",
           "UI_PROXY_ENABLED": "false", "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "api", "--host", "127.0.0.1", "--port", str(port), "--workers", "2"],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            assert proc.poll() is None, "python -m api exited while starting"
            try:
                # Both workers must be ready: ask a few times (each answer comes from either one).
                if all(httpx.get(f"{base}/health/ready", timeout=5).status_code == 200 for _ in range(6)):
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        else:
            pytest.fail("two workers were not ready within 180 s")
        yield base, data_dir
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


async def _chat(url: str) -> list[str]:
    async with connect(url, max_size=2**22) as ws:
        assert json.loads(await ws.recv())["type"] == "ready"
        await ws.send(json.dumps({"type": "user_message", "text": "how many lands should I run?", "deck": IZZET}))
        kinds = []
        while (kind := json.loads(await ws.recv())["type"]) != "done":
            kinds.append(kind)
        return kinds


def _completed_turns(metrics: str) -> float:
    match = re.search(r'^vawlrathh_turns_total\{outcome="completed",transport="websocket"\} (\S+)$', metrics, re.M)
    return float(match.group(1)) if match else 0.0


def test_two_workers_share_the_port_and_report_one_set_of_metrics(two_workers: tuple[str, Path]) -> None:
    base, data_dir = two_workers
    url = base.replace("http", "ws", 1) + "/ws/chat"

    async def many() -> list[list[str]]:
        return await asyncio.gather(*(_chat(url) for _ in range(20)))

    for kinds in asyncio.run(many()):
        assert "error" not in kinds and "token" in kinds and kinds[-1] == "message"

    pids = {m.group(1) for f in (data_dir / "metrics-workers").iterdir() if (m := re.search(r"_(\d+)\.db$", f.name))}
    assert len(pids) == 2, "both workers should have served and recorded metrics"
    # Whichever worker answers the scrape, it reports every worker's turns.
    for _ in range(6):
        metrics = httpx.get(f"{base}/metrics", timeout=10).text
        assert _completed_turns(metrics) == 20
        assert re.search(r"^vawlrathh_websockets_open 0\.0$", metrics, re.M)
