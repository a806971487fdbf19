"""How many lands the deck's size and curve call for, and why.

Source: Frank Karsten, "How Many Lands Do You Need in Your Deck? An Updated Analysis"
(ChannelFireball / TCGplayer Infinite, 2022-07-29): a regression over 95,143 winning 60-card
decklists (2020-2022) gives

    60 cards: lands = 19.59 + 1.90 × average mana value − 0.28 × cheap draw/ramp + 0.27 × companion
    80 cards: lands = 80/60 × (19.59 + 1.90 × average mana value + 0.27) − 0.28 × cheap draw/ramp
    99 cards: lands = 31.42 + 3.13 × average mana value − 0.28 × cheap draw/ramp

where "cheap draw/ramp" are nonland cards of mana value ≤ 2 that draw or make/fetch mana, and a
spell//land modal card counts as 0.38 of a land (0.74 if mythic). The article gives no 40-card
formula; his 2017 land-count article says scaling the 60-card answer by 40/60 comes close, so
that is what we do for Limited, and we say so. Other sizes scale from the nearest formula.

The average mana value fed to the formula is the *effective* one (:mod:`arena.analysis.effective`:
cycled cards at their cycling cost, domain and affinity reductions), except X spells, which keep
X = 0 as in Karsten's data; each change is listed in ``adjustments``. For storm, affinity,
cascade, Tron and landfall decks the formula does not apply: ``applies`` is false and ``range``
gives what tournament lists of that kind play (:mod:`arena.analysis.land_ranges`).
"""

from __future__ import annotations

from typing import Any

from arena.analysis.cardfacts import modal_land
from arena.analysis.deckview import DeckView
from arena.analysis.effective import Effective
from arena.analysis.interaction import is_cheap_draw_or_ramp
from arena.analysis.land_ranges import RANGES

MDFC_WEIGHT = 0.38
MDFC_MYTHIC_WEIGHT = 0.74


def _formula(size: int, avg: float, cheap: int, companion: bool) -> tuple[float, str]:
    """The land count and the arithmetic that produced it, for the formula nearest ``size``."""
    comp = 0.27 if companion else 0.0
    if size >= 90:
        value = 31.42 + 3.13 * avg - 0.28 * cheap
        text = f"31.42 + 3.13 × {avg:.2f} − 0.28 × {cheap} = {value:.2f}"
        base = 99
    elif size >= 70:
        value = 80 / 60 * (19.59 + 1.90 * avg + 0.27) - 0.28 * cheap
        text = f"80/60 × (19.59 + 1.90 × {avg:.2f} + 0.27) − 0.28 × {cheap} = {value:.2f}"
        base = 80
    elif size <= 45:
        value = 40 / 60 * (19.59 + 1.90 * avg - 0.28 * cheap + comp)
        text = (f"40/60 × (19.59 + 1.90 × {avg:.2f} − 0.28 × {cheap}"
                + (" + 0.27" if companion else "") + f") = {value:.2f} (the 60-card formula "
                "scaled to 40 cards, as his 2017 article suggests; the 2022 one has no 40-card fit)")
        base = 40
    else:
        value = 19.59 + 1.90 * avg - 0.28 * cheap + comp
        text = f"19.59 + 1.90 × {avg:.2f} − 0.28 × {cheap}" + (" + 0.27" if companion else "") + f" = {value:.2f}"
        base = 60
    if size != base and size > 0:
        scaled = value * size / base
        text += f", scaled by {size}/{base} = {scaled:.2f}"
        value = scaled
    return value, text


def _formula_average(view: DeckView, effective: dict[str, Effective]) -> tuple[float, list[str]]:
    """Average of the costs the deck pays (X spells at X = 0), and what was changed."""
    copies = sum(s.copies for s in view.spells)
    if not copies:
        return 0.0, []
    total = 0
    adjustments: list[str] = []
    for slot in view.spells:
        eff = effective[slot.card.name]
        value = slot.card.mana_value if eff.x_spell else eff.mana_value
        total += value * slot.copies
        if value != slot.card.mana_value and eff.adjustment:
            adjustments.append(f"{slot.card.name} ×{slot.copies}: {eff.adjustment}")
    return round(total / copies, 2), adjustments


