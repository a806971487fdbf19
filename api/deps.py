"""``Annotated`` dependency aliases, so routes name what they need and tests can override it."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from typing import Annotated, ParamSpec, TypeVar

import httpx
from fastapi import Depends, Header, Request

from agent.events import OWNER_KEY_MAX, OWNER_KEY_MIN
from agent.settings import Settings
from api.errors import ApiError
from api.metrics import Metrics
from api.state import ChatRuntime, Resources
from api.store import DeckStore
from arena.catalog import Catalog
from arena.errors import CatalogError
from arena.scryfall import ScryfallClient


def get_resources(request: Request) -> Resources:
    """The lifespan's resources; a 503 while the app is still starting or already stopping."""
    res: Resources | None = getattr(request.app.state, "resources", None)
    if res is None:
        raise ApiError(503, "not_ready", "The service is starting or stopping; try again shortly.")
    return res


ResourcesDep = Annotated[Resources, Depends(get_resources)]


def get_settings(res: ResourcesDep) -> Settings:
    return res.settings


def get_catalog(res: ResourcesDep) -> Catalog:
    return res.catalog


def get_runtime(res: ResourcesDep) -> ChatRuntime:
    return res.runtime


def get_store(res: ResourcesDep) -> DeckStore:
    return res.store


def get_http(res: ResourcesDep) -> httpx.AsyncClient:
    return res.http


def get_scryfall(res: ResourcesDep) -> ScryfallClient | None:
    return res.scryfall


def get_metrics(request: Request) -> Metrics:
    metrics: Metrics = request.app.state.metrics
    return metrics


SettingsDep = Annotated[Settings, Depends(get_settings)]

# A secret the client chooses (the UI keeps one per browser) that owns what it uploads: its decks
# are listed and deleted only with it, its match history is kept under it, and a chat turn sent
# with it may read that history. Stored as a SHA-256 (``api.store.owner_hash``), never logged.
OwnerKey = Annotated[str | None, Header(
    alias="X-Owner-Key", min_length=OWNER_KEY_MIN, max_length=OWNER_KEY_MAX,
    description=f"Your own secret ({OWNER_KEY_MIN}-{OWNER_KEY_MAX} characters). Decks uploaded with it "
    "are listed only to it and deleted only with it (without it, GET /decks lists only decks uploaded "
    "without one); your match history is kept under it; a chat turn sent with it can read that history.",
)]
CatalogDep = Annotated[Catalog, Depends(get_catalog)]
RuntimeDep = Annotated[ChatRuntime, Depends(get_runtime)]
StoreDep = Annotated[DeckStore, Depends(get_store)]
HttpDep = Annotated[httpx.AsyncClient, Depends(get_http)]
MetricsDep = Annotated[Metrics, Depends(get_metrics)]
ScryfallDep = Annotated[ScryfallClient | None, Depends(get_scryfall)]

P = ParamSpec("P")
T = TypeVar("T")


async def catalog_call(fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Run a catalog call off the event loop; a damaged catalog file becomes ``CatalogError``.

    SQLite reports a corrupt or vanished file as ``sqlite3.DatabaseError``; the error handler
    answers ``CatalogError`` with 503 ``catalog_unavailable``, as readiness already says.
    """
    try:
        return await asyncio.to_thread(fn, *args, **kwargs)
    except sqlite3.DatabaseError as exc:
        raise CatalogError(f"The card catalog cannot be read right now ({exc}); its operator has to rebuild it.") from exc
