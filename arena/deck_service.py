"""Parse and analyze a deck text once: the one deck service the API and the agent share.

A deck text is parsed and analyzed once per process (an LRU keyed by the text's hash); a list
many players paste at once is computed once (single flight), and short constructed lists are
analyzed inline rather than in a worker thread that would wait for the GIL.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from arena.analysis.model import DeckAnalysis
from arena.models import Card, Deck


@dataclass
class ParsedDeck:
    """A deck text parsed and analyzed once; cached because every turn on a thread reuses it.

    ``analysis`` is the JSON dump of ``report`` (``DeckAnalysis.facts()``): the dict the agent
    keeps as ``facts["analysis"]``, dumped once here rather than on every turn.
    """

    deck: Deck
    analysis: dict[str, Any]
    report: DeckAnalysis | None = None


class DeckCache:
    """A small LRU of parsed decks keyed by the text's hash, shared by all threads of a process."""

    def __init__(self, size: int = 64):
        self._size = size
        self._items: OrderedDict[str, ParsedDeck] = OrderedDict()
        self._pending: dict[str, asyncio.Future[ParsedDeck]] = {}

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
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()

    def get(self, text: str) -> ParsedDeck | None:
        key = self.key(text)
        item = self._items.get(key)
        if item is not None:
            self._items.move_to_end(key)
        return item

    def put(self, text: str, item: ParsedDeck) -> None:
        key = self.key(text)
        self._items[key] = item
        self._items.move_to_end(key)
        while len(self._items) > self._size:
            self._items.popitem(last=False)


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
    report = analyze(deck, trials=trials)
    parsed = ParsedDeck(deck, report.facts(), report)
    cache.put(text, parsed)
    return parsed
