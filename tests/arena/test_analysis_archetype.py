"""Archetype names and styles on mono, two- and three-color decks; hybrid/Phyrexian/X rules."""

from __future__ import annotations

from arena.analysis import analyze
from arena.analysis.archetype import COLOR_NAMES
from arena.catalog import Catalog
from arena.parsing import parse_deck


def _analyze(catalog: Catalog, text: str) -> dict:
    return analyze(parse_deck(text, catalog), trials=200).facts()


def test_every_color_combination_has_a_name() -> None:
    from itertools import combinations

    for size in range(6):
        for combo in combinations("WUBRG", size):
            assert "".join(combo) in COLOR_NAMES


def test_mono_red_aggro(catalog: Catalog) -> None:
    a = _analyze(catalog, "Deck\n20 Mountain\n4 Monastery Swiftspear\n4 Soul-Scar Mage\n"
                          "4 Kumano Faces Kakkazan\n4 Play with Fire\n4 Lightning Strike\n"
                          "4 Shock\n4 Bonecrusher Giant\n4 Phoenix Chick\n4 Fireblast\n4 Abrade\n")
    arch = a["archetype"]
    assert (arch["colors"], arch["name"], arch["style"]) == ("R", "Mono-Red", "aggro")
    assert any("average mana value" in r for r in arch["reasons"])


def test_azorius_control(catalog: Catalog, realdata) -> None:
    a = analyze(parse_deck((realdata / "decks" / "deckview_originalsixty_explorer.txt").read_bytes(), catalog),
                trials=200).facts()
    arch = a["archetype"]
    assert (arch["colors"], arch["name"], arch["style"]) == ("WU", "Azorius", "control")


def test_three_color_ramp(catalog: Catalog) -> None:
    a = _analyze(catalog, "Deck\n8 Forest\n4 Island\n4 Mountain\n4 Ketria Triome\n4 Frontier Bivouac\n"
                          "4 Llanowar Elves\n4 Elvish Mystic\n4 Rampant Growth\n4 Cultivate\n"
                          "4 Explosive Vegetation\n4 Hydroid Krasis\n4 Koma, Cosmos Serpent\n"
                          "4 Glorybringer\n")
    arch = a["archetype"]
    assert arch["colors"] == "URG" and arch["name"] == "Temur"
    assert arch["style"] == "ramp"


def test_hybrid_and_phyrexian_are_not_single_color_requirements(catalog: Catalog) -> None:
    a = _analyze(catalog, "Deck\n12 Island\n12 Plains\n4 Judge's Familiar\n4 Dismember\n28 Opt\n")
    reqs = {(r["card"], r["color"]): r for r in a["requirements"]}
    # Judge's Familiar is {W/U}: one hybrid requirement against W-or-U sources, no W or U one.
    familiar = [r for (card, _), r in reqs.items() if card == "Judge's Familiar"]
    assert [r["color"] for r in familiar] == ["W/U"]
    assert familiar[0]["have"] == 24 and familiar[0]["kind"] == "hybrid"
    # Dismember {1}{B/P}{B/P}: Phyrexian pips ask for nothing.
    assert not [r for (card, _), r in reqs.items() if card == "Dismember"]
    # Pips still count every colored symbol: hybrid for each of its colors, Phyrexian too.
    assert a["pips"]["W"] == 4 and a["pips"]["U"] == 4 + 28 and a["pips"]["B"] == 8
    assert any("Phyrexian" in n for n in a["notes"]) and any("Hybrid" in n for n in a["notes"])


def test_x_spells_listed_apart(catalog: Catalog) -> None:
    a = _analyze(catalog, "Deck\n24 Mountain\n4 Fireball\n4 Shock\n28 Lightning Strike\n")
    assert a["curve"]["1"] == 8  # Fireball {X}{R} is 1 with X = 0, plus Shock
    assert a["curve"]["X"] == {"1": 4}
    assert a["average_mv"] == round((8 * 1 + 28 * 2) / 36, 2)
