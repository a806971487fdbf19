"""Read MTG Arena export text and the plain lists deck sites write in its image.

Accepted per line: ``4 Name``, ``4x Name``, ``4 Name (SET) 123`` (numbers like ``81p``,
``820★``, ``CMR-162``, ``6g``), Moxfield's ``*F*``/``*E*`` finish markers, TappedOut's
``*CMDR*``, Archidekt's ``[Category]`` tags, ``SB: 2 Name``, and the printing written
``4 [M11] Name`` (MWS/XMage) or ``4 Name|M11`` (Forge). Structure: an ``About``/``Name`` header, section
headers in any Arena client language, and, in lists without headers, a blank line that
starts the sideboard. Comment lines (``//``, ``#``) are skipped unless they name a section.
"""

from __future__ import annotations

import re

from arena.errors import LineProblem
from arena.parsing.limits import parse_count
from arena.parsing.raw import RawEntry, ReadResult
from arena.parsing.sections import Header, Target, match_header, section_of_label

_CARD = re.compile(r"^(?P<sb>SB:\s*)?(?P<count>\d+)(?:\s*[xX])?\s+(?P<rest>\S.*)$", re.IGNORECASE)
_COUNT_ONLY = re.compile(r"^(?:SB:\s*)?\d+\s*[xX]?$", re.IGNORECASE)
_CATEGORIES = re.compile(r"\s+\[(?P<cats>[^\[\]]*)\]$")
_MARKER = re.compile(r"\s+\*(?P<marker>[A-Za-z-]{1,8})\*$")
_PRINTING = re.compile(r"(?:^|\s+)[(\[](?P<set>[A-Za-z0-9_]{2,10})[)\]](?:\s+(?P<number>[^\s*\[\]]+))?$")
_ABOUT_NAME = re.compile(r"^Name(?:\s*[=:]\s*|\s+)(?P<name>\S.*)$", re.IGNORECASE)
_ABOUT_FIELD = re.compile(r"^[A-Za-z][A-Za-z ]{0,30}=")  # Forge: "Description=", "Deck Type="
# XMage .dck: "NAME:My Deck" and "LAYOUT MAIN:(1,6)(...)" lines carry no cards.
_XMAGE_NAME = re.compile(r"^NAME:(?P<name>.*\S)\s*$")
_XMAGE_LAYOUT = re.compile(r"^LAYOUT (?:MAIN|SIDEBOARD):")
# MWS and XMage put the printing first: "4 [M11] Lightning Bolt", "4 [M11:149] Lightning Bolt".
_LEADING_PRINTING = re.compile(r"^\[(?P<set>[A-Za-z0-9_]{2,10})(?::(?P<number>[^\]\s]+))?\]\s+")
# Forge puts it last, after a bar: "4 Lightning Bolt|M11" or "4 Lightning Bolt|M11|1" (art index).
_BAR_PRINTING = re.compile(r"\|(?P<set>[A-Za-z0-9_]{2,10})(?:\|\d+)?$")
_SPACES = re.compile(r"\s+")
# Invisible characters that sneak in from web pages and chat apps.
_INVISIBLE = str.maketrans({"\u200b": None, "\u200e": None, "\u200f": None, "\ufeff": None,
                            "\u00a0": " ", "\u2009": " ", "\u202f": " "})

# Moxfield: *F* foil, *E* etched. TappedOut: *f*, *f-etch*, and *CMDR* for the commander.
_FINISHES = {"F": "foil", "E": "etched", "F-ETCH": "etched"}
_COMMANDER_MARKER = "CMDR"
_MAX_TAIL = 6  # markers and tag groups after a name; each is a scan, so keep them few


class _State:
    """Where the reader is: the open section, and whether a blank line just closed a block."""

    def __init__(self) -> None:
        self.section: Target = "main"
        self.explicit = False  # the open section was named by a header
        self.cards_in_section = 0
        self.after_blank = False

    def open(self, header: Header) -> None:
        self.section = header.target
        self.explicit = True
        self.cards_in_section = 0
        self.after_blank = False

    def card_section(self, result: ReadResult) -> Target:
        """Return the section the next card line belongs to, applying a pending blank line."""
        if self.section == "about":
            self.section, self.explicit = "main", False
        elif self.after_blank:
            if self.section in ("commander", "companion"):
                # A commander/companion block ends at its blank line; the deck follows.
                self.section, self.explicit = "main", False
                self.cards_in_section = 0
            elif self.section == "main" and not self.explicit:
                # Old Arena exports and most sites: no headers, a blank line, the sideboard.
                self.section = "side"
                self.cards_in_section = 0
                result.blank_line_split = True
        self.after_blank = False
        self.cards_in_section += 1
        return self.section


