"""The agent's tools over arena/: real catalog, real decks, player-safe errors, model specs."""

from __future__ import annotations

import asyncio
import math
from typing import Any

import pytest

from agent.tools import FACT_KEYS, Toolbox, ToolError, color_phrase
from arena.deck_service import DeckCache, ParsedDeck
from arena.errors import DeckParseError
from tests.agent._decks import IZZET, IZZET_BROKEN, MONO_GREEN


@pytest.fixture
def tools(catalog) -> Toolbox:
    return Toolbox(catalog, DeckCache(), deck_text=IZZET, trials=2000)


async def test_analyze_deck_returns_the_analysis_with_a_summary(tools: Toolbox) -> None:
    result = await tools.run("analyze_deck", {})
    assert (result["main_count"], result["lands"], result["colors"]) == (60, 24, "UR")
    assert result["summary"].startswith("60 cards, 24 lands, Izzet")
    assert result["decklist"]["main"][0] == {"card": "Monastery Swiftspear", "count": 4}
    assert sum(row["count"] for row in result["decklist"]["side"]) == result["side_count"] == 4


async def test_analysis_is_cached_per_deck_text(tools: Toolbox) -> None:
    first = await tools.parsed()
    assert await tools.parsed() is first
    assert tools.context.cache.get(IZZET) is first


async def test_lookup_card_forgives_spelling_and_reports_closest_names(tools: Toolbox) -> None:
    card = await tools.run("lookup_card", {"name": "lightnig bolt"})
    assert (card["name"], card["mana_cost"], card["mana_value"], card["colors"]) == ("Lightning Bolt", "{R}", 1, "R")
    assert card["summary"] == "Lightning Bolt {R}: Instant"
    with pytest.raises(ToolError, match="no card named 'Zzqxv Plorb'"):
        await tools.run("lookup_card", {"name": "Zzqxv Plorb"})


async def test_compare_cards_names_the_cheaper_one(tools: Toolbox) -> None:
    result = await tools.run("compare_cards", {"a": "Divination", "b": "Opt"})
    assert result["cheaper"] == "Opt" and result["mana_value_difference"] == 2
    assert result["differences"]["mana_value"] == [3, 1]


async def test_search_cards_pages_through_fts(tools: Toolbox) -> None:
    result = await tools.run("search_cards", {"query": "deals 3 damage to any target", "limit": 5})
    assert result["total"] >= result["shown"] == len(result["cards"]) == 5
    with pytest.raises(ToolError, match="needs a non-empty query"):
        await tools.run("search_cards", {"query": "  "})


async def test_mana_odds_for_the_deck_and_for_a_hypothetical_one(tools: Toolbox) -> None:
    result = await tools.run("mana_odds", {"want": 4, "by_turn": 4})
    hit = sum(math.comb(24, k) * math.comb(36, 10 - k) for k in range(4, 11)) / math.comb(60, 10)
    assert result["probability"] == pytest.approx(hit, abs=1e-4)
    assert (result["cards_seen"], result["source"]) == (10, "deck")
    draw = await tools.run("mana_odds", {"want": 3, "by_turn": 3, "on_play": False, "deck_size": 40, "lands": 17})
    assert (draw["cards_seen"], draw["source"]) == (10, "question")


async def test_mana_odds_rejects_impossible_questions(tools: Toolbox) -> None:
    with pytest.raises(ToolError, match="want must be at least 1"):
        await tools.run("mana_odds", {"want": 0, "by_turn": 3})
    with pytest.raises(ToolError, match="by_turn must be a whole number"):
        await tools.run("mana_odds", {"want": 2, "by_turn": "soon"})
    with pytest.raises(ToolError, match="between 0 and the deck size"):
        await tools.run("mana_odds", {"want": 2, "by_turn": 2, "deck_size": 40, "lands": 41})


async def test_cast_odds_come_from_the_analysis(tools: Toolbox) -> None:
    result = await tools.run("mana_odds", {"card": "crackling drake"})
    assert result["card"] == "Crackling Drake" and 0 < result["probability"] < 1
    with pytest.raises(ToolError, match="not a nonland card of the attached deck"):
        await tools.run("mana_odds", {"card": "Llanowar Elves"})


