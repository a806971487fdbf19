"""The cost a deck really pays for a card, and the turn it is really cast, read from its text.

Karsten's requirement tables ask for sources "by the turn equal to the mana value"; his land
formula uses the average mana value. Both assume a card is cast for its printed cost. Many
decks don't: a Living End deck cycles its 6-drops for {1}, a Domain deck casts Scion of Draco for
two, an affinity deck pays little for Thoughtcast. Counting those at their printed cost tells a
15-land cascade deck to play 27 lands. So each card gets an *effective* cost, with the reason:

- **from hand** (cycling, landcycling, "{1}{U}, Discard this card:", channel): a card of mana
  value 4 or more with such an ability costing 2 or less counts at that cost; it is a soft
  requirement (you use it when you can, not on a set turn);
- **no mana cost** (Living End: suspend only): never cast for mana; counted at 0, no requirement;
- **domain** ("costs {2} less ... for each basic land type among lands you control"): reduced
  by the basic land types the deck's two best lands give together (a triome and a shock: 5);
- **artifacts** (affinity for artifacts, improvise, "for each artifact you control"): reduced by
  1, 2 or 3 when the deck runs 4, 8 or 12+ artifacts costing 0-1;
- **graveyard** (delve, "for each instant and sorcery card in your graveyard"): reduced by up
  to 3 generic mana, the graveyard a deck usually has when it casts them;
- **X spells**: X = 2 for the turn it is cast and its requirement (X = 0 is not a real play);
  the land formula keeps X = 0, as Karsten's regression was fit on printed mana values;
- **reactive one-mana instants** (Spell Pierce, Burst Lightning) are held up or cast later, so
  their turn-one requirement is soft: counted against all sources, advice rather than a flaw;
- **alternative costs** ("rather than pay this spell's mana cost", "Evoke—Exile"): soft.

Colored pips are never reduced: a cost reducer lowers generic mana only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import combinations

from arena.analysis.cardfacts import BASIC_LAND_TYPES, card_key
from arena.analysis.deckview import DeckView
from arena.analysis.interaction import normalized_text
from arena.mana import has_variable, mana_value, parse_cost
from arena.models import Card

X_USUAL = 2
GRAVEYARD_USUAL = 3
_FROM_HAND_RE = re.compile(r"(?:^|\n)(?:\w+cycling|cycling|channel\s*[—-])\s*((?:\{[^}]+\})+)|"
                           r"(?:^|\n)((?:\{[^}]+\})+), discard this card:", re.IGNORECASE)
_CYCLE_LIFE_RE = re.compile(r"\b(\w*cycling)\s*[—-]\s*pay \d+ life", re.IGNORECASE)
_DOMAIN_RE = re.compile(r"costs \{(\d+)\} less to cast for each basic land type among lands you control")
_ARTIFACT_RE = re.compile(r"affinity for artifacts|\bimprovise\b|costs \{1\} less to cast for each artifact you control")
_GRAVEYARD_RE = re.compile(r"\bdelve\b|costs \{1\} less to cast for each (?:instant and sorcery )?card in your graveyard")
_ALT_COST_RE = re.compile(r"rather than pay this spell's mana cost|\bevoke\s*[—-]\s*exile", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Effective:
    """What the deck pays for one card: its mana value, and the colored part of its cost."""

    mana_value: int
    cost: str
    adjustment: str | None = None
    soft: bool = False
    cast: bool = True
    x_spell: bool = False
    earliest_turn: int = 1  # a reduction needs permanents in play first (two lands for domain)

    @property
    def turn(self) -> int:
        return max(self.mana_value, self.earliest_turn, 1)


def _colored(cost: str) -> str:
    """The cost without its generic and X symbols."""
    return "".join(f"{{{s}}}" for s in parse_cost(cost) if not s.isdigit() and s not in ("X", "Y", "Z"))


def _reduced(card: Card, by: int) -> tuple[int, str]:
    colored = _colored(card.mana_cost)
    generic = max(card.mana_value - int(mana_value(colored) or 0), 0)
    left = max(generic - by, 0)
    return left + int(mana_value(colored) or 0), (f"{{{left}}}" if left else "") + colored


@dataclass(frozen=True, slots=True)
class DeckContext:
    """What a card's cost depends on in this deck."""

    domain_types: int
    cheap_artifacts: int

    @classmethod
    def of(cls, view: DeckView) -> DeckContext:
        typed = [frozenset(t for t in s.card.subtypes if t in BASIC_LAND_TYPES) for s in view.main if s.card.is_land]
        typed = [t for t in set(typed) if t]
        best = max((len(a | b) for a, b in combinations(typed, 2)), default=max((len(t) for t in typed), default=0))
        artifacts = sum(s.copies for s in view.spells if "Artifact" in s.card.types and s.card.mana_value <= 1)
        return cls(best, artifacts)

    @property
    def artifacts_in_play(self) -> int:
        return 3 if self.cheap_artifacts >= 12 else 2 if self.cheap_artifacts >= 8 else 1 if self.cheap_artifacts >= 4 else 0


