"""Section headers of deck lists, in every language the Arena client exports.

Arena writes the headers in the client's language ("Réserve", "Kommandeur"...), and the card
names too. We read the headers so the structure survives; the names stay English-only, and
``language`` lets the error say why a French list's cards are unknown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz, process

# "excluded" holds cards the list names but keeps out of the deck (a Maybeboard);
# "about" is a metadata block: Arena's "About" / "Name My Deck", Forge's "[metadata]" / "Name=".
Target = Literal["commander", "companion", "main", "side", "excluded", "about"]


@dataclass(frozen=True, slots=True)
class Header:
    """What a header line means: the section it opens, and its language when not English."""

    target: Target
    language: str | None = None


def _table() -> dict[str, Header]:
    english: dict[str, Target] = {
        "about": "about",
        "metadata": "about",
        "commander": "commander",
        "commanders": "commander",
        "companion": "companion",
        "companions": "companion",
        "deck": "main",
        "main": "main",
        "maindeck": "main",
        "main deck": "main",
        "mainboard": "main",
        "main board": "main",
        "sideboard": "side",
        "side board": "side",
        "side": "side",
        "maybeboard": "excluded",
        "maybe board": "excluded",
        "maybe": "excluded",
        "considering": "excluded",
    }
    # Deck sites group the main deck by card type ("Creatures (12)"); those are main too.
    for group in ("creature", "land", "instant", "artifact", "enchantment", "planeswalker",
                  "battle", "spell"):
        english[group] = english[f"{group}s"] = "main"
    english["sorcery"] = english["sorceries"] = "main"
    # Arena client languages; "Deck" and "Sideboard" are shared with English and say nothing.
    localized: dict[str, tuple[Target, str]] = {
        "commandant": ("commander", "French"),
        "compagnon": ("companion", "French"),
        "réserve": ("side", "French"),
        "kommandeur": ("commander", "German"),
        "begleiter": ("companion", "German"),
        "comandante": ("commander", "Spanish/Italian/Portuguese"),
        "compañero": ("companion", "Spanish"),
        "mazo": ("main", "Spanish"),
        "banquillo": ("side", "Spanish"),
        "compagno": ("companion", "Italian"),
        "mazzo": ("main", "Italian"),
        "companheiro": ("companion", "Portuguese"),
        "reserva": ("side", "Portuguese"),
        "統率者": ("commander", "Japanese"),
        "相棒": ("companion", "Japanese"),
        "デッキ": ("main", "Japanese"),
        "サイドボード": ("side", "Japanese"),
        "사령관": ("commander", "Korean"),
        "동료": ("companion", "Korean"),
        "덱": ("main", "Korean"),
        "사이드보드": ("side", "Korean"),
        "командир": ("commander", "Russian"),
        "компаньон": ("companion", "Russian"),
        "колода": ("main", "Russian"),
        "сайдборд": ("side", "Russian"),
    }
    table = {key: Header(target) for key, target in english.items()}
    table.update({key: Header(target, lang) for key, (target, lang) in localized.items()})
    return table


HEADERS: dict[str, Header] = _table()

# "Sideboard", "SIDEBOARD:", "Sideboard (15)", "Deck: 60" are all the same header.
_DECORATION = re.compile(r"\s*(?:[:：]\s*)?(?:\(\s*\d+\s*\)|\d+)?\s*[:：]?\s*$")


_MAX_HEADER = 40  # longer lines are never headers; the bound also keeps the regex linear
_WHITESPACE = re.compile(r"\s+")


def header_key(line: str) -> str:
    """Return the lookup key of a would-be header line: folded case, decoration removed."""
    line = line.strip()
    if len(line) > _MAX_HEADER:
        return ""
    if line.startswith("[") and line.endswith("]"):
        line = line[1:-1]  # Forge .dck writes "[Main]", "[Sideboard]", "[metadata]"
    return _DECORATION.sub("", _WHITESPACE.sub(" ", line)).casefold()


def match_header(line: str) -> Header | None:
    """Return the header ``line`` is, or None when it is not one."""
    if line[:1].isdigit():  # card lines, the common case, start with their count
        return None
    return HEADERS.get(header_key(line))


def similar_header(line: str) -> str | None:
    """Return the known header a misspelt one most likely meant ("Sidebaord" -> "Sideboard")."""
    key = header_key(line)
    if not key or len(key) > 20:
        return None
    found = process.extractOne(key, list(HEADERS), scorer=fuzz.ratio, score_cutoff=80)
    return found[0].title() if found else None


def section_of_label(label: str) -> Target | None:
    """Map a board/section/category label from CSV or JSON ("Sideboard", "mainboard")."""
    header = match_header(label)
    if header is None or header.target == "about":
        return None
    return header.target
