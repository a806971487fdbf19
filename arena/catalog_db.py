"""The catalog's SQLite file: schema, row encoding, lookup keys and the atomic build.

``arena.catalog.Catalog`` is the API; this module is what it stores and how a fresh file is
written from the offline corpus (temp file + rename, so a crash never leaves half a catalog).
"""

from __future__ import annotations

import json
import logging
import os
import re
import sqlite3
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from arena.corpus import corpus_cards, read_corpus
from arena.models import COLORS, Card
from arena.names import loose_key, name_key

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 1
_WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)

# Lookup ranks: a full name beats a front face, which beats a later face.
RANK_NAME, RANK_FRONT, RANK_FACE = 0, 1, 2
LEVEL_EXACT, LEVEL_LOOSE = 0, 1

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE cards (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    name_key TEXT NOT NULL,
    faces TEXT NOT NULL,
    mana_cost TEXT NOT NULL,
    mana_value INTEGER NOT NULL,
    colors TEXT NOT NULL,
    color_identity TEXT NOT NULL,
    ci_mask INTEGER NOT NULL,
    type_line TEXT NOT NULL,
    types TEXT NOT NULL,
    subtypes TEXT NOT NULL,
    supertypes TEXT NOT NULL,
    oracle_text TEXT NOT NULL,
    layout TEXT NOT NULL,
    power TEXT, toughness TEXT, loyalty TEXT,
    keywords TEXT NOT NULL,
    set_code TEXT, rarity TEXT,
    legalities TEXT NOT NULL DEFAULT '{}',
    arena_id INTEGER,
    prices TEXT NOT NULL DEFAULT '{}',
    purchase_uris TEXT NOT NULL DEFAULT '{}',
    image_uri TEXT, scryfall_uri TEXT,
    produced_mana TEXT NOT NULL DEFAULT '[]',
    source TEXT NOT NULL,
    scryfall_id TEXT, released_at TEXT, scryfall_batch TEXT
);
CREATE INDEX cards_name_key ON cards(name_key);
CREATE INDEX cards_arena_id ON cards(arena_id);
CREATE TABLE lookup (
    level INTEGER NOT NULL, key TEXT NOT NULL, rank INTEGER NOT NULL, card_id INTEGER NOT NULL
);
CREATE INDEX lookup_card ON lookup(card_id);
CREATE VIRTUAL TABLE cards_fts USING fts5(
    name, type_line, oracle_text, tokenize = "unicode61 remove_diacritics 2"
);
CREATE TABLE scryfall_cache (
    request TEXT PRIMARY KEY, fetched_at REAL NOT NULL, body TEXT NOT NULL
);
"""

CARD_COLUMNS = (
    "name, name_key, faces, mana_cost, mana_value, colors, color_identity, ci_mask, type_line, "
    "types, subtypes, supertypes, oracle_text, layout, power, toughness, loyalty, keywords, "
    "set_code, rarity, legalities, arena_id, prices, purchase_uris, image_uri, scryfall_uri, "
    "produced_mana, source"
)
SELECT_CARD = f"SELECT id, {CARD_COLUMNS} FROM cards"
# What an upsert needs to know about the row it may update.
UPSERT_COLUMNS = (
    "id, name, faces, type_line, oracle_text, arena_id, released_at, scryfall_id, "
    "scryfall_batch, source"
)
# Columns that describe one printing; the rest describe the card (oracle data).
PRINTING_COLUMNS = ("set_code", "rarity", "arena_id", "prices", "purchase_uris", "image_uri",
                     "scryfall_uri")


def now() -> str:
    """UTC time for metadata, to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def color_mask(colors: Iterable[str]) -> int:
    """WUBRG as bits, so "identity within these colors" is one integer test in SQL."""
    found = set(colors)
    return sum(1 << i for i, c in enumerate(COLORS) if c in found)


def json_text(value: Sequence[str] | dict[str, Any]) -> str:
    """JSON text of a list or dict field; most are empty, so skip the encoder for those."""
    if not value:
        return "{}" if isinstance(value, dict) else "[]"
    return json.dumps(value if isinstance(value, dict) else list(value))


def card_row(card: Card, source: str) -> tuple[Any, ...]:
    """A card as the values of ``CARD_COLUMNS``, in order."""
    return (
        card.name, name_key(card.name), json_text(card.faces), card.mana_cost,
        card.mana_value, "".join(card.colors), "".join(card.color_identity),
        color_mask(card.color_identity), card.type_line, json_text(card.types),
        json_text(card.subtypes), json_text(card.supertypes), card.oracle_text,
        card.layout, card.power, card.toughness, card.loyalty, json_text(card.keywords),
        card.set_code, card.rarity, json_text(card.legalities), card.arena_id,
        json_text(card.prices), json_text(card.purchase_uris), card.image_uri,
        card.scryfall_uri, json_text(card.produced_mana), source,
    )


