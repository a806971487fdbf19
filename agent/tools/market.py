"""Tools about buying a deck: its paper price and where to buy it, and its Arena wildcard bill."""

from __future__ import annotations

import asyncio
from typing import Any

from pydantic import Field

from agent.tools.registry import DeckArgs, ToolContext, tool
from arena.prices import shopping_list
from arena.wildcards import wildcard_bill


class PriceArgs(DeckArgs):
    sideboard: bool = Field(True, description="Price the sideboard too")
    include_basics: bool = Field(False, description="Price basic lands (counted as free by default)")


@tool("deck_price", args=PriceArgs, fact_key="price", needs_deck=True)
async def deck_price(args: PriceArgs, ctx: ToolContext) -> dict[str, Any]:
    """Price a deck in paper from the imported Scryfall prices: per card the cheapest printing in
    USD (TCGplayer), EUR (Cardmarket) and MTGO tix (Cardhoarder) with purchase links, totals per
    currency (never added across currencies), the date of the prices, and cards that cannot be
    bought on paper (Alchemy and digital-only cards, with the paper original when there is one)."""
    parsed = await ctx.parsed(args.deck)
    result = await asyncio.to_thread(
        lambda: shopping_list(parsed.deck, ctx.catalog, sideboard=args.sideboard,
                              include_basics=args.include_basics).to_json())
    totals = result["totals"]
    result["summary"] = (f"USD {totals['usd']:.2f}, EUR {totals['eur']:.2f}, tix {totals['tix']:.2f}"
                         + (" (prices over a day old)" if result["stale"] else ""))
    return result


class WildcardArgs(DeckArgs):
    sideboard: bool = Field(False, description="Count the sideboard too (best-of-three)")


@tool("wildcard_cost", args=WildcardArgs, fact_key="wildcard_bill", needs_deck=True)
async def wildcard_cost(args: WildcardArgs, ctx: ToolContext) -> dict[str, Any]:
    """Count the Arena wildcards a deck costs by rarity (each card at its lowest Arena rarity,
    basic lands free, at most four copies), list cards whose rarity is unknown or that are not
    on Arena, and rank what to craft first (the cards the deck leans on most). A Player.log does
    not hold the collection, so this is the whole bill, not what the player still lacks."""
    parsed = await ctx.parsed(args.deck)
    result = await asyncio.to_thread(
        lambda: wildcard_bill(parsed.deck, ctx.catalog, sideboard=args.sideboard).to_json())
    result["summary"] = ", ".join(f"{result[r]} {r}" for r in ("common", "uncommon", "rare", "mythic"))
    return result
