"""Read CSV deck and collection exports (Moxfield, Archidekt, Deckbox, ManaBox, TCGplayer,
Dragon Shield, TopDecked, MTGGoldfish, MTGO, Multiverse-ID lists...).

Every site names its columns differently, so columns are found by synonym, case- and
spacing-insensitively; the delimiter is detected; Dragon Shield's ``"sep=,"`` line is honoured.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass

from arena.errors import LineProblem
from arena.parsing.limits import parse_count
from arena.parsing.raw import RawEntry, ReadResult
from arena.parsing.sections import Target, section_of_label

_SYNONYMS: dict[str, tuple[str, ...]] = {
    "count": ("count", "quantity", "qty", "amount", "copies"),
    "name": ("name", "card", "card name", "cardname", "card title"),
    # Columns that always hold set codes, tried before the ambiguous ones below.
    "set_code": ("set code", "edition code", "setcode", "set id", "setid", "code"),
    # "Set"/"Edition" holds a code in Moxfield and MTGO exports but a name in Deckbox's.
    "set_any": ("set", "edition", "expansion"),
    "set_name": ("set name", "edition name", "setname"),
    "collector_number": ("collector number", "card number", "collector #", "collector no",
                         "collector no.", "collectornumber", "cn", "number"),
    "section": ("sideboard", "sideboarded", "board", "section", "deck section", "zone",
                "category", "categories"),
    "foil": ("foil", "printing", "finish", "premium", "is foil", "isfoil"),
}
_SEP_LINE = re.compile(r'^"?sep=(?P<delimiter>.)"?\s*$', re.IGNORECASE)
_SET_CODE = re.compile(r"^[A-Za-z0-9]{2,6}$")
_COUNT = re.compile(r"^(?P<count>-?\d+)\s*[xX]?$")
_TRUE = frozenset({"yes", "y", "true", "1", "x", "sb", "sideboard", "side"})
_FALSE = frozenset({"", "no", "n", "false", "0"})
_NOT_FOIL = frozenset({"", "normal", "nonfoil", "non-foil", "non foil", "regular", "no", "false",
                       "0", "n", "none"})
_DELIMITERS = (",", ";", "\t", "|")


@dataclass(frozen=True, slots=True)
class _Columns:
    """Indexes of the columns we read (None when the file has no such column)."""

    name: int
    count: int | None
    set_code: int | None
    set_any: int | None
    set_name: int | None
    collector_number: int | None
    section: int | None
    foil: int | None


def sniff_delimiter(header: str) -> str:
    """Return the delimiter the header line uses most (outside quotes); ties favour ','."""
    unquoted = re.sub(r'"[^"]*"', "", header)
    counts = {d: unquoted.count(d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def split_sep_line(lines: list[str]) -> tuple[str | None, int]:
    """Return (delimiter from a ``sep=`` first line, index of the header line)."""
    match = _SEP_LINE.match(lines[0]) if lines else None
    return (match["delimiter"], 1) if match else (None, 0)


def read_csv(lines: list[str]) -> ReadResult:
    """Read CSV lines into raw entries; a missing name column is one precise problem."""
    result = ReadResult("csv", line_count=len(lines))
    delimiter, header_index = split_sep_line(lines)
    while header_index < len(lines) and not lines[header_index].strip():
        header_index += 1
    if header_index >= len(lines):
        return result
    delimiter = delimiter or sniff_delimiter(lines[header_index])
    reader = csv.reader(lines[header_index:], delimiter=delimiter)
    try:
        header = next(reader)
    except csv.Error as err:
        result.problems.append(LineProblem(header_index + 1, lines[header_index],
                                           f"unreadable CSV header: {err}"))
        return result
    columns = _find_columns(header, header_index + 1, lines[header_index], result)
    if columns is None:
        return result
    rows: list[tuple[int, list[str]]] = []
    previous_end = header_index + reader.line_num
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            number = header_index + reader.line_num
            result.problems.append(LineProblem(number, lines[number - 1], f"unreadable CSV row: {err}"))
            previous_end = number
            continue
        start = previous_end + 1
        previous_end = header_index + reader.line_num
        if any(cell.strip() for cell in row):
            rows.append((start, row))
    set_is_code = _all_codes(rows, columns.set_any)
    for number, row in rows:
        result.entries.append(_entry(number, lines[number - 1], row, columns, set_is_code))
    return result


def _find_columns(header: list[str], number: int, text: str, result: ReadResult) -> _Columns | None:
    keys = [re.sub(r"[\s_]+", " ", cell.strip().strip('"')).casefold() for cell in header]

    def find(role: str) -> int | None:
        for synonym in _SYNONYMS[role]:
            if synonym in keys:
                return keys.index(synonym)
        return None

    name = find("name")
    if name is None:
        found = ", ".join(cell.strip() for cell in header if cell.strip()) or "none"
        reason = f"no card-name column (expected Name, Card or Card Name; found: {found})"
        if "idproduct" in keys:
            reason += "; a Cardmarket product-id export carries no card names, export with names"
        result.problems.append(LineProblem(number, text, reason))
        return None
    return _Columns(name, find("count"), find("set_code"), find("set_any"), find("set_name"),
                    find("collector_number"), find("section"), find("foil"))


def _all_codes(rows: list[tuple[int, list[str]]], column: int | None) -> bool:
    """True when every value of the ambiguous set column looks like a set code."""
    if column is None:
        return False
    values = [_cell(row, column) for _, row in rows]
    return all(_SET_CODE.match(v) for v in values if v)


def _cell(row: list[str], index: int | None) -> str:
    if index is None or index >= len(row):
        return ""
    return row[index].strip()


def _entry(number: int, text: str, row: list[str], columns: _Columns, set_is_code: bool) -> RawEntry:
    count: int | None = 1  # a collection row without a count column is one card
    count_error = None
    if columns.count is not None:
        raw_count = _cell(row, columns.count)
        match = _COUNT.match(raw_count)  # "4" or "4x"
        count, count_error = parse_count(match["count"] if match else raw_count)
    set_code = _cell(row, columns.set_code) or (_cell(row, columns.set_any) if set_is_code else "")
    set_name = _cell(row, columns.set_name) or ("" if set_is_code else _cell(row, columns.set_any))
    number_text = _cell(row, columns.collector_number).split("/")[0].strip()  # MTGO: "116/350"
    return RawEntry(
        section=_section(_cell(row, columns.section)),
        count=count,
        name=re.sub(r"\s+", " ", _cell(row, columns.name)),
        line=number,
        text=text.strip(),
        set_code=set_code.upper() or None,
        collector_number=number_text or None,
        foil=_is_foil(_cell(row, columns.foil)),
        set_name=set_name or None,
        count_error=count_error,
    )


def _section(value: str) -> Target:
    """Read a sideboard flag ("Yes", "true") or a board label ("Sideboard", "Commander")."""
    lowered = value.casefold()
    if lowered in _FALSE:
        return "main"
    if lowered in _TRUE:
        return "side"
    # Archidekt puts several categories in one cell: "Commander,Ramp".
    for label in re.split(r"[,;]", value):
        target = section_of_label(label.strip())
        if target is not None:
            return target
    return "main"


def _is_foil(value: str) -> bool:
    lowered = value.casefold()
    if lowered in _NOT_FOIL:
        return False
    return "foil" in lowered or "etched" in lowered or lowered in {"yes", "y", "true", "1", "premium"}
