"""The analysis as a readable text report (what ``python -m arena analyze`` prints).

It only formats the facts of :func:`arena.analysis.analyze`; it computes nothing new, so the
report and the JSON can never disagree.
"""

from __future__ import annotations

from typing import Any

from arena.analysis.curve import CURVE_KEYS
from arena.analysis.model import DeckAnalysis
from arena.models import COLORS

BAR = "█"


def _pct(p: float | None) -> str:
    return "n/a" if p is None else f"{p * 100:.1f}%"


def _header(a: dict[str, Any]) -> list[str]:
    arch = a["archetype"]
    title = a.get("name") or "Deck"
    lines = [f"{title} — {arch['name']} {arch['style']} ({arch['colors'] or 'colorless'})"]
    lines.append(
        f"Main {a['main_count']} · Sideboard {a['side_count']} · Lands {a['lands']} · "
        f"Nonland {a['nonland']} · Read as {a['source_format']}"
    )
    if a["commander"]:
        lines.append(f"Commander: {', '.join(a['commander'])} (deck size {a['deck_size']})")
    if a["companion"]:
        lines.append(f"Companion: {', '.join(a['companion'])}")
    if a["unresolved"]:
        lines.append(f"Unresolved (left out): {', '.join(a['unresolved'])}")
    if arch["reasons"]:
        lines.append("Style: " + "; ".join(arch["reasons"]))
    return lines


def _curve(a: dict[str, Any]) -> list[str]:
    curve = a["curve"]
    top = max([curve[k] for k in CURVE_KEYS] + [1])
    lines = ["", "Mana curve (nonland copies)"]
    for key in CURVE_KEYS:
        n = curve[key]
        lines.append(f"  {key:>2} | {BAR * round(20 * n / top)} {n}")
    if curve["X"]:
        xs = ", ".join(f"{n} at mana value {mv}" for mv, n in curve["X"].items())
        lines.append(f"  X spells (X = 0): {xs}")
    lines.append(f"  Average mana value: {a['average_mv']:.2f}")
    return lines


def _colors(a: dict[str, Any]) -> list[str]:
    summary = a["color_summary"]
    lines = ["", f"Colors (Karsten's {a['karsten_table']}-card table)",
             "  Color  Pips  Sources  Untapped  Needed  Have  Short  Hardest card"]
    for color in (*COLORS, "C"):
        pips = a["pips"].get(color, 0)
        sources = a["sources"].get(color, a["colorless_sources"] if color == "C" else 0)
        if not pips and not sources and color not in summary:
            continue
        row = summary.get(color)
        untapped = a["untapped_sources"].get(color, "-")
        if row:
            lines.append(f"  {color:<5}  {pips:>4}  {sources:>7}  {untapped!s:>8}  {row['needed']:>6}  "
                         f"{row['have']:>4}  {row['shortfall']:>5}  {row['card']} ({row['pattern']})")
        else:
            lines.append(f"  {color:<5}  {pips:>4}  {sources:>7}  {untapped!s:>8}  {'-':>6}  {'-':>4}  {'-':>5}")
    short = [r for r in a["requirements"] if r["shortfall"]]
    if short:
        lines.append("  Short of Karsten's numbers:")
        for r in short[:12]:
            lines.append(f"    {r['card']}: {r['color']} as {r['pattern']} on turn {r['turn']} needs "
                         f"{r['needed']}, has {r['have']} (short {r['shortfall']})")
        if len(short) > 12:
            lines.append(f"    ... and {len(short) - 12} more")
    else:
        lines.append("  Every card meets Karsten's source requirement.")
    soft = [r for r in a["requirements"] if r["soft"] and r["short_by"]]
    if soft:
        lines.append("  Soft (need not be cast on curve): " + "; ".join(
            f"{r['card']} {r['color']} {r['have']} of {r['needed']}" for r in soft[:6]))
    return lines


def _lands(a: dict[str, Any]) -> list[str]:
    rec = a["land_recommendation"]
    return ["", f"Lands: {rec['current']} played, {rec['recommended']} recommended", f"  {rec['reason']}"]


def _odds(a: dict[str, Any]) -> list[str]:
    odds = a["odds"]
    drops = "  ".join(f"T{t} {_pct(p)}" for t, p in odds["land_drops"].items())
    lines = ["", "Odds (on the play, exact)", f"  Land drop every turn: {drops}"]
    hardest = [c for c in odds["cast_on_curve"] if c["turn"] <= 6][:5]
    if hardest:
        lines.append("  Hardest to cast on curve:")
        for c in hardest:
            lines.append(f"    {c['card']}: turn {c['turn']} {_pct(c['probability'])} "
                         f"({_pct(c['given_lands'])} given the lands)")
    hands = odds["opening_hands"]
    if hands["trials"]:
        exact = hands["exact"]
        lines.append(
            f"  Opening hands ({hands['trials']:,} Monte Carlo trials, seed {hands['seed']}): keep "
            f"{_pct(hands['keepable'])} (exact {_pct(exact['keepable'])}), mulligan "
            f"{_pct(hands['mulligan'])}, {hands['avg_lands']:.2f} lands on average "
            f"(exact {exact['avg_lands']:.2f}), {hands['avg_cards_kept']:.2f} cards kept"
        )
        lines.append(f"    Rule: {hands['rule']}")
    return lines


def _cards(a: dict[str, Any]) -> list[str]:
    types = ", ".join(f"{t} {n}" for t, n in a["types"].items())
    lines = ["", f"Card types: {types or 'none'}", "Interaction:"]
    found = [(name, v) for name, v in a["interaction"].items() if v["count"]]
    for name, v in found:
        lines.append(f"  {name.replace('_', ' ')} {v['count']}: {', '.join(v['cards'])}")
    if not found:
        lines.append("  none found in the oracle text")
    return lines


def _legality(a: dict[str, Any]) -> list[str]:
    lines = ["", "Legality: " + ", ".join(f"{f} {s.replace('_', ' ')}" for f, s in a["legality"].items())]
    brawl_deck = bool(a["commander"])
    for fmt, status in a["legality"].items():
        # Explain only the formats this kind of deck is meant for (or the one it names).
        if status != "not_legal" or (a.get("format") and fmt != a["format"]):
            continue
        if not a.get("format") and ("brawl" in fmt) != brawl_deck:
            continue
        problems = a["legality_details"][fmt]["problems"]
        text = "; ".join((f"{p['card']}: " if p["card"] else "") + p["reason"] for p in problems[:4])
        more = f" (+{len(problems) - 4} more)" if len(problems) > 4 else ""
        lines.append(f"  {fmt}: {text}{more}")
    wild = a["wildcards"]
    lines.append("Wildcards: " + (", ".join(f"{r} {n}" for r, n in wild.items()) if wild is not None
                                  else "unknown (no rarity data; import Scryfall data)"))
    return lines


def render_text(result: DeckAnalysis) -> str:
    """The whole report as plain text, one section after another (from the JSON facts, so the
    report reads exactly what the agent and the API read)."""
    analysis = result.facts()
    lines = (_header(analysis) + _curve(analysis) + _colors(analysis) + _lands(analysis)
             + _odds(analysis) + _cards(analysis) + _legality(analysis))
    if analysis["notes"]:
        lines += ["", "Notes:"] + [f"  - {n}" for n in analysis["notes"]]
    return "\n".join(lines) + "\n"
