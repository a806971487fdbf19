"""Benchmark the card catalog: build from the corpus, open, exact and fuzzy lookups, memory.

    .venv/bin/python bench/bench_catalog.py [--queries 500] [--seed 0] [--bulk 40000] [--skip-build DIR]

Targets from issue 2: build ≤ 15 s on 2 cores, fuzzy lookup p50 ≤ 1 ms. Prints numbers
only; nothing here asserts (speed is machine-dependent, so it is not a test).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import resource
import shutil
import statistics
import string
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from arena.bulk_import import import_bulk
from arena.catalog import Catalog, build_catalog
from arena.corpus import find_corpus
from arena.models import Card
from arena.paths import CATALOG_FILENAME


def typo(name: str, rng: random.Random) -> str:
    """One random edit (drop, swap, replace or insert a letter), like a player's typo."""
    text = name.lower()
    if len(text) < 4:
        return text
    i = rng.randrange(1, len(text) - 1)
    kind = rng.choice(("drop", "swap", "replace", "insert"))
    if kind == "drop":
        return text[:i] + text[i + 1 :]
    if kind == "swap":
        return text[: i - 1] + text[i] + text[i - 1] + text[i + 1 :]
    letter = rng.choice(string.ascii_lowercase)
    if kind == "replace":
        return text[:i] + letter + text[i + 1 :]
    return text[:i] + letter + text[i:]


