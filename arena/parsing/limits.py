"""Refuse oversized input up front, and turn bytes of any common encoding into lines.

The limits protect the catalog and the agent from pastes that are not decks (a whole
collection, a log file): nothing real is over 2,000 lines, and checking costs nothing.
"""

from __future__ import annotations

import codecs
import re

from arena.errors import DeckTooLargeError

MAX_BYTES = 1_048_576  # 1 MB
MAX_LINES = 2_000
MAX_ENTRIES = 2_000  # a one-line JSON file can hold many entries; same bound as lines
MAX_COUNT = 250  # copies on one line; more is a typo ("40 Forest" is fine, "400" is not)
_COUNT_DIGITS = 6  # longer counts are refused as text: int() of 4,300+ digits even raises

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def decode(data: str | bytes) -> str:
    """Return the input as text, refusing it first if it is over ``MAX_BYTES``.

    Bytes are read as UTF-8 (with or without BOM), UTF-16 when a BOM says so (Windows
    Notepad), and otherwise as Windows-1252, which old CSV exports still use.
    """
    if isinstance(data, bytes):
        _check_bytes(len(data))
        text = _decode_bytes(data)
    else:
        # Characters never outnumber UTF-8 bytes, so only long texts need encoding to measure.
        if len(data) * 4 > MAX_BYTES:
            _check_bytes(len(data.encode("utf-8", errors="surrogatepass")))
        text = data
    return text.removeprefix("\ufeff")


def split_lines(text: str) -> list[str]:
    """Split on CRLF, CR or LF (not on the exotic breaks ``str.splitlines`` also honours),
    refusing the text when it has over ``MAX_LINES`` lines. A final newline adds no line."""
    lines = _LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    if len(lines) > MAX_LINES:
        raise DeckTooLargeError(
            f"The deck input has {len(lines):,} lines; the limit is {MAX_LINES:,} lines. "
            "Paste one deck, not a collection or a log.",
            limit=MAX_LINES,
            unit="lines",
            actual=len(lines),
        )
    return lines


def parse_count(text: str) -> tuple[int | None, str | None]:
    """Read a count written as digits: (count, None), or (None, why it is not a count)."""
    value = text.strip()
    body = value.removeprefix("-")
    if not body.isdecimal():
        return None, ("count missing" if not value else f"count {value!r} is not a whole number")
    if len(body) > _COUNT_DIGITS:
        return None, (f"count {body[:_COUNT_DIGITS]}… ({len(body):,} digits) is absurd "
                      f"(at most {MAX_COUNT} copies on one line)")
    return int(value), None


def check_entries(count: int) -> None:
    """Refuse a structured file (JSON) that lists more than ``MAX_ENTRIES`` cards."""
    if count > MAX_ENTRIES:
        raise DeckTooLargeError(
            f"The deck input has {count:,} card entries; the limit is {MAX_ENTRIES:,} entries.",
            limit=MAX_ENTRIES,
            unit="entries",
            actual=count,
        )


def _check_bytes(size: int) -> None:
    if size > MAX_BYTES:
        raise DeckTooLargeError(
            f"The deck input is {size:,} bytes; the limit is {MAX_BYTES:,} bytes (1 MB).",
            limit=MAX_BYTES,
            unit="bytes",
            actual=size,
        )


def _decode_bytes(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; Latin-1 maps every byte, so this cannot fail.
        return data.decode("latin-1")
