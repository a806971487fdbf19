"""Offline understanding: what the player asks, about which cards, in which format.

No model and no network: ordered regular-expression rules over the question, plus the
catalog's ``find_names_in_text`` for card names (misspellings included). The intent names
below are stable; scripted chats and the offline writer depend on them.

| intent      | asks about                                                        |
| ----------- | ----------------------------------------------------------------- |
| greeting    | hello, hi                                                         |
| help        | what can you do                                                   |
| deck_error  | (set by the graph) the attached deck did not parse                |
| odds        | chance to hit the Nth land by turn T; chance to cast a card       |
| legality    | is the deck (or a card) legal in a format                         |
| compare     | two cards side by side                                            |
| suggest     | what to cut, what to add                                          |
| mana        | lands, colors, sources, Karsten shortfalls                        |
| curve       | the mana curve and average mana value                             |
| archetype   | what kind of deck this is                                         |
| analyze     | a full review / what is wrong with the deck                       |
| card        | what a card does                                                  |
| search      | cards matching a text query                                       |
| unknown     | anything else: say what I can do and how to enable a model        |
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from arena.models import Card

INTENTS: tuple[str, ...] = (
    "greeting", "help", "deck_error", "odds", "legality", "compare", "suggest", "mana",
    "curve", "archetype", "analyze", "card", "search", "unknown",
)
# Intents whose answer is about the attached deck (legality and odds may also work without one).
DECK_INTENTS = frozenset({"analyze", "mana", "curve", "suggest", "archetype"})

FORMATS: dict[str, str] = {
    "historic brawl": "historicbrawl", "historicbrawl": "historicbrawl", "standard": "standard",
    "alchemy": "alchemy", "historic": "historic", "explorer": "explorer", "pioneer": "pioneer",
    "timeless": "timeless", "brawl": "brawl", "commander": "commander", "edh": "commander",
    "modern": "modern", "legacy": "legacy", "vintage": "vintage", "pauper": "pauper",
}

_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5,
    "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
}
_NUM = r"(\d+|one|two|three|four|five|six|seven|eight|nine|ten|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)(?:st|nd|rd|th)?"


class NameFinder(Protocol):
    """The part of the catalog understanding needs."""

    def find_names_in_text(self, text: str, limit: int = 5) -> list[Card]: ...

    def get(self, name: str) -> Card | None: ...


@dataclass
class Intent:
    """One understood question; JSON-able so it lives in the thread state."""

    name: str
    cards: list[str] = field(default_factory=list)
    format: str | None = None
    want: int | None = None  # odds: how many lands
    by_turn: int | None = None  # odds: by which turn (1 = opening hand on the play)
    on_play: bool = True
    deck_size: int | None = None  # odds asked about a hypothetical deck ("60 cards, 24 lands")
    lands: int | None = None
    query: str | None = None  # search text; "opening_hands" for odds; "thanks" for greeting

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Intent:
        return cls(**data)


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_GREETING = _rx(r"^\s*(hi|hello|hey|hiya|howdy|greetings|yo|good (morning|afternoon|evening)|sup)\b[\s!,.?a-z]{0,30}$")
_HELP = _rx(r"\b(help|what can you do|what do you do|how do (i|you) (use|work)|commands|who are you|what are you)\b")
_ODDS = _rx(r"\b(chances?|odds|probability|probabilities|likely|likelihood|how often|percent(age)?)\b")
_MULLIGAN = _rx(r"\b(mulligans?|mull(igan)?ing|keep(able)?|keep my (opening )?hand)\b")
_LEGAL = _rx(r"\b(legal|legality|illegal|banned|allowed|restricted)\b")
_COMPARE = _rx(r"\b(compare|comparison|versus|vs\.?|better than|difference between|or)\b")
_COMPARE_STRONG = _rx(r"\b(compare|comparison|versus|vs\.?|better than|difference between)\b")
_SUGGEST = _rx(r"\b(cut|cuts|add|adds|swap|replace|replacements?|upgrade|improve|suggest(ions?)?|changes?|take out|put in|what should i (play|run))\b")
_MANA = _rx(r"\b(lands?|mana|colou?rs?|sources?|karsten|fixing|screw(ed)?|flood(ed)?|basics?|manabase|shortfalls?)\b")
_CURVE = _rx(r"\b(curve|mana values?|cmc|mv|average cost|top-?heavy|expensive)\b")
_ARCHETYPE = _rx(r"\b(archetype|what (kind|sort|type) of deck|what deck is (this|it)|playstyle|play style|aggro|midrange|control|tempo)\b")
_ANALYZE = _rx(r"\b(analy[sz]e|analysis|review|wrong|rate|evaluate|assess|look at|check|thoughts|opinion|weak(ness(es)?)?|problems?|issues?|how good|how bad|good enough|break ?down|overview|stats|statistics|report)\b")
_MY_MANA = _rx(r"\b(my|the|this|our)\s+(\w+\s+)?(mana|lands?|colou?rs?|sources?|manabase|mana base|fixing)\b")
_CARD = _rx(r"\b(what does|what do|what is|what's|tell me about|explain|how does|oracle|text of|rules text)\b")
_ASKED = _rx(r"\bwhat (?:does|do) (.+?) do\b|\btell me about (.+)$|\bwhat(?: is|'s) (.+?)\??$|\bexplain (.+)$|\bhow does (.+?) work\b")
_SEARCH = _rx(r"\b(find|search|show me|list|look up|lookup|cards? (that|which|with))\b")
_DRAW = _rx(r"\bon the draw\b|\bdrawing first\b")
_TURN = _rx(rf"\b(?:on|by|before|at)\s+(?:the\s+)?turn\s+{_NUM}\b|\b{_NUM}\s+turn\b")
_LANDS_WANT = _rx(rf"\b{_NUM}\s+(?:\w+\s+){{0,2}}lands?\b")
_LAND_DROP = _rx(r"\bland drops?\b|\bmake (?:my|the|every) land\b")
_OPENING = _rx(r"\b(opening hand|opener|opening (seven|7)|in (my|the) (first )?(seven|7))\b")
_THANKS = _rx(r"^\s*(thanks|thank you|thx|ty|cheers|bye|goodbye|see you)\b[\s!,.a-z]{0,30}$")
_HYPO_SIZE = _rx(r"\b(\d{2,3})[- ]cards?\b")
_HYPO_LANDS = _rx(r"\b(?:with|running|playing|has|have)\s+(\d{1,2})\s+lands\b")
_CAST = _rx(r"\bcast(ing)?\b")
_SEARCH_LEAD = _rx(r"^.*?\b(find|search( for)?|show me|list|look up|lookup)\b\s*(me\s+)?(some\s+|any\s+|all\s+)?(cards?\s+)?(that|which|with|for)?\s*")


def _num(token: str) -> int:
    token = token.lower()
    return int(token) if token.isdigit() else _WORD_NUMBERS[token]


def _format(text: str) -> str | None:
    lowered = text.lower()
    for word, fmt in FORMATS.items():  # "historic brawl" is listed before "historic"
        if re.search(rf"\b{word}\b", lowered):
            return fmt
    return None


def _odds_params(text: str, intent: Intent) -> None:
    """Fill want/by_turn/on_play (and a hypothetical deck) from an odds question."""
    intent.on_play = not _DRAW.search(text)
    turn = _TURN.search(text)
    if turn:
        intent.by_turn = _num(next(g for g in turn.groups() if g))
    for match in _LANDS_WANT.finditer(text):
        span_text = match.group(0).lower()
        if re.search(r"\b(with|running|playing|has|have)\s*$", text[: match.start()].lower()):
            continue  # "with 24 lands" describes the deck, not the goal
        if "card" in span_text:
            continue
        intent.want = _num(match.group(1))
        break
    if _OPENING.search(text):
        intent.by_turn = intent.by_turn or 1
        intent.want = intent.want or 1
    if intent.want is None and (intent.by_turn is not None) and _LAND_DROP.search(text):
        intent.want = intent.by_turn  # "make my land drop on turn 4"
    if intent.by_turn is None and intent.want is not None:
        intent.by_turn = intent.want  # "chance to hit my fourth land" means on curve
    size, lands = _HYPO_SIZE.search(text), _HYPO_LANDS.search(text)
    if lands:
        intent.lands = int(lands.group(1))
        intent.deck_size = int(size.group(1)) if size else 60


def _search_query(text: str) -> str:
    query = _SEARCH_LEAD.sub("", text, count=1).strip(" ?.!")
    return query or text.strip(" ?.!")


def _asked_card(text: str, catalog: NameFinder | None) -> list[str]:
    """The exact name in "what does X do" / "tell me about X", for names too short to spot in prose."""
    match = _ASKED.search(text)
    if catalog is None or match is None:
        return []
    card = catalog.get(next(g for g in match.groups() if g).strip(" ?!.\"'"))
    return [card.name] if card else []


def classify(text: str, catalog: NameFinder | None, *, has_deck: bool) -> Intent:
    """Return the intent of one question; ``catalog`` finds card names in the text."""
    text = text.strip()
    if not text:
        return Intent("analyze" if has_deck else "help")
    if _GREETING.match(text):
        return Intent("greeting")
    if _THANKS.match(text):
        return Intent("greeting", query="thanks")
    # Price, wildcards, craft, history: agent/intents_market.py (imported here: it imports Intent).
    from agent.intents_market import classify_market
    if (market := classify_market(text, has_deck=has_deck)) is not None:
        return market
    from agent.intents_meta import classify_meta  # meta and matchup questions

    if (meta := classify_meta(text, has_deck=has_deck)) is not None:
        return meta

    def cards() -> list[str]:
        if catalog is None:
            return []
        return [c.name for c in catalog.find_names_in_text(text, limit=5)]

    fmt = _format(text)
    if _MULLIGAN.search(text) and (_ODDS.search(text) or re.search(r"\bhow (many|much|often)\b", text, re.I)):
        return Intent("odds", query="opening_hands")
    if _ODDS.search(text) and (_MANA.search(text) or _CAST.search(text) or _TURN.search(text) or _OPENING.search(text)):
        intent = Intent("odds", format=fmt)
        _odds_params(text, intent)
        if _CAST.search(text):
            intent.cards = cards()
        if intent.want is None and not intent.cards:
            intent.want, intent.by_turn = intent.by_turn or 4, intent.by_turn or 4
        return intent
    if _LEGAL.search(text) or (fmt and re.search(r"\b(play|playable|use|run)\b.*\bin\b", text, re.I)):
        return Intent("legality", cards=cards() if not re.search(r"\bmy deck\b", text, re.I) else [], format=fmt)
    if _COMPARE_STRONG.search(text) or _COMPARE.search(text):
        found = cards()
        if len(found) >= 2:
            return Intent("compare", cards=found[:2])
        if _COMPARE_STRONG.search(text) and found:
            return Intent("compare", cards=found)
    if _HELP.search(text) and not _MANA.search(text):
        return Intent("help")
    if re.search(r"\bhow many lands\b", text, re.I):
        return Intent("mana", format=fmt)
    if _SUGGEST.search(text) and (has_deck or re.search(r"\b(my|the) deck\b", text, re.I)):
        return Intent("suggest", format=fmt)
    if _ARCHETYPE.search(text) and (has_deck or re.search(r"\bdeck\b", text, re.I)):
        return Intent("archetype")
    if _CURVE.search(text) and not re.search(r"\bmana base|manabase\b", text, re.I):
        return Intent("curve")
    if _MANA.search(text) and (_MY_MANA.search(text) or not _CARD.search(text)):
        return Intent("mana", format=fmt)
    if _ANALYZE.search(text) and (has_deck or re.search(r"\bdeck|list\b", text, re.I)):
        return Intent("analyze", format=fmt)
    if _SEARCH.search(text) and not _CARD.search(text):
        return Intent("search", query=_search_query(text))
    found = cards() or _asked_card(text, catalog)
    if found:
        return Intent("card", cards=found[:3])
    if _MANA.search(text):
        return Intent("mana", format=fmt)
    if re.search(r"\b(my|this|the) deck\b", text, re.I):
        return Intent("analyze", format=fmt)
    return Intent("unknown")
