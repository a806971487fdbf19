"""Every parseable deck in ../shared/realdata/decks: colored sources counted by hand, and one value
per fact across the whole answer (sources, color summary, requirements, odds, report).

Not here: the four localized exports (French, German), which the parser refuses by design
(card names must be English), and the 250-card singleton list, whose 59 distinct lands are
checked only by the consistency rules below.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from arena.analysis import analyze
from arena.analysis.report import render_text
from arena.catalog import Catalog
from arena.errors import DeckError
from arena.parsing import parse_deck

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

# file: (sources WUBRG, turn-one sources of some colors)
HAND_COUNTS: dict[str, tuple[dict[str, int], dict[str, int]]] = {
    # Plains 8 + Swamp 8 and 22 other lands. White: Plaza of Heroes, Eiganjo, Minas Tirith, Emeria
    # (MDFC), Restless Fortress, Isolated Chapel, Brightclimb Pathway, Caves of Koilos, Shadowy
    # Backstreet, Godless Shrine, Shattered Sanctum, Snowfield Sinkhole, Sunlit Marsh, Cavern of
    # Souls, Command Tower (Teysa: W B), Fabled Passage, Mana Confluence, Prismatic Vista, and four
    # fetches that each find a Plains Swamp dual (Bloodstained Mire, Polluted Delta, Windswept
    # Heath, Flooded Strand): 8 + 22 = 30. Black: the same minus Eiganjo, Minas Tirith, Emeria plus
    # Agadeem and Malakir (MDFCs): 8 + 21 = 29. U/R/G: Plaza, Cavern, Confluence = 3.
    # Turn one W: Plains 8 + Plaza, Eiganjo, Pathway, Koilos, Godless, Cavern, Tower, Confluence,
    # Vista and the 4 fetches (they find Godless Shrine untapped) = 21; B: Swamp 8 + the same 12
    # minus Eiganjo = 20.
    "brawlrating_historic_brawl_teysa.txt": ({"W": 30, "U": 3, "B": 29, "R": 3, "G": 3}, {"W": 21, "B": 20}),
    # Mountain 22 + Barbarian Ring, Forgotten Cave, Kazuul's Cliffs (MDFC), Myriad Landscape (finds
    # Mountains), Mystic Peak (MDFC), Plaza of Heroes, Smoldering Crater, Sokenzan, Volcanic Fissure
    # (MDFC), The Autonomous Furnace = 32 red; Plaza is the only other color. Turn one red:
    # Mountain 22 + Ring + Plaza + Sokenzan = 25.
    "cpinnix_moxfield_style_commander_foil_markers.txt": ({"W": 1, "U": 1, "B": 1, "R": 32, "G": 1}, {"R": 25}),
    # W: Plains 5 + Fortified Beachhead 1 + Idyllic Beachfront 4 + Tranquil Cove 4 + Skybridge Towers 1
    # + Restless Anchorage 1 + Hidden Courtyard 1 = 17; U: Island 5 + 1 + 4 + 4 + 1 + 1 + Hidden
    # Cataract 2 = 18. Turn one: basics 5 + Beachhead (reveal a Soldier) 1 = 6 each.
    "deckview_originalsixty_explorer.txt": ({"W": 17, "U": 18}, {"W": 6, "U": 6}),
    "e2e_forge_about_companion_alchemy_izzet.txt": ({"U": 20, "R": 23}, {"U": 20, "R": 23}),  # Island 20, Mountain 23
    "goldfish_arena_fixture_companion_last.txt": ({"R": 20}, {"R": 20}),  # Mountain 20
    # W: Plains 8 + Brightclimb Pathway 4 + Cave of the Frost Dragon 2 + Shattered Sanctum 4 = 18;
    # B: Swamp 4 + Pathway 4 + Hive of the Eye Tyrant 2 + Sanctum 4 = 14. Turn one: the Cave and
    # Hive are tapped only "if you control two or more other lands", the Sanctum (slow) is tapped:
    # W 8 + 4 + 2 = 14, B 4 + 4 + 2 = 10.
    "m0cchi_deck001_standard_noset.txt": ({"W": 18, "B": 14}, {"W": 14, "B": 10}),
    "m0cchi_deck002_standard_noset_nosideboard.txt": ({"W": 18, "B": 14}, {"W": 14, "B": 10}),
    # Forest 10 + Swamp 10 + Foul Orchard 4 (B or G, tapped).
    "phdesign_arena_legacy_noheader_blankline_sb.txt": ({"B": 14, "G": 14}, {"B": 10, "G": 10}),
    # Vivid Grove 4 and Vivid Creek 4 make any color (a charge counter); Reflecting Pool 4 copies
    # them, so it too makes every color: 12 of each. + Sunken Ruins 4 (U/B), Fire-Lit Thicket 3
    # (R/G), Wooded Bastion 1 (G/W), Forest 3, Island 3. W 12 + 1 = 13; U 12 + 4 + 3 = 19;
    # B 12 + 4 = 16; R 12 + 3 = 15; G 12 + 3 + 3 + 1 = 19. Turn one only the basics: the Vivids
    # enter tapped, the filter lands need colored mana first, the Pool copies nothing yet.
    "phdesign_mtgtop8_sideboard_header_noset.txt": ({"W": 13, "U": 19, "B": 16, "R": 15, "G": 19},
                                                    {"W": 0, "U": 3, "B": 0, "R": 0, "G": 3}),
    # Steam Vents 4, Breeding Pool 4, Stomping Ground 4, Temple of Mystery 1 (G/U), Island 2,
    # Mountain 1, Forest 2, the three Castles 1 each, Fabled Passage 3 (finds Island, Mountain,
    # Forest). U 4+4+1+2+1+3 = 15; R 4+4+1+1+3 = 13; G 4+4+1+2+1+3 = 15. Turn one: Vents, Pool,
    # Ground and basics: U 4+4+2 = 10, R 4+4+1 = 9, G 4+4+2 = 10.
    "trostani_base_standard_temur_elementals.txt": ({"U": 15, "R": 13, "G": 15}, {"U": 10, "R": 9, "G": 10}),
    # Forest 14 + Castle Garenbrig 4 + Kazandu Mammoth and Tangled Florahedron (MDFCs) 8 = 26;
    # turn one the Forests.
    "trostani_nosb_standard_mono_green_mdfc.txt": ({"G": 26}, {"G": 14}),
    "xmage_testdeck.mtga.txt": ({"G": 1}, {"G": 1}),  # one Forest
}
NOT_COUNTED = {"deckview_oneonly_250card_trailing_ws.txt"}
LOCALIZED = {"e2e_forge_brawl_about_commander_crlf.txt", "e2e_forge_german_localized.txt",
             "trostani_brawl_french_commandant_niv.txt", "trostani_translate_french_bant_reserve.txt"}


def _all_decks(realdata: Path) -> list[Path]:
    return sorted((realdata / "decks").glob("*.txt")) + sorted(EXAMPLES.glob("*.txt"))


@pytest.fixture(scope="module")
def analyses(catalog: Catalog, realdata: Path) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for path in _all_decks(realdata):
        try:
            deck = parse_deck(path.read_bytes(), catalog, filename=path.name)
        except DeckError:
            assert path.name in LOCALIZED, path.name
            continue
        found[path.name] = analyze(deck, trials=50)
    return found


def test_every_deck_is_counted_or_named_as_not(analyses: dict[str, Any], realdata: Path) -> None:
    names = {p.name for p in (realdata / "decks").glob("*.txt")}
    assert names == set(HAND_COUNTS) | NOT_COUNTED | LOCALIZED


@pytest.mark.parametrize("name", sorted(HAND_COUNTS))
def test_hand_counted_sources(analyses: dict[str, Any], name: str) -> None:
    facts = analyses[name].facts()
    sources, turn_one = HAND_COUNTS[name]
    assert {c: n for c, n in facts["sources"].items() if n} == sources
    assert {c: facts["untapped_sources"][c] for c in turn_one} == turn_one


def test_one_value_per_fact(analyses: dict[str, Any]) -> None:
    """No answer states two values for one fact: every place a number appears agrees."""
    for name, result in analyses.items():
        a = result.facts()
        for color, row in a["color_summary"].items():
            total = a["colorless_sources"] if color == "C" else a["sources"][color]
            assert row["sources"] == total, (name, color)
        detail_total = {c: sum(d["copies"] for d in a["source_detail"] if c in d["colors"]) for c in "WUBRG"}
        assert detail_total == a["sources"], name
        turns = {r["card"]: r["turn"] for r in a["requirements"]}
        for row in a["odds"]["cast_on_curve"]:
            if row["card"] in turns:
                assert row["turn"] == turns[row["card"]], (name, row["card"])
        for r in a["requirements"]:
            if r["kind"] != "color" or (r["adjustment"] and "cannot pay" in r["adjustment"]):
                continue
            one_drop = r["turn"] <= 1 and not r["soft"]
            expected = a["untapped_sources"][r["color"]] if one_drop else a["sources"][r["color"]]
            assert r["have"] == expected, (name, r)
            assert r["short_by"] == max(0, r["needed"] - r["have"])
            assert r["shortfall"] == (0 if r["soft"] else r["short_by"])
        for color, row in a["color_summary"].items():
            assert not any(r["soft"] for r in a["requirements"] if r["card"] in row["cards_short"]
                           and r["color"] == color), (name, color)
        rec = a["land_recommendation"]
        assert rec["current"] == a["lands"], name
        report = render_text(result)
        assert f"Lands {a['lands']}" in report and f"{rec['current']} played" in report, name
