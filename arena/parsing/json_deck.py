"""Read JSON decks: a plain list of cards, an object of section lists, and the shapes
Moxfield, Archidekt and Scryfall use (boards keyed by card id, cards nested in ``card``).

Entries may be objects (``{"count": 4, "name": "..."}``) or Arena-style strings
(``"4 Lightning Bolt (M11) 149"``). Each entry keeps the line where its value starts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from arena.errors import LineProblem
from arena.parsing.arena_text import parse_card_text
from arena.parsing.limits import check_entries, parse_count
from arena.parsing.raw import RawEntry, ReadResult
from arena.parsing.sections import Target, section_of_label

_SECTION_KEYS: dict[str, Target] = {
    "main": "main", "mainboard": "main", "maindeck": "main", "deck": "main", "cards": "main",
    "sideboard": "side", "side": "side",
    "commander": "commander", "commanders": "commander",
    "companion": "companion", "companions": "companion",
    "maybeboard": "excluded", "considering": "excluded", "maybe": "excluded",
}
# Objects that only wrap the sections: Moxfield's "boards", Scryfall's "entries", {"deck": {...}}.
_WRAPPERS = ("boards", "entries", "deck", "data")
_COUNT_KEYS = ("count", "quantity", "qty", "amount", "copies")
_NAME_KEYS = ("name", "card_name", "cardname")
_SET_KEYS = ("set", "set_code", "setcode", "edition", "editioncode", "edition_code")
_NUMBER_KEYS = ("collector_number", "collectornumber", "cn", "number")
_CARD_LINE = re.compile(r"^(?P<count>\d+)(?:\s*[xX])?\s+(?P<rest>\S.*)$")
_STRUCTURE_HELP = ("a JSON deck is a list of cards or an object with main/mainboard/deck, "
                   "sideboard, commander and companion lists")


Path = tuple[str | int, ...]
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\],:]|\r\n|\r|\n|[^\s{}\[\],:"]+')


def value_lines(text: str) -> dict[Path, int]:
    """Map the path of every value in a (valid) JSON text to the line where it starts.

    ``json`` reports no positions, so a second, token-level pass walks the same structure.
    """
    lines: dict[Path, int] = {}
    stack: list[list] = []  # frames: [is_object, current key or index, expecting a key]
    line = 1
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token in ("\n", "\r", "\r\n"):
            line += 1
        elif token == ",":
            if stack and stack[-1][0]:
                stack[-1][2] = True
            elif stack:
                stack[-1][1] += 1
        elif token in ("}", "]"):
            if stack:
                stack.pop()
        elif token == ":":
            continue
        elif token[0] == '"' and stack and stack[-1][0] and stack[-1][2]:
            stack[-1][1], stack[-1][2] = json.loads(token), False
        else:
            lines.setdefault(tuple(frame[1] for frame in stack), line)
            if token == "{":
                stack.append([True, None, True])
            elif token == "[":
                stack.append([False, 0, False])
    return lines


def read_json(text: str, lines: list[str]) -> ReadResult:
    """Read a JSON deck into raw entries and problems."""
    result = ReadResult("json", line_count=len(lines))
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        line = lines[err.lineno - 1].strip() if 0 < err.lineno <= len(lines) else ""
        result.problems.append(LineProblem(err.lineno, line,
                                           f"malformed JSON: {err.msg} (column {err.colno})"))
        return result
    except ValueError:  # Python refuses integers of 4,300+ digits
        result.problems.append(LineProblem(1, lines[0].strip() if lines else "",
                                           "malformed JSON: a number too long to be a count"))
        return result
    except RecursionError:
        result.problems.append(LineProblem(1, lines[0].strip() if lines else "",
                                           "malformed JSON: nested too deeply to be a deck"))
        return result
    sections = list(_sections(data, result, ()))
    if not sections and not result.problems:
        found = ", ".join(map(str, data)) if isinstance(data, dict) else type(data).__name__
        result.problems.append(LineProblem(1, lines[0].strip() if lines else "",
                                           f"no deck sections found ({_STRUCTURE_HELP}; found: {found})"))
        return result
    check_entries(sum(len(items) for _, items in sections))
    positions = value_lines(text)
    for target, items in sections:
        for path, item in items:
            _entry(path, positions.get(path, 1), item, target, result)
    return result


def _sections(data: Any, result: ReadResult, path: Path) -> Iterator[tuple[Target, list[tuple[Path, Any]]]]:
    """Yield (section, [(path, entry)]) for every section list in the document."""
    if isinstance(data, list):
        yield "main", _items(data, path)
        return
    if not isinstance(data, dict):
        result.problems.append(LineProblem(1, str(data)[:80], f"not a deck: {_STRUCTURE_HELP}"))
        return
    for key, value in data.items():
        lowered = key.casefold()
        if lowered in ("name", "deckname", "title") and isinstance(value, str):
            result.name = result.name or value.strip() or None
        elif lowered == "format" and isinstance(value, str) and value.strip():
            result.format_hint = value.strip()
        elif lowered in _WRAPPERS and isinstance(value, dict):
            yield from _sections(value, result, (*path, key))
        elif lowered in _SECTION_KEYS and isinstance(value, list | dict | str):
            yield _SECTION_KEYS[lowered], _items(value, (*path, key))


def _items(value: list | dict | str, path: Path) -> list[tuple[Path, Any]]:
    """Entries of one section: a list, a Moxfield board {"cards": {...}}, {name: entry},
    or a lone card ({"commander": "Kinnan, Bonder Prodigy"} or one entry object)."""
    if isinstance(value, str) or (isinstance(value, dict) and _is_entry(value)):
        return [(path, value)]
    if isinstance(value, list):
        return [((*path, index), item) for index, item in enumerate(value)]
    if isinstance(value.get("cards"), dict | list):
        return _items(value["cards"], (*path, "cards"))
    return [((*path, key), item) for key, item in value.items()]


def _show(path: Path) -> str:
    """``$.boards.mainboard.cards["a1b2"]``-style text for a path."""
    parts = ["$"]
    for key in path:
        if isinstance(key, int):
            parts.append(f"[{key}]")
        elif key.isidentifier():
            parts.append(f".{key}")
        else:
            parts.append(f"[{json.dumps(key, ensure_ascii=False)}]")
    return "".join(parts)


def _entry(path: Path, line: int, item: Any, target: Target, result: ReadResult) -> None:
    key = path[-1] if path else None
    if isinstance(item, str):
        _string_entry(path, line, item, target, result)
        return
    if isinstance(item, int) and not isinstance(item, bool) and isinstance(key, str):
        item = {"name": key, "count": item}  # {"Lightning Bolt": 4}
    text = f"{_show(path)}: {_short(item)}"
    if not isinstance(item, dict):
        result.problems.append(LineProblem(line, text, "malformed entry: expected an object or a '4 Name' string"))
        return
    fields = _flatten(item)
    name = _first_str(fields, _NAME_KEYS) or (key if isinstance(key, str) and not _is_id(key) else "")
    if not name:
        result.problems.append(LineProblem(line, text, "no card name in this entry"))
        return
    count, count_error = _count(fields)
    result.entries.append(RawEntry(
        section=_entry_section(item, target),
        count=count, name=" ".join(name.split()), line=line, text=text,
        set_code=(_first_str(fields, _SET_KEYS) or "").upper() or None,
        collector_number=_first_str(fields, _NUMBER_KEYS) or None,
        foil=_foil(item), count_error=count_error,
    ))


def _is_entry(value: dict) -> bool:
    keys = {str(k).casefold() for k in value}
    return bool(keys & {*_NAME_KEYS, "card", "card_digest"})


def _string_entry(path: Path, line: int, item: str, target: Target, result: ReadResult) -> None:
    text = f"{_show(path)}: {item.strip()}"
    match = _CARD_LINE.match(item.strip())
    parsed = parse_card_text(match["rest"] if match else item.strip())
    if isinstance(parsed, str):
        result.problems.append(LineProblem(line, text, parsed))
        return
    name, set_code, number, foil, label = parsed
    count, count_error = parse_count(match["count"]) if match else (None, None)
    if match is None and target in ("commander", "companion"):
        count = 1  # {"commander": "Kinnan, Bonder Prodigy"}: a commander is one card
    result.entries.append(RawEntry(label or target, count, name, line, text, set_code, number, foil,
                                   count_error=count_error))


def _flatten(item: dict) -> dict[str, Any]:
    """Merge an entry with the card object nested in it (Moxfield ``card``, Archidekt
    ``card.oracleCard``/``card.edition``, Scryfall ``card_digest``); the entry's own keys win."""
    fields: dict[str, Any] = {}
    nested = item.get("card") or item.get("card_digest")
    if isinstance(nested, dict):
        for inner in ("oracleCard", "edition"):
            if isinstance(nested.get(inner), dict):
                fields.update({k.casefold(): v for k, v in nested[inner].items()})
        fields.update({k.casefold(): v for k, v in nested.items()})
    fields.update({k.casefold(): v for k, v in item.items()})
    return fields


