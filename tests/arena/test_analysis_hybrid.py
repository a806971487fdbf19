"""Hybrid symbols are paid by either color: they add no color a deck already has."""

from __future__ import annotations

from arena.analysis import analyze
from arena.catalog import Catalog
from tests.arena.deck_of import deck_of as _deck


def test_green_white_hybrid_in_mono_green_is_on_color(catalog: Catalog) -> None:
    # Kitchen Finks {1}{G/W}{G/W}: both symbols can be paid with green.
    a = analyze(_deck(catalog, (22, "Forest"), (4, "Kitchen Finks"), (34, "Llanowar Elves")), trials=10).facts()
    assert a["colors"] == "G"
    assert a["archetype"]["name"] == "Mono-Green"
    finks = [r for r in a["requirements"] if r["card"] == "Kitchen Finks"]
    # One requirement, on sources of either color (22 Forests), not a white need.
    assert [(r["color"], r["kind"], r["have"], r["shortfall"]) for r in finks] == [("W/G", "hybrid", 22, 0)]
    assert "W" not in a["color_summary"]


def test_one_hybrid_card_does_not_add_a_third_color(catalog: Catalog) -> None:
    # Manamorphose {1}{R/G} in a blue-red deck: red pays it.
    a = analyze(_deck(catalog, (10, "Island"), (10, "Mountain"), (4, "Manamorphose"), (4, "Opt"),
                      (32, "Lightning Bolt")), trials=10).facts()
    assert a["colors"] == "UR"


def test_all_hybrid_deck_takes_the_color_its_lands_make(catalog: Catalog) -> None:
    # Only {G/W} costs, and only Plains: the deck is white.
    a = analyze(_deck(catalog, (24, "Plains"), (36, "Kitchen Finks")), trials=10).facts()
    assert a["colors"] == "W"
