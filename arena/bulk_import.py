"""Stream a Scryfall bulk file (``oracle_cards`` or ``default_cards``) into the catalog.

The real files are hundreds of megabytes, so nothing here holds the file in memory: bytes
are read (and gunzipped when the first two bytes say gzip, whatever the file is called)
and parsed one card at a time with ijson, and written in batches. ``default_cards`` has
many printings per card; the catalog keeps one row per name and prefers the printing on
Arena, then the most recent one (see ``Catalog.upsert_scryfall_cards``).
"""

from __future__ import annotations

import gzip
import io
import json
import logging
import os
import re
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Protocol
from urllib.parse import urlsplit

import httpx
import ijson

from arena.catalog import Catalog
from arena.errors import CatalogError
from arena.scryfall import ACCEPT, USER_AGENT

logger = logging.getLogger(__name__)

GZIP_MAGIC = b"\x1f\x8b"
UTF8_BOM = b"\xef\xbb\xbf"
BATCH_SIZE = 1000
DOWNLOAD_FOLDER = "scryfall"


class _Progress(Protocol):
    def update(self, n: float | None = 1) -> bool | None: ...
    def close(self) -> None: ...


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What one import did: objects read from the file, cards written, and how long it took."""

    path: Path
    objects: int
    written: int
    seconds: float


class _CountingReader(io.RawIOBase):
    """Passes reads through and reports the bytes consumed, for a progress bar by bytes."""

    def __init__(self, raw: IO[bytes], on_read: _Progress | None):
        self._raw = raw
        self._on_read = on_read

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._raw.read(len(buffer))
        buffer[: len(data)] = data
        if self._on_read is not None and data:
            self._on_read.update(len(data))
        return len(data)


def _progress_bar(total: int | None, desc: str, enabled: bool) -> _Progress | None:
    if not enabled:
        return None
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="B", unit_scale=True, unit_divisor=1024, file=sys.stderr)


def is_url(value: str) -> bool:
    """True for http(s) addresses; anything else is taken as a file path."""
    return urlsplit(value).scheme in ("http", "https")


def import_bulk(
    catalog: Catalog,
    path_or_url: str | Path,
    *,
    progress: bool = True,
    download_dir: Path | None = None,
    client: httpx.Client | None = None,
    batch_size: int = BATCH_SIZE,
    on_batch: Callable[[int], None] | None = None,
) -> ImportResult:
    """Import a bulk file (path or URL) into ``catalog``; a URL is downloaded into the data folder first."""
    source = str(path_or_url)
    if is_url(source):
        folder = download_dir or catalog.path.parent / DOWNLOAD_FOLDER
        path = download_bulk(source, folder, client=client, progress=progress)
    else:
        path = Path(source).expanduser()
    if not path.is_file():
        raise CatalogError(f"no Scryfall bulk file at {path}")
    started = time.perf_counter()
    batch_id = f"{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}"
    objects = written = 0
    bar = _progress_bar(path.stat().st_size, f"Importing {path.name}", progress)
    try:
        with path.open("rb") as raw:
            batch: list[dict[str, Any]] = []
            for obj in _stream_cards(raw, path, bar):
                objects += 1
                batch.append(obj)
                if len(batch) >= batch_size:
                    written += catalog.upsert_scryfall_cards(batch, batch=batch_id)
                    batch = []
                    if on_batch is not None:
                        on_batch(written)
            if batch:
                written += catalog.upsert_scryfall_cards(batch, batch=batch_id)
    finally:
        if bar is not None:
            bar.close()
    if objects == 0:
        raise CatalogError(
            f"{path} holds no cards; expected Scryfall's 'Oracle Cards' or 'Default Cards' "
            "bulk file (a JSON array or JSON Lines of card objects, gzip or not)"
        )
    seconds = time.perf_counter() - started
    logger.info("imported %s: %d objects, %d cards written in %.1f s", path, objects, written, seconds)
    return ImportResult(path=path, objects=objects, written=written, seconds=seconds)


def _stream_cards(raw: IO[bytes], path: Path, bar: _Progress | None) -> Iterator[dict[str, Any]]:
    """Yield the card objects of a JSON array or JSON Lines file, gunzipping when the bytes say gzip."""
    stream: io.BufferedReader | gzip.GzipFile = io.BufferedReader(
        _CountingReader(raw, bar), buffer_size=1 << 16
    )
    try:
        if stream.peek(2)[:2] == GZIP_MAGIC:
            stream = gzip.GzipFile(fileobj=stream, mode="rb")
        if stream.peek(3)[:3] == UTF8_BOM:
            stream.read(3)
        head = stream.peek(64).lstrip()
    except (gzip.BadGzipFile, EOFError, OSError) as err:
        raise CatalogError(f"cannot read {path}: {err}") from err
    if head.startswith(b"{") and _is_json_lines(head):
        yield from _json_lines(stream, path)
        return
    if not head.startswith(b"["):
        raise CatalogError(
            f"{path} is not a JSON array or JSON Lines file of cards (it starts with {head[:20]!r}); "
            "use Scryfall's bulk files from https://scryfall.com/docs/api/bulk-data, not an API response"
        )
    try:
        for item in ijson.items(stream, "item", use_float=True):
            if isinstance(item, dict):
                yield item
    except (ijson.JSONError, gzip.BadGzipFile, EOFError, OSError) as err:
        raise CatalogError(f"{path} is damaged or cut short: {err}") from err


def _is_json_lines(head: bytes) -> bool:
    """A JSON Lines file's first object is a card (Scryfall's 2026 format); a list object is not."""
    return b'"object": "list"' not in head and b'"object":"list"' not in head


def _json_lines(stream: Iterable[bytes], path: Path) -> Iterator[dict[str, Any]]:
    """One card object per line (JSON Lines), blank lines skipped; a bad line names its number."""
    try:
        for number, raw in enumerate(stream, start=1):
            line = raw.strip()
            if not line:
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as err:
                raise CatalogError(f"{path} line {number} is not a JSON object: {err.msg}") from err
            if isinstance(item, dict):
                yield item
    except (gzip.BadGzipFile, EOFError, OSError) as err:
        raise CatalogError(f"{path} is damaged or cut short: {err}") from err


def download_bulk(url: str, folder: Path, *, client: httpx.Client | None = None, progress: bool = True) -> Path:
    """Stream ``url`` into ``folder`` (temp file, then rename) and return the file's path."""
    folder.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9._-]", "_", os.path.basename(urlsplit(url).path)) or "scryfall-bulk.json"
    target = folder / name
    http = client or httpx.Client(timeout=httpx.Timeout(60.0, connect=10.0), follow_redirects=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".download-", dir=folder)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out, http.stream(
            "GET", url, headers={"User-Agent": USER_AGENT, "Accept": ACCEPT}
        ) as response:
            if response.status_code >= 400:
                raise CatalogError(f"downloading {url} failed: HTTP {response.status_code}")
            total = int(response.headers.get("Content-Length") or 0) or None
            bar = _progress_bar(total, f"Downloading {name}", progress)
            try:
                # Raw bytes: the server may label gzip as Content-Encoding; we detect it ourselves.
                for chunk in response.iter_raw(1 << 16):
                    out.write(chunk)
                    if bar is not None:
                        bar.update(len(chunk))
            finally:
                if bar is not None:
                    bar.close()
        os.replace(tmp, target)
    except httpx.HTTPError as err:
        raise CatalogError(f"downloading {url} failed: {err}") from err
    finally:
        tmp.unlink(missing_ok=True)
        if client is None:
            http.close()
    return target


