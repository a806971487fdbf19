"""Mana-cost arithmetic: symbols, mana value, colors and colored pips.

Every number Vawlrathh says about curves and colors starts here, so the rules follow the
Comprehensive Rules (202.3 for mana value) rather than guesses:

- generic numbers count their value; ``{X}``, ``{Y}``, ``{Z}`` count 0 (off the stack);
- a hybrid symbol ``{W/U}`` counts 1, a monocolored hybrid ``{2/W}`` counts 2;
- Phyrexian ``{W/P}`` and Phyrexian hybrid ``{G/W/P}`` count 1;
- ``{C}`` (colorless), ``{S}`` (snow) and the playtest symbols ``{D}``/``{L}`` count 1;
- half mana ``{HW}`` / ``{½}`` counts 0.5, so :func:`mana_value` may return a float.

For multi-face cards only the front face's cost counts; callers pass that cost.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from arena.models import COLORS, Color

_COLOR_SET = frozenset(COLORS)
_SYMBOL_RE = re.compile(r"\{([^{}]+)\}")
# Symbols that take one generic-like mana but no color.
_ONE_COLORLESS = frozenset({"C", "S", "D", "L", "P", "C/P"})
_VARIABLE = frozenset({"X", "Y", "Z"})


class ManaCostError(ValueError):
    """Raised when a mana cost contains text that is not a ``{symbol}`` we understand."""


@lru_cache(maxsize=4096)
def _parse(cost: str) -> tuple[str, ...]:
    text = cost.replace(" ", "")
    symbols = _SYMBOL_RE.findall(text)
    leftover = _SYMBOL_RE.sub("", text)
    if leftover:
        raise ManaCostError(
            f"mana cost {cost!r} has text outside braces: {leftover!r}; write symbols like {{2}}{{W}}"
        )
    for symbol in symbols:
        _symbol_value(symbol.upper(), cost)  # validates
    return tuple(s.upper() for s in symbols)


def parse_cost(cost: str | None) -> list[str]:
    """Split ``"{2}{W/U}{W/U}"`` into ``["2", "W/U", "W/U"]``; ``None`` or ``""`` give ``[]``."""
    if not cost:
        return []
    return list(_parse(cost))


def _symbol_value(symbol: str, cost: str) -> float:
    """Mana value contributed by one symbol (without braces, upper case)."""
    if symbol.isdigit():
        return int(symbol)
    if symbol in _VARIABLE:
        return 0
    if symbol in _COLOR_SET or symbol in _ONE_COLORLESS:
        return 1
    if symbol in ("½",) or (len(symbol) == 2 and symbol[0] == "H" and symbol[1] in _COLOR_SET):
        return 0.5
    if symbol in ("∞", "INFINITY"):
        return math.inf
    parts = symbol.split("/")
    if len(parts) in (2, 3) and all(parts):
        phyrexian = parts[-1] == "P"
        options = parts[:-1] if phyrexian else parts
        # {2/W}: the generic half is the larger option, so it counts 2 (CR 202.3f).
        if len(options) == 2 and options[0].isdigit() and options[1] in _COLOR_SET:
            return int(options[0])
        if all(o in _COLOR_SET or o == "C" for o in options):
            return 1
    raise ManaCostError(f"mana cost {cost!r} has an unknown symbol {{{symbol}}}")


@lru_cache(maxsize=1024)
def symbol_colors(symbol: str) -> tuple[Color, ...]:
    """Colors a single symbol (without braces) belongs to, WUBRG order; ``()`` for colorless."""
    symbol = symbol.upper()
    if symbol.startswith("H") and len(symbol) == 2:
        symbol = symbol[1]
    found = set(symbol.split("/")) & _COLOR_SET
    return tuple(c for c in COLORS if c in found)


@lru_cache(maxsize=4096)
def mana_value(cost: str | None) -> int | float:
    """The mana value of a cost (X = 0); an int unless the cost has half or infinite mana."""
    total: float = 0
    for symbol in parse_cost(cost):
        total += _symbol_value(symbol, cost or "")
    if total == math.inf or total != int(total):
        return total
    return int(total)


def mana_value_int(cost: str | None) -> int:
    """Mana value as the int ``Card.mana_value`` stores: half mana rounds down, ∞ is refused."""
    value = mana_value(cost)
    if value == math.inf:
        raise ManaCostError(f"mana cost {cost!r} has infinite mana value")
    return math.floor(value)


@lru_cache(maxsize=4096)
def cost_colors(cost: str | None) -> tuple[Color, ...]:
    """Colors of a cost in WUBRG order (a hybrid symbol adds each of its colors)."""
    found: set[str] = set()
    for symbol in parse_cost(cost):
        found.update(symbol_colors(symbol))
    return tuple(c for c in COLORS if c in found)


def pips(cost: str | None) -> dict[Color, int]:
    """Colored symbols per color, every color present; hybrid and Phyrexian count for each color.

    ``pips("{1}{W/U}{U}") == {"W": 1, "U": 2, "B": 0, "R": 0, "G": 0}``.
    """
    counts: dict[Color, int] = dict.fromkeys(COLORS, 0)
    for symbol in parse_cost(cost):
        for color in symbol_colors(symbol):
            counts[color] += 1
    return counts


def color_requirements(cost: str | None) -> dict[Color, int]:
    """Symbols that need a source of each color to pay, for source counting (Karsten).

    Like :func:`pips`, a two-color hybrid counts for each of its colors, but symbols that can
    be paid without that color do not: Phyrexian ``{W/P}`` (2 life), ``{2/W}`` (two generic)
    and ``{C/W}`` (colorless). Only colors with at least one symbol appear.
    """
    counts: dict[Color, int] = {}
    for symbol in parse_cost(cost):
        parts = symbol.split("/")
        if len(parts) > 1 and (parts[-1] == "P" or parts[0].isdigit() or "C" in parts):
            continue
        for color in symbol_colors(symbol):
            counts[color] = counts.get(color, 0) + 1
    return counts


def has_variable(cost: str | None) -> bool:
    """True when the cost has ``{X}``, ``{Y}`` or ``{Z}`` (an "X spell")."""
    return any(symbol in _VARIABLE for symbol in parse_cost(cost))
