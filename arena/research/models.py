"""What a live search returns, whichever service answered: pages with their URL and date."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class ResearchSource:
    """One page a service returned; ``published`` is the page's date as the service gave it."""

    title: str
    url: str
    snippet: str = ""
    published: str | None = None


@dataclass(frozen=True, slots=True)
class ResearchResult:
    """One query's answer from one service, with when we fetched it."""

    provider: str  # "tavily" or "perplexity"
    query: str
    sources: tuple[ResearchSource, ...]
    fetched_at: datetime  # UTC
    answer: str | None = None  # Perplexity's cited answer, when a model was asked
    cached: bool = False

    def to_facts(self) -> dict[str, Any]:
        """The JSON facts an answer may quote: every URL, title, date and snippet."""
        return {
            "provider": self.provider,
            "query": self.query,
            "fetched_at": self.fetched_at.isoformat(timespec="seconds"),
            "cached": self.cached,
            "answer": self.answer,
            "sources": [
                {"title": s.title, "url": s.url, "published": s.published, "snippet": s.snippet}
                for s in self.sources
            ],
        }


@dataclass(frozen=True, slots=True)
class ResearchFailure:
    """A service that was asked and failed, with the player-safe reason."""

    provider: str
    kind: str
    message: str


@dataclass(slots=True)
class ResearchReport:
    """Everything one research question produced: results, failures, and who was not asked."""

    query: str
    results: list[ResearchResult] = field(default_factory=list)
    failures: list[ResearchFailure] = field(default_factory=list)
    configured: list[str] = field(default_factory=list)  # services with a key

    @property
    def sources(self) -> list[ResearchSource]:
        """Every distinct URL across the results, in the order the services gave them."""
        seen: set[str] = set()
        out: list[ResearchSource] = []
        for result in self.results:
            for source in result.sources:
                if source.url not in seen:
                    seen.add(source.url)
                    out.append(source)
        return out


def published_at(text: str | None) -> datetime | None:
    """Read a page date as services write it: ISO ('2026-06-01', with time or not) or RFC 2822."""
    if not text:
        return None
    from email.utils import parsedate_to_datetime

    try:
        when = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError):
            return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def newest_first(sources: list[ResearchSource]) -> list[ResearchSource]:
    """Dated pages newest first, then undated ones in the order the service ranked them."""
    dated = [(published_at(s.published), s) for s in sources]
    with_date = sorted(((d, s) for d, s in dated if d is not None), key=lambda pair: pair[0], reverse=True)
    return [s for _, s in with_date] + [s for d, s in dated if d is None]
