"""Karsten's colored-source requirements per card, against the sources the deck has.

For each nonland card and each color it needs, the table gives the sources needed to cast it
on curve; we compare with the deck's sources. Following Karsten's own rules:

- a gold card (two or more colors) needs one more source of each of its colors, and as many
  sources making *any* of its colors as its total colored pips call for, plus one;
- a hybrid symbol ({W/U}) is not a requirement of one color: it is one of the pair, counted
  against sources that make either color;
- Phyrexian ({W/P}) and {2/W} symbols can be paid without the color, so they ask for nothing;
- {C} symbols need colorless sources, counted like a color;
- one-drops count only lands that can enter untapped (on turn one a tapped land makes no mana);
- the turn is the one the card is really cast on, from its effective cost
  (:mod:`arena.analysis.effective`: cycled cards at their cycling cost, domain and affinity
  reductions, X = 2); soft requirements (reactive one-mana instants, cycling, alternative costs)
  are shown but never reported as a shortfall of the deck.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from arena.analysis.cardfacts import mana_demand_of
from arena.analysis.deckview import DeckView
from arena.analysis.effective import Effective
from arena.analysis.karsten import pattern, sources_needed
from arena.analysis.sources import SourceCount
from arena.models import COLORS, Card


@dataclass(frozen=True, slots=True)
class Requirement:
    card: str
    copies: int
    color: str  # "R"; "UR" (gold: any of them); "W/U" (hybrid); "C" (colorless)
    kind: str  # color, gold, hybrid, colorless
    colors: frozenset[str]
    cost: str
    pattern: str
    mana_value: int
    pips: int
    turn: int
    needed: int
    have: int
    approximate: bool
    soft: bool = False
    effective_cost: str | None = None
    adjustment: str | None = None

    @property
    def shortfall(self) -> int:
        return max(0, self.needed - self.have)

    @property
    def hard_shortfall(self) -> int:
        """The shortfall that is a flaw of the deck (none for a soft requirement)."""
        return 0 if self.soft else self.shortfall

    def to_dict(self) -> dict[str, Any]:
        return {
            "card": self.card, "copies": self.copies, "color": self.color, "kind": self.kind,
            "cost": self.cost, "pattern": self.pattern, "turn": self.turn,
            "needed": self.needed, "have": self.have, "shortfall": self.hard_shortfall,
            "short_by": self.shortfall,
            "approximate": self.approximate, "soft": self.soft,
            "effective_cost": self.effective_cost, "adjustment": self.adjustment,
        }


def _ordered(colors: frozenset[str]) -> str:
    return "".join(c for c in (*COLORS, "C") if c in colors)


def card_requirements(view: DeckView, sources: SourceCount, table: int,
                      effective: dict[str, Effective]) -> list[Requirement]:
    """Every requirement of every distinct nonland card, most demanding shortfall first."""
    found: list[Requirement] = []
    for slot in view.spells:
        card = slot.card
        eff = effective[card.name]
        if not eff.cast:
            continue
        demand = mana_demand_of(eff.cost)
        turn = eff.turn
        untapped_only = turn <= 1 and not eff.soft
        card_types = frozenset(card.types) | frozenset(card.supertypes)
        gold = len(demand.single) >= 2
        groups: list[tuple[str, str, frozenset[str], int, int]] = [
            (color, "gold" if gold else "color", frozenset(color), n, 1 if gold else 0)
            for color, n in demand.single.items()
        ]
        if gold:
            total = sum(demand.single.values())
            colors = frozenset(demand.single)
            groups.append((_ordered(colors), "gold-any", colors, total, 1))
        for pair, n in demand.hybrid.items():
            groups.append(("/".join(c for c in COLORS if c in pair), "hybrid", pair, n, 0))
        if demand.colorless:
            groups.append(("C", "colorless", frozenset("C"), demand.colorless, 0))
        for label, kind, colors, n, bonus in groups:
            # Karsten's table is "by turn T": a cost cast on turn T with n pips reads as (T - n)C...
            generic = max(turn - n, 0)
            needed, approximate = sources_needed(table, generic, n)
            notes = [eff.adjustment] if eff.adjustment else []
            barred = sources.restricted_for(colors, card_types)
            if barred:
                notes.append(", ".join(f"{s.name} ({s.copies})" for s in barred) + " cannot pay for it "
                             "(its colored mana is only for other spells): not counted")
            found.append(Requirement(
                card=card.name, copies=slot.copies, color=label, kind=kind, colors=colors,
                cost=card.mana_cost, pattern=pattern(generic, n), mana_value=eff.mana_value, pips=n, turn=turn,
                needed=needed + bonus,
                have=sources.have(colors, untapped_only=untapped_only, card_types=card_types),
                approximate=approximate, soft=eff.soft,
                effective_cost=eff.cost if eff.cost != card.mana_cost else None,
                adjustment="; ".join(notes) or None,
            ))
    found.sort(key=lambda r: (-r.hard_shortfall, r.soft, -r.needed, r.card))
    return found


def color_summary(requirements: list[Requirement], sources: SourceCount) -> dict[str, Any]:
    """Per color: the card with the worst shortfall (or the highest need), what it needs and
    what the deck has for it (untapped sources only, for one-drops), and all sources of it."""
    summary: dict[str, Any] = {}
    for color in (*COLORS, "C"):
        mine = [r for r in requirements if r.kind in ("color", "gold", "colorless") and r.color == color]
        hard = [r for r in mine if not r.soft]
        if not mine:
            continue
        worst = max(hard or mine, key=lambda r: (r.hard_shortfall, r.needed))
        summary[color] = {
            "needed": worst.needed,
            "have": worst.have,
            "shortfall": worst.hard_shortfall,
            "card": worst.card,
            "pattern": worst.pattern,
            "untapped_only": worst.turn <= 1 and not worst.soft,
            "sources": sources.colorless if color == "C" else sources.sources[color],
            "cards_short": sorted({r.card for r in hard if r.shortfall}),
        }
    return summary


def outside_requirements(card: Card, sources: dict[str, int], table: int) -> list[dict[str, Any]]:
    """What a card outside the main deck (a sideboard card) asks of this deck's sources, per color.

    Read at its printed cost on the turn of its mana value (no cost reductions: the deck around
    it is unknown), against the deck's counted sources of each color.
    """
    demand = mana_demand_of(card.mana_cost or "")
    turn = max(int(card.mana_value), 1)
    rows = []
    for color, pips in demand.single.items():
        generic = max(turn - pips, 0)
        needed, approximate = sources_needed(table, generic, pips)
        have = int(sources.get(color, 0))
        rows.append({"card": card.name, "color": color, "pattern": pattern(generic, pips), "turn": turn,
                     "needed": needed, "have": have, "shortfall": max(needed - have, 0),
                     "approximate": approximate})
    return rows
