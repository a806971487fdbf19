"""Matchup reasoning grounded in lists: the opponent's snapshot list against the player's deck.

No win percentages: nothing here can measure one. What it can do is read the opponent's
list card by card (its threats, its interaction, how cheap it is), compare that with the
player's deck analysis, and pick sideboard ideas from cards that tournament players ran in
the same format, in the player's colours, each for a named reason.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from arena.analysis.interaction import categories, normalized_text
from arena.meta.overview import CardLookup, deck_facts
from arena.meta.snapshot import MetaDeck, MetaSnapshot
from arena.models import Card

INTERACTION = ("removal", "counterspells", "board_wipes", "discard", "bounce", "graveyard_hate")
_GRAVEYARD_USE = re.compile(r"\b(?:from your graveyard|cascade|flashback|escape|delve|reanimate|unearth)\b")
_UNCOUNTERABLE = re.compile(r"can't be countered")
# "target permanent that's one or more colors" (Ugin) cannot touch a colorless artifact.
_ARTIFACT_REMOVAL = re.compile(r"(?:destroy|exile) (?:up to \w+ )?target (?:artifact|artifact or enchantment|nonland permanent|permanent)(?! that's one or more colors)")
_ENCHANTMENT_REMOVAL = re.compile(r"(?:destroy|exile) (?:up to \w+ )?target (?:enchantment|artifact or enchantment|nonland permanent|permanent)")
CHEAP = 2  # mana value counted as "cheap" for speed and early interaction


@dataclass(frozen=True, slots=True)
class Need:
    """A job the player's sideboard should do in this matchup, and the opponent fact behind it."""

    role: str  # "cheap removal", "graveyard hate", ...
    because: str


@dataclass
class MatchupReport:
    """Facts for a 'how do I beat X' answer; ``opponent`` is None when no list matched."""

    asked: str
    format: str
    opponent: dict[str, Any] | None
    player: dict[str, Any] | None
    observations: list[dict[str, str]] = field(default_factory=list)
    sideboard: list[dict[str, Any]] = field(default_factory=list)
    available: list[str] = field(default_factory=list)  # archetypes the snapshot has in the format
    as_of: str = ""

    def to_facts(self) -> dict[str, Any]:
        name = self.opponent["archetype"] if self.opponent else None
        summary = (f"{name} list from {self.opponent['date_label']}: {len(self.observations)} points, "
                   f"{len(self.sideboard)} sideboard ideas" if self.opponent
                   else f"no {self.format} list for {self.asked!r} in the snapshot")
        return {
            "asked": self.asked, "format": self.format, "as_of": self.as_of, "opponent": self.opponent,
            "player": self.player, "observations": self.observations, "sideboard": self.sideboard,
            "available": self.available, "summary": summary,
        }


def _cards(deck: MetaDeck, catalog: CardLookup) -> list[tuple[Card, int]]:
    found = []
    for name, count in deck.cards:
        card = catalog.get(name)
        if card is not None:
            found.append((card, count))
    return found


def _is_threat(card: Card) -> bool:
    types = set(card.types)
    return bool(types & {"Creature", "Planeswalker"}) or (
        "create" in normalized_text(card) and "creature token" in normalized_text(card)
    )


