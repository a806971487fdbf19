"""analyze().facts() on real decks, against numbers counted by hand from the lists and card data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from arena.analysis import analyze
from arena.catalog import Catalog
from arena.errors import DeckError
from arena.parsing import parse_deck

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CONTRACT_KEYS = {
    "main_count", "side_count", "deck_size", "commander", "companion", "unresolved", "lands",
    "nonland", "curve", "average_mv", "pips", "sources", "requirements", "land_recommendation",
    "types", "interaction", "archetype", "legality", "wildcards", "odds", "notes", "colors",
}


def _analyze(catalog: Catalog, path: Path, **kwargs: Any) -> dict[str, Any]:
    return analyze(parse_deck(path.read_bytes(), catalog, filename=path.name), **kwargs).facts()


def test_mono_green_mdfc_deck(catalog: Catalog, realdata: Path) -> None:
    a = _analyze(catalog, realdata / "decks" / "trostani_nosb_standard_mono_green_mdfc.txt")
    assert CONTRACT_KEYS <= set(a)
    assert (a["main_count"], a["side_count"], a["lands"], a["nonland"]) == (60, 0, 22, 38)
    # 1: Gilded Goose 4, Witch's Oven 2; 2: Tangled Florahedron 4, Wolfwillow Haven 1, Trail of
    # Crumbs 3; 3: Brontodon 2, Lovestruck Beast 4, Kazandu Mammoth 4; 4: Wicked Wolf 4;
    # 5: Vivien 1; 6: Kogla 2, Feasting Troll King 3; 7+: The Great Henge 4.
    assert a["curve"] == {"0": 0, "1": 6, "2": 8, "3": 10, "4": 4, "5": 1, "6": 5, "7+": 4, "X": {}}
    assert a["average_mv"] == round(139 / 38, 2) == 3.66
    assert a["pips"] == {"W": 0, "U": 0, "B": 0, "R": 0, "G": 64}
    # 14 Forest + 4 Castle Garenbrig + 8 spell//land MDFCs (Tangled Florahedron, Kazandu Mammoth);
    # the MDFC lands enter tapped, Castle Garenbrig only "unless you control a Forest" (so never
    # on turn one, when you control no land): turn-one green sources are the 14 Forests.
    assert a["sources"]["G"] == 26
    assert a["untapped_sources"]["G"] == 14
    assert a["colorless_sources"] == 4  # Crawling Barrens, Bonders' Enclave
    assert a["colors"] == "G"
    assert a["archetype"]["name"] == "Mono-Green"
    # 2CCCC (Feasting Troll King) is past the table: 1CCCC's 22 is used, flagged approximate.
    troll = next(r for r in a["requirements"] if r["card"] == "Feasting Troll King")
    assert (troll["pattern"], troll["needed"], troll["have"], troll["approximate"]) == ("2CCCC", 22, 26, True)
    assert a["color_summary"]["G"]["shortfall"] == 0
    assert any("Kazandu Mammoth" in n and "inferred" in n for n in a["notes"])
    rec = a["land_recommendation"]
    # Cheap draw/ramp: Gilded Goose 4, Tangled Florahedron 4, Wolfwillow Haven 1 = 9.
    assert rec["cheap_draw_ramp"] == 9
    assert rec["exact"] == round(19.59 + 1.90 * 3.66 - 0.28 * 9, 2)
    assert rec["effective"] == round(22 + 8 * 0.38, 2)
    assert "19.59 + 1.90" in rec["reason"]


def test_temur_deck_requirements(catalog: Catalog, realdata: Path) -> None:
    a = _analyze(catalog, realdata / "decks" / "trostani_base_standard_temur_elementals.txt")
    assert (a["main_count"], a["side_count"], a["lands"]) == (60, 8, 24)
    # Blue: Steam Vents 4, Breeding Pool 4, Temple of Mystery 1, Island 2, Castle Vantress 1 and
    # Fabled Passage 3 (finds a basic: the deck has Island, Mountain, Forest).
    assert a["sources"] == {"W": 0, "U": 15, "B": 0, "R": 13, "G": 15}
    # Untapped red on turn one: Steam Vents 4, Stomping Ground 4, Mountain 1 (Castle Embereth
    # "enters tapped unless you control a Mountain": never on turn one).
    assert a["untapped_sources"]["R"] == 9
    by_card = {(r["card"], r["color"]): r for r in a["requirements"]}
    jace = by_card[("Jace, Wielder of Mysteries", "U")]
    assert (jace["pattern"], jace["needed"], jace["have"], jace["shortfall"]) == ("1CCC", 21, 15, 6)
    # Shock is a reactive one-mana instant: a soft requirement, counted against all 13 red
    # sources (it is rarely cast on turn one), and never a shortfall of the deck.
    shock = by_card[("Shock", "R")]
    assert (shock["needed"], shock["have"], shock["soft"]) == (14, 13, True)
    assert "Shock" not in a["color_summary"]["R"]["cards_short"]
    # Omnath {1}{G}{U}{R}: gold, so each color is 3C + 1 = 11 and any of the three 1CCC + 1 = 22.
    assert by_card[("Omnath, Locus of the Roil", "G")]["needed"] == 11
    assert by_card[("Omnath, Locus of the Roil", "URG")]["needed"] == 22
    assert by_card[("Omnath, Locus of the Roil", "URG")]["have"] == 24
    assert a["color_summary"]["U"]["card"] == "Jace, Wielder of Mysteries"
    assert a["archetype"]["colors"] == "URG" and a["archetype"]["name"] == "Temur"


def test_commander_deck_counts_the_commander(catalog: Catalog, realdata: Path) -> None:
    a = _analyze(catalog, realdata / "decks" / "brawlrating_historic_brawl_teysa.txt")
    assert a["commander"] == ["Teysa, Opulent Oligarch"]
    assert a["main_count"] == 99 and a["deck_size"] == 100 and a["library_size"] == 99
    assert a["lands"] + a["nonland"] == 100
    assert a["karsten_table"] == 99
    assert a["legality"]["historicbrawl"] == "unknown"  # deck rules pass; card data unknown
    assert a["legality"]["standard"] == "not_legal"  # a commander has no place in Standard
    assert "31.42 + 3.13" in a["land_recommendation"]["reason"]


def test_companion_stays_out_of_the_curve(catalog: Catalog, realdata: Path) -> None:
    a = _analyze(catalog, realdata / "decks" / "e2e_forge_about_companion_alchemy_izzet.txt")
    assert a["companion"] == ["Lurrus of the Dream-Den"]
    assert a["curve"]["3"] == 3  # Bonecrusher Giant only; Lurrus (3) is outside
    assert any("companion" in n for n in a["notes"])


@pytest.mark.parametrize("name", ["izzet_prowess.txt", "mono_green.txt"])
def test_bundled_examples_analyze_cleanly(catalog: Catalog, name: str) -> None:
    a = _analyze(catalog, EXAMPLES / name, trials=2000)
    assert a["main_count"] == 60 and not a["unresolved"]
    json.dumps(a)  # JSON-able through and through
    assert a["odds"]["opening_hands"]["trials"] == 2000


def test_izzet_example_numbers(catalog: Catalog) -> None:
    a = _analyze(catalog, EXAMPLES / "izzet_prowess.txt", trials=1000)
    # 14 prowess cards: Monastery Swiftspear, Soul-Scar Mage (prowess), Stormwing Entity... by their text.
    assert a["archetype"] == {**a["archetype"], "colors": "UR", "name": "Izzet", "style": "prowess"}
    # Spirebluff Canal 4, Riverglide Pathway 4, Stormcarved Coast 4, Island 4 = 16 blue;
    # red adds Mountain 4 and Spikefield Hazard 4 (its land side) to the 12 duals = 20.
    assert a["sources"]["U"] == 16 and a["sources"]["R"] == 20
    assert a["interaction"]["card_draw"]["cards"] == ["Consider", "Opt"]
    assert a["interaction"]["removal"]["count"] == 10


def test_every_real_deck_parses_or_fails_precisely(catalog: Catalog, realdata: Path) -> None:
    analyzed = 0
    for path in sorted((realdata / "decks").glob("*.txt")):
        try:
            a = _analyze(catalog, path, trials=500)
        except DeckError as err:
            assert str(err)
            continue
        analyzed += 1
        assert a["lands"] + a["nonland"] <= a["deck_size"]
        assert sum(v for k, v in a["curve"].items() if k != "X") == a["nonland"]
    assert analyzed >= 10


def test_card_odds_fall_back_to_monte_carlo_past_the_work_budget(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    from arena.analysis import castability

    text = ("Deck\n6 Plains\n6 Island\n6 Swamp\n6 Forest\n4 Raffine's Tower\n4 Spara's Headquarters\n"
            "4 Atraxa, Grand Unifier\n24 Opt\n")
    deck = parse_deck(text, catalog)
    exact = next(r for r in analyze(deck, trials=100).facts()["odds"]["cast_on_curve"]
                 if r["card"] == "Atraxa, Grand Unifier")
    assert exact["method"] == "exact"
    # A tiny budget sends every card with colors to the shared Monte Carlo deals.
    monkeypatch.setattr(castability, "EXACT_MAX_WORK", 5)
    castability._odds.cache_clear()
    try:
        rows = analyze(deck, trials=3000).facts()["odds"]["cast_on_curve"]
    finally:
        castability._odds.cache_clear()
    row = next(r for r in rows if r["card"] == "Atraxa, Grand Unifier")
    assert row["method"] == "monte_carlo" and row["trials"] == 3000
    assert row["probability"] == pytest.approx(exact["probability"], abs=0.03)
    assert row["given_lands"] == pytest.approx(exact["given_lands"], abs=0.03)
