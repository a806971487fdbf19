"""Colored sources: which main-deck lands (and spell//land modal cards) make each color."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from arena.analysis.cardfacts import is_basic
from arena.analysis.deckview import DeckView
from arena.analysis.production import LandMana, land_mana, resolve
from arena.models import COLORS


@dataclass(frozen=True, slots=True)
class Source:
    """One distinct mana-making card of the library with the colors it makes in this deck."""

    name: str
    copies: int
    colors: frozenset[str]
    colorless: bool
    tapped: bool
    kind: str
    inferred: bool
    is_land: bool


@dataclass(slots=True)
class SourceCount:
    sources: dict[str, int]
    untapped: dict[str, int]
    colorless: int
    detail: list[Source]
    notes: list[str] = field(default_factory=list)
    _have: dict[tuple[frozenset[str], bool], int] = field(default_factory=dict)

    def have(self, colors: frozenset[str], *, untapped_only: bool = False) -> int:
        """Copies that make at least one of ``colors`` ("C" = colorless)."""
        key = (colors, untapped_only)
        if key not in self._have:
            self._have[key] = self._count(colors, untapped_only)
        return self._have[key]

    def _count(self, colors: frozenset[str], untapped_only: bool) -> int:
        return sum(
            s.copies for s in self.detail
            if (s.colors & colors or ("C" in colors and s.colorless))
            and not (untapped_only and s.tapped)
        )

    def to_detail(self) -> list[dict[str, Any]]:
        return [
            {"card": s.name, "copies": s.copies,
             "colors": "".join(c for c in COLORS if c in s.colors) + ("C" if s.colorless else ""),
             "kind": s.kind, "tapped": s.tapped, "inferred": s.inferred, "land": s.is_land}
            for s in self.detail
        ]


def _color_string(colors: frozenset[str]) -> str:
    return "".join(c for c in COLORS if c in colors)


def count_sources(view: DeckView, deck_colors: frozenset[str]) -> SourceCount:
    """Count sources per color, resolving lands whose colors depend on the rest of the deck."""
    found: list[tuple[str, int, LandMana, bool]] = []
    basic_colors: set[str] = set()
    for slot in view.main:
        mana = land_mana(slot.card)
        if mana is None:
            continue
        found.append((slot.card.name, slot.copies, mana, slot.card.is_land))
        if is_basic(slot.card):
            basic_colors |= mana.colors
    commander_colors = frozenset().union(*(frozenset(s.card.color_identity) for s in view.commander))
    fixed = frozenset().union(*(m.colors for _, _, m, _ in found if m.kind not in ("pool",)))
    notes: list[str] = []
    detail: list[Source] = []
    for name, copies, mana, is_land in found:
        colors = resolve(mana, basic_colors=frozenset(basic_colors), commander_colors=commander_colors,
                         pool_colors=fixed, deck_colors=deck_colors)
        detail.append(Source(name, copies, colors, mana.colorless, mana.tapped, mana.kind,
                             mana.inferred, is_land))
        notes.extend(_note(name, mana, colors, view))
    sources: dict[str, int] = {c: sum(s.copies for s in detail if c in s.colors) for c in COLORS}
    untapped: dict[str, int] = {c: sum(s.copies for s in detail if c in s.colors and not s.tapped) for c in COLORS}
    colorless = sum(s.copies for s in detail if s.colorless)
    return SourceCount(sources, untapped, colorless, detail, notes)


def _note(name: str, mana: LandMana, colors: frozenset[str], view: DeckView) -> list[str]:
    """Honest caveats for sources whose colors we did not read straight off the card."""
    shown = _color_string(colors) or "no color"
    if mana.kind == "modal":
        how = ("the offline card data has only its front face, so its land side was inferred "
               "from its colors" if mana.inferred else "its land side comes from Scryfall data")
        return [f"{name} is a spell//land modal card: counted as a {shown} source and as a "
                f"spell on the curve, not as a land; {how}. Karsten counts such a card as "
                "0.8 of a source (1 if mythic)."]
    if mana.kind == "pathway":
        extra = " (its back face is not in the offline data; its other color comes from the card's color identity)" if mana.inferred else ""
        return [f"{name} counts as a source of both {shown} colors, though each copy is played as "
                f"one side{extra}. Karsten counts a Pathway as a full source of each in a two-color "
                "deck, two-thirds in decks of three or more colors."]
    if mana.kind == "basic_fetch":
        extra = (" In a deck of three or more colors Karsten counts it as two-thirds of a source "
                 "of each, since you must choose." if len(colors) >= 3 else "")
        return [f"{name} finds a basic land: counted as a source of the deck's basics ({shown}).{extra}"]
    if mana.kind == "commander":
        if not view.commander:
            return [f"{name} makes only your commander's colors; the deck has no commander, so it "
                    "makes none here."]
        return [f"{name} makes your commander's colors ({shown})."]
    if mana.kind == "opponent":
        return [f"{name} depends on the opponent's lands; counted as a source of the deck's colors "
                f"({shown}); Karsten counts it as three-quarters of a source."]
    if mana.kind == "pool":
        return [f"{name} copies what your other lands make ({shown})."]
    return []
