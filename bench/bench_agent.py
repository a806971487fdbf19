"""Offline turn latency: "analyze my deck" on a 60-card Arena deck, time to first token and total.

    python bench/bench_agent.py [--turns 100] [--data-dir DIR] [--deck FILE]

Two figures, p50 and p99 over ``--turns`` turns through the real runtime (SQLite checkpointer
included):
- fresh deck: each turn on a new thread sends the deck, parsed and analyzed anew (cache emptied);
- attached: one conversation of ``--turns`` follow-ups on the deck already on the thread.
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


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def one_turn(agent: Vawlrathh, thread: str, deck: str | None) -> tuple[float, float]:
    started = time.perf_counter()
    first = None
    async for event in agent.run_turn(thread, "analyze my deck", deck=deck):
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
                agent._cache = DeckCache()  # force parse + analyze on every turn
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
        finally:
            await agent.close()
    for label, first, total in (("fresh deck", fresh_first, fresh_total), ("attached", att_first, att_total)):
        print(
            f"{label:12s} first token p50 {statistics.median(first):6.1f} ms  p99 {pct(first, 0.99):6.1f} ms | "
            f"total p50 {statistics.median(total):6.1f} ms  p99 {pct(total, 0.99):6.1f} ms  ({len(first)} turns)"
        )
    print(f"target first token p50 <= 50 ms: {'met' if statistics.median(fresh_first) <= 50 else 'NOT met'}")


if __name__ == "__main__":
    asyncio.run(main())
