"""Cards: one card by exact or fuzzy name, and full-text search with paging."""

from __future__ import annotations

import asyncio
import logging
import weakref
from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.deps import CatalogDep, ScryfallDep, catalog_call
from api.errors import ApiError
from api.schemas import CardPage, CardPublic, ErrorResponse
from arena.catalog import SEARCH_MAX_WORDS, Catalog, SearchTooBroad
from arena.errors import ScryfallError, ScryfallNotFound
from arena.models import Card
from arena.scryfall import ScryfallClient

logger = logging.getLogger(__name__)

router = APIRouter(prefix="/cards", tags=["cards"])

# One search at a time per process: queued searches wait here, not in the thread pool,
# where they would sit ahead of every deck parse and card lookup.
_SEARCH_GATES: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = weakref.WeakKeyDictionary()


def _search_gate() -> asyncio.Semaphore:
    loop = asyncio.get_running_loop()
    gate = _SEARCH_GATES.get(loop)
    if gate is None:
        gate = _SEARCH_GATES[loop] = asyncio.Semaphore(1)
    return gate


# A Scryfall fallback waits on its rate limiter and the network; a player's request should not.
_SCRYFALL_WAIT_S = 15.0


@router.get(
    "/named",
    response_model=CardPublic,
    summary="Find one card by name",
    description="`exact` matches the full name or any face (case, accents and punctuation ignored); "
    "`fuzzy` forgives typos and partial names. Give exactly one. Names the catalog lacks are asked "
    "of Scryfall when SCRYFALL_ENABLED. A miss is a 404 whose details list the closest names.",
    responses={
        404: {"model": ErrorResponse, "description": "No such card; `details.suggestions` has the closest names"},
        422: {"model": ErrorResponse, "description": "Neither or both of exact and fuzzy"},
    },
)
async def named(
    catalog: CatalogDep,
    scryfall: ScryfallDep,
    exact: Annotated[str | None, Query(min_length=1, max_length=200, examples=["Lightning Bolt"])] = None,
    fuzzy: Annotated[str | None, Query(min_length=1, max_length=200, examples=["lightnin bolt"])] = None,
) -> CardPublic:
    if (exact is None) == (fuzzy is None):
        raise ApiError(422, "validation_error", "Give exactly one of the query parameters exact or fuzzy.",
                       [{"loc": ["query"], "msg": "exactly one of exact, fuzzy", "type": "value_error"}])
    query = exact if exact is not None else fuzzy
    assert query is not None
    found = await catalog_call(_lookup, catalog, query, fuzzy is not None)
    if isinstance(found, Card):
        return CardPublic.from_card(found)
    details: dict[str, Any] = {"suggestions": found}
    if scryfall is not None:
        card, note = await _ask_scryfall(scryfall, query, fuzzy=fuzzy is not None)
        if card is not None:
            return CardPublic.from_card(card)
        if note:
            details["scryfall"] = note
    raise ApiError(404, "card_not_found", f"No card named {query!r}.", details)


def _lookup(catalog: Catalog, query: str, fuzzy: bool) -> Card | list[str]:
    """The card, or (on a miss) the closest names to suggest."""
    card = catalog.get(query)
    if card is not None:
        return card
    matches = catalog.fuzzy(query, limit=5)
    if fuzzy and matches:
        best = catalog.get(matches[0].name)
        if best is not None:
            return best
    return [m.name for m in matches]


async def _ask_scryfall(client: ScryfallClient, query: str, *, fuzzy: bool) -> tuple[Card | None, str | None]:
    """Scryfall's card for a name the catalog lacks, or why there is none (None: plainly not found)."""
    try:
        lookup = client.named(fuzzy=query) if fuzzy else client.named(exact=query)
        return await asyncio.wait_for(lookup, _SCRYFALL_WAIT_S), None
    except ScryfallNotFound as err:
        return None, "ambiguous: several cards match; be more specific" if err.ambiguous else None
    except ScryfallError as err:
        logger.warning("Scryfall lookup of %r failed: %s", query, err)
        return None, f"Scryfall could not be asked: {err}"
    except TimeoutError:
        logger.warning("Scryfall lookup of %r took over %.0f s", query, _SCRYFALL_WAIT_S)
        return None, "Scryfall did not answer in time"


@router.get(
    "/search",
    response_model=CardPage,
    summary="Search cards by name, type line and rules text",
    description="Full-text search over the local catalog (words, prefixes; punctuation is taken "
    f"literally, never as search syntax). At most {SEARCH_MAX_WORDS} different words; a search "
    "that matches too much to rank in time is a 422 `search_too_broad`.",
    responses={422: {"model": ErrorResponse, "description": "Invalid parameters, or the search is too broad"}},
)
async def search(
    catalog: CatalogDep,
    q: Annotated[str, Query(min_length=1, max_length=200, description="Search words", examples=["deals 3 damage"])],
    page: Annotated[int, Query(ge=1, le=10_000, description="1-based page")] = 1,
    page_size: Annotated[int, Query(ge=1, le=100, description="Cards per page")] = 20,
) -> CardPage:
    async with _search_gate():
        try:
            cards, total = await catalog_call(catalog.search, q, limit=page_size, offset=(page - 1) * page_size)
        except SearchTooBroad as err:
            raise ApiError(422, "search_too_broad", str(err), {"max_words": SEARCH_MAX_WORDS}) from None
    return CardPage(query=q, items=[CardPublic.from_card(c) for c in cards], total=total, page=page, page_size=page_size)
