"""Explain names the catalog does not know: tokens, and basic lands in another language.

The catalog holds English oracle names only. When a lookup fails, these say something
more useful than "unknown card": that the row is a token, or that "Wald" is Forest.
"""

from __future__ import annotations

import re

# Comprehensive Rules 111.10: tokens the rules predefine. Collection exports list them
# like cards ("Clue", set TMH2), and no card catalog holds them.
PREDEFINED_TOKENS = frozenset({
    "blood", "clue", "food", "gold", "incubator", "junk", "lander", "map", "powerstone",
    "shard", "treasure", "walker",
})

_TOKEN_SET_NAME = re.compile(r"\btokens?\b|^extras:", re.IGNORECASE)

# The basic lands as the Arena client's languages print them.
_BASICS: dict[str, tuple[str, str]] = {
    "plaine": ("Plains", "French"), "île": ("Island", "French"), "marais": ("Swamp", "French"),
    "montagne": ("Mountain", "French"), "forêt": ("Forest", "French"),
    "ebene": ("Plains", "German"), "insel": ("Island", "German"), "sumpf": ("Swamp", "German"),
    "gebirge": ("Mountain", "German"), "wald": ("Forest", "German"),
    "llanura": ("Plains", "Spanish"), "isla": ("Island", "Spanish"),
    "pantano": ("Swamp", "Spanish"), "montaña": ("Mountain", "Spanish"),
    "bosque": ("Forest", "Spanish"),
    "pianura": ("Plains", "Italian"), "isola": ("Island", "Italian"),
    "palude": ("Swamp", "Italian"), "montagna": ("Mountain", "Italian"),
    "foresta": ("Forest", "Italian"),
    "planície": ("Plains", "Portuguese"), "ilha": ("Island", "Portuguese"),
    "pântano": ("Swamp", "Portuguese"), "montanha": ("Mountain", "Portuguese"),
    "floresta": ("Forest", "Portuguese"),
    "平地": ("Plains", "Japanese"), "島": ("Island", "Japanese"), "沼": ("Swamp", "Japanese"),
    "山": ("Mountain", "Japanese"), "森": ("Forest", "Japanese"),
}


def token_reason(name: str, set_name: str | None = None) -> str | None:
    """Return why ``name`` (unknown to the catalog) is a token, or None if nothing says so."""
    lowered = name.strip().casefold()
    if lowered.endswith(" token"):
        return f"not a card: '{name}' is a token"
    if set_name and _TOKEN_SET_NAME.search(set_name):
        return f"not a card: '{name}' is a token or extra (set '{set_name}')"
    if lowered in PREDEFINED_TOKENS:
        return f"not a card: '{name}' is a predefined token, not a card you can put in a deck"
    return None


def localized_basic(name: str) -> tuple[str, str] | None:
    """Return (English name, language) when ``name`` is a basic land in another language."""
    return _BASICS.get(name.strip().casefold())
