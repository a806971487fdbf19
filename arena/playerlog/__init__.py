"""Player.log reader: the player's matches and latest inventory, read in one streaming pass.

    with open("Player.log", "rb") as f:
        report = read_log(f, name_for=lambda i: (c.name if (c := catalog.by_arena_id(i)) else None))

Memory stays bounded by the largest single entry (capped), whatever the log's size; an
entry that cannot be read is skipped and counted in ``report.skipped``, never raised.
"""

from __future__ import annotations

from typing import IO

from arena.playerlog.entries import BoundedLines, Entry, iter_entries
from arena.playerlog.model import COLLECTION_NOTE, DeckCard, Game, Inventory, LogReport, Match
from arena.playerlog.parser import LogParser, NameFor


def read_log(stream: IO[bytes], *, name_for: NameFor | None = None, player: str | None = None) -> LogReport:
    """Read a whole Player.log from a binary stream."""
    lines = BoundedLines(stream)
    parser = LogParser(name_for=name_for, player=player)
    for entry in iter_entries(lines):
        parser.feed(entry)
    report = parser.report()
    report.skipped += lines.dropped
    report.entries += lines.dropped
    return report


__all__ = ["COLLECTION_NOTE", "DeckCard", "Entry", "Game", "Inventory", "LogParser", "LogReport",
           "Match", "read_log"]