def timings(func: Callable[[str], object], inputs: list[str], clock: Callable[[], float] = time.perf_counter) -> list[float]:
    """Milliseconds per call; ``clock=time.thread_time`` counts CPU only (shared machines)."""
    out = []
    for item in inputs:
        start = clock()
        func(item)
        out.append((clock() - start) * 1000)
    return out


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--bulk", type=int, default=0,
                        help="also import this many synthetic Scryfall printings (e.g. 40000)")
    parser.add_argument("--skip-build", type=Path, default=None,
                        help="use an existing data folder instead of building one")
    args = parser.parse_args()
    rng = random.Random(args.seed)

    folder = args.skip_build or Path(tempfile.mkdtemp(prefix="bench-catalog-"))
    if args.skip_build is None:
        cpu0, wall0 = time.process_time(), time.perf_counter()
        build_catalog(folder / CATALOG_FILENAME, find_corpus())
        wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
        print(f"build from corpus:   {wall:.2f} s wall, {cpu:.2f} s CPU  (target ≤ 15 s)")
        print(f"  peak RSS after build: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")

    start = time.perf_counter()
    catalog = Catalog.open(folder)
    opened = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    cpu = time.thread_time()
    catalog.fuzzy("warm up")  # builds the trigram index
    index_ms = (time.perf_counter() - start) * 1000
    index_cpu = (time.thread_time() - cpu) * 1000
    print(f"open catalog:        {opened:.0f} ms; fuzzy index build {index_ms:.0f} ms "
          f"({index_cpu:.0f} ms CPU)")
    tracemalloc.start()
    with Catalog.open(folder) as again:
        again.fuzzy("warm up")
        _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"  Python heap peak of one open catalog + fuzzy index (tracemalloc): {peak / 2**20:.1f} MB")

    names = list(catalog.names())
    sample = rng.sample(names, min(args.queries, len(names)))
    for name in sample:  # warm the card cache, as a running app would be
        catalog.get(name)
    exact = timings(catalog.get, sample)
    cold_names = [n.upper() for n in rng.sample(names, min(args.queries, len(names)))]
    print(f"exact get (warm):    p50 {pct(exact, .5) * 1000:.1f} µs, p99 {pct(exact, .99) * 1000:.1f} µs "
          f"over {len(sample)} names")
    print(f"exact get (cold):    p50 {pct(timings(catalog.get, cold_names), .5) * 1000:.1f} µs")

    typos = [typo(n, rng) for n in sample]
    fuzzy = timings(catalog.fuzzy, typos)
    hits = sum(1 for t, n in zip(typos, sample, strict=True) if n in [m.name for m in catalog.fuzzy(t, limit=5)])
    print(f"fuzzy (typos):       p50 {pct(fuzzy, .5):.3f} ms, p99 {pct(fuzzy, .99):.3f} ms, "
          f"mean {statistics.fmean(fuzzy):.3f} ms  (target p50 ≤ 1 ms)")
    fuzzy_cpu = timings(catalog.fuzzy, typos, time.thread_time)
    print(f"  CPU time only:     p50 {pct(fuzzy_cpu, .5):.3f} ms, p99 {pct(fuzzy_cpu, .99):.3f} ms")
    print(f"  right card in top 5: {hits}/{len(typos)}")
    partial = [n.split(",")[0].split(" // ")[0].split()[0] for n in sample]
    pf = timings(catalog.fuzzy, partial)
    print(f"fuzzy (first word):  p50 {pct(pf, .5):.3f} ms, p99 {pct(pf, .99):.3f} ms")

    texts = [f"what does {t} do in my deck" for t in typos[:100]]
    ft = timings(catalog.find_names_in_text, texts)
    ft_cpu = timings(catalog.find_names_in_text, texts, time.thread_time)
    print(f"find_names_in_text:  p50 {pct(ft, .5):.2f} ms, p99 {pct(ft, .99):.2f} ms "
          f"(CPU p50 {pct(ft_cpu, .5):.2f} ms)")

    queries = ["destroy target creature", "draw a card", "flying lifelink", "counter target spell"]
    st = timings(lambda q: catalog.search(q, limit=20), queries * 10)
    print(f"FTS search:          p50 {pct(st, .5):.2f} ms")
    print(f"peak RSS (process):  {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    if args.bulk:
        bench_bulk_import(catalog, names, args.bulk, rng)
    catalog.close()
    return 0


def scryfall_object(card: Card, index: int, rng: random.Random) -> dict[str, object]:
    """A Scryfall-shaped card object for a catalog card, with made-up printing data."""
    return {
        "object": "card", "id": f"bench-{index}", "name": card.name, "layout": card.layout,
        "mana_cost": card.mana_cost, "type_line": card.type_line, "oracle_text": card.oracle_text,
        "color_identity": list(card.color_identity), "keywords": list(card.keywords),
        "released_at": f"20{rng.randrange(10, 26)}-01-01", "set": "bch",
        "rarity": rng.choice(["common", "uncommon", "rare", "mythic"]),
        "arena_id": index if rng.random() < 0.3 else None,
        "legalities": {"standard": "not_legal", "historic": "legal", "timeless": "legal"},
        "prices": {"usd": f"{rng.random() * 10:.2f}"},
        "purchase_uris": {"tcgplayer": "https://example.test/p"},
        "image_uris": {"normal": "https://example.test/i.jpg"},
    }


def bench_bulk_import(catalog: Catalog, names: list[str], count: int, rng: random.Random) -> None:
    """Import ``count`` synthetic printings (gzip) into a copy of the catalog: time and memory."""
    folder = Path(tempfile.mkdtemp(prefix="bench-bulk-"))
    shutil.copy(catalog.path, folder / CATALOG_FILENAME)
    bulk = folder / "default-cards"
    with gzip.open(bulk, "wt", encoding="utf-8") as out:
        out.write("[")
        for i in range(count):
            card = catalog.get(names[i % len(names)])
            if card is not None:
                out.write(("," if i else "") + json.dumps(scryfall_object(card, i, rng)))
        out.write("]")
    with Catalog.open(folder) as copy:
        start = time.perf_counter()
        result = import_bulk(copy, bulk, progress=False)
        seconds = time.perf_counter() - start
    print(f"bulk import:         {result.objects} objects ({bulk.stat().st_size / 2**20:.1f} MB gzip) "
          f"in {seconds:.1f} s = {result.objects / seconds:.0f} cards/s")
    # Memory on a second, traced run (tracing slows it down, so it is not timed): streaming
    # keeps the heap flat however large the file is.
    shutil.copy(catalog.path, folder / CATALOG_FILENAME)
    with Catalog.open(folder) as copy:
        tracemalloc.start()
        import_bulk(copy, bulk, progress=False)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    print(f"  Python heap peak during import (tracemalloc): {peak / 2**20:.1f} MB")


if __name__ == "__main__":
    raise SystemExit(main())
