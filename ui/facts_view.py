"""Shape the API's analysis facts into tables, charts and short Markdown for the deck tab.

Pure functions over the facts dict (keys documented in docs/ARCHITECTURE.md), so they are
tested without a browser. Missing keys show as "—" rather than breaking the page: the facts
can grow, and an older API may send fewer.
"""

from __future__ import annotations

import html
import re
from typing import Any

import pandas as pd

from arena.analysis.core import TOKENS_LEFT_OUT

COLOR_NAMES = {"W": "White", "U": "Blue", "B": "Black", "R": "Red", "G": "Green", "C": "Colorless"}
CURVE_ORDER = ["0", "1", "2", "3", "4", "5", "6", "7+", "X"]
# The smallest whole deck per format (the commander counted in, the companion not: it is outside). A deck of unknown
# format is only called incomplete below the limited minimum: 40-59 cards may be a limited deck.
UNKNOWN_FORMAT_MINIMUM = 40  # facts from before the analysis said (arena.analysis.size has the table)


def curve_frame(facts: dict[str, Any]) -> pd.DataFrame:
    """Cards per mana value, in curve order (X spells apart, as the analysis counts them)."""
    curve = facts.get("curve") or {}
    if not curve:
        return pd.DataFrame({"Mana value": [], "Cards": []})
    # 0 to 7+ always show, so curves of different decks line up; X only when the deck has some.
    keys = CURVE_ORDER[:8] + [k for k in curve if k not in CURVE_ORDER[:8] and count(curve.get(k))]
    return pd.DataFrame({"Mana value": keys, "Cards": [count(curve.get(k)) for k in keys]})


def count(value: Any) -> int:
    """A count that may arrive as a number or as a breakdown (``{"card": n}``) to be summed."""
    if isinstance(value, dict):
        return sum(count(v) for v in value.values())
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


def colors_text(value: Any) -> str:
    """Colors as "UR" whether the facts hold a string or a list."""
    if isinstance(value, str):
        return value
    if isinstance(value, list | tuple):
        return "".join(map(str, value))
    return ""


COLOR_COLUMNS = ["Color", "Pips", "Sources", "Strictest card", "Needs", "Short by"]


def color_frame(facts: dict[str, Any]) -> pd.DataFrame:
    """Per color: pips, sources (untapped in brackets) and the card that asks the most of them.

    ``color_summary`` says which card sets the bar and whether it needs untapped sources
    (a one-drop does), so "Short by" is the analysis's own shortfall, not sources minus need.
    """
    pips: dict[str, Any] = facts.get("pips") or {}
    sources: dict[str, Any] = facts.get("sources") or {}
    untapped: dict[str, Any] = facts.get("untapped_sources") or {}
    summary: dict[str, Any] = facts.get("color_summary") or _summary_from_requirements(facts)
    rows = []
    for code in ("W", "U", "B", "R", "G"):
        pip, src = count(pips.get(code)), count(sources.get(code))
        worst = summary.get(code) or {}
        if not (pip or src or worst):
            continue
        src_text = str(src)
        if code in untapped and count(untapped.get(code)) != src:
            src_text += f" ({count(untapped.get(code))} untapped)"
        needs = worst.get("needed")
        if needs is not None and worst.get("untapped_only"):
            needs = f"{needs} untapped"
        rows.append({
            "Color": f"{COLOR_NAMES[code]} ({code})",
            "Pips": pip,
            "Sources": src_text,
            "Strictest card": worst.get("card") or "—",
            "Needs": "—" if needs is None else needs,
            "Short by": count(worst.get("shortfall")),
        })
    return pd.DataFrame(rows, columns=COLOR_COLUMNS)


def _summary_from_requirements(facts: dict[str, Any]) -> dict[str, Any]:
    """Older analyses have no ``color_summary``: take each color's worst requirement."""
    worst: dict[str, Any] = {}
    for req in facts.get("requirements") or []:
        color = str(req.get("color", ""))
        key = (count(req.get("shortfall")), count(req.get("needed")))
        current = worst.get(color)
        if current is None or key > (count(current.get("shortfall")), count(current.get("needed"))):
            worst[color] = req
    return worst


