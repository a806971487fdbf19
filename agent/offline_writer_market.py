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
    rows = price.get("cards") or []
    if rows and not any(c.get(cur) is not None for c in rows for cur in ("usd", "eur", "tix")):
        yield ("I have no paper prices to give you yet: this server hasn't imported Scryfall's price data. "
               "The Status tab shows when the card data was last imported; ask again once it has prices.\n")
        return
    totals = price["totals"]
    yield (f"In paper this comes to **${totals['usd']:.2f}** at TCGplayer, **€{totals['eur']:.2f}** at "
           f"Cardmarket, or **{totals['tix']:.2f} tix** on MTGO (Cardhoarder): cheapest printing of each "
           "card, basic lands left out. Those are three prices, not one to add up.\n")
    for warning in price.get("warnings") or []:
        yield f"\n{warning}\n"
    for currency, names in (price.get("incomplete") or {}).items():
        yield f"\nThe {currency.upper()} figure leaves out {_names(names)}: no {currency.upper()} price known.\n"
    blocked = [c for c in price.get("cards") or [] if not c.get("buyable")]
    for card in blocked:
        original = f"; the paper card is {card['paper_original']}" if card.get("paper_original") else ""
        yield f"\n{card['card']} can't be bought on paper ({card.get('note') or 'digital only'}{original}).\n"
    if price.get("missing"):
        yield f"\nNo price at all for: {_names(price['missing'])}.\n"
    dear = sorted((c for c in price.get("cards") or [] if c.get("usd")), key=lambda c: -c["usd"])[:3]
    if dear:
        yield "\nWhere the money goes:\n"
        for card in dear:
            link = (card.get("links") or {}).get("tcgplayer")
            where = f" — [buy]({link})" if link else ""
            each = (card.get("unit") or {}).get("usd")
            split = f" (${each:.2f} each)" if card["count"] > 1 and each is not None else ""
            yield f"- {card['count']} **{card['card']}**: ${card['usd']:.2f}{split}{where}\n"
    yield "\nThe full shopping list with every link is in the Market tab.\n"


def _names(names: list[str]) -> str:
    """Card names in a sentence, each bold: a comma list of plain names reads as one long name."""
    return ", ".join(f"**{n}**" for n in names)


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
            yield f"- {need['count']} **{need['card']}** ({need['rarity']})\n"


_UPLOAD = ("Upload your Player.log in the Market tab (under *Your match history*). On Windows it is "
           r"`C:\Users\<you>\AppData\LocalLow\Wizards Of The Coast\MTGA\Player.log`, on a Mac "
           "`Library/Logs/Wizards Of The Coast/MTGA/Player.log` in your home folder. Turn on `Detailed Logs "
           "(Plugin Support)` in Arena's Options > Account first, or the log holds no matches.")
SHOWN_GROUPS = 5


def _history(intent: Intent, facts: dict[str, Any], *, has_deck: bool, rng: random.Random) -> Iterator[str]:
    hist = facts.get("match_history")
    if not isinstance(hist, dict) or not hist.get("available"):
        yield ("I can't see a match history from this conversation: it isn't linked to any upload. "
               + _UPLOAD + " Then ask me again from the same browser.\n")
        return
    if not hist.get("stored"):
        yield "You haven't uploaded any matches yet, so there's no record to read. " + _UPLOAD + "\n"
        return
    if hist.get("error"):
        yield "Paste or upload the deck you mean first, then ask again: I match it against the decks in your log.\n"
        return
    filters = hist.get("filters") or {}
    overall = hist.get("overall")
    yield f"**Your record**{_title(filters, hist.get('opponent_groups') or [])}, {hist['scope']}" + (
        f": {overall['text']}.\n" if overall else ".\n")
    if not overall:
        yield "\n" + _no_match(filters, hist) + "\n"
        return
    yield "\n" + _verdict(overall) + "\n"
    # A breakdown with one group repeats the total; on the play or the draw is news even alone.
    groups = [("By deck", _label, hist.get("by_deck") or [], 2),
              ("By opponent", _opponent, hist.get("by_opponent_archetype") or [], 2),
              ("On the play or the draw", _label, hist.get("play_draw") or [], 1)]
    for title, name, rows, least in groups:
        if len(rows) < least:
            continue
        yield f"\n{title}:\n"
        for row in rows[:SHOWN_GROUPS]:
            yield f"- {name(row['key'])}: {row['text']}\n"
        if len(rows) > SHOWN_GROUPS:
            yield f"- and {_count_words(len(rows) - SHOWN_GROUPS)} more in the Market tab\n"
    recent = hist.get("recent") or []
    if len(recent) > 1:
        yield "\nLatest first: " + "; ".join(
            f"{m.get('result') or 'unfinished'} {_opponent(m.get('opponent_archetype') or 'unknown')}"
            for m in recent) + ".\n"
    yield "\nThe Market tab plots these over time and by opponent.\n"


def _title(filters: dict[str, Any], groups: list[str]) -> str:
    """What the record is of, after 'Your record': ' against red (Izzet, Mono-Red) with this deck'.

    Plain words, not bold: a bold Title-Case run reads as a card name to the fact check."""
    parts = []
    if filters.get("opponent"):
        named = [g for g in groups if g.lower() != str(filters["opponent"]).lower()]
        parts.append(f"against {filters['opponent']}" + (f" ({', '.join(named)})" if named else ""))
    if filters.get("this_deck"):
        parts.append("with this deck")
    return "".join(" " + p for p in parts)


def _no_match(filters: dict[str, Any], hist: dict[str, Any]) -> str:
    what = []
    if filters.get("opponent"):
        what.append(f"against a deck I'd call {filters['opponent']}")
    if filters.get("this_deck"):
        what.append("with a deck that shares most of its cards with this one")
    faced = [f["archetype"] for f in hist.get("faced") or []]
    seen = f" Your opponents' decks so far: {', '.join(faced[:8])}." if faced else ""
    return (f"None of your stored matches was {' and '.join(what) or 'finished'}.{seen} I name an opponent's "
            "deck from the cards you saw of it, so a deck that showed you few cards may sit under its colors only.")


def _verdict(rate: dict[str, Any]) -> str:
    """What the interval says, in words: only a rate whose interval clears even is a real edge."""
    low, high = rate["interval_95"]
    if rate.get("too_few"):
        return "That's too few to judge: a lucky or unlucky streak looks just like that."
    if low > 0.5:
        return "That's a real edge: even the low end of the interval is better than even."
    if high < 0.5:
        return "That's a real problem: even the high end of the interval is worse than even."
    return "The interval runs from worse than even to better than even: no clear edge either way yet."


def _opponent(key: str) -> str:
    """An opponent group as the answer names it ('vs Izzet control'); 'unknown' said in words."""
    return "vs decks I couldn't name (too few of their cards known)" if key == "unknown" else f"vs {key}"


def _label(key: str) -> str:
    return key[0].upper() + key[1:] if key else key


def _count_words(n: int) -> str:
    return ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")[n - 1] if 0 < n < 10 else "more"


Writer = Callable[..., Iterator[str]]
MARKET_WRITERS: dict[str, Writer] = {
    "price": _price, "wildcards": _wildcards, "craft": _wildcards, "history": _history,
}
