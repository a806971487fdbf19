"""A scripted chat runtime for transport tests: it streams a known turn at a known pace.

The WebSocket's concurrency (cancel and ping mid-turn, a second message during a turn) is
only testable against a turn that is certainly still running; this one streams its answer
one word every ``delay`` seconds. It implements api.state.ChatRuntime, nothing more.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import AsyncIterator
from typing import Any

from agent.events import (
    Consensus,
    Done,
    Error,
    Message,
    ProviderKeys,
    ServerEvent,
    Step,
    Token,
    ToolCall,
)
from agent.settings import Settings
from arena.deck_service import DeckCache

EXPLODING_THREAD = "t-explode"  # reading it raises: how the API answers an unexpected failure
FLOOD_TOKENS = 2000
ANSWER = "Your mana is fine. Your judgement is not."


class ScriptedRuntime:
    def __init__(self, catalog: Any, delay: float) -> None:
        self.catalog = catalog
        self.deck_cache = DeckCache()
        self.delay = delay
        self.threads: dict[str, list[dict[str, str]]] = {}
        self.decks: dict[str, str] = {}
        self.seen_keys: list[ProviderKeys | None] = []
        self.history_source: Any = None
        self.cancelled = 0
        self.checkpointer_state = "ok"
        self._ids = itertools.count(1)

    @classmethod
    def opener(cls, delay: float = 0.0) -> Any:
        async def open_runtime(settings: Settings, catalog: Any) -> ScriptedRuntime:
            return cls(catalog, delay)

        return open_runtime

    async def close(self) -> None:
        pass

    def provider_name(self, keys: ProviderKeys | None = None, model: str | None = None) -> str:
        return "openai" if keys is not None and keys.openai else "offline"

    def new_thread_id(self) -> str:
        return f"t-{next(self._ids)}"

    async def run_turn(
        self, thread_id: str, text: str, *, deck: str | None = None,
        keys: ProviderKeys | None = None, model: str | None = None, owner: str | None = None,
    ) -> AsyncIterator[ServerEvent]:
        start = time.perf_counter()
        self.seen_keys.append(keys)
        history = self.threads.setdefault(thread_id, [])
        history.append({"role": "user", "text": text})
        if deck is not None:
            self.decks[thread_id] = deck
        try:
            yield Step(id="s1", title="Read the question", status="running")
            yield ToolCall(name="echo", summary=f"{len(text)} characters")
            yield Step(id="s1", title="Read the question", status="done", detail="ok", duration_ms=0.1)
            if text == "fail":
                yield Error(code="scripted_error", message="scripted failure")
            if text == "flood":  # far more than socket buffers hold: for clients that stop reading
                for _ in range(FLOOD_TOKENS):
                    yield Token(text="x" * 8192)
                    await asyncio.sleep(0)
            for word in ANSWER.split(" "):
                await asyncio.sleep(self.delay)
                yield Token(text=word + " ")
            yield Consensus(verdict="agree", reviewer="deterministic", notes=[])
            yield Message(text=ANSWER, facts={"words": len(ANSWER.split())})
            history.append({"role": "assistant", "text": ANSWER})
            yield Done(elapsed_ms=(time.perf_counter() - start) * 1000)
        except (asyncio.CancelledError, GeneratorExit):
            self.cancelled += 1
            raise

    async def thread_messages(self, thread_id: str) -> list[dict[str, str]]:
        if thread_id == EXPLODING_THREAD:
            raise RuntimeError("secret internals: /srv/db password=hunter2")
        return list(self.threads.get(thread_id, []))

    async def thread_deck(self, thread_id: str) -> str | None:
        return self.decks.get(thread_id)

    async def delete_thread(self, thread_id: str) -> bool:
        self.decks.pop(thread_id, None)
        return self.threads.pop(thread_id, None) is not None

    async def readiness(self) -> dict[str, str]:
        return {"catalog": "ok", "checkpointer": self.checkpointer_state}
