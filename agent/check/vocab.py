"""The words a fact check reads: colors, guild and clan names, formats, numbers in words.

Declared once here so claims (what a sentence says) and verify (what the facts say) agree.
"""

from __future__ import annotations

import re

COLOR_WORDS: dict[str, str] = {"white": "W", "blue": "U", "black": "B", "red": "R", "green": "G"}

# A name for every color combination a deck can have (as arena.analysis.archetype names them),
# plus the common shorthands players write.
IDENTITY_NAMES: dict[str, str] = {
    "mono-white": "W", "mono-blue": "U", "mono-black": "B", "mono-red": "R", "mono-green": "G",
    "mono white": "W", "mono blue": "U", "mono black": "B", "mono red": "R", "mono green": "G",
    "azorius": "WU", "dimir": "UB", "rakdos": "BR", "gruul": "RG", "selesnya": "WG",
    "orzhov": "WB", "izzet": "UR", "golgari": "BG", "boros": "WR", "simic": "UG",
    "bant": "WUG", "esper": "WUB", "grixis": "UBR", "jund": "BRG", "naya": "WRG",
    "abzan": "WBG", "jeskai": "WUR", "sultai": "UBG", "mardu": "WBR", "temur": "URG",
    "five-color": "WUBRG", "5-color": "WUBRG", "colorless": "",
}
_IDENTITY_RE = re.compile(
    r"(?<![\w-])(" + "|".join(re.escape(n) for n in sorted(IDENTITY_NAMES, key=len, reverse=True)) + r")(?![\w-])",
    re.I,
)

FORMATS = (
    "standard", "alchemy", "historic", "explorer", "pioneer", "timeless", "brawl", "standardbrawl",
    "commander", "modern", "legacy", "vintage", "pauper",
)
FORMAT_RE = "|".join(FORMATS)

NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10,
}
ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5, "6th": 6, "7th": 7,
}

# Words that are not card names when capitalised: persona, rules authors, product names.
NOT_CARDS = frozenset(
    "karsten frank vawlrathh arena mtg magic scryfall mtgo moxfield goldfish wizards claude "
    "openai anthropic ollama".split()
)


def identity_mentions(text: str) -> list[tuple[str, str]]:
    """Guild, shard, wedge or mono names in ``text``: (as written, WUBRG letters)."""
    return [(m.group(1), IDENTITY_NAMES[m.group(1).lower()]) for m in _IDENTITY_RE.finditer(text)]


def identity_name(colors: str) -> str:
    """The name of a color combination, e.g. "UR" -> "Izzet" (the letters when it has none)."""
    for name, letters in IDENTITY_NAMES.items():
        if letters == colors and " " not in name:
            return name.title() if "-" not in name else "-".join(p.title() for p in name.split("-"))
    return colors or "colorless"
