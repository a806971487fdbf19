"""The typed analysis keeps every key of the JSON contract (docs/ARCHITECTURE.md)."""

from __future__ import annotations

from pathlib import Path

from arena.analysis import analyze
from arena.analysis.model import DeckAnalysis
from arena.catalog import Catalog
from arena.parsing import parse_deck

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

# The keys docs/ARCHITECTURE.md promises, and the ones the agent, API and UI read today.
CONTRACT_KEYS = {
    "name", "format", "source_format", "main_count", "side_count", "deck_size", "library_size",
    "commander", "companion", "unresolved", "colors", "lands", "nonland", "curve", "average_mv",
    "pips", "sources", "untapped_sources", "colorless_sources", "source_detail", "karsten_table",
    "requirements", "color_summary", "land_recommendation", "types", "interaction", "archetype",
    "legality", "legality_details", "wildcards", "odds", "notes",
}


def test_analyze_returns_the_typed_model_with_every_contract_key(catalog: Catalog) -> None:
    deck = parse_deck((EXAMPLES / "izzet_prowess.txt").read_bytes(), catalog)
    result = analyze(deck, trials=50)
    assert isinstance(result, DeckAnalysis)
    facts = result.facts()
    assert CONTRACT_KEYS <= set(facts)
    assert set(facts["odds"]) >= {"land_drops", "land_drops_on_draw", "cast_on_curve", "opening_hands"}
    assert set(facts["land_recommendation"]) >= {"recommended", "current", "reason", "applies", "range",
                                                 "adjustments"}
    assert set(facts["archetype"]) >= {"colors", "name", "style", "reasons", "evidence", "confidence"}
    assert {"card", "color", "needed", "have", "shortfall", "soft"} <= set(facts["requirements"][0])
    assert {"card", "copies", "colors", "kind", "explanation", "finds"} <= set(facts["source_detail"][0])
    # The dump validates back into the model: one shape both ways.
    assert DeckAnalysis.model_validate(facts).facts() == facts


def test_the_smallest_whole_deck_follows_the_rules_for_each_format() -> None:
    from arena.analysis.size import minimum_size

    # CR 100.2a constructed 60, 100.2b limited 40, 903.5a commander 100; Arena Brawl 60, Historic Brawl 100.
    assert [minimum_size(f) for f in ("standard", "limited", "commander", "brawl", "historicbrawl", None)] == [
        60, 40, 100, 60, 100, 40]
