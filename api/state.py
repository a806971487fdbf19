"""What the lifespan opens and the routes share: kept on ``app.state`` for the app's lifetime."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import httpx

from agent.events import ProviderKeys, ServerEvent
from agent.settings import Settings
from agent.tools.registry import HistorySource
from api.metrics import Metrics
from api.storage import StorageHealth
from api.store import DeckStore
from api.thread_claims import ThreadClaims

if TYPE_CHECKING:
    from api.scryfall_import import BulkImporter
    from arena.catalog import Catalog
    from arena.deck_service import DeckCache
    from arena.scryfall import ScryfallClient


class ChatRuntime(Protocol):
    """The part of ``agent.runtime.Vawlrathh`` the API uses (docs/ARCHITECTURE.md)."""

    catalog: Catalog
    deck_cache: DeckCache  # parse + analyze once per deck text; the MCP tools share it
    # The player's stored matches by owner hash; the lifespan sets it to the history store's reader.
    history_source: HistorySource | None

    async def close(self) -> None: ...
    def provider_name(self, keys: ProviderKeys | None = None, model: str | None = None) -> str: ...
    def new_thread_id(self) -> str: ...
    def run_turn(
        self, thread_id: str, text: str, *, deck: str | None = None,
        keys: ProviderKeys | None = None, model: str | None = None, owner: str | None = None,
    ) -> AsyncIterator[ServerEvent]: ...
    async def thread_messages(self, thread_id: str) -> list[dict[str, str]]: ...
    async def thread_deck(self, thread_id: str) -> str | None: ...
    async def delete_thread(self, thread_id: str) -> bool: ...
    async def readiness(self) -> dict[str, str]: ...


RuntimeOpener = Callable[[Settings, "Catalog"], Awaitable[ChatRuntime]]


@dataclass
class Resources:
    """Everything opened at start-up and closed at shutdown."""

    settings: Settings
    catalog: Catalog
    runtime: ChatRuntime
    store: DeckStore
    http: httpx.AsyncClient
    metrics: Metrics
    threads: ThreadClaims  # one turn per thread, across worker processes
    scryfall: ScryfallClient | None = None  # None when SCRYFALL_ENABLED is false
    importer: BulkImporter | None = None  # the background Scryfall bulk import
    storage: StorageHealth | None = None  # the data folder's free space and last failed write
