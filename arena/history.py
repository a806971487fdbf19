"""The player's own record: win rates with honest intervals, and the opponent's archetype.

A win rate from 7 games says little; every rate here comes with its game count and a 95%
Wilson score interval (it stays inside 0..1 and behaves with few games, unlike the normal
approximation), and groups under ``MIN_GAMES`` are marked "too few games" so nobody reads
a 3-0 as a 100% matchup.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from arena.analysis import analyze
from arena.catalog import Catalog
from arena.models import Deck, DeckEntry

Z_95 = 1.959963984540054  # the two-sided 95% normal quantile
MIN_GAMES = 10
MIN_SEEN_FOR_STYLE = 5  # distinct opponent cards seen before the style is named, not just colors


def wilson_interval(wins: int, n: int, z: float = Z_95) -> tuple[float, float]:
    """The Wilson score interval for ``wins`` successes in ``n`` trials; (0, 1) when n is 0."""
    if n <= 0:
        return 0.0, 1.0
    p = wins / n
    denom = 1 + z * z / n
    center = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, center - half), min(1.0, center + half)


@dataclass(frozen=True, slots=True)
class WinRate:
    """Wins and losses of one group (draws count as games, not wins)."""

    key: str
    wins: int
    losses: int
    draws: int = 0

    @property
    def games(self) -> int:
        return self.wins + self.losses + self.draws

    def to_json(self, *, unit: str = "games") -> dict[str, Any]:
        low, high = wilson_interval(self.wins, self.games)
        return {
            "key": self.key,
            unit: self.games,
            "wins": self.wins,
            "losses": self.losses,
            "draws": self.draws,
            "win_rate": round(self.wins / self.games, 4) if self.games else None,
            "interval_95": [round(low, 4), round(high, 4)],
            "too_few": self.games < MIN_GAMES,
            "note": f"too few {unit} (under {MIN_GAMES}) to judge" if self.games < MIN_GAMES else None,
            "text": self.sentence(unit),
        }

    def sentence(self, unit: str = "games") -> str:
        """The record in words, rate and interval included: what an answer quotes verbatim."""
        if not self.games:
            return f"no {unit} with a result"
        parts = [_plural(self.wins, "win"), _plural(self.losses, "loss")]
        if self.draws:
            parts.append(_plural(self.draws, "draw"))
        one = unit.removesuffix("es") if unit == "matches" else unit.removesuffix("s")
        low, high = wilson_interval(self.wins, self.games)
        text = (f"{', '.join(parts)} in {_plural(self.games, one, unit)}: {_pct(self.wins / self.games)} won "
                f"(95% interval {_pct(low)} to {_pct(high)})")
        if self.games < MIN_GAMES:
            text += f", too few {unit} (under {MIN_GAMES}) to judge"
        return text


def _plural(n: int, one: str, many: str | None = None) -> str:
    if n == 1:
        return f"1 {one}"
    return f"{n} {many or (one + 'es' if one.endswith('s') else one + 's')}"


def _pct(p: float) -> str:
    return f"{round(p * 100)}%"


def tally(pairs: Iterable[tuple[str, str | None]]) -> list[WinRate]:
    """Group ``(key, result)`` pairs into win rates, most played first; unknown results are left out."""
    counts: dict[str, list[int]] = {}
    for key, result in pairs:
        if result not in ("win", "loss", "draw"):
            continue
        row = counts.setdefault(key, [0, 0, 0])
        row[("win", "loss", "draw").index(result)] += 1
    rates = [WinRate(key, w, lo, d) for key, (w, lo, d) in counts.items()]
    return sorted(rates, key=lambda r: (-r.games, r.key))


def summary(matches: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Win rates by deck and by opponent archetype (per match), on the play vs on the draw (per game)."""
    play_draw = [
        ("on the play" if g.get("on_play") else "on the draw", g.get("result"))
        for m in matches for g in m.get("games") or [] if g.get("on_play") is not None
    ]
    overall = tally(("all", m.get("result")) for m in matches)
    return {
        "overall": overall[0].to_json(unit="matches") if overall else None,
        "by_deck": [r.to_json(unit="matches") for r in tally(
            (m.get("deck_name") or "unnamed deck", m.get("result")) for m in matches)],
        "by_opponent_archetype": [r.to_json(unit="matches") for r in tally(
            (m.get("opponent_archetype") or "unknown", m.get("result")) for m in matches)],
        "play_draw": [r.to_json(unit="games") for r in tally(play_draw)],
        "min_games": MIN_GAMES,
    }


def opponent_archetype(names: Sequence[str], catalog: Catalog) -> dict[str, Any]:
    """Name an opponent's deck from the cards seen of it, with the deck engine's archetype rules.

    Only what was seen counts (one copy each), so the colors are firm and the style is a
    guess from a handful of cards; ``seen`` says how many.
    """
    entries = []
    for i, name in enumerate(dict.fromkeys(names), start=1):
        card = catalog.get(name)
        if card is not None:
            entries.append(DeckEntry(count=1, name=card.name, line=i, card=card))
    if not entries:
        return {"name": "unknown", "colors": None, "style": None, "seen": 0,
                "reasons": ["no opponent card seen in the log could be named"]}
    facts = analyze(Deck(main=entries), trials=1)
    found = facts if isinstance(facts, dict) else facts.model_dump(mode="json")
    arche = found["archetype"]
    style = arche.get("style")
    # Two burn spells do not make a control deck: below a handful of cards only colors are sure.
    sure = style not in (None, "unknown", "unclear") and len(entries) >= MIN_SEEN_FOR_STYLE
    label = f"{arche['name']} {style}" if sure else arche["name"]
    return {"name": label, "colors": arche.get("colors"), "style": style, "seen": len(entries),
            "reasons": list(arche.get("reasons") or [])}