def opponent_profile(deck: MetaDeck, catalog: CardLookup) -> dict[str, Any]:
    """The list's threats, interaction and speed, counted from its cards' oracle text."""
    cards = _cards(deck, catalog)
    spells = [(c, n) for c, n in cards if not c.is_land]
    nonland = sum(n for _, n in spells)
    threats = sorted(((c, n) for c, n in spells if _is_threat(c)), key=lambda p: (-p[1], p[0].mana_value))
    interaction: dict[str, dict[str, Any]] = {}
    for category in INTERACTION:
        members = [(c, n) for c, n in spells if category in categories(c)]
        if members:
            interaction[category] = {"count": sum(n for _, n in members), "cards": [c.name for c, _ in members]}
    creatures = [(c, n) for c, n in spells if "Creature" in c.types]
    creature_count = sum(n for _, n in creatures)
    total_mv = sum(c.mana_value * n for c, n in spells)
    graveyard = [(c, n) for c, n in spells if _GRAVEYARD_USE.search(normalized_text(c))]
    artifacts = sum(n for c, n in spells if "Artifact" in c.types)
    enchantments = sum(n for c, n in spells if "Enchantment" in c.types)
    return {
        **deck_facts(deck, catalog),
        "unresolved": [name for name, _ in deck.cards if catalog.get(name) is None],
        "threats": [{"card": c.name, "copies": n, "mana_value": c.mana_value, "type_line": c.type_line}
                    for c, n in threats[:6]],
        "interaction": interaction,
        "speed": {
            "nonland": nonland,
            "cheap_spells": sum(n for c, n in spells if c.mana_value <= CHEAP),
            "cheap_threats": sum(n for c, n in threats if c.mana_value <= CHEAP),
            "creatures": creature_count,
            "average_mv": round(total_mv / nonland, 2) if nonland else 0.0,
            "instants_sorceries": sum(n for c, n in spells if {"Instant", "Sorcery"} & set(c.types)),
        },
        "graveyard_cards": {"count": sum(n for _, n in graveyard), "cards": [c.name for c, _ in graveyard]},
        "artifacts": artifacts,
        "enchantments": enchantments,
    }


def player_profile(analysis: dict[str, Any], card_names: Iterable[str], catalog: CardLookup) -> dict[str, Any]:
    """The player's side from their deck analysis, plus how much of their removal is cheap."""
    interaction = analysis.get("interaction") or {}
    counts = {k: int((interaction.get(k) or {}).get("count") or 0) for k in INTERACTION}
    names = set(card_names)
    cheap_removal = sorted(
        n for n in names
        if (card := catalog.get(n)) is not None and not card.is_land and card.mana_value <= CHEAP
        and "removal" in categories(card)
    )
    types = analysis.get("types") or {}
    return {
        "colors": str(analysis.get("colors") or ""),
        "average_mv": analysis.get("average_mv"),
        "creatures": int(types.get("Creature") or 0),
        "interaction": counts,
        "cheap_removal": cheap_removal,
        "archetype": (analysis.get("archetype") or {}).get("name"),
    }


def needs(opponent: dict[str, Any]) -> list[Need]:
    """The jobs this opponent's list asks of a sideboard, each with the count that shows it."""
    speed = opponent["speed"]
    inter = opponent["interaction"]
    found: list[Need] = []
    if speed["cheap_threats"] >= 8:
        found.append(Need("cheap removal", f"{speed['cheap_threats']} of its threats cost {CHEAP} or less"))
    if speed["creatures"] >= 16:
        found.append(Need("sweeper", f"it runs {speed['creatures']} creatures"))
    counters = (inter.get("counterspells") or {}).get("count", 0)
    if counters >= 4:
        found.append(Need("discard or uncounterable threats", f"it runs {counters} counterspells"))
    if speed["instants_sorceries"] >= 16:
        found.append(Need("counterspells", f"{speed['instants_sorceries']} of its cards are instants and sorceries"))
    if opponent["graveyard_cards"]["count"] >= 6:
        found.append(Need("graveyard hate", f"{opponent['graveyard_cards']['count']} of its cards use the graveyard"))
    if opponent["artifacts"] >= 10:
        found.append(Need("artifact removal", f"it runs {opponent['artifacts']} artifacts"))
    if opponent["enchantments"] >= 8:
        found.append(Need("enchantment removal", f"it runs {opponent['enchantments']} enchantments"))
    return found


def _fits(card: Card, role: str) -> bool:
    found, text = categories(card), normalized_text(card)
    if role == "cheap removal":
        return "removal" in found and card.mana_value <= CHEAP
    if role == "sweeper":
        return "board_wipes" in found
    if role == "discard or uncounterable threats":
        return "discard" in found or bool(_UNCOUNTERABLE.search(text))
    if role == "counterspells":
        return "counterspells" in found
    if role == "graveyard hate":
        return "graveyard_hate" in found
    if role == "artifact removal":
        return bool(_ARTIFACT_REMOVAL.search(text))
    if role == "enchantment removal":
        return bool(_ENCHANTMENT_REMOVAL.search(text))
    return False


