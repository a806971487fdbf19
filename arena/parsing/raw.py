"""What every format reader hands to resolution: entries as written, problems found so far."""

from __future__ import annotations

from dataclasses import dataclass, field

from arena.errors import LineProblem
from arena.parsing.sections import Target


@dataclass(slots=True)
class RawEntry:
    """One card line as read, before its name is looked up in the catalog.

    ``count`` is None when the line had none; ``count_error`` explains a count that could
    not be read at all (a CSV cell saying "abc"), so resolution can report both at once.
    ``set_name`` is kept only as evidence that a row is a token ("... Tokens").
    """

    section: Target
    count: int | None
    name: str
    line: int
    text: str
    set_code: str | None = None
    collector_number: str | None = None
    foil: bool = False
    set_name: str | None = None
    count_error: str | None = None


@dataclass(slots=True)
class ReadResult:
    """A format reader's output: the entries, the lines it could not read, and deck metadata."""

    source_format: str
    entries: list[RawEntry] = field(default_factory=list)
    problems: list[LineProblem] = field(default_factory=list)
    name: str | None = None
    format_hint: str | None = None  # a game format the input itself states (JSON "format")
    languages: set[str] = field(default_factory=set)  # non-English headers seen
    blank_line_split: bool = False  # the sideboard began at a blank line, not a header
    line_count: int = 0
