"""Offline answers to market questions, written only from the facts the market tools computed.

Every number printed here is a value in ``facts["price"]`` or ``facts["wildcard_bill"]``,
written the way it is stored, so the consensus check finds each one.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from typing import Any

from agent.intents import Intent

_NO_DECK = ("Paste or upload a deck first (the box under the chat, or the Market tab), "
            "then ask again.\n")


def _price(intent: Intent, facts: dict[str, Any], *, has_deck: bool, rng: random.Random) -> Iterator[str]:
    price = facts.get("price")
    if not isinstance(price, dict):
        yield _NO_DECK
        return
    totals = price["totals"]
    yield (f"In paper this comes to **${totals['usd']:.2f}** at TCGplayer, **€{totals['eur']:.2f}** at "
           f"Cardmarket, or **{totals['tix']:.2f} tix** on MTGO (Cardhoarder): cheapest printing of each "
           "card, basic lands left out. Those are three prices, not one to add up.\n")
    for warning in price.get("warnings") or []:
        yield f"\n{warning}\n"
    for currency, names in (price.get("incomplete") or {}).items():
        yield f"\nThe {currency.upper()} figure leaves out {', '.join(names)}: no {currency.upper()} price known.\n"
    blocked = [c for c in price.get("cards") or [] if not c.get("buyable")]
    for card in blocked:
        original = f"; the paper card is {card['paper_original']}" if card.get("paper_original") else ""
        yield f"\n{card['card']} can't be bought on paper ({card.get('note') or 'digital only'}{original}).\n"
    if price.get("missing"):
        yield f"\nNo price at all for: {', '.join(price['missing'])}.\n"
    dear = sorted((c for c in price.get("cards") or [] if c.get("usd")), key=lambda c: -c["usd"])[:3]
    if dear:
        yield "\nWhere the money goes:\n"
        for card in dear:
            link = (card.get("links") or {}).get("tcgplayer")
            where = f" — [buy]({link})" if link else ""
            yield f"- {card['count']} {card['card']}: ${card['usd']:.2f}{where}\n"
    yield "\nThe full shopping list with every link is in the Market tab.\n"


def _wildcards(intent: Intent, facts: dict[str, Any], *, has_deck: bool, rng: random.Random) -> Iterator[str]:
    bill = facts.get("wildcard_bill")
    if not isinstance(bill, dict):
        yield _NO_DECK
        return
    scope = "main deck and sideboard" if intent.query == "sideboard" else "main deck"
    yield (f"The {scope} costs **{bill['common']} common, {bill['uncommon']} uncommon, {bill['rare']} rare "
           f"and {bill['mythic']} mythic** wildcards, basics free and four copies at most. That is the whole "
           "bill: your Player.log doesn't list your collection, so give me a collection CSV in the Market "
           "tab to count only what you lack.\n")
    for item in bill.get("unknown") or []:
        yield f"\n{item['card']}: {item['reason']}.\n"
    if intent.name == "craft":
        order = bill.get("craft_first") or []
        if not order:
            yield "\nNothing to craft.\n"
            return
        yield "\nCraft in this order — the cards the deck leans on most first:\n"
        for need in order[:6]:
            yield f"- {need['count']} {need['card']} ({need['rarity']})\n"


def _history(intent: Intent, facts: dict[str, Any], *, has_deck: bool, rng: random.Random) -> Iterator[str]:
    yield ("Your win rates come from your own Player.log, and I can't read it from this chat. Open the "
           "**Market** tab, upload the log under *Your match history*: you get the win rate by deck, by "
           "opponent archetype and on the play vs on the draw, each with its game count and a "
           "confidence interval, so a lucky streak doesn't pass for a good matchup.\n")


Writer = Callable[..., Iterator[str]]
MARKET_WRITERS: dict[str, Writer] = {
    "price": _price, "wildcards": _wildcards, "craft": _wildcards, "history": _history,
}
