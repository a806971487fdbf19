"""Offline understanding and plans for market questions: paper price, wildcards, crafting, win rate.

| intent    | asks about                                              | tool          |
| --------- | ------------------------------------------------------- | ------------- |
| price     | how much the deck costs in paper, where to buy it       | deck_price    |
| wildcards | how many wildcards the deck needs                       | wildcard_cost |
| craft     | what to craft first                                     | wildcard_cost |
| history   | the player's own win rate, record, results by opponent  | match_history |

``agent.intents.classify`` asks :func:`classify_market` first and ``agent.offline.plan_for``
asks :func:`plan_market`; both return ``None`` for anything else.
"""

from __future__ import annotations

import re

from agent.intents import Intent
from agent.providers.base import PlannedStep

MARKET_INTENTS = ("price", "wildcards", "craft", "history")
PRICE = "Price the deck in paper"
WILDCARDS = "Count the wildcards"
HISTORY = "Read your match history"

_rx = re.compile
_PRICE = _rx(r"\b(how much (is|does|would|will)|price[sd]?|pricing|cost (in|on) paper|in paper|paper (price|cost|copy|copies|version)|"
             r"where (can|do|should) i buy|buy (it|this|the deck|these|the cards)|tcg ?player|cardmarket|cardhoarder|dollars?|euros?|\$)",
             re.IGNORECASE)
_WILDCARDS = _rx(r"\b(wild ?cards?|wc|how many (rares|mythics|uncommons|commons))\b", re.IGNORECASE)
_CRAFT = _rx(r"\b(craft(ing)?|what should i (build|get) first|which cards? (first|should i get))\b", re.IGNORECASE)
_HISTORY = _rx(r"\b(my (win ?rate|record|results|match history|matches|games)|win ?rate|winrate|how (am i|have i been) doing|"
               r"how often do i win|player\.?log)\b", re.IGNORECASE)


_OPPONENT = _rx(r"\b(?:vs\.?|versus|against|into|facing)\s+(.{2,60}?)\s*(?:[?.!,;]|\bon the\b|\bwith\b|\bthis\b|$)",
                re.IGNORECASE)
_THIS_DECK = _rx(r"\b(this|my current|the attached) (deck|list)\b|\bwith (it|this)\b", re.IGNORECASE)
_NOT_A_KIND = {"it", "them", "that", "this", "everything", "everyone", "anything", "all", "the meta", "people"}


def history_filters(text: str, *, has_deck: bool) -> dict[str, object]:
    """The match_history arguments a question asks for: the kind of opponent, and "with this deck"."""
    args: dict[str, object] = {}
    found = _OPPONENT.search(text)
    if found and found.group(1).strip().lower() not in _NOT_A_KIND:
        args["opponent"] = found.group(1).strip()
    if has_deck and _THIS_DECK.search(text):
        args["this_deck"] = True
    return args


def classify_market(text: str, *, has_deck: bool) -> Intent | None:
    """The market intent of a question, or None when it is not about buying, crafting or results."""
    if _HISTORY.search(text):
        return Intent("history", query=text.strip()[:200])
    if _CRAFT.search(text):
        return Intent("craft")
    if _WILDCARDS.search(text):
        return Intent("wildcards", query="sideboard" if re.search(r"\b(sideboard|bo3|best[- ]of[- ]three)\b", text, re.I) else None)
    if _PRICE.search(text) and (has_deck or re.search(r"\b(deck|list|it|this)\b", text, re.I)):
        return Intent("price")
    return None


def plan_market(intent: Intent, *, has_deck: bool) -> list[PlannedStep] | None:
    """The offline plan for a market intent (empty without a deck); None for other intents."""
    if intent.name not in MARKET_INTENTS:
        return None
    if intent.name == "history":
        return [PlannedStep(HISTORY, "match_history", history_filters(intent.query or "", has_deck=has_deck))]
    if not has_deck:
        return []
    if intent.name == "price":
        return [PlannedStep(PRICE, "deck_price", {})]
    return [PlannedStep(WILDCARDS, "wildcard_cost", {"sideboard": intent.query == "sideboard"})]
