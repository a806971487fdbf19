"""Paper prices, Arena wildcards, Player.log upload and the player's match history."""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import IO, Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field
from starlette.datastructures import UploadFile

from api.deps import CatalogDep, OwnerKey
from api.errors import ApiError
from api.history_store import HistoryStore, StoredMatch
from api.schemas import ErrorResponse
from api.store import owner_hash
from arena.catalog import Catalog
from arena.deck_counts import FREE_BASICS
from arena.history import opponent_archetype, summary
from arena.parsing import parse_deck
from arena.playerlog import COLLECTION_NOTE, LogReport, Match, read_log
from arena.prices import shopping_list
from arena.wildcards import collection_counts, wildcard_bill

router = APIRouter(tags=["market"])

# A Player.log after a long session runs to hundreds of megabytes; it is read as a stream.
MAX_LOG_BYTES = 256 * 1024 * 1024
LOG_UPLOAD_PATH = "/history/log"


def get_history(request: Request) -> HistoryStore:
    """The history store the lifespan opened (a 503 while starting or stopping)."""
    store: HistoryStore | None = getattr(request.app.state, "history", None)
    if store is None:
        raise ApiError(503, "not_ready", "The service is starting or stopping; try again shortly.")
    return store


HistoryDep = Annotated[HistoryStore, Depends(get_history)]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PriceRequest(_Body):
    """A deck to price in paper."""

    text: str = Field(..., min_length=1, description="The deck (Arena export, CSV, .dek, JSON)")
    sideboard: bool = Field(True, description="Price the sideboard too")
    include_basics: bool = Field(False, description="Price basic lands (free by default)")


class WildcardRequest(_Body):
    """A deck to count wildcards for, optionally against a collection export."""

    text: str = Field(..., min_length=1, description="The deck (Arena export, CSV, .dek, JSON)")
    collection: str | None = Field(None, description="Collection export (CSV) to subtract what is owned")
    sideboard: bool = Field(False, description="Count the sideboard too (best-of-three)")


@router.post("/prices", response_model=dict[str, Any], summary="Paper prices of a deck and where to buy it",
             description="`{as_of, stale, totals: {usd, eur, tix}, cards: [{card, count, usd, eur, tix, "
             "links, buyable, paper_original, ...}], missing, incomplete, warnings}`; currencies are "
             "never added together.",
             responses={422: {"model": ErrorResponse, "description": "The deck does not parse"}})
async def prices(body: PriceRequest, catalog: CatalogDep) -> dict[str, Any]:
    def run() -> dict[str, Any]:
        deck = parse_deck(body.text, catalog)
        return shopping_list(deck, catalog, sideboard=body.sideboard,
                             include_basics=body.include_basics).to_json()

    return await asyncio.to_thread(run)


@router.post("/wildcards", response_model=dict[str, Any], summary="Arena wildcards a deck costs",
             description="`{common, uncommon, rare, mythic, missing: [{card, count, rarity}], unknown, "
             "craft_first}`; with `collection`, only the copies not owned.",
             responses={422: {"model": ErrorResponse, "description": "The deck or collection does not parse"}})
async def wildcards(body: WildcardRequest, catalog: CatalogDep) -> dict[str, Any]:
    def run() -> dict[str, Any]:
        deck = parse_deck(body.text, catalog)
        owned = None
        if body.collection:
            owned = collection_counts(parse_deck(body.collection, catalog, filename="collection.csv"))
        return wildcard_bill(deck, catalog, sideboard=body.sideboard, owned=owned).to_json()

    return await asyncio.to_thread(run)