_CACHE: dict[tuple[tuple[str, str, str, str], DeckContext], Effective] = {}
_CACHE_LIMIT = 8192


def effective_cost(card: Card, context: DeckContext) -> Effective:
    """The cost ``card`` is really paid with in a deck described by ``context`` (cached)."""
    key = (card_key(card), context)
    found = _CACHE.get(key)
    if found is None:
        found = _effective(card, context)
        if len(_CACHE) >= _CACHE_LIMIT:
            _CACHE.clear()
        _CACHE[key] = found
    return found


def _effective(card: Card, context: DeckContext) -> Effective:
    text = normalized_text(card)
    mv = card.mana_value
    if not card.mana_cost:
        if "suspend" in text:
            return Effective(0, "", f"{card.name} has no mana cost: it is cast for free (cascade) or "
                             "suspended, never paid for", cast=False)
        return Effective(0, "")
    from_hand = _from_hand(card)
    if from_hand is not None and mv >= 4 and from_hand[0] <= 2:
        value, cost, how = from_hand
        return Effective(value, cost, f"counted at its {how} cost {cost or '(life)'} (mana value {value}), "
                         f"not its printed {mv}: decks play it to use from hand", soft=True)
    domain = _DOMAIN_RE.search(text)
    if domain and context.domain_types:
        by = int(domain.group(1)) * context.domain_types
        value, cost = _reduced(card, by)
        return Effective(value, cost, f"domain: {context.domain_types} basic land types from two of the "
                         f"deck's lands make it cost {value}, not {mv}, from turn 2", earliest_turn=2)
    if _ARTIFACT_RE.search(text) and context.artifacts_in_play:
        value, cost = _reduced(card, context.artifacts_in_play)
        return Effective(value, cost, f"artifacts: with {context.cheap_artifacts} artifacts costing 0-1 in "
                         f"the deck, counted with {context.artifacts_in_play} in play: {value}, not {mv}, "
                         "from turn 2", earliest_turn=2)
    if _GRAVEYARD_RE.search(text):
        value, cost = _reduced(card, GRAVEYARD_USUAL)
        return Effective(value, cost, f"graveyard: counted with {GRAVEYARD_USUAL} cards paying for it: "
                         f"{value}, not {mv}, from turn 3", earliest_turn=3)
    if has_variable(card.mana_cost):
        value = mv + X_USUAL * card.mana_cost.upper().count("{X}")
        return Effective(value, card.mana_cost, f"X spell: cast with X = {X_USUAL}, on turn {max(value, 1)}",
                         x_spell=True)
    if _ALT_COST_RE.search(card.oracle_text):
        return Effective(mv, card.mana_cost, "can be cast without mana (an alternative cost): a soft "
                         "requirement", soft=True)
    if mv <= 1 and "Instant" in card.types:
        return Effective(mv, card.mana_cost, "a one-mana instant is held up or cast later, not needed on "
                         "turn one: a soft requirement, counted against all sources", soft=True)
    return Effective(mv, card.mana_cost)


def _from_hand(card: Card) -> tuple[int, str, str] | None:
    """The cheapest way to use the card from hand (cycling, landcycling, channel, discard)."""
    text = card.oracle_text.split("\n//\n")[0]
    best: tuple[int, str, str] | None = None
    if _CYCLE_LIFE_RE.search(text):
        best = (0, "", _CYCLE_LIFE_RE.search(text).group(1).lower())  # type: ignore[union-attr]
    for match in _FROM_HAND_RE.finditer(text):
        cost = match.group(1) or match.group(2)
        how = match.group(0).strip().split()[0].rstrip("—-").lower() if match.group(1) else "discard"
        if how.startswith("{"):
            how = "discard"
        value = int(mana_value(cost) or 0)
        if best is None or value < best[0]:
            best = (value, cost, how)
    return best
