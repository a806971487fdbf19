"""Parse and analyze a deck text once: the one deck service the API and the agent share.

A deck text is parsed and analyzed once per process (an LRU keyed by the text, bounded
by an estimate of the memory it keeps, not by a count); a list many players paste at once is
computed once (single flight), and short constructed lists are analyzed inline rather than in
a worker thread that would wait for the GIL.

Two texts that parse to the same cards and differ only in the deck's name (an Arena export's
``Name`` line) share one analysis: ``analyze`` reads the name only to copy it into the result,
so the second text gets the first one's analysis with its own name in it. Equality of the two
parsed decks, name aside, is checked field by field before anything is shared.
"""

from __future__ import annotations

import asyncio
import dataclasses
import sys
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from arena.analysis.model import DeckAnalysis
from arena.models import Card, Deck


@dataclass
class ParsedDeck:
    """A deck text parsed and analyzed once; cached because every turn on a thread reuses it.

    ``analysis`` is the JSON dump of ``report`` (``DeckAnalysis.facts()``): the dict the agent
    keeps as ``facts["analysis"]``, dumped once here rather than on every turn. Both may share
    their nested values with another deck's (same cards, another name): treat them as read-only.
    """

    deck: Deck
    analysis: dict[str, Any]
    report: DeckAnalysis | None = None


# Memory a cache keeps per deck, measured with tracemalloc on the example and test decks
# (bench/bench_deck_cache.py): an analysis (report + facts) is 108-213 KiB, about 64 KiB plus
# 4-12 KiB per distinct card; a parsed deck with its renamed copies of a shared analysis is
# 5-8 KiB. The estimates round up.
ANALYSIS_BYTES = 80 * 1024
ANALYSIS_BYTES_PER_CARD = 8 * 1024
TEXT_BYTES = 6 * 1024
TEXT_BYTES_PER_ENTRY = 256
DEFAULT_MAX_BYTES = 64 * 1024 * 1024


@dataclass
class _Shared:
    """An analysis that cached texts share: the deck it was made from and how many texts hold it."""

    deck: Deck
    analysis: dict[str, Any]
    report: DeckAnalysis | None
    size: int
    holders: int = 0


@dataclass
class _Entry:
    item: ParsedDeck
    size: int
    shared_key: tuple[Any, ...] | None


class DeckCache:
    """An LRU of parsed decks keyed by the text, shared by all threads of a process.

    Bounded by ``max_bytes``, an estimate of what the cached decks and analyses keep in memory
    (an analysis shared by many texts counts once), and by ``size`` entries when given.
    """

    def __init__(self, size: int | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES):
        self._size = size
        self._max_bytes = max_bytes
        self._bytes = 0
        self._items: OrderedDict[str, _Entry] = OrderedDict()
        self._shared: dict[tuple[Any, ...], _Shared] = {}
        self._pending: dict[str, asyncio.Future[ParsedDeck]] = {}
        self._lock = threading.Lock()  # parse_and_analyze also runs in worker threads

    async def parsed(self, text: str, catalog: Any, *, trials: int) -> ParsedDeck:
        """The deck parsed and analyzed: from the cache, inline, or once in a worker thread.

        A constructed list whose names are all exact parses and analyzes in 2-10 ms, less than
        a worker thread costs once the event loop is busy (the thread waits for the GIL).
        Anything slower goes to a thread: long lists, and names that need a fuzzy search for
        suggestions. When many players paste the same list at once, the first computes it
        and the others wait for that result instead of each analyzing it again.
        """
        cached = self.get(text)
        if cached is not None:
            return cached
        key = self.key(text)
        pending = self._pending.get(key)
        if pending is None and text.count("\n") < INLINE_DECK_LINES:
            try:
                return parse_and_analyze(text, _ExactNamesOnly(catalog), self, trials=trials)
            except _NeedsFuzzySearch:
                pass  # a misspelled or unknown name: the full parse, suggestions included, below
        if pending is None:
            pending = asyncio.ensure_future(asyncio.to_thread(parse_and_analyze, text, catalog, self, trials=trials))
            self._pending[key] = pending
            pending.add_done_callback(lambda _: self._pending.pop(key, None))
        return await asyncio.shield(pending)  # one waiter cancelled must not cancel the others

    @staticmethod
    def key(text: str) -> str:
        """The text itself: a str caches its hash, so the several lookups of a turn cost no
        digest each (a SHA-256 of the text was 1-2% of a busy worker's CPU)."""
        return text

    @property
    def bytes(self) -> int:
        """The estimated memory the cached decks and analyses keep (see ``ANALYSIS_BYTES``)."""
        return self._bytes

    def __len__(self) -> int:
        return len(self._items)

    def get(self, text: str) -> ParsedDeck | None:
        key = self.key(text)
        with self._lock:
            entry = self._items.get(key)
            if entry is None:
                return None
            self._items.move_to_end(key)
            return entry.item

    def put(self, text: str, item: ParsedDeck, *, trials: int | None = None) -> None:
        """Cache ``item`` for ``text``; with ``trials``, its analysis may serve decks that differ only by name."""
        key = self.key(text)
        shared_key = _content_key(item.deck, trials) if trials is not None and item.deck is not None else None
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._drop(old)
            size = TEXT_BYTES + TEXT_BYTES_PER_ENTRY * _entry_count(item.deck) + sys.getsizeof(text)
            if shared_key is not None:
                shared = self._shared.get(shared_key)
                if shared is None:
                    shared = self._shared[shared_key] = _Shared(item.deck, item.analysis, item.report,
                                                                _analysis_bytes(item.deck))
                    self._bytes += shared.size
                elif not _same_but_name(shared.deck, item.deck):
                    shared_key = None  # another deck under the same key: it keeps the slot
                if shared_key is not None:
                    shared.holders += 1
                    if not _shares_values(item.analysis, shared.analysis):
                        size += _analysis_bytes(item.deck)  # computed apart (a race): its own copy
            else:
                size += _analysis_bytes(item.deck)
            self._items[key] = _Entry(item, size, shared_key)
            self._bytes += size
            while self._items and (self._bytes > self._max_bytes or (self._size is not None and len(self._items) > self._size)):
                _, evicted = self._items.popitem(last=False)
                self._drop(evicted)

    def renamed(self, deck: Deck, trials: int) -> ParsedDeck | None:
        """A cached analysis of the same cards under another name, given ``deck``'s name; else None."""
        shared_key = _content_key(deck, trials)
        with self._lock:
            shared = self._shared.get(shared_key)
        if shared is None or not _same_but_name(shared.deck, deck):
            return None
        if shared.deck.name == deck.name:
            return ParsedDeck(deck, shared.analysis, shared.report)
        # The dump keeps the model's field order; replacing one key keeps its place.
        analysis = {**shared.analysis, "name": deck.name}
        report = shared.report.model_copy(update={"name": deck.name}) if shared.report is not None else None
        return ParsedDeck(deck, analysis, report)

    def _drop(self, entry: _Entry) -> None:
        self._bytes -= entry.size
        if entry.shared_key is None:
            return
        shared = self._shared.get(entry.shared_key)
        if shared is None:
            return
        shared.holders -= 1
        if shared.holders <= 0:
            del self._shared[entry.shared_key]
            self._bytes -= shared.size


