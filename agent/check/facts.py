"""What the facts say, in the shape the verifier asks for it.

``FactView`` wraps one turn's facts (JSON dicts, as the agent records them), the deck's
copies per card, its format and the catalog. Derived views (land check, worst shortfall per
color) are computed once from the analysis when a turn did not record them, and land odds
are computed exactly on demand: a claim "X% to hit 4 lands by turn 4 on the draw" is checked
against that very figure, not against whatever percentage happens to be in the facts.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from arena.analysis.odds import cards_seen, land_odds
from arena.mana import parse_cost, symbol_colors
from arena.models import Card
from arena.names import name_key


class CardLookup(Protocol):
    def get(self, name: str) -> Card | None: ...


def letters(code: Any) -> str:
    """A requirement's color code as WUBRG letters: "U/R" (hybrid) and "UR" (gold) read "UR"."""
    text = str(code or "")
    return "".join(c for c in "WUBRG" if c in text)


@dataclass
class FactView:
    """One turn's facts plus the deck they are about; every accessor returns None when unknown."""

    facts: Mapping[str, Any]
    catalog: CardLookup
    copies: Mapping[str, int] = field(default_factory=dict)  # name_key(card) -> main-deck copies
    fmt: str | None = None
    _cards: dict[str, Card | None] = field(default_factory=dict, repr=False)

    @classmethod
    def build(
        cls, facts: Mapping[str, Any], catalog: CardLookup, *, deck_cards: Iterable[tuple[str, int]] = (),
        fmt: str | None = None,
    ) -> FactView:
        copies: dict[str, int] = {}
        for name, count in deck_cards:
            copies[name_key(name)] = copies.get(name_key(name), 0) + count
        return cls(facts, catalog, copies, fmt)

    # ---- the deck -------------------------------------------------------------------------

    @functools.cached_property
    def analysis(self) -> dict[str, Any]:
        value = self.facts.get("analysis")
        return value if isinstance(value, dict) else {}

    @property
    def has_deck(self) -> bool:
        return bool(self.analysis)

    @functools.cached_property
    def deck_colors(self) -> str | None:
        """The deck's colors as the analysis computed them (hybrid-aware there), WUBRG letters."""
        colors = self.analysis.get("colors")
        if colors is None and isinstance(self.analysis.get("archetype"), dict):
            colors = self.analysis["archetype"].get("colors")
        if colors is None:
            return None
        letters = colors if isinstance(colors, str) else "".join(str(c) for c in colors)
        return "".join(c for c in "WUBRG" if c in letters)

    def copies_of(self, card: str) -> int:
        return self.copies.get(name_key(card), 0)

    @property
    def knows_copies(self) -> bool:
        return bool(self.copies)

    def number(self, *path: str) -> float | None:
        """A number at ``path`` inside the facts (analysis keys first), or None."""
        for root in (self.analysis, self.facts):
            item: Any = root
            for key in path:
                item = item.get(key) if isinstance(item, dict) else None
            if isinstance(item, int | float) and not isinstance(item, bool):
                return float(item)
        return None

    @property
    def library_size(self) -> int | None:
        size = self.number("main_count") or self.number("deck_size") or self.number("library_size")
        return int(size) if size else None

    @functools.cached_property
    def land_check(self) -> dict[str, Any]:
        check = self.facts.get("land_check")
        if isinstance(check, dict):
            return check
        if not self.has_deck:
            return {}
        from agent.offline import derive_lands  # the same arithmetic the offline plan records
        return derive_lands({"analysis": self.analysis})

    @functools.cached_property
    def requirements(self) -> list[dict[str, Any]]:
        rows = self.analysis.get("requirements") or []
        return [r for r in rows if isinstance(r, dict)]

    def requirement(self, card: str, color: str | None) -> dict[str, Any] | None:
        """The Karsten requirement of ``card`` (for ``color`` when given): the strictest row."""
        key = name_key(card)
        rows = [r for r in self.requirements if name_key(str(r.get("card", ""))) == key]
        rows += [r for r in (self.facts.get("mana_check") or {}).get("short", []) if name_key(str(r.get("card", ""))) == key]
        rows += [r for r in (self.facts.get("odds_answer") or {}).get("requirements") or []  # a sideboard card
                 if isinstance(r, dict) and name_key(str(r.get("card", ""))) == key]
        if color:
            exact = [r for r in rows if letters(r.get("color")) == color]
            rows = exact or [r for r in rows if set(color) <= set(letters(r.get("color")))]
        if not rows:
            return None
        return max(rows, key=lambda r: (int(r.get("shortfall") or 0), int(r.get("needed") or 0)))

    def worst_shortfall(self, color: str) -> int:
        """The largest Karsten shortfall among requirements of ``color``: 0 when it is fine."""
        worst = 0
        for row in self.requirements:
            if letters(row.get("color")) == color:
                worst = max(worst, int(row.get("shortfall") or 0))
        for row in (self.facts.get("mana_check") or {}).get("short", []):
            if letters(row.get("color")) == color:
                worst = max(worst, int(row.get("shortfall") or 0))
        return worst

    # ---- odds -----------------------------------------------------------------------------

    def land_probability(self, want: int, by_turn: int, on_play: bool, *, lands: int | None = None,
                         deck_size: int | None = None) -> float | None:
        """P(at least ``want`` lands by ``by_turn``), exact, for the deck or the stated numbers."""
        lands = lands if lands is not None else (int(self.number("lands") or -1))
        size = deck_size if deck_size is not None else self.library_size
        if lands is None or lands < 0 or not size or not 0 <= lands <= size or by_turn < 1 or want < 0:
            return None
        return land_odds(size, lands, want, by_turn, on_play)

    @staticmethod
    def seen(by_turn: int, on_play: bool) -> int:
        return cards_seen(by_turn, on_play=on_play)

    @property
    def odds_answer(self) -> dict[str, Any]:
        odds = self.facts.get("odds_answer")
        return odds if isinstance(odds, dict) else {}

    @functools.cached_property
    def opening(self) -> dict[str, Any]:
        """Keep rate, average lands and mulligan rates of the opener (exact where known)."""
        hands = dict(self.odds_answer) if ("keepable" in self.odds_answer or "exact" in self.odds_answer) else {}
        if not hands:
            hands = dict(((self.analysis.get("odds") or {}).get("opening_hands")) or {})
        exact = hands.get("exact") or {}
        return {
            "keepable": exact.get("keepable", hands.get("keepable")),
            "avg_lands": exact.get("avg_lands", hands.get("avg_lands")),
            "kept_at": exact.get("kept_at") or hands.get("kept_at") or {},
        }

    def on_curve(self, card: str) -> float | None:
        """P(casting ``card`` on curve), from the odds answer or the analysis' table."""
        key = name_key(card)
        odds = self.odds_answer
        if odds.get("card") and name_key(str(odds["card"])) == key:
            for k in ("probability", "p", "odds", "chance"):
                if isinstance(odds.get(k), int | float):
                    return float(odds[k])
        for row in (self.analysis.get("odds") or {}).get("cast_on_curve") or []:
            if isinstance(row, dict) and name_key(str(row.get("card", ""))) == key:
                return float(row.get("probability", 0.0))
        return None

    # ---- suggestions ----------------------------------------------------------------------

    def suggestion(self, card: str) -> tuple[str, int | None] | None:
        """("cut"|"add", count) when the suggestions name ``card``."""
        sugg = self.facts.get("suggestions")
        if not isinstance(sugg, dict):
            return None
        key = name_key(card)
        for direction in ("cuts", "adds"):
            for row in sugg.get(direction) or []:
                if isinstance(row, dict) and name_key(str(row.get("card", ""))) == key:
                    count = row.get("count")
                    return direction[:-1], int(count) if isinstance(count, int | float) else None
        return None

    # ---- cards ----------------------------------------------------------------------------

    def card(self, name: str) -> Card | None:
        """The catalog's card by exact name (any face, any spelling case), looked up once per check."""
        if name not in self._cards:
            self._cards[name] = self.catalog.get(name)
        return self._cards[name]

    def fits_colors(self, card: Card) -> bool | None:
        """Whether the deck's colors can pay for ``card`` (hybrid and Phyrexian symbols count)."""
        colors = self.deck_colors
        if colors is None:
            return None
        if not card.mana_cost:  # lands and cost-less cards: what they are, by identity
            identity = set(card.color_identity)
            return not identity or bool(identity & set(colors)) or colors == ""
        for symbol in parse_cost(card.mana_cost):
            options = set(symbol_colors(symbol))
            if not options or "P" in symbol.split("/") or any(p.isdigit() for p in symbol.split("/")):
                continue  # generic, colorless, Phyrexian (life) or {2/W} (generic) halves
            if not options & set(colors):
                return False
        return True

    def legal_status(self, card: Card, fmt: str | None = None) -> str | None:
        fmt = fmt or self.fmt
        if not fmt or not card.legalities:
            return None
        return card.legalities.get(fmt, "not_legal")
