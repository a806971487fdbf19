"""Offline turn latency on a 60-card Arena deck, time to first token and total.

    python bench/bench_agent.py [--turns 100] [--data-dir DIR] [--deck FILE]

Three figures, p50 and p99 over ``--turns`` turns through the real runtime (SQLite checkpointer
included):
- fresh deck: "analyze my deck", each turn on a new thread sending the deck, parsed and analyzed
  anew (cache emptied);
- attached: one conversation of ``--turns`` "analyze my deck" follow-ups on the deck on the thread;
- players' words: the questions of ``QUESTIONS`` in turn (counts, card odds, nicknames, typos,
  comparisons, strategy) on the attached deck, so understanding is timed as players type.
Target: first token <= 50 ms p50. The catalog is built in DATA_DIR on first use.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from agent.events import Token
from agent.runtime import Vawlrathh
from agent.settings import Settings
from arena.deck_service import DeckCache

DEFAULT_DECK = Path(__file__).resolve().parents[1] / "examples" / "izzet_prowess.txt"
QUESTIONS = (
    "hw many creaturs r in this deck", "how many 1 drops do i have", "how many counterspells in my sideboard",
    "odds i have swiftspear in my opener?", "chance my opening hand has 2 or 3 lands",
    "chance to draw any of my removal by turn 3 on the draw", "odds of swiftspear and sprite dragon both by turn 2",
    "wat does sprite dragon do", "what does bolt do", "opt or consider?", "whats my worst card",
    "what should i sideboard against control", "chance to hit my fourth land on turn 4", "whats in my sideboard",
)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def one_turn(agent: Vawlrathh, thread: str, deck: str | None, text: str = "analyze my deck") -> tuple[float, float]:
    started = time.perf_counter()
    first = None
    async for event in agent.run_turn(thread, text, deck=deck):
        if first is None and isinstance(event, Token):
            first = time.perf_counter() - started
    total = time.perf_counter() - started
    return (first or total) * 1000, total * 1000


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--turns", type=int, default=100)
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--deck", type=Path, default=DEFAULT_DECK, help="a 60-card deck (default: the bundled Izzet Prowess export)")
    args = parser.parse_args()
    deck = args.deck.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = args.data_dir or Path(tmp)
        t0 = time.perf_counter()
        agent = await Vawlrathh.open(Settings(VAWLRATHH_DATA_DIR=data_dir, VAWLRATHH_PROVIDER="offline"))
        print(f"open (catalog + checkpointer): {(time.perf_counter() - t0) * 1000:.0f} ms")
        try:
            await one_turn(agent, agent.new_thread_id(), deck)  # warm: imports, fuzzy index, graph
            fresh_first, fresh_total = [], []
            for _ in range(args.turns):
                agent.deck_cache = DeckCache()  # force parse + analyze on every turn
                first, total = await one_turn(agent, agent.new_thread_id(), deck)
                fresh_first.append(first)
                fresh_total.append(total)
            thread = agent.new_thread_id()
            await one_turn(agent, thread, deck)
            att_first, att_total = [], []
            for _ in range(args.turns):  # one long conversation: its checkpoint grows every turn
                first, total = await one_turn(agent, thread, None)
                att_first.append(first)
                att_total.append(total)
            words_thread = agent.new_thread_id()
            await one_turn(agent, words_thread, deck)
            for question in QUESTIONS:  # warm each kind once (first fuzzy look-ups, regexes)
                await one_turn(agent, words_thread, None, question)
            words_first, words_total = [], []
            for i in range(args.turns):
                first, total = await one_turn(agent, words_thread, None, QUESTIONS[i % len(QUESTIONS)])
                words_first.append(first)
                words_total.append(total)
        finally:
            await agent.close()
    for label, first, total in (("fresh deck", fresh_first, fresh_total), ("attached", att_first, att_total),
                                ("players' words", words_first, words_total)):
        print(
            f"{label:14s} first token p50 {statistics.median(first):6.1f} ms  p99 {pct(first, 0.99):6.1f} ms | "
            f"total p50 {statistics.median(total):6.1f} ms  p99 {pct(total, 0.99):6.1f} ms  ({len(first)} turns)"
        )
    worst = max(statistics.median(fresh_first), statistics.median(words_first))
    print(f"target first token p50 <= 50 ms: {'met' if worst <= 50 else 'NOT met'}")


if __name__ == "__main__":
    asyncio.run(main())
