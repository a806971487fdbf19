"""Name a deck's colors (guild, shard, wedge...) and its archetype, with the cards that show it.

Archetypes are read from what the cards say, never from a list of card names: a storm deck is
one whose spells say "Storm" and whose instants add mana; an affinity deck casts its spells
with artifacts ("Affinity for artifacts", "Improvise", "for each artifact you control"); Tron
assembles lands that say "If you control an Urza's Mine and an Urza's Power-Plant"; and so on.
Each detector counts copies of the cards that show its mechanic, and the strongest one with
enough copies names the deck, with a confidence from how many copies (``high`` >= 12, else
``medium``). Without a mechanic, the style comes from the deck's numbers (curve, creature share,
interaction): aggro, burn, tempo, control, ramp, midrange. When even those are thin the style is
``unclear`` with ``low`` confidence rather than a guess.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from arena.analysis.cardfacts import card_key
from arena.analysis.deckview import DeckView, Slot
from arena.analysis.interaction import normalized_text
from arena.models import COLORS, Card

COLOR_NAMES: dict[str, str] = {
    "": "Colorless",
    "W": "Mono-White", "U": "Mono-Blue", "B": "Mono-Black", "R": "Mono-Red", "G": "Mono-Green",
    "WU": "Azorius", "UB": "Dimir", "BR": "Rakdos", "RG": "Gruul", "WG": "Selesnya",
    "WB": "Orzhov", "UR": "Izzet", "BG": "Golgari", "WR": "Boros", "UG": "Simic",
    "WUG": "Bant", "WUB": "Esper", "UBR": "Grixis", "BRG": "Jund", "WRG": "Naya",
    "WBG": "Abzan", "WUR": "Jeskai", "UBG": "Sultai", "WBR": "Mardu", "URG": "Temur",
    "WUBR": "Yore-Tiller (four-color, no green)", "UBRG": "Glint-Eye (four-color, no white)",
    "WBRG": "Dune-Brood (four-color, no blue)", "WURG": "Ink-Treader (four-color, no black)",
    "WUBG": "Witch-Maw (four-color, no red)", "WUBRG": "Five-Color",
}
STYLES: tuple[str, ...] = (
    "tron", "storm", "cascade", "affinity", "reanimator", "landfall", "domain", "prowess", "burn",
    "ramp", "combo", "control", "aggro", "tempo", "midrange", "unclear",
)
HIGH = 12  # copies of mechanic cards for high confidence
ENOUGH = 8  # copies for a mechanic to name the deck


def color_string(colors: set[str] | frozenset[str]) -> str:
    """Colors in WUBRG order, e.g. {"R", "U"} -> "UR"."""
    return "".join(c for c in COLORS if c in colors)


@dataclass(frozen=True, slots=True)
class Detector:
    """Cards that show one archetype; ``payoff`` (when set) must match at least one of them."""

    style: str
    why: str
    test: Callable[[Card, str], bool]
    enough: int = ENOUGH
    payoff: Callable[[Card, str], bool] | None = None
    spells_over: float = 0.0  # instants and sorceries must be more than this share of nonland copies


def _re(pattern: str) -> Callable[[Card, str], bool]:
    compiled = re.compile(pattern)
    return lambda card, text: bool(compiled.search(text))


def _ritual(card: Card, text: str) -> bool:
    """An instant or sorcery that adds mana (Desperate Ritual, Manamorphose)."""
    spell = "Instant" in card.types or "Sorcery" in card.types
    return spell and bool(re.search(r"\badd (?:\{[wubrgc]\}|two mana|three mana|x mana)", text))


def _storm_payoff(card: Card, text: str) -> bool:
    return "storm" in re.findall(r"[a-z]+", text) or "copy it for each spell cast before it" in text


def _storm(card: Card, text: str) -> bool:
    return (_storm_payoff(card, text) or _ritual(card, text)
            or bool(re.search(r"spells you cast cost \{1\} less", text))
            or ("flashback" in text and "instant and sorcery card in your graveyard" in text))


def _affinity(card: Card, text: str) -> bool:
    return bool(re.search(r"affinity for artifacts|\bimprovise\b|for each artifact you control|metalcraft"
                          r"|whenever you cast an artifact spell", text))


def _no_cost_payoff(card: Card, text: str) -> bool:
    """A spell with no mana cost that a cascade deck casts for free (Living End)."""
    return not card.is_land and not card.mana_cost and "suspend" in text


DETECTORS: tuple[Detector, ...] = (
    Detector("tron", "assembles the Urza lands", _re(r"if you control an urza's \w+(?:-\w+)? and an urza's"), 8),
    Detector("storm", "storm, rituals and cost reducers", _storm, payoff=_storm_payoff),
    Detector("cascade", "cascade into a free spell", lambda c, t: "cascade" in t.split() or _no_cost_payoff(c, t), 6),
    Detector("affinity", "spells cast with artifacts", _affinity),
    Detector("reanimator", "returns creatures from the graveyard to the battlefield",
             _re(r"(?:return|put) (?:up to \w+ )?target (?:\w+ )*?creature cards? from (?:your|a) graveyard "
                 r"(?:to|onto) the battlefield"), 6),
    Detector("landfall", "triggers on lands entering", _re(r"\blandfall\b|whenever a land (?:you control )?enters")),
    Detector("domain", "scales with basic land types", _re(r"\bdomain\b|basic land types? among lands you control")),
    Detector("prowess", "rewards casting noncreature spells",
             _re(r"\bprowess\b|whenever you cast (?:a|your (?:first|second)) (?:noncreature|instant or sorcery) spell"),
             spells_over=0.5),
)


_MATCHES: dict[tuple[str, str, str, str], tuple[tuple[bool, bool], ...]] = {}


def _matches(card: Card) -> tuple[tuple[bool, bool], ...]:
    """(shows the mechanic, is its payoff) per detector, cached per card."""
    key = card_key(card)
    found = _MATCHES.get(key)
    if found is None:
        text = normalized_text(card)
        found = tuple((d.test(card, text), d.payoff is not None and d.payoff(card, text)) for d in DETECTORS)
        if len(_MATCHES) >= 8192:
            _MATCHES.clear()
        _MATCHES[key] = found
    return found


def _mechanics(view: DeckView) -> list[tuple[Detector, list[Slot]]]:
    found = []
    nonland = sum(s.copies for s in view.spells) or 1
    spells = sum(s.copies for s in view.spells if {"Instant", "Sorcery"} & set(s.card.types))
    cards = [(s, _matches(s.card)) for s in view.main + view.commander]
    for i, detector in enumerate(DETECTORS):
        if spells / nonland <= detector.spells_over and detector.spells_over:
            continue
        slots = [s for s, m in cards if m[i][0]]
        if detector.payoff is not None and not any(m[i][1] for _, m in cards if m[i][0]):
            continue
        if sum(s.copies for s in slots) >= detector.enough:
            found.append((detector, slots))
    return found


def guess_style(*, nonland: int, creatures: int, avg_mv: float, curve: dict[str, Any],
                interaction: dict[str, dict[str, Any]]) -> tuple[str, list[str], str]:
    """Style, reasons and confidence from per-deck proportions (so 40/60/100 all work)."""
    if nonland == 0:
        return "unclear", ["no nonland cards to judge by"], "low"

    def share(n: int) -> float:
        return n / nonland

    def count(category: str) -> int:
        return int(interaction.get(category, {}).get("count", 0))

    cheap = curve["0"] + curve["1"] + curve["2"]
    top = curve["5"] + curve["6"] + curve["7+"]
    answers = count("removal") + count("counterspells") + count("board_wipes")
    if share(count("ramp")) >= 0.2 and share(top) >= 0.15:
        return "ramp", [f"{count('ramp')} ramp cards feeding {top} cards costing 5 or more"], "medium"
    if share(count("tutors")) >= 0.12:
        return "combo", [f"{count('tutors')} tutors: the deck looks for specific pieces"], "medium"
    if share(creatures) <= 0.35 and share(answers + count("card_draw")) >= 0.45:
        return "control", [f"only {creatures} creatures of {nonland} spells",
                           f"{answers} removal/counter/sweeper cards and {count('card_draw')} card draw"], "medium"
    if avg_mv <= 2.5 and share(cheap) >= 0.4 and share(count("burn")) >= 0.35 and share(creatures) < 0.35:
        return "burn", [f"{count('burn')} burn spells of {nonland} spells, {creatures} creatures"], "medium"
    if (avg_mv <= 2.5 and share(cheap) >= 0.4 and share(creatures + count("burn")) >= 0.55
            and share(answers - count("burn")) < 0.25):
        return "aggro", [f"average mana value {avg_mv:.2f}, {cheap} of {nonland} spells cost 2 or less",
                         f"{creatures} creatures and {count('burn')} burn spells"], "medium"
    if count("counterspells") >= max(3, round(0.1 * nonland)) and avg_mv <= 2.8 and share(creatures) >= 0.25:
        return "tempo", [f"{count('counterspells')} counterspells beside {creatures} creatures, "
                         f"average mana value {avg_mv:.2f}"], "medium"
    if share(creatures) >= 0.2 and 2.0 <= avg_mv <= 4.5:
        return "midrange", [f"average mana value {avg_mv:.2f} with {creatures} creatures and {answers} "
                            "interaction spells: neither fast nor all-in on answers"], "medium"
    return "unclear", [f"average mana value {avg_mv:.2f}, {creatures} creatures, {answers} interaction "
                       "spells: no clear plan in the numbers"], "low"


def archetype(colors: frozenset[str], view: DeckView | None = None, **facts: Any) -> dict[str, Any]:
    """``{"colors", "name", "style", "reasons", "evidence", "confidence"}`` for the deck."""
    key = color_string(colors)
    mechanics = _mechanics(view) if view is not None else []
    if mechanics:
        detector, slots = max(mechanics, key=lambda m: (sum(s.copies for s in m[1]) >= HIGH,
                                                        -STYLES.index(m[0].style)))
        copies = sum(s.copies for s in slots)
        evidence = [{"card": s.card.name, "copies": s.copies, "why": detector.why}
                    for s in sorted(slots, key=lambda s: (-s.copies, s.card.name))]
        reasons = [f"{copies} cards show {detector.style} ({detector.why}): "
                   + ", ".join(f"{s.copies} {s.card.name}" for s in sorted(slots, key=lambda s: -s.copies)[:6])]
        others = [m[0].style for m in mechanics if m[0] is not detector]
        if others:
            reasons.append("also shows " + ", ".join(others))
        return {"colors": key, "name": COLOR_NAMES[key], "style": detector.style, "reasons": reasons,
                "evidence": evidence, "confidence": "high" if copies >= HIGH else "medium"}
    style, reasons, confidence = guess_style(**facts)
    return {"colors": key, "name": COLOR_NAMES[key], "style": style, "reasons": reasons,
            "evidence": [{"card": None, "copies": 0, "why": r} for r in reasons], "confidence": confidence}
