"""One turn per thread at a time, across connections, POST /chat and every API worker process.

Two turns interleaving on one thread would write its checkpoint out of order. With more than
one worker process behind the port (``python -m api --workers 2``), a thread's next message
may reach another process, so claims live in SQLite (``DATA_DIR/app.sqlite3``, table
``thread_claims``), where every worker sees them.

A claim is a lease: it names the process holding it and expires ``LEASE_S`` seconds later
unless renewed. The holder renews its leases every ``LEASE_S / 3`` while its turns run, so a
process killed mid-turn blocks its threads for at most ``LEASE_S``. Each call is one short
statement on a WAL database, run on the event loop's thread: a hop to a worker thread would
cost more than the statement.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import sqlite3
import time
import uuid
from pathlib import Path

from api.store import DB_FILENAME

logger = logging.getLogger(__name__)

LEASE_S = 30.0
BUSY_TIMEOUT_MS = 5000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS thread_claims (
    thread_id  TEXT PRIMARY KEY,
    owner      TEXT NOT NULL,
    expires_at REAL NOT NULL
);
"""
# Insert, or take over a claim whose lease has run out; changes() is 0 when it is held.
_CLAIM = """
INSERT INTO thread_claims (thread_id, owner, expires_at) VALUES (?, ?, ?)
ON CONFLICT (thread_id) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
WHERE thread_claims.expires_at < ?
"""


class ThreadBusy(Exception):
    """A turn is already running on this thread (from this or another connection or process)."""


class ThreadClaims:
    """This process's view of the shared claims table, and the leases it holds."""

    def __init__(self, conn: sqlite3.Connection, *, lease_s: float = LEASE_S):
        self._conn = conn
        self.lease_s = lease_s
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._held: set[str] = set()
        self._renewer: asyncio.Task[None] | None = None

    @classmethod
    def open(cls, data_dir: Path, *, lease_s: float = LEASE_S) -> ThreadClaims:
        data_dir.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(data_dir / DB_FILENAME, check_same_thread=False, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")  # a lease lost to a power cut expires anyway
            conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            conn.executescript(_SCHEMA)
        except Exception:
            conn.close()
            raise
        return cls(conn, lease_s=lease_s)

    def claim(self, thread_id: str) -> None:
        """Take the thread for one turn, or raise ``ThreadBusy`` when someone holds it."""
        if thread_id in self._held:
            raise ThreadBusy(thread_id)
        now = time.time()
        changed = self._conn.execute(_CLAIM, (thread_id, self.owner, now + self.lease_s, now)).rowcount
        if changed != 1 and self._take_from_dead(thread_id, now):
            changed = 1
        if changed != 1:
            raise ThreadBusy(thread_id)
        self._held.add(thread_id)
        self._ensure_renewing()

    def _take_from_dead(self, thread_id: str, now: float) -> bool:
        """Take over a claim whose holder was a process on this machine that no longer runs.

        A process killed mid-turn (kill -9, a crashed worker) cannot release its leases; without
        this, its threads would refuse turns until the lease ran out (up to ``LEASE_S``).
        """
        row = self._conn.execute("SELECT owner FROM thread_claims WHERE thread_id = ?", (thread_id,)).fetchone()
        if row is None or not _dead_here(row[0]):
            return False
        logger.info("thread %s was claimed by %s, which has exited; taking it over", thread_id, row[0])
        taken = self._conn.execute(
            "UPDATE thread_claims SET owner = ?, expires_at = ? WHERE thread_id = ? AND owner = ?",
            (self.owner, now + self.lease_s, thread_id, row[0]),
        ).rowcount
        return taken == 1

    def release(self, thread_id: str) -> None:
        """Give the thread back; a no-op when this process does not hold it."""
        if thread_id not in self._held:
            return
        self._held.discard(thread_id)
        try:
            self._conn.execute("DELETE FROM thread_claims WHERE thread_id = ? AND owner = ?", (thread_id, self.owner))
        except sqlite3.Error:  # the lease runs out on its own; the turn's outcome stands
            logger.exception("releasing the claim on thread %s failed", thread_id)

    def is_busy(self, thread_id: str) -> bool:
        """True while any process holds a live claim on the thread."""
        if thread_id in self._held:
            return True
        row = self._conn.execute(
            "SELECT 1 FROM thread_claims WHERE thread_id = ? AND expires_at >= ?", (thread_id, time.time())
        ).fetchone()
        return row is not None

    @property
    def held(self) -> frozenset[str]:
        return frozenset(self._held)

    def renew(self) -> None:
        """Push out the expiry of every claim this process holds, and forget long-dead ones."""
        now = time.time()
        self._conn.execute("UPDATE thread_claims SET expires_at = ? WHERE owner = ?", (now + self.lease_s, self.owner))
        self._conn.execute("DELETE FROM thread_claims WHERE expires_at < ?", (now - self.lease_s,))

    def _ensure_renewing(self) -> None:
        if self._renewer is None or self._renewer.done():
            self._renewer = asyncio.get_running_loop().create_task(self._renew_while_held(), name="thread-claims-renew")

    async def _renew_while_held(self) -> None:
        while self._held:
            await asyncio.sleep(self.lease_s / 3)
            try:
                self.renew()
            except sqlite3.Error:
                logger.exception("renewing thread claims failed; retrying in %.0f s", self.lease_s / 3)

    async def close(self) -> None:
        """Stop renewing, drop this process's claims, close the connection."""
        if self._renewer is not None:
            self._renewer.cancel()
            await asyncio.gather(self._renewer, return_exceptions=True)
        try:
            self._conn.execute("DELETE FROM thread_claims WHERE owner = ?", (self.owner,))
        finally:
            self._held.clear()
            self._conn.close()


def _dead_here(owner: str) -> bool:
    """True when ``owner`` (``host:pid:nonce``) names a process of this host that has exited."""
    host, _, rest = owner.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return False  # ours: a live claim of this process is never taken over
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # alive, someone else's
    return False
