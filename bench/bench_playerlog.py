"""Read a big Player.log and print throughput and peak memory (the reader streams; memory stays flat).

    python bench/bench_playerlog.py [--mb 200]

The log is the real 2026 tabi-cat-room excerpt repeated with fresh match ids until it reaches
the size asked for, written to a temporary file; the reader then makes one pass over it.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from arena.playerlog import read_log

EXCERPT = (Path(__file__).resolve().parents[2] / "shared" / "realdata" / "playerlog"
           / "mtgarenalogreader__tabi-cat-room_2026-07_play_bo1.log")
MATCH_ID = b"202d2b4e-725b-4dc9-b663-dbc51bb60ab4"


def write_log(path: Path, megabytes: int) -> int:
    """Write about ``megabytes`` MB of log; return how many matches it holds."""
    block = EXCERPT.read_bytes()
    target, written, count = megabytes * 1024 * 1024, 0, 0
    with path.open("wb") as out:
        while written < target:
            count += 1
            chunk = block.replace(MATCH_ID, f"{count:08d}-0000-4000-8000-000000000000".encode()) + b"\n"
            out.write(chunk)
            written += len(chunk)
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=int, default=200, help="log size in MB (default 200)")
    parser.add_argument("--trace-memory", action="store_true",
                        help="also measure peak Python allocations (tracemalloc; reading gets several times slower)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "Player.log"
        matches = write_log(path, args.mb)
        size = path.stat().st_size
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        if args.trace_memory:
            tracemalloc.start()
        started = time.perf_counter()
        with path.open("rb") as stream:
            report = read_log(stream)
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] if args.trace_memory else None
        tracemalloc.stop()
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"log: {size / 1e6:.1f} MB, {matches} matches written")
    print(f"read: {len(report.matches)} matches, {report.entries} entries, {report.skipped} skipped")
    print(f"time: {seconds:.1f} s ({size / 1e6 / seconds:.1f} MB/s)")
    if peak is not None:
        print(f"peak Python allocations while reading: {peak / 1e6:.1f} MB (tracemalloc; the report included)")
    print(f"max RSS: {rss_before / 1024:.0f} MB before, {rss_after / 1024:.0f} MB after")


if __name__ == "__main__":
    main()
