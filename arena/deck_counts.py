"""How many copies of each card a deck asks for, once: shared by the shopping list and the wildcard bill."""

from __future__ import annotations

from dataclasses import dataclass

from arena.models import Card, Deck
from arena.names import is_alchemy

# Arena gives these away and a paper player has a box of them; snow-covered basics are not free.
FREE_BASICS = frozenset({"Plains", "Island", "Swamp", "Mountain", "Forest", "Wastes"})


@dataclass(slots=True)
class DeckCard:
    """One distinct card of a deck: its name as written, the card, and copies per role."""

    name: str  # the name as the player wrote it (keeps ``A-`` when the catalog fell back)
    card: Card | None
    main: int = 0  # main deck, commander and companion
    side: int = 0  # sideboard copies beyond those

    def copies(self, *, sideboard: bool) -> int:
        return self.main + (self.side if sideboard else 0)


def is_free_basic(card: Card | None, name: str) -> bool:
    """True for the six basic lands that neither Arena nor a paper player pays for."""
    plain = card.name if card is not None else name
    return plain in FREE_BASICS


def deck_cards(deck: Deck) -> list[DeckCard]:
    """Distinct cards in deck order, copies summed across lines and sections.

    Arena exports list the companion twice (its own section and the sideboard, where it
    really lives); the sideboard copy is the same card, so it is not counted again.
    """
    found: dict[str, DeckCard] = {}
    companions: dict[str, int] = {}
    for section, entry in deck.entries():
        card = entry.card
        fell_back = card is not None and is_alchemy(entry.name) and not is_alchemy(card.name)
        key = card.name if card is not None and not fell_back else entry.name
        item = found.setdefault(key, DeckCard(name=key, card=card))
        if section == "side":
            already = min(companions.get(key, 0), entry.count)
            companions[key] = companions.get(key, 0) - already
            item.side += entry.count - already
        else:
            item.main += entry.count
            if section == "companion":
                companions[key] = companions.get(key, 0) + entry.count
    return list(found.values())