def shortfall_frame(facts: dict[str, Any]) -> pd.DataFrame:
    """Cards whose colored sources fall short of Karsten's table, worst first."""
    rows = [
        {
            "Card": req.get("card", "?"),
            "Color": COLOR_NAMES.get(str(req.get("color")), str(req.get("color"))),
            "Needed": req.get("needed"),
            "Have": req.get("have"),
            "Short by": req.get("shortfall"),
        }
        for req in facts.get("requirements") or []
        if (req.get("shortfall") or 0) > 0
    ]
    rows.sort(key=lambda r: (-(r["Short by"] or 0), str(r["Card"])))
    return pd.DataFrame(rows, columns=["Card", "Color", "Needed", "Have", "Short by"])


def _pct(value: Any) -> str:
    try:
        return f"{float(value) * 100:.1f}%"
    except (TypeError, ValueError):
        return "—"


def land_drop_frame(facts: dict[str, Any]) -> pd.DataFrame:
    """Chance of having a land in play each turn on curve, on the play and on the draw."""
    odds = facts.get("odds") or {}
    play, draw = odds.get("land_drops") or {}, odds.get("land_drops_on_draw") or {}
    turns = sorted(set(play) | set(draw), key=lambda t: int(t) if str(t).isdigit() else 99)
    return pd.DataFrame(
        {"Turn": [str(t) for t in turns],
         "On the play": [_pct(play.get(t)) for t in turns],
         "On the draw": [_pct(draw.get(t)) for t in turns]},
        columns=["Turn", "On the play", "On the draw"],
    )


_CAST_COLUMNS = {
    "card": "Card",
    "turn": "Turn",
    "probability": "Cast on curve",
    "given_lands": "With the lands",
    "target": "Target",
}


def cast_on_curve_frame(facts: dict[str, Any]) -> pd.DataFrame:
    """Per-card odds of casting on curve, least likely first; unknown columns pass through."""
    items = [i for i in (facts.get("odds") or {}).get("cast_on_curve") or [] if isinstance(i, dict)]
    items.sort(key=lambda i: (float(i.get("probability", 1.0) or 0.0), str(i.get("card"))))
    rows = []
    for item in items:
        row: dict[str, Any] = {}
        for key, value in item.items():
            if key == "method":
                continue
            label = _CAST_COLUMNS.get(key, key.replace("_", " ").capitalize())
            is_prob = isinstance(value, float) and 0.0 <= value <= 1.0 and key != "turn"
            row[label] = _pct(value) if is_prob else value
        rows.append(row)
    # Known columns in a fixed, readable order; anything new the analysis adds goes after them.
    known = [c for c in _CAST_COLUMNS.values() if any(c in r for r in rows)]
    extra = [c for r in rows for c in r if c not in known]
    return pd.DataFrame(rows, columns=known + list(dict.fromkeys(extra)))


def deck_minimum(facts: dict[str, Any]) -> int:
    """The card count a whole deck of this format has at least (the analysis's ``minimum_size``)."""
    minimum = facts.get("minimum_size")
    return minimum if isinstance(minimum, int) else UNKNOWN_FORMAT_MINIMUM


def incomplete_note(facts: dict[str, Any]) -> str | None:
    """"5 cards — not a whole deck (…)" when the cards sent are fewer than a whole deck, else None."""
    size = facts.get("deck_size", facts.get("main_count"))  # deck_size counts the commander in
    if not isinstance(size, int):
        return None
    minimum = deck_minimum(facts)
    if size >= minimum:
        return None
    fmt = facts.get("format")
    whole = f"a {fmt} deck has at least {minimum}" if fmt else f"even a limited deck has {minimum}"
    return f"{size} cards — not a whole deck ({whole})"


def tokens_note(facts: dict[str, Any]) -> str | None:
    """The analysis's note on token rows left out of the deck, if it has one."""
    return next((n for n in facts.get("notes") or [] if isinstance(n, str) and n.startswith(TOKENS_LEFT_OUT)), None)