def sideboard_ideas(snapshot: MetaSnapshot, fmt: str, roles: list[Need], catalog: CardLookup, *,
                    colors: str | None, exclude: Collection[str] = (), per_role: int = 2) -> list[dict[str, Any]]:
    """Cards from the format's tournament lists that do each job, in ``colors`` when given."""
    frequency = snapshot.card_frequency(fmt)
    ranked = sorted(frequency.values(), key=lambda f: (-f.decks, -f.copies, f.name))
    ideas: list[dict[str, Any]] = []
    used: set[str] = set(exclude)
    for need in roles:
        picked = 0
        for freq in ranked:
            if picked >= per_role:
                break
            card = catalog.get(freq.name)
            if card is None or card.is_land or card.name in used:
                continue
            if colors is not None and not set(card.colors) <= set(colors):
                continue
            if not _fits(card, need.role):
                continue
            legal = card.legalities.get(fmt) if card.legalities else None
            if legal is not None and legal != "legal":
                continue  # imported Scryfall data says it left the format (a ban since the snapshot)
            used.add(card.name)
            picked += 1
            ideas.append({
                "card": card.name, "role": need.role, "because": need.because, "mana_cost": card.mana_cost,
                "colors": "".join(card.colors), "seen_in_lists": freq.decks, "copies_in_lists": freq.copies,
                "legality": legal or "seen in this format's tournament lists",
                # Arena ids come with a Scryfall import; without one, Arena availability is unknown.
                "on_arena": (card.arena_id is not None) if card.legalities else None,
            })
    return ideas


def _observations(opponent: dict[str, Any], player: dict[str, Any] | None) -> list[dict[str, str]]:
    speed, inter = opponent["speed"], opponent["interaction"]
    points = [{
        "point": "speed",
        "text": (f"{speed['cheap_spells']} of its {speed['nonland']} spells cost {CHEAP} or less "
                 f"(average mana value {speed['average_mv']})"),
    }]
    if opponent["threats"]:
        named = ", ".join(f"{t['copies']} {t['card']}" for t in opponent["threats"][:3])
        points.append({"point": "threats", "text": f"its main threats: {named}"})
    if inter:
        counted = ", ".join(f"{v['count']} {k.replace('_', ' ')}" for k, v in inter.items())
        points.append({"point": "interaction", "text": f"its interaction: {counted}"})
    if player is None:
        return points
    mine = player["interaction"]
    removal, cheap = mine["removal"], len(player["cheap_removal"])
    if speed["cheap_threats"] >= 8:
        points.append({"point": "early game", "text": (
            f"you run {removal} removal spells, {cheap} of them at {CHEAP} mana or less, against "
            f"{speed['cheap_threats']} cheap threats")})
    counters = (inter.get("counterspells") or {}).get("count", 0)
    if counters >= 4 and isinstance(player.get("average_mv"), int | float):
        points.append({"point": "counters", "text": (
            f"they hold {counters} counterspells and your spells average {player['average_mv']} mana; "
            "cheaper threats, two spells a turn, or discard first get under them")})
    wipes = (inter.get("board_wipes") or {}).get("count", 0)
    if wipes and player["creatures"] >= 12:
        points.append({"point": "sweepers", "text": (
            f"they run {wipes} sweepers and you run {player['creatures']} creatures; hold some back")})
    return points


def matchup_report(snapshot: MetaSnapshot, catalog: CardLookup, opponent: str, fmt: str, *,
                   player_analysis: dict[str, Any] | None = None,
                   player_cards: Collection[str] = ()) -> MatchupReport:
    """Read the newest list of ``opponent`` in ``fmt`` (high-confidence lists first) against the player."""
    fmt = fmt.lower()
    matches = snapshot.find(opponent, fmt)
    available = sorted({d.archetype for d in snapshot.decks(fmt)})
    report = MatchupReport(asked=opponent, format=fmt, opponent=None, player=None, available=available,
                           as_of=snapshot.as_of.label)
    if not matches:
        return report
    deck = sorted(matches, key=lambda d: (d.high_confidence, d.date.sort_key), reverse=True)[0]
    report.opponent = opponent_profile(deck, catalog)
    if player_analysis:
        report.player = player_profile(player_analysis, player_cards, catalog)
    report.observations = _observations(report.opponent, report.player)
    colors = report.player["colors"] if report.player else None
    report.sideboard = sideboard_ideas(snapshot, fmt, needs(report.opponent), catalog,
                                       colors=colors, exclude=player_cards)
    return report
