"""Verdicts on an analysis: the worst shortfall per color, the land move, the curve's shape.

Arithmetic on the facts :func:`arena.analysis.analyze` already computed (its JSON dict), so
every reader (the offline writer, tools, the UI) states the same verdict from the same numbers.
"""

from __future__ import annotations

from typing import Any

COLOR_NAMES = {"W": "white", "U": "blue", "B": "black", "R": "red", "G": "green"}


def color_phrase(code: str) -> str:
    """Name a requirement's color code: 'R' red, 'C' colorless, 'UR' or 'U/R' blue or red."""
    if code == "C":
        return "colorless"
    letters = [c for c in code if c in COLOR_NAMES]
    return " or ".join(COLOR_NAMES[c] for c in letters) or code


def _requirement_row(req: dict[str, Any], color: str, sources: dict[str, Any]) -> dict[str, Any]:
    # Karsten counts only untapped lands for one-drops, so "have" can be below the color's
    # source count; keep both so the answer can say why the numbers differ. Soft requirements
    # (reactive instants, cycling) count every source.
    untapped_only = bool(req.get("untapped_only", req.get("turn") == 1 and not req.get("soft")))
    return {
        "color": color, "color_name": color_phrase(color), "card": req.get("card"),
        "needed": int(req.get("needed") or 0), "have": int(req.get("have") or 0),
        "shortfall": int(req.get("shortfall") or 0),
        "untapped_only": untapped_only, "all_sources": int(sources.get(color) or 0),
    }


def mana_verdict(analysis: dict[str, Any]) -> dict[str, Any]:
    """Worst Karsten shortfall per color (and per gold/hybrid pair): which card sets the bar."""
    all_sources = analysis.get("sources") or {}
    summary = analysis.get("color_summary") or {}
    worst: dict[str, dict[str, Any]] = {
        color: _requirement_row(row, color, all_sources) for color, row in summary.items()
    }
    for req in analysis.get("requirements") or []:
        color = str(req.get("color", ""))
        if color in summary:
            continue  # the per-color summary already picked its worst card
        current = worst.get(color)
        if current is None or (req.get("shortfall") or 0, req.get("needed") or 0) > (current["shortfall"], current["needed"]):
            worst[color] = _requirement_row(req, color, all_sources)
    short = sorted((w for w in worst.values() if w["shortfall"] > 0), key=lambda w: -w["shortfall"])
    fine = [w for w in worst.values() if w["shortfall"] <= 0 and len(w["color"]) == 1]
    sources = {c: int(v) for c, v in (analysis.get("sources") or {}).items() if v}
    pips = {c: int(v) for c, v in (analysis.get("pips") or {}).items() if v}
    return {"short": short, "fine": fine, "sources": sources, "pips": pips,
            "summary": ", ".join(f"{w['color_name']} short by {w['shortfall']}" for w in short) or "every color meets Karsten"}


# Karsten's regression is good to about a land either way, and tuned tournament lists sit within
# this of it: inside it a land count is not worth trading a spell for. The suggestions
# (arena.suggest.plan) use the same margin, so the advice and the swaps never disagree.
LAND_MARGIN = 2.5


def land_gap(rec: dict[str, Any]) -> float:
    """Lands the formula asks for beyond what the deck plays (spell//lands counted in part),
    from its unrounded value: 24 lands against 24.97 is under a land short, not one."""
    wanted = rec.get("exact", rec["recommended"])
    return float(wanted) - float(rec.get("effective", rec.get("current", 0)))


def land_verdict(analysis: dict[str, Any]) -> dict[str, Any]:
    """Land count against the recommendation: the difference and which way to move.

    Where Karsten's formula does not fit (``applies`` false) the move is toward the range
    tournament lists of that kind play, and within it the count is kept.
    """
    rec = analysis.get("land_recommendation") or {}
    current = int(rec.get("current", analysis.get("lands", 0)))
    recommended = rec.get("recommended")
    if recommended is None:
        return {"current": current, "recommended": None, "difference": None, "direction": "unknown",
                "reason": rec.get("reason"), "summary": f"{current} lands; no recommendation"}
    recommended_n = round(float(recommended))
    size, minimum = analysis.get("deck_size"), analysis.get("minimum_size")  # commanders counted, as the minimum is
    if isinstance(size, int) and isinstance(minimum, int) and size < minimum:
        # A partial list: the formula's count is for these cards only, and the suggestions grow
        # the deck to its format's minimum with lands first. No advice that would contradict them.
        return {"current": current, "recommended": None, "difference": None, "direction": "incomplete",
                "size": size, "minimum": minimum, "reason": rec.get("reason"),
                "summary": f"{current} lands in {size} cards; not a whole deck ({minimum})"}
    # Spell//land modal cards count as part of a land (the analysis' "effective" count).
    effective = float(rec.get("effective", current))
    land_range = rec.get("range")
    if rec.get("applies", True) is False and land_range:
        gap = float(recommended_n - current)  # already 0 inside the range
        margin = 1.0
    else:
        gap = land_gap(rec)
        margin = LAND_MARGIN
    direction = "keep" if abs(gap) < margin else "add" if gap > 0 else "cut"
    difference = 0 if direction == "keep" else round(abs(gap))
    # Inside the margin but a land or more off: said, without asking for a swap.
    lean = None if direction != "keep" or abs(gap) < 1 else "low" if gap > 0 else "high"
    return {"current": current, "effective": effective, "recommended": recommended_n,
            "difference": difference, "direction": direction, "lean": lean, "reason": rec.get("reason"),
            "applies": rec.get("applies", True), "range": land_range,
            "summary": f"{current} lands, {recommended_n} recommended"}


def _mv_order(key: str) -> int:
    return 7 if key == "7+" else int(key) if key.isdigit() else 99


def curve_verdict(analysis: dict[str, Any]) -> dict[str, Any]:
    """Where the curve peaks, how much sits at 2 or less and at 5 or more."""
    curve = analysis.get("curve") or {}
    counts = {k: int(v) for k, v in curve.items() if k != "X" and isinstance(v, int | float)}
    if not counts:
        return {"summary": "no nonland cards"}
    peak = max(counts.items(), key=lambda kv: (kv[1], -_mv_order(kv[0])))
    cheap = sum(v for k, v in counts.items() if _mv_order(k) <= 2)
    heavy = sum(v for k, v in counts.items() if _mv_order(k) >= 5)
    x_spells = curve.get("X") or {}
    x_count = sum(int(v) for v in x_spells.values()) if isinstance(x_spells, dict) else 0
    return {"counts": counts, "peak_mv": peak[0], "peak_count": peak[1], "cheap": cheap, "heavy": heavy,
            "x_spells": x_count, "average_mv": analysis.get("average_mv"),
            "summary": f"peaks at {peak[0]} with {peak[1]} cards"}


def archetype_verdict(analysis: dict[str, Any]) -> dict[str, Any]:
    """The archetype as the analysis named it, with its reasons, evidence and confidence."""
    arche = analysis.get("archetype") or {}
    name, style = arche.get("name"), arche.get("style")
    return {"name": name, "style": style, "colors": arche.get("colors"), "reasons": list(arche.get("reasons") or []),
            "evidence": list(arche.get("evidence") or []), "confidence": arche.get("confidence"),
            "summary": " ".join(str(p) for p in (name, style) if p) or "unknown"}
