"""The card catalog: one SQLite file (with FTS5) that every lookup in Vawlrathh goes through.

Built on first use from the offline corpus (``arena.corpus``), enriched by Scryfall imports
(``arena.bulk_import``, ``arena.scryfall``). Name lookups are served from in-memory dicts
loaded once at open, so resolving a 60-card deck costs microseconds; SQLite is used for
full rows, text search, candidate queries and the Scryfall response cache.

One ``Catalog`` may be shared between threads: every cursor use holds ``_lock``; the
in-memory dicts are only ever replaced or extended, which is safe for concurrent readers.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from arena import catalog_market
from arena.catalog_db import (
    CARD_COLUMNS,
    LEVEL_EXACT,
    LEVEL_LOOSE,
    PRINTING_COLUMNS,
    RANK_FRONT,
    RANK_NAME,
    SCHEMA_VERSION,
    SELECT_CARD,
    UPSERT_COLUMNS,
    build_catalog,
    card_from_row,
    card_row,
    color_mask,
    fts_query,
    lookup_rows,
    meta_value,
    now,
    schema_version,
)
from arena.corpus import find_corpus
from arena.errors import ArenaError, CatalogError
from arena.mentions import FUZZY_CUTOFF, Hit, MentionFinder
from arena.models import Card, CardMatch
from arena.names import NameIndex, loose_key, name_key, strip_alchemy
from arena.paths import CATALOG_FILENAME
from arena.scryfall_cards import ScryfallPrinting, card_from_scryfall

logger = logging.getLogger(__name__)

_CARD_CACHE_LIMIT = 8192
_SEARCH_MAX_LIMIT = 200
# What one search may cost: a query of a hundred one-letter words once took ~1 s of CPU
# and starved every other request of the process.
SEARCH_MAX_CHARS = 500
SEARCH_MAX_WORDS = 16
SEARCH_BUDGET_S = 0.5  # CPU seconds

# A word in this many cards' text is an ordinary word, not a card name (find_names_in_text).
_FREQUENT_DOCS = 25


_CANDIDATE_CACHE_SIZE = 256  # distinct candidate queries remembered (ids only)


class SearchTooBroad(ArenaError):
    """A search that would cost too much: too long, too many words, or over its time budget."""


@dataclass(frozen=True, slots=True)
class CatalogInfo:
    """What the catalog holds and where it came from, for status pages and the CLI."""

    path: Path
    card_count: int
    source: str  # "corpus", "scryfall" or "corpus+scryfall"
    built_at: str
    scryfall_imported_at: str | None
    legality_known: bool
    schema_version: int
    corpus_size: int | None


class Catalog:
    """The card store; open it with :meth:`open`, share it between threads, close it once."""

    def __init__(self, path: Path, conn: sqlite3.Connection):
        self.path = path
        self._conn = conn
        self._lock = threading.RLock()
        self._index: list[dict[str, tuple[int, int]]] = [{}, {}]  # level -> key -> (rank, id)
        self._cards: dict[int, Card] = {}
        self._fuzzy: tuple[NameIndex, list[int], dict[int, str]] | None = None
        self._mention_finder: MentionFinder | None = None
        # candidates() scans the whole table; the same deck asks the same questions turn after
        # turn, so answers are kept until the catalog changes (any write clears them).
        self._candidate_ids: dict[tuple[Any, ...], list[int]] = {}
        self._load_index()

    # ------------------------------------------------------------------ opening and building

    @classmethod
    def open(
        cls,
        data_dir: Path | str,
        *,
        progress: bool = False,
        corpus_path: Path | None = None,
        allow_empty: bool = False,
    ) -> Catalog:
        """Open ``data_dir/catalog.sqlite3``, building it from the corpus the first time.

        With ``allow_empty`` (used by the Scryfall import) a machine without the corpus gets
        an empty catalog to import into instead of an error.
        """
        path = Path(data_dir) / CATALOG_FILENAME
        if path.exists():
            version = schema_version(path)
            if version is None:
                raise CatalogError(
                    f"{path} is not a readable card catalog (damaged or another file); delete it "
                    "and run `python -m arena catalog build`"
                )
            if version != SCHEMA_VERSION:
                if meta_value(path, "source") not in ("corpus", "empty"):
                    raise CatalogError(
                        f"{path} was made by another version of Vawlrathh and holds imported "
                        "Scryfall data; delete it, run `python -m arena catalog build` and the "
                        "import again"
                    )
                logger.info("rebuilding %s: schema version %s -> %s", path, version, SCHEMA_VERSION)
                path.unlink()
        if not path.exists():
            try:
                source = corpus_path or find_corpus()
            except CatalogError:
                if not allow_empty:
                    raise
                build_catalog(path, None, progress=progress)
            else:
                build_catalog(path, source, progress=progress)
        conn = sqlite3.connect(path, check_same_thread=False)
        try:
            catalog_market.ensure_schema(conn)
            catalog = cls(path, conn)
        except sqlite3.DatabaseError as err:
            conn.close()
            raise CatalogError(f"cannot read the card catalog {path}: {err}") from err
        if not allow_empty and not catalog._index[LEVEL_EXACT]:
            catalog.close()
            raise CatalogError(
                f"the card catalog {path} is empty; run `python -m arena catalog import-scryfall FILE` "
                "with Scryfall's 'Oracle Cards' bulk file"
            )
        return catalog

    def close(self) -> None:
        """Close the database connection; the catalog cannot be used afterwards."""
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Catalog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def reload(self) -> None:
        """Re-read names and drop cached cards: picks up an import made by another process."""
        self._load_index()
        self._cards = {}
        self._mention_finder = None
        self._candidate_ids = {}

    def _load_index(self) -> None:
        index: list[dict[str, tuple[int, int]]] = [{}, {}]
        with self._lock:
            rows = self._conn.execute("SELECT level, key, rank, card_id FROM lookup").fetchall()
        for level, key, rank, card_id in rows:
            _offer(index[level], key, rank, card_id)
        self._index = index
        self._fuzzy = None

    # ------------------------------------------------------------------ lookups

    def get(self, name: str) -> Card | None:
        """Find a card by exact name, any face name, or ``A-`` name (falling back to the plain card).

        Case, accents, apostrophe and dash styles, punctuation and ``/`` vs ``//`` are ignored.
        """
        key = name_key(name)
        if not key:
            return None
        card_id = self._find_id(key)
        if card_id is None and (plain := strip_alchemy(key)):
            card_id = self._find_id(plain)
        return self._card(card_id) if card_id is not None else None

    def _find_id(self, key: str) -> int | None:
        hit = self._index[LEVEL_EXACT].get(key)
        if hit is None and (loose := loose_key(key)):
            hit = self._index[LEVEL_LOOSE].get(loose)
        return hit[1] if hit else None

    def _card(self, card_id: int) -> Card:
        card = self._cards.get(card_id)
        if card is None:
            with self._lock:
                row = self._conn.execute(f"{SELECT_CARD} WHERE id = ?", (card_id,)).fetchone()
            if row is None:
                raise CatalogError(f"the catalog index points at a missing card (id {card_id})")
            card = card_from_row(row)
            if len(self._cards) >= _CARD_CACHE_LIMIT:
                self._cards = {}
            self._cards[card_id] = card
        return card

    def _cards_by_ids(self, ids: Sequence[int]) -> list[Card]:
        return [self._card(i) for i in ids]

    def by_arena_id(self, arena_id: int) -> Card | None:
        """The card an Arena id (Player.log's ``grpId``) prints, when an import brought that id."""
        with self._lock:
            card_id = catalog_market.card_id_for_arena_id(self._conn, arena_id)
        return self._card(card_id) if card_id is not None else None

    def market(self, card: Card) -> catalog_market.MarketInfo | None:
        """Cheapest paper prices, lowest Arena rarity and paper/digital flags over every imported printing."""
        card_id = self._find_id(name_key(card.name))
        if card_id is None:
            return None
        with self._lock:
            return catalog_market.market_info(self._conn, card_id)

    def fuzzy(self, query: str, limit: int = 5, score_cutoff: float = 60.0) -> list[CardMatch]:
        """The closest card names to ``query`` with rapidfuzz WRatio scores (0-100), best first."""
        if limit < 1:
            raise ValueError(f"limit must be at least 1, got {limit}")
        index, ids, names = self._fuzzy_index()
        matches: list[CardMatch] = []
        seen: set[int] = set()
        for position, score in index.extract(query, limit * 3, score_cutoff):
            card_id = ids[position]
            if card_id in seen:
                continue
            seen.add(card_id)
            matches.append(CardMatch(name=names[card_id], score=round(score, 1)))
            if len(matches) == limit:
                break
        return matches

    def _fuzzy_index(self) -> tuple[NameIndex, list[int], dict[int, str]]:
        """The trigram index over every name key, built on first use (about 0.3 s of CPU)."""
        current = self._fuzzy
        if current is None:
            with self._lock:
                current = self._fuzzy
                if current is None:
                    exact = self._index[LEVEL_EXACT]
                    keys = list(exact)
                    names = dict(self._conn.execute("SELECT id, name FROM cards").fetchall())
                    current = (NameIndex(keys), [exact[k][1] for k in keys], names)
                    self._fuzzy = current
        return current

    def search(self, query: str, *, limit: int = 20, offset: int = 0) -> tuple[list[Card], int]:
        """Full-text search over name, type line and oracle text: ``(page of cards, total)``.

        Every word must appear (the last may be a prefix); FTS syntax in the input is treated
        as plain words, so quotes or ``AND (`` cannot cause errors. Name hits rank first.
        """
        if not 1 <= limit <= _SEARCH_MAX_LIMIT:
            raise ValueError(f"limit must be between 1 and {_SEARCH_MAX_LIMIT}, got {limit}")
        if offset < 0:
            raise ValueError(f"offset must not be negative, got {offset}")
        match = fts_query(_distinct_words(query))
        if match is None:
            return [], 0
        # CPU time of this thread: on a busy machine, waiting for a core is not the query's cost.
        deadline = time.thread_time() + SEARCH_BUDGET_S
        with self._lock:
            # SQLite calls this every 10,000 steps; a true result interrupts the query.
            self._conn.set_progress_handler(lambda: time.thread_time() > deadline, 10_000)
            try:
                total = self._conn.execute(
                    "SELECT count(*) FROM cards_fts WHERE cards_fts MATCH ?", (match,)
                ).fetchone()[0]
                rows = self._conn.execute(
                    "SELECT rowid FROM cards_fts WHERE cards_fts MATCH ? "
                    "ORDER BY bm25(cards_fts, 10.0, 3.0, 1.0) LIMIT ? OFFSET ?",
                    (match, limit, offset),
                ).fetchall()
            except sqlite3.OperationalError as err:
                if "interrupted" not in str(err):
                    raise
                raise SearchTooBroad(
                    f"The search {query[:60]!r} matches too much to rank in time; add a more specific word."
                ) from err
            finally:
                self._conn.set_progress_handler(None, 0)
        return self._cards_by_ids([r[0] for r in rows]), int(total)

    def find_names_in_text(self, text: str, limit: int = 5) -> list[Card]:
        """Card names mentioned in free text ("compare Shock and lighting bolt"), in order.

        Misspellings are found too; ordinary words that happen to be card names are not
        (see ``arena.mentions`` for the rules).
        """
        return [self._card(card_id) for card_id in self._mentions().find(text, limit)]

    def _mentions(self) -> MentionFinder:
        finder = self._mention_finder
        if finder is None:
            with self._lock:
                self._conn.execute(
                    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.cards_vocab "
                    "USING fts5vocab(main, 'cards_fts', 'row')"
                )
                frequent = frozenset(
                    row[0] for row in self._conn.execute(
                        "SELECT term FROM temp.cards_vocab WHERE doc >= ?", (_FREQUENT_DOCS,)
                    )
                )
            finder = MentionFinder(self._hit, self._fuzzy_hits, frequent)
            self._mention_finder = finder
        return finder

    def _hit(self, key: str) -> Hit | None:
        exact = self._index[LEVEL_EXACT].get(key)
        if exact is not None:
            return Hit(exact[1], exact[0] == RANK_NAME)
        loose = loose_key(key)
        hit = self._index[LEVEL_LOOSE].get(loose) if loose else None
        if hit is None:
            return None
        _, _, names = self._fuzzy_index()
        joined = "/" not in key and " // " in names.get(hit[1], "")
        return Hit(hit[1], hit[0] // 100 == RANK_NAME, joined_faces=joined)

    def _fuzzy_hits(self, key: str) -> list[tuple[str, Hit]]:
        index, _, _ = self._fuzzy_index()
        exact = self._index[LEVEL_EXACT]
        hits = []
        for position, _score in index.extract(key, 3, FUZZY_CUTOFF):
            candidate = index.keys[position]
            rank, card_id = exact[candidate]
            hits.append((candidate, Hit(card_id, rank == RANK_NAME)))
        return hits

    # ------------------------------------------------------------------ suggestion queries

    def candidates(
        self,
        colors: Iterable[str],
        *,
        format: str | None = None,
        types: Iterable[str] | None = None,
        text_query: str | None = None,
        max_mana_value: int | None = None,
        exclude: Iterable[str] = (),
        limit: int = 50,
    ) -> list[Card]:
        """Cards whose color identity fits within ``colors``, for the suggestion engine.

        ``format`` keeps cards marked legal there (only when legality data was imported; else
        it is ignored and Alchemy ``A-`` cards are left out). ``types`` keeps cards having any
        of those card types; ``text_query`` must match the oracle text/type line (FTS words).
        """
        allowed = color_mask(c.upper() for c in colors)
        clauses = ["(c.ci_mask & ?) = 0"]
        params: list[Any] = [~allowed & 0b11111]
        joins = ""
        order = "CASE WHEN c.arena_id IS NULL THEN 1 ELSE 0 END, c.name"
        if format and self.legality_known():
            clauses.append("json_extract(c.legalities, '$.' || ?) = 'legal'")
            params.append(format.lower())
        else:
            clauses.append("c.name NOT LIKE 'A-%'")
        type_list = [t.strip().capitalize() for t in types or () if t.strip()]
        if type_list:
            # ``types`` is a JSON array of words: a quoted-word search is exact and three times
            # faster than json_each over every row.
            clauses.append("(" + " OR ".join("instr(c.types, ?) > 0" for _ in type_list) + ")")
            params.extend(json.dumps(t) for t in type_list)
        if max_mana_value is not None:
            clauses.append("c.mana_value <= ?")
            params.append(max_mana_value)
        excluded = [name_key(n) for n in exclude]
        if excluded:
            clauses.append(f"c.name_key NOT IN ({','.join('?' * len(excluded))})")
            params.extend(excluded)
        if text_query:
            match = fts_query(text_query)
            if match is None:
                return []
            joins = "JOIN cards_fts ON cards_fts.rowid = c.id"
            clauses.append("cards_fts MATCH ?")
            params.append(match)
            order = "bm25(cards_fts), " + order
        sql = (
            f"SELECT c.id FROM cards c {joins} WHERE {' AND '.join(clauses)} "
            f"ORDER BY {order} LIMIT ?"
        )
        params.append(limit)
        key = (sql, tuple(params))
        with self._lock:
            ids = self._candidate_ids.get(key)
            if ids is None:
                ids = [r[0] for r in self._conn.execute(sql, params).fetchall()]
                if len(self._candidate_ids) >= _CANDIDATE_CACHE_SIZE:
                    self._candidate_ids.pop(next(iter(self._candidate_ids)))
                self._candidate_ids[key] = ids
        return self._cards_by_ids(ids)

    # ------------------------------------------------------------------ Scryfall data

    def upsert_scryfall_cards(self, cards: Iterable[dict[str, Any]], *, batch: str | None = None) -> int:
        """Add or update cards from Scryfall card objects; return how many were written.

        Oracle data (text, types, legalities) always takes Scryfall's latest. Printing data
        (set, rarity, Arena id, prices, images) keeps the preferred printing: one on Arena,
        then the most recent. Imports pass a ``batch`` id so a new import replaces an old
        one wholesale. Non-deck objects (tokens, planes, art cards...) are skipped.
        """
        written = 0
        new_lookup: list[tuple[int, str, int, int]] = []
        legal = False
        with self._lock, self._conn:
            self._candidate_ids = {}
            self._conn.execute(RANKS_TABLE)
            for obj in cards:
                converted = card_from_scryfall(obj)
                if converted is None:
                    continue
                card, printing = converted
                card_id, rows = self._upsert_one(card, printing, batch)
                ranks = (_rank(obj.get("edhrec_rank")), _rank(obj.get("penny_rank")))
                if ranks != (None, None):
                    self._conn.execute("INSERT OR REPLACE INTO card_ranks VALUES (?, ?, ?)", (card_id, *ranks))
                catalog_market.offer_printing(self._conn, card_id, obj, batch)
                if rows is not None:
                    self._conn.execute("DELETE FROM lookup WHERE card_id = ?", (card_id,))
                    self._conn.executemany("INSERT INTO lookup VALUES (?, ?, ?, ?)", rows)
                    new_lookup.extend(rows)
                self._cards.pop(card_id, None)
                legal = legal or bool(card.legalities)
                written += 1
            if written:
                self._set_meta("scryfall_imported_at", now())
                self._set_meta("source", self._source_after_import())
                if legal:
                    self._set_meta("legality_known", "1")
        if new_lookup:
            index = [dict(level) for level in self._index]
            for level, key, rank, card_id in new_lookup:
                _offer(index[level], key, rank, card_id, replace_same=True)
            self._index = index
            self._fuzzy = None
            self._mention_finder = None
        return written

    def _upsert_one(
        self, card: Card, printing: ScryfallPrinting, batch: str | None
    ) -> tuple[int, list[tuple[int, str, int, int]] | None]:
        """Write one card; return its id and its new lookup rows (``None`` when unchanged)."""
        row = self._conn.execute(
            f"SELECT {UPSERT_COLUMNS} FROM cards "
            "WHERE name = ? OR name_key = ? ORDER BY name = ? DESC LIMIT 1",
            (card.name, name_key(card.name), card.name),
        ).fetchone()
        if row is None:
            row = self._row_for_front_face(card)
        values = card_row(card, "scryfall")
        if row is None:
            cursor = self._conn.execute(
                f"INSERT INTO cards ({CARD_COLUMNS}, scryfall_id, released_at, scryfall_batch) "
                f"VALUES ({','.join('?' * (len(values) + 3))})",
                (*values, printing.scryfall_id, printing.released_at, batch),
            )
            card_id = int(cursor.lastrowid or 0)
            self._insert_fts(card_id, card.name, card.type_line, card.oracle_text)
            return card_id, lookup_rows(card_id, card.name, card.faces)
        (card_id, old_name, old_faces, old_type, old_text, old_arena, old_released, old_id,
         old_batch, old_source) = row
        replace_printing = (
            old_id is None
            or old_id == printing.scryfall_id
            or (batch is not None and old_batch != batch)
            or (printing.arena_id is not None, printing.released_at or "")
            >= (old_arena is not None, old_released or "")
        )
        new = dict(zip(CARD_COLUMNS.split(", "), values, strict=True))
        updates = {k: v for k, v in new.items() if k not in PRINTING_COLUMNS}
        same_name = old_name == card.name
        if not same_name:
            # Found by its front face: keep the catalog's fuller name and face list.
            for column in ("name", "name_key", "faces"):
                updates.pop(column)
        updates["source"] = old_source if old_source == "scryfall" else "corpus+scryfall"
        if replace_printing:
            updates |= {k: new[k] for k in PRINTING_COLUMNS}
            updates |= {"scryfall_id": printing.scryfall_id,
                        "released_at": printing.released_at, "scryfall_batch": batch}
        assignments = ", ".join(f"{k} = ?" for k in updates)
        self._conn.execute(f"UPDATE cards SET {assignments} WHERE id = ?", (*updates.values(), card_id))
        if (old_type, old_text) != (card.type_line, card.oracle_text):
            self._conn.execute("DELETE FROM cards_fts WHERE rowid = ?", (card_id,))
            self._insert_fts(card_id, old_name, card.type_line, card.oracle_text)
        if same_name and old_faces == new["faces"]:
            return card_id, None
        faces = card.faces if same_name else tuple(json.loads(old_faces))
        rows = lookup_rows(card_id, old_name, faces)
        if not same_name:
            key = name_key(card.name)
            rows += [(LEVEL_EXACT, key, RANK_FRONT, card_id)]
            if loose := loose_key(card.name):
                rows.append((LEVEL_LOOSE, loose, RANK_FRONT * 100, card_id))
        return card_id, rows

    def _insert_fts(self, card_id: int, name: str, type_line: str, text: str) -> None:
        self._conn.execute(
            "INSERT INTO cards_fts (rowid, name, type_line, oracle_text) VALUES (?, ?, ?, ?)",
            (card_id, name, type_line, text),
        )

    def _row_for_front_face(self, card: Card) -> tuple[Any, ...] | None:
        """The row whose front face is this card's, when names differ only by the faces listed.

        Scryfall names a meld card by its front alone ("Bruna, the Fading Light") while the
        corpus lists "Bruna, the Fading Light // Brisela, Voice of Nightmares": same card.
        """
        hit = self._index[LEVEL_EXACT].get(name_key(card.faces[0] if card.faces else card.name))
        if hit is None or hit[0] > RANK_FRONT:
            return None
        row: tuple[Any, ...] | None = self._conn.execute(
            f"SELECT {UPSERT_COLUMNS} FROM cards WHERE id = ? AND layout = ?",
            (hit[1], card.layout),
        ).fetchone()
        return row

    def _source_after_import(self) -> str:
        built_from = self._meta("built_from") or "corpus"
        return "scryfall" if built_from == "empty" else "corpus+scryfall"

    def cache_get(self, request: str, max_age: float) -> str | None:
        """A cached Scryfall response body younger than ``max_age`` seconds, if any."""
        with self._lock:
            row = self._conn.execute(
                "SELECT body, fetched_at FROM scryfall_cache WHERE request = ?", (request,)
            ).fetchone()
        if row is None or time.time() - row[1] > max_age:
            return None
        return str(row[0])

    def cache_put(self, request: str, body: str) -> None:
        """Remember a Scryfall response body under its request key."""
        with self._lock, self._conn:
            self._conn.execute(
                "INSERT OR REPLACE INTO scryfall_cache (request, fetched_at, body) VALUES (?, ?, ?)",
                (request, time.time(), body),
            )

    def cache_prune(self, max_age: float) -> int:
        """Forget cached Scryfall responses older than ``max_age`` seconds; return how many."""
        with self._lock, self._conn:
            cursor = self._conn.execute(
                "DELETE FROM scryfall_cache WHERE fetched_at < ?", (time.time() - max_age,)
            )
        return cursor.rowcount

    # ------------------------------------------------------------------ metadata

    def _meta(self, key: str) -> str | None:
        with self._lock:
            row = self._conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def _set_meta(self, key: str, value: str) -> None:
        self._conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def popularity(self, name: str) -> int | None:
        """Scryfall's EDHREC popularity rank of a card (1 = most played), when imported."""
        with self._lock:
            try:
                row = self._conn.execute(
                    "SELECT r.edhrec_rank FROM card_ranks r JOIN cards c ON c.id = r.card_id "
                    "WHERE c.name = ?", (name,)).fetchone()
            except sqlite3.OperationalError:  # no Scryfall import yet: no table
                return None
        return int(row[0]) if row and row[0] is not None else None

    def popularity_known(self) -> bool:
        """True once an import brought popularity ranks."""
        with self._lock:
            try:
                return self._conn.execute("SELECT 1 FROM card_ranks LIMIT 1").fetchone() is not None
            except sqlite3.OperationalError:
                return False

    def bulk_state(self, kind: str) -> tuple[str | None, float | None]:
        """The ``updated_at`` of the last imported ``kind`` bulk file and when it was imported."""
        updated = self._meta(f"bulk:{kind}:updated_at")
        at = self._meta(f"bulk:{kind}:imported_at")
        return updated, (float(at) if at else None)

    def record_bulk(self, kind: str, updated_at: str) -> None:
        """Remember which bulk file was imported (its date is also the prices' date)."""
        with self._lock, self._conn:
            self._set_meta(f"bulk:{kind}:updated_at", updated_at)
            self._set_meta(f"bulk:{kind}:imported_at", str(time.time()))
            self._set_meta("prices_date", updated_at[:10])

    def prices_date(self) -> str | None:
        """The date of the imported prices (the bulk file's date), when one was imported."""
        return self._meta("prices_date")

    def legality_known(self) -> bool:
        """True once a Scryfall import or lookup brought format legalities."""
        return self._meta("legality_known") == "1"

    @property
    def card_count(self) -> int:
        with self._lock:
            return int(self._conn.execute("SELECT count(*) FROM cards").fetchone()[0])

    def info(self) -> CatalogInfo:
        """Counts and provenance of the catalog."""
        corpus_size = self._meta("corpus_size")
        return CatalogInfo(
            path=self.path,
            card_count=self.card_count,
            source=self._meta("source") or "corpus",
            built_at=self._meta("built_at") or "",
            scryfall_imported_at=self._meta("scryfall_imported_at"),
            legality_known=self.legality_known(),
            schema_version=int(self._meta("schema_version") or 0),
            corpus_size=int(corpus_size) if corpus_size else None,
        )

    def names(self) -> Iterator[str]:
        """Every card's full name (for completions and tests)."""
        with self._lock:
            rows = self._conn.execute("SELECT name FROM cards ORDER BY id").fetchall()
        yield from (r[0] for r in rows)


# Scryfall's popularity ranks, kept beside the cards (an additive table: older files lack it
# until their first import).
RANKS_TABLE = ("CREATE TABLE IF NOT EXISTS card_ranks (card_id INTEGER PRIMARY KEY, edhrec_rank INTEGER, "
               "penny_rank INTEGER)")


def _rank(value: Any) -> int | None:
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _offer(
    table: dict[str, tuple[int, int]], key: str, rank: int, card_id: int, *, replace_same: bool = False
) -> None:
    """Keep the best-ranked card for a key; on equal rank the first one (corpus order) stays."""
    current = table.get(key)
    if current is None or rank < current[0] or (replace_same and current[1] == card_id):
        table[key] = (rank, card_id)


__all__ = ["SCHEMA_VERSION", "Catalog", "CatalogInfo", "build_catalog"]


def _distinct_words(query: str) -> str:
    """The query's words, each once (a repeat narrows nothing); the last word stays last.

    Raises ``SearchTooBroad`` past ``SEARCH_MAX_CHARS`` or ``SEARCH_MAX_WORDS``.
    """
    if len(query) > SEARCH_MAX_CHARS:
        raise SearchTooBroad(f"The search is {len(query):,} characters long; the limit is {SEARCH_MAX_CHARS}.")
    *body, last = query.split() or [""]
    # The last word is searched as a prefix, the others as whole words: dedupe those apart.
    distinct = list({w.casefold(): w for w in reversed(body)}.values())
    words = [*reversed(distinct), last]
    if len(words) > SEARCH_MAX_WORDS:
        raise SearchTooBroad(f"The search has {len(words)} different words; the limit is {SEARCH_MAX_WORDS}.")
    return " ".join(words)
