"""The player's match history, in the app's database (DATA_DIR/app.sqlite3), per owner key.

Matches are keyed by (owner, match id), so uploading the same Player.log twice, or two logs
that overlap, stores every match once. Every statement is parameterised; the owner is the
SHA-256 of the ``X-Owner-Key`` (``api.store.owner_hash``), never the key.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from api.store import DB_FILENAME, connect_app_db

T = TypeVar("T")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS match_history (
    owner_hash         TEXT NOT NULL,
    match_id           TEXT NOT NULL,
    started_at         TEXT,
    event              TEXT,
    deck_name          TEXT,
    opponent           TEXT,
    opponent_archetype TEXT,
    result             TEXT NOT NULL,
    games              TEXT NOT NULL,
    opponent_cards     TEXT NOT NULL,
    deck               TEXT NOT NULL,
    uploaded_at        TEXT NOT NULL,
    PRIMARY KEY (owner_hash, match_id)
);
CREATE INDEX IF NOT EXISTS match_history_started ON match_history (owner_hash, started_at);
CREATE TABLE IF NOT EXISTS owner_inventory (
    owner_hash TEXT PRIMARY KEY,
    inventory  TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
"""
_INSERT = (
    "INSERT OR IGNORE INTO match_history (owner_hash, match_id, started_at, event, deck_name, opponent, "
    "opponent_archetype, result, games, opponent_cards, deck, uploaded_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_COLUMNS = ("match_id, started_at, event, deck_name, opponent, opponent_archetype, result, games, "
            "opponent_cards, deck")


@dataclass(frozen=True, slots=True)
class StoredMatch:
    """One finished match, ready to store (JSON-able fields)."""

    match_id: str
    started_at: str | None
    event: str | None
    deck_name: str | None
    opponent: str | None
    opponent_archetype: str | None
    result: str
    games: list[dict[str, Any]]
    opponent_cards: list[str]
    deck: dict[str, Any]


class HistoryStore:
    """Matches and the latest inventory per owner."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None

    @classmethod
    async def open(cls, data_dir: Path) -> HistoryStore:
        """Open (creating the tables when needed) the app database in ``data_dir``."""
        store = cls(data_dir / DB_FILENAME)
        await asyncio.to_thread(store._connect)
        return store

    def _connect(self) -> None:
        self._conn = connect_app_db(self.path, _SCHEMA)

    async def close(self) -> None:
        def shut() -> None:
            with self._lock:
                if self._conn is not None:
                    self._conn.close()
                    self._conn = None

        await asyncio.to_thread(shut)

    async def _run(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        def locked() -> T:
            with self._lock:
                if self._conn is None:
                    raise RuntimeError("the history store is closed")
                return fn(self._conn)

        return await asyncio.to_thread(locked)

    async def add(self, owner: str, matches: list[StoredMatch]) -> tuple[int, int]:
        """Store matches not stored yet for ``owner``; return (added, already stored)."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        rows = [
            (owner, m.match_id, m.started_at, m.event, m.deck_name, m.opponent, m.opponent_archetype,
             m.result, json.dumps(m.games), json.dumps(m.opponent_cards), json.dumps(m.deck), now)
            for m in matches
        ]

        def insert(c: sqlite3.Connection) -> int:
            added = 0
            c.execute("BEGIN")
            try:
                for row in rows:
                    added += c.execute(_INSERT, row).rowcount
                c.execute("COMMIT")
            except BaseException:
                c.execute("ROLLBACK")
                raise
            return added

        added = await self._run(insert)
        return added, len(rows) - added

    async def set_inventory(self, owner: str, inventory: dict[str, Any]) -> None:
        """Remember the latest inventory an upload showed."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        await self._run(lambda c: c.execute(
            "INSERT OR REPLACE INTO owner_inventory (owner_hash, inventory, updated_at) VALUES (?, ?, ?)",
            (owner, json.dumps(inventory), now)))

    async def inventory(self, owner: str) -> dict[str, Any] | None:
        row = await self._run(lambda c: c.execute(
            "SELECT inventory, updated_at FROM owner_inventory WHERE owner_hash = ?", (owner,)).fetchone())
        if row is None:
            return None
        return {**json.loads(row["inventory"]), "updated_at": row["updated_at"]}

    async def matches(self, owner: str) -> list[dict[str, Any]]:
        """Every stored match of ``owner``, oldest first (matches without a time last)."""
        rows = await self._run(lambda c: c.execute(
            f"SELECT {_COLUMNS} FROM match_history WHERE owner_hash = ? "
            "ORDER BY started_at IS NULL, started_at, match_id", (owner,)).fetchall())
        return [
            {**{k: row[k] for k in ("match_id", "started_at", "event", "deck_name", "opponent",
                                   "opponent_archetype", "result")},
             "games": json.loads(row["games"]), "opponent_cards": json.loads(row["opponent_cards"]),
             "deck": json.loads(row["deck"])}
            for row in rows
        ]

    async def clear(self, owner: str) -> int:
        """Forget an owner's history and inventory; return how many matches went."""
        def delete(c: sqlite3.Connection) -> int:
            count = c.execute("DELETE FROM match_history WHERE owner_hash = ?", (owner,)).rowcount
            c.execute("DELETE FROM owner_inventory WHERE owner_hash = ?", (owner,))
            return int(count)

        return await self._run(delete)
