"""POST /chat: one whole turn, for scripts that want the answer rather than the stream."""

from __future__ import annotations

from fastapi import APIRouter

from agent.events import Consensus, Error, Step, ToolCall
from api.deps import ResourcesDep
from api.errors import ApiError
from api.schemas import ChatRequest, ChatResponse, ErrorBody, ErrorResponse
from api.thread_claims import ThreadBusy
from api.turns import resolve_deck, turn_events

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
async def chat(body: ChatRequest, res: ResourcesDep) -> ChatResponse:
    deck = await resolve_deck(res, body.deck, body.deck_id)
    thread_id = body.thread_id or res.runtime.new_thread_id()
    try:
        res.threads.claim(thread_id)
    except ThreadBusy:
        raise ApiError(409, "turn_in_progress", f"A turn is already running on thread {thread_id!r}; wait for it.") from None
    steps: dict[str, Step] = {}
    tools: list[ToolCall] = []
    errors: list[Error] = []
    consensus: Consensus | None = None
    message = None
    elapsed_ms = 0.0
    try:
        async for event in turn_events(res, thread_id, body.text, deck=deck, keys=None, model=None, transport="http"):
            if event.type == "step":
                steps[event.id] = event  # the last state of each step wins
            elif event.type == "tool":
                tools.append(event)
            elif event.type == "consensus":
                consensus = event
            elif event.type == "message":
                message = event
            elif event.type == "error":
                errors.append(event)
            elif event.type == "done":
                elapsed_ms = event.elapsed_ms
    finally:
        res.threads.release(thread_id)
    if message is None:
        # Without an answer the turn failed; report its first error as the request's error.
        first = errors[0] if errors else Error(code="internal_error", message="The turn produced no answer.")
        status = 422 if first.code.startswith("deck_") else 500
        raise ApiError(status, first.code, first.message, first.details)
    return ChatResponse(
        thread_id=thread_id,
        message=message.text,
        steps=list(steps.values()),
        tools=tools,
        consensus=consensus,
        facts=message.facts,
        errors=[ErrorBody(code=e.code, message=e.message, details=e.details) for e in errors],
        provider=res.runtime.provider_name(),
        elapsed_ms=elapsed_ms,
    )
