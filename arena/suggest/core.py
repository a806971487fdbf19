"""Tell a deck's core (what its plan is built on) from its flex slots, and rank the cuts.

Core, in the order a player would name it: the cards of the deck's theme (landfall, domain,
energy, artifacts, spells-matter... when enough of the deck cares about it), its playsets of
spells, its finisher, its only removal. Everything else is a flex slot, ranked for cutting by
facts a player accepts: the mana cannot cast it, it is a one-of, it sits at the top of an
aggro curve, no tournament list of its format plays it. "What is my worst card?" and "what do I
cut for another copy of X?" both read this one ranking.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from arena.analysis.cardfacts import mana_demand
from arena.analysis.interaction import categories, normalized_text
from arena.models import COLORS, Card, Deck
from arena.suggest.evidence import Evidence
from arena.suggest.model import Ranked

COLOR_WORD: dict[str, str] = {"W": "white", "U": "blue", "B": "black", "R": "red", "G": "green"}
SPLASH_SHARE = 0.2  # a color with less than this share of the deck's colored pips is a splash

# A theme is the deck's when at least this share of its main deck (by copies) plays into it.
THEME_SHARE = 0.12


@dataclass(frozen=True, slots=True)
class Theme:
    """A plan a deck can be built on, recognised from the cards' own text."""

    name: str
    pattern: re.Pattern[str]
    keywords: tuple[str, ...] = ()


THEMES: tuple[Theme, ...] = (
    Theme("landfall", re.compile(r"landfall|whenever (?:a|one or more) lands? (?:you control )?enters?|"
                                 r"play an additional land|put a land card from your hand")),
    Theme("domain", re.compile(r"basic land types among lands you control|\bdomain\b")),
    Theme("energy", re.compile(r"\{e\}")),
    Theme("artifacts", re.compile(r"artifacts? you control|affinity for artifacts|for each artifact|"
                                  r"\bimprovise\b|metalcraft|artifact spells?|artifact creatures? you control"),
          ("Affinity", "Improvise", "Metalcraft")),
    Theme("spells", re.compile(r"noncreature spells?|instant (?:or|and) sorcery spells?|instant or sorcery card"),
          ("Prowess",)),
    Theme("graveyard", re.compile(r"from your graveyard|cards? in your graveyard|\bflashback\b|\bescape\b"),
          ("Flashback", "Escape", "Delve")),
    Theme("lifegain", re.compile(r"whenever you gain life|if you gained life")),
    Theme("+1/+1 counters", re.compile(r"\+1/\+1 counters? on (?:it|target|each|a creature)")),
    Theme("colorless Eldrazi", re.compile(r"colorless spells?|\beldrazi\b|annihilator")),
    Theme("storm", re.compile(r"\bstorm\b|copy (?:it|that spell) for each"), ("Storm",)),
)
STAPLE_RANK = 300  # Scryfall (EDHREC) popularity rank at or under which a card is a staple
_WIN_RE = re.compile(r"you win the game|each opponent loses|extra turn")


def as_dict(analysis: Any) -> dict[str, Any]:
    """The analysis as a plain dict, whether it came as a dict or a pydantic ``DeckAnalysis``."""
    if isinstance(analysis, Mapping):
        return dict(analysis)
    dump = getattr(analysis, "model_dump", None)
    if callable(dump):
        return dict(dump(mode="json"))
    raise TypeError(f"expected an analysis dict or DeckAnalysis, got {type(analysis).__name__}")


def main_cards(deck: Deck) -> dict[str, tuple[Card, int]]:
    """Main-deck cards by name with their total copies (a name split over lines is added up)."""
    found: dict[str, tuple[Card, int]] = {}
    for entry in deck.main:
        if entry.card is not None:
            card, count = found.get(entry.card.name, (entry.card, 0))
            found[entry.card.name] = (card, count + entry.count)
    return found


def is_singleton(deck: Deck) -> bool:
    """Commander/Brawl decks: one copy of each card, so copies say nothing about the plan."""
    fmt = (deck.format or "").lower()
    return bool(deck.commander) or "brawl" in fmt or "commander" in fmt


