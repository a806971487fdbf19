"""Facts read off one card: its faces, its colored-mana demands, its modal back face.

Everything here is a pure function of a ``Card``; results are cached by the card's name and
text because a deck repeats the same few cards and ``Card`` (it holds dicts) is unhashable.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from arena.mana import parse_cost, symbol_colors
from arena.models import COLORS, Card

FACE_TEXT_SEPARATOR = "\n//\n"
TYPE_SEPARATOR = " // "
BASIC_LAND_TYPES: dict[str, str] = {
    "Plains": "W",
    "Island": "U",
    "Swamp": "B",
    "Mountain": "R",
    "Forest": "G",
}


def card_key(card: Card) -> tuple[str, str, str, str]:
    """A hashable identity for caching per-card facts (name, cost, type line, text)."""
    return (card.name, card.mana_cost, card.type_line, card.oracle_text)


def face_texts(card: Card) -> list[str]:
    """Oracle text per face; the offline corpus has only the front face's text."""
    return card.oracle_text.split(FACE_TEXT_SEPARATOR) if card.oracle_text else [""]


def face_type_lines(card: Card) -> list[str]:
    """Type line per face; Scryfall writes ``"Creature — Elf // Land"``, the corpus the front only."""
    return card.type_line.split(TYPE_SEPARATOR)


def is_basic(card: Card) -> bool:
    return "Basic" in card.supertypes


@dataclass(frozen=True, slots=True)
class ManaDemand:
    """The colored symbols of one cost, grouped the way Karsten counts them.

    ``single``: pips that need one color ({W}); ``hybrid``: pips payable by either of two colors,
    keyed by the pair ({W/U}); ``colorless``: {C} pips, which need a colorless source;
    ``optional``: Phyrexian and {2/W} pips, payable without the color, so never required.
    """

    single: dict[str, int]
    hybrid: dict[frozenset[str], int]
    colorless: int
    optional: int
    snow: int


@lru_cache(maxsize=8192)
def mana_demand_of(cost: str) -> ManaDemand:
    """The colored demands of a cost string (see :class:`ManaDemand`)."""
    single: dict[str, int] = {}
    hybrid: dict[frozenset[str], int] = {}
    colorless = optional = snow = 0
    for symbol in parse_cost(cost):
        parts = symbol.split("/")
        if symbol == "C":
            colorless += 1
        elif symbol == "S":
            snow += 1
        elif len(parts) == 1:
            for color in symbol_colors(symbol):
                single[color] = single.get(color, 0) + 1
        elif parts[-1] == "P" or parts[0].isdigit() or "C" in parts:
            # {W/P} is payable with life, {2/W} with two generic, {C/W} with colorless.
            optional += 1
        else:
            colors = frozenset(symbol_colors(symbol))
            if len(colors) == 1:
                color = next(iter(colors))
                single[color] = single.get(color, 0) + 1
            elif colors:
                hybrid[colors] = hybrid.get(colors, 0) + 1
    ordered: dict[str, int] = {c: single[c] for c in COLORS if c in single}
    return ManaDemand(ordered, hybrid, colorless, optional, snow)


def mana_demand(card: Card) -> ManaDemand:
    """The front face's colored demands (a split card's other half is not counted: see notes)."""
    return mana_demand_of(card.mana_cost or "")


@dataclass(frozen=True, slots=True)
class ModalLand:
    """The land side of a modal double-faced card, as far as the data shows it.

    ``inferred`` is true when the back face is not in the data (the offline corpus holds only
    front faces) and we concluded from the card's shape that its back is a land.
    """

    colors: frozenset[str]
    back_text: str | None
    inferred: bool


def modal_land(card: Card) -> ModalLand | None:
    """The land back of a spell//land modal DFC, or None for anything else.

    Transform cards with a land back (Legion's Landing) are not modal: the back cannot be played
    as a land, so they do not count.
    """
    if card.layout != "modal_dfc" or card.is_land:
        return None
    types = face_type_lines(card)
    identity = frozenset(card.color_identity)
    if len(types) > 1:
        if "Land" not in types[1]:
            return None
        texts = face_texts(card)
        return ModalLand(identity, texts[1] if len(texts) > 1 else None, inferred=False)
    # Without the back face: every spell//land MDFC in print (Zendikar Rising, Modern Horizons 3)
    # is non-legendary and its land taps for exactly the colors of the front's cost, while the
    # spell//spell ones (Kaldheim gods, Strixhaven deans, the heroes) are legendary, colorless
    # or add a color on the back.
    cost_colors = frozenset(card.colors)
    if "Legendary" not in card.supertypes and cost_colors and identity == cost_colors:
        return ModalLand(identity, None, inferred=True)
    return None
