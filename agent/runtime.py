"""``Vawlrathh``: the one object the API uses — turns, threads, readiness (docs/ARCHITECTURE.md).

``run_turn`` is the single producer of the stream: it runs the graph with
``stream_mode="custom"`` and yields the typed events the nodes write, then ``done``.
Turns on one thread run one at a time (a per-thread lock); threads run in parallel.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
import weakref
from collections.abc import AsyncIterator, Callable
from typing import Any

from agent.events import Done, Error, ProviderKeys, ServerEvent
from agent.graph import build_graph
from agent.memory import ThreadMemory
from agent.priority import NO_TICKET, FirstAnswersFirst
from agent.providers.base import Judge, LLMProvider
from agent.providers.factory import make_judge, make_provider, provider_label
from agent.research import build_research
from agent.settings import Settings
from agent.state import Context
from agent.tools.registry import HistorySource, bind_history
from arena.deck_service import DeckCache

logger = logging.getLogger(__name__)

MAX_TEXT_CHARS = 20_000
# The warm-up turn's deck: real cards every catalog has.
WARM_UP_DECK = "Deck\n4 Lightning Bolt\n4 Llanowar Elves\n4 Shock\n4 Giant Growth\n12 Mountain\n12 Forest\n"


class Vawlrathh:
    """The agent: a compiled graph over a SQLite-checkpointed thread store and the card catalog."""

    catalog: Any

    def __init__(self, settings: Settings, catalog: Any, memory: ThreadMemory, *, owns_catalog: bool):
        self.settings = settings
        self.catalog = catalog
        self.memory = memory
        self._owns_catalog = owns_catalog
        self._graph = build_graph(memory.saver)
        self.deck_cache = DeckCache()
        # One lock per thread while anyone holds or awaits it; idle threads cost nothing.
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()
        self.trials = 10000
        # Seams for tests and embedders: how a turn gets its model and its judge.
        self.provider_factory: Callable[..., LLMProvider | None] = make_provider
        self.judge_factory: Callable[..., Judge | None] = make_judge
        # The player's stored matches by owner (the API's history store); None: no history here.
        self.history_source: HistorySource | None = None
        self._warm: asyncio.Task[None] | None = None
        self.gate = FirstAnswersFirst()
        self.research = build_research(settings)  # one per process: its cache outlives a turn

    def _start_warming(self) -> None:
        """Warm up in the background, so no player pays for it: the catalog's fuzzy index
        (seconds), then one offline turn on a scratch thread (the first turn of a process
        otherwise takes ~70 ms for lazy imports and first calls, against ~4 ms after)."""

        async def warm() -> None:
            try:
                await asyncio.to_thread(self.catalog.find_names_in_text, "what does lightnig bolt do")
            except Exception:  # a cold index is slower, not broken; say why in the log
                logger.exception("warming the catalog's name index failed")
            try:
                await self._warm_turn()
            except Exception:
                logger.exception("the warm-up turn failed")

        self._warm = asyncio.create_task(warm(), name="vawlrathh-warm-up")

    async def _warm_turn(self) -> None:
        """Run one offline turn on a scratch thread, then delete the thread: never a model call."""
        thread_id = f"warm-up-{uuid.uuid4().hex}"
        context = Context(catalog=self.catalog, settings=self.settings, cache=self.deck_cache, thread_id=thread_id,
                          trials=self.trials)
        try:
            async for _ in self._stream(context, "How many lands should I run?", WARM_UP_DECK):
                pass
        finally:
            await self.memory.delete_thread(thread_id)

    @classmethod
    async def open(cls, settings: Settings, *, catalog: Any | None = None) -> Vawlrathh:
        """Open the catalog (unless given) and the thread store under ``settings.data_dir``."""
        owns = catalog is None
        if catalog is None:
            from arena.catalog import Catalog

            catalog = await asyncio.to_thread(Catalog.open, settings.data_dir)
        try:
            memory = await ThreadMemory.open(settings.data_dir)
        except Exception:
            if owns and catalog is not None:
                catalog.close()
            raise
        agent = cls(settings, catalog, memory, owns_catalog=owns)
        agent._start_warming()
        return agent

    async def warmed(self) -> None:
        """Return once the background warm-up (name index, then the scratch turn) has finished."""
        if self._warm is not None:
            await asyncio.gather(self._warm, return_exceptions=True)

    async def close(self) -> None:
        """Close the thread store, and the catalog when this object opened it."""
        if self._warm is not None:
            await asyncio.gather(self._warm, return_exceptions=True)  # its thread cannot be cancelled
        await self.memory.close()
        if self.research is not None:
            await self.research.aclose()
        if self._owns_catalog:
            self.catalog.close()

    def provider_name(self, keys: ProviderKeys | None = None, model: str | None = None) -> str:
        """Name the provider a connection with these keys would use."""
        return provider_label(self.settings, keys, model)

    def new_thread_id(self) -> str:
        return f"t-{uuid.uuid4().hex}"

    def _lock(self, thread_id: str) -> asyncio.Lock:
        lock = self._locks.get(thread_id)
        if lock is None:
            lock = self._locks[thread_id] = asyncio.Lock()
        return lock

    @staticmethod
    def _config(thread_id: str) -> dict[str, Any]:
        return {"configurable": {"thread_id": thread_id}}

    def _stream(self, context: Context, question: str, deck: str | None) -> AsyncIterator[Any]:
        """One turn of the graph on ``context.thread_id``: the events its nodes write, saved once at the end."""
        return self._graph.astream(
            {"question": question, "new_deck": deck}, self._config(context.thread_id),
            context=context, stream_mode="custom", durability="exit",
        )

    async def run_turn(
        self,
        thread_id: str,
        text: str,
        *,
        deck: str | None = None,
        keys: ProviderKeys | None = None,
        model: str | None = None,
        owner: str | None = None,
    ) -> AsyncIterator[ServerEvent]:
        """Run one turn, yielding step/tool/token/consensus/message (or error) events, then done.

        ``owner`` is the player's owner hash (``api.store.owner_hash`` of their key): with it the
        turn may read their uploaded match history; without it, it says none is linked.

        Cancel by cancelling the consuming task or closing the generator: the thread keeps
        its state from before the turn (messages and deck change only when a turn finishes).
        """
        started = time.perf_counter()
        problem = _validate(thread_id, text)
        if problem is not None:
            yield problem
            yield Done(elapsed_ms=_ms(started))
            return
        provider = judge = None
        ticket = NO_TICKET
        try:
            async with self._lock(thread_id):
                provider = self.provider_factory(self.settings, keys, model)
                judge = self.judge_factory(self.settings, keys)
                # Offline turns reach their first token on CPU alone; they go first (agent.priority).
                ticket = self.gate.hold() if provider is None else NO_TICKET
                context = Context(
                    catalog=self.catalog, settings=self.settings, cache=self.deck_cache,
                    provider=provider, judge=judge, thread_id=thread_id, trials=self.trials,
                    gate=self.gate, ticket=ticket, research=self.research, history=bind_history(self.history_source, owner),
                )
                async for event in self._stream(context, text, deck):
                    yield event
        except (asyncio.CancelledError, GeneratorExit):
            raise
        except Exception as exc:
            logger.exception("turn failed on thread %s", thread_id)
            yield Error(code="internal_error", message=f"Vawlrathh tripped over something: {type(exc).__name__}. The turn was not saved.")
        finally:
            ticket.release()
            for client in (provider, judge):
                await _aclose(client)
        yield Done(elapsed_ms=_ms(started))

    async def _values(self, thread_id: str) -> dict[str, Any]:
        snapshot = await self._graph.aget_state(self._config(thread_id))
        return dict(snapshot.values or {})

    async def thread_messages(self, thread_id: str) -> list[dict[str, Any]]:
        """Return the thread's conversation: [{"role", "text"}], assistant turns with the steps,
        verdict and provider the player saw (``steps``, ``verdict``, ``answered_by``) when stored."""
        values = await self._values(thread_id)
        return [dict(m) for m in values.get("messages") or []]

    async def thread_deck(self, thread_id: str) -> str | None:
        """Return the deck text attached to the thread, if any."""
        return (await self._values(thread_id)).get("deck_text")

    async def delete_thread(self, thread_id: str) -> bool:
        """Delete a thread and all its checkpoints; False when it did not exist."""
        async with self._lock(thread_id):
            deleted = await self.memory.delete_thread(thread_id)
        return deleted

    async def readiness(self) -> dict[str, str]:
        """Report whether the catalog and the checkpointer answer: "ok" or the reason."""
        try:
            count = (await asyncio.to_thread(self.catalog.info)).card_count
            catalog = "ok" if count > 0 else "catalog is empty"
        except Exception as exc:  # readiness reports the cause rather than raising
            catalog = f"catalog unavailable: {type(exc).__name__}: {exc}"
        return {"catalog": catalog, "checkpointer": await self.memory.ping()}


def _validate(thread_id: str, text: str) -> Error | None:
    if not thread_id or len(thread_id) > 200:
        return Error(code="invalid_thread_id", message="thread_id must be 1 to 200 characters")
    if len(text) > MAX_TEXT_CHARS:
        return Error(code="message_too_long", message=f"the message is {len(text)} characters; the limit is {MAX_TEXT_CHARS}")
    return None


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 2)


async def _aclose(client: Any) -> None:
    if client is None:
        return
    try:
        await client.aclose()
    except Exception:  # closing a spent client must not mask the turn's outcome
        logger.exception("closing %s failed", type(client).__name__)
