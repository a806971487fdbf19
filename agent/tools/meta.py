"""Tools about the metagame: the dated snapshot, live research, and matchups grounded in lists.

The computations live in ``arena.meta`` and ``arena.research``; these handlers bind them to
the turn (the catalog, the attached deck, the process's research service in
``ToolContext.research``, None when no search key is set).
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from agent.tools.registry import DeckArgs, ToolArgs, ToolContext, tool
from arena.meta import load_snapshot
from arena.meta.matchup import matchup_report
from arena.meta.overview import meta_overview

DEFAULT_FORMAT = "standard"  # Arena's main constructed format, when a question names none
FormatArg = Field(None, min_length=1, max_length=30,
                  description="standard or modern (the snapshot's formats); default standard")


def meta_query(kind: str, fmt: str | None, opponent: str | None = None) -> str:
    """The search text for live research: the current metagame, or a matchup's sideboard guide."""
    name = (fmt or DEFAULT_FORMAT).capitalize()
    if kind == "matchup" and opponent:
        return f"MTG {name} how to beat {opponent} sideboard guide"
    return f"MTG {name} metagame best decks tier list"


class MetaArgs(ToolArgs):
    format: str | None = FormatArg


@tool("meta_snapshot", args=MetaArgs, fact_key="meta")
async def meta_snapshot(args: MetaArgs, ctx: ToolContext) -> dict[str, Any]:
    """The offline metagame snapshot for a format: dated tournament lists (archetype, source URL,
    date, confidence, key cards) and meta shares as a site reported them (site, window, month).
    Quote the date and source with every item and say how old the snapshot is."""
    fmt = (args.format or DEFAULT_FORMAT).lower()
    facts = meta_overview(load_snapshot(), fmt, catalog=ctx.catalog).to_facts()
    facts["format_assumed"] = args.format is None
    return facts


class ResearchArgs(ToolArgs):
    query: str = Field(min_length=1, max_length=300, description="What to search for, e.g. 'MTG Standard metagame'")


@tool("research_meta", args=ResearchArgs, fact_key="research")
async def research_meta(args: ResearchArgs, ctx: ToolContext) -> dict[str, Any]:
    """Live web research (Tavily, Perplexity) for the current metagame or a matchup, restricted to
    MTG sites; returns pages with URL and date. Cite the URLs with their dates; if no service is
    set up or every one failed, say so and answer from the snapshot."""
    research = ctx.research
    if research is None:
        return {"query": args.query, "configured": [], "results": [], "failures": [],
                "summary": "no live search service is set up"}
    report = await research.search(args.query)
    failed = ", ".join(f"{f.provider} {f.kind}" for f in report.failures)
    summary = f"{len(report.sources)} pages from {', '.join(r.provider for r in report.results) or 'no service'}"
    return {
        "query": args.query, "configured": report.configured,
        "results": [r.to_facts() for r in report.results],
        "failures": [{"provider": f.provider, "kind": f.kind, "message": f.message} for f in report.failures],
        "summary": summary + (f"; failed: {failed}" if failed else ""),
    }


class MatchupArgs(DeckArgs):
    opponent: str = Field(min_length=1, max_length=100, description="The opponent's archetype, e.g. 'izzet prowess'")
    format: str | None = FormatArg


@tool("matchup", args=MatchupArgs, fact_key="matchup")
async def matchup(args: MatchupArgs, ctx: ToolContext) -> dict[str, Any]:
    """Read an opponent archetype's newest snapshot list (threats, interaction, speed) against the
    player's deck, and pick sideboard ideas from cards played in the format, in the deck's colors,
    each with its reason. Never estimate a win percentage."""
    analysis: dict[str, Any] | None = None
    names: list[str] = []
    deck_format: str | None = None
    if args.deck is not None or ctx.deck:
        parsed = await ctx.parsed(args.deck)
        analysis = dict(parsed.analysis)
        names = [e.resolved_name for e in parsed.deck.section("main")]
        deck_format = parsed.deck.format
    fmt = (args.format or deck_format or DEFAULT_FORMAT).lower()
    report = matchup_report(load_snapshot(), ctx.catalog, args.opponent, fmt,
                            player_analysis=analysis, player_cards=names)
    return report.to_facts()
