"""What a Player.log tells about the player: matches and the latest inventory."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

COLLECTION_NOTE = (
    "Player.log does not hold your card collection: the Arena client stopped writing it in "
    "2021. To compare a deck with what you own, export your collection as CSV (from a "
    "collection tracker) and give that file instead."
)


@dataclass(slots=True)
class Game:
    """One game of a match, from the local player's side."""

    number: int
    result: str | None  # "win", "loss", "draw"; None when the log does not say
    on_play: bool | None  # True when the player took the first turn


@dataclass(slots=True)
class DeckCard:
    """A card of the submitted deck: Arena id, copies and the name it maps to (None if unknown)."""

    arena_id: int
    count: int
    card: str | None = None


@dataclass(slots=True)
class Match:
    """One match as the log tells it."""

    match_id: str
    event: str | None = None
    started_at: str | None = None  # UTC ISO time
    player: str | None = None  # the local player's screen name
    opponent: str | None = None
    local_seat: int | None = None
    games: list[Game] = field(default_factory=list)
    result: str | None = None
    deck_name: str | None = None
    main: list[DeckCard] = field(default_factory=list)
    side: list[DeckCard] = field(default_factory=list)
    opponent_cards: list[DeckCard] = field(default_factory=list)  # count = copies seen at once
    complete: bool = False  # the log reached the match's end

    def to_json(self) -> dict[str, Any]:
        def cards(items: list[DeckCard]) -> list[dict[str, Any]]:
            return [{"card": c.card, "arena_id": c.arena_id, "count": c.count} for c in items]

        return {
            "match_id": self.match_id,
            "event": self.event,
            "started_at": self.started_at,
            "player": self.player,
            "opponent": self.opponent,
            "games": [{"game": g.number, "result": g.result, "on_play": g.on_play} for g in self.games],
            "result": self.result,
            "deck": {"name": self.deck_name, "main": cards(self.main), "side": cards(self.side)},
            "opponent_cards": cards(self.opponent_cards),
            "complete": self.complete,
        }


@dataclass(slots=True)
class Inventory:
    """The latest wildcard, gold and gem counts the log shows."""

    wildcards: dict[str, int] = field(default_factory=dict)
    gold: int | None = None
    gems: int | None = None
    line: int | None = None  # where in the log it was read

    def to_json(self) -> dict[str, Any]:
        return {"wildcards": self.wildcards, "gold": self.gold, "gems": self.gems}


@dataclass(slots=True)
class LogReport:
    """Everything read from one log, plus what could not be read."""

    matches: list[Match]
    inventory: Inventory | None
    unmapped_ids: list[int]
    entries: int
    skipped: int  # unreadable entries (bad JSON, cut off, oversize lines)
    player: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The documented JSON shape (plus counts and the collection note)."""
        empty: dict[str, Any] = {"wildcards": {}, "gold": None, "gems": None}
        return {
            "matches": [m.to_json() for m in self.matches],
            "inventory": self.inventory.to_json() if self.inventory else empty,
            "unmapped_ids": self.unmapped_ids,
            "player": self.player,
            "entries": self.entries,
            "skipped": self.skipped,
            "collection": None,
            "collection_note": COLLECTION_NOTE,
        }