@dataclass(frozen=True, slots=True)
class RefreshResult:
    """What a refresh did: ``imported`` a new file, or ``skipped`` because the data is current."""

    status: str  # "imported" or "current"
    updated_at: str
    result: ImportResult | None = None


REFRESH_SECONDS = 24 * 3600
BULK_KIND = "oracle_cards"


def refresh_bulk(catalog: Catalog, base_url: str, *, kind: str = BULK_KIND, client: httpx.Client | None = None,
                 progress: bool = False, max_age: float = REFRESH_SECONDS,
                 on_phase: Callable[[str], None] | None = None,
                 on_batch: Callable[[int], None] | None = None) -> RefreshResult:
    """Import Scryfall's newest ``kind`` bulk file unless the one imported is current.

    The bulk-data index says where the file is and when it was made; the file may be a JSON
    array or JSON Lines, gzip or not (``import_bulk`` reads all four). Nothing is downloaded
    when the index's ``updated_at`` matches the last import and that import is younger than
    ``max_age`` seconds (Scryfall asks clients to cache for 24 hours).
    """
    http = client or httpx.Client(timeout=httpx.Timeout(60.0, connect=10.0), follow_redirects=True)
    try:
        try:
            response = http.get(f"{base_url.rstrip('/')}/bulk-data",
                                headers={"User-Agent": USER_AGENT, "Accept": ACCEPT})
        except httpx.HTTPError as err:
            raise CatalogError(f"Scryfall's bulk-data index is unreachable: {err}") from err
        if response.status_code >= 400:
            raise CatalogError(f"Scryfall's bulk-data index answered HTTP {response.status_code}")
        entries = response.json().get("data") or []
        entry = next((e for e in entries if isinstance(e, dict) and e.get("type") == kind), None)
        if entry is None or not entry.get("download_uri"):
            raise CatalogError(f"Scryfall's bulk-data index lists no {kind!r} file")
        updated_at = str(entry.get("updated_at") or "")
        last, imported_at = catalog.bulk_state(kind)
        if last == updated_at and imported_at is not None and time.time() - imported_at < max_age:
            return RefreshResult("current", updated_at)
        if on_phase is not None:
            on_phase(f"downloading {kind} of {updated_at[:10]}")
        folder = catalog.path.parent / DOWNLOAD_FOLDER
        path = download_bulk(str(entry["download_uri"]), folder, client=http, progress=progress)
        if on_phase is not None:
            on_phase(f"importing {kind} of {updated_at[:10]}")
        try:
            result = import_bulk(catalog, path, progress=progress, on_batch=on_batch)
        finally:
            path.unlink(missing_ok=True)  # the catalog holds the data; the file is 100+ MB
        catalog.record_bulk(kind, updated_at)
        return RefreshResult("imported", updated_at, result)
    finally:
        if client is None:
            http.close()
