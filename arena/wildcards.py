"""The wildcard bill of a deck on Arena, optionally against the player's collection.

Arena crafts a card with a wildcard of the lowest rarity it was ever printed at on Arena
(``Catalog.market`` remembers it over every imported printing). Basic lands are free, and
four copies are all anyone needs (Arena lets a player with four copies of a "any number"
card play as many as they like). The sideboard counts only when asked (best-of-three).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from arena.catalog import Catalog
from arena.catalog_market import RARITY_ORDER
from arena.deck_counts import DeckCard, deck_cards, is_free_basic
from arena.models import Deck

MAX_NEEDED = 4


@dataclass(frozen=True, slots=True)
class WildcardNeed:
    """Copies of one card still to craft."""

    card: str
    count: int
    rarity: str
    main: int  # copies in the main deck (how central it is)
    mana_value: int
    is_land: bool


@dataclass(slots=True)
class WildcardBill:
    """Wildcards per rarity, what they are for, and cards whose rarity is not known."""

    counts: dict[str, int]
    missing: list[WildcardNeed]
    unknown: list[dict[str, Any]] = field(default_factory=list)
    collection_used: bool = False

    def craft_order(self) -> list[WildcardNeed]:
        """What to craft first: the cards the deck leans on most.

        A 4-of is played in every game, a 1-of in a quarter of them; then spells before
        lands (a land is replaceable by a basic for a while), cheaper spells first (they are
        cast every game, the top end only sometimes), then the rarer wildcard last.
        """
        return sorted(
            self.missing,
            key=lambda n: (-n.main, n.is_land, n.mana_value, RARITY_ORDER.index(n.rarity), n.card),
        )

    def to_json(self) -> dict[str, Any]:
        """The documented JSON shape, plus the crafting order."""
        return {
            **self.counts,
            "missing": [{"card": n.card, "count": n.count, "rarity": n.rarity} for n in self.missing],
            "unknown": self.unknown,
            "craft_first": [
                {"card": n.card, "count": n.count, "rarity": n.rarity, "copies_in_main": n.main}
                for n in self.craft_order()
            ],
            "collection_used": self.collection_used,
        }


def collection_counts(collection: Deck) -> dict[str, int]:
    """Copies owned per card name, from a collection export read by the deck parser."""
    owned: dict[str, int] = {}
    for _section, entry in collection.entries():
        name = entry.card.name if entry.card is not None else entry.name
        owned[name] = owned.get(name, 0) + entry.count
    return owned


def wildcard_bill(
    deck: Deck,
    catalog: Catalog,
    *,
    sideboard: bool = False,
    owned: Mapping[str, int] | None = None,
) -> WildcardBill:
    """Wildcards ``deck`` costs, or (with ``owned``) what is still missing from a collection."""
    counts = dict.fromkeys(RARITY_ORDER, 0)
    missing: list[WildcardNeed] = []
    unknown: list[dict[str, Any]] = []
    for item in deck_cards(deck):
        need = min(item.copies(sideboard=sideboard), MAX_NEEDED)
        if need <= 0 or is_free_basic(item.card, item.name):
            continue
        have = (owned or {}).get(item.card.name if item.card else item.name, 0)
        short = max(0, need - have)
        if short == 0:
            continue
        rarity, reason = _arena_rarity(item, catalog)
        if rarity is None:
            unknown.append({"card": item.name, "count": short, "reason": reason})
            continue
        counts[rarity] += short
        card = item.card
        missing.append(WildcardNeed(
            card=item.name, count=short, rarity=rarity, main=item.main,
            mana_value=card.mana_value if card else 0, is_land=bool(card and card.is_land),
        ))
    return WildcardBill(counts=counts, missing=missing, unknown=unknown, collection_used=owned is not None)


def _arena_rarity(item: DeckCard, catalog: Catalog) -> tuple[str | None, str]:
    card = item.card
    if card is None:
        return None, "not in the card catalog"
    market = catalog.market(card)
    rarity = market.arena_rarity if market is not None else None
    if rarity is None and card.arena_id is not None:
        rarity = card.rarity
    if rarity is None:
        if market is None and card.rarity is None:
            return None, "no Scryfall data imported for this card"
        return None, "not on Arena (no Arena printing in the imported data)"
    if rarity not in RARITY_ORDER:
        return None, f"Arena rarity {rarity!r} has no wildcard"
    return rarity, ""
