"""Thread memory: LangGraph's SQLite checkpointer at DATA_DIR/threads.sqlite3.

One thread per conversation (the checkpointer's ``thread_id``); a process restart reopens the
same file and loses nothing; deleting a thread removes all of its checkpoints.

The checkpointer runs its SQLite calls on the event loop's own thread (``LoopSqliteSaver``).
A checkpoint read or write takes a fraction of a millisecond in WAL mode, while a hop to a
worker thread (``aiosqlite``) must win the GIL back from a busy event loop, which can take the
interpreter's whole 5 ms switch interval: with a hundred turns starting at once those hops
queued up and delayed the last turn's first step by half a second.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import sqlite3
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Any

from langgraph.checkpoint.base import (  # RunnableConfig: langchain_core's, re-exported here
    ChannelVersions,
    Checkpoint,
    CheckpointMetadata,
    CheckpointTuple,
    RunnableConfig,
)
from langgraph.checkpoint.sqlite import SqliteSaver

logger = logging.getLogger(__name__)

THREADS_FILENAME = "threads.sqlite3"
# Another process writing the same file (a second API worker) holds its lock for well under
# a millisecond; wait for it rather than fail the turn.
BUSY_TIMEOUT_MS = 5000


class LoopSqliteSaver(SqliteSaver):
    """``SqliteSaver`` whose async methods call the synchronous ones in place, without a thread."""

    async def aget_tuple(self, config: RunnableConfig) -> CheckpointTuple | None:
        return self.get_tuple(config)

    async def alist(
        self,
        config: RunnableConfig | None,
        *,
        filter: dict[str, Any] | None = None,
        before: RunnableConfig | None = None,
        limit: int | None = None,
    ) -> AsyncIterator[CheckpointTuple]:
        for item in self.list(config, filter=filter, before=before, limit=limit):
            yield item

    async def aput(
        self, config: RunnableConfig, checkpoint: Checkpoint, metadata: CheckpointMetadata, new_versions: ChannelVersions
    ) -> RunnableConfig:
        return self.put(config, checkpoint, metadata, new_versions)

    async def aput_writes(
        self, config: RunnableConfig, writes: Sequence[tuple[str, Any]], task_id: str, task_path: str = ""
    ) -> None:
        self.put_writes(config, writes, task_id, task_path)

    async def adelete_thread(self, thread_id: str) -> None:
        self.delete_thread(thread_id)

    async def aget_delta_channel_history(self, *args: Any, **kwargs: Any) -> Any:
        return self.get_delta_channel_history(*args, **kwargs)


# LangGraph asks inspect.signature() whether put_writes takes task_path on every run (~60 µs);
# a precomputed signature makes that a lookup.
LoopSqliteSaver.put_writes.__signature__ = inspect.signature(SqliteSaver.put_writes)  # type: ignore[attr-defined]
LoopSqliteSaver.aput_writes.__signature__ = inspect.signature(LoopSqliteSaver.aput_writes)  # type: ignore[attr-defined]


def connect(path: Path) -> sqlite3.Connection:
    """Open the threads database for the checkpointer: WAL, and patient with other writers."""
    conn = sqlite3.connect(str(path), check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        # WAL: readers (thread history, readiness) never wait for a turn being written.
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    except Exception:
        conn.close()
        raise
    return conn


class ThreadMemory:
    """Own the SQLite connection and the checkpointer built on it."""

    def __init__(self, path: Path, saver: LoopSqliteSaver):
        self.path = path
        self.saver = saver

    @classmethod
    async def open(cls, data_dir: Path) -> ThreadMemory:
        """Open (creating if needed) DATA_DIR/threads.sqlite3 and its checkpoint tables."""
        await asyncio.to_thread(data_dir.mkdir, parents=True, exist_ok=True)
        path = data_dir / THREADS_FILENAME
        conn = await asyncio.to_thread(connect, path)
        try:
            saver = LoopSqliteSaver(conn)
            await asyncio.to_thread(saver.setup)
        except Exception:
            conn.close()
            raise
        return cls(path, saver)

    async def has_thread(self, thread_id: str) -> bool:
        return await self.saver.aget_tuple({"configurable": {"thread_id": thread_id}}) is not None

    async def delete_thread(self, thread_id: str) -> bool:
        """Delete every checkpoint of a thread; False when there was none."""
        existed = await self.has_thread(thread_id)
        if existed:
            await self.saver.adelete_thread(thread_id)
        return existed

    async def ping(self) -> str:
        """Return "ok" when the database answers, else the reason."""
        try:
            with self.saver.cursor(transaction=False) as cursor:
                cursor.execute("SELECT count(*) FROM checkpoints").fetchone()
        except Exception as exc:  # readiness reports the cause rather than raising
            return f"checkpointer unavailable: {type(exc).__name__}: {exc}"
        return "ok"

    async def close(self) -> None:
        with self.saver.lock:
            self.saver.conn.close()
