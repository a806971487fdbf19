"""A deck's paper shopping list: cheapest printing per card, totals per currency, where to buy.

Prices come from the last Scryfall import (``Catalog.market``): for each currency the
cheapest paper printing and the shop that sells at that price (TCGplayer for USD,
Cardmarket for EUR, Cardhoarder for MTGO tix). Currencies are never added together. Cards
that exist only in a digital game (Alchemy ``A-`` rebalances, digital-only printings)
cannot be bought; the list says so and names the paper original when there is one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from arena.catalog import Catalog
from arena.catalog_market import CURRENCIES, CURRENCY_SHOP
from arena.deck_counts import DeckCard, deck_cards, is_free_basic
from arena.models import Deck
from arena.names import is_alchemy

STALE_AFTER = timedelta(days=1)
CENT = Decimal("0.01")


@dataclass(slots=True)
class PricedCard:
    """One line of the shopping list."""

    card: str
    count: int
    unit: dict[str, Decimal | None]  # cheapest single copy per currency
    sets: dict[str, str | None]  # the printing each unit price is for
    links: dict[str, str]  # shop -> purchase page
    buyable: bool
    paper_original: str | None = None  # for an Alchemy card, the paper card it rebalances
    note: str | None = None

    def line(self, currency: str) -> Decimal | None:
        """Price of every copy on this line in one currency (``None`` when unknown)."""
        unit = self.unit.get(currency)
        return None if unit is None else (unit * self.count).quantize(CENT)


@dataclass(slots=True)
class ShoppingList:
    """Everything ``python -m arena price`` and the REST route report."""

    as_of: str | None  # when the prices were imported (UTC ISO time)
    stale: bool
    cards: list[PricedCard]
    missing: list[str]  # cards with no price at all (unknown card, or none imported)
    warnings: list[str] = field(default_factory=list)

    def total(self, currency: str) -> Decimal:
        """Sum of the priced, buyable lines in one currency (never mixing currencies)."""
        lines = (c.line(currency) for c in self.cards if c.buyable)
        return sum((v for v in lines if v is not None), Decimal("0.00"))

    def unpriced(self, currency: str) -> list[str]:
        """Buyable cards without a price in ``currency``: the total leaves them out."""
        return [c.card for c in self.cards if c.buyable and c.unit.get(currency) is None]

    def to_json(self) -> dict[str, Any]:
        """The documented JSON shape (amounts as numbers with two decimals, or null)."""
        return {
            "as_of": self.as_of,
            "stale": self.stale,
            "totals": {cur: _num(self.total(cur)) for cur in CURRENCIES},
            "incomplete": {cur: names for cur in CURRENCIES if (names := self.unpriced(cur))},
            "cards": [
                {
                    "card": c.card,
                    "count": c.count,
                    **{cur: _num(c.line(cur)) for cur in CURRENCIES},
                    "unit": {cur: _num(c.unit.get(cur)) for cur in CURRENCIES},
                    "sets": c.sets,
                    "links": c.links,
                    "buyable": c.buyable,
                    "paper_original": c.paper_original,
                    "note": c.note,
                }
                for c in self.cards
            ],
            "missing": self.missing,
            "warnings": self.warnings,
        }


def _num(value: Decimal | None) -> float | None:
    return None if value is None else float(value.quantize(CENT))


def _age_warning(as_of: str | None, now: datetime) -> tuple[bool, str | None]:
    if as_of is None:
        return True, ("No Scryfall prices have been imported yet, so nothing can be priced; "
                      "import Scryfall's card data first.")
    try:
        when = datetime.fromisoformat(as_of)
    except ValueError:
        return True, f"The price date {as_of!r} cannot be read; treat the prices as old."
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    age = now - when
    if age > STALE_AFTER:
        return True, (f"Prices are from {as_of} ({age.days} day(s) old); paper prices move, "
                      "check the shop before buying.")
    return False, None


def shopping_list(
    deck: Deck,
    catalog: Catalog,
    *,
    sideboard: bool = True,
    include_basics: bool = False,
    now: datetime | None = None,
) -> ShoppingList:
    """Price every card of ``deck`` (the sideboard too unless told not to)."""
    as_of = catalog.info().scryfall_imported_at
    stale, warning = _age_warning(as_of, now or datetime.now(UTC))
    cards: list[PricedCard] = []
    missing: list[str] = []
    for item in deck_cards(deck):
        count = item.copies(sideboard=sideboard)
        if count <= 0:
            continue
        priced = _price_card(item, count, catalog, include_basics=include_basics)
        cards.append(priced)
        if priced.buyable and all(v is None for v in priced.unit.values()):
            missing.append(priced.card)
    return ShoppingList(as_of=as_of, stale=stale, cards=cards, missing=missing,
                        warnings=[warning] if warning else [])


def _price_card(item: DeckCard, count: int, catalog: Catalog, *, include_basics: bool) -> PricedCard:
    none: dict[str, Decimal | None] = dict.fromkeys(CURRENCIES)
    no_sets: dict[str, str | None] = dict.fromkeys(CURRENCIES)
    card = item.card
    if card is None:
        return PricedCard(item.name, count, none, no_sets, {}, True,
                          note="not in the card catalog")
    if is_alchemy(item.name) or is_alchemy(card.name):
        original = catalog.get(item.name[2:]) if is_alchemy(item.name) else catalog.get(card.name[2:])
        plain = original.name if original is not None and not is_alchemy(original.name) else None
        note = "Alchemy card: Arena only, never printed on paper"
        if plain:
            note += f"; the paper card is {plain}"
        return PricedCard(item.name, count, none, no_sets, {}, False, paper_original=plain, note=note)
    if is_free_basic(card, item.name) and not include_basics:
        zero: dict[str, Decimal | None] = dict.fromkeys(CURRENCIES, Decimal("0.00"))
        return PricedCard(card.name, count, zero, no_sets, {}, True, note="basic land, counted as free")
    market = catalog.market(card)
    if market is None:
        return PricedCard(card.name, count, none, no_sets, dict(card.purchase_uris), True,
                          note="no Scryfall prices imported for this card")
    if not market.paper:
        return PricedCard(card.name, count, none, no_sets, {}, False,
                          note="digital-only: no paper printing exists")
    unit = {cur: (o.price if (o := market.cheapest.get(cur)) else None) for cur in CURRENCIES}
    sets = {cur: (o.set_code if (o := market.cheapest.get(cur)) else None) for cur in CURRENCIES}
    links: dict[str, str] = {
        shop: url for shop, url in card.purchase_uris.items() if shop in CURRENCY_SHOP.values()
    }
    for currency, offer in market.cheapest.items():
        if offer.link is not None:
            links[CURRENCY_SHOP[currency]] = offer.link
    empty = None if any(v is not None for v in unit.values()) else "Scryfall lists no price for it"
    return PricedCard(card.name, count, unit, sets, links, True, note=empty)
