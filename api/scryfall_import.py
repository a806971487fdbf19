"""Keep the catalog's Scryfall data current: import the bulk file at start, then every 24 h.

It runs beside the app, never before it: readiness does not wait for it. Progress goes to the
log and to ``/api/v1/status`` (the UI's Status tab). With several API worker processes only
the one holding the data folder's import lock downloads; the others reload the catalog when
they see a newer import. ``SCRYFALL_AUTO_IMPORT=false`` (or ``SCRYFALL_ENABLED=false``) turns
it off. The download and import run in a thread; the catalog's lock keeps readers consistent.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import logging
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from agent.settings import Settings
from arena.bulk_import import refresh_bulk
from arena.catalog import Catalog
from arena.errors import CatalogError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 15 * 60  # after a failure (Scryfall unreachable), try again this much later
LOCK_NAME = ".bulk-import.lock"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class ImportStatus:
    """What the background import is doing, for the Status tab."""

    state: str = "waiting"  # waiting, checking, downloading, importing, current, imported, failed, off
    detail: str = ""
    cards_written: int = 0
    bulk_updated_at: str | None = None
    last_checked_at: str | None = None
    next_check_at: str | None = None
    error: str | None = None
    history: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {k: v for k, v in self.__dict__.items() if k != "history"}


class BulkImporter:
    """The background task: one refresh now, then one per ``refresh_hours``."""

    def __init__(self, settings: Settings, catalog: Catalog) -> None:
        self.settings = settings
        self.catalog = catalog
        self.status = ImportStatus()
        self._task: asyncio.Task[None] | None = None
        if not (settings.scryfall_auto_import and settings.scryfall_enabled):
            self.status.state = "off"
            self.status.detail = "automatic Scryfall import is turned off"

    def start(self) -> None:
        """Start the loop (no-op when turned off); returns at once."""
        if self.status.state != "off" and self._task is None:
            self._task = asyncio.create_task(self._loop(), name="scryfall-bulk-import")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _loop(self) -> None:
        period = self.settings.scryfall_refresh_hours * 3600
        while True:
            ok = await self.run_once()
            wait = period if ok else min(RETRY_SECONDS, period)
            self._schedule(wait)
            await asyncio.sleep(wait)

    def _schedule(self, wait: float) -> None:
        self.status.next_check_at = datetime.fromtimestamp(
            datetime.now(UTC).timestamp() + wait, UTC).isoformat(timespec="seconds")

    async def run_once(self) -> bool:
        """One refresh; True when the data is current afterwards."""
        self.status.state, self.status.detail, self.status.error = "checking", "reading Scryfall's bulk-data index", None
        self.status.last_checked_at = _now()
        try:
            return await asyncio.to_thread(self._refresh)
        except CatalogError as err:
            self.status.state, self.status.error = "failed", str(err)
            self.status.detail = "the card data stays as it was; I'll try again later"
            logger.warning("Scryfall bulk import failed: %s", err)
            return False
        except Exception as err:  # a bug must not kill the loop, and must be seen
            logger.exception("Scryfall bulk import crashed")
            self.status.state, self.status.error = "failed", f"{type(err).__name__}: {err}"
            return False

    def _refresh(self) -> bool:
        kind = self.settings.scryfall_bulk_type
        with _import_lock(self.catalog.path.parent) as held:
            if not held:
                self.status.state = "waiting"
                self.status.detail = "another API worker is importing; this one reloads when it is done"
                before = self.catalog.bulk_state(kind)[0]
                return self._reload_if_newer(kind, before)
            before = self.catalog.bulk_state(kind)[0]
            result = refresh_bulk(
                self.catalog, self.settings.scryfall_base_url, kind=kind,
                max_age=self.settings.scryfall_refresh_hours * 3600,
                on_phase=self._phase, on_batch=self._batch,
            )
        self.status.bulk_updated_at = result.updated_at
        # The next check is known before the state says done, so no reader sees "imported" without it.
        self._schedule(self.settings.scryfall_refresh_hours * 3600)
        if result.status == "current":
            self.status.state = "current"
            self.status.detail = f"{kind} of {result.updated_at[:10]} is already imported"
            if before != result.updated_at:
                self.catalog.reload()
        else:
            written = result.result.written if result.result else 0
            self.status.state, self.status.cards_written = "imported", written
            self.status.detail = f"imported {written:,} cards from {kind} of {result.updated_at[:10]}"
            logger.info("Scryfall bulk import: %s", self.status.detail)
        return True

    def _reload_if_newer(self, kind: str, before: str | None) -> bool:
        after = self.catalog.bulk_state(kind)[0]
        if after is not None and after != before:
            self.catalog.reload()
        return after is not None

    def _phase(self, text: str) -> None:
        self.status.state = text.split()[0]
        self.status.detail = text
        self.status.cards_written = 0
        logger.info("Scryfall bulk import: %s", text)

    def _batch(self, written: int) -> None:
        self.status.cards_written = written
        if written % 10000 == 0:
            logger.info("Scryfall bulk import: %d cards written", written)


@contextlib.contextmanager
def _import_lock(folder: Path):  # type: ignore[no-untyped-def]
    """Hold the data folder's import lock if no other process does; yield whether we hold it."""
    folder.mkdir(parents=True, exist_ok=True)
    handle: IO[str] = open(folder / LOCK_NAME, "a")
    try:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            yield False
            return
        try:
            handle.write(f"{os.getpid()}\n")
            handle.flush()
            yield True
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
    finally:
        handle.close()
