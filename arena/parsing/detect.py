"""Tell the input's format from its content; the player never names it.

The first meaningful line decides almost always: ``<`` is XML, ``{``/``[`` JSON, a count
or a section header Arena text, a delimited header row CSV. A file name's extension only
settles what the content leaves open.
"""

from __future__ import annotations

import csv
import re

from arena.parsing.arena_text import clean_line
from arena.parsing.csv_deck import sniff_delimiter, split_sep_line
from arena.parsing.sections import match_header

FORMATS = ("arena", "csv", "mtgo_dek", "json")
_TEXT_START = re.compile(r"^(?:SB:\s*)?\d+\s*[xX]?(?:\s|$)|^(?://|#)", re.IGNORECASE)
# Arena's Player.log / output_log.txt tags every entry like this; players paste logs by mistake.
_ARENA_LOG = re.compile(r"^\[(?:UnityCrossThreadLogger|Client GRE|Message summarized)", re.MULTILINE)
# "[" opens JSON only before a value: "[Main]" and "[metadata]" are Forge section headers.
_JSON_START = re.compile(r'^(?:\{|\[\s*(?:[\[{"\]\-\d]|true|false|null|$))')
_EXTENSIONS = {".dek": "mtgo_dek", ".xml": "mtgo_dek", ".json": "json", ".csv": "csv",
               ".tsv": "csv"}


def detect_format(text: str, filename: str | None = None) -> str:
    """Return "arena", "csv", "mtgo_dek" or "json" for the (decoded) deck ``text``."""
    lines = [clean_line(line) for line in text.lstrip("\ufeff").splitlines()[:50]]
    content = [line for line in lines if line]
    if not content:
        return "arena"
    first = content[0]
    if first.startswith("<"):
        return "mtgo_dek"
    if _JSON_START.match(first):
        return "json"
    if split_sep_line(content)[0] is not None:
        return "csv"
    if _TEXT_START.match(first) or match_header(first) is not None:
        return "arena"
    if _looks_like_csv(content):
        return "csv"
    extension = _extension(filename)
    return _EXTENSIONS.get(extension, "arena")


def _looks_like_csv(content: list[str]) -> bool:
    """A header row with a delimiter, and a next row (if any) with as many fields."""
    delimiter = sniff_delimiter(content[0])
    if delimiter not in content[0]:
        return False
    try:
        header = next(csv.reader(content[:1], delimiter=delimiter))
    except csv.Error:  # a header cell over the csv module's 128 KB limit: no export has one
        return False
    if len(header) < 2:
        return False
    try:
        rows = list(csv.reader(content[1:2], delimiter=delimiter))
    except csv.Error:
        return True  # a broken row under a good header: the CSV reader will say which
    return not rows or len(rows[0]) == len(header)


def _extension(filename: str | None) -> str:
    if not filename or "." not in filename:
        return ""
    return "." + filename.rsplit(".", 1)[1].casefold()


def arena_log_line(text: str) -> int | None:
    """Return the first line of an MTG Arena log entry in ``text`` (searched in the first
    64 KB), or None: a log is not a deck, and saying so beats 2,000 "not a card" lines."""
    match = _ARENA_LOG.search(text, 0, 65_536)
    if match is None:
        return None
    return len(re.findall(r"\r\n|\r|\n", text[: match.start()])) + 1
