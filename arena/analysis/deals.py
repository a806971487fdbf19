"""Shared random deals of a library, for the few cast-on-curve odds too big to sum exactly.

A four- or five-color card in a many-colored deck asks Hall's condition for up to 31 color
sets, and the exact sum over land kinds grows past what a request can wait for. For those
cards we deal the library ``trials`` times (seeded), once per analysis, and count how often
the card was castable; the result says ``method: monte_carlo`` and its trial count.
"""

from __future__ import annotations

import random
from typing import Any

try:
    import numpy as np
except ImportError:  # pragma: no cover - exercised only where numpy is absent
    np = None  # type: ignore[assignment]


class SharedDeals:
    """The first ``depth`` cards of ``trials`` shuffles of one library, by land kind.

    ``kinds`` lists (copies, colors) per land kind; every other card is a blank (kind -1).
    """

    def __init__(self, kinds: list[tuple[int, frozenset[str]]], library: int, depth: int,
                 trials: int, seed: int):
        self.kinds = kinds
        self.trials = trials
        labels = [k for k, (copies, _) in enumerate(kinds) for _ in range(copies)]
        labels += [-1] * (library - len(labels))
        depth = min(depth, library)
        self.depth = depth
        if np is not None:
            rng = np.random.default_rng(seed)
            keys = rng.random((trials, library))
            first = np.argpartition(keys, depth - 1, axis=1)[:, :depth] if depth < library \
                else np.tile(np.arange(library), (trials, 1))
            order = np.take_along_axis(first, np.argsort(np.take_along_axis(keys, first, 1), 1), 1)
            self._prefix: Any = np.asarray(labels)[order]
        else:
            rand = random.Random(seed)
            self._prefix = [rand.sample(labels, depth) for _ in range(trials)]

    def rates(self, draws: int, needs: tuple[tuple[frozenset[str], int], ...],
              lands_needed: int) -> tuple[float, float]:
        """Share of deals castable, and share with enough lands, after ``draws`` cards."""
        draws = min(draws, self.depth)
        caps = [n for _, n in needs]
        hits = [[bool(colors & u) for u, _ in needs] for _, colors in self.kinds]
        if np is not None:
            seen = self._prefix[:, :draws]
            counts = np.stack([(seen == k).sum(axis=1) for k in range(len(self.kinds))], axis=1) \
                if self.kinds else np.zeros((self.trials, 0), dtype=int)
            enough = counts.sum(axis=1) >= lands_needed
            cover = counts @ np.asarray(hits, dtype=int).reshape(len(self.kinds), len(caps))
            castable = enough & (cover >= np.asarray(caps)).all(axis=1)
            return float(castable.mean()), float(enough.mean())
        castable_n = enough_n = 0
        for deal in self._prefix:
            counts_list = [0] * len(self.kinds)
            for label in deal[:draws]:
                if label >= 0:
                    counts_list[label] += 1
            if sum(counts_list) < lands_needed:
                continue
            enough_n += 1
            cover_list = [sum(c for c, row in zip(counts_list, hits, strict=True) if row[i])
                          for i in range(len(caps))]
            castable_n += all(c >= cap for c, cap in zip(cover_list, caps, strict=True))
        return castable_n / self.trials, enough_n / self.trials
