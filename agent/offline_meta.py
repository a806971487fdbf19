"""Offline plans and answers for metagame and matchup questions (intents in ``agent.intents_meta``).

Plans (step titles are stable; scripted chats assert them):

    meta     Read the metagame snapshot    meta_snapshot -> facts["meta"]
             Search live metagame sources  research_meta -> facts["research"]
    matchup  (Analyze the deck)            analyze_deck  -> facts["analysis"], with a deck
             Read the <opponent> list      matchup       -> facts["matchup"]
             Search live matchup sources   research_meta -> facts["research"]

Rules the writer keeps: the snapshot's date, source and age go with every snapshot answer;
a share is quoted with its site, window and month; live pages with their URL and date; no
matchup percentage is ever estimated; when live search is missing or failed, it says so.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

from agent.intents import Intent
from agent.providers.base import PlannedStep
from agent.tools.meta import meta_query

SNAPSHOT = "Read the metagame snapshot"
LIVE_META = "Search live metagame sources"
LIVE_MATCHUP = "Search live matchup sources"
ANALYZE = "Analyze the deck"  # the same step title as agent.offline's
_KIND_WORDS = {
    "auth": "refused the key", "rate_limit": "is rate-limiting us", "timeout": "timed out",
    "server": "had a server error", "connection": "could not be reached",
    "bad_request": "refused the query", "bad_response": "sent an unreadable answer",
}
_PROVIDER_NAMES = {"tavily": "Tavily", "perplexity": "Perplexity"}


def plan_meta(intent: Intent, *, has_deck: bool) -> list[PlannedStep]:
    """The steps for a meta or matchup question."""
    if intent.name == "meta":
        return [PlannedStep(SNAPSHOT, "meta_snapshot", {"format": intent.format}),
                PlannedStep(LIVE_META, "research_meta", {"query": meta_query("meta", intent.format)})]
    opponent = intent.query or ""
    steps = [PlannedStep(ANALYZE, "analyze_deck", {})] if has_deck else []
    steps.append(PlannedStep(f"Read the {opponent} list", "matchup", {"opponent": opponent, "format": intent.format}))
    steps.append(PlannedStep(LIVE_MATCHUP, "research_meta", {"query": meta_query("matchup", intent.format, opponent)}))
    return steps


def bold(name: Any) -> str:
    return f"**{name}**"


def _age(months: int) -> str:
    if months <= 0:
        return "from this month"
    return f"about {months} month{'s' if months != 1 else ''} old"


def _fmt_name(fmt: str) -> str:
    return fmt.capitalize()


# ---- live research -------------------------------------------------------------------------


def _live(facts: dict[str, Any], *, limit: int = 5) -> Iterator[str]:
    """What live search found (each page with URL and date), or why there is none."""
    research = facts.get("research")
    if research is None:
        return
    results = research.get("results") or []
    failures = research.get("failures") or []
    if not research.get("configured"):
        yield "\n\nLive search is not set up here, so this comes from the snapshot alone."
        return
    pages = [s for r in results for s in r.get("sources") or []]
    answers = [r for r in results if r.get("answer")]
    if pages or answers:
        names = " and ".join(_PROVIDER_NAMES.get(r["provider"], r["provider"]) for r in results)
        yield f"\n\nLive search ({names}, fetched {results[0]['fetched_at'][:10]}):\n"
        for result in answers:
            yield f"- {_PROVIDER_NAMES.get(result['provider'], result['provider'])} says: {result['answer']}\n"
        seen: set[str] = set()
        for page in pages:
            if page["url"] in seen or len(seen) >= limit:
                continue
            seen.add(page["url"])
            when = f", {page['published']}" if page.get("published") else ", undated"
            snippet = f": {page['snippet'][:220].strip()}" if page.get("snippet") else ""
            yield f"- {page['title']} ({page['url']}{when}){snippet}\n"
        yield "Numbers above are the pages' own, with their dates; I have not checked them against anything."
    elif results:
        yield "\n\nLive search found no pages for this, so the snapshot is all I have."
    for failure in failures:
        name = _PROVIDER_NAMES.get(failure["provider"], failure["provider"])
        yield f"\n\n{name} {_KIND_WORDS.get(failure['kind'], 'failed')}, so I answered without it."


# ---- meta ----------------------------------------------------------------------------------


def _meta(intent: Intent, facts: dict[str, Any], *, has_deck: bool, rng: random.Random) -> Iterator[str]:
    meta = facts.get("meta")
    if meta is None:
        yield "I could not read my metagame snapshot this time."
        yield from _live(facts)
        return
    fmt = _fmt_name(meta["format"])
    if meta.get("format_assumed"):
        yield f"You named no format, so: {fmt}, Arena's main one. "
    if not meta["decks"] and not meta["shares"]:
        kinds = " and ".join(_fmt_name(f) for f in meta["formats_available"])
        yield f"My offline snapshot has no {fmt} data; it covers {kinds}, as of {meta['as_of']}."
        yield from _live(facts)
        return
    yield (f"From my offline snapshot of tournament results, as of {meta['as_of']} "
           f"({_age(meta['age_months'])}; metagames move month to month, so check the dates):\n")
    shares = meta["shares"]
    if shares:
        first = shares[0]
        yield f"\nShares of {fmt} as reported by {first['source']} ({first['date_label']}; the snapshot names the site, not the page):\n"
        for share in shares:
            yield f"- {share['archetype']}: {share['figure']}\n"
    yield "\nTournament lists, newest first:\n"
    for deck in meta["decks"]:
        cards = ", ".join(bold(c) for c in deck["key_cards"])
        partial = "" if deck["complete"] else f"; {deck['main_count']} cards recorded for its main deck"
        yield (f"- {deck['archetype']}: {deck['date_label']}, {deck['source_url']} "
               f"(confidence {deck['confidence']}{partial}). Plays {cards}.\n")
    yield "\nNo ranking beyond what the sources say: I don't invent tiers."
    yield from _live(facts)


# ---- matchup -------------------------------------------------------------------------------


def _matchup(intent: Intent, facts: dict[str, Any], *, has_deck: bool, rng: random.Random) -> Iterator[str]:
    report = facts.get("matchup")
    if report is None:
        yield "I could not read the opponent's list this time."
        yield from _live(facts)
        return
    fmt = _fmt_name(report["format"])
    opp = report["opponent"]
    if opp is None:
        have = ", ".join(report["available"]) or "nothing"
        yield (f"My offline snapshot (as of {report['as_of']}) has no {fmt} list I can match to "
               f"\"{report['asked']}\". It has: {have}. Name one of those and I will read its list against yours.")
        yield from _live(facts)
        return
    yield (f"{opp['archetype']}, from the list at {opp['source_url']} ({opp['date_label']}, "
           f"confidence {opp['confidence']}; snapshot as of {report['as_of']}):\n")
    speed = opp["speed"]
    yield (f"- Speed: {speed['cheap_spells']} of its {speed['nonland']} spells cost 2 or less; "
           f"average mana value {speed['average_mv']}; {speed['creatures']} creatures.\n")
    if opp["threats"]:
        yield "- Threats: " + ", ".join(f"{t['copies']} {bold(t['card'])}" for t in opp["threats"][:4]) + ".\n"
    inter = opp["interaction"]
    if inter:
        parts = [f"{v['count']} {k.replace('_', ' ')} ({', '.join(bold(c) for c in v['cards'][:3])})" for k, v in inter.items()]
        yield "- Interaction: " + "; ".join(parts) + ".\n"
    else:
        yield "- Interaction: none my rules recognise in its main deck.\n"
    player_points = [o for o in report["observations"] if o["point"] not in ("speed", "threats", "interaction")]
    if report["player"] is None:
        yield "\nAttach your deck and I will weigh it against this list and keep the ideas in your colors."
    elif player_points:
        yield "\nAgainst your deck:\n"
        for point in player_points:
            yield f"- {point['text']}.\n"
    ideas = report["sideboard"]
    if ideas:
        where = f"cards from the snapshot's {fmt} tournament lists" + (", in your colors" if report["player"] else "")
        yield f"\nSideboard ideas ({where}):\n"
        for idea in ideas:
            lists = f"{idea['seen_in_lists']} list{'s' if idea['seen_in_lists'] != 1 else ''}"
            arena = {True: "; on Arena", False: "; not on Arena"}.get(idea.get("on_arena"), "")
            yield f"- {bold(idea['card'])} as {idea['role']}: {idea['because']} (in {lists}{arena}).\n"
    else:
        yield f"\nNothing in the snapshot's {fmt} lists fits a sideboard job here" + (" in your colors." if report["player"] else ".")
    yield "\nNo win percentage: I have no match data for this pairing, and I don't make one up."
    yield from _live(facts)


WRITERS = {"meta": _meta, "matchup": _matchup}
CAPABILITIES = [
    "name the Standard and Modern decks in dated tournament lists, with their sources",
    "read an opponent's list against your deck and suggest sideboard cards",
]
