"""Rebuild the planted-error corpus: ``.venv/bin/python -m tests.agent.check_corpus.build``.

Right drafts are the offline writer's answers to nine questions about every realdata deck
that parses (read from ../shared/realdata, never copied). Each planted draft is one right
draft with exactly one error of one kind the fact check must catch:

- ``count_swap``: the land count replaced by another number that is a fact of the same deck;
- ``play_draw``: "on the play" and "on the draw" swapped, the percentage left as it was;
- ``wrong_pct``: a percentage moved by a few points;
- ``off_color``: an addition outside the deck's colors;
- ``made_up_card``: an addition of a card that does not exist, in plain text;
- ``over_cut``: cutting more copies of a card than the deck has;
- ``wrong_guild``: the deck's guild or color name replaced by another.

The manifest records, for every draft, the deck, the question, whether it is right, the kind
of error and the words planted. Deterministic: the same decks give the same corpus.
"""

from __future__ import annotations

import asyncio
import json
import random
import re
from pathlib import Path
from typing import Any

from langgraph.checkpoint.memory import InMemorySaver

from agent.graph import build_graph
from agent.settings import Settings
from agent.state import Context
from arena.analysis.odds import land_odds
from arena.catalog import Catalog
from arena.deck_service import DeckCache
from arena.paths import default_data_dir
from tests.agent._agent_support import collect
from tests.conftest import REALDATA

HERE = Path(__file__).parent
QUESTIONS = [
    "analyze my deck", "what's wrong with my mana?", "what should I cut and add?", "how is my curve?",
    "what archetype is this?", "chance to hit my third land on turn 3", "chance to hit 4 lands by turn 4 on the draw",
    "chance to hit 2 lands by turn 2 on the play", "is my deck legal in standard?",
]
# One staple per color, to plant additions outside a deck's colors.
OFF_COLOR = {"W": "Swords to Plowshares", "U": "Counterspell", "B": "Doom Blade", "R": "Lightning Bolt", "G": "Llanowar Elves"}
MADE_UP = ["Glimmerfang Sovereign", "Sable Vortex Tyrant", "Ashen Wyrmcaller", "Tidebound Oracle Queen", "Grimhollow Revenant"]
GUILDS = ["Azorius", "Dimir", "Rakdos", "Gruul", "Selesnya", "Orzhov", "Izzet", "Golgari", "Boros", "Simic", "Temur", "Esper"]


async def right_drafts(catalog: Catalog) -> list[dict[str, Any]]:
    graph = build_graph(InMemorySaver())
    ctx = Context(catalog=catalog, settings=Settings(), cache=DeckCache(), trials=2000)
    out = []
    for index, path in enumerate(sorted((REALDATA / "decks").glob("*.txt"))):
        deck = path.read_bytes().decode("utf-8", errors="replace")
        for turn_no, question in enumerate(QUESTIONS):
            ctx.thread_id = f"t{index}"
            turn = await collect(graph.astream(
                {"question": question, "new_deck": deck if turn_no == 0 else None},
                {"configurable": {"thread_id": f"t{index}"}}, context=ctx, stream_mode="custom"))
            if turn.errors:
                break  # a deck that does not parse has no facts to check against
            out.append({"deck": path.name, "question": question, "text": turn.text, "facts": turn.facts})
    return out


