"""What a card does, in broad strokes, read from its oracle text with regular expressions.

These categories feed the interaction counts, the archetype guess, the land-count formula's
"cheap card draw or ramp" term and the suggestions. Reminder text in parentheses is dropped
first (Gilded Goose's Food reminder is not lifegain), and the card's own name becomes "this".
"""

from __future__ import annotations

import re
from functools import lru_cache

from arena.analysis.cardfacts import card_key
from arena.models import Card

_REMINDER_RE = re.compile(r"\([^()]*\)")
_N = r"(?:\d+|x|one|two|three|four|five|six|seven|that much|that many)"
_PERMANENT = r"(?:creature|planeswalker|permanent|artifact|enchantment|battle)"

PATTERNS: dict[str, tuple[re.Pattern[str], ...]] = {
    "removal": (
        # "exile target creature you control" is a blink, not removal.
        re.compile(rf"\b(?:destroy|exile) (?:up to {_N} )?(?:other )?target (?:[\w-]+ )*?{_PERMANENT}(?! you control)"),
        re.compile(rf"deals? {_N} damage (?:divided as you choose )?to (?:any target|(?:up to {_N} )?target (?:[\w-]+ )*?(?:creature|planeswalker)|any one target|one or two targets)"),
        re.compile(r"deals? damage equal to (?:its|this creature's|their) power to (?:target|another target|up to one target) (?:[\w-]+ )*?creature"),
        re.compile(r"\bfights? (?:up to one )?(?:target|another target)"),
        re.compile(r"target creature (?:[\w ]+ )?gets -(?:\d+|x)/-(?:[1-9]\d*|x)"),
        re.compile(r"(?:each opponent|each player|target player|target opponent) sacrifices (?:a|an|one|two)"),
    ),
    "counterspells": (re.compile(r"\bcounter target (?:[\w-]+ )*?spell"),),
    "card_draw": (
        re.compile(rf"\bdraws? (?:a|{_N}) cards?\b"),
        re.compile(r"\bdraws? cards equal to"),
        # Impulse-style card advantage: "look at the top X ... put two of them into your hand".
        re.compile(rf"look at the top [^.]*\.[^.]*put {_N} of (?:them|those cards) into your hand"),
    ),
    "ramp": (
        re.compile(r"\badd (?:\{[wubrgc]\}|one mana|two mana|three mana|x mana|\w+ mana of)"),
        re.compile(r"search your library for [^.]*\bland cards?\b[^.]*(?:onto the battlefield|into your hand)"),
        re.compile(r"\bcreate (?:a|an|one|two|three|x|that many) (?:tapped )?treasure"),
        re.compile(r"\bput (?:a|up to \w+) land cards? from your hand onto the battlefield"),
        re.compile(r"you may play (?:an )?additional lands?"),
        re.compile(r"\badds? (?:an )?additional \{"),
    ),
    "discard": (
        re.compile(r"(?:target|each) (?:player|opponent)s? (?:reveals? (?:their|his or her) hand|discards?)"),
    ),
    "board_wipes": (
        re.compile(rf"\b(?:destroy|exile) all (?:other )?(?:[\w-]+ )?(?:nonland permanents|{_PERMANENT}s|creatures and planeswalkers)"),
        re.compile(rf"deals? {_N} damage to each (?:other )?creature"),
        re.compile(rf"\b(?:destroy|exile) each (?:other )?(?:nonland permanent|{_PERMANENT})"),
        re.compile(r"\ball (?:other )?creatures get -"),
        re.compile(r"each player sacrifices all"),
        re.compile(r"return all (?:nonland permanents|creatures) to their owners' hands"),
    ),
    "burn": (
        re.compile(rf"deals? {_N} damage to (?:any target|each opponent|target player|target opponent|each player|target player or planeswalker)"),
    ),
    "lifegain": (re.compile(rf"\byou gain {_N} life"), re.compile(r"\bgain \d+ life")),
    "tutors": (
        re.compile(r"search your library for (?:a|an|up to \w+) (?![^.]*\bland\b)[^.]*cards?"),
    ),
    "protection": (
        re.compile(r"\b(?:gains?|have|has) (?:[\w, ]+ )?(?:hexproof|indestructible|shroud|protection from)"),
    ),
    "bounce": (
        re.compile(rf"return (?:up to {_N} )?target (?:[\w-]+ )*?{_PERMANENT}s?[^.]* to (?:its|their) owner(?:'s|s'|s)? hands?"),
    ),
    "graveyard_hate": (
        re.compile(r"exile (?:target player's|each opponent's|all cards from all|all|target card from a) graveyards?"),
    ),
}
_FLICKER_RE = re.compile(r"return (?:that card|it|the exiled card|them|those cards) to the battlefield")
# Keywords that put a card in a category on their own.
KEYWORDS: dict[str, tuple[str, ...]] = {
    "lifegain": ("Lifelink",),
    "protection": ("Hexproof", "Indestructible", "Ward", "Shroud", "Protection"),
}
CATEGORIES: tuple[str, ...] = tuple(PATTERNS)


@lru_cache(maxsize=8192)
def _normalized(key: tuple[str, str, str, str], faces: tuple[str, ...]) -> str:
    name, _cost, _types, text = key
    for known in sorted({name, *faces}, key=len, reverse=True):
        if known:
            text = text.replace(known, "this")
            short = known.split(",")[0]  # "Kogla, the Titan Ape" is called "Kogla" in its text
            if len(short) > 3:
                text = text.replace(short, "this")
    return _REMINDER_RE.sub("", text).lower()


@lru_cache(maxsize=8192)
def _categories(key: tuple[str, str, str, str], faces: tuple[str, ...],
                keywords: tuple[str, ...]) -> frozenset[str]:
    text = _normalized(key, faces)
    found = {name for name, patterns in PATTERNS.items() if any(p.search(text) for p in patterns)}
    if "removal" in found and _FLICKER_RE.search(text) and "leaves the battlefield" not in text:
        # Exiling and returning at once (Drive to Work, Cloudshift-likes) removes nothing.
        found.discard("removal")
    for name, words in KEYWORDS.items():
        if any(k in keywords for k in words):
            found.add(name)
    return frozenset(found)


def normalized_text(card: Card) -> str:
    """The card's rules text, lower case, its own name as "this", reminder text removed."""
    return _normalized(card_key(card), card.faces)


def categories(card: Card) -> frozenset[str]:
    """The interaction categories ``card`` belongs to (empty for vanilla cards)."""
    return _categories(card_key(card), card.faces, card.keywords)


_ETB_DRAW_RE = re.compile(r"when (?:this|[\w ]+) enters[^.]*draw")


def is_cheap_draw_or_ramp(card: Card) -> bool:
    """Karsten's land-count term: a nonland card of mana value ≤ 2 that draws (a creature only
    when it draws on entering) or makes or fetches mana."""
    if card.is_land or card.mana_value > 2:
        return False
    found = categories(card)
    if "ramp" in found:
        return True
    if "card_draw" not in found:
        return False
    return "Creature" not in card.types or bool(
        _ETB_DRAW_RE.search(_normalized(card_key(card), card.faces))
    )
