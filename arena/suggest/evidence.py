"""Where an addition may come from, and what says it is worth playing.

A suggestion engine that searches the whole card pool by text finds cards nobody plays; so
additions here come only with evidence: a card seen in real tournament lists of the deck's
format (the more similar the list to this deck, the more it counts), a card already in the
deck's sideboard, or, once Scryfall data is imported, a card Scryfall ranks as popular.
Every candidate must be castable with the deck's colors (hybrid pips by either color), legal
in its format and on Arena when that is known.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from arena.analysis.cardfacts import mana_demand
from arena.models import Card

# Formats played on MTG Arena: there a card must be on Arena to be suggested.
ARENA_FORMATS = frozenset({"standard", "alchemy", "historic", "explorer", "timeless", "brawl",
                           "standardbrawl", "historicbrawl", "arena"})
# A legality entry in any of these means the card exists on Arena.
_ARENA_ONLY = ("historic", "timeless", "alchemy", "brawl", "standardbrawl")
# Alchemy rebalanced (A-) cards are digital-only: fine where Alchemy cards are legal.
DIGITAL_FORMATS = frozenset({"alchemy", "historic", "timeless", "brawl", "historicbrawl"})
# A tournament list counts as "similar" when this share of its spells is also in the deck.
SIMILAR_SHARE = 0.3
FORMAT_ALIASES = {"historic_brawl": "brawl", "historicbrawl": "brawl", "pioneer": "explorer"}


@dataclass(frozen=True, slots=True)
class TournamentList:
    """A dated main deck from a real tournament, with where it was published."""

    name: str
    format: str
    date: str
    source: str
    cards: Mapping[str, int]


@dataclass(frozen=True, slots=True)
class Candidate:
    """A card that could come in, how strongly the evidence backs it, and what that evidence is."""

    card: Card
    weight: float
    evidence: str
    copies: int = 4  # how many copies the evidence plays (tournament lists, sideboard)


def normal_format(fmt: str | None) -> str | None:
    """``"Standard"`` → ``"standard"``; Scryfall's keys, with a few common aliases."""
    if not fmt:
        return None
    key = fmt.strip().lower().replace(" ", "")
    return FORMAT_ALIASES.get(key, key)


def on_arena(card: Card) -> bool | None:
    """True/False when the data says whether any printing is on Arena; None when unknown."""
    if card.arena_id is not None:
        return True
    if not card.legalities:
        return None
    return any(card.legalities.get(f, "not_legal") != "not_legal" for f in _ARENA_ONLY)


def legal_in(card: Card, fmt: str | None) -> bool | None:
    """Whether ``card`` is legal in ``fmt``; None when the format or the card's legality is unknown."""
    key = normal_format(fmt)
    if key is None or not card.legalities:
        return None
    if key not in card.legalities:
        return None
    return card.legalities[key] in ("legal", "restricted")


def castable_with(card: Card, colors: str, *, identity: bool = False) -> bool:
    """Whether ``colors`` can pay the card: each colored pip in them, a hybrid pip by either color.

    ``identity`` (Commander, Brawl) checks color identity instead, as those rules require.
    """
    allowed = set(colors)
    if identity:
        return set(card.color_identity) <= allowed
    demand = mana_demand(card)
    if not set(demand.single) <= allowed:
        return False
    return all(pair & allowed for pair in demand.hybrid)


def allowed_in(card: Card, fmt: str | None) -> tuple[bool, str | None]:
    """Whether a card may be suggested in ``fmt``, and what is unknown about it.

    Refuses cards known illegal, known not on Arena (for an Arena format), and Alchemy ``A-``
    cards outside the formats that allow digital-only cards.
    """
    key = normal_format(fmt)
    if card.name.startswith("A-") and key not in DIGITAL_FORMATS:
        return False, None
    legal = legal_in(card, key)
    if legal is False:
        return False, None
    if key in ARENA_FORMATS and on_arena(card) is False:
        return False, None
    return True, ("legality" if legal is None else None)


@dataclass(slots=True)
class Evidence:
    """What the engine knows about which cards are played: similar lists, the sideboard, ranks."""

    lists: list[tuple[TournamentList, float]] = field(default_factory=list)  # similar lists, overlap
    format_lists: list[TournamentList] = field(default_factory=list)  # every list of the format
    sideboard: dict[str, int] = field(default_factory=dict)
    ranks: Callable[[str], int | None] | None = None

    def list_share(self, name: str) -> float:
        """The share of similar tournament lists (overlap-weighted) that play ``name``."""
        total = sum(w for _, w in self.lists)
        if not total:
            return 0.0
        return sum(w for lst, w in self.lists if name in lst.cards) / total

    def popularity(self, name: str) -> int | None:
        """Scryfall's popularity rank (lower = more played) when imported."""
        return self.ranks(name) if self.ranks is not None else None

    def describe(self, name: str) -> str | None:
        """Which tournament lists play ``name``: the evidence a player can check."""
        playing = [lst for lst, _ in self.lists if name in lst.cards]
        if playing:
            best = playing[0]
            more = f" and {len(playing) - 1} more similar list{'s' if len(playing) > 2 else ''}" if len(playing) > 1 else ""
            return f"{best.cards[name]} in {best.name} ({best.date}){more}"
        seen = [lst for lst in self.format_lists if name in lst.cards]
        if seen:
            return f"played in {len(seen)} of {len(self.format_lists)} {seen[0].format} tournament lists ({seen[0].name}, {seen[0].date})"
        return None


def similar_lists(names: Iterable[str], lists: Sequence[TournamentList], fmt: str | None,
                  is_land: Callable[[str], bool]) -> list[tuple[TournamentList, float]]:
    """Lists of the deck's format (any, when unknown) sharing at least ``SIMILAR_SHARE`` of
    their spells with the deck, the most similar first."""
    mine = {n for n in names if not is_land(n)}
    key = normal_format(fmt)
    found: list[tuple[TournamentList, float]] = []
    for lst in lists:
        if key is not None and normal_format(lst.format) != key:
            continue
        spells = {n for n in lst.cards if not is_land(n)}
        if not spells or not mine:
            continue
        share = len(spells & mine) / min(len(spells), len(mine))
        if share >= SIMILAR_SHARE:
            found.append((lst, share))
    found.sort(key=lambda item: (-item[1], item[0].name))
    return found
