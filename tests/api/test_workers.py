"""``python -m api --workers 2``: two processes behind one port that act as one server."""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

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
        yield base, data_dir, proc
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


def test_two_workers_share_the_port_and_report_one_set_of_metrics(two_workers: tuple[str, Path, Any]) -> None:
    base, data_dir, _ = two_workers
    url = base.replace("http", "ws", 1) + "/ws/chat"

    async def many() -> list[list[str]]:
        return await asyncio.gather(*(_chat(url) for _ in range(20)))

    for kinds in asyncio.run(many()):
        assert "error" not in kinds and "token" in kinds and kinds[-1] == "message"

    pids = {m.group(1) for f in (data_dir / "metrics-workers").iterdir() if (m := re.search(r"_(\d+)\.db$", f.name))}
    assert len(pids) == 2, "both workers should have served and recorded metrics"
    # A worker counts a turn and a closed connection just after the client saw them end.
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not _settled(httpx.get(f"{base}/metrics", timeout=10).text):
        time.sleep(0.1)
    # Whichever worker answers the scrape, it reports every worker's turns.
    for _ in range(6):
        metrics = httpx.get(f"{base}/metrics", timeout=10).text
        assert _completed_turns(metrics) == 20
        assert _settled(metrics)


def _settled(metrics: str) -> bool:
    return _completed_turns(metrics) == 20 and re.search(r"^vawlrathh_websockets_open 0\.0$", metrics, re.M) is not None


def _workers_of(supervisor: int) -> list[int]:
    children = Path(f"/proc/{supervisor}/task/{supervisor}/children").read_text().split()
    return [int(c) for c in children if b"spawn_main" in Path(f"/proc/{c}/cmdline").read_bytes()]


def _established_per_process(port: int, pids: list[int]) -> dict[int, int]:
    """How many established TCP connections on ``port`` each process holds (Linux /proc)."""
    inodes = {}
    for pid in pids:
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            if target.startswith("socket:["):
                inodes[target[8:-1]] = pid
    counts = dict.fromkeys(pids, 0)
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            local_port, state, inode = int(fields[1].rsplit(":", 1)[1], 16), fields[3], fields[9]
            if local_port == port and state == "01" and inode in inodes:  # 01: ESTABLISHED
                counts[inodes[inode]] += 1
    return counts


def test_connections_are_spread_evenly_over_the_workers(two_workers: tuple[str, Path, Any]) -> None:
    """One SO_REUSEPORT socket per worker: the kernel balances, whatever each worker is doing."""
    base, _, proc = two_workers
    url, port = base.replace("http", "ws", 1) + "/ws/chat", int(base.rsplit(":", 1)[1])

    async def hold() -> dict[int, int]:
        conns = [await connect(url) for _ in range(100)]
        try:
            for conn in conns:
                assert json.loads(await conn.recv())["type"] == "ready"
            return _established_per_process(port, _workers_of(proc.pid))
        finally:
            for conn in conns:
                await conn.close()

    counts = asyncio.run(hold())
    assert sum(counts.values()) == 100 and len(counts) == 2
    assert min(counts.values()) >= 30, counts  # a shared socket let one worker take 70-75 of 100


def test_a_worker_that_dies_is_replaced_and_the_port_keeps_answering(two_workers: tuple[str, Path, Any]) -> None:
    base, _, proc = two_workers
    before = _workers_of(proc.pid)
    os.kill(before[0], signal.SIGKILL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        now = _workers_of(proc.pid)
        if len(now) == 2 and before[0] not in now:
            break
        time.sleep(0.2)
    else:
        pytest.fail(f"the killed worker was not replaced: {_workers_of(proc.pid)}")
    while time.monotonic() < deadline:  # the new worker opens the catalog, then answers
        # Until it does, connections the kernel hands to its socket wait in the backlog: a
        # timeout here means "not yet", not "broken".
        try:
            if all(httpx.get(f"{base}/health/ready", timeout=5).status_code == 200 for _ in range(8)):
                break
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    else:
        pytest.fail("the port stopped answering after a worker died")
    proc.terminate()
    assert proc.wait(timeout=30) == 0


def test_a_taken_port_is_refused_rather_than_shared(data_dir: Path) -> None:
    with socket.socket() as holder:
        holder.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)  # even a sharing-minded holder
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        env = {**os.environ, "VAWLRATHH_DATA_DIR": str(data_dir), "SCRYFALL_ENABLED": "false"}
        done = subprocess.run(
            [sys.executable, "-m", "api", "--host", "127.0.0.1", "--port", str(port), "--workers", "2"],
            cwd=REPO, env=env, capture_output=True, text=True, timeout=60,
        )
    assert done.returncode == 1
    assert f"Cannot listen on 127.0.0.1:{port}" in done.stderr