def _entry_count(deck: Deck | None) -> int:
    if deck is None:
        return 0
    return len(deck.commander) + len(deck.companion) + len(deck.main) + len(deck.side) + len(deck.excluded)


def _analysis_bytes(deck: Deck | None) -> int:
    if deck is None:
        return ANALYSIS_BYTES
    distinct = {e.resolved_name for _, e in deck.entries()}
    return ANALYSIS_BYTES + ANALYSIS_BYTES_PER_CARD * len(distinct)


def _content_key(deck: Deck, trials: int) -> tuple[Any, ...]:
    """What an analysis depends on, cheaply: every entry and setting of the deck except its name.

    A hash key only: ``_same_but_name`` compares the whole decks (cards included) before an
    analysis is shared, so anything this leaves out can only cost a miss, never a wrong answer.
    """
    sections = tuple(
        tuple((e.count, e.name, e.line, e.card.name if e.card is not None else None, e.set_code,
               e.collector_number, e.foil) for e in entries)
        for entries in (deck.commander, deck.companion, deck.main, deck.side, deck.excluded)
    )
    return (trials, deck.format, deck.source_format, sections, len(deck.skipped))


def _shares_values(analysis: dict[str, Any], shared: dict[str, Any]) -> bool:
    return analysis is shared or all(analysis.get(k) is v for k, v in shared.items() if k != "name")


def _same_but_name(a: Deck, b: Deck) -> bool:
    """Whether two parsed decks are equal in every field but ``name`` (cards compared by value)."""
    return all(getattr(a, f.name) == getattr(b, f.name) for f in dataclasses.fields(Deck) if f.name != "name")


# Lines of deck text analyzed on the event loop; longer lists (Commander, Brawl) take longer.
INLINE_DECK_LINES = 80


class _NeedsFuzzySearch(Exception):
    """The inline attempt met a name the catalog does not know exactly."""


class _ExactNamesOnly:
    """The catalog for an inline parse: exact lookups only; a fuzzy search means a thread."""

    def __init__(self, catalog: Any):
        self._catalog = catalog

    def get(self, name: str) -> Card | None:
        card: Card | None = self._catalog.get(name)
        return card

    def fuzzy(self, query: str, limit: int = 5, score_cutoff: float = 60.0) -> list[Any]:
        raise _NeedsFuzzySearch(query)


def parse_and_analyze(text: str, catalog: Any, cache: DeckCache, *, trials: int) -> ParsedDeck:
    """Parse a deck (raising ``DeckParseError``/``DeckTooLargeError``) and analyze it, cached."""
    cached = cache.get(text)
    if cached is not None:
        return cached
    from arena.analysis import analyze
    from arena.parsing import parse_deck

    deck = parse_deck(text, catalog)
    parsed = cache.renamed(deck, trials)
    if parsed is None:
        report = analyze(deck, trials=trials)
        parsed = ParsedDeck(deck, report.facts(), report)
    cache.put(text, parsed, trials=trials)
    return parsed
