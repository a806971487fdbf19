"""How long suggestions take per deck (every real deck, the examples, every tournament list).

    .venv/bin/python bench/bench_suggest.py [--repeat 5]

Prints the median and worst milliseconds of ``suggest_changes`` (the analysis is computed
once per deck beforehand, as the deck cache does), and the total per pass.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from arena.analysis import analyze  # noqa: E402
from arena.catalog import Catalog  # noqa: E402
from arena.errors import DeckError  # noqa: E402
from arena.parsing import parse_deck  # noqa: E402
from arena.suggest import suggest_changes  # noqa: E402
from arena.suggest.evidence_sources import tournament_lists  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    lists = tournament_lists()
    texts = [p.read_text(encoding="utf-8-sig") for p in sorted((ROOT.parent / "shared" / "realdata" / "decks").glob("*.txt"))]
    texts += [p.read_text() for p in sorted((ROOT / "examples").glob("*.txt"))]
    texts += ["Deck\n" + "\n".join(f"{n} {name}" for name, n in lst.cards.items()) for lst in lists]
    with tempfile.TemporaryDirectory() as tmp, Catalog.open(Path(tmp), progress=False) as catalog:
        decks = []
        for text in texts:
            try:
                deck = parse_deck(text, catalog)
            except DeckError:
                continue
            decks.append((deck, analyze(deck, trials=200).facts()))
        suggest_changes(*decks[0], catalog, lists=lists)  # warm the caches
        times: list[float] = []
        for _ in range(args.repeat):
            for deck, analysis in decks:
                started = time.perf_counter()
                suggest_changes(deck, analysis, catalog, lists=lists)
                times.append((time.perf_counter() - started) * 1000)
    print(f"{len(decks)} decks x {args.repeat}: median {statistics.median(times):.1f} ms, "
          f"p95 {sorted(times)[int(0.95 * len(times))]:.1f} ms, worst {max(times):.1f} ms, "
          f"per pass {sum(times) / args.repeat:.0f} ms")


if __name__ == "__main__":
    main()
