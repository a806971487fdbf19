"""A main deck built straight from catalog names, for rule tests on real cards."""

from __future__ import annotations

from arena.catalog import Catalog
from arena.models import Deck, DeckEntry


def deck_of(catalog: Catalog, *cards: tuple[int, str]) -> Deck:
    """``deck_of(catalog, (22, "Forest"), (4, "Kitchen Finks"))``: every name must be a real card."""
    entries = []
    for i, (n, name) in enumerate(cards, start=1):
        card = catalog.get(name)
        assert card is not None, name
        entries.append(DeckEntry(n, name, i, card))
    return Deck(main=entries)
