"""Read MTGO ``.dek`` XML: ``<Cards Quantity="4" Sideboard="false" Name="..." CatID="..."/>``.

Expat directly rather than ElementTree, because it reports the line of every element,
and each entry must keep its line. Entity declarations are refused: a deck needs none,
and they are the door to entity-expansion attacks.
"""

from __future__ import annotations

from xml.parsers import expat

from arena.errors import LineProblem
from arena.parsing.limits import check_entries, parse_count
from arena.parsing.raw import RawEntry, ReadResult

_TRUE = frozenset({"true", "1", "yes"})
_FALSE = frozenset({"false", "0", "no", ""})


class _EntityRefused(Exception):
    """Raised from the expat callback when the document declares an entity."""


def read_mtgo_dek(text: str, lines: list[str]) -> ReadResult:
    """Read a .dek document into raw entries; malformed XML is one problem at its line."""
    result = ReadResult("mtgo_dek", line_count=len(lines))
    parser = expat.ParserCreate()
    root: list[str] = []
    cards = 0

    def start(tag: str, attrs: dict[str, str]) -> None:
        number = parser.CurrentLineNumber
        if not root:
            root.append(tag)
            if tag != "Deck":
                result.problems.append(LineProblem(
                    number, _line(lines, number), f"not an MTGO deck: the root element is <{tag}>, not <Deck>"))
            return
        if tag == "Cards":
            nonlocal cards
            cards += 1
            check_entries(cards)  # one line of XML can hold any number of entries
            _card(number, _line(lines, number), attrs, result)

    def refuse_entity(*_args: object) -> None:
        raise _EntityRefused

    parser.StartElementHandler = start
    parser.EntityDeclHandler = refuse_entity
    try:
        parser.Parse(text, True)
    except expat.ExpatError as err:
        line = err.lineno or 1
        result.problems.append(LineProblem(
            line, _line(lines, line), f"malformed XML: {expat.ErrorString(err.code)} (column {err.offset + 1})"))
    except _EntityRefused:
        line = parser.CurrentLineNumber
        result.problems.append(LineProblem(
            line, _line(lines, line), "XML entity declarations are not allowed in a deck file"))
    return result


def _line(lines: list[str], number: int) -> str:
    return lines[number - 1].strip() if 0 < number <= len(lines) else ""


def _card(number: int, text: str, attrs: dict[str, str], result: ReadResult) -> None:
    name = " ".join(attrs.get("Name", "").split())
    quantity = attrs.get("Quantity", "").strip()
    sideboard = attrs.get("Sideboard", "false").strip().casefold()
    count, count_error = parse_count(quantity)
    if not quantity:
        count_error = "count missing (no Quantity attribute)"
    if sideboard not in _TRUE | _FALSE:
        result.problems.append(LineProblem(
            number, text, f"Sideboard must be true or false, not {attrs.get('Sideboard')!r}"))
        return
    if not name:
        catid = attrs.get("CatID")
        reason = "no Name attribute" + (
            f" (CatID {catid} alone cannot be looked up offline)" if catid else "")
        result.problems.append(LineProblem(number, text, reason))
        return
    result.entries.append(RawEntry(
        section="side" if sideboard in _TRUE else "main",
        count=count, name=name, line=number, text=text, count_error=count_error,
    ))
