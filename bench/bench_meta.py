"""Metagame costs: parsing the snapshot, a matchup read, and a whole offline meta turn.

    python bench/bench_meta.py [--runs 50] [--data-dir DIR]

Prints p50/p99 in milliseconds for: the snapshot parse (uncached), meta_overview, a
matchup_report against an attached deck's analysis, and "what's the best deck in standard"
through the real runtime (no research keys: the snapshot answers). The catalog is built in
DATA_DIR on first use.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from agent.events import Message
from agent.runtime import Vawlrathh
from agent.settings import Settings
from arena.catalog import Catalog
from arena.meta import find_snapshot, load_snapshot
from arena.meta.matchup import matchup_report
from arena.meta.overview import meta_overview
from arena.meta.snapshot import parse_snapshot_source

DECK = Path(__file__).resolve().parents[1] / "tests" / "chats" / "decks" / "mono_green_stompy.txt"


def _line(name: str, samples: list[float]) -> str:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return f"{name:<34} p50 {statistics.median(ordered):8.2f} ms   p99 {p99:8.2f} ms   (n={len(ordered)})"


def _time(fn: Callable[[], object], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        out.append((time.perf_counter() - started) * 1000)
    return out


async def _turns(data_dir: Path, runs: int) -> list[float]:
    agent = await Vawlrathh.open(Settings(_env_file=None, VAWLRATHH_DATA_DIR=data_dir))  # type: ignore[call-arg]
    await agent.warmed()
    samples = []
    try:
        for _ in range(runs):
            thread = agent.new_thread_id()
            started = time.perf_counter()
            async for event in agent.run_turn(thread, "what's the best deck in standard right now?"):
                if isinstance(event, Message):
                    samples.append((time.perf_counter() - started) * 1000)
            await agent.delete_thread(thread)
    finally:
        await agent.close()
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--data-dir", type=Path, default=None)
    opts = parser.parse_args()
    data_dir = opts.data_dir or Path(tempfile.mkdtemp(prefix="bench-meta-"))
    catalog = Catalog.open(data_dir)
    source = find_snapshot().read_text(encoding="utf-8")
    snapshot = load_snapshot()
    from arena.analysis import analyze
    from arena.parsing import parse_deck

    deck = parse_deck(DECK.read_text(encoding="utf-8"), catalog)
    analysis = analyze(deck, trials=500)
    analysis = analysis if isinstance(analysis, dict) else analysis.model_dump(mode="json")
    names = [e.resolved_name for e in deck.section("main")]
    print(_line("snapshot parse (uncached)", _time(lambda: parse_snapshot_source(source), opts.runs)))
    print(_line("meta_overview standard", _time(lambda: meta_overview(snapshot, "standard", catalog=catalog), opts.runs)))
    print(_line("matchup_report izzet prowess", _time(
        lambda: matchup_report(snapshot, catalog, "izzet prowess", "standard", player_analysis=analysis,
                               player_cards=names), opts.runs)))
    print(_line("offline meta turn (whole)", asyncio.run(_turns(data_dir, opts.runs))))


if __name__ == "__main__":
    main()
