"""The value types every part of the deck engine shares: cards, matches, decks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Color = Literal["W", "U", "B", "R", "G"]
COLORS: tuple[Color, ...] = ("W", "U", "B", "R", "G")

SectionName = Literal["commander", "companion", "main", "side"]
SECTIONS: tuple[SectionName, ...] = ("commander", "companion", "main", "side")


@dataclass(frozen=True, slots=True)
class Card:
    """One card as the catalog knows it (oracle data, plus Scryfall data when imported).

    ``name`` is the full printed name (``"Fire // Ice"``); ``faces`` the face names in order.
    ``mana_value`` counts the front face only, with X as 0 (see ``arena.mana``).
    Fields from Scryfall (set, rarity, legalities, prices...) are empty until an import.
    """

    name: str
    faces: tuple[str, ...]
    mana_cost: str  # front face cost, "" for lands and cards without a cost
    mana_value: int
    colors: tuple[Color, ...]  # derived from the mana cost, WUBRG order
    color_identity: tuple[Color, ...]
    type_line: str
    types: tuple[str, ...]  # "Creature", "Land", ...
    subtypes: tuple[str, ...]
    supertypes: tuple[str, ...]
    oracle_text: str  # all faces, joined by "\n//\n" for multi-face cards
    layout: str
    power: str | None = None
    toughness: str | None = None
    loyalty: str | None = None
    keywords: tuple[str, ...] = ()
    # From a Scryfall import or API lookup (None / empty when unknown):
    set_code: str | None = None
    rarity: str | None = None  # common, uncommon, rare, mythic, special, bonus
    legalities: dict[str, str] = field(default_factory=dict)  # format -> legal/not_legal/banned/restricted
    arena_id: int | None = None
    prices: dict[str, str | None] = field(default_factory=dict)  # usd, usd_foil, eur, tix
    purchase_uris: dict[str, str] = field(default_factory=dict)  # tcgplayer, cardmarket, cardhoarder
    image_uri: str | None = None
    scryfall_uri: str | None = None
    produced_mana: tuple[str, ...] = ()  # Scryfall's produced_mana when known

    @property
    def is_land(self) -> bool:
        return "Land" in self.types

    @property
    def has_x(self) -> bool:
        return "{X}" in self.mana_cost


@dataclass(frozen=True, slots=True)
class CardMatch:
    """A fuzzy-lookup candidate: the catalog name and a 0-100 similarity score."""

    name: str
    score: float


@dataclass(slots=True)
class DeckEntry:
    """One line of a deck: as written, where it was, and the card it resolved to."""

    count: int
    name: str  # as the player wrote it (markers and set codes stripped)
    line: int  # 1-based line (or CSV row / XML element) number in the input
    card: Card | None = None
    set_code: str | None = None
    collector_number: str | None = None
    foil: bool = False

    @property
    def resolved_name(self) -> str:
        return self.card.name if self.card else self.name


@dataclass(frozen=True, slots=True)
class SkippedLine:
    """A line left out of the deck on purpose (a token row of a collection export), and why."""

    line: int
    text: str
    reason: str


@dataclass(slots=True)
class Deck:
    """A parsed deck: four sections of entries, and what format the input was in."""

    name: str | None = None
    format: str | None = None  # game format when known: standard, historic, brawl...
    source_format: str = "arena"  # arena, csv, mtgo_dek, json, text
    commander: list[DeckEntry] = field(default_factory=list)
    companion: list[DeckEntry] = field(default_factory=list)
    main: list[DeckEntry] = field(default_factory=list)
    side: list[DeckEntry] = field(default_factory=list)
    # Cards the input lists outside the deck (a Maybeboard): kept, not counted, not analysed.
    excluded: list[DeckEntry] = field(default_factory=list)
    # Lines read but left out on purpose (tokens): answers say so; nothing is dropped silently.
    skipped: list[SkippedLine] = field(default_factory=list)

    def section(self, name: SectionName) -> list[DeckEntry]:
        return getattr(self, name)

    def entries(self) -> list[tuple[SectionName, DeckEntry]]:
        return [(s, e) for s in SECTIONS for e in self.section(s)]

    @property
    def main_count(self) -> int:
        return sum(e.count for e in self.main)

    @property
    def side_count(self) -> int:
        return sum(e.count for e in self.side)
