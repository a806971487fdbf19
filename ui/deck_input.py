"""Find the deck in what the player sent: a decklist pasted into a chat message, or a file.

Parsing itself is the API's job (it reports bad lines with numbers); here we only decide
which part of a message is the deck, so the question and the list travel separately.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

# "4 Lightning Bolt", "4x Lightning Bolt (M10) 146", "1 Fire // Ice"
_CARD_LINE = re.compile(r"^\s*\d{1,3}\s*[xX]?\s+\S")
# Arena/MTGO section headers and the Arena "About" block.
_HEADER_LINE = re.compile(
    r"^\s*(deck|main\s*deck|mainboard|sideboard|commander|companion|maybeboard|about)\s*:?\s*$",
    re.IGNORECASE,
)
_NAME_LINE = re.compile(r"^\s*name\s+\S", re.IGNORECASE)
# A pasted list needs this many card lines before we treat it as a deck, so a question
# like "is 4 Shock better than 2 Play with Fire?" is never mistaken for one.
MIN_CARD_LINES = 5
# ...unless it has a deck's structure: a section header ("Deck", "Companion") above card lines.
MIN_CARD_LINES_UNDER_HEADER = 2

DECK_FILE_SUFFIXES = (".txt", ".csv", ".dek", ".json", ".dck", ".mwdeck")


@dataclass(frozen=True)
class SplitMessage:
    """A chat message cut into the player's words and the pasted deck (if any)."""

    question: str
    deck: str | None
    card_lines: int = 0
    csv: bool = False  # a pasted CSV export (header row, then one row per card)


def split_deck(text: str) -> SplitMessage:
    """Separate a pasted decklist from the question around it.

    The deck is the span from the first to the last card line (with the headers just above
    it); lines inside that span stay in the deck even when malformed, so the API reports them
    with line numbers instead of them silently turning into chat text.
    """
    lines = text.splitlines()
    csv = _csv_block(lines)
    if csv is not None:
        start, end = csv
        before, after = "\n".join(lines[:start]).strip(), "\n".join(lines[end + 1:]).strip()
        return SplitMessage(question="\n\n".join(part for part in (before, after) if part),
                            deck="\n".join(lines[start:end + 1]), csv=True,
                            card_lines=sum(1 for line in lines[start:end + 1] if not _CSV_SEP_LINE.match(line)) - 1)
    card_idx = [i for i, line in enumerate(lines) if _CARD_LINE.match(line)]
    headed = any(_HEADER_LINE.match(line) and not line.strip().lower().startswith("about")
                 for line in lines[: card_idx[0]] if card_idx) if card_idx else False
    if len(card_idx) < (MIN_CARD_LINES_UNDER_HEADER if headed else MIN_CARD_LINES):
        return SplitMessage(question=text.strip(), deck=None)
    start, end = card_idx[0], card_idx[-1]
    while start > 0 and _is_header_or_blank(lines[start - 1]):
        start -= 1
    # "Name Foo" belongs to the About block directly above the Deck header.
    while start > 0 and _NAME_LINE.match(lines[start - 1]) and _is_header_or_blank(lines[start]):
        start -= 1
        while start > 0 and _is_header_or_blank(lines[start - 1]):
            start -= 1
    while start < end and not lines[start].strip():
        start += 1
    deck = "\n".join(lines[start : end + 1]).strip("\n")
    before, after = "\n".join(lines[:start]).strip(), "\n".join(lines[end + 1 :]).strip()
    question = "\n\n".join(part for part in (before, after) if part)
    return SplitMessage(question=question, deck=deck, card_lines=len(card_idx))


_CSV_SEP_LINE = re.compile(r'^\s*"?sep=.?"?\s*$', re.IGNORECASE)  # Excel's delimiter hint (Dragon Shield)
_CSV_NAME = {"name", "card name", "card", "cardname"}
_CSV_COUNT = {"count", "quantity", "qty", "amount", "groupcount"}


