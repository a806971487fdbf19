"""The data folder as a dependency: a full disk or an unwritable folder said plainly, not a 500.

Decks, thread leases and checkpoints are written to SQLite files in ``DATA_DIR``. When that
disk fills, every write fails with SQLITE_FULL; the API answers those with 503
``storage_full`` (HTTP) or an ``error`` then ``done`` (WebSocket), and ``/health/ready``
says not ready until writes can succeed again, so a load balancer stops sending players here.
"""

from __future__ import annotations

import errno
import logging
import os
import shutil
import sqlite3
import time
from pathlib import Path

logger = logging.getLogger(__name__)

# Below this much free space a write of a deck or a checkpoint may fail half-way.
MIN_FREE_BYTES = 1024 * 1024
# After a failed write, readiness stays "not ready" this long unless a write succeeds first.
FAILURE_MEMORY_S = 30.0

_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT}
FULL_MESSAGE = "The server's disk is full, so nothing can be saved right now. Try again in a few minutes."
UNAVAILABLE_MESSAGE = "The server cannot save anything right now (its storage refused a write). Try again in a few minutes."


def is_disk_full(exc: BaseException) -> bool:
    """True for SQLite's SQLITE_FULL and for OSError ENOSPC/EDQUOT."""
    if isinstance(exc, sqlite3.Error):
        return getattr(exc, "sqlite_errorname", "") == "SQLITE_FULL" or "disk is full" in str(exc)
    return isinstance(exc, OSError) and exc.errno in _FULL_ERRNOS


def is_storage_error(exc: BaseException) -> bool:
    """A failure of the data folder itself (full, read-only, I/O), not of the request."""
    if is_disk_full(exc):
        return True
    if isinstance(exc, sqlite3.OperationalError):
        name = getattr(exc, "sqlite_errorname", "")
        return name.startswith(("SQLITE_READONLY", "SQLITE_IOERR", "SQLITE_CANTOPEN")) or "readonly" in str(exc)
    return False


class StorageHealth:
    """What readiness knows about the data folder: free space, and the last failed write."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self._failed_at: float | None = None
        self._failure = ""

    def failed(self, exc: BaseException, where: str) -> None:
        """Record a storage failure (logged once per episode, with the path, for the operator)."""
        if self._failed_at is None:
            logger.error("writing to the data folder %s failed (%s): %s", self.data_dir, where, exc)
        self._failed_at = time.monotonic()
        self._failure = "disk full" if is_disk_full(exc) else str(exc)

    def succeeded(self) -> None:
        self._failed_at = None

    def check(self) -> str:
        """``"ok"``, or why nothing can be written to the data folder now."""
        try:
            free = shutil.disk_usage(self.data_dir).free
        except OSError as exc:
            return f"data folder {self.data_dir}: {exc.strerror or exc}"
        if free < MIN_FREE_BYTES:
            return f"data folder {self.data_dir}: disk full ({free // 1024} KiB free)"
        if not os.access(self.data_dir, os.W_OK):
            return f"data folder {self.data_dir}: not writable"
        if self._failed_at is not None and time.monotonic() - self._failed_at < FAILURE_MEMORY_S:
            return f"data folder {self.data_dir}: last write failed ({self._failure})"
        return "ok"


def check_writable(data_dir: Path) -> None:
    """Fail start-up with a message naming the folder when it cannot hold the API's files."""
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        probe = data_dir / f".write-probe-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise RuntimeError(
            f"The data folder {data_dir} cannot be written ({exc.strerror or exc}). The API keeps its "
            "card catalog, decks and chat threads there: make it writable, or point VAWLRATHH_DATA_DIR "
            "at a folder that is."
        ) from exc
