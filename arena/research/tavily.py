"""Tavily search through ``tavily-python``'s ``AsyncTavilyClient``, with retries and clear errors.

The SDK copies its ``Authorization`` header onto whatever httpx client it is given, so this
client gets an httpx client of its own (never one shared with other services) and closes it.
The SDK does not retry; we retry 429 and 5xx answers with a doubling pause.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, Literal

import httpx
from tavily import AsyncTavilyClient
from tavily import errors as tavily_errors

from arena.errors import ResearchError
from arena.research.models import ResearchResult, ResearchSource, newest_first

logger = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://api.tavily.com"
NAME = "Tavily"
Recency = Literal["day", "week", "month", "year"]


class TavilyResearch:
    """Search the web (restricted to ``sites``) for metagame pages, newest first."""

    provider = "tavily"

    def __init__(
        self,
        api_key: str,
        *,
        base_url: str | None = None,
        sites: Sequence[str] = (),
        recency: Recency | None = "month",
        timeout_s: float = 15.0,
        retries: int = 2,
        backoff_s: float = 0.5,
        transport: httpx.AsyncBaseTransport | None = None,
        verify: ssl.SSLContext | bool = True,
    ) -> None:
        if not api_key:
            raise ResearchError(self.provider, "auth", f"{NAME} search has no API key configured.")
        self.sites = list(sites)
        self.recency = recency
        self.timeout_s = timeout_s
        self.retries = retries
        self.backoff_s = backoff_s
        url = (base_url or DEFAULT_BASE_URL).rstrip("/")
        self._http = httpx.AsyncClient(base_url=url, timeout=httpx.Timeout(timeout_s), transport=transport,
                                       verify=verify)
        self._client = AsyncTavilyClient(api_key=api_key, api_base_url=url, client=self._http)

    async def aclose(self) -> None:
        await self._http.aclose()

    async def search(self, query: str, *, max_results: int = 6) -> ResearchResult:
        """One search; raises :class:`ResearchError` once retries are spent."""
        attempt = 0
        while True:
            try:
                body = await self._client.search(
                    query,
                    topic="general",
                    search_depth="basic",
                    time_range=self.recency,
                    max_results=max_results,
                    include_domains=self.sites or None,
                    timeout=self.timeout_s,
                )
                return _result(query, body)
            except ResearchError:
                raise
            except Exception as exc:  # mapped below; anything unknown is a bad response
                error = _mapped(exc)
            if error.kind not in ("rate_limit", "server") or attempt >= self.retries:
                raise error
            attempt += 1
            pause = self.backoff_s * 2 ** (attempt - 1)
            logger.info("%s %s; retry %d of %d in %.2fs", NAME, error.kind, attempt, self.retries, pause)
            await asyncio.sleep(pause)


def _mapped(exc: Exception) -> ResearchError:
    """Turn an SDK or transport error into one with a kind and a message a player may read."""
    p = TavilyResearch.provider
    if isinstance(exc, tavily_errors.InvalidAPIKeyError):
        return ResearchError(p, "auth", f"{NAME} rejected the API key (401).", status=401)
    if isinstance(exc, tavily_errors.ForbiddenError):
        return ResearchError(p, "auth", f"{NAME} refused the request for this key (403).", status=403)
    if isinstance(exc, tavily_errors.UsageLimitExceededError):
        return ResearchError(p, "rate_limit", f"{NAME} is rate-limiting or the plan's quota is spent (429).", status=429)
    if isinstance(exc, tavily_errors.BadRequestError):
        return ResearchError(p, "bad_request", f"{NAME} refused the query (400): {exc}", status=400)
    if isinstance(exc, tavily_errors.TimeoutError):
        return ResearchError(p, "timeout", f"{NAME} did not answer in time.")
    if isinstance(exc, httpx.HTTPStatusError):
        status = exc.response.status_code
        kind = "server" if status >= 500 else "bad_response"
        return ResearchError(p, kind, f"{NAME} answered with HTTP {status}.", status=status)
    if isinstance(exc, httpx.TimeoutException):
        return ResearchError(p, "timeout", f"{NAME} did not answer in time.")
    if isinstance(exc, httpx.TransportError):
        return ResearchError(p, "connection", f"{NAME} could not be reached ({type(exc).__name__}).")
    logger.warning("unexpected %s error: %s", NAME, type(exc).__name__)
    return ResearchError(p, "bad_response", f"{NAME} sent an answer that could not be read.")


def _result(query: str, body: Any) -> ResearchResult:
    if not isinstance(body, dict) or not isinstance(body.get("results", []), list):
        raise ResearchError(TavilyResearch.provider, "bad_response", f"{NAME} sent an answer without a results list.")
    sources = [
        ResearchSource(
            title=str(item.get("title") or item["url"]),
            url=str(item["url"]),
            snippet=str(item.get("content") or "")[:500],
            published=item.get("published_date") or None,
        )
        for item in body.get("results", [])
        if isinstance(item, dict) and item.get("url")
    ]
    return ResearchResult(
        provider=TavilyResearch.provider,
        query=query,
        sources=tuple(newest_first(sources)),
        fetched_at=datetime.now(UTC),
        answer=None,
    )
