"""Split a Player.log byte stream into entries: a header label and the JSON that follows it.

The client writes many shapes over the years: ``[UnityCrossThreadLogger]<== Method {json}``
on one line, ``==> Method(12):`` followed by pretty JSON (blank lines between its lines in
2018), ``Match to USERID: GreToClientEvent`` with the JSON on the next line, bare JSON lines
without any header, and plain text (``[Accounts - Client] Successfully logged in to account:``).
This reader follows brace depth (strings and escapes included) so multi-line JSON is
gathered whatever its layout, reads line by line so memory stays bounded by the largest
entry, and gives up on an entry larger than ``MAX_ENTRY_BYTES`` instead of growing forever.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

HEADERS = ("[UnityCrossThreadLogger]", "[Client GRE]")
MAX_ENTRY_BYTES = 16 * 1024 * 1024
# "7/30/2020 12:54:13 PM: " or "2026-07-22 21:38:14: " before the label of a header.
_STAMP = re.compile(r"^(?P<stamp>\d{1,4}[/-]\d{1,2}[/-]\d{1,4}[ T]\d{1,2}:\d{2}:\d{2}(?:\s*[AP]M)?):?\s*")


@dataclass(slots=True)
class Entry:
    """One log entry: its header label (may be empty), its JSON text (may be empty), its line."""

    label: str
    json_text: str
    line: int
    stamp: str | None = None
    complete: bool = True  # False when the JSON never closed (truncated log, oversize entry)
    value: Any = None  # the decoded JSON when the reader already decoded it (one-line entries)
    decoded: bool = False


_TOKENS = re.compile(r'\\.|["{}\[\]]')  # what changes the depth: quotes, brackets, escapes
_DECODER = json.JSONDecoder()


def _depth_change(text: str, depth: int, in_string: bool) -> tuple[int, bool, int]:
    """Scan ``text`` continuing a JSON value; return (depth, in_string, index after close or -1).

    Only quotes, brackets and escapes matter, so the regex jumps between them instead of
    looking at every character in Python.
    """
    for match in _TOKENS.finditer(text):
        token = match.group()
        if in_string:
            if token == '"':
                in_string = False
        elif token == '"':
            in_string = True
        elif token in "{[":
            depth += 1
        elif token in "}]":
            depth -= 1
            if depth == 0:
                return 0, False, match.end()
    return depth, in_string, -1


def _json_start(text: str) -> int:
    """Where a JSON object or array starts in a header's remainder, or -1."""
    brace = text.find("{")
    if brace < 0:
        return -1
    bracket = text.find("[", 0, brace)
    return bracket if bracket >= 0 and text[bracket + 1:bracket + 2] in ('"', "{", "[", "]") else brace


def iter_entries(lines: Iterable[bytes]) -> Iterator[Entry]:
    """Yield the entries of a log given as raw lines (a binary file object works)."""
    label = ""
    stamp: str | None = None
    label_line = 0
    parts: list[str] = []
    size = 0
    depth = 0
    in_string = False
    start_line = 0
    for number, raw in enumerate(lines, start=1):
        text = raw.decode("utf-8", errors="replace").rstrip("\r\n").rstrip("\r")
        if depth > 0:
            if text.startswith(HEADERS):  # a new header while JSON is open: the entry was cut off
                yield Entry(label, "".join(parts), start_line, stamp, complete=False)
                parts, size, depth, in_string = [], 0, 0, False
            else:
                size += len(raw)
                if size > MAX_ENTRY_BYTES:
                    yield Entry(label, "", start_line, stamp, complete=False)
                    parts, size, depth, in_string = [], 0, 0, False
                    label = ""
                    continue
                depth, in_string, end = _depth_change(text, depth, in_string)
                parts.append(text if end < 0 else text[:end])
                parts.append("\n")
                if depth == 0:
                    yield Entry(label, "".join(parts), start_line, stamp)
                    parts, size, label = [], 0, ""
                continue
        rest = text
        if text.startswith(HEADERS):
            if label:  # the previous header had no JSON of its own
                yield Entry(label, "", label_line, stamp)
            rest = text[text.index("]") + 1:]
            match = _STAMP.match(rest)
            stamp = match.group("stamp") if match else None
            rest = rest[match.end():] if match else rest
            label, label_line = rest, number
        elif not text.strip():
            continue
        at = _json_start(rest)
        if at < 0 or (not text.startswith(HEADERS) and rest.lstrip()[:1] not in ("{", "[")):
            if not text.startswith(HEADERS):
                if label:
                    yield Entry(label, "", label_line, stamp)
                yield Entry(text.strip(), "", number, None)  # plain text line
                label = ""
            continue
        if text.startswith(HEADERS):
            label = rest[:at].strip()
        start_line = number if not label else label_line
        body = rest[at:]
        try:  # most entries are one line of JSON: let the C decoder find its end
            value, end = _DECODER.raw_decode(body)
        except ValueError:
            pass
        else:
            yield Entry(label, body[:end], start_line, stamp, value=value, decoded=True)
            label = ""
            continue
        depth, in_string, end = _depth_change(body, 0, False)
        if depth == 0 and end >= 0:
            yield Entry(label, body[:end], start_line, stamp)
            label = ""
        else:
            parts, size = [body, "\n"], len(raw)
    if depth > 0:
        yield Entry(label, "".join(parts), start_line, stamp, complete=False)
    elif label:
        yield Entry(label, "", label_line, stamp)


MAX_LINE_BYTES = MAX_ENTRY_BYTES


class BoundedLines:
    """The lines of a binary stream, each at most ``limit`` bytes: longer ones are dropped and counted."""

    def __init__(self, stream: object, limit: int = MAX_LINE_BYTES) -> None:
        self._readline = stream.readline  # type: ignore[attr-defined]
        self._limit = limit
        self.dropped = 0
        self.bytes_read = 0

    def __iter__(self) -> Iterator[bytes]:
        while True:
            line: bytes = self._readline(self._limit)
            if not line:
                return
            self.bytes_read += len(line)
            if len(line) >= self._limit and not line.endswith(b"\n"):
                self.dropped += 1
                while True:  # skip the rest of the overlong line without holding it
                    more: bytes = self._readline(self._limit)
                    self.bytes_read += len(more)
                    if not more or more.endswith(b"\n"):
                        break
                continue
            yield line
