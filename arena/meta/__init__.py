"""Metagame data: the dated offline snapshot and matchup reasoning over its lists."""

from arena.meta.snapshot import (
    CardFrequency,
    MetaDate,
    MetaDeck,
    MetaShare,
    MetaSnapshot,
    find_snapshot,
    load_snapshot,
)

__all__ = [
    "CardFrequency",
    "MetaDate",
    "MetaDeck",
    "MetaShare",
    "MetaSnapshot",
    "find_snapshot",
    "load_snapshot",
]
