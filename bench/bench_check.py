"""Benchmark: the fact check of a ~300-word draft, warm. Target p50 ≤ 20 ms.

    .venv/bin/python bench/bench_check.py [--deck FILE] [--runs 200] [--data-dir DIR]

The draft is three of the planted-error corpus' right drafts about the same realdata deck
(analysis, mana, cuts and adds) joined until it has at least 300 words, checked against the
facts ``python -m agent.check`` computes for that deck. Prints the word and claim counts,
then p50/p99 wall time and mean CPU time of ``agent.check.check_draft``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from agent.check import check_draft  # noqa: E402
from agent.check.__main__ import deck_facts  # noqa: E402
from arena.catalog import Catalog  # noqa: E402
from arena.deck_service import DeckCache  # noqa: E402
from arena.paths import default_data_dir  # noqa: E402

CORPUS = REPO / "tests" / "agent" / "check_corpus"
REALDATA = REPO.parent / "shared" / "realdata" / "decks"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--deck", default="brawlrating_historic_brawl_teysa.txt", help="a deck in ../shared/realdata/decks")
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--data-dir", type=Path, default=None)
    args = parser.parse_args()

    manifest = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
    rights = [m for m in manifest if m["right"] and m["deck"] == args.deck]
    draft, words = "", 0
    for entry in rights:
        draft += (CORPUS / entry["draft"]).read_text(encoding="utf-8") + "\n\n"
        words = len(draft.split())
        if words >= 300:
            break
    catalog = Catalog.open(args.data_dir or default_data_dir())
    deck_text = (REALDATA / args.deck).read_text(encoding="utf-8", errors="replace")
    facts, cards, fmt = asyncio.run(deck_facts(deck_text, None, catalog, DeckCache(), trials=2000))
    report = check_draft(draft, facts, catalog, deck_cards=cards, fmt=fmt)  # warm the catalog's name index
    wall, cpu = [], []
    for _ in range(args.runs):
        w0, c0 = time.perf_counter(), time.process_time()
        check_draft(draft, facts, catalog, deck_cards=cards, fmt=fmt)
        wall.append((time.perf_counter() - w0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    wall.sort()
    print(f"draft: {words} words, {len(report.claims)} claims "
          f"({len(report.verified)} verified, {len(report.wrong)} wrong, {len(report.unverifiable)} unverifiable)")
    print(f"check_draft over {args.runs} runs: p50 {statistics.median(wall):.2f} ms, "
          f"p99 {wall[int(len(wall) * 0.99) - 1]:.2f} ms, mean CPU {statistics.mean(cpu):.2f} ms (target p50 <= 20 ms)")
    catalog.close()


if __name__ == "__main__":
    main()
