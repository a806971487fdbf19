"""Deck parsing: any format a player pastes or uploads, into one ``Deck``.

    parse_deck(text_or_bytes, catalog, filename=None) -> Deck

Formats (detected, never asked for): MTG Arena export text and the plain lists deck sites
write, CSV exports, MTGO ``.dek`` XML, and JSON. Errors: ``DeckTooLargeError`` up front
for input over 1 MB or 2,000 lines; otherwise one ``DeckParseError`` naming every bad
line, why it is bad, and for unknown cards the closest names.
"""

from __future__ import annotations

from arena.errors import DeckParseError, LineProblem
from arena.models import Deck
from arena.parsing.arena_text import read_arena_text
from arena.parsing.assemble import assemble
from arena.parsing.csv_deck import read_csv
from arena.parsing.detect import FORMATS, arena_log_line, detect_format
from arena.parsing.json_deck import read_json
from arena.parsing.limits import MAX_BYTES, MAX_COUNT, MAX_LINES, decode, split_lines
from arena.parsing.mtgo_dek import read_mtgo_dek
from arena.parsing.raw import ReadResult
from arena.parsing.resolve import CardResolver, resolve

__all__ = [
    "FORMATS",
    "MAX_BYTES",
    "MAX_COUNT",
    "MAX_LINES",
    "CardResolver",
    "detect_format",
    "parse_deck",
]


def parse_deck(text: str | bytes, catalog: CardResolver, *, filename: str | None = None) -> Deck:
    """Parse a deck in any supported format and resolve every card against ``catalog``.

    Raises ``DeckTooLargeError`` before reading anything when the input is over the limits,
    and ``DeckParseError`` listing every line that could not be read or resolved.
    """
    decoded = decode(text)
    lines = split_lines(decoded)
    log_line = arena_log_line(decoded)
    if log_line is not None:
        raise DeckParseError([LineProblem(
            log_line, lines[log_line - 1][:120],
            "this is an MTG Arena log, not a deck list: in Arena open the deck, choose Export, "
            "and paste what it copies")])
    if "\x00" in decoded:
        line = next(i for i, value in enumerate(lines, start=1) if "\x00" in value)
        raise DeckParseError([LineProblem(line, "", "this is a binary file, not a deck list")])
    read = _read(detect_format(decoded, filename), decoded, lines)
    entries, problems, skipped = resolve(read, catalog)
    return assemble(read, entries, problems, skipped)


def _read(source_format: str, text: str, lines: list[str]) -> ReadResult:
    if source_format == "mtgo_dek":
        return read_mtgo_dek(text, lines)
    if source_format == "json":
        return read_json(text, lines)
    if source_format == "csv":
        return read_csv(lines)
    return read_arena_text(lines)
