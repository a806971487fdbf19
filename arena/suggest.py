"""Cuts and adds for a deck, each with the reason taken from its analysis.

Every reason points at a computed fact (a Karsten shortfall, the land-count formula, an empty
interaction category, a card the mana cannot cast). Adds come from the catalog, never from a
fixed list: they fit the deck's colors (color identity within them) and, when the catalog has
legality data, its format.
"""

from __future__ import annotations

import re
from typing import Any

from arena.analysis.cardfacts import is_basic
from arena.analysis.interaction import categories, normalized_text
from arena.analysis.production import land_mana
from arena.catalog import Catalog
from arena.models import COLORS, Card, Deck

MAX_LAND_SWAPS = 8  # nonbasic lands suggested at most, in playsets of four
SPLASH_SHARE = 0.2  # a color with less than this share of the deck's colored pips is a splash
BASIC_FOR: dict[str, str] = {"W": "Plains", "U": "Island", "B": "Swamp", "R": "Mountain", "G": "Forest"}
COLOR_WORD: dict[str, str] = {"W": "white", "U": "blue", "B": "black", "R": "red", "G": "green", "C": "colorless"}
# Interaction a deck of each style should not be without, as a share of its nonland cards.
WANTED_SHARE: dict[str, dict[str, float]] = {
    "aggro": {"removal": 0.1},
    "tempo": {"removal": 0.1, "card_draw": 0.08},
    "midrange": {"removal": 0.15, "card_draw": 0.08},
    "control": {"removal": 0.2, "card_draw": 0.15},
    "ramp": {"removal": 0.1},
}
_WORDS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
_DRAW_RE = re.compile(r"\bdraws? (a|one|two|three|four|five) cards?")
_HITS_CREATURES_RE = re.compile(
    r"(?:destroy|exile) target (?:creature|nonland permanent|permanent)(?! you control)|any target|"
    r"target creature or planeswalker|damage to target creature|target creature gets -"
)
_CONDITION_RE = re.compile(
    r"attacking|blocking|tapped creature|with (?:power|toughness|mana value|flying)|"
    r"or less|or greater|if you control|unless"
)
_DRAWBACK_RE = re.compile(
    r"can't (?:attack|block)|spend only|unless|doesn't untap|sacrifice (?:it|this creature)|"
    r"enters tapped|defender|at the beginning of your upkeep"
)
_CATEGORY_SEARCH: dict[str, tuple[str, tuple[str, ...], int]] = {
    # category: (FTS words every candidate's text must hold, card types, max mana value)
    "removal": ("target", ("Instant", "Sorcery"), 3),
    "card_draw": ("draw", ("Instant", "Sorcery", "Enchantment", "Artifact"), 3),
}


def _deck_names(deck: Deck) -> set[str]:
    return {e.card.name for _, e in deck.entries() if e.card is not None}


def _format(deck: Deck, analysis: dict[str, Any]) -> str | None:
    """The deck's format when stated, else the first format the deck is known legal in."""
    if deck.format:
        return deck.format
    legal = [fmt for fmt, status in analysis.get("legality", {}).items() if status == "legal"]
    return legal[0] if legal else None


def _identity(deck: Deck, analysis: dict[str, Any]) -> str:
    commanders = [e.card for e in deck.commander if e.card is not None]
    if commanders:
        return "".join(c for c in COLORS if any(c in card.color_identity for card in commanders))
    return str(analysis["colors"])