@router.post(
    LOG_UPLOAD_PATH, response_model=dict[str, Any], summary="Upload a Player.log into your match history",
    description="Multipart upload: field `file` (the log), optional field `player` (your Arena screen "
    "name, when the log does not say). Matches are stored once per owner key; uploading the same "
    f"log again adds nothing. Up to {MAX_LOG_BYTES // (1024 * 1024)} MB, read as a stream.",
    openapi_extra={"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
        "type": "object", "required": ["file"],
        "properties": {"file": {"type": "string", "format": "binary"},
                       "player": {"type": "string", "maxLength": 100}}}}}}},
    responses={400: {"model": ErrorResponse, "description": "No X-Owner-Key"},
               413: {"model": ErrorResponse, "description": "Over the size limit"},
               422: {"model": ErrorResponse, "description": "No file in the upload"}},
)
async def upload_log(request: Request, catalog: CatalogDep, history: HistoryDep,
                     owner_key: OwnerKey = None) -> dict[str, Any]:
    owner = _owner(owner_key)
    async with request.form(max_files=1, max_fields=4) as form:
        upload, player = form.get("file"), form.get("player")
        if not isinstance(upload, UploadFile):
            raise ApiError(422, "missing_file", "Attach the log as the multipart field 'file'.")
        name = player.strip()[:100] if isinstance(player, str) and player.strip() else None
        report, stored, not_stored = await asyncio.to_thread(_read_upload, upload.file, catalog, name)
    added, repeated = await history.add(owner, stored)
    if report.inventory is not None:
        await history.set_inventory(owner, report.inventory.to_json())
    return {
        "matches_in_log": len(report.matches),
        "added": added,
        "already_stored": repeated,
        "not_stored": not_stored,
        "entries": report.entries,
        "skipped_entries": report.skipped,
        "player": report.player,
        "inventory": report.inventory.to_json() if report.inventory else None,
        "unmapped_ids": report.unmapped_ids,
        "collection_note": COLLECTION_NOTE,
    }


@router.get("/history", response_model=dict[str, Any], summary="Your match history and win rates",
            description="Matches oldest first, and win rates by deck, by opponent archetype and on the "
            "play vs on the draw, each with its game count, a 95% Wilson interval and `too_few` under "
            "the minimum.", responses={400: {"model": ErrorResponse, "description": "No X-Owner-Key"}})
async def get_history_route(history: HistoryDep, owner_key: OwnerKey = None) -> dict[str, Any]:
    owner = _owner(owner_key)
    matches = await history.matches(owner)
    return {"matches": matches, "summary": summary(matches), "inventory": await history.inventory(owner),
            "collection_note": COLLECTION_NOTE}


@router.delete("/history", response_model=dict[str, int], summary="Forget your match history",
               responses={400: {"model": ErrorResponse, "description": "No X-Owner-Key"}})
async def delete_history(history: HistoryDep, owner_key: OwnerKey = None) -> dict[str, int]:
    return {"deleted": await history.clear(_owner(owner_key))}


def _owner(owner_key: str | None) -> str:
    hashed = owner_hash(owner_key)
    if hashed is None:
        raise ApiError(400, "owner_key_required", "Match history is kept per player: send your own "
                       "secret in the X-Owner-Key header (16-200 characters).")
    return hashed


def _read_upload(stream: IO[bytes], catalog: Catalog,
                 player: str | None) -> tuple[LogReport, list[StoredMatch], list[dict[str, str]]]:
    def name_for(arena_id: int) -> str | None:
        card = catalog.by_arena_id(arena_id)
        return card.name if card is not None else None

    report = read_log(stream, name_for=name_for, player=player)
    stored: list[StoredMatch] = []
    not_stored: list[dict[str, str]] = []
    for match in report.matches:
        if match.result is None:
            reason = ("the log does not say who you are; give your Arena screen name"
                      if match.local_seat is None else "the log ends before the match does")
            not_stored.append({"match_id": match.match_id, "reason": reason})
            continue
        stored.append(_stored(match, catalog))
    return report, stored, not_stored


def _stored(match: Match, catalog: Catalog) -> StoredMatch:
    seen = [c.card for c in match.opponent_cards if c.card]
    arche = opponent_archetype(seen, catalog)["name"] if seen else "unknown"
    data = match.to_json()
    return StoredMatch(
        match_id=match.match_id, started_at=match.started_at, event=match.event,
        deck_name=match.deck_name or _deck_label(match), opponent=match.opponent,
        opponent_archetype=arche, result=match.result or "", games=data["games"],
        opponent_cards=seen, deck=data["deck"],
    )


def _deck_label(match: Match) -> str | None:
    """A name for a deck the log did not name: its two most-played nonbasic cards."""
    counts = Counter({c.card: c.count for c in match.main if c.card and c.card not in FREE_BASICS})
    top = [name for name, _ in counts.most_common(2)]
    return f"deck with {' and '.join(top)}" if top else None
