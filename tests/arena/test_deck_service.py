"""DeckCache: bounded by memory, keyed by the text, an analysis shared only by decks equal but for the name."""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path
from typing import Any

import pytest

import arena.analysis as analysis_module
from arena.analysis import analyze
from arena.deck_service import ANALYSIS_BYTES, TEXT_BYTES, DeckCache, ParsedDeck
from arena.parsing import parse_deck
from arena.suggest import suggest_changes
from tests.agent._decks import IZZET, MONO_GREEN

TRIALS = 500
DECKS = Path(__file__).resolve().parents[1] / "chats" / "decks"


def named(name: str, text: str) -> str:
    """The list as an Arena export named ``name`` (its own About block, if any, replaced)."""
    if text.startswith("About\n"):
        text = text.split("\n\n", 1)[1]
    return f"About\nName {name}\n\n{text}"


@pytest.fixture
def analyses(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    """The name of every deck ``analyze`` really ran on."""
    calls: list[str | None] = []
    real = analysis_module.analyze

    def counting(deck: Any, **kwargs: Any) -> Any:
        calls.append(deck.name)
        return real(deck, **kwargs)

    monkeypatch.setattr(analysis_module, "analyze", counting)
    return calls


async def test_decks_differing_only_by_name_share_one_analysis_and_answer_as_if_apart(catalog, analyses) -> None:
    cache = DeckCache()
    first = await cache.parsed(named("Izzet Tempo", IZZET), catalog, trials=TRIALS)
    second = await cache.parsed(named("Sprite Dragon Sprint", IZZET), catalog, trials=TRIALS)
    assert analyses == ["Izzet Tempo"]
    assert first.analysis["name"] == "Izzet Tempo" and second.analysis["name"] == "Sprite Dragon Sprint"
    assert second.deck.name == "Sprite Dragon Sprint" and second.report is not None
    assert second.report.name == "Sprite Dragon Sprint" and first.report is not None and first.report.name == "Izzet Tempo"

    # Byte for byte what analyzing the second deck on its own gives, key order included.
    alone = analyze(parse_deck(named("Sprite Dragon Sprint", IZZET), catalog), trials=TRIALS)
    assert json.dumps(second.analysis) == json.dumps(alone.facts())
    assert second.report.model_dump_json() == alone.model_dump_json()
    # The suggestions read the deck's name (a card it is named for is core): still as if apart.
    assert suggest_changes(second.deck, second.analysis, catalog) == suggest_changes(
        parse_deck(named("Sprite Dragon Sprint", IZZET), catalog), alone.facts(), catalog)
    # The same text again is the cached object; the unnamed list shares it too.
    assert await cache.parsed(named("Izzet Tempo", IZZET), catalog, trials=TRIALS) is first


async def test_every_test_deck_under_another_name_matches_its_own_analysis(catalog) -> None:
    cache = DeckCache()
    for path in sorted(DECKS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        if "broken_lines" in path.name:
            continue
        await cache.parsed(named("One", text), catalog, trials=TRIALS)
        shared = await cache.parsed(named("Two", text), catalog, trials=TRIALS)
        alone = analyze(parse_deck(named("Two", text), catalog), trials=TRIALS)
        assert json.dumps(shared.analysis) == json.dumps(alone.facts()), path.name


async def test_other_cards_counts_trials_or_format_get_their_own_analysis(catalog, analyses) -> None:
    cache = DeckCache()
    await cache.parsed(named("A", IZZET), catalog, trials=TRIALS)
    one_less = IZZET.replace("4 ", "3 ", 1)
    assert one_less != IZZET
    await cache.parsed(named("B", one_less), catalog, trials=TRIALS)
    await cache.parsed(named("C", IZZET), catalog, trials=TRIALS + 1)
    assert analyses == ["A", "B", "C"]
    as_historic = dataclasses.replace(parse_deck(named("D", IZZET), catalog), format="historic")
    assert cache.renamed(as_historic, TRIALS) is None
    assert cache.renamed(parse_deck(named("D", IZZET), catalog), TRIALS) is not None
    fresh = await cache.parsed(named("E", MONO_GREEN), catalog, trials=TRIALS)
    assert analyses[-1] == "E" and fresh.analysis["name"] == "E"


async def test_an_equal_key_with_other_cards_is_never_shared(catalog) -> None:
    # The content key is only a hint: two decks under one key must be equal card for card.
    cache = DeckCache()
    first = await cache.parsed(named("A", IZZET), catalog, trials=TRIALS)
    other = parse_deck(named("B", IZZET), catalog)
    entry = other.main[0]
    assert entry.card is not None
    other.main[0] = type(entry)(entry.count, entry.name, entry.line, card=type(entry.card)(
        **{**{f: getattr(entry.card, f) for f in entry.card.__slots__}, "oracle_text": "changed"}))
    assert cache.renamed(other, TRIALS) is None
    assert cache.renamed(parse_deck(named("B", IZZET), catalog), TRIALS) is not None
    assert first.analysis["name"] == "A"


def test_the_cache_is_bounded_by_its_estimate_of_memory_not_a_count() -> None:
    item_bytes = TEXT_BYTES + ANALYSIS_BYTES + sys.getsizeof("0")  # no entries, no sharing, a one-letter text
    cache = DeckCache(max_bytes=3 * item_bytes)
    items = [ParsedDeck(deck=None, analysis={"n": i}) for i in range(5)]  # type: ignore[arg-type]
    for i, item in enumerate(items[:3]):
        cache.put(str(i), item)
    assert len(cache) == 3 and cache.bytes == 3 * item_bytes
    assert cache.get("0") is items[0]  # now the most recent
    cache.put("3", items[3])
    assert cache.get("1") is None and cache.get("0") is items[0] and cache.get("3") is items[3]
    assert cache.bytes == 3 * item_bytes
    cache.put("3", items[4])  # replacing an entry does not count it twice
    assert cache.get("3") is items[4] and cache.bytes == 3 * item_bytes and len(cache) == 3


def test_a_count_bound_still_applies_when_given() -> None:
    cache = DeckCache(size=2)
    items = [ParsedDeck(deck=None, analysis={"n": i}) for i in range(3)]  # type: ignore[arg-type]
    for i, item in enumerate(items):
        cache.put(str(i), item)
    assert len(cache) == 2 and cache.get("0") is None


async def test_a_shared_analysis_counts_once_and_goes_with_its_last_holder(catalog) -> None:
    cache = DeckCache()
    for i in range(10):
        await cache.parsed(named(f"deck {i}", MONO_GREEN), catalog, trials=TRIALS)
    one = cache.bytes
    assert len(cache) == 10 and one < 10 * ANALYSIS_BYTES
    assert len(cache._shared) == 1 and next(iter(cache._shared.values())).holders == 10

    shared_size = next(iter(cache._shared.values())).size
    per_name = (one - shared_size) // 10
    budget = shared_size + 4 * per_name + per_name // 2  # room for the analysis and four names
    small = DeckCache(max_bytes=budget)
    for i in range(10):
        await small.parsed(named(f"deck {i}", MONO_GREEN), catalog, trials=TRIALS)
    assert len(small) == 4 and small.bytes <= budget
    assert small.get(named("deck 9", MONO_GREEN)) is not None and small.get(named("deck 5", MONO_GREEN)) is None
    assert next(iter(small._shared.values())).holders == 4
    for i in range(10):  # other decks push every holder out: the shared analysis goes with the last
        await small.parsed(named(f"other {i}", IZZET), catalog, trials=TRIALS)
    assert [s.deck.name for s in small._shared.values()] == ["other 0"]
    assert small.bytes <= budget


def test_memory_estimates_cover_what_an_analysis_really_keeps(catalog) -> None:
    import gc
    import tracemalloc

    text = named("Measured", IZZET)
    deck = parse_deck(text, catalog)
    analyze(deck, trials=TRIALS).facts()  # first calls import and build what every later call reuses
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        cache = DeckCache()
        for i in range(5):
            other = parse_deck(named(f"other cards {i}", IZZET.replace("4 ", f"{i % 3 + 1} ", 1)), catalog)
            report = analyze(other, trials=TRIALS)
            cache.put(f"t{i}", ParsedDeck(other, report.facts(), report), trials=TRIALS + i)
        gc.collect()
        kept = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert kept <= cache.bytes, f"kept {kept} bytes, estimated {cache.bytes}"
