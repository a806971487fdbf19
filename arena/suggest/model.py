"""The typed results of the suggestion engine: ranked cuts, balanced swaps, the whole proposal."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Change:
    """One line of a proposal: cut or add ``count`` copies of ``card``, and why."""

    card: str
    count: int
    reason: str
    category: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Ranked:
    """A main-deck card in the cut ranking: core cards are kept, flex cards are cut first."""

    card: str
    copies: int
    core: bool
    reason: str  # why it is core, or why it is the card to cut
    score: float  # higher = cut sooner (core cards sit at the bottom)
    category: str = "flex"  # flex, color, mana, curve, or the core kind (playset, theme, ...)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Swap:
    """Cuts and adds that belong together; a balanced swap keeps the deck's size."""

    cuts: list[Change] = field(default_factory=list)
    adds: list[Change] = field(default_factory=list)

    @property
    def balance(self) -> int:
        """Cards added minus cards cut (0 for a size-keeping swap)."""
        return sum(a.count for a in self.adds) - sum(c.count for c in self.cuts)

    def lines(self) -> int:
        return len(self.cuts) + len(self.adds)
