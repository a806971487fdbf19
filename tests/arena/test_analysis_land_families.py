"""Each land family on real cards: what it makes, on turn one and later, read from its text.

Expected values come from the cards' oracle text (quoted in the comments), not from the engine.
"""

from __future__ import annotations

import pytest

from arena.analysis import analyze
from arena.analysis.production import land_mana
from arena.catalog import Catalog
from tests.arena.deck_of import deck_of as _deck


def _colors(colors: frozenset[str]) -> str:
    return "".join(c for c in "WUBRG" if c in colors)


@pytest.mark.parametrize(
    ("name", "colors", "turn_one", "late"),
    [
        # Basic: "({T}: Add {R}.)"
        ("Mountain", "R", True, ""),
        # Shock: "As this land enters, you may pay 2 life. If you don't, it enters tapped."
        ("Sacred Foundry", "WR", True, ""),
        # Surveil land: "This land enters tapped."
        ("Meticulous Archive", "WU", False, ""),
        # Triome: "This land enters tapped."
        ("Ketria Triome", "URG", False, ""),
        # Fast land: "enters tapped unless you control two or fewer other lands."
        ("Inspiring Vantage", "WR", True, ""),
        # Slow land: "enters tapped unless you control two or more other lands."
        ("Deserted Beach", "WU", False, ""),
        # Check land: "enters tapped unless you control a Plains or an Island."
        ("Glacial Fortress", "WU", False, ""),
        # Pain land: "{T}: Add {R} or {W}. This land deals 1 damage to you."
        ("Battlefield Forge", "WR", True, ""),
        # Verge: "{T}: Add {R}." / "{T}: Add {U}. Activate only if you control an Island or a Mountain."
        ("Riverpyre Verge", "UR", True, "U"),
        # Any color: "{T}, Pay 1 life: Add one mana of any color."
        ("Mana Confluence", "WUBRG", True, ""),
        # Chosen basic land type: "choose a basic land type ... This land is the chosen type."
        ("Multiversal Passage", "WUBRG", True, ""),
        # Chosen color: "This land enters tapped. ... Add {W} or one mana of the chosen color."
        ("Thriving Heath", "WUBRG", False, ""),
        # Horizon land: "{T}, Pay 1 life: Add {U} or {R}."
        ("Fiery Islet", "UR", True, ""),
        # "If you control two or more other lands, this land enters tapped": untapped on turn one.
        ("Cave of the Frost Dragon", "W", True, ""),
        # Filter land: "{U/B}, {T}: Add {U}{U}, {U}{B}, or {B}{B}." needs colored mana first.
        ("Sunken Ruins", "UB", True, "UB"),
        # "{1}, {T}: Add one mana of any color." needs another mana first.
        ("Crystal Grotto", "WUBRG", True, "WUBRG"),
        # Gemstone Caverns: "If ... has a luck counter on it, instead add one mana of any color".
        ("Gemstone Caverns", "", True, ""),
        # Plaza of Heroes: any color for legendary spells; "any color among legendary permanents
        # you control" makes nothing on an empty board.
        ("Plaza of Heroes", "WUBRG", True, ""),
    ],
)
def test_land_family(catalog: Catalog, name: str, colors: str, turn_one: bool, late: str) -> None:
    card = catalog.get(name)
    assert card is not None
    mana = land_mana(card)
    assert mana is not None
    assert _colors(mana.colors) == colors
    assert mana.turn_one is turn_one
    assert _colors(mana.late_colors) == late


def test_fetchland_counts_only_the_lands_this_deck_can_find(catalog: Catalog) -> None:
    # Arid Mesa: "Search your library for a Mountain or Plains card". In a blue-black deck with
    # Islands, Swamps and Watery Grave (Island Swamp) it finds nothing: no color at all.
    deck = _deck(catalog, (10, "Island"), (8, "Swamp"), (4, "Watery Grave"), (4, "Arid Mesa"),
                 (34, "Counterspell"))
    a = analyze(deck, trials=10).facts()
    mesa = next(d for d in a["source_detail"] if d["card"] == "Arid Mesa")
    assert mesa["colors"] == "" and mesa["finds"] == []
    # Blue: Island 10 + Watery Grave 4 = 14; black: Swamp 8 + Watery Grave 4 = 12; nothing else.
    assert a["sources"] == {"W": 0, "U": 14, "B": 12, "R": 0, "G": 0}


def test_fetchland_finds_typed_duals_of_this_deck(catalog: Catalog) -> None:
    # Polluted Delta ("an Island or Swamp card") in a red-white deck finds nothing; Arid Mesa
    # finds Sacred Foundry (Mountain Plains), Mountain and Plains: red and white.
    deck = _deck(catalog, (6, "Mountain"), (3, "Plains"), (4, "Sacred Foundry"), (4, "Arid Mesa"),
                 (2, "Polluted Delta"), (41, "Lightning Helix"))
    a = analyze(deck, trials=10).facts()
    detail = {d["card"]: d for d in a["source_detail"]}
    assert sorted(detail["Arid Mesa"]["finds"]) == ["Mountain", "Plains", "Sacred Foundry"]
    assert detail["Polluted Delta"]["colors"] == ""
    # Red: Mountain 6 + Foundry 4 + Mesa 4 = 14; white: Plains 3 + Foundry 4 + Mesa 4 = 11.
    assert (a["sources"]["R"], a["sources"]["W"]) == (14, 11)
    # On turn one every one of those is untapped (Mesa finds an untapped Mountain or Foundry).
    assert (a["untapped_sources"]["R"], a["untapped_sources"]["W"]) == (14, 11)


def test_basic_fetch_finds_the_decks_basics_and_tapped_fetch_is_no_turn_one_source(catalog: Catalog) -> None:
    # Fabled Passage: "Search your library for a basic land card, put it onto the battlefield tapped".
    deck = _deck(catalog, (8, "Forest"), (4, "Island"), (4, "Fabled Passage"), (44, "Llanowar Elves"))
    a = analyze(deck, trials=10).facts()
    passage = next(d for d in a["source_detail"] if d["card"] == "Fabled Passage")
    assert passage["colors"] == "UG" and sorted(passage["finds"]) == ["Forest", "Island"]
    assert a["sources"]["G"] == 12 and a["untapped_sources"]["G"] == 8
    elves = next(r for r in a["requirements"] if r["card"] == "Llanowar Elves")
    assert elves["have"] == 8  # a one-drop: Forests only


def test_restricted_mana_counts_only_for_the_spells_it_may_pay(catalog: Catalog) -> None:
    # Cavern of Souls: "Add one mana of any color. Spend this mana only to cast a creature spell".
    deck = _deck(catalog, (14, "Swamp"), (4, "Cavern of Souls"), (4, "Counterspell"),
                 (4, "Tishana's Tidebinder"), (34, "Duress"))
    a = analyze(deck, trials=10).facts()
    assert a["sources"]["U"] == 4  # Cavern counts as a source of blue...
    by_card = {r["card"]: r for r in a["requirements"] if "U" in r["color"]}
    assert by_card["Tishana's Tidebinder"]["have"] == 4  # ...for the creature,
    assert by_card["Counterspell"]["have"] == 0  # not for the instant.
