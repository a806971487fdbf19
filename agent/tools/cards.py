"""Tools about cards: look one up, compare two, search the catalog."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from agent.tools.registry import ToolArgs, ToolContext, tool
from arena.models import Card

CardName = Field(min_length=1, max_length=200, description="A card name; misspellings are forgiven")


def card_facts(card: Card) -> dict[str, Any]:
    """Return the JSON facts about one card that answers may quote."""
    facts: dict[str, Any] = {
        "name": card.name,
        "mana_cost": card.mana_cost,
        "mana_value": card.mana_value,
        "type_line": card.type_line,
        "oracle_text": card.oracle_text,
        "colors": "".join(card.colors),
        "color_identity": "".join(card.color_identity),
        "keywords": list(card.keywords),
    }
    for attr in ("power", "toughness", "loyalty", "rarity", "set_code"):
        value = getattr(card, attr)
        if value is not None:
            facts[attr] = value
    if card.legalities:
        facts["legalities"] = dict(card.legalities)
    return facts


def market_facts(card: Card, prices_date: str | None) -> dict[str, Any]:
    """Arena availability and dated prices, when a Scryfall import brought them."""
    from arena.suggest.evidence import on_arena

    facts: dict[str, Any] = {}
    arena = on_arena(card)
    if arena is not None:
        facts["on_arena"] = arena
    prices = {k: v for k, v in card.prices.items() if v is not None}
    if prices:
        facts["prices"] = prices
        facts["prices_date"] = prices_date
    return facts


class LookupArgs(ToolArgs):
    name: str = CardName


@tool("lookup_card", args=LookupArgs, fact_key="cards", keyed_by="name")
async def lookup_card(args: LookupArgs, ctx: ToolContext) -> dict[str, Any]:
    """Look up one card by name (misspellings are forgiven): cost, type, rules text, stats."""
    card = ctx.card(args.name)
    facts = card_facts(card)
    facts.update(market_facts(card, ctx.catalog.prices_date()))
    pt = f" {card.power}/{card.toughness}" if card.power is not None else ""
    cost = f" {card.mana_cost}" if card.mana_cost else ""
    facts["summary"] = f"{card.name}{cost}: {card.type_line}{pt}"
    return facts


class CompareArgs(ToolArgs):
    a: str = CardName
    b: str = CardName


@tool("compare_cards", args=CompareArgs, fact_key="comparison")
async def compare_cards(args: CompareArgs, ctx: ToolContext) -> dict[str, Any]:
    """Compare two cards side by side: cost, colors, types, stats and what differs."""
    first, second = card_facts(ctx.card(args.a)), card_facts(ctx.card(args.b))
    diffs = {
        key: [first.get(key), second.get(key)]
        for key in ("mana_value", "colors", "type_line", "power", "toughness", "loyalty")
        if first.get(key) != second.get(key)
    }
    cheaper = None
    if first["mana_value"] != second["mana_value"]:
        cheaper = first["name"] if first["mana_value"] < second["mana_value"] else second["name"]
    return {
        "cards": [first, second], "differences": diffs, "cheaper": cheaper,
        "mana_value_difference": abs(first["mana_value"] - second["mana_value"]),
        "summary": f"{first['name']} (MV {first['mana_value']}) vs {second['name']} (MV {second['mana_value']})",
    }


class SearchArgs(ToolArgs):
    query: str = Field(min_length=1, max_length=200, description="Words to find in names, type lines or rules text")
    limit: int = Field(8, ge=1, le=25, description="How many cards to return")


@tool("search_cards", args=SearchArgs, fact_key="search")
async def search_cards(args: SearchArgs, ctx: ToolContext) -> dict[str, Any]:
    """Full-text search of the card catalog by name, type line or rules text."""
    cards, total = ctx.catalog.search(args.query, limit=args.limit)
    rows = [{"name": c.name, "mana_cost": c.mana_cost, "type_line": c.type_line} for c in cards]
    return {"query": args.query, "total": total, "shown": len(rows), "cards": rows,
            "summary": f"{total} card{'s' if total != 1 else ''} match {args.query!r}"}
