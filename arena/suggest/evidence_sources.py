"""The tournament lists the suggestion engine treats as evidence: ``arena.meta``'s dated snapshot."""

from __future__ import annotations

import logging
from functools import lru_cache

from arena.errors import MetaError
from arena.meta import MetaDeck, load_snapshot
from arena.suggest.evidence import TournamentList

logger = logging.getLogger(__name__)


def as_list(deck: MetaDeck) -> TournamentList:
    """One snapshot deck as evidence: name, format, date and source a player can check."""
    return TournamentList(deck.key, deck.format.capitalize(), deck.date.iso, deck.source_url, dict(deck.cards))


@lru_cache(maxsize=1)
def tournament_lists() -> tuple[TournamentList, ...]:
    """Every dated tournament main deck in the snapshot (none when the snapshot is missing)."""
    try:
        snapshot = load_snapshot()
    except MetaError as err:
        logger.warning("no tournament lists for suggestions: %s", err)
        return ()
    return tuple(as_list(d) for d in snapshot.decks())
