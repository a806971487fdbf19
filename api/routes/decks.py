"""Decks: upload (JSON text or a file), list, read, delete, and the analysis facts."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response, status
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError
from starlette.datastructures import UploadFile

from api.deps import CatalogDep, OwnerKey, SettingsDep, StoreDep, catalog_call
from api.errors import ApiError, validation_details
from api.schemas import DeckCreate, DeckCreated, DeckPage, DeckPublic, ErrorResponse, ParsedDeck
from api.store import owner_hash
from arena.analysis import analyze
from arena.analysis.model import DeckAnalysis
from arena.parsing import parse_deck

router = APIRouter(prefix="/decks", tags=["decks"])

_ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorResponse, "description": "No deck with that id"},
}

# POST /decks reads its body by hand (JSON or multipart), so its schema is declared here.
_CREATE_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": DeckCreate.model_json_schema()},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {"type": "string", "format": "binary", "description": "The deck file (.txt, .csv, .dek, .json)"},
                        "name": {"type": "string", "maxLength": 200, "description": "A name for the deck"},
                        "format": {"type": "string", "maxLength": 40, "pattern": "^[a-z0-9_]+$", "description": "Game format"},
                    },
                }
            },
        },
    }
}


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=DeckCreated,
    summary="Upload a deck",
    description=(
        "Send the deck as JSON `{text, name?, format?}` or as a multipart file upload (field `file`, "
        "optional `name` and `format`). Every line that cannot be read comes back in one 422 with its "
        "line number, reason and suggested card names. The answer carries the deck's `analysis` (the "
        "same facts as `GET /decks/{id}/analysis`), so a client parses and analyses it once."
    ),
    openapi_extra=_CREATE_BODY,
    responses={
        201: {"links": {
            "GetDeck": {"operationId": "get_deck", "parameters": {"deck_id": "$response.body#/id"}},
            "GetDeckAnalysis": {"operationId": "deck_analysis", "parameters": {"deck_id": "$response.body#/id"}},
            "DeleteDeck": {"operationId": "delete_deck", "parameters": {"deck_id": "$response.body#/id"}},
        }},
        413: {"model": ErrorResponse, "description": "Body, upload or deck over the size limit"},
        415: {"model": ErrorResponse, "description": "Neither JSON nor multipart"},
        422: {"model": ErrorResponse, "description": "Problems by line (deck_parse_error) or an invalid body"},
    },
)
async def create_deck(request: Request, response: Response, catalog: CatalogDep, store: StoreDep,
                      settings: SettingsDep, owner_key: OwnerKey = None) -> DeckCreated:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "application/json":
        body = await _json_body(request)
    elif content_type == "multipart/form-data":
        body = await _form_body(request, settings.max_upload_bytes)
    else:
        raise ApiError(415, "unsupported_media_type", "Send the deck as application/json or multipart/form-data.")
    deck = await catalog_call(parse_deck, body.text, catalog, filename=body.filename)
    if body.name is not None:
        deck.name = body.name
    if body.format is not None:
        deck.format = body.format
    analysis = await asyncio.to_thread(analyze, deck)
    stored = await store.add(body.text, ParsedDeck.from_deck(deck), owner=owner_hash(owner_key))
    if (storage := request.app.state.resources.storage) is not None:
        storage.succeeded()  # a write went through: readiness forgets an earlier failed one
    response.headers["Location"] = f"{request.url.path.rstrip('/')}/{stored.id}"
    return DeckCreated(**dict(stored), analysis=analysis)


async def _json_body(request: Request) -> DeckCreate:
    raw = await request.body()
    try:
        return DeckCreate.model_validate_json(raw)
    except ValidationError as exc:
        raise RequestValidationError(_in_body(exc)) from None


async def _form_body(request: Request, max_upload: int) -> DeckCreate:
    async with request.form(max_files=1, max_fields=8) as form:
        upload = form.get("file")
        fields = {k: v for k, v in form.items() if isinstance(v, str) and k in ("name", "format", "text")}
        filename = None
        if isinstance(upload, UploadFile):
            if upload.size is not None and upload.size > max_upload:
                raise ApiError(413, "upload_too_large", f"The file is over the {max_upload:,}-byte upload limit.",
                               {"limit_bytes": max_upload, "actual_bytes": upload.size})
            data = await upload.read()
            try:
                fields["text"] = data.decode("utf-8-sig")
            except UnicodeDecodeError:
                raise ApiError(422, "invalid_encoding", "The file is not UTF-8 text; export the deck as text and retry.") from None
            filename = upload.filename
        elif "text" not in fields:
            raise RequestValidationError([{"loc": ("body", "file"), "msg": "Field required", "type": "missing"}])
    try:
        return DeckCreate.model_validate({**fields, "filename": filename})
    except ValidationError as exc:
        raise RequestValidationError(_in_body(exc)) from None


def _in_body(exc: ValidationError) -> list[dict[str, Any]]:
    return [{**e, "loc": ("body", *e["loc"])} for e in validation_details(exc.errors())]


@router.get("", response_model=DeckPage, summary="List stored decks, newest first",
            description="With `X-Owner-Key`: the decks uploaded with that key. Without: the decks "
            "uploaded without a key.")
async def list_decks(
    store: StoreDep,
    page: Annotated[int, Query(ge=1, le=100_000, description="1-based page")] = 1,
    page_size: Annotated[int, Query(ge=1, le=100, description="Decks per page")] = 20,
    owner_key: OwnerKey = None,
) -> DeckPage:
    items, total = await store.list(limit=page_size, offset=(page - 1) * page_size, owner=owner_hash(owner_key))
    return DeckPage(items=items, total=total, page=page, page_size=page_size)


@router.get("/{deck_id}", response_model=DeckPublic, responses=_ERRORS, summary="Read a stored deck")
async def get_deck(deck_id: str, store: StoreDep) -> DeckPublic:
    deck = await store.get(deck_id)
    if deck is None:
        raise _not_found(deck_id)
    return deck


@router.delete(
    "/{deck_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Delete a stored deck",
    description="A deck uploaded with `X-Owner-Key` is deleted only with the same key.",
    responses={**_ERRORS, 403: {"model": ErrorResponse, "description": "The deck belongs to another owner key"}},
)
async def delete_deck(deck_id: str, store: StoreDep, owner_key: OwnerKey = None) -> Response:
    outcome = await store.delete(deck_id, owner=owner_hash(owner_key))
    if outcome == "not_found":
        raise _not_found(deck_id)
    if outcome == "not_owner":
        raise ApiError(403, "not_deck_owner", f"Deck {deck_id!r} was uploaded with an owner key; send the same "
                       "key in X-Owner-Key to delete it.")
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/{deck_id}/analysis",
    response_model=DeckAnalysis,
    responses={**_ERRORS, 422: {"model": ErrorResponse, "description": "The stored deck no longer parses"}},
    summary="Analyse a stored deck",
    description="The facts of `python -m arena analyze --json`: curve, pips, sources, Karsten requirements, "
    "land recommendation, odds, archetype, legality, wildcards.",
)
async def deck_analysis(deck_id: str, store: StoreDep, catalog: CatalogDep) -> DeckAnalysis:
    stored = await store.get(deck_id)
    if stored is None:
        raise _not_found(deck_id)

    def run() -> DeckAnalysis:
        # Parse again rather than rebuild from the stored JSON: the analysis needs full Card data.
        deck = parse_deck(stored.text, catalog)
        deck.name, deck.format = stored.name, stored.format
        return analyze(deck)

    return await catalog_call(run)


def _not_found(deck_id: str) -> ApiError:
    return ApiError(404, "deck_not_found", f"No stored deck has id {deck_id!r}.")
