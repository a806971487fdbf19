"""What the catalog remembers about every printing it imported: cheapest prices, Arena rarity, ids.

The ``cards`` table keeps one preferred printing per card (the one on Arena, then the newest),
which is right for images and set codes but wrong for a shopping list (the cheapest printing
is what a player buys), for wildcards (Arena charges the lowest rarity it printed the card
at) and for Player.log (which names cards by the Arena id of whatever printing was played).
So each Scryfall printing the catalog sees is also folded into two side tables, created on
open so older catalog files gain them without a rebuild:

- ``card_market``: per card, the cheapest price per currency (with that printing's set and
  purchase link), the lowest Arena rarity, whether any printing is sold in paper, and the
  import batch these came from (a new import replaces an old one wholesale, like ``cards``);
- ``arena_ids``: every Arena id → the card it prints.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS card_market (
    card_id INTEGER PRIMARY KEY,
    batch TEXT,
    paper INTEGER NOT NULL DEFAULT 0,
    digital INTEGER NOT NULL DEFAULT 0,
    arena_rarity TEXT,
    cheapest TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE IF NOT EXISTS arena_ids (
    arena_id INTEGER PRIMARY KEY,
    card_id INTEGER NOT NULL
);
"""

CURRENCIES = ("usd", "eur", "tix")
# Where each currency's price comes from, so a price travels with the link that sells at it.
CURRENCY_SHOP = {"usd": "tcgplayer", "eur": "cardmarket", "tix": "cardhoarder"}
RARITY_ORDER = ("common", "uncommon", "rare", "mythic")


@dataclass(frozen=True, slots=True)
class Offer:
    """The cheapest printing seen for one currency."""

    price: Decimal
    set_code: str | None
    link: str | None


@dataclass(frozen=True, slots=True)
class MarketInfo:
    """What the imported printings say about buying or crafting one card."""

    paper: bool  # some printing is sold as a physical card
    digital: bool  # some printing exists only in a digital game
    arena_rarity: str | None  # lowest rarity among the card's Arena printings
    cheapest: dict[str, Offer] = field(default_factory=dict)


def ensure_schema(conn: sqlite3.Connection) -> None:
    """Add the side tables to a catalog file that predates them."""
    conn.executescript(SCHEMA)


def _price(value: Any) -> Decimal | None:
    try:
        price = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return price if price.is_finite() and price >= 0 else None


def _lower_rarity(a: str | None, b: str | None) -> str | None:
    ranked = [r for r in (a, b) if r in RARITY_ORDER]
    if not ranked:
        return a or b
    return min(ranked, key=RARITY_ORDER.index)


def offer_printing(conn: sqlite3.Connection, card_id: int, obj: dict[str, Any], batch: str | None) -> None:
    """Fold one Scryfall printing of card ``card_id`` into the side tables."""
    games = obj.get("games")
    games = [str(g) for g in games] if isinstance(games, list) else []
    arena_id = obj.get("arena_id")
    on_arena = isinstance(arena_id, int) or "arena" in games
    paper = "paper" in games or (not games and not obj.get("digital"))
    row = conn.execute(
        "SELECT batch, paper, digital, arena_rarity, cheapest FROM card_market WHERE card_id = ?",
        (card_id,),
    ).fetchone()
    if row is None or (batch is not None and row[0] != batch):
        old_paper, old_digital, old_rarity, cheapest = False, False, None, {}
    else:
        old_paper, old_digital, old_rarity, cheapest = bool(row[1]), bool(row[2]), row[3], json.loads(row[4])
    rarity = old_rarity
    if on_arena and isinstance(obj.get("rarity"), str):
        rarity = _lower_rarity(old_rarity, obj["rarity"])
    # Dollars and euros buy a paper printing; tix buy an MTGO one (MTGO-only sets included).
    sold_in = {"usd": paper, "eur": paper, "tix": "mtgo" in games or not games}
    prices: dict[str, Any] = obj["prices"] if isinstance(obj.get("prices"), dict) else {}
    links: dict[str, Any] = obj["purchase_uris"] if isinstance(obj.get("purchase_uris"), dict) else {}
    for currency in CURRENCIES:
        if sold_in[currency]:
            price = _price(prices.get(currency))
            seen = cheapest.get(currency)
            if price is not None and (seen is None or price < Decimal(seen["price"])):
                link = links.get(CURRENCY_SHOP[currency])
                cheapest[currency] = {"price": str(price), "set": obj.get("set"),
                                      "link": str(link) if link else None}
    conn.execute(
        "INSERT OR REPLACE INTO card_market (card_id, batch, paper, digital, arena_rarity, cheapest) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (card_id, batch, int(old_paper or paper), int(old_digital or bool(obj.get("digital"))),
         rarity, json.dumps(cheapest)),
    )
    if isinstance(arena_id, int):
        conn.execute("INSERT OR REPLACE INTO arena_ids (arena_id, card_id) VALUES (?, ?)",
                     (arena_id, card_id))


def market_info(conn: sqlite3.Connection, card_id: int) -> MarketInfo | None:
    """The side-table row of one card; ``None`` when no Scryfall printing of it was imported."""
    row = conn.execute(
        "SELECT paper, digital, arena_rarity, cheapest FROM card_market WHERE card_id = ?", (card_id,)
    ).fetchone()
    if row is None:
        return None
    cheapest = {
        currency: Offer(Decimal(v["price"]), v.get("set"), v.get("link"))
        for currency, v in json.loads(row[3]).items()
    }
    return MarketInfo(paper=bool(row[0]), digital=bool(row[1]), arena_rarity=row[2], cheapest=cheapest)


def card_id_for_arena_id(conn: sqlite3.Connection, arena_id: int) -> int | None:
    """The card an Arena id prints, from any imported printing (or the preferred one)."""
    row = conn.execute("SELECT card_id FROM arena_ids WHERE arena_id = ?", (arena_id,)).fetchone()
    if row is None:
        row = conn.execute("SELECT id FROM cards WHERE arena_id = ? LIMIT 1", (arena_id,)).fetchone()
    return int(row[0]) if row else None
