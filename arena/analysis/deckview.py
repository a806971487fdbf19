"""The deck as the analysis counts it: resolved cards with their copies, per section.

Decisions, so every module counts the same way:

- The *library* is the main deck. Odds, land counts and Karsten's table size use it.
- For 99+1 formats (Brawl, Commander) the commander is part of the *deck*: ``deck_size`` and
  ``nonland`` include it, and it is on the curve and in the color requirements, because it is
  always available to cast. It is not in the library, so it is not in any draw odds.
- The companion sits outside the deck (it is in the sideboard): not on the curve.
- Entries whose card did not resolve are listed as ``unresolved`` and left out of the numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

from arena.models import Card, Deck, DeckEntry


@dataclass(frozen=True, slots=True)
class Slot:
    """One distinct card and how many copies of it a section holds."""

    card: Card
    copies: int


def _merge(entries: list[DeckEntry]) -> list[Slot]:
    """Sum copies of the same card written on several lines (two printings of Island)."""
    cards: dict[str, Card] = {}
    copies: dict[str, int] = {}
    for entry in entries:
        if entry.card is None:
            continue
        cards.setdefault(entry.card.name, entry.card)
        copies[entry.card.name] = copies.get(entry.card.name, 0) + entry.count
    return [Slot(card, copies[name]) for name, card in cards.items()]


@dataclass(frozen=True, slots=True)
class DeckView:
    """A deck's resolved sections, merged by card name, plus the counts as written."""

    main: list[Slot]
    side: list[Slot]
    commander: list[Slot]
    companion: list[Slot]
    unresolved: list[str]
    main_count: int
    side_count: int
    spells: list[Slot]

    @classmethod
    def of(cls, deck: Deck) -> DeckView:
        unresolved = [e.name for _, e in deck.entries() if e.card is None]
        main = _merge(deck.main)
        commander = _merge(deck.commander)
        return cls(
            main=main,
            side=_merge(deck.side),
            commander=commander,
            companion=_merge(deck.companion),
            unresolved=unresolved,
            main_count=deck.main_count,
            side_count=deck.side_count,
            # Nonland cards in the deck: the main deck's and the commander's.
            spells=[s for s in main if not s.card.is_land] + commander,
        )

    @property
    def library(self) -> int:
        """Cards in the library at the start of a game (resolved main-deck copies)."""
        return sum(s.copies for s in self.main)

    @property
    def commander_count(self) -> int:
        return sum(s.copies for s in self.commander)

    @property
    def deck_size(self) -> int:
        """Cards the format counts toward its size: main deck plus commander."""
        return self.main_count + self.commander_count

    @property
    def main_lands(self) -> list[Slot]:
        return [s for s in self.main if s.card.is_land]

    @property
    def land_count(self) -> int:
        return sum(s.copies for s in self.main_lands)
