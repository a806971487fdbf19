"""Running one chat turn for any transport: deck lookup, metrics, and a turn that always ends.

The WebSocket and POST /chat both go through ``turn_events``, so both count turns, time to
first token and duration the same way, and neither can leave a client without ``done``.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Literal

from agent.events import Consensus, Done, Error, Message, ProviderKeys, ServerEvent, Step, ToolCall
from api.errors import ApiError
from api.state import Resources

logger = logging.getLogger(__name__)

Transport = Literal["websocket", "http", "mcp"]


async def resolve_deck(res: Resources, deck: str | None, deck_id: str | None) -> str | None:
    """The deck text a turn should attach: given inline, or looked up by stored deck id."""
    if deck is not None and deck_id is not None:
        raise ApiError(422, "invalid_message", "Send either deck (the text) or deck_id (a stored deck), not both.")
    if deck_id is None:
        return deck
    text = await res.store.get_text(deck_id)
    if text is None:
        raise ApiError(404, "deck_not_found", f"No stored deck has id {deck_id!r}; upload it with POST /api/v1/decks.")
    return text


async def turn_events(
    res: Resources,
    thread_id: str,
    text: str,
    *,
    deck: str | None,
    keys: ProviderKeys | None,
    model: str | None,
    transport: Transport,
    owner: str | None = None,
) -> AsyncIterator[ServerEvent]:
    """Yield the runtime's events for one turn, recording metrics; always ends with ``done``.

    Cancelling the consumer cancels the turn (the runtime's generator is closed); an
    unexpected exception becomes an ``internal_error`` event, logged with its traceback.
    """
    metrics = res.metrics
    start = time.perf_counter()
    first_token = False
    finished = False
    outcome = "completed"
    try:
        events = res.runtime.run_turn(thread_id, text, deck=deck, keys=keys, model=model, owner=owner)
        try:
            async for event in events:
                if event.type == "token" and not first_token:
                    first_token = True
                    metrics.first_token.labels(transport=transport).observe(time.perf_counter() - start)
                elif event.type == "error":
                    metrics.errors.labels(code=event.code).inc()
                elif event.type == "done":
                    finished = True
                yield event
        finally:
            # Close the runtime's generator now (not at garbage collection), so a cancelled
            # turn releases its thread state before the next one starts.
            aclose = getattr(events, "aclose", None)
            if aclose is not None:
                await aclose()
    except (asyncio.CancelledError, GeneratorExit):
        outcome = "cancelled"
        raise
    except Exception:
        logger.exception("chat turn failed on thread %s", thread_id)
        outcome = "failed"
        metrics.errors.labels(code="internal_error").inc()
        yield Error(code="internal_error", message="The turn failed on our side; it has been logged. Try again.")
    finally:
        elapsed = time.perf_counter() - start
        metrics.turns.labels(transport=transport, outcome=outcome).inc()
        metrics.turn_duration.labels(transport=transport).observe(elapsed)
    if not finished:
        yield Done(elapsed_ms=round(elapsed * 1000, 1))


@dataclass
class CollectedTurn:
    """One whole turn, for transports that answer at the end (POST /chat, the MCP ``chat`` tool)."""

    thread_id: str
    message: Message | None = None
    steps: list[Step] = field(default_factory=list)  # each step in its final state
    tools: list[ToolCall] = field(default_factory=list)
    consensus: Consensus | None = None
    errors: list[Error] = field(default_factory=list)
    elapsed_ms: float = 0.0


async def collect_turn(res: Resources, thread_id: str, text: str, *, deck: str | None, transport: Transport,
                       owner: str | None = None) -> CollectedTurn:
    """Run one turn with server keys on a claimed thread; raises ``ThreadBusy`` if one is running."""
    res.threads.claim(thread_id)
    turn = CollectedTurn(thread_id)
    steps: dict[str, Step] = {}
    try:
        async for event in turn_events(res, thread_id, text, deck=deck, keys=None, model=None, transport=transport,
                                       owner=owner):
            if event.type == "step":
                steps[event.id] = event  # the last state of each step wins
            elif event.type == "tool":
                turn.tools.append(event)
            elif event.type == "consensus":
                turn.consensus = event
            elif event.type == "message":
                turn.message = event
            elif event.type == "error":
                turn.errors.append(event)
            elif event.type == "done":
                turn.elapsed_ms = event.elapsed_ms
    finally:
        res.threads.release(thread_id)
    turn.steps = list(steps.values())
    return turn