def summary_markdown(facts: dict[str, Any], name: str | None = None) -> str:
    """A few lines a player reads first: size, lands, curve, colors, archetype."""
    archetype = facts.get("archetype") or {}
    colors = colors_text(facts.get("colors")) or "colorless"
    title = name or archetype.get("name") or "Your deck"
    lines = [f"### {literal(str(title))}"]
    if note := incomplete_note(facts):
        lines.append(f"⚠ **{note}**; numbers below are for these cards only.")
    lines.append(
        f"**{facts.get('main_count', '—')}** cards main · **{facts.get('side_count', 0)}** sideboard · "
        f"**{facts.get('lands', '—')}** lands · **{facts.get('nonland', '—')}** spells · "
        f"average mana value **{_num(facts.get('average_mv'))}** · colors **{colors}**"
    )
    if archetype:
        style = f" ({archetype['style']})" if archetype.get("style") else ""
        lines.append(f"Archetype: **{archetype.get('name', '—')}**{style}")
    for who in ("commander", "companion"):
        if facts.get(who):
            lines.append(f"{who.capitalize()}: **{literal(str(facts[who]))}**")
    if tokens := tokens_note(facts):
        lines.append(f"ℹ {tokens}")
    unresolved = facts.get("unresolved") or []
    if unresolved:
        lines.append(f"⚠ Not found in the catalog: {literal(', '.join(map(str, unresolved)))}")
    legality = legality_line(facts.get("legality"))
    if legality:
        lines.append(legality)
    return "\n\n".join(lines)


_MARK = {"legal": "✓", "not_legal": "✗", "banned": "✗ banned", "restricted": "✓ restricted"}


def legality_line(legality: Any) -> str | None:
    """Formats the deck is legal in, or that legality data isn't loaded yet (all 'unknown')."""
    if not isinstance(legality, dict) or not legality:
        return None
    words = {fmt: (v.get("status") if isinstance(v, dict) else v) for fmt, v in legality.items()}
    if all(w == "unknown" for fmt, w in words.items() if "brawl" not in fmt):
        return "Legality: legality data isn't loaded yet (Vawlrathh loads it from Scryfall by itself; see the Status tab)."
    shown = [f"{fmt.capitalize()} {_MARK.get(str(w), '?')}" for fmt, w in words.items() if w != "unknown"]
    return "Legality: " + " · ".join(shown)


def land_markdown(facts: dict[str, Any]) -> str:
    """The land-count verdict, plus what the opening-hand simulation saw."""
    rec = facts.get("land_recommendation") or {}
    parts = []
    if rec:
        current, recommended = rec.get("current"), rec.get("recommended")
        delta = ""
        if isinstance(current, int) and isinstance(recommended, int | float) and recommended != current:
            diff = recommended - current
            delta = f" ({'+' if diff > 0 else ''}{_num(diff)})"
        parts.append(f"**Lands:** playing **{current}**, recommended **{_num(recommended)}**{delta}.")
        if rec.get("reason"):
            parts.append(str(rec["reason"]))
    hands = (facts.get("odds") or {}).get("opening_hands") or {}
    if hands:
        bits = []
        if "keepable" in hands:
            bits.append(f"keepable **{_pct(hands['keepable'])}**")
        if "mulligan" in hands:
            bits.append(f"mulligan **{_pct(hands['mulligan'])}**")
        if "avg_lands" in hands:
            bits.append(f"average lands in hand **{_num(hands['avg_lands'])}**")
        trials = hands.get("trials")
        suffix = f" ({trials:,} simulated hands)" if isinstance(trials, int) else ""
        if bits:
            parts.append(f"**Opening hands{suffix}:** " + " · ".join(bits))
    return "\n\n".join(parts) or "—"


def _num(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return "—" if value is None else str(value)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>-])")


def literal(text: str) -> str:
    """Text a player wrote (a deck name, a card line), shown as written inside Markdown.

    Gradio renders Markdown and the HTML in it: an unescaped deck name ``<img src=…>`` would
    make every browser that shows it fetch that address, and ``[win](https://…)`` would be a
    live link. HTML is escaped, Markdown syntax backslashed, and ``://`` broken so no bare
    address turns into a link.
    """
    escaped = html.escape(text, quote=False)
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", escaped)
    return escaped.replace("://", ":&#47;&#47;").replace("www.", "www&#46;").replace("\n", " ")
