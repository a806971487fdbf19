"""The tools for one conversation turn: the registry bound to the catalog and the turn's deck."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from agent.providers.base import ToolSpec
from agent.tools.registry import REGISTRY, HistoryReader, Registry, ToolContext, ToolError
from arena.deck_service import DeckCache, ParsedDeck
from arena.research import MetaResearch

logger = logging.getLogger(__name__)


class Toolbox:
    """The registry's tools for one turn; a tool's ``deck`` is always the conversation's deck.

    A model never sees the deck text, and the consensus checks compare the answer with the
    attached deck, so in a conversation ``deck`` is not an argument at all.
    """

    def __init__(self, catalog: Any, cache: DeckCache, *, deck_text: str | None, trials: int = 10000,
                 registry: Registry = REGISTRY, research: MetaResearch | None = None,
                 history: HistoryReader | None = None):
        self.context = ToolContext(catalog=catalog, cache=cache, trials=trials, deck=deck_text, research=research,
                                   history=history)
        self.registry = registry

    @property
    def names(self) -> list[str]:
        return [t.name for t in self.registry]

    async def parsed(self) -> ParsedDeck:
        """The conversation's deck parsed and analyzed; a ToolError when there is none."""
        return await self.context.parsed(None)

    async def run(self, name: str, args: dict[str, Any]) -> dict[str, Any]:
        """Run one tool; raises ``ToolError`` with a player-safe reason when it cannot."""
        return await self.registry.get(name).run(args, self.context, conversation=True)

    def specs(self) -> list[ToolSpec]:
        """Return the tools as ``ToolSpec``s for a model; a run never raises, it returns the error."""

        def runner(name: str) -> Callable[[dict[str, Any]], Awaitable[dict[str, Any]]]:
            async def run(args: dict[str, Any]) -> dict[str, Any]:
                try:
                    return await self.run(name, args)
                except ToolError as exc:
                    return {"error": str(exc), "summary": f"failed: {exc}"}
                except Exception as exc:  # the model gets a reason; the log gets the cause
                    logger.exception("tool %s failed", name)
                    return {"error": f"internal error: {type(exc).__name__}", "summary": "failed: internal error"}

            return run

        def checker(name: str) -> Callable[[dict[str, Any]], str | None]:
            return lambda args: self.registry.get(name).problem(args, conversation=True)

        return [
            ToolSpec(t.name, t.description, t.schema(conversation=True), runner(t.name), check=checker(t.name))
            for t in self.registry
        ]