def plant(kind: str, draft: dict[str, Any], analysis: dict[str, Any], copies: dict[str, int], rng: random.Random) -> tuple[str, str] | None:
    """One error of ``kind`` planted in the draft's text: (new text, what was planted), or None."""
    text = draft["text"]
    if kind == "count_swap":
        m = re.search(r"you run (\d+)", text) or re.search(r"(\d+) lands,", text)
        if not m:
            return None
        lands = int(m.group(1))
        others = sorted({int(v) for v in [*analysis["curve"].values(), *analysis["sources"].values(), analysis["nonland"]]
                         if isinstance(v, int) and v != lands and v > 0})
        if not others:
            return None
        value = rng.choice(others)
        return text[:m.start(1)] + str(value) + text[m.end(1):], f"{value} lands (the deck runs {lands}; {value} is another fact)"
    if kind == "play_draw":
        m = re.search(r"(\d+) lands in (\d+) cards, on the (play|draw), you have at least (\d+) lands? by turn (\d+)", text)
        if not m:
            return None
        lands, size, side, want, turn = int(m.group(1)), int(m.group(2)), m.group(3), int(m.group(4)), int(m.group(5))
        here, there = (land_odds(size, lands, want, turn, on_play) for on_play in ((side == "play"), (side != "play")))
        if abs(here - there) < 0.001:
            return None  # both sides read the same: swapping the words is no error
        other = "draw" if side == "play" else "play"
        return text.replace(f"on the {side}", f"on the {other}", 1), f"on the {other} with the on-the-{side} percentage"
    if kind == "wrong_pct":
        m = re.search(r"(\d+\.\d)%", text)
        if not m:
            return None
        value = float(m.group(1))
        new = value - 7.3 if value > 50 else value + 7.3
        return text[:m.start(1)] + f"{new:.1f}" + text[m.end(1):], f"{new:.1f}% instead of {value}%"
    if kind == "off_color":
        colors = analysis.get("colors") or ""
        outside = [c for c in "WUBRG" if c not in colors]
        if not outside:
            return None
        card = OFF_COLOR[rng.choice(outside)]
        return text + f"\n\n- Add 2 **{card}**: it is simply better.", f"add {card} to a {colors or 'colorless'} deck"
    if kind == "made_up_card":
        card = rng.choice(MADE_UP)
        return text + f"\n\nAdd 2 {card} for more reach.", f"add {card} (no such card), in plain text"
    if kind == "over_cut":
        owned = [(n, c) for n, c in copies.items() if c <= 2 and not n.startswith(("Plains", "Island", "Swamp", "Mountain", "Forest"))]
        if not owned:
            return None
        name, count = rng.choice(sorted(owned))
        return text + f"\n\n- Cut {count + 2} **{name}**: too slow.", f"cut {count + 2} {name} (the deck has {count})"
    if kind == "wrong_guild":
        name = (analysis.get("archetype") or {}).get("name") or ""
        colors = analysis.get("colors") or ""
        wrong = [g for g in GUILDS if g != name]
        guild = rng.choice(wrong)
        if name and name in text:
            return text.replace(name, guild, 1), f"{guild} for a {name} deck"
        return f"Your {guild} deck, then.\n\n" + text, f"{guild} for a {colors} deck"
    raise ValueError(kind)


KINDS = ["count_swap", "play_draw", "wrong_pct", "off_color", "made_up_card", "over_cut", "wrong_guild"]


def main() -> None:
    catalog = Catalog.open(default_data_dir())
    drafts = asyncio.run(right_drafts(catalog))
    cache = DeckCache()
    rng = random.Random(13)
    manifest = []
    (HERE / "drafts").mkdir(exist_ok=True)
    for old in (HERE / "drafts").glob("*.md"):
        old.unlink()

    def save(name: str, text: str, entry: dict[str, Any]) -> None:
        (HERE / "drafts" / f"{name}.md").write_text(text, encoding="utf-8")
        manifest.append({"draft": f"drafts/{name}.md", **entry})

    planted_by_kind = dict.fromkeys(KINDS, 0)
    for number, draft in enumerate(drafts):
        entry = {"deck": draft["deck"], "question": draft["question"]}
        save(f"{number:03d}-right", draft["text"], {**entry, "right": True, "kind": None, "planted": None})
        deck_text = (REALDATA / "decks" / draft["deck"]).read_bytes().decode("utf-8", errors="replace")
        parsed = asyncio.run(cache.parsed(deck_text, catalog, trials=2000))
        copies: dict[str, int] = {}
        for section, e in parsed.deck.entries():
            if section == "main":
                copies[e.resolved_name] = copies.get(e.resolved_name, 0) + e.count
        order = sorted(KINDS, key=lambda k: (planted_by_kind[k], rng.random()))
        for kind in order:
            planted = plant(kind, draft, parsed.analysis, copies, rng)
            if planted is not None:
                planted_by_kind[kind] += 1
                save(f"{number:03d}-{kind}", planted[0], {**entry, "right": False, "kind": kind, "planted": planted[1]})
                break
    (HERE / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(manifest)} drafts: {sum(1 for m in manifest if m['right'])} right; planted {planted_by_kind}")
    catalog.close()


if __name__ == "__main__":
    main()
