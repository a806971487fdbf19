"""Which lands work in a given deck: conditions it meets, and what its fetch lands can find.

Ancient Amphitheater asks for a Giant in hand, Aether Hub for energy, Cavern of Souls for a
creature type: a land whose condition the deck cannot meet is a tapped land or a colorless
one. Fetch lands search for land types, so a dual with those types is worth more.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from arena.analysis.interaction import normalized_text
from arena.analysis.production import land_mana
from arena.models import Card

BASIC_TYPES = ("Plains", "Island", "Swamp", "Mountain", "Forest")
_REVEAL_RE = re.compile(r"reveal an? ([a-z]+) card from your hand")
_CONTROL_RE = re.compile(r"(?:unless|if) you control an? ([a-z]+)(?! land)\b")
_FETCH_RE = re.compile(r"search your library for an? ([^.]*?) card", re.IGNORECASE)
_GENERIC = {"basic", "land", "legendary", "creature", "artifact", "card", "snow"}
MIN_TRIBE = 8  # creatures of a type a reveal-land needs in a 60-card deck to enter untapped often


def _subtype_count(cards: Mapping[str, tuple[Card, int]], word: str) -> int:
    return sum(n for card, n in cards.values() if word in {s.lower() for s in card.subtypes}
               or word in card.type_line.lower().split())


def condition_unmet(land: Card, cards: Mapping[str, tuple[Card, int]]) -> str | None:
    """Why ``land`` does not work in this deck (None when it does)."""
    text = normalized_text(land)
    for pattern in (_REVEAL_RE, _CONTROL_RE):
        for word in pattern.findall(text):
            if word in _GENERIC or word in {t.lower() for t in BASIC_TYPES}:
                continue
            have = _subtype_count(cards, word)
            if have < MIN_TRIBE:
                return f"it wants a {word.capitalize()} and the deck has {have}"
    if "{e}" in text:
        energy = sum(n for card, n in cards.values() if card.name != land.name and "{e}" in normalized_text(card))
        if energy < 4:
            return "it runs on energy and the deck makes none"
    if "spend this mana only" in text:
        return "its mana can only be spent on some spells"
    return None


def fetch_types(cards: Mapping[str, tuple[Card, int]]) -> set[str]:
    """Basic land types the deck's fetch lands can find (Arid Mesa: Mountain, Plains)."""
    found: set[str] = set()
    for card, _ in cards.values():
        if not card.is_land:
            continue
        for target in _FETCH_RE.findall(card.oracle_text):
            if "basic" in target.lower():
                continue
            found |= {t for t in BASIC_TYPES if t in target}
    return found


def makes(land: Card) -> set[str]:
    """Colors a land makes by itself (fetch lands count what they find)."""
    mana = land_mana(land)
    return set(mana.colors) if mana is not None else set()