def recommend_lands(view: DeckView, avg_mv: float, effective: dict[str, Effective],
                    style: str) -> dict[str, Any]:
    """Recommended land count for the library, the current count, and the arithmetic."""
    size = view.library
    cheap_cards = sorted(s.card.name for s in view.spells if is_cheap_draw_or_ramp(s.card))
    cheap = sum(s.copies for s in view.spells if is_cheap_draw_or_ramp(s.card))
    mdfc = [(s, modal_land(s.card)) for s in view.main if not s.card.is_land]
    mdfc = [(s, m) for s, m in mdfc if m is not None]
    mdfc_value = sum(
        s.copies * (MDFC_MYTHIC_WEIGHT if s.card.rarity == "mythic" else MDFC_WEIGHT) for s, _ in mdfc
    )
    current = view.land_count
    if size == 0:
        return {"recommended": 0, "current": 0, "effective": 0.0, "exact": 0.0,
                "cheap_draw_ramp": 0, "reason": "The deck has no resolved main-deck cards."}
    used, adjustments = _formula_average(view, effective)
    value, arithmetic = _formula(size, used, cheap, bool(view.companion))
    effective_lands = round(current + mdfc_value, 2)
    mdfc_text = ""
    if mdfc:
        copies = sum(s.copies for s, _ in mdfc)
        mdfc_text = (f" plus {copies} spell//land modal card{'s' if copies != 1 else ''} counted "
                     f"as {mdfc_value:.2f} of a land")
    cheap_text = f" ({', '.join(cheap_cards)})" if cheap_cards else ""
    average_text = (f"average mana value {avg_mv:.2f} ({used:.2f} at the costs the deck pays, "
                    f"{len(adjustments)} card{'s' if len(adjustments) != 1 else ''} adjusted)"
                    if adjustments else f"average mana value {avg_mv:.2f}")
    land_range = RANGES.get(style) if size in range(56, 65) else None
    if land_range is None:
        recommended = round(value)
        gap = recommended - effective_lands
        verdict = ("about right" if abs(gap) < 1 else
                   f"{abs(gap):.1f} {'short' if gap > 0 else 'over'}")
        reason = (
            f"{size}-card library, {average_text}, {cheap} cheap card-draw/ramp "
            f"card{'s' if cheap != 1 else ''}{cheap_text}: Karsten's formula gives {arithmetic}, "
            f"so {recommended} lands. You play {current}{mdfc_text}: {verdict}."
        )
    else:
        recommended = min(max(current, land_range.low), land_range.high)
        verdict = ("within that range" if land_range.low <= current <= land_range.high else
                   f"{'below' if current < land_range.low else 'above'} that range")
        span = (f"{land_range.low}" if land_range.low == land_range.high
                else f"{land_range.low}-{land_range.high}")
        reason = (
            f"Karsten's land formula does not fit {style} decks (from {average_text} it gives "
            f"{value:.1f}, but such decks do not win by casting their spells at those costs). "
            f"Lists of this kind play {span} lands: {land_range.basis}. You play {current}{mdfc_text}: "
            f"{verdict}."
        )
    result: dict[str, Any] = {
        "recommended": recommended,
        "current": current,
        "effective": effective_lands,
        "exact": round(value, 2),
        "cheap_draw_ramp": cheap,
        "reason": reason,
        "applies": land_range is None,
        "range": ({"low": land_range.low, "high": land_range.high, "basis": land_range.basis}
                  if land_range else None),
        "adjustments": adjustments,
        "average_mv_used": used if used != avg_mv else None,
    }
    return result