def theme_of(card: Card) -> set[str]:
    """The themes ``card`` plays into, from its rules text and keywords."""
    text = normalized_text(card)
    return {t.name for t in THEMES if t.pattern.search(text) or any(k in card.keywords for k in t.keywords)}


def deck_themes(deck: Deck, cards: Mapping[str, tuple[Card, int]]) -> dict[str, int]:
    """Themes enough of the deck plays into (copies per theme), plus any its name states."""
    total = sum(n for _, n in cards.values()) or 1
    counts: dict[str, int] = {}
    for card, n in cards.values():
        if card.is_land and not theme_of(card):
            continue
        for name in theme_of(card):
            counts[name] = counts.get(name, 0) + n
    named = (deck.name or "").lower()
    return {name: n for name, n in counts.items()
            if n / total >= THEME_SHARE or (name.split()[0] in named and n >= 4)}


def _finishers(cards: Mapping[str, tuple[Card, int]], singleton: bool) -> set[str]:
    """The deck's top end: its costliest threats played as more than a one-of (or any, singleton)."""
    threats = [(card.mana_value, name) for name, (card, n) in cards.items()
               if not card.is_land and ({"Creature", "Planeswalker"} & set(card.types))
               and card.mana_value >= 4 and (singleton or n >= 2)]
    wins = {name for name, (card, n) in cards.items()
            if (singleton or n >= 2) and _WIN_RE.search(normalized_text(card))}
    if not threats:
        return wins
    top = max(mv for mv, _ in threats)
    return wins | {name for mv, name in threats if mv == top}


def _named_in_deck_name(deck: Deck, name: str) -> bool:
    words = {w for w in re.findall(r"[a-z]{5,}", (deck.name or "").lower())}
    return any(w in name.lower() for w in words)


def rank_cuts(deck: Deck, analysis: Any, evidence: Evidence | None = None) -> list[Ranked]:
    """Every nonland main-deck card, the most cuttable first; core cards come last, marked ``core``."""
    facts = as_dict(analysis)
    cards = main_cards(deck)
    singleton = is_singleton(deck)
    themes = deck_themes(deck, cards)
    finishers = _finishers(cards, singleton)
    sources = facts.get("sources", {})
    style = str(facts.get("archetype", {}).get("style", ""))
    removal = [name for name, (card, _) in cards.items() if not card.is_land and "removal" in categories(card)]
    removal_copies = sum(cards[n][1] for n in removal)
    short = _shortfalls(facts)
    ranked: list[Ranked] = []
    for name, (card, copies) in cards.items():
        if card.is_land:
            continue
        demand = mana_demand(card)
        missing = [c for c in demand.single if sources.get(c, 0) == 0]
        missing += [c for pair in demand.hybrid if not any(sources.get(x, 0) for x in pair)
                    for c in COLORS if c in pair]
        if missing:
            ranked.append(Ranked(name, copies, False, f"off-color: needs {', '.join(COLOR_WORD[c] for c in missing)} "
                                 "mana and no land in the deck makes it", 1000.0 + copies, "color"))
            continue
        core = _core_reason(deck, name, card, copies, singleton, themes, finishers, removal, removal_copies, facts)
        if core is None and evidence is not None and evidence.lists and evidence.list_share(name) >= 0.5:
            core = "meta", f"played in {evidence.list_share(name):.0%} of similar tournament lists"
        rank = evidence.popularity(name) if evidence is not None else None
        if core is None and rank is not None and rank <= STAPLE_RANK:
            core = "staple", f"a staple: Scryfall's popularity rank {rank:,}"
        if core is not None:
            kind, why = core
            ranked.append(Ranked(name, copies, True, why, -100.0 + _flex_score(card, copies, style, evidence, name)[0],
                                 kind))
            continue
        req = None if singleton else short.get(name)
        if req is not None:
            ranked.append(Ranked(name, copies, False,
                                 f"needs {req['needed']} {_color_words(req['color'])} sources for {req['pattern']} on "
                                 f"turn {req['turn']}, the deck has {req['have']}: it will often sit in hand",
                                 500.0 + float(req["shortfall"]), "mana"))
            continue
        score, why = _flex_score(card, copies, style, evidence, name)
        ranked.append(Ranked(name, copies, False, why, score, "flex"))
    ranked.sort(key=lambda r: (-r.score, r.card))
    return ranked


