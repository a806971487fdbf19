"""Perplexity through ``perplexityai``'s ``AsyncPerplexity``: web search, and a cited answer.

The SDK sends its key per request (it does not touch the httpx client's headers), so it may
be handed a shared httpx client; it retries 408/409/429/5xx itself, honouring Retry-After.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, Literal

import httpx
import perplexity
from perplexity import AsyncPerplexity

from arena.errors import ResearchError
from arena.research.models import ResearchResult, ResearchSource, newest_first

logger = logging.getLogger(__name__)

NAME = "Perplexity"
MAX_DOMAINS = 20  # the search API's limit on search_domain_filter
Recency = Literal["day", "week", "month", "year"]
_ASK_PROMPT = (
    "You research the Magic: The Gathering metagame. Answer briefly from the sources you found, "
    "name each archetype as the source does, and give a share, win rate or tier only when a "
    "source states it, with that source's date."
)


class PerplexityResearch:
    """Search the web (restricted to ``sites``), or ask ``model`` for an answer with citations."""

    provider = "perplexity"

    def __init__(
        self,
        api_key: str,
        *,
        base_url: str | None = None,
        sites: Sequence[str] = (),
        model: str | None = None,
        recency: Recency | None = "month",
        timeout_s: float = 15.0,
        retries: int = 2,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        if not api_key:
            raise ResearchError(self.provider, "auth", f"{NAME} has no API key configured.")
        self.sites = list(sites)[:MAX_DOMAINS]
        self.model = model or None
        self.recency = recency
        self._client = AsyncPerplexity(
            api_key=api_key,
            base_url=base_url or "https://api.perplexity.ai",
            timeout=timeout_s,
            max_retries=retries,
            http_client=http_client,
        )

    async def aclose(self) -> None:
        await self._client.close()

    async def search(self, query: str, *, max_results: int = 6) -> ResearchResult:
        """The cited answer when a model is set, else the search API's pages."""
        if self.model:
            return await self.ask(query)
        try:
            response = await self._client.search.create(
                query=query,
                max_results=max_results,
                search_domain_filter=self.sites or None,
                search_recency_filter=self.recency,
            )
        except Exception as exc:
            raise _mapped(exc) from exc
        sources = [
            ResearchSource(title=page.title or page.url, url=page.url, snippet=(page.snippet or "")[:500],
                           published=page.date or page.last_updated)
            for page in response.results
            if page.url
        ]
        return ResearchResult(self.provider, query, tuple(newest_first(sources)), datetime.now(UTC))

    async def ask(self, question: str) -> ResearchResult:
        """A short answer from ``model`` with the pages it cites."""
        if not self.model:
            raise ResearchError(self.provider, "bad_request", f"{NAME} answers need a model; only search is set up.")
        extra: dict[str, Any] = {}
        if self.sites:
            extra["search_domain_filter"] = self.sites
        if self.recency:
            extra["search_recency_filter"] = self.recency
        try:
            response = await self._client.chat.completions.create(
                model=self.model,
                messages=[{"role": "system", "content": _ASK_PROMPT}, {"role": "user", "content": question}],
                stream=False,
                **extra,
            )
        except Exception as exc:
            raise _mapped(exc) from exc
        answer = _answer_text(response)
        sources = [
            ResearchSource(title=r.title or r.url, url=r.url, snippet=(r.snippet or "")[:500],
                           published=r.date or r.last_updated)
            for r in response.search_results or []
            if r.url
        ]
        known = {s.url for s in sources}
        sources += [ResearchSource(title=url, url=url) for url in response.citations or [] if url not in known]
        return ResearchResult(self.provider, question, tuple(sources), datetime.now(UTC), answer=answer)


def _answer_text(response: Any) -> str | None:
    choices = getattr(response, "choices", None) or []
    if not choices:
        return None
    content = choices[0].message.content
    if isinstance(content, str):
        return content.strip() or None
    parts = [getattr(chunk, "text", "") for chunk in content or []]
    return "".join(p for p in parts if p).strip() or None


def _mapped(exc: Exception) -> ResearchError:
    """Turn an SDK error into one with a kind and a message a player may read (never the key)."""
    p = PerplexityResearch.provider
    status = getattr(exc, "status_code", None)
    if isinstance(exc, perplexity.AuthenticationError | perplexity.PermissionDeniedError):
        return ResearchError(p, "auth", f"{NAME} rejected the API key ({status}).", status=status)
    if isinstance(exc, perplexity.RateLimitError):
        return ResearchError(p, "rate_limit", f"{NAME} is rate-limiting or the quota is spent (429).", status=429)
    if isinstance(exc, perplexity.InternalServerError):
        return ResearchError(p, "server", f"{NAME} had a server error ({status}).", status=status)
    if isinstance(exc, perplexity.BadRequestError | perplexity.UnprocessableEntityError | perplexity.NotFoundError):
        return ResearchError(p, "bad_request", f"{NAME} refused the request ({status}).", status=status)
    if isinstance(exc, perplexity.APITimeoutError):
        return ResearchError(p, "timeout", f"{NAME} did not answer in time.")
    if isinstance(exc, perplexity.APIConnectionError):
        return ResearchError(p, "connection", f"{NAME} could not be reached.")
    if isinstance(exc, perplexity.APIStatusError):
        return ResearchError(p, "bad_response", f"{NAME} answered with HTTP {status}.", status=status)
    logger.warning("unexpected %s error: %s", NAME, type(exc).__name__)
    return ResearchError(p, "bad_response", f"{NAME} sent an answer that could not be read.")
