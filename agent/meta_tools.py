"""The metagame tools: the dated snapshot, live research, and matchups grounded in lists.

Each handler takes the turn's ``Toolbox`` (for the catalog, the attached deck and the
research service) and a dict of arguments, and returns JSON facts with a ``summary``.
Bad arguments raise ``MetaError`` (an ``ArenaError``), which the toolbox turns into a
``ToolError`` with the same player-safe message.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from arena.errors import ArenaError, MetaError
from arena.meta import load_snapshot
from arena.meta.matchup import matchup_report
from arena.meta.overview import meta_overview

if TYPE_CHECKING:
    from agent.tools import Toolbox

DEFAULT_FORMAT = "standard"  # Arena's main constructed format, when a question names none
FACT_KEYS = {"meta_snapshot": "meta", "research_meta": "research", "matchup": "matchup"}

Handler = Callable[["Toolbox", dict[str, Any]], Awaitable[dict[str, Any]]]


def _format(args: dict[str, Any]) -> str:
    fmt = args.get("format")
    if fmt is not None and not isinstance(fmt, str):
        raise MetaError(f"format must be a format name like 'standard', got {type(fmt).__name__}")
    return (fmt or DEFAULT_FORMAT).strip().lower() or DEFAULT_FORMAT


async def meta_snapshot(box: Toolbox, args: dict[str, Any]) -> dict[str, Any]:
    """The snapshot's lists and reported shares for a format, each with source and date."""
    fmt = _format(args)
    overview = meta_overview(load_snapshot(), fmt, catalog=box.catalog)
    facts = overview.to_facts()
    facts["format_assumed"] = not args.get("format")
    return facts


async def research_meta(box: Toolbox, args: dict[str, Any]) -> dict[str, Any]:
    """Ask every configured live search service; report who answered, who failed, who is not set up."""
    query = str(args.get("query") or "").strip()
    if not query:
        raise MetaError("research_meta needs a query")
    if len(query) > 300:
        raise MetaError(f"the research query is {len(query)} characters; the limit is 300")
    research = box.research
    if research is None:
        return {"query": query, "configured": [], "results": [], "failures": [],
                "summary": "no live search service is set up"}
    report = await research.search(query)
    sources = [s.url for s in report.sources]
    failed = ", ".join(f"{f.provider} {f.kind}" for f in report.failures)
    summary = f"{len(sources)} pages from {', '.join(r.provider for r in report.results) or 'no service'}"
    return {
        "query": query, "configured": report.configured,
        "results": [r.to_facts() for r in report.results],
        "failures": [{"provider": f.provider, "kind": f.kind, "message": f.message} for f in report.failures],
        "summary": summary + (f"; failed: {failed}" if failed else ""),
    }


def meta_query(kind: str, fmt: str | None, opponent: str | None = None) -> str:
    """The search text for live research: the current metagame, or a matchup's sideboard guide."""
    name = (fmt or DEFAULT_FORMAT).capitalize()
    if kind == "matchup" and opponent:
        return f"MTG {name} how to beat {opponent} sideboard guide"
    return f"MTG {name} metagame best decks tier list"


async def matchup(box: Toolbox, args: dict[str, Any]) -> dict[str, Any]:
    """The opponent's newest snapshot list read against the attached deck, with sideboard ideas."""
    opponent = str(args.get("opponent") or "").strip()
    if not opponent:
        raise MetaError("matchup needs the opponent's archetype, e.g. 'izzet prowess'")
    analysis: dict[str, Any] | None = None
    names: list[str] = []
    deck_format: str | None = None
    if box.deck_text:
        try:
            parsed = await box.parsed()
        except ArenaError:
            parsed = None  # a broken deck was already reported when it came in
        if parsed is not None:
            analysis = dict(parsed.analysis)
            names = [e.resolved_name for e in parsed.deck.section("main")]
            deck_format = parsed.deck.format
    fmt = _format({"format": args.get("format") or deck_format})
    report = matchup_report(load_snapshot(), box.catalog, opponent, fmt,
                            player_analysis=analysis, player_cards=names)
    return report.to_facts()


HANDLERS: dict[str, Handler] = {
    "meta_snapshot": meta_snapshot,
    "research_meta": research_meta,
    "matchup": matchup,
}

_FORMAT_ARG = {"type": "string", "description": "standard or modern (the snapshot's formats); default standard"}
SPECS: dict[str, tuple[str, dict[str, Any]]] = {
    "meta_snapshot": (
        "The offline metagame snapshot for a format: dated tournament lists (archetype, source URL, "
        "date, confidence, key cards) and meta shares as a site reported them. Quote the date and "
        "source with every item.",
        {"type": "object", "properties": {"format": _FORMAT_ARG}, "additionalProperties": False},
    ),
    "research_meta": (
        "Live web research (Tavily, Perplexity) for the current metagame or a matchup, restricted to "
        "MTG sites; returns pages with URL and date. Cite the URLs; if no service is set up or all "
        "failed, say so and use the snapshot.",
        {"type": "object", "properties": {"query": {"type": "string", "maxLength": 300}}, "required": ["query"]},
    ),
    "matchup": (
        "Read an opponent archetype's newest snapshot list (threats, interaction, speed) against the "
        "attached deck and pick sideboard ideas from cards played in the format, in the deck's colors. "
        "Never estimate a win percentage.",
        {"type": "object", "properties": {"opponent": {"type": "string"}, "format": _FORMAT_ARG},
         "required": ["opponent"]},
    ),
}
