"""Opening hands by Monte Carlo, next to the exact values they must agree with.

Each trial deals a random seven from the library (and, after a mulligan, a fresh seven, as
the London mulligan reshuffles), applies Karsten's keep/bottom policy, and records what was
kept. With numpy every trial is dealt card by card in lockstep (seven vector steps), which
keeps 10,000 trials around a millisecond; without numpy ``random.sample`` deals them.
"""

from __future__ import annotations

import random
from fractions import Fraction
from typing import Any

from arena.analysis.odds import (
    KEEP_SEVEN,
    OPENING_HAND,
    keeps,
    lands_after_bottom,
    lands_in_opening,
    london_chain,
)

try:  # numpy arrives with gradio; the pure-Python path keeps arena/ usable without it.
    import numpy as np
except ImportError:  # pragma: no cover - exercised only where numpy is absent
    np = None  # type: ignore[assignment]

RULE = (
    "keep a 7-card hand with 2-5 lands; after a London mulligan bottom toward 3 lands and keep "
    "6- and 5-card hands with 2-4 lands, and any 4 (Karsten's 2022 model)"
)


def _keep_tables() -> tuple[list[bool], list[bool], list[bool]]:
    """Per number of lands drawn in a 7-card deal: kept at 7, at 6, at 5 after bottoming."""
    return (
        [keeps(h, 7) for h in range(OPENING_HAND + 1)],
        [keeps(lands_after_bottom(h, 6), 6) for h in range(OPENING_HAND + 1)],
        [keeps(lands_after_bottom(h, 5), 5) for h in range(OPENING_HAND + 1)],
    )


def _deal_lands_numpy(rng: Any, library: int, lands: int, trials: int) -> Any:
    """Lands among 7 cards dealt one at a time from a shuffled library, for ``trials`` deals."""
    drawn = np.zeros(trials, dtype=np.float64)
    uniforms = rng.random((OPENING_HAND, trials))
    left = np.empty(trials)
    hit = np.empty(trials, dtype=bool)
    for i in range(OPENING_HAND):
        # The next card is a land with probability (lands left) / (cards left).
        np.subtract(lands, drawn, out=left)
        np.multiply(uniforms[i], library - i, out=uniforms[i])
        np.less(uniforms[i], left, out=hit)
        np.add(drawn, hit, out=drawn)
    return drawn.astype(np.int64)


def _tally_numpy(library: int, lands: int, trials: int, seed: int) -> tuple[list[int], list[int], float]:
    """Histogram of lands in the first seven, kept counts at 7/6/5/4, mean lands (numpy)."""
    rng = np.random.default_rng(seed)
    k7, k6, k5 = (np.array(t) for t in _keep_tables())
    sevens = _deal_lands_numpy(rng, library, lands, trials)
    at7 = int(k7[sevens].sum())
    # Only the hands that went to a mulligan need a second (and third) shuffle.
    second = _deal_lands_numpy(rng, library, lands, trials - at7)
    at6 = int(k6[second].sum())
    third = _deal_lands_numpy(rng, library, lands, trials - at7 - at6)
    at5 = int(k5[third].sum())
    counts = [at7, at6, at5, trials - at7 - at6 - at5]
    histogram = np.bincount(sevens, minlength=OPENING_HAND + 1).tolist()
    return histogram, counts, float(sevens.mean())


def _tally_python(library: int, lands: int, trials: int, seed: int) -> tuple[list[int], list[int], float]:
    """The same tally with ``random.sample`` deals, for machines without numpy."""
    rng = random.Random(seed)
    deck = range(library)
    k7, k6, k5 = _keep_tables()
    histogram = [0] * (OPENING_HAND + 1)
    counts = [0, 0, 0, 0]
    for _ in range(trials):
        deals = [sum(1 for c in rng.sample(deck, OPENING_HAND) if c < lands) for _ in range(3)]
        histogram[deals[0]] += 1
        stage = 0 if k7[deals[0]] else 1 if k6[deals[1]] else 2 if k5[deals[2]] else 3
        counts[stage] += 1
    return histogram, counts, sum(k * n for k, n in enumerate(histogram)) / trials


def simulate(library: int, lands: int, trials: int, seed: int) -> dict[str, Any]:
    """Monte Carlo opening-hand stats, seeded, with the exact values beside them."""
    if trials < 1:
        raise ValueError(f"trials must be at least 1, got {trials}")
    exact_dist = lands_in_opening(library, lands) if library >= OPENING_HAND else []
    exact: dict[str, Any] = {
        "keepable": round(float(sum((exact_dist[k] for k in KEEP_SEVEN if k < len(exact_dist)),
                                    start=Fraction(0))), 4),
        "avg_lands": round(OPENING_HAND * lands / library, 4) if library else 0.0,
        "lands_in_7": {str(k): round(float(p), 4) for k, p in enumerate(exact_dist)},
        "kept_at": ({k: round(v, 4) for k, v in london_chain(library, lands).items()}
                    if exact_dist else {}),
    }
    if library < OPENING_HAND:
        return {"trials": 0, "seed": seed, "rule": RULE, "method": "none: fewer than 7 cards",
                "keepable": None, "mulligan": None, "avg_lands": None, "lands_in_7": {},
                "kept_at": {}, "avg_cards_kept": None, "exact": exact}
    tally = _tally_numpy if np is not None else _tally_python
    histogram, counts, mean_lands = tally(library, lands, trials, seed)
    kept = dict(zip(("7", "6", "5", "4"), counts, strict=True))
    keepable = kept["7"] / trials
    return {
        "trials": trials,
        "seed": seed,
        "rule": RULE,
        "method": "monte_carlo (numpy card-by-card deals)" if np is not None
        else "monte_carlo (random.sample deals)",
        "keepable": round(keepable, 4),
        "mulligan": round(1 - keepable, 4),
        "avg_lands": round(mean_lands, 4),
        "lands_in_7": {str(k): round(n / trials, 4) for k, n in enumerate(histogram)},
        "kept_at": {size: round(n / trials, 4) for size, n in kept.items()},
        "avg_cards_kept": round(sum(int(size) * n for size, n in kept.items()) / trials, 4),
        "exact": exact,
    }
