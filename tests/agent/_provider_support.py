"""Helpers shared by the provider tests: a real tool, an on_tool recorder, stream collection."""

from __future__ import annotations

import math
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from agent.providers.base import ToolSpec


async def _land_odds(args: dict[str, Any]) -> dict[str, Any]:
    """P(at least ``want`` lands in the top ``seen`` cards), hypergeometric, like the deck engine."""
    deck, lands, seen, want = (int(args[k]) for k in ("deck", "lands", "seen", "want"))
    total = math.comb(deck, seen)
    hit = sum(math.comb(lands, k) * math.comb(deck - lands, seen - k) for k in range(want, min(lands, seen) + 1))
    return {"probability": round(hit / total, 4)}


async def _explode(args: dict[str, Any]) -> dict[str, Any]:
    raise RuntimeError("catalog is closed")


LAND_ODDS = ToolSpec(
    name="land_odds",
    description="Chance to have drawn at least `want` lands among the first `seen` cards.",
    parameters={
        "type": "object",
        "properties": {
            "deck": {"type": "integer"},
            "lands": {"type": "integer"},
            "seen": {"type": "integer"},
            "want": {"type": "integer"},
        },
        "required": ["deck", "lands", "seen", "want"],
        "additionalProperties": False,
    },
    run=_land_odds,
)

BROKEN = ToolSpec(
    name="broken_tool",
    description="Always fails.",
    parameters={"type": "object", "properties": {}},
    run=_explode,
)


@dataclass
class ToolLog:
    """Records every ``on_tool(name, args, result)`` report."""

    calls: list[tuple[str, dict[str, Any], dict[str, Any]]] = field(default_factory=list)

    async def __call__(self, name: str, args: dict[str, Any], result: dict[str, Any]) -> None:
        self.calls.append((name, args, result))


def hypergeometric_at_least(deck: int, lands: int, seen: int, want: int) -> float:
    """The same probability by the complement, so the test does not repeat the tool's sum."""
    miss = sum(math.comb(lands, k) * math.comb(deck - lands, seen - k) for k in range(want))
    return 1 - miss / math.comb(deck, seen)


async def collect(stream: AsyncIterator[str]) -> list[str]:
    return [delta async for delta in stream]
