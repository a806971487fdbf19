"""Offline understanding of metagame and matchup questions.

| intent   | asks about                                                           |
| -------- | -------------------------------------------------------------------- |
| meta     | the best / top decks, the metagame, tier lists, what people play     |
| matchup  | how to beat an archetype, a matchup, sideboarding against something  |

``classify_meta(text, has_deck=...)`` returns one of these intents or None (not a meta
question); ``agent.intents`` calls it before its own rules. A matchup intent carries the
opponent as written ("mono red", "control") in ``query``; the format when one is named.
"""

from __future__ import annotations

import re
from typing import Any

from agent.intents import FORMATS, Intent

META_INTENTS = frozenset({"meta", "matchup"})


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_OPP = r"(?P<opp>[a-z0-9][\w'/&., -]{1,60}?)"
_END = r"(?:\s+(?:in|on|at)\s+(?:bo[13]|best[- ]of[- ](?:one|three)|arena|\w+)(?:\s+\w+)?)?\s*[?.!]*\s*$"
_MATCHUP: tuple[re.Pattern[str], ...] = (
    _rx(rf"\bhow (?:do|can|should|would|to) (?:i|you|we|one)?\s*(?:beat|fight|handle|deal with|win against|win vs\.?|play against|play around|sideboard against|board against|attack)\s+{_OPP}{_END}"),
    _rx(rf"\b(?:beat|beating)\s+{_OPP}{_END}"),
    _rx(rf"\b(?:side ?board(?:ing)?|side ?in|bring in|board in)\b.*?\b(?:against|vs\.?|versus|for)\s+{_OPP}{_END}"),
    _rx(rf"\bmatch-?ups? (?:against|vs\.?|versus|with|into)\s+{_OPP}{_END}"),
    _rx(rf"\b(?:my deck|my list|this deck|this list|the deck|i|we|it)\b.*?\b(?:against|vs\.?|versus|into)\s+{_OPP}{_END}"),
    _rx(rf"^{_OPP}\s+match-?up\b"),
)
_META = _rx(
    r"\b(?:meta|metagame|tier ?(?:list|1|one|2|two)|top (?:\d+ )?decks?|best decks?|strongest decks?|"
    r"most (?:played|popular) decks?|popular decks?|what(?:'s| is| are)? (?:good|strong|winning|dominant|on top)|"
    r"what (?:are|do) (?:people|players|pros) (?:play|playing|run|running)|"
    r"what (?:deck|archetype) should i (?:play|pick|build|craft)|deck to (?:play|climb|pick|craft))\b"
)
_ARENA_DEFAULT = _rx(r"\b(arena|ladder|ranked|mythic|bo1|best[- ]of[- ]one)\b")
_OPP_TRAILING = _rx(r"\s+(?:decks?|lists?|players?|archetypes?|with (?:my|this) deck|please|then|now|right now|today|these days)$")
_OPP_LEADING = _rx(r"^(?:a|an|the|that|this|those|these)\s+")


# Words after "against" that name no archetype: a pronoun, or the whole field (a meta question).
_NOT_AN_OPPONENT = frozenset({"it", "them", "that", "this", "me", "you", "meta", "metagame", "field",
                              "everything", "everyone", "anything", "anyone", "other decks", "the meta"})


def meta_format(text: str) -> str | None:
    """The format a meta question names; 'arena' or 'ladder' without one means Standard."""
    lowered = text.lower()
    for word, fmt in FORMATS.items():  # "historic brawl" is listed before "historic"
        if re.search(rf"\b{word}\b", lowered):
            return fmt
    return "standard" if _ARENA_DEFAULT.search(text) else None


def _opponent(raw: str) -> str:
    opp = raw.strip(" ?.!,")
    for _ in range(3):
        opp = _OPP_TRAILING.sub("", _OPP_LEADING.sub("", opp)).strip(" ?.!,")
    lowered = opp.lower()
    for word in FORMATS:  # "mono red in standard" was cut by _END; "standard mono red" is not
        lowered = re.sub(rf"\b{word}\b", " ", lowered)
    return " ".join(lowered.split())


def match_meta(question: Any) -> Intent | None:
    """``classify_meta`` in the form ``agent.intents.add_matcher`` takes (a ``Question``)."""
    text = getattr(question, "raw", None) or question.text
    return classify_meta(text, has_deck=bool(question.has_deck))


def classify_meta(text: str, *, has_deck: bool) -> Intent | None:
    """A meta or matchup intent for ``text``, or None when it is neither."""
    text = text.strip()
    fmt = meta_format(text)
    for pattern in _MATCHUP:
        match = pattern.search(text)
        if match is None:
            continue
        opponent = _opponent(match.group("opp"))
        if opponent and opponent not in _NOT_AN_OPPONENT:
            return Intent("matchup", format=fmt, query=opponent)
    if _META.search(text) or re.search(r"\b(?:against|vs\.?|versus|into) (?:the )?(?:meta|metagame|field)\b", text, re.I):
        return Intent("meta", format=fmt, query=text)
    return None