def _csv_block(lines: list[str]) -> tuple[int, int] | None:
    """Where a pasted CSV export sits (first and last line): a header naming a card-name and a
    count column, then its rows up to a blank line. None when there is no such header."""
    for i, line in enumerate(lines):
        cells = {c.strip().strip('"').lower() for c in re.split(r"[,;\t]", line)}
        if len(cells) < 2 or not (cells & _CSV_NAME and cells & _CSV_COUNT):
            continue
        end = i
        while end + 1 < len(lines) and lines[end + 1].strip() and re.search(r"[,;\t]", lines[end + 1]):
            end += 1
        if end == i:
            return None  # a header with no rows is a question about CSV, not a deck
        start = i - 1 if i > 0 and _CSV_SEP_LINE.match(lines[i - 1]) else i
        return start, end
    return None


def deck_name(text: str) -> str | None:
    """The name from an Arena export's ``About`` block (``Name Izzet Prowess``), if any."""
    for line in text.splitlines()[:6]:
        if _NAME_LINE.match(line):
            return line.strip()[5:].strip() or None
    return None


@dataclass(frozen=True)
class Outgoing:
    """What one chat message sends: the words, and the deck (pasted or attached) if there is one."""

    question: str
    deck: str | None
    label: str
    card_lines: int
    filename: str | None = None  # an attached file's name: the API picks the reader by its extension


PASTED = "pasted deck"
DEFAULT_DECK_QUESTION = "Here's my deck. What do you think?"


def prepare_message(text: str, files: list[str], *, max_bytes: int) -> Outgoing:
    """Split a chat message into question and deck; raises ``DeckFileError`` saying what is wrong."""
    split = split_deck(text)
    deck, label, card_lines, filename = split.deck, PASTED, split.card_lines, None
    if len(files) > 1:
        names = ", ".join(Path(f).name for f in files)
        raise DeckFileError(f"Attach one deck at a time; I got {len(files)} files ({names}).")
    if files and deck is not None:
        raise DeckFileError("You pasted a deck and attached one too. Pick one.")
    if files:
        deck = read_deck_file(files[0], max_bytes=max_bytes)
        filename = Path(files[0]).name
        label = deck_name(deck) or filename
        card_lines = split_deck(deck).card_lines
    elif deck is not None:
        label = deck_name(deck) or PASTED
        filename = "pasted.csv" if split.csv else None  # the API reads it as CSV
    if deck is not None and len(deck.encode()) > max_bytes:
        raise DeckFileError(f"That deck is too long ({len(deck.encode()):,} bytes; the limit is {max_bytes:,}).")
    question = split.question or (DEFAULT_DECK_QUESTION if deck is not None else "")
    return Outgoing(question=question, deck=deck, label=label, card_lines=card_lines, filename=filename)


def _is_header_or_blank(line: str) -> bool:
    return not line.strip() or bool(_HEADER_LINE.match(line))


class DeckFileError(ValueError):
    """An uploaded file cannot be used as a deck; the message says which file and why."""


def read_deck_file(path: str | Path, *, max_bytes: int) -> str:
    """Read an uploaded deck file as text (Arena export, CSV, MTGO .dek, JSON)."""
    file = Path(path)
    name = file.name
    if file.suffix.lower() not in DECK_FILE_SUFFIXES:
        allowed = ", ".join(DECK_FILE_SUFFIXES)
        raise DeckFileError(f"{name}: not a deck file (expected one of {allowed}).")
    try:
        size = file.stat().st_size
    except OSError as exc:
        raise DeckFileError(f"{name}: cannot be read ({exc.strerror}).") from exc
    if size > max_bytes:
        raise DeckFileError(f"{name}: {size:,} bytes is larger than the {max_bytes:,}-byte limit for a deck.")
    raw = file.read_bytes()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes nearly anything; latin-1 decodes everything
        text = raw.decode("latin-1")
    if not text.strip():
        raise DeckFileError(f"{name}: the file is empty.")
    return text
