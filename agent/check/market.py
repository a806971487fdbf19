"""Claims of the market answers, read and verified like the others: each amount bound to the fact
that names it (``facts["price"]`` from ``deck_price``, ``facts["wildcard_bill"]`` from
``wildcard_cost``).

- "$24.15", "€20.28", "8.65 tix": a total, or the price of the card named in the same clause
  (its line for all copies, or one copy);
- "1 uncommon, 6 rare and 3 mythic": the wildcard bill by rarity;
- "- 3 Benalish Marshal (rare)": a craft-first row; "- 2 Niv-Mizzet Reborn: $3.00": a price row.
"""

from __future__ import annotations

import re
from typing import Any

from agent.check.claims import Claim
from agent.check.facts import FactView
from arena.names import name_key

Outcome = tuple[str, str, str]
RARITIES = ("common", "uncommon", "rare", "mythic")
_AMOUNT = r"(\d+(?:,\d{3})*\.\d{2})"
_MONEY = re.compile(r"\$\s?" + _AMOUNT + r"|€\s?" + _AMOUNT + r"|" + _AMOUNT + r"\s?tix\b", re.I)
_ROW = re.compile(r"^\s*-\s*(\d+) ⟦(\d+)⟧\s*(?:\((" + "|".join(RARITIES) + r")\)|:)")
_BILL = re.compile(r"(\d+) (" + "|".join(RARITIES) + r")s?\b")


def read_market(clause, low, line, previous, cards, bind, used, claims, text) -> None:  # type: ignore[no-untyped-def]
    """Bind the amounts, rarity counts and rows of price and wildcard sentences."""
    card = cards[0][2].name if cards and cards[0][2] is not None else None
    for m in _MONEY.finditer(clause):
        g = next(i for i in (1, 2, 3) if m.group(i))
        currency = ("usd", "eur", "tix")[g - 1]
        bind("m_price", m, g, currency=currency, value=float(m.group(g).replace(",", "")), card=card)
    row = _ROW.match(clause)
    if row and card is not None:
        if row.group(3):
            bind("m_craft", row, 1, card=card, count=int(row.group(1)), rarity=row.group(3))
        else:
            bind("m_row", row, 1, card=card, count=int(row.group(1)))
    elif "wildcard" in low or "wildcard" in line.lower():
        for m in _BILL.finditer(low):
            bind("m_bill", m, 1, rarity=m.group(2), value=int(m.group(1)))


def _fact(view: FactView, key: str) -> dict[str, Any]:
    value = view.facts.get(key)
    return value if isinstance(value, dict) else {}


def _row(rows: Any, card: str) -> dict[str, Any] | None:
    key = name_key(card)
    return next((r for r in rows or [] if isinstance(r, dict) and name_key(str(r.get("card", ""))) == key), None)


def _price(claim: Claim, view: FactView) -> Outcome:
    price = _fact(view, "price")
    if not price:
        return "unverifiable", "no paper prices in the facts", ""
    currency, value, card = claim.args["currency"], claim.args["value"], claim.args["card"]
    if card is None:
        total = (price.get("totals") or {}).get(currency)
        if total is None:
            return "unverifiable", f"no {currency.upper()} total in the facts", ""
        if abs(float(total) - value) < 0.005:
            return "verified", "", f"price.totals.{currency}"
        return "wrong", f"the {currency.upper()} total is {float(total):.2f}, not {value:.2f}", f"price.totals.{currency}"
    row = _row(price.get("cards"), card)
    if row is None:
        return "unverifiable", f"no price for {card} in the facts", ""
    known = [v for v in (row.get(currency), (row.get("unit") or {}).get(currency)) if v is not None]
    if not known:
        return "unverifiable", f"no {currency.upper()} price for {card} in the facts", ""
    if any(abs(float(v) - value) < 0.005 for v in known):
        return "verified", "", f"price.cards.{card}.{currency}"
    return "wrong", f"{card} costs {float(known[0]):.2f} {currency.upper()}, not {value:.2f}", f"price.cards.{card}"


def _copies(claim: Claim, rows: Any, path: str) -> Outcome:
    row = _row(rows, claim.args["card"])
    if row is None:
        return "unverifiable", f"no {claim.args['card']} in the {path} facts", ""
    if int(row.get("count", -1)) != claim.args["count"]:
        return "wrong", f"{claim.args['card']} is {row.get('count')} copies there, not {claim.args['count']}", path
    rarity = claim.args.get("rarity")
    if rarity is not None and row.get("rarity") != rarity:
        return "wrong", f"{claim.args['card']} is {row.get('rarity')}, not {rarity}", path
    return "verified", "", path


def verify_market(claim: Claim, view: FactView) -> Outcome:
    """Verify one ``m_*`` claim against the price or wildcard facts."""
    if claim.kind == "m_price":
        return _price(claim, view)
    if claim.kind == "m_row":
        return _copies(claim, _fact(view, "price").get("cards"), "price.cards")
    bill = _fact(view, "wildcard_bill")
    if not bill:
        return "unverifiable", "no wildcard bill in the facts", ""
    if claim.kind == "m_craft":
        return _copies(claim, bill.get("craft_first"), "wildcard_bill.craft_first")
    rarity, value = claim.args["rarity"], claim.args["value"]
    if bill.get(rarity) == value:
        return "verified", "", f"wildcard_bill.{rarity}"
    return "wrong", f"the bill is {bill.get(rarity)} {rarity}, not {value}", f"wildcard_bill.{rarity}"
