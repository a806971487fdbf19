"""POST /chat: one whole turn, for scripts that want the answer rather than the stream."""

from __future__ import annotations

from fastapi import APIRouter

from agent.events import Error
from api.deps import OwnerKey, ResourcesDep
from api.errors import ApiError
from api.schemas import ChatRequest, ChatResponse, ErrorBody, ErrorResponse
from api.store import owner_hash
from api.thread_claims import ThreadBusy
from api.turns import collect_turn, resolve_deck

router = APIRouter(tags=["chat"])


@router.post(
    "/chat",
    response_model=ChatResponse,
    summary="Run one chat turn and return the whole answer",
    description="The same turn the WebSocket streams, collected: the final message, each step in its "
    "final state, the tools run, the consensus verdict and the facts. Server keys only: per-connection "
    "keys travel in the WebSocket's hello, never in a request.",
    responses={
        200: {"links": {
            "ThreadMessages": {"operationId": "thread_messages", "parameters": {"thread_id": "$response.body#/thread_id"}},
            "DeleteThread": {"operationId": "delete_thread", "parameters": {"thread_id": "$response.body#/thread_id"}},
        }},
        404: {"model": ErrorResponse, "description": "deck_id names no stored deck"},
        409: {"model": ErrorResponse, "description": "A turn is already running on this thread"},
        422: {"model": ErrorResponse, "description": "Invalid body, or both deck and deck_id"},
    },
)
async def chat(body: ChatRequest, res: ResourcesDep, owner_key: OwnerKey = None) -> ChatResponse:
    deck = await resolve_deck(res, body.deck, body.deck_id)
    thread_id = body.thread_id or res.runtime.new_thread_id()
    try:
        turn = await collect_turn(res, thread_id, body.text, deck=deck, transport="http", owner=owner_hash(owner_key))
    except ThreadBusy:
        raise ApiError(409, "turn_in_progress", f"A turn is already running on thread {thread_id!r}; wait for it.") from None
    if turn.message is None:
        # Without an answer the turn failed; report its first error as the request's error.
        first = turn.errors[0] if turn.errors else Error(code="internal_error", message="The turn produced no answer.")
        status = 422 if first.code.startswith("deck_") else 500
        raise ApiError(status, first.code, first.message, first.details)
    return ChatResponse(
        thread_id=thread_id,
        message=turn.message.text,
        steps=turn.steps,
        tools=turn.tools,
        consensus=turn.consensus,
        facts=turn.message.facts,
        errors=[ErrorBody(code=e.code, message=e.message, details=e.details) for e in turn.errors],
        provider=res.runtime.provider_name(),
        elapsed_ms=turn.elapsed_ms,
    )