def card_from_row(row: Sequence[Any]) -> Card:
    """The inverse of :func:`card_row` for a ``SELECT_CARD`` row."""
    (_, name, _key, faces, cost, value, colors, identity, _ci_mask, type_line, types, subtypes,
     supertypes, text, layout, power, toughness, loyalty, keywords, set_code, rarity,
     legalities, arena_id, prices, purchase_uris, image_uri, scryfall_uri, produced,
     _source) = row
    return Card(
        name=name, faces=tuple(json.loads(faces)), mana_cost=cost, mana_value=value,
        colors=tuple(colors), color_identity=tuple(identity), type_line=type_line,
        types=tuple(json.loads(types)), subtypes=tuple(json.loads(subtypes)),
        supertypes=tuple(json.loads(supertypes)), oracle_text=text, layout=layout,
        power=power, toughness=toughness, loyalty=loyalty, keywords=tuple(json.loads(keywords)),
        set_code=set_code, rarity=rarity, legalities=json.loads(legalities), arena_id=arena_id,
        prices=json.loads(prices), purchase_uris=json.loads(purchase_uris), image_uri=image_uri,
        scryfall_uri=scryfall_uri, produced_mana=tuple(json.loads(produced)),
    )


def lookup_rows(card_id: int, name: str, faces: Sequence[str]) -> list[tuple[int, str, int, int]]:
    """Every (level, key, rank, card id) under which a card can be found."""
    entries = [(name, RANK_NAME)]
    if len(faces) > 1:
        entries += [(face, RANK_FRONT if i == 0 else RANK_FACE) for i, face in enumerate(faces)]
    rows = []
    for text, rank in entries:
        rows.append((LEVEL_EXACT, name_key(text), rank, card_id))
        # Among punctuation-blind collisions ("Lava Axe" / "Lava, Axe") the plainer name wins.
        punct = sum(1 for ch in text if not ch.isalnum())
        if loose := loose_key(text):  # "_____" has no letters at all
            rows.append((LEVEL_LOOSE, loose, rank * 100 + min(punct, 99), card_id))
    return rows


def fts_query(query: str) -> str | None:
    """A safe FTS5 MATCH string: every word quoted, the last one as a prefix."""
    words = _WORD_RE.findall(query)
    if not words:
        return None
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)


def schema_version(path: Path) -> int | None:
    """The file's schema version; ``None`` when it is not a catalog we can read at all."""
    try:
        value = meta_value(path, "schema_version")
    except sqlite3.DatabaseError:
        return None
    return int(value) if value and value.isdigit() else 0


def meta_value(path: Path, key: str) -> str | None:
    """Read one metadata value without opening the catalog for writing."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    finally:
        conn.close()
    return row[0] if row else None


def build_catalog(path: Path, corpus: Path | None, *, progress: bool = False) -> None:
    """Write a fresh catalog at ``path`` from ``corpus`` (or an empty one), atomically.

    The database is written to a temporary file in the same folder and renamed into place,
    so a crash or a concurrent builder never leaves half a catalog behind.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    entries = read_corpus(corpus) if corpus is not None else []
    fd, tmp_name = tempfile.mkstemp(prefix=".catalog-", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        conn = sqlite3.connect(tmp)
        try:
            conn.execute("PRAGMA journal_mode = OFF")
            conn.execute("PRAGMA synchronous = OFF")
            conn.executescript(SCHEMA)
            count = _insert_corpus(conn, entries, progress=progress)
            meta = {
                "schema_version": str(SCHEMA_VERSION),
                "built_at": now(),
                "built_from": "corpus" if corpus is not None else "empty",
                "source": "corpus" if corpus is not None else "empty",
                "corpus_path": str(corpus or ""),
                "corpus_size": str(len(entries)),
                "card_count": str(count),
            }
            conn.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
            conn.commit()
        finally:
            conn.close()
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    logger.info("built %s: %d cards in %.1f s", path, count, time.perf_counter() - started)


def _insert_corpus(conn: sqlite3.Connection, entries: list[dict[str, Any]], *, progress: bool) -> int:
    bar = None
    if progress and entries:
        from tqdm import tqdm

        bar = tqdm(total=len(entries), desc="Building card catalog", unit="card", file=sys.stderr)
    insert = f"INSERT INTO cards (id, {CARD_COLUMNS}) VALUES ({','.join('?' * (len(CARD_COLUMNS.split(', ')) + 1))})"
    rows: list[tuple[Any, ...]] = []
    lookup: list[tuple[int, str, int, int]] = []
    count = 0

    def flush() -> None:
        conn.executemany(insert, rows)
        conn.executemany("INSERT INTO lookup VALUES (?, ?, ?, ?)", lookup)
        rows.clear()
        lookup.clear()

    def advance(done: int) -> None:
        if bar is not None:
            bar.update(done - bar.n)

    for count, card in enumerate(corpus_cards(entries, on_progress=advance), start=1):
        rows.append((count, *card_row(card, "corpus")))
        lookup.extend(lookup_rows(count, card.name, card.faces))
        if len(rows) == 2000:
            flush()
    flush()
    if bar is not None:
        bar.set_postfix_str("indexing text")
    conn.execute(
        "INSERT INTO cards_fts (rowid, name, type_line, oracle_text) "
        "SELECT id, name, type_line, oracle_text FROM cards"
    )
    if bar is not None:
        bar.update(len(entries) - bar.n)
        bar.close()
    return count