async def test_suggest_changes_in_the_deck_colors(catalog) -> None:
    tools = Toolbox(catalog, DeckCache(), deck_text=MONO_GREEN, trials=2000)
    result = await tools.run("suggest_changes", {})
    assert {"cuts", "adds", "summary"} <= set(result)
    for add in result["adds"]:
        assert set(catalog.get(add["card"]).color_identity) <= {"G"}


async def test_check_legality_for_deck_and_cards(tools: Toolbox) -> None:
    deck = await tools.run("check_legality", {"format": "Standard"})
    assert deck["format"] == "standard" and deck["summary"].startswith("deck in standard:")
    cards = await tools.run("check_legality", {"format": "historic", "cards": ["Opt"]})
    assert cards["cards"] == {"Opt": "unknown"}  # the offline corpus has no legality data


async def test_tools_that_need_a_deck_say_so(catalog) -> None:
    tools = Toolbox(catalog, DeckCache(), deck_text=None)
    for name in ("analyze_deck", "suggest_changes"):
        with pytest.raises(ToolError, match="no deck is attached"):
            await tools.run(name, {})


async def test_unknown_tool_and_bad_arguments(tools: Toolbox) -> None:
    with pytest.raises(ToolError, match="no tool named 'cheat'"):
        await tools.run("cheat", {})
    with pytest.raises(ToolError, match="takes an object of arguments"):
        await tools.run("lookup_card", ["Opt"])  # type: ignore[arg-type]


async def test_specs_for_models_match_the_tools_and_never_raise(tools: Toolbox) -> None:
    specs = {spec.name: spec for spec in tools.specs()}
    assert set(specs) == set(tools.names) == set(FACT_KEYS)
    for spec in specs.values():
        assert spec.parameters["type"] == "object" and spec.description
    failed = await specs["lookup_card"].run({"name": "Zzqxv Plorb"})
    assert failed["error"].startswith("no card named") and failed["summary"].startswith("failed:")
    assert (await specs["lookup_card"].run({"name": "Opt"}))["name"] == "Opt"


def test_deck_cache_is_a_bounded_lru() -> None:
    cache = DeckCache(size=2)
    items = [ParsedDeck(deck=None, analysis={"n": i}) for i in range(3)]  # type: ignore[arg-type]
    cache.put("a", items[0])
    cache.put("b", items[1])
    assert cache.get("a") is items[0]  # a is now the most recent
    cache.put("c", items[2])
    assert cache.get("b") is None and cache.get("a") is items[0] and cache.get("c") is items[2]


def test_color_phrases() -> None:
    assert [color_phrase(c) for c in ("R", "C", "UR", "W/U")] == ["red", "colorless", "blue or red", "white or blue"]


