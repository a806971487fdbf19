"""A full disk and a read-only data folder, on real (small) filesystems mounted for the test.

The data folder lives on its own tmpfs, so filling it fills nothing else. Mounting needs
root (CI containers run as root); elsewhere these tests are skipped, and say why.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import socket
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from websockets.asyncio.client import connect

from arena.paths import CATALOG_FILENAME
from tests.api.conftest import SAMPLE_DECK
from tests.api.live import LiveServer, make_settings, recv_event, recv_until

pytestmark = pytest.mark.timeout(180)

ROOT = Path(__file__).resolve().parents[2]


def _mount(target: Path, size_bytes: int, *, read_only: bool = False) -> None:
    options = f"size={size_bytes}" + (",ro" if read_only else "")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(target)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.strip() or 'not root'})")


@contextlib.contextmanager
def _tmpfs(target: Path, size_bytes: int, *, read_only: bool = False) -> Iterator[Path]:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small filesystem needs root")
    target.mkdir(parents=True, exist_ok=True)
    _mount(target, size_bytes, read_only=read_only)
    try:
        yield target
    finally:
        subprocess.run(["umount", "-l", str(target)], check=False)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _fill(folder: Path) -> Path:
    """Write a file until the filesystem has no space left; return it (delete it to free the disk)."""
    filler = folder / "filler.bin"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for size in (1024 * 1024, 4096, 1):  # big blocks, then whatever is left of the last page
            while True:
                try:
                    os.write(fd, b"\0" * size)
                except OSError as exc:
                    assert exc.errno == errno.ENOSPC
                    break
    finally:
        os.close(fd)
    return filler


async def test_a_full_disk_gets_clear_errors_error_and_done_and_not_ready(tmp_path: Path, catalog_dir: Path) -> None:
    catalog_size = (catalog_dir / CATALOG_FILENAME).stat().st_size
    with _tmpfs(tmp_path / "disk", catalog_size + 24 * 1024 * 1024) as disk:
        data = disk / "data"
        data.mkdir()
        shutil.copy(catalog_dir / CATALOG_FILENAME, data / CATALOG_FILENAME)
        with LiveServer(make_settings(data, ws_rate_burst=1000), production_options=True) as live:
            async with httpx.AsyncClient(base_url=live.url, timeout=60) as client:
                first = await client.get("/health/ready")
                assert first.status_code == 200, first.text
                assert (await client.post("/api/v1/decks", json={"text": SAMPLE_DECK})).status_code == 201
                filler = _fill(disk)

                ready = await client.get("/health/ready")
                assert ready.status_code == 503
                assert "disk full" in ready.json()["checks"]["storage"]

                statuses = []
                for _ in range(5):  # enough writes to run past any space SQLite keeps in its files
                    answer = await client.post("/api/v1/decks", json={"text": SAMPLE_DECK + f"\n// {uuid.uuid4().hex * 200}"})
                    statuses.append(answer.status_code)
                    if answer.status_code != 201:
                        assert answer.status_code == 503, answer.text
                        assert answer.json()["error"]["code"] == "storage_full"
                        assert "disk is full" in answer.json()["error"]["message"]
                assert 503 in statuses

                chats = [await client.post("/api/v1/chat", json={"text": "How is my mana?"}) for _ in range(5)]
                assert all(c.status_code in (200, 503) for c in chats), [c.text for c in chats]

                for _ in range(10):
                    async with connect(live.ws_url) as ws:
                        await recv_event(ws)
                        await ws.send(json.dumps({"type": "user_message", "text": "How is my mana?", "deck": SAMPLE_DECK}))
                        events = await recv_until(ws, "done", 30)
                        kinds = [e["type"] for e in events]
                        assert kinds[-1] == "done"
                        assert "message" in kinds or "error" in kinds

                filler.unlink()  # space again: writes succeed and the server is ready again
                assert (await client.post("/api/v1/decks", json={"text": SAMPLE_DECK})).status_code == 201
                assert (await client.get("/health/ready")).status_code == 200


def test_a_read_only_data_folder_is_named_when_the_server_cannot_start(tmp_path: Path, catalog_dir: Path) -> None:
    # Mount read-write, copy the catalog in, remount read-only: a folder the API cannot write.
    catalog_size = (catalog_dir / CATALOG_FILENAME).stat().st_size
    with _tmpfs(tmp_path / "ro", catalog_size + 4 * 1024 * 1024) as disk:
        shutil.copy(catalog_dir / CATALOG_FILENAME, disk / CATALOG_FILENAME)
        remount = subprocess.run(["mount", "-o", "remount,ro", str(disk)], capture_output=True, text=True, check=False)
        if remount.returncode != 0:
            pytest.skip(f"cannot remount read-only: {remount.stderr.strip()}")
        env = {**os.environ, "VAWLRATHH_DATA_DIR": str(disk), "HOST": "127.0.0.1"}
        done = subprocess.run([sys.executable, "-m", "api", "--port", str(_free_port())], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode != 0
    assert str(disk) in done.stderr, done.stderr[-2000:]
    assert "cannot be written" in done.stderr