def _land_adds(catalog: Catalog, deck: Deck, analysis: dict[str, Any], colors: str,
               fmt: str | None, limit: int, cut: set[str]) -> list[dict[str, Any]]:
    """Nonbasic lands making a short color (and another of the deck's), untapped first.

    Shortfalls of cards already suggested as cuts do not count, and neither does a color no
    land makes at all: its cards are cut (see _cuts), not built around.
    """
    short: dict[str, dict[str, Any]] = {}
    for req in analysis["requirements"]:
        color = str(req["color"])
        if (req["shortfall"] <= 0 or req["card"] in cut or color not in COLORS
                or analysis["sources"].get(color, 0) == 0):
            continue
        if color not in short or req["shortfall"] > short[color]["shortfall"]:
            short[color] = req
    if not short:
        return []
    owned = _deck_names(deck)
    singleton = bool(deck.commander)
    pool = catalog.candidates(colors, format=fmt, types=["Land"], exclude=owned, limit=2000)
    deck_colors = set(colors)
    scored: list[tuple[tuple[int, int, int, int, int, str], Card, set[str], str]] = []
    for card in pool:
        mana = land_mana(card)
        if mana is None or is_basic(card) or mana.kind in ("commander", "opponent", "pool"):
            continue
        makes = set(mana.colors) & deck_colors
        helps = makes & set(short)
        if not helps or len(makes) < min(2, len(deck_colors)):
            continue
        # Prefer plain duals of the deck's colors that help the most short colors, enter
        # untapped and exist on Arena; "any color" lands usually carry a catch (energy, tribes).
        made = "".join(c for c in COLORS if c in mana.colors)
        catch = int(len(mana.colors) > len(deck_colors) or "spend this mana only" in card.oracle_text.lower())
        # Among equals, the land whose other color the deck leans on most (by pips) wins.
        weight = sum(analysis["pips"].get(c, 0) for c in makes if analysis["sources"].get(c, 0) > 0)
        scored.append(((-len(helps), catch, int(mana.tapped), -weight, int(card.arena_id is None), card.name),
                       card, helps, made))
    scored.sort(key=lambda item: item[0])
    # As many new sources as the worst shortfall asks for, at most two playsets: each land
    # replaces a basic, so a mana base is reshaped, not doubled.
    wanted = min(max(row["shortfall"] for row in short.values()), MAX_LAND_SWAPS)
    adds: list[dict[str, Any]] = []
    for _, card, helps, made in scored[:limit]:
        if wanted <= 0:
            break
        count = 1 if singleton else min(4, wanted)
        wanted -= count
        worst = max(helps, key=lambda c: short[c]["shortfall"])
        row = short[worst]
        adds.append({
            "card": card.name,
            "count": count,
            "reason": f"{COLOR_WORD[worst]} is short: {row['card']} ({row['pattern']}) needs "
                      f"{row['needed']} {COLOR_WORD[worst]} sources, the deck has {row['have']}; "
                      f"{card.name} makes {made}",
            "category": "mana",
        })
    return adds


