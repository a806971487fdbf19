"""Ask every configured search service at once, cache each answer, and keep each failure."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Sequence
from typing import Protocol

from arena.errors import ResearchError
from arena.research.cache import TTLCache
from arena.research.models import ResearchFailure, ResearchReport, ResearchResult


class Researcher(Protocol):
    """What :class:`MetaResearch` needs from a service client."""

    provider: str

    async def search(self, query: str, *, max_results: int = 6) -> ResearchResult: ...

    async def aclose(self) -> None: ...


class MetaResearch:
    """The live research services that have keys, behind one per-query cache."""

    def __init__(self, clients: Sequence[Researcher], *, cache_ttl_s: float = 3600.0) -> None:
        self.clients = list(clients)
        self.cache: TTLCache[ResearchResult] = TTLCache(cache_ttl_s)

    @property
    def configured(self) -> list[str]:
        return [c.provider for c in self.clients]

    async def search(self, query: str, *, max_results: int = 6) -> ResearchReport:
        """Every service's answer to ``query``; a failing service becomes a failure, not an error."""
        report = ResearchReport(query=query, configured=self.configured)
        outcomes = await asyncio.gather(*(self._one(c, query, max_results) for c in self.clients))
        for outcome in outcomes:
            if isinstance(outcome, ResearchFailure):
                report.failures.append(outcome)
            else:
                report.results.append(outcome)
        return report

    async def _one(self, client: Researcher, query: str, max_results: int) -> ResearchResult | ResearchFailure:
        key = (client.provider, " ".join(query.lower().split()), max_results)
        hit = self.cache.get(key)
        if hit is not None:
            return dataclasses.replace(hit, cached=True)
        try:
            result = await client.search(query, max_results=max_results)
        except ResearchError as exc:
            return ResearchFailure(exc.provider, exc.kind, str(exc))
        self.cache.put(key, result)
        return result

    async def aclose(self) -> None:
        await asyncio.gather(*(c.aclose() for c in self.clients), return_exceptions=True)
