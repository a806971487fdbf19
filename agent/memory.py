"""Thread memory: LangGraph's SQLite checkpointer at DATA_DIR/threads.sqlite3.

One thread per conversation (the checkpointer's ``thread_id``); a process restart reopens the
same file and loses nothing; deleting a thread removes all of its checkpoints.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import aiosqlite
from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver

logger = logging.getLogger(__name__)

THREADS_FILENAME = "threads.sqlite3"


class ThreadMemory:
    """Own the SQLite connection and the checkpointer built on it."""

    def __init__(self, path: Path, conn: aiosqlite.Connection, saver: AsyncSqliteSaver):
        self.path = path
        self._conn = conn
        self.saver = saver

    @classmethod
    async def open(cls, data_dir: Path) -> ThreadMemory:
        """Open (creating if needed) DATA_DIR/threads.sqlite3 and its checkpoint tables."""
        await asyncio.to_thread(data_dir.mkdir, parents=True, exist_ok=True)
        path = data_dir / THREADS_FILENAME
        conn = await aiosqlite.connect(str(path))
        try:
            # WAL: readers (thread history, readiness) never wait for a turn being written.
            await conn.execute("PRAGMA journal_mode=WAL")
            await conn.execute("PRAGMA synchronous=NORMAL")
            saver = AsyncSqliteSaver(conn)
            await saver.setup()
        except Exception:
            await conn.close()
            raise
        return cls(path, conn, saver)

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
            async with self._conn.execute("SELECT count(*) FROM checkpoints") as cursor:
                await cursor.fetchone()
        except Exception as exc:  # readiness reports the cause rather than raising
            return f"checkpointer unavailable: {type(exc).__name__}: {exc}"
        return "ok"

    async def close(self) -> None:
        await self._conn.close()
