"""Mana curve, average mana value, colored pips and card types of a deck."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from arena.analysis.deckview import DeckView
from arena.mana import has_variable, pips
from arena.models import COLORS

CURVE_KEYS: tuple[str, ...] = ("0", "1", "2", "3", "4", "5", "6", "7+")
TYPE_ORDER: tuple[str, ...] = (
    "Creature", "Planeswalker", "Instant", "Sorcery", "Enchantment", "Artifact", "Battle",
    "Kindred", "Land",
)


def curve(view: DeckView) -> dict[str, Any]:
    """Nonland copies by mana value ("7+" at the top); X spells are also listed under "X" by
    their mana value with X = 0. A spell//land modal card counts as the spell it is cast as."""
    result: dict[str, Any] = dict.fromkeys(CURVE_KEYS, 0)
    xs: dict[str, int] = {}
    for slot in view.spells:
        mv = slot.card.mana_value
        result["7+" if mv >= 7 else str(mv)] += slot.copies
        if has_variable(slot.card.mana_cost):
            xs[str(mv)] = xs.get(str(mv), 0) + slot.copies
    result["X"] = dict(sorted(xs.items(), key=lambda kv: int(kv[0])))
    return result


def average_mv(view: DeckView) -> float:
    """Mean mana value over nonland copies (X = 0), 2 decimals; 0.0 without spells."""
    copies = sum(s.copies for s in view.spells)
    if not copies:
        return 0.0
    return round(sum(s.card.mana_value * s.copies for s in view.spells) / copies, 2)


@lru_cache(maxsize=8192)
def _pips(cost: str) -> tuple[tuple[str, int], ...]:
    return tuple((c, n) for c, n in pips(cost).items() if n)


def pip_counts(view: DeckView) -> dict[str, int]:
    """Colored symbols in nonland costs, times copies; a hybrid symbol counts for each color."""
    totals: dict[str, int] = dict.fromkeys(COLORS, 0)
    for slot in view.spells:
        for color, n in _pips(slot.card.mana_cost or ""):
            totals[color] += n * slot.copies
    return totals


def type_counts(view: DeckView) -> dict[str, int]:
    """Copies by card type in the deck (main + commander); an artifact creature counts twice."""
    counts: dict[str, int] = {}
    for slot in view.main + view.commander:
        for card_type in slot.card.types:
            counts[card_type] = counts.get(card_type, 0) + slot.copies
    order = {t: i for i, t in enumerate(TYPE_ORDER)}
    return dict(sorted(counts.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0])))