def _spell_adds(catalog: Catalog, deck: Deck, analysis: dict[str, Any], colors: str,
                fmt: str | None, limit: int) -> list[dict[str, Any]]:
    """Cheap removal or card draw in the deck's colors when its counts are low for its style."""
    style = analysis["archetype"]["style"]
    nonland = max(int(analysis["nonland"]), 1)
    owned = _deck_names(deck)
    sources = analysis["sources"]
    adds: list[dict[str, Any]] = []
    for category, share in WANTED_SHARE.get(style, {}).items():
        have = int(analysis["interaction"][category]["count"])
        wanted = round(share * nonland)
        if have >= wanted:
            continue
        words, types, max_mv = _CATEGORY_SEARCH[category]
        pool = catalog.candidates(colors, format=fmt, types=types, text_query=words,
                                  max_mana_value=max_mv, exclude=owned, limit=2000)
        fitting = [
            card for card in pool
            if category in categories(card) and card.mana_value >= 1
            # Castable with the deck's mana: every color of its cost has sources.
            and all(sources.get(c, 0) > 0 for c in card.colors)
        ]
        fitting.sort(key=lambda c: (int(c.arena_id is None), _quality(category, c), c.mana_value,
                                    int("Instant" not in c.types), c.name))
        for card in fitting[: max(1, limit // 2)]:
            adds.append({
                "card": card.name,
                "count": 1 if deck.commander else min(4, wanted - have),
                "reason": f"only {have} {category.replace('_', ' ')} card{'s' if have != 1 else ''} "
                          f"in a {style} deck of {nonland} spells (about {wanted} is usual); "
                          f"{card.name} costs {card.mana_cost}",
                "category": category,
            })
    return adds


def _quality(category: str, card: Card) -> int:
    """Lower is better: removal that hits any creature without conditions; draw that draws most."""
    text = normalized_text(card)
    if category == "removal":
        return (0 if _HITS_CREATURES_RE.search(text) else 2) + (1 if _CONDITION_RE.search(text) else 0)
    drawn = [_WORDS[w] for w in _DRAW_RE.findall(text)]
    return -max(drawn, default=0)


# Rules of thumb for the curve, as shares of the nonland cards: how much should cost 2 or
# less, and how much 5 or more at most, for each style.
CHEAP_SHARE: dict[str, float] = {"aggro": 0.45, "tempo": 0.4, "midrange": 0.3}
TOP_SHARE: dict[str, float] = {"aggro": 0.1, "tempo": 0.15, "midrange": 0.25}


def _stats(card: Card) -> int:
    """Power plus toughness when both are numbers (a rough size for ranking creatures)."""
    try:
        return int(card.power or 0) + int(card.toughness or 0)
    except ValueError:
        return 0


def _curve_changes(catalog: Catalog, deck: Deck, analysis: dict[str, Any], colors: str,
                   fmt: str | None, limit: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Cut the top of a top-heavy curve; fill a thin bottom with two-drops in the deck's colors."""
    style = analysis["archetype"]["style"]
    curve = analysis["curve"]
    nonland = int(analysis["nonland"])
    if style not in CHEAP_SHARE or nonland == 0:
        return [], []
    cheap = curve["0"] + curve["1"] + curve["2"]
    top = curve["5"] + curve["6"] + curve["7+"]
    cuts: list[dict[str, Any]] = []
    adds: list[dict[str, Any]] = []
    if top / nonland > TOP_SHARE[style]:
        spells = sorted({(e.card.mana_value, e.card.name): e.count for e in deck.main
                         if e.card is not None and not e.card.is_land}.items(), reverse=True)
        for (mv, name), count in spells[:max(1, limit // 2)]:
            if mv < 5:
                break
            cuts.append({"card": name, "count": count, "category": "curve",
                         "reason": f"top-heavy for {style}: {top} of {nonland} spells cost 5 or more "
                                   f"(a rule of thumb is at most {TOP_SHARE[style]:.0%}); "
                                   f"{name} costs {mv}"})
    if cheap / nonland < CHEAP_SHARE[style]:
        owned = _deck_names(deck)
        sources = analysis["sources"]
        pool = catalog.candidates(colors, format=fmt, types=["Creature"], max_mana_value=2,
                                  exclude=owned, limit=2000)
        fitting = [c for c in pool if c.mana_value == 2 and all(sources.get(x, 0) > 0 for x in c.colors)]
        # Big stats for two mana usually come with a catch; rank those last, then by size.
        fitting.sort(key=lambda c: (int(c.arena_id is None), int(not c.colors),
                                    int(bool(_DRAWBACK_RE.search(normalized_text(c)))),
                                    -_stats(c), -len(c.keywords), c.name))
        for card in fitting[:max(1, limit // 2)]:
            adds.append({"card": card.name, "count": 1 if deck.commander else 4, "category": "curve",
                         "reason": f"thin early curve for {style}: {cheap} of {nonland} spells cost 2 "
                                   f"or less (a rule of thumb is at least {CHEAP_SHARE[style]:.0%}); "
                                   f"{card.name} is a {card.power}/{card.toughness} for {card.mana_cost}"})
    return cuts, adds


def _interleave(groups: list[list[dict[str, Any]]], limit: int) -> list[dict[str, Any]]:
    """Take from each group in turn so every kind of reason is heard within ``limit``."""
    picked: list[dict[str, Any]] = []
    seen: set[str] = set()
    for rank in range(max((len(g) for g in groups), default=0)):
        for group in groups:
            if rank < len(group) and group[rank]["card"] not in seen and len(picked) < limit:
                picked.append(group[rank])
                seen.add(group[rank]["card"])
    return picked


def _basic_adds(analysis: dict[str, Any]) -> list[dict[str, Any]]:
    rec = analysis["land_recommendation"]
    gap = rec["recommended"] - rec["effective"]
    if gap < 1:
        return []
    pips = analysis["pips"]
    color = max(COLORS, key=lambda c: pips[c]) if any(pips.values()) else None
    if color is None:
        return []
    return [{"card": BASIC_FOR[color], "count": round(gap),
             "reason": f"too few lands: {rec['reason']}", "category": "lands"}]


def _cuts(deck: Deck, analysis: dict[str, Any], limit: int) -> list[dict[str, Any]]:
    cuts: list[dict[str, Any]] = []
    seen: set[str] = set()
    copies = {e.card.name: 0 for e in deck.main if e.card is not None}
    for e in deck.main:
        if e.card is not None:
            copies[e.card.name] += e.count
    sources = analysis["sources"]
    # Cards the mana cannot cast at all: a color of their cost with no source.
    for entry in deck.main:
        card = entry.card
        if card is None or card.is_land or card.name in seen:
            continue
        missing = [c for c in card.colors if sources.get(c, 0) == 0]
        if missing:
            seen.add(card.name)
            cuts.append({"card": card.name, "count": copies[card.name],
                         "reason": f"off-color: needs {', '.join(COLOR_WORD[c] for c in missing)} "
                                   "mana and no land in the deck makes it", "category": "color"})
    # Cards far short of Karsten's numbers (three or more sources) that the mana base cannot
    # reasonably be bent to: three or more pips of one color, or a splashed color. A main
    # color that is short is fixed with lands (see _land_adds), not by cutting its cards.
    for req in analysis["requirements"]:
        if (req["shortfall"] >= 3 and req["card"] not in seen and req["card"] in copies
                and _cut_rather_than_fix(req, analysis)):
            seen.add(req["card"])
            cuts.append({"card": req["card"], "count": req["copies"],
                         "reason": f"needs {req['needed']} sources for {req['color']} as "
                                   f"{req['pattern']} on turn {req['turn']}, the deck has "
                                   f"{req['have']} (short {req['shortfall']})", "category": "mana"})
    rec = analysis["land_recommendation"]
    over = rec["effective"] - rec["recommended"]
    target = _land_to_cut(deck, analysis) if over >= 1.5 else None
    if target:
        cuts.append({"card": target, "count": round(over),
                     "reason": f"too many lands: {rec['reason']}", "category": "lands"})
    return cuts[:limit]


def _cut_rather_than_fix(req: dict[str, Any], analysis: dict[str, Any]) -> bool:
    """True for a card whose shortfall is its own fault: heavy pips, or a splashed color."""
    colored = sum(1 for c in str(req.get("pattern", "")) if c == "C")
    multicolor = len(str(analysis.get("colors", ""))) >= 2
    pips = analysis["pips"]
    total = sum(pips.values()) or 1
    share = min(pips.get(c, 0) for c in str(req["color"])) / total
    return (colored >= 3 and multicolor) or share < SPLASH_SHARE


def _spare(analysis: dict[str, Any], color: str) -> int:
    """Sources of ``color`` beyond its hardest Karsten requirement (negative when short)."""
    row = analysis["color_summary"].get(color)
    return int(analysis["sources"][color]) - (int(row["needed"]) if row else 0)


def _basic_swaps(deck: Deck, analysis: dict[str, Any], adds: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Basics to take out for the nonbasic lands added, so the land count stays where it is."""
    added = sum(a["count"] for a in adds if a["category"] == "mana")
    if added == 0 or any(a["category"] == "lands" for a in adds):
        return []
    basics = {e.card.name: e.count for e in deck.main if e.card is not None and is_basic(e.card)}

    cuts: list[dict[str, Any]] = []
    left = added
    # Only basics whose color has sources to spare, the most spare first; cutting a short
    # color's basics would undo what the new lands fix.
    spares = [(_spare(analysis, c), BASIC_FOR[c]) for c in COLORS
              if BASIC_FOR[c] in basics and _spare(analysis, c) > 0]
    for _, name in sorted(spares, reverse=True):
        if left <= 0:
            break
        count = min(left, basics[name])
        left -= count
        cuts.append({"card": name, "count": count, "category": "lands",
                     "reason": f"make room for the {added} nonbasic lands added, keeping "
                               f"{analysis['lands']} lands; its color has sources to spare"})
    return cuts


def _land_to_cut(deck: Deck, analysis: dict[str, Any]) -> str | None:
    """A land that costs the mana least: one making no color, else a basic of the color with
    the most sources to spare over its hardest requirement."""
    lands = [e.card for e in deck.main if e.card is not None and e.card.is_land]
    for card in lands:
        mana = land_mana(card)
        if mana is not None and not mana.colors and not is_basic(card):
            return card.name
    basics = [(_spare(analysis, c), BASIC_FOR[c]) for c in COLORS
              if any(card.name == BASIC_FOR[c] for card in lands)]
    if basics:
        return max(basics)[1]
    return lands[0].name if lands else None


def suggest_changes(deck: Deck, analysis: dict[str, Any], catalog: Catalog, *,
                    limit: int = 5) -> dict[str, Any]:
    """``{"cuts": [...], "adds": [...], "format": ..., "notes": [...]}``, at most ``limit`` each."""
    colors = _identity(deck, analysis)
    fmt = _format(deck, analysis)
    notes: list[str] = []
    if fmt is None or not catalog.legality_known():
        notes.append("No format legality data: check that added cards are legal in your format "
                     "(import Scryfall data to filter by format).")
    curve_cuts, curve_adds = _curve_changes(catalog, deck, analysis, colors, fmt, limit)
    card_cuts = _cuts(deck, analysis, limit)
    cut_names = {c["card"] for c in card_cuts + curve_cuts}
    adds = _interleave([
        _basic_adds(analysis),
        _land_adds(catalog, deck, analysis, colors, fmt, limit, cut_names),
        _spell_adds(catalog, deck, analysis, colors, fmt, limit),
        curve_adds,
    ], limit)
    swaps = _basic_swaps(deck, analysis, adds)
    added_lands = sum(a["count"] for a in adds if a["category"] == "mana")
    unswapped = added_lands - sum(c["count"] for c in swaps)
    if unswapped > 0 and not any(a["category"] == "lands" for a in adds):
        notes.append(f"{unswapped} of the {added_lands} nonbasic lands suggested should replace other "
                     "lands of your choice: no basic's color has sources to spare.")
    cuts = _interleave([swaps, card_cuts, curve_cuts], limit)
    return {"cuts": cuts, "adds": adds, "format": fmt, "colors": colors, "notes": notes}


def render_suggestions(suggestions: dict[str, Any]) -> str:
    """Suggestions as text for the command line report."""
    lines = ["", "Suggestions"]
    for title, key in (("Cut", "cuts"), ("Add", "adds")):
        items = suggestions[key]
        if not items:
            lines.append(f"  {title}: nothing")
            continue
        for item in items:
            count = f"{item['count']} " if item.get("count") else ""
            lines.append(f"  {title} {count}{item['card']}: {item['reason']}")
    lines += [f"  Note: {n}" for n in suggestions["notes"]]
    return "\n".join(lines) + "\n"