def _first_str(fields: dict[str, Any], keys: tuple[str, ...]) -> str:
    for key in keys:
        value = fields.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
        if isinstance(value, int) and not isinstance(value, bool) and key in _NUMBER_KEYS:
            return str(value)
    return ""


def _count(fields: dict[str, Any]) -> tuple[int | None, str | None]:
    for key in _COUNT_KEYS:
        if key not in fields:
            continue
        value = fields[key]
        if isinstance(value, bool):
            break
        if isinstance(value, int):
            return value, None
        if isinstance(value, str):
            return parse_count(value)
        return None, f"count {value!r} is not a whole number"
    return 1, None  # an entry object without a count is one card, as in collection exports


def _entry_section(item: dict, target: Target) -> Target:
    """An entry can move itself: {"sideboard": true}, {"section": "side"}, Archidekt categories."""
    if item.get("sideboard") is True:
        return "side"
    for key in ("section", "board", "zone", "category"):
        if isinstance(item.get(key), str):
            return section_of_label(item[key]) or target
    categories = item.get("categories")
    if isinstance(categories, list):
        for label in categories:
            found = section_of_label(str(label))
            if found is not None:
                return found
    return target


def _foil(item: dict) -> bool:
    for key in ("foil", "isfoil", "isFoil", "etched"):
        if item.get(key) is True:
            return True
    for key in ("finish", "modifier", "printing"):
        value = item.get(key)
        if isinstance(value, str) and value.casefold() in ("foil", "etched", "foil_etched"):
            return True
    return False


def _is_id(key: str) -> bool:
    """Moxfield keys boards by opaque ids; a key without a space that mixes digits is one."""
    return " " not in key and any(c.isdigit() for c in key)


def _short(item: Any) -> str:
    text = json.dumps(item, ensure_ascii=False, separators=(", ", ": "))
    return text if len(text) <= 100 else text[:97] + "..."
