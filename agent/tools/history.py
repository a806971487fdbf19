"""The player's own match history: win rates from the Player.log they uploaded, in a conversation.

The matches live in the API's database per owner key; the API hands the turn a reader bound to
the player's key (``ToolContext.history``), so this module never sees a key or the database.
The numbers come from ``arena.history`` (Wilson intervals, "too few" under ``MIN_GAMES``).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from pydantic import Field

from agent.check.vocab import COLOR_WORDS, IDENTITY_NAMES
from agent.tools.registry import ToolArgs, ToolContext, tool
from arena.deck_counts import FREE_BASICS
from arena.history import summary

RECENT = 5  # the latest matches listed with the record
SAME_DECK_SHARE = 0.6  # a stored deck sharing this much of the attached main deck is "this deck"
_FILLER = {"the", "a", "an", "deck", "decks", "opponent", "opponents", "list", "lists", "matchup",
           "matchups", "archetype", "archetypes", "players", "player"}


class HistoryArgs(ToolArgs):
    opponent: str | None = Field(None, min_length=1, max_length=60,
                                 description="Only matches against this kind of deck: a style (control, aggro), "
                                 "colors (mono-red, Izzet) or both, as the player said it")
    this_deck: bool = Field(False, description="Only matches played with the deck attached to the conversation")


@tool("match_history", args=HistoryArgs, fact_key="match_history")
async def match_history(args: HistoryArgs, ctx: ToolContext) -> dict[str, Any]:
    """The player's own record from the Player.log they uploaded: matches, win rate overall, by
    deck, by opponent archetype and on the play vs on the draw, each with its count, a 95% interval
    and a "too few" flag, plus the latest matches. Quote each group's `text` as written.
    `available` is false when this conversation is not linked to an uploaded history."""
    if ctx.history is None:
        return {"available": False, "stored": 0, "summary": "no match history linked to this conversation"}
    matches = await ctx.history()
    picked = matches
    if args.this_deck:
        if not ctx.deck:
            return {"available": True, "stored": len(matches), "error": "no deck is attached to this conversation",
                    "summary": "no deck attached to compare with"}
        picked = _with_deck(picked, await _main_counts(ctx))
    matched_groups: list[str] = []
    if args.opponent:
        wanted = _words(args.opponent)
        matched_groups = sorted({m.get("opponent_archetype") or "unknown" for m in picked
                                 if _is_kind(m.get("opponent_archetype") or "", wanted)})
        picked = [m for m in picked if (m.get("opponent_archetype") or "unknown") in matched_groups]
    stats = summary(picked)
    faced = Counter(m.get("opponent_archetype") or "unknown" for m in matches)
    result: dict[str, Any] = {
        "available": True,
        "stored": len(matches),
        "selected": len(picked),
        "filters": {"opponent": args.opponent, "this_deck": args.this_deck},
        "opponent_groups": matched_groups,
        "faced": [{"archetype": name, "matches": n} for name, n in faced.most_common()],
        **stats,
        "recent": [_recent(m) for m in picked[-RECENT:][::-1]],
    }
    result["scope"] = _scope(len(picked), len(matches), filtered=bool(args.opponent or args.this_deck))
    overall = stats["overall"]
    result["summary"] = result["scope"] + (f": {overall['text']}" if overall else "")
    return result


def _scope(picked: int, stored: int, *, filtered: bool) -> str:
    """Which matches a record covers, in words an answer quotes: '6 of the 12 matches you uploaded'."""
    uploaded = f"{stored} {'match' if stored == 1 else 'matches'} you uploaded"
    if not filtered:
        return f"the {uploaded}"
    if picked == stored:
        return f"all {uploaded}"
    return f"none of the {uploaded}" if picked == 0 else f"{picked} of the {uploaded}"


def _words(text: str) -> list[str]:
    """A kind of deck as words to find in an archetype label: 'mono red decks' -> ['mono-red']."""
    low = re.sub(r"\bmono[\s-]+", "mono-", text.lower())
    words = [w.rstrip("s") if w.endswith("s") and w[:-1] in ("aggro", "control") else w
             for w in re.findall(r"[a-z0-9-]+", low)]
    return [w for w in words if w not in _FILLER]


def _colors(word: str) -> str | None:
    if word in COLOR_WORDS:
        return COLOR_WORDS[word]
    return IDENTITY_NAMES.get(word)


def _is_kind(label: str, wanted: list[str]) -> bool:
    """Whether an opponent archetype label ('Izzet control', 'Mono-Red aggro') is the kind asked.

    Every asked word must hold: a style or name word appears in the label; a color word or a
    guild name is a color the label's colors include ('red' fits Mono-Red and Rakdos).
    """
    label_words = _words(label)
    label_colors = "".join(IDENTITY_NAMES.get(w, "") for w in label_words)  # labels name colors by guild
    for word in wanted:
        if word in label_words:
            continue
        colors = _colors(word)
        if not colors or not set(colors) <= set(label_colors):
            return False
        if word not in COLOR_WORDS and set(colors) != set(label_colors):
            return False  # 'Izzet' is exactly blue-red, not any deck with blue and red in it
    return bool(wanted)


async def _main_counts(ctx: ToolContext) -> Counter[str]:
    parsed = await ctx.parsed(None)
    return Counter({e.name: e.count for e in parsed.deck.main if e.name not in FREE_BASICS})


def _with_deck(matches: list[dict[str, Any]], main: Counter[str]) -> list[dict[str, Any]]:
    """The matches whose submitted deck shares most of its nonbasic cards with ``main``."""
    total = sum(main.values())
    if not total:
        return []
    kept = []
    for match in matches:
        played = Counter({c["card"]: c["count"] for c in (match.get("deck") or {}).get("main") or []
                          if c.get("card") and c["card"] not in FREE_BASICS})
        if sum((played & main).values()) >= SAME_DECK_SHARE * total:
            kept.append(match)
    return kept


def _recent(match: dict[str, Any]) -> dict[str, Any]:
    return {k: match.get(k) for k in ("started_at", "event", "deck_name", "opponent_archetype", "result")}
