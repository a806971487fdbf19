"""The tournament lists the suggestion engine treats as evidence (the dated meta snapshot)."""

from __future__ import annotations

from functools import lru_cache

from arena.suggest.evidence import TournamentList


@lru_cache(maxsize=1)
def tournament_lists() -> tuple[TournamentList, ...]:
    """Every dated tournament main deck the meta snapshot holds (empty until it exists)."""
    return ()
