"""What the lifespan opens and the routes share: kept on ``app.state`` for the app's lifetime."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

import httpx

from agent.events import ProviderKeys, ServerEvent
from agent.settings import Settings
from api.metrics import Metrics
from api.store import DeckStore

if TYPE_CHECKING:
    from arena.catalog import Catalog
    from arena.scryfall import ScryfallClient


class ChatRuntime(Protocol):
    """The part of ``agent.runtime.Vawlrathh`` the API uses (docs/ARCHITECTURE.md)."""

    catalog: Catalog

    async def close(self) -> None: ...
    def provider_name(self, keys: ProviderKeys | None = None, model: str | None = None) -> str: ...
    def new_thread_id(self) -> str: ...
    def run_turn(
        self, thread_id: str, text: str, *, deck: str | None = None,
        keys: ProviderKeys | None = None, model: str | None = None,
    ) -> AsyncIterator[ServerEvent]: ...
    async def thread_messages(self, thread_id: str) -> list[dict[str, str]]: ...
    async def thread_deck(self, thread_id: str) -> str | None: ...
    async def delete_thread(self, thread_id: str) -> bool: ...
    async def readiness(self) -> dict[str, str]: ...


RuntimeOpener = Callable[[Settings, "Catalog"], Awaitable[ChatRuntime]]


class ThreadBusy(Exception):
    """A turn is already running on this thread (from this or another connection)."""


@dataclass
class ThreadGuard:
    """One turn per thread at a time, across every connection and POST /chat.

    Two turns interleaving on one thread would write its checkpoint out of order.
    """

    _busy: set[str] = field(default_factory=set)

    def claim(self, thread_id: str) -> None:
        if thread_id in self._busy:
            raise ThreadBusy(thread_id)
        self._busy.add(thread_id)

    def release(self, thread_id: str) -> None:
        self._busy.discard(thread_id)

    def is_busy(self, thread_id: str) -> bool:
        return thread_id in self._busy


@dataclass
class Resources:
    """Everything opened at start-up and closed at shutdown."""

    settings: Settings
    catalog: Catalog
    runtime: ChatRuntime
    store: DeckStore
    http: httpx.AsyncClient
    metrics: Metrics
    scryfall: ScryfallClient | None = None  # None when SCRYFALL_ENABLED is false
    threads: ThreadGuard = field(default_factory=ThreadGuard)