def read_arena_text(lines: list[str]) -> ReadResult:
    """Read Arena-style text lines into raw entries and line problems."""
    result = ReadResult("arena", line_count=len(lines))
    state = _State()
    for number, raw in enumerate(lines, start=1):
        line = clean_line(raw)
        if not line:
            if state.cards_in_section:
                state.after_blank = True
            continue
        if line.startswith(("//", "#")):
            # "// Sideboard" is a header in comment clothing; any other comment is skipped.
            header = match_header(line.lstrip("/#").strip())
            if header is not None:
                _open(state, header, result)
            continue
        header = match_header(line)
        if header is not None:
            _open(state, header, result)
            continue
        if state.section == "about":
            about = _ABOUT_NAME.match(line)
            if about:
                result.name = about["name"].strip()
                continue
            if _ABOUT_FIELD.match(line):
                continue  # other Forge metadata: not cards, nothing to keep
            if not _CARD.match(line):
                result.problems.append(LineProblem(
                    number, line, "unknown line in the About block (Arena writes only 'Name <deck name>')"))
                continue
        xmage_name = _XMAGE_NAME.match(line)
        if xmage_name:
            result.name = xmage_name["name"].strip()
            continue
        if _XMAGE_LAYOUT.match(line):
            continue
        _read_card_line(number, line, state, result)
    return result


def clean_line(raw: str) -> str:
    """Strip the line and the invisible characters copy-paste leaves in it."""
    return (raw if raw.isascii() else raw.translate(_INVISIBLE)).strip()


def _open(state: _State, header: Header, result: ReadResult) -> None:
    state.open(header)
    if header.language:
        result.languages.add(header.language)


def _read_card_line(number: int, line: str, state: _State, result: ReadResult) -> None:
    match = _CARD.match(line)
    if match is None:
        if _COUNT_ONLY.match(line):
            result.problems.append(LineProblem(number, line, "malformed line: a count but no card name"))
            return
        # No count: resolution decides between "count missing" and "not a card line".
        parsed = parse_card_text(line)
        name = parsed[0] if not isinstance(parsed, str) else _SPACES.sub(" ", line)
        result.entries.append(RawEntry(state.card_section(result), None, name, number, line))
        return
    parsed = parse_card_text(match["rest"])
    if isinstance(parsed, str):
        result.problems.append(LineProblem(number, line, parsed))
        return
    name, set_code, collector_number, foil, label_section = parsed
    section = state.card_section(result)
    if match["sb"]:
        section = "side"
    if label_section is not None:
        section = label_section
    count, count_error = parse_count(match["count"])
    result.entries.append(RawEntry(section, count, name, number, line, set_code,
                                   collector_number, foil, count_error=count_error))


def parse_card_text(rest: str) -> tuple[str, str | None, str | None, bool, Target | None] | str:
    """Split ``Name (SET) 123 *F* [Tags]`` into its parts, or return why it cannot be read.

    Also used for "4 Name" strings inside JSON decks.
    """
    if "  " in rest or "\t" in rest:
        # One space per gap: keeps names tidy and the tail regexes below linear in time.
        rest = _SPACES.sub(" ", rest)
    foil = False
    label_section: Target | None = None
    set_code = collector_number = None
    # Most lines end in a collector number: test the last character before any regex.
    for step in range(_MAX_TAIL + 1):
        if not rest.endswith(("]", "*")):
            break
        if step == _MAX_TAIL:
            return f"malformed line: more than {_MAX_TAIL} markers and tags after the name"
        categories = _CATEGORIES.search(rest) if rest.endswith("]") else None
        if categories:
            for label in categories["cats"].split(","):
                # Archidekt writes flags in braces: "Maybeboard{noDeck}{noPrice}".
                target = section_of_label(re.sub(r"\{[^}]*\}", "", label))
                if target is not None:
                    label_section = target
            rest = rest[: categories.start()]
            continue
        marker = _MARKER.search(rest)
        if marker:
            tag = marker["marker"].upper()
            if tag == _COMMANDER_MARKER:
                label_section = "commander"
            elif tag in _FINISHES:
                foil = True
            else:
                return (f"unknown marker '*{marker['marker']}*' (expected *F* for foil, "
                        "*E* for etched or *CMDR* for the commander)")
            rest = rest[: marker.start()]
            continue
        break
    leading = _LEADING_PRINTING.match(rest) if rest.startswith("[") else None
    printing = _PRINTING.search(rest) if not leading and (")" in rest or "]" in rest) else None
    if leading:
        set_code, collector_number = leading["set"].upper(), leading["number"]
        rest = rest[leading.end():]
    elif printing:
        set_code = printing["set"].upper()
        collector_number = printing["number"]
        rest = rest[: printing.start()]
    elif "|" in rest and (bar := _BAR_PRINTING.search(rest)):
        set_code = bar["set"].upper()
        rest = rest[: bar.start()]
    name = _SPACES.sub(" ", rest).strip()
    if not name:
        return "malformed line: no card name before the set code"
    return name, set_code, collector_number, foil, label_section
