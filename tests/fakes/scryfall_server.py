"""A local HTTP server that speaks Scryfall's API JSON, for testing ``arena.scryfall`` for real.

It serves real captured responses from ``../shared/realdata/scryfall`` when given that folder
(lists, single cards, error objects, the 404 ``ambiguous``) plus generated cards, records
every request with its arrival time (to check rate limits), and can be told to answer 429.

    with FakeScryfall(realdata / "scryfall") as fake:
        client = ScryfallClient(fake.url, ...)
        ...
        fake.requests  # [Recorded(method, path, query, headers, body, at), ...]
"""

from __future__ import annotations

import gzip
import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

COLLECTION_LIMIT = 75


@dataclass
class Recorded:
    """One request as the server saw it."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: Any
    at: float  # time.monotonic() on arrival


def generated_card(index: int, *, name: str | None = None) -> dict[str, Any]:
    """A small but well-formed Scryfall card object (red instant, legal in Standard)."""
    card_name = name or f"Generated Card {index:03d}"
    return {
        "object": "card",
        "id": f"00000000-0000-4000-8000-{index:012d}",
        "name": card_name,
        "lang": "en",
        "released_at": "2025-01-01",
        "layout": "normal",
        "mana_cost": "{1}{R}",
        "cmc": 2.0,
        "type_line": "Instant",
        "oracle_text": f"{card_name} deals 3 damage to any target.",
        "colors": ["R"],
        "color_identity": ["R"],
        "keywords": [],
        "legalities": {"standard": "legal", "historic": "legal", "vintage": "legal"},
        "set": "tst",
        "rarity": "common",
        "arena_id": 90000 + index,
        "prices": {"usd": "0.10", "usd_foil": None, "eur": None, "tix": None},
        "purchase_uris": {"tcgplayer": f"https://example.test/tcg/{index}"},
        "image_uris": {"normal": f"https://example.test/img/{index}.jpg"},
        "scryfall_uri": f"https://scryfall.test/card/tst/{index}",
    }


def _error(status: int, code: str, details: str, **extra: Any) -> dict[str, Any]:
    return {"object": "error", "code": code, "status": status, "details": details, **extra}


@dataclass
class FakeScryfall:
    """Scryfall stand-in on 127.0.0.1; use as a context manager."""

    realdata: Path | None = None
    generated: int = 200
    page_size: int = 5
    cards: dict[str, dict[str, Any]] = field(default_factory=dict)
    requests: list[Recorded] = field(default_factory=list)
    _failures: list[tuple[str, int, str | None]] = field(default_factory=list)
    _delays: list[tuple[str, float]] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)  # served raw under /files/NAME
    bulk_list: dict[str, Any] | None = None  # /bulk-data answer instead of the real sample
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        for i in range(self.generated):
            self.add(generated_card(i))
        self.bodies: dict[str, Any] = {}
        if self.realdata is not None:
            for path in sorted(self.realdata.glob("*.json")):
                self.bodies[path.stem] = json.loads(path.read_text(encoding="utf-8"))
            for body in self.bodies.values():
                if body.get("object") == "card":
                    self.add(body)
                elif body.get("object") == "list":
                    for card in body.get("data", []):
                        if card.get("object") == "card":
                            self.add(card)

    def add(self, card: dict[str, Any]) -> None:
        """Make a card findable by name (and each face name)."""
        self.cards[card["name"].lower()] = card
        for face in card.get("card_faces") or []:
            self.cards.setdefault(face["name"].lower(), card)

    def serve_bulk(self, cards: list[dict[str, Any]], *, kind: str = "oracle_cards", shape: str = "jsonl",
                   gz: bool = True, updated_at: str = "2026-06-01T09:00:00.000+00:00") -> str:
        """Serve ``cards`` as a bulk file (JSON array or JSON Lines, gzip or not) listed in
        ``/bulk-data`` under ``kind``, as Scryfall does; return the file's name."""
        if shape == "array":
            body = json.dumps(cards).encode()
        elif shape == "jsonl":
            body = b"".join(json.dumps(c).encode() + b"\n" for c in cards)
        else:
            raise ValueError(f"shape must be 'array' or 'jsonl', not {shape!r}")
        if gz:
            body = gzip.compress(body)
        name = f"{kind.replace('_', '-')}-{updated_at[:10].replace('-', '')}.{'jsonl' if shape == 'jsonl' else 'json'}"
        name += ".gz" if gz else ""
        self.files[name] = body
        entries = [e for e in (self.bulk_list or {}).get("data", []) if e.get("type") != kind]
        entries.append({"object": "bulk_data", "type": kind, "name": kind, "updated_at": updated_at,
                        "download_uri": f"{self.url}/files/{name}", "size": len(body),
                        "content_type": "application/jsonl" if shape == "jsonl" else "application/json",
                        "content_encoding": "gzip"})
        self.bulk_list = {"object": "list", "has_more": False, "data": entries}
        return name

    def fail_next(self, path_prefix: str, count: int = 1, *, status: int = 429,
                  retry_after: str | None = "0.05") -> None:
        """Answer the next ``count`` requests under ``path_prefix`` with ``status``."""
        with self._lock:
            self._failures.extend([(path_prefix, status, retry_after)] * count)

    def delay_next(self, path_prefix: str, seconds: float) -> None:
        """Hold the next request under ``path_prefix`` for ``seconds`` before answering."""
        with self._lock:
            self._delays.append((path_prefix, seconds))

    def hits(self, path_prefix: str) -> list[Recorded]:
        """Recorded requests whose path starts with ``path_prefix``."""
        return [r for r in self.requests if r.path.startswith(path_prefix)]

    # ------------------------------------------------------------------ server

    def __enter__(self) -> FakeScryfall:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # keep test output clean
                pass

            def do_GET(self) -> None:
                fake._handle(self, None)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    body = json.loads(raw or b"null")
                except ValueError:
                    body = raw.decode("utf-8", "replace")
                fake._handle(self, body)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def _handle(self, handler: BaseHTTPRequestHandler, body: Any) -> None:
        parts = urlsplit(handler.path)
        query = parse_qs(parts.query)
        with self._lock:
            self.requests.append(Recorded(handler.command, parts.path, query,
                                          dict(handler.headers.items()), body, time.monotonic()))
            failure = next((f for f in self._failures if parts.path.startswith(f[0])), None)
            if failure is not None:
                self._failures.remove(failure)
            delay = next((d for d in self._delays if parts.path.startswith(d[0])), None)
            if delay is not None:
                self._delays.remove(delay)
        if delay is not None:
            time.sleep(delay[1])
        if failure is not None:
            _, status, retry_after = failure
            headers = {"Retry-After": retry_after} if retry_after is not None else {}
            code = "too_many_requests" if status == 429 else "unavailable"
            return self._send(handler, status, _error(status, code, "Slow down."), headers)
        if parts.path.startswith("/files/"):
            return self._send_file(handler, parts.path.removeprefix("/files/"))
        status, payload = self._route(handler.command, parts.path, query, body)
        self._send(handler, status, payload)

    def _send(self, handler: BaseHTTPRequestHandler, status: int, payload: Any,
              headers: dict[str, str] | None = None) -> None:
        data = json.dumps(payload).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json; charset=utf-8")
        handler.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            handler.send_header(key, value)
        handler.end_headers()
        try:
            handler.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout tests); nothing to answer

    def _send_file(self, handler: BaseHTTPRequestHandler, name: str) -> None:
        data = self.files.get(name)
        if data is None:
            return self._send(handler, 404, _error(404, "not_found", f"No file {name}."))
        handler.send_response(200)
        handler.send_header("Content-Type", "application/octet-stream")
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    def _route(self, method: str, path: str, query: dict[str, list[str]], body: Any) -> tuple[int, Any]:
        if method == "GET" and path == "/cards/named":
            return self._named(query)
        if method == "POST" and path == "/cards/collection":
            return self._collection(body)
        if method == "GET" and path == "/cards/search":
            return self._search(query)
        if method == "GET" and path == "/bulk-data" and self.bulk_list is not None:
            return 200, self.bulk_list
        if method == "GET" and path == "/bulk-data" and "aioscryfall__bulk_data__all" in self.bodies:
            return 200, self.bodies["aioscryfall__bulk_data__all"]
        return 404, _error(404, "not_found", f"No route for {method} {path}.")

    def _named(self, query: dict[str, list[str]]) -> tuple[int, Any]:
        if "exact" in query:
            card = self.cards.get(query["exact"][0].lower())
            if card:
                return 200, card
        elif "fuzzy" in query:
            wanted = query["fuzzy"][0].lower()
            if wanted == "aust com" and "transcribed__error_404_ambiguous_fuzzy_aust_com" in self.bodies:
                return 404, self.bodies["transcribed__error_404_ambiguous_fuzzy_aust_com"]
            matches = [c for n, c in self.cards.items() if wanted in n]
            unique = {c["id"]: c for c in matches}
            if len(unique) == 1:
                return 200, next(iter(unique.values()))
            if len(unique) > 1:
                return 404, _error(404, "not_found", f"Too many cards match ambiguous name “{wanted}”.",
                                   type="ambiguous")
        else:
            return 400, _error(400, "bad_request", "Give fuzzy or exact.")
        if "api-types__error_404_not_found" in self.bodies:
            return 404, {**self.bodies["api-types__error_404_not_found"],
                         "details": "No cards found matching that name."}
        return 404, _error(404, "not_found", "No cards found matching that name.")

    def _collection(self, body: Any) -> tuple[int, Any]:
        idents = body.get("identifiers") if isinstance(body, dict) else None
        if not isinstance(idents, list):
            return 400, _error(400, "bad_request", "identifiers must be a list.")
        if len(idents) > COLLECTION_LIMIT:
            return 422, _error(422, "validation_error",
                               f"Too many identifiers; at most {COLLECTION_LIMIT} per request.")
        found, missing = [], []
        for ident in idents:
            card = self.cards.get(str(ident.get("name", "")).lower())
            (found if card else missing).append(card or ident)
        return 200, {"object": "list", "not_found": missing, "data": found}

    def _search(self, query: dict[str, list[str]]) -> tuple[int, Any]:
        q = query.get("q", [""])[0]
        page = int(query.get("page", ["1"])[0])
        if "is:slick" in q and "api-types__error_400_bad_request_warnings" in self.bodies:
            return 400, self.bodies["api-types__error_400_bad_request_warnings"]
        if q == "t:frog" and "api-types__list_search_t-frog" in self.bodies:
            return 200, self.bodies["api-types__list_search_t-frog"]
        if q == "forests" and "aioscryfall__cards__forests-page1" in self.bodies and page == 1:
            # The real page 1, with next_page pointing back here instead of api.scryfall.com.
            body = dict(self.bodies["aioscryfall__cards__forests-page1"])
            body["next_page"] = f"{self.url}/cards/search?q=forests&page=2"
            return 200, body
        if q == "forests" and page == 2:
            rest = [generated_card(900 + i, name=f"Forest Variant {i}") for i in range(10)]
            return 200, {"object": "list", "total_cards": 20, "has_more": False, "data": rest}
        term = re.sub(r"^name:", "", q).lower()
        matches = sorted({c["id"]: c for n, c in self.cards.items() if term and term in n}.values(),
                         key=lambda c: c["name"])
        if not matches:
            return 404, _error(404, "not_found", "Your query didn’t match any cards.")
        start = (page - 1) * self.page_size
        chunk = matches[start : start + self.page_size]
        more = start + self.page_size < len(matches)
        result: dict[str, Any] = {"object": "list", "total_cards": len(matches), "has_more": more,
                                  "data": chunk}
        if more:
            result["next_page"] = f"{self.url}/cards/search?{urlencode({'q': q, 'page': page + 1})}"
        return 200, result
