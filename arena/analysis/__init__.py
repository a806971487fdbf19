"""Deck analysis: curve, colors, Karsten's source requirements, land count, odds, legality.

``analyze(deck)`` returns every fact as one JSON-able dict (keys in docs/ARCHITECTURE.md);
``land_odds`` answers free questions such as "chance to hit my fourth land on turn 4".
"""

from arena.analysis.core import analyze
from arena.analysis.odds import land_odds

__all__ = ["analyze", "land_odds"]
