"""What colors a land can make, read from its own type line and rules text.

Karsten counts a land as a source of every color it can produce (fetch lands: every color they
can find). We read that from the card: basic land types, ``Add {R} or {G}``, ``one mana of any
color``, ``any type that a land you control could produce``, fetch text, and the land side of
modal double-faced cards. Depending on the rest of the deck (basics for Evolving Wilds, the
commander for Command Tower, other lands for Reflecting Pool) is resolved by :func:`resolve`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from arena.analysis.cardfacts import BASIC_LAND_TYPES, ModalLand, card_key, face_texts, modal_land
from arena.models import COLORS, Card

_ALL = frozenset(COLORS)
_SYMBOL_RE = re.compile(r"\{([WUBRGC])\}")
_ADD_RE = re.compile(r"\badd\b([^.]*)", re.IGNORECASE)
_FETCH_RE = re.compile(r"search your library for ([^.]*?)cards?\b", re.IGNORECASE)
_TAPPED_RE = re.compile(r"\benters( the battlefield)? tapped\b", re.IGNORECASE)
_CONDITIONAL_TAPPED_RE = re.compile(r"unless|if you don't|you may pay", re.IGNORECASE)
_FETCH_TAPPED_RE = re.compile(r"onto the battlefield tapped", re.IGNORECASE)
_BASIC_WORD_RE = re.compile(r"\b(" + "|".join(BASIC_LAND_TYPES) + r")\b")


@dataclass(frozen=True, slots=True)
class LandMana:
    """What one land card offers as a mana source.

    ``kind`` says how we know: ``type`` (basic land types), ``text`` (an Add ability),
    ``any`` (any color), ``fetch``, ``basic_fetch`` (finds a basic: colors of the deck's basics),
    ``commander`` (colors of the commander), ``pool`` (colors of the deck's other lands),
    ``opponent`` (colors opponents' lands make: unknown, counted as the deck's colors),
    ``modal`` (the land side of a spell//land MDFC), ``none`` (no colored mana).
    """

    colors: frozenset[str]
    colorless: bool
    tapped: bool
    kind: str
    inferred: bool = False


def _text_production(text: str) -> tuple[set[str], bool, str | None]:
    """Colors, colorless, and a dependency kind from the Add abilities in ``text``."""
    colors: set[str] = set()
    colorless = False
    dependency: str | None = None
    for clause in _ADD_RE.findall(text):
        lowered = clause.lower()
        if "commander" in lowered:
            dependency = "commander"
        elif "opponent controls could produce" in lowered:
            dependency = "opponent"
        elif "could produce" in lowered:
            dependency = "pool"
        elif "any color" in lowered or "any one color" in lowered or "chosen color" in lowered:
            colors |= _ALL
        for symbol in _SYMBOL_RE.findall(clause):
            if symbol == "C":
                colorless = True
            else:
                colors.add(symbol)
    return colors, colorless, dependency


def _enters_tapped(text: str) -> bool:
    """Always enters tapped (not "unless ..." or "if you don't pay ...")."""
    return bool(_TAPPED_RE.search(text)) and not _CONDITIONAL_TAPPED_RE.search(text)


def _fetch_targets(text: str) -> tuple[set[str], bool]:
    """Colors named by land types in a "search your library for ... card" clause, and whether
    it finds "a basic land" (then it makes whatever the deck's basics make)."""
    colors: set[str] = set()
    basic = False
    for target in _FETCH_RE.findall(text):
        lowered = target.lower()
        words = set(_BASIC_WORD_RE.findall(target))
        colors |= {BASIC_LAND_TYPES[w] for w in words}
        if not words and "land" in lowered and "basic" in lowered:
            basic = True
    return colors, basic


def _land_mana(subtypes: tuple[str, ...], is_land: bool, texts: tuple[str, ...],
               modal: ModalLand | None) -> LandMana | None:
    """What a card's land face makes, from its front (a land) or its modal back."""
    if not is_land:
        if modal is None:
            return None
        if modal.back_text:
            colors, colorless, _ = _text_production(modal.back_text)
            tapped = _enters_tapped(modal.back_text)
            return LandMana(frozenset(colors) or modal.colors, colorless, tapped, "modal")
        # Only the front is known; most spell//land backs enter tapped, the rare ones may not.
        return LandMana(modal.colors, False, True, "modal", inferred=modal.inferred)
    front = texts[0]
    colors = {BASIC_LAND_TYPES[t] for t in subtypes if t in BASIC_LAND_TYPES}
    kind = "type" if colors else "none"
    text_colors, colorless, dependency = _text_production(front)
    if text_colors - colors:
        kind = "any" if text_colors == _ALL else "text"
    colors |= text_colors
    fetch_colors, basic_fetch = _fetch_targets(front)
    tapped = _enters_tapped(front)
    if fetch_colors or basic_fetch:
        colors |= fetch_colors
        kind = "basic_fetch" if basic_fetch else "fetch"
        tapped = tapped or bool(_FETCH_TAPPED_RE.search(front))
    if dependency and not colors:
        kind = dependency
    return LandMana(frozenset(colors), colorless, tapped, kind)


_CACHE: dict[tuple[tuple[str, str, str, str], str], LandMana | None] = {}
_CACHE_LIMIT = 8192


def land_mana(card: Card) -> LandMana | None:
    """What ``card`` offers as a land (cached by the card's identity); see :func:`_compute`."""
    key = (card_key(card), card.layout)
    try:
        return _CACHE[key]
    except KeyError:
        pass
    # Compute outside the dict so a concurrent clear() by another thread cannot lose it.
    mana = _compute(card)
    if len(_CACHE) >= _CACHE_LIMIT:
        _CACHE.clear()
    _CACHE[key] = mana
    return mana


def _compute(card: Card) -> LandMana | None:
    """What ``card`` offers as a land (None for a nonland card without a land side).

    Pathways and other land//land modal cards show only the front's Add ability in the offline
    corpus; their back makes the other color of the card's identity, so both are counted.
    """
    modal = modal_land(card)
    result = _land_mana(card.subtypes, card.is_land, tuple(face_texts(card)), modal)
    if result is not None and card.is_land and card.layout == "modal_dfc":
        texts = face_texts(card)
        back_colors: set[str] = set()
        if len(texts) > 1:
            back_colors, _, _ = _text_production(texts[1])
        else:
            back_colors = set(card.color_identity)
        return LandMana(result.colors | frozenset(back_colors), result.colorless, result.tapped,
                        "pathway", inferred=len(texts) == 1)
    return result


def resolve(mana: LandMana, *, basic_colors: frozenset[str], commander_colors: frozenset[str],
            pool_colors: frozenset[str], deck_colors: frozenset[str]) -> frozenset[str]:
    """The colors ``mana`` makes in this deck, filling in what depends on the rest of it."""
    if mana.kind == "basic_fetch":
        return mana.colors | basic_colors
    if mana.kind == "commander":
        return commander_colors
    if mana.kind == "pool":
        return pool_colors
    if mana.kind == "opponent":
        return deck_colors
    return mana.colors
