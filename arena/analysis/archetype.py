"""Name a deck's colors (guild, shard, wedge...) and guess its style from its numbers.

The style is a rule of thumb over counted facts (curve, creature share, interaction), and the
``reasons`` list says which facts decided it, so the agent can show its working.
"""

from __future__ import annotations

from typing import Any

from arena.models import COLORS

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
STYLES: tuple[str, ...] = ("aggro", "midrange", "control", "ramp", "tempo", "combo")


def color_string(colors: set[str] | frozenset[str]) -> str:
    """Colors in WUBRG order, e.g. {"R", "U"} -> "UR"."""
    return "".join(c for c in COLORS if c in colors)


def guess_style(*, nonland: int, creatures: int, avg_mv: float, curve: dict[str, Any],
                interaction: dict[str, dict[str, Any]]) -> tuple[str, list[str]]:
    """Pick one style and the reasons, from per-deck proportions (so 40/60/100 all work)."""
    if nonland == 0:
        return "unknown", ["no nonland cards to judge by"]

    def share(n: int) -> float:
        return n / nonland

    def count(category: str) -> int:
        return int(interaction.get(category, {}).get("count", 0))

    cheap = curve["0"] + curve["1"] + curve["2"]
    top = curve["5"] + curve["6"] + curve["7+"]
    answers = count("removal") + count("counterspells") + count("board_wipes")
    reasons: list[str] = []
    if share(count("ramp")) >= 0.2 and share(top) >= 0.15:
        reasons.append(f"{count('ramp')} ramp cards feeding {top} cards costing 5 or more")
        return "ramp", reasons
    if share(count("tutors")) >= 0.12:
        reasons.append(f"{count('tutors')} tutors: the deck looks for specific pieces")
        return "combo", reasons
    if share(creatures) <= 0.35 and share(answers + count("card_draw")) >= 0.45:
        reasons.append(f"only {creatures} creatures of {nonland} spells")
        reasons.append(f"{answers} removal/counter/sweeper cards and {count('card_draw')} card draw")
        return "control", reasons
    if avg_mv <= 2.5 and share(cheap) >= 0.4 and share(creatures + count("burn")) >= 0.55:
        reasons.append(f"average mana value {avg_mv:.2f}, {cheap} of {nonland} spells cost 2 or less")
        reasons.append(f"{creatures} creatures and {count('burn')} burn spells")
        return "aggro", reasons
    if count("counterspells") >= max(3, round(0.1 * nonland)) and avg_mv <= 2.8 and share(creatures) >= 0.25:
        reasons.append(f"{count('counterspells')} counterspells beside {creatures} creatures, "
                       f"average mana value {avg_mv:.2f}")
        return "tempo", reasons
    reasons.append(f"average mana value {avg_mv:.2f} with {creatures} creatures and {answers} "
                   "interaction spells: neither fast nor all-in on answers")
    return "midrange", reasons


def archetype(colors: frozenset[str], **facts: Any) -> dict[str, Any]:
    """``{"colors", "name", "style", "reasons"}`` for the deck."""
    key = color_string(colors)
    style, reasons = guess_style(**facts)
    return {"colors": key, "name": COLOR_NAMES[key], "style": style, "reasons": reasons}
