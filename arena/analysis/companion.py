"""Whether a deck's companion may be its companion: each companion's deckbuilding condition,
read against the starting deck (the main deck; the companion and the sideboard are outside it).

The conditions are the ten Ikoria companions' oracle text. Mana value is the card's as it sits
in a library: an adventurer's creature half, a modal double-faced card's front face, a split
card's two halves added together. The offline card data has only a split card's first half,
so a rule that reads a split card's mana value says it cannot tell rather than guess.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from arena.mana import parse_cost
from arena.models import Card

PERMANENT_TYPES = frozenset({"Artifact", "Creature", "Enchantment", "Land", "Planeswalker", "Battle"})
KAHEERA_TYPES = frozenset({"Cat", "Elemental", "Nightmare", "Dinosaur", "Beast"})
# Keywords that are activated abilities (CR 702): a permanent card with one has an activated ability.
ACTIVATED_KEYWORDS = frozenset({
    "Equip", "Crew", "Cycling", "Ninjutsu", "Reconfigure", "Level up", "Outlast", "Scavenge", "Unearth",
    "Embalm", "Eternalize", "Channel", "Boast", "Transmute", "Forecast", "Reinforce", "Fortify", "Morph",
    "Megamorph", "Disguise", "Craft", "Exhaust", "Station", "Landcycling", "Basic landcycling", "Typecycling",
})
_BASIC_TYPES = frozenset({"Plains", "Island", "Swamp", "Mountain", "Forest"})  # intrinsic "{T}: Add"
_ACTIVATED_LINE = re.compile(r"^(?!Companion\b)[^\n:\"]{1,80}:\s", re.MULTILINE)


@dataclass(frozen=True)
class Entry:
    """One card of the starting deck and its copies."""

    card: Card
    copies: int


@dataclass
class CompanionCheck:
    """One companion's condition against the starting deck."""

    companion: str
    condition: str
    met: bool | None  # None: the rule reads something the data cannot tell
    breaks: list[str] = field(default_factory=list)  # cards of the starting deck that break it
    unsure: list[str] = field(default_factory=list)  # cards whose data cannot settle it

    def to_json(self) -> dict[str, object]:
        return {"companion": self.companion, "condition": self.condition, "met": self.met,
                "breaks": self.breaks, "unsure": self.unsure}


def _is_permanent(card: Card) -> bool:
    return bool(PERMANENT_TYPES & set(card.types))


def _mana_value(card: Card) -> int | None:
    """The mana value in a library; None for a split card (the offline data has one half only)."""
    if card.layout == "split" and " // " not in (card.mana_cost or ""):
        return None
    return int(card.mana_value)


def _costs(card: Card) -> list[str]:
    """Each mana cost the card has in a library (a split card's and an adventurer's halves apart)."""
    return [part.strip() for part in (card.mana_cost or "").split("//") if part.strip()]


def _has_activated_ability(card: Card) -> bool:
    if set(card.subtypes) & _BASIC_TYPES and "Land" in card.types:
        return True
    if set(card.keywords) & ACTIVATED_KEYWORDS:
        return True
    return bool(_ACTIVATED_LINE.search(card.oracle_text or ""))


Rule = Callable[[Sequence[Entry], int, int], tuple[list[str], list[str]]]


def _each(test: Callable[[Card], bool | None]) -> Rule:
    """A rule every card must pass: (cards that fail, cards it cannot tell)."""

    def rule(entries: Sequence[Entry], size: int, minimum: int) -> tuple[list[str], list[str]]:
        breaks, unsure = [], []
        for e in entries:
            verdict = test(e.card)
            if verdict is None:
                unsure.append(e.card.name)
            elif not verdict:
                breaks.append(e.card.name)
        return breaks, unsure

    return rule


def _mv_rule(ok: Callable[[int], bool], *, lands_free: bool, permanents_only: bool = False) -> Rule:
    def test(card: Card) -> bool | None:
        if lands_free and "Land" in card.types:
            return True
        if permanents_only and not _is_permanent(card):
            return True
        mv = _mana_value(card)
        return None if mv is None else ok(mv)

    return _each(test)


def _jegantha(card: Card) -> bool:
    for cost in _costs(card):
        symbols = Counter(parse_cost(cost))
        if any(n > 1 for n in symbols.values()):
            return False
    return True


def _kaheera(card: Card) -> bool:
    if "Creature" not in card.types:
        return True
    return bool(KAHEERA_TYPES & set(card.subtypes)) or "Changeling" in card.keywords


def _lutri(entries: Sequence[Entry], size: int, minimum: int) -> tuple[list[str], list[str]]:
    return [e.card.name for e in entries if "Land" not in e.card.types and e.copies > 1], []


def _umori(entries: Sequence[Entry], size: int, minimum: int) -> tuple[list[str], list[str]]:
    nonland = [e.card for e in entries if "Land" not in e.card.types]
    if not nonland:
        return [], []
    shared = set.intersection(*(set(c.types) for c in nonland))
    if shared:
        return [], []
    common = Counter(t for c in nonland for t in set(c.types)).most_common(1)[0][0]
    return [c.name for c in nonland if common not in c.types], []


def _yorion(entries: Sequence[Entry], size: int, minimum: int) -> tuple[list[str], list[str]]:
    return ([] if size >= minimum + 20 else [f"the deck has {size} cards, {minimum + 20} needed"]), []


RULES: dict[str, Rule] = {
    "Lurrus of the Dream-Den": _mv_rule(lambda mv: mv <= 2, lands_free=True, permanents_only=True),
    "Jegantha, the Wellspring": _each(_jegantha),
    "Kaheera, the Orphanguard": _each(_kaheera),
    "Keruga, the Macrosage": _mv_rule(lambda mv: mv >= 3, lands_free=True),
    "Lutri, the Spellchaser": _lutri,
    "Obosh, the Preypiercer": _mv_rule(lambda mv: mv % 2 == 1, lands_free=True),
    "Gyruda, Doom of Depths": _mv_rule(lambda mv: mv % 2 == 0, lands_free=False),
    "Umori, the Collector": _umori,
    "Yorion, Sky Nomad": _yorion,
    "Zirda, the Dawnwaker": _each(lambda c: _has_activated_ability(c) if _is_permanent(c) else True),
}


def condition_text(card: Card) -> str:
    """The companion condition as printed ("Each permanent card ... 2 or less.")."""
    first = (card.oracle_text or "").split("\n", 1)[0]
    text = first.split("—", 1)[1].strip() if "—" in first else first
    return re.sub(r"\s*\(If this card is your chosen companion.*$", "", text).strip()


def check_companion(companion: Card, entries: Sequence[Entry], *, size: int, minimum: int) -> CompanionCheck | None:
    """The companion's condition against the starting deck; None for a card with no known rule."""
    rule = RULES.get(companion.name)
    if rule is None:
        return None
    breaks, unsure = rule(entries, size, minimum)
    met = False if breaks else (None if unsure else True)
    return CompanionCheck(companion.name, condition_text(companion), met, sorted(set(breaks)), sorted(set(unsure)))
