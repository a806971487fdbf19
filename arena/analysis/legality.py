"""Format legality (deck rules and each card's status) and the wildcard cost of a deck.

Card status comes from the catalog's ``legalities`` (a Scryfall import fills them; the offline
corpus has none). Deck rules — size, sideboard, copies, singleton, commander and color
identity — are checked from the list itself, so a deck can be ``not_legal`` even when the
card data is unknown, but never ``legal`` without it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from arena.analysis.cardfacts import is_basic
from arena.analysis.deckview import DeckView, Slot
from arena.models import Card

FORMATS: tuple[str, ...] = (
    "standard", "alchemy", "historic", "explorer", "pioneer", "timeless",
    "brawl", "historicbrawl", "standardbrawl",
)
BRAWL_FORMATS = frozenset({"brawl", "historicbrawl", "standardbrawl"})
# Scryfall's "brawl" key has meant both Arena's 60-card and its 100-card Brawl over the years.
BRAWL_SIZES: dict[str, tuple[int, ...]] = {
    "brawl": (60, 100), "historicbrawl": (100,), "standardbrawl": (60,),
}
CONSTRUCTED_MIN = 60
SIDEBOARD_MAX = 15
COPY_LIMIT = 4
RARITIES: tuple[str, ...] = ("common", "uncommon", "rare", "mythic")
_ANY_NUMBER_RE = re.compile(r"a deck can have any number of cards named", re.IGNORECASE)
_UP_TO_RE = re.compile(r"a deck can have up to (\w+) cards named", re.IGNORECASE)
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10}


def copy_limit(card: Card, singleton: bool) -> int | None:
    """Most copies a deck may hold (None: any number — basic lands, Relentless Rats)."""
    return _copy_limit(card.oracle_text, is_basic(card), singleton)


@lru_cache(maxsize=8192)
def _copy_limit(text: str, basic: bool, singleton: bool) -> int | None:
    if basic or _ANY_NUMBER_RE.search(text):
        return None
    match = _UP_TO_RE.search(text)
    if match:
        word = match.group(1).lower()
        return int(word) if word.isdigit() else _NUMBERS.get(word, COPY_LIMIT)
    return 1 if singleton else COPY_LIMIT


def copies_by_card(view: DeckView) -> dict[str, tuple[Card, int]]:
    """Copies a player must own of each card: main + commander + the larger of sideboard and
    companion (Arena lists the companion in both Companion and Sideboard)."""
    totals: dict[str, tuple[Card, int]] = {}

    def add(slots: list[Slot]) -> dict[str, int]:
        seen: dict[str, int] = {}
        for slot in slots:
            seen[slot.card.name] = seen.get(slot.card.name, 0) + slot.copies
            totals.setdefault(slot.card.name, (slot.card, 0))
        return seen

    main = add(view.main + view.commander)
    side = add(view.side)
    companion = add(view.companion)
    for name, (card, _) in totals.items():
        count = main.get(name, 0) + max(side.get(name, 0), companion.get(name, 0))
        totals[name] = (card, count)
    return totals


@dataclass(slots=True)
class FormatCheck:
    status: str = "legal"
    problems: list[dict[str, Any]] = field(default_factory=list)
    unknown_cards: list[str] = field(default_factory=list)

    def problem(self, reason: str, card: str | None = None) -> None:
        self.problems.append({"card": card, "reason": reason})

    def to_dict(self) -> dict[str, Any]:
        return {"status": self.status, "problems": self.problems, "unknown_cards": self.unknown_cards}


def _deck_rules(fmt: str, view: DeckView, copies: dict[str, tuple[Card, int]],
                limits: dict[tuple[str, bool], int | None], check: FormatCheck) -> None:
    singleton = fmt in BRAWL_FORMATS
    if singleton:
        sizes = BRAWL_SIZES[fmt]
        if view.deck_size not in sizes:
            wanted = " or ".join(str(s) for s in sizes)
            check.problem(f"too few or too many cards: {view.deck_size} with the commander, "
                          f"{fmt} needs exactly {wanted}")
        if not view.commander:
            check.problem(f"{fmt} needs a commander")
        identity = frozenset().union(*(frozenset(s.card.color_identity) for s in view.commander))
        for slot in view.commander:
            card = slot.card
            can_lead = ("Legendary" in card.supertypes and
                        ("Creature" in card.types or "Planeswalker" in card.types)) or \
                "can be your commander" in card.oracle_text
            if not can_lead:
                check.problem("a commander must be a legendary creature or planeswalker", card.name)
        if view.commander:
            for slot in view.main:
                outside = set(slot.card.color_identity) - identity
                if outside:
                    check.problem(f"color identity {''.join(sorted(outside))} is outside the "
                                  "commander's", slot.card.name)
        if view.side_count:
            check.problem(f"{fmt} decks have no sideboard ({view.side_count} cards in it)")
    else:
        if view.main_count < CONSTRUCTED_MIN:
            check.problem(f"too few cards: {view.main_count} in the main deck, at least "
                          f"{CONSTRUCTED_MIN} needed")
        if view.side_count > SIDEBOARD_MAX:
            check.problem(f"sideboard has {view.side_count} cards, at most {SIDEBOARD_MAX}")
        if view.commander:
            check.problem(f"{fmt} decks have no commander")
    for name, (_card, count) in copies.items():
        limit = limits[(name, singleton)]
        if limit is not None and count > limit:
            check.problem(f"too many copies: {count}, at most {limit}", name)


def check_format(fmt: str, view: DeckView, copies: dict[str, tuple[Card, int]] | None = None,
                 limits: dict[tuple[str, bool], int | None] | None = None) -> FormatCheck:
    """Deck rules and card legality for one format."""
    copies = copies if copies is not None else copies_by_card(view)
    if limits is None:
        limits = _limits(copies)
    check = FormatCheck()
    _deck_rules(fmt, view, copies, limits, check)
    for name, (card, _) in copies.items():
        status = card.legalities.get(fmt) if card.legalities else None
        if status is None:
            check.unknown_cards.append(name)
        elif status == "banned":
            check.problem(f"banned in {fmt}", name)
        elif status == "not_legal":
            check.problem(f"not in {fmt}", name)
    if check.problems:
        check.status = "not_legal"
    elif check.unknown_cards:
        check.status = "unknown"
    return check


def _limits(copies: dict[str, tuple[Card, int]]) -> dict[tuple[str, bool], int | None]:
    return {(name, singleton): copy_limit(card, singleton)
            for name, (card, _) in copies.items() for singleton in (False, True)}


def legality(view: DeckView) -> tuple[dict[str, str], dict[str, dict[str, Any]]]:
    """Per format: the status, and the details (problems, cards without legality data)."""
    copies = copies_by_card(view)
    limits = _limits(copies)
    checks = {fmt: check_format(fmt, view, copies, limits) for fmt in FORMATS}
    return ({fmt: c.status for fmt, c in checks.items()},
            {fmt: c.to_dict() for fmt, c in checks.items()})


def wildcards(view: DeckView) -> dict[str, int] | None:
    """Wildcards to craft every non-basic card of the list, by rarity; None if any is unknown."""
    counts = dict.fromkeys(RARITIES, 0)
    for card, copies in copies_by_card(view).values():
        if is_basic(card):
            continue
        if not card.rarity:
            return None
        counts[card.rarity] = counts.get(card.rarity, 0) + copies
    return counts