def _color_words(color: str) -> str:
    return "/".join(COLOR_WORD.get(c, c) for c in color)


def _shortfalls(facts: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Cards far short of Karsten's numbers whose shortfall is their own fault (heavy pips in a
    multicolor deck, or a splashed color): cut them rather than bend the mana base."""
    pips = facts.get("pips", {})
    total = sum(pips.values()) or 1
    multicolor = len(str(facts.get("colors", ""))) >= 2
    found: dict[str, dict[str, Any]] = {}
    for req in facts.get("requirements", []):
        if req.get("shortfall", 0) < 3:
            continue
        colored = sum(1 for c in str(req.get("pattern", "")) if c == "C")
        share = min((pips.get(c, 0) for c in str(req["color"]) if c in COLORS), default=0) / total
        if (colored >= 3 and multicolor) or share < SPLASH_SHARE:
            if req["card"] not in found or req["shortfall"] > found[req["card"]]["shortfall"]:
                found[req["card"]] = req
    return found


def _core_reason(deck: Deck, name: str, card: Card, copies: int, singleton: bool, themes: Mapping[str, int],
                 finishers: set[str], removal: list[str], removal_copies: int,
                 facts: Mapping[str, Any]) -> tuple[str, str] | None:
    """Why ``card`` is core (kind, reason), or None for a flex slot."""
    mine = theme_of(card) & set(themes)
    if mine and (copies >= 2 or singleton):
        theme = max(mine, key=lambda t: themes[t])
        return "theme", f"part of the deck's {theme} plan ({themes[theme]} cards play into it)"
    if name in finishers:
        return "finisher", f"the deck's top end: a {card.mana_value}-mana threat it builds toward"
    if name in removal and len(removal) == 1:
        return "removal", "the deck's only removal spell"
    nonland = max(int(facts.get("nonland", 0)), 1)
    if name in removal and removal_copies <= max(2, round(0.12 * nonland)) and not singleton:
        return "removal", f"one of only {removal_copies} removal spells"
    if not singleton and copies >= 4:
        return "playset", "a playset: the deck is built to draw it every game"
    if not singleton and copies == 3 and int(facts.get("main_count", 60)) >= 50:
        return "playset", "3 copies: a deliberate main-deck card, not a one-off"
    if _named_in_deck_name(deck, name):
        return "named", f"the card the deck is named for ({deck.name})"
    return None


def _flex_score(card: Card, copies: int, style: str, evidence: Evidence | None,
                name: str) -> tuple[float, str]:
    """How cuttable a flex card is (higher = cut sooner) and the facts that say so."""
    score = float(max(0, 4 - copies) * 10 + card.mana_value)
    parts = [f"{copies} {'copy' if copies == 1 else 'copies'}, a {card.mana_value}-mana "
             f"{_role(card)} outside the deck's core"]
    if style in ("aggro", "tempo") and card.mana_value >= 5:
        score += 15
        parts.append(f"{card.mana_value} mana is slow for an {style} deck")
    if evidence is not None and evidence.lists:
        seen = evidence.list_share(name)
        if seen == 0:
            score += 5
            parts.append(f"none of the {len(evidence.lists)} similar tournament lists plays it")
        else:
            score -= 20 * seen
            parts.append(f"{seen:.0%} of similar tournament lists play it")
    if evidence is not None:
        rank = evidence.popularity(name)
        if rank is not None:
            score += min(rank, 30000) / 1000
            parts.append(f"Scryfall's popularity rank {rank:,}")
    return score, "; ".join(parts)


def _role(card: Card) -> str:
    found = categories(card)
    for role, word in (("removal", "removal spell"), ("counterspells", "counterspell"),
                       ("card_draw", "card-draw spell"), ("ramp", "ramp card"), ("board_wipes", "sweeper")):
        if role in found:
            return word
    if "Creature" in card.types:
        return "creature"
    if "Planeswalker" in card.types:
        return "planeswalker"
    return card.types[0].lower() if card.types else "card"
