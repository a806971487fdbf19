"""Stored decks: one SQLite table at DATA_DIR/app.sqlite3, every statement parameterised.

sqlite3 is synchronous, so each call runs in a worker thread behind one lock; a deck
store sees little write traffic, and WAL lets readers proceed while one writes.
"""

from __future__ import annotations

import asyncio
import hashlib
import sqlite3
import threading
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal, TypeVar

from api.schemas import DeckPublic, DeckSummary, ParsedDeck

DB_FILENAME = "app.sqlite3"
T = TypeVar("T")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS decks (
    id            TEXT PRIMARY KEY,
    name          TEXT,
    format        TEXT,
    source_format TEXT NOT NULL,
    main_count    INTEGER NOT NULL,
    side_count    INTEGER NOT NULL,
    text          TEXT NOT NULL,
    parsed        TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    owner_hash    TEXT
);
CREATE INDEX IF NOT EXISTS decks_created_at ON decks (created_at);
"""
_INSERT = (
    "INSERT INTO decks (id, name, format, source_format, main_count, side_count, text, parsed, created_at, owner_hash)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
DeleteOutcome = Literal["deleted", "not_found", "not_owner"]


def owner_hash(owner_key: str | None) -> str | None:
    """What is stored of an owner key: its SHA-256, never the key."""
    return None if owner_key is None else hashlib.sha256(owner_key.encode("utf-8")).hexdigest()
_SUMMARY_COLUMNS = "id, name, format, source_format, main_count, side_count, created_at"


def connect_app_db(path: Path, schema: str) -> sqlite3.Connection:
    """Open the app's SQLite database (WAL, a 5 s busy wait, rows by name) and create ``schema``.

    Decks, match history and thread claims share this one file; every store opens it this way.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA busy_timeout=5000")
    conn.executescript(schema)
    return conn


class DeckStore:
    """Decks players uploaded: the text as given and the parsed deck, by id."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None

    @classmethod
    async def open(cls, data_dir: Path) -> DeckStore:
        """Open (creating when needed) ``data_dir/app.sqlite3``."""
        store = cls(data_dir / DB_FILENAME)
        await asyncio.to_thread(store._connect)
        return store

    def _connect(self) -> None:
        conn = connect_app_db(self.path, _SCHEMA)
        columns = {row["name"] for row in conn.execute("PRAGMA table_info(decks)")}
        if "owner_hash" not in columns:  # a deck database from before owners existed
            conn.execute("ALTER TABLE decks ADD COLUMN owner_hash TEXT")
        self._conn = conn

    async def close(self) -> None:
        await asyncio.to_thread(self._close)

    def _close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    async def _run(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        def locked() -> T:
            with self._lock:
                if self._conn is None:
                    raise RuntimeError("the deck store is closed")
                return fn(self._conn)

        return await asyncio.to_thread(locked)

    async def check(self) -> str:
        """``"ok"`` when the database answers a query, else the reason it does not."""
        try:
            await self._run(lambda c: c.execute("SELECT COUNT(*) FROM decks").fetchone())
        except (sqlite3.Error, RuntimeError) as exc:
            return f"deck database: {exc}"
        return "ok"

    async def add(self, text: str, parsed: ParsedDeck, *, owner: str | None = None) -> DeckPublic:
        """Store a parsed deck and its text (``owner``: an ``owner_hash``); return it with its new id."""
        deck_id = uuid.uuid4().hex
        created = datetime.now(UTC)
        row = (
            deck_id, parsed.name, parsed.format, parsed.source_format, parsed.main_count,
            parsed.side_count, text, parsed.model_dump_json(), created.isoformat(), owner,
        )
        await self._run(lambda c: c.execute(_INSERT, row))
        return DeckPublic(
            id=deck_id, name=parsed.name, format=parsed.format, source_format=parsed.source_format,
            main_count=parsed.main_count, side_count=parsed.side_count, created_at=created,
            deck=parsed, text=text,
        )

    async def get(self, deck_id: str) -> DeckPublic | None:
        row = await self._run(
            lambda c: c.execute(f"SELECT {_SUMMARY_COLUMNS}, text, parsed FROM decks WHERE id = ?", (deck_id,)).fetchone()
        )
        if row is None:
            return None
        return DeckPublic(
            **_summary_fields(row), text=row["text"], deck=ParsedDeck.model_validate_json(row["parsed"])
        )

    async def get_text(self, deck_id: str) -> str | None:
        row = await self._run(lambda c: c.execute("SELECT text FROM decks WHERE id = ?", (deck_id,)).fetchone())
        return None if row is None else str(row["text"])

    async def list(self, *, limit: int, offset: int, owner: str | None = None) -> tuple[list[DeckSummary], int]:
        """One page of one owner's decks (``None``: decks stored without an owner), newest first,
        and how many that owner has in all."""

        def query(c: sqlite3.Connection) -> tuple[list[sqlite3.Row], int]:
            total = c.execute("SELECT COUNT(*) FROM decks WHERE owner_hash IS ?", (owner,)).fetchone()[0]
            rows = c.execute(
                f"SELECT {_SUMMARY_COLUMNS} FROM decks WHERE owner_hash IS ? "
                "ORDER BY created_at DESC, id LIMIT ? OFFSET ?",
                (owner, limit, offset),
            ).fetchall()
            return rows, int(total)

        rows, total = await self._run(query)
        return [DeckSummary(**_summary_fields(r)) for r in rows], total

    async def delete(self, deck_id: str, *, owner: str | None = None) -> DeleteOutcome:
        """Delete a deck; one with an owner only for that owner's hash."""

        def remove(c: sqlite3.Connection) -> DeleteOutcome:
            row = c.execute("SELECT owner_hash FROM decks WHERE id = ?", (deck_id,)).fetchone()
            if row is None:
                return "not_found"
            if row["owner_hash"] is not None and row["owner_hash"] != owner:
                return "not_owner"
            c.execute("DELETE FROM decks WHERE id = ?", (deck_id,))
            return "deleted"

        return await self._run(remove)


def _summary_fields(row: sqlite3.Row) -> dict[str, object]:
    return {
        "id": row["id"],
        "name": row["name"],
        "format": row["format"],
        "source_format": row["source_format"],
        "main_count": row["main_count"],
        "side_count": row["side_count"],
        "created_at": datetime.fromisoformat(row["created_at"]),
    }