async def test_the_same_deck_pasted_at_once_is_analyzed_once(catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    import arena.deck_service as tools_module

    calls = []
    real = tools_module.parse_and_analyze

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(tools_module, "parse_and_analyze", counting)
    cache = DeckCache()
    results = await asyncio.gather(*(cache.parsed(IZZET, catalog, trials=500) for _ in range(10)))
    assert len(calls) == 1 and all(r is results[0] for r in results)
    assert await cache.parsed(IZZET, catalog, trials=500) is results[0] and len(calls) == 1

    # Unknown names: one inline attempt stops at the first fuzzy search, one full parse in a
    # thread finds the suggestions, and the other two players wait for that one.
    outcomes = await asyncio.gather(*(cache.parsed(IZZET_BROKEN, catalog, trials=500) for _ in range(3)),
                                    return_exceptions=True)
    assert len(calls) == 3 and all(isinstance(o, DeckParseError) for o in outcomes)
    # the misspelled card gets its suggestion; the line that is no card gets none (nothing is close)
    by_text = {p.text: p.suggestions for p in outcomes[0].problems}  # type: ignore[union-attr]
    assert by_text["4 Lightnig Boltt (M11) 149"][0] == "Lightning Bolt" and by_text["four copies of something"] == []
    assert not cache._pending  # nothing left waiting once it failed


async def test_a_constructed_list_is_analyzed_inline_and_a_long_one_in_a_thread(catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    threaded: list[int] = []
    real = asyncio.to_thread

    async def counting_to_thread(fn: Any, *args: Any, **kwargs: Any) -> Any:
        threaded.append(1)
        return await real(fn, *args, **kwargs)

    monkeypatch.setattr(asyncio, "to_thread", counting_to_thread)
    cache = DeckCache()
    assert (await cache.parsed(IZZET, catalog, trials=500)).deck.main_count == 60
    assert threaded == []
    long_list = IZZET.rstrip("\n") + "\n" * 81  # the same cards, 80 more (blank) lines
    assert (await cache.parsed(long_list, catalog, trials=500)).deck.main_count == 60
    assert threaded == [1]


# ---- the registry: one declaration per tool ----------------------------------------------------


def test_every_tool_is_declared_once_with_its_facts_key() -> None:
    from agent.tools import REGISTRY

    assert FACT_KEYS == {
        "analyze_deck": "analysis", "lookup_card": "cards", "search_cards": "search", "mana_odds": "odds_answer",
        "suggest_changes": "suggestions", "compare_cards": "comparison", "check_legality": "legality_check",
    } | {k: v for k, v in FACT_KEYS.items() if k not in (
        "analyze_deck", "lookup_card", "search_cards", "mana_odds", "suggest_changes", "compare_cards", "check_legality")}
    for declared in REGISTRY:
        assert declared.description and declared.description == declared.handler.__doc__.strip().replace("\n    ", "\n")
    with pytest.raises(ValueError, match="declared twice"):
        REGISTRY.tool("lookup_card", args=REGISTRY.get("lookup_card").args, fact_key="cards")(REGISTRY.get("lookup_card").handler)


def test_schemas_drop_the_deck_in_a_conversation_and_require_it_elsewhere() -> None:
    from agent.tools import REGISTRY

    analyze = REGISTRY.get("analyze_deck")
    assert analyze.schema(conversation=True) == {"type": "object", "properties": {}, "additionalProperties": False}
    outside = analyze.schema(conversation=False)
    assert outside["required"] == ["deck"] and "stored" in outside["properties"]["deck"]["description"]
    odds = REGISTRY.get("mana_odds").schema(conversation=False)
    assert "required" not in odds and odds["properties"]["want"]["minimum"] == 1
    assert "title" not in str(odds) and "$ref" not in str(odds)
    lookup = REGISTRY.get("lookup_card").schema(conversation=True)
    assert lookup["required"] == ["name"] and lookup["properties"]["name"]["minLength"] == 1


async def test_a_deck_argument_is_text_or_a_stored_id(catalog) -> None:
    from agent.tools import REGISTRY, ToolContext
    from agent.tools.registry import StoredDeck

    stored = {"0123456789abcdef0123456789abcdef": StoredDeck(MONO_GREEN)}

    async def lookup(deck_id: str) -> StoredDeck | None:
        return stored.get(deck_id)

    ctx = ToolContext(catalog=catalog, cache=DeckCache(), trials=500, stored_deck=lookup)
    analyze = REGISTRY.get("analyze_deck")
    by_text = await analyze.run({"deck": IZZET}, ctx)
    assert (by_text["main_count"], by_text["lands"]) == (60, 24)
    by_id = await analyze.run({"deck": "0123456789abcdef0123456789abcdef"}, ctx)
    assert by_id["colors"] == "G"
    stored["ffffffffffffffffffffffffffffff00"] = StoredDeck(MONO_GREEN, name="Elves", format="historic")
    renamed = await analyze.run({"deck": "ffffffffffffffffffffffffffffff00"}, ctx)
    assert (renamed["name"], renamed["format"]) == ("Elves", "historic") and renamed["lands"] == by_id["lands"]
    with pytest.raises(ToolError, match="No stored deck has id 'ffffffffffffffffffffffffffffffff'") as missing:
        await analyze.run({"deck": "f" * 32}, ctx)
    assert missing.value.code == "deck_not_found"
    with pytest.raises(ToolError, match="analyze_deck needs a deck") as none:
        await analyze.run({}, ctx)
    assert none.value.code == "no_deck"


async def test_a_bad_deck_is_a_tool_error_with_every_line(catalog) -> None:
    from agent.tools import REGISTRY, ToolContext

    ctx = ToolContext(catalog=catalog, cache=DeckCache(), trials=500)
    with pytest.raises(ToolError) as caught:
        await REGISTRY.get("analyze_deck").run({"deck": IZZET_BROKEN}, ctx)
    assert caught.value.code == "deck_parse_error"
    assert str(caught.value).startswith("The deck has ") and "line " in str(caught.value)
    assert all({"line", "text", "reason", "suggestions"} <= set(p) for p in caught.value.details)


async def test_arguments_are_checked_by_name_and_limit(tools: Toolbox) -> None:
    with pytest.raises(ToolError, match="limit must be at most 25, got 50"):
        await tools.run("search_cards", {"query": "bolt", "limit": 50})
    with pytest.raises(ToolError, match="colour is not an argument of lookup_card"):
        await tools.run("lookup_card", {"name": "Opt", "colour": "blue"})
    with pytest.raises(ToolError, match="compare_cards needs b"):
        await tools.run("compare_cards", {"a": "Opt"})
    with pytest.raises(ToolError, match="deck is not an argument here"):
        await tools.run("analyze_deck", {"deck": MONO_GREEN})
    with pytest.raises(ToolError, match="deck_size and lands together"):
        await tools.run("mana_odds", {"want": 2, "by_turn": 2, "deck_size": 40})
    spec = next(s for s in tools.specs() if s.name == "mana_odds")
    assert spec.check is not None and spec.check({"want": "x"}) == "want must be a whole number"
    assert spec.check({"want": 3, "by_turn": 3}) is None


async def test_land_odds_also_count_spell_lands_as_land_drops(catalog, realdata) -> None:  # type: ignore[no-untyped-def]
    # 14 Forest, 4 Castle Garenbrig, 2 Bonders' Enclave, 2 Crawling Barrens = 22 lands, and
    # 4 Kazandu Mammoth + 4 Tangled Florahedron (spell//land) = 30 cards that can be a land drop.
    deck = (realdata / "decks/trostani_nosb_standard_mono_green_mdfc.txt").read_text("utf-8")
    tools = Toolbox(catalog, DeckCache(), deck_text=deck, trials=200)
    odds = await tools.run("mana_odds", {"want": 4, "by_turn": 4, "on_play": True})
    seen = 10  # turn 4 on the play

    def at_least(lands: int, want: int) -> float:
        return sum(math.comb(lands, k) * math.comb(60 - lands, seen - k) for k in range(want, seen + 1)) / math.comb(60, seen)

    assert (odds["lands"], odds["spell_lands"]) == (22, 8)
    assert odds["probability"] == round(at_least(22, 4), 4)  # 0.5385
    assert odds["probability_with_spell_lands"] == round(at_least(30, 4), 4)  # 0.8505


async def test_casting_a_sideboard_card_reads_its_colors_against_the_decks_sources(catalog, realdata) -> None:  # type: ignore[no-untyped-def]
    from arena.analysis.karsten import TABLES

    deck = (realdata / "decks/trostani_base_standard_temur_elementals.txt").read_text("utf-8")
    tools = Toolbox(catalog, DeckCache(), deck_text=deck, trials=200)
    odds = await tools.run("mana_odds", {"card": "Chandra, Awakened Inferno"})
    assert odds["where"] == "sideboard"
    (red,) = odds["requirements"]
    # Red sources by hand: 4 Steam Vents, 4 Stomping Ground, 1 Mountain, 1 Castle Embereth and
    # 3 Fabled Passage (it finds the Mountain) = 13. {4}{R}{R} on turn 6 is Karsten's "4CC" row.
    assert (red["color"], red["turn"], red["pattern"], red["have"]) == ("R", 6, "4CC", 13)
    assert red["needed"] == TABLES[60][(4, 2)]
