"""Benchmark: parse + resolve + analyze a 60-card deck, warm. Target p50 ≤ 5 ms.

    .venv/bin/python bench/bench_analyze.py [--deck examples/izzet_prowess.txt] [--runs 300]
        [--trials 10000] [--data-dir DIR]

Prints p50/p99 wall latency of the whole path (and of its parts), the mean CPU time per run
(wall time on a shared machine includes waiting for a core), then the peak Python memory
one run allocates (tracemalloc, measured in a separate pass because tracing slows the code)
and the process's peak resident size. The catalog is built first if the data folder lacks it.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from arena.analysis import analyze  # noqa: E402
from arena.catalog import Catalog  # noqa: E402
from arena.parsing import parse_deck  # noqa: E402
from arena.paths import default_data_dir  # noqa: E402


def _percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deck", type=Path, default=REPO / "examples" / "izzet_prowess.txt")
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--trials", type=int, default=10000)
    parser.add_argument("--data-dir", type=Path, default=None)
    args = parser.parse_args()

    catalog = Catalog.open(args.data_dir or default_data_dir(), progress=True)
    data = args.deck.read_bytes()
    for _ in range(20):  # warm: caches of names, card facts and binomials
        analyze(parse_deck(data, catalog, filename=args.deck.name), trials=args.trials)

    whole: list[float] = []
    alone: list[float] = []
    parse: list[float] = []
    cpu_start = time.process_time()
    for _ in range(args.runs):
        start = time.perf_counter()
        deck = parse_deck(data, catalog, filename=args.deck.name)
        middle = time.perf_counter()
        analyze(deck, trials=args.trials)
        end = time.perf_counter()
        whole.append((end - start) * 1000)
        parse.append((middle - start) * 1000)
        alone.append((end - middle) * 1000)

    cpu_per_run = (time.process_time() - cpu_start) / args.runs * 1000

    tracemalloc.start()
    analyze(parse_deck(data, catalog, filename=args.deck.name), trials=args.trials)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    catalog.close()

    print(f"deck: {args.deck.name}, {args.runs} runs, Monte Carlo trials {args.trials}")
    print(f"parse+resolve+analyze  p50 {_percentile(whole, 0.5):.2f} ms  "
          f"p99 {_percentile(whole, 0.99):.2f} ms  mean {statistics.fmean(whole):.2f} ms")
    print(f"parse+resolve alone    p50 {_percentile(parse, 0.5):.2f} ms  "
          f"p99 {_percentile(parse, 0.99):.2f} ms")
    print(f"analyze alone          p50 {_percentile(alone, 0.5):.2f} ms  "
          f"p99 {_percentile(alone, 0.99):.2f} ms")
    # CPU time is what the code costs; wall time also holds waiting for a busy machine's cores.
    print(f"CPU time per run       mean {cpu_per_run:.2f} ms (load average {os.getloadavg()[0]:.1f})")
    print(f"peak traced memory per run {peak / 1024:.0f} KiB; "
          f"process max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    print(f"target p50 <= 5 ms: {'met' if _percentile(whole, 0.5) <= 5 else 'NOT met'}")


if __name__ == "__main__":
    main()
