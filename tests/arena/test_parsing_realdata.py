"""Every deck, CSV and .dek in ../shared/realdata: it parses, or fails for a precise reason.

Each file's exact outcome is written down here, so a change in behaviour on real player
files shows up as a failing test, not as a surprise in the chat.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from arena.errors import DeckParseError, DeckTooLargeError
from arena.models import Deck
from arena.parsing import parse_deck

# file -> (source format, game format, commander names, companion names, main count, side count)
PARSES: dict[str, tuple[str, str | None, list[str], list[str], int, int]] = {
    "decks/brawlrating_historic_brawl_teysa.txt": ("arena", "commander", ["Teysa, Opulent Oligarch"], [], 99, 0),
    "decks/cpinnix_moxfield_style_commander_foil_markers.txt": ("arena", "commander", [], [], 100, 0),
    "decks/deckview_oneonly_250card_trailing_ws.txt": ("arena", None, [], [], 250, 0),
    "decks/deckview_originalsixty_explorer.txt": ("arena", None, [], [], 63, 0),
    "decks/e2e_forge_about_companion_alchemy_izzet.txt": ("arena", None, [], ["Lurrus of the Dream-Den"], 60, 3),
    "decks/goldfish_arena_fixture_companion_last.txt": ("arena", None, [], ["Jegantha, the Wellspring"], 24, 2),
    "decks/m0cchi_deck001_standard_noset.txt": ("arena", None, [], [], 60, 5),
    "decks/m0cchi_deck002_standard_noset_nosideboard.txt": ("arena", None, [], [], 60, 0),
    "decks/phdesign_arena_legacy_noheader_blankline_sb.txt": ("arena", None, [], [], 59, 1),
    "decks/phdesign_mtgtop8_sideboard_header_noset.txt": ("arena", None, [], [], 60, 15),
    "decks/trostani_base_standard_temur_elementals.txt": ("arena", None, [], [], 60, 8),
    "decks/trostani_nosb_standard_mono_green_mdfc.txt": ("arena", None, [], [], 60, 0),
    "decks/xmage_testdeck.mtga.txt": ("arena", None, [], [], 11, 4),
    "csv/mtgcsvhelper__moxfield-conditions-real-export.csv": ("csv", None, [], [], 6, 0),
    "csv/mtgcsvhelper__mtgo-collection.csv": ("csv", None, [], [], 13, 0),
    "csv/phdesign_deckbox_export.csv": ("csv", None, [], [], 15, 0),
    "mtgo/xmage_testdeck.dek": ("mtgo_dek", None, [], [], 5, 3),
    # Collection exports that list a Clue and a Treasure token beside the cards: the tokens are
    # skipped with a note (SKIPPED below); the counts are the Quantity column's sum without them.
    "csv/mtgcsvhelper__archidekt-real-export.csv": ("csv", None, [], [], 41, 0),
    "csv/mtgcsvhelper__deckbox-real-export.csv": ("csv", None, [], [], 40, 0),
    "csv/mtgcsvhelper__dragonshield-real-export.csv": ("csv", None, [], [], 40, 0),
    "csv/mtgcsvhelper__manabox-real-export.csv": ("csv", None, [], [], 40, 0),
    "csv/mtgcsvhelper__moxfield-real-export.csv": ("csv", None, [], [], 41, 0),
    "csv/mtgcsvhelper__mtggoldfish-real-export.csv": ("csv", None, [], [], 27, 0),
    "csv/mtgcsvhelper__tcgplayer-real-export.csv": ("csv", None, [], [], 41, 0),
    "csv/mtgcsvhelper__topdecked-real-export.csv": ("csv", None, [], [], 41, 0),
}

# file -> the lines left out as tokens
SKIPPED: dict[str, tuple[int, ...]] = {
    "csv/mtgcsvhelper__archidekt-real-export.csv": (5, 43),
    "csv/mtgcsvhelper__deckbox-real-export.csv": (5, 41),
    "csv/mtgcsvhelper__dragonshield-real-export.csv": (6, 43),
    "csv/mtgcsvhelper__manabox-real-export.csv": (5, 42),
    "csv/mtgcsvhelper__moxfield-real-export.csv": (5, 43),
    "csv/mtgcsvhelper__mtggoldfish-real-export.csv": (5, 29),
    "csv/mtgcsvhelper__tcgplayer-real-export.csv": (5, 43),
    "csv/mtgcsvhelper__topdecked-real-export.csv": (5, 43),
    "csv/mtgcsvhelper__mtgo.csv": (9, 10),
}

_FRENCH = "unknown card (a French Arena export? card names must be English)"
_GERMAN = "unknown card (a German Arena export? card names must be English)"

# file -> {line: (reason, or its start when it ends with "…", first suggestion or None)}
FAILS: dict[str, dict[int, tuple[str, str | None]]] = {
    "csv/mtgcsvhelper__cardmarket-real-export.csv": {
        1: ("no card-name column (expected Name, Card or Card Name; found: idProduct, groupCount, …", None)},
    "csv/mtgcsvhelper__mtgo.csv": {
        # A Mystery Booster playtest card: the offline corpus does not have it.
        26: ("unknown card", "Neyali, Suns' Vanguard")},
    "decks/e2e_forge_brawl_about_commander_crlf.txt": {
        5: (_GERMAN, "Valki, God of Lies // Tibalt, Cosmic Impostor"),
        8: (_GERMAN, None),  # Blitzschlag is Lightning Bolt: no English name is close
        10: ("unknown card: 'Gebirge' is the German name of Mountain; the catalog knows English "
             "card names only", "Mountain")},
    "decks/e2e_forge_german_localized.txt": {
        # Only names a typo or a kept proper name explains are offered (Blitzschlag is not
        # Blitz Leech); the line still says the export looks German.
        2: (_GERMAN, None),
        3: (_GERMAN, None),
        4: (_GERMAN, None),
        5: (_GERMAN, None),
        6: (_GERMAN, None),
        8: ("unknown card: 'Wald' is the German name of Forest; the catalog knows English "
            "card names only", "Forest"),
        11: (_GERMAN, "Shock")},
}

# The two French exports fail on every card line; spot-check lines and suggestions.
FRENCH = {
    "decks/trostani_translate_french_bant_reserve.txt": (
        [*range(2, 20), *range(22, 32)],
        {9: "Hydroid Krasis", 14: "Paradise Druid", 25: "Ashiok, Dream Render",
         2: "Island", 12: "Forest"}),
    "decks/trostani_brawl_french_commandant_niv.txt": (
        [2, *range(5, 64)],
        {2: "Niv-Mizzet Reborn", 7: "Chromatic Lantern", 15: "Island", 23: "Hydroid Krasis",
         36: "Sacred Foundry", 59: "Domri, Anarch of Bolas"}),
}


@pytest.fixture
def parse(realdata: Path, catalog):
    def run(name: str) -> Deck:
        path = realdata / name
        return parse_deck(path.read_bytes(), catalog, filename=path.name)
    return run


def test_the_tables_cover_every_sample(realdata: Path) -> None:
    files = {f"{p.parent.name}/{p.name}" for folder in ("decks", "csv", "mtgo")
             for p in (realdata / folder).iterdir() if p.name != "SOURCES.tsv"}
    covered = set(PARSES) | set(FAILS) | set(FRENCH) | {"csv/mtgcsvhelper__mtggoldfish-from-mtgarena.csv"}
    assert files == covered


@pytest.mark.parametrize("name", sorted(PARSES))
def test_real_file_parses(parse, name: str) -> None:
    source_format, game_format, commander, companion, main, side = PARSES[name]
    deck = parse(name)
    assert deck.source_format == source_format
    assert deck.format == game_format
    assert [e.resolved_name for e in deck.commander] == commander
    assert [e.resolved_name for e in deck.companion] == companion
    assert (deck.main_count, deck.side_count) == (main, side)
    assert all(e.card is not None for _, e in deck.entries())
    assert tuple(line.line for line in deck.skipped) == SKIPPED.get(name, ())
    assert all(line.reason.startswith("not a card:") and "token" in line.reason for line in deck.skipped)


@pytest.mark.parametrize("name", sorted(FAILS))
def test_real_file_fails_precisely(parse, name: str) -> None:
    with pytest.raises(DeckParseError) as caught:
        parse(name)
    got = {p.line: p for p in caught.value.problems}
    expected = FAILS[name]
    assert sorted(got) == sorted(expected)
    for line, (reason, suggestion) in expected.items():
        if reason.endswith("…"):
            assert got[line].reason.startswith(reason[:-1]), got[line].reason
        else:
            assert got[line].reason == reason
        if suggestion is None:
            assert reason != "unknown card" or got[line].suggestions == []
        else:
            assert got[line].suggestions[0] == suggestion


@pytest.mark.parametrize("name", sorted(FRENCH))
def test_french_exports_fail_on_every_card_line_with_suggestions(parse, name: str) -> None:
    lines, suggestions = FRENCH[name]
    with pytest.raises(DeckParseError) as caught:
        parse(name)
    got = {p.line: p for p in caught.value.problems}
    assert sorted(got) == lines  # section headers ("Commandant", "Réserve") are not problems
    for problem in got.values():
        if " is the French name of " in problem.reason:  # a basic land: Île, Forêt, Plaine...
            assert problem.suggestions[0] in ("Plains", "Island", "Swamp", "Mountain", "Forest")
        else:
            assert problem.reason == _FRENCH
    for line, first in suggestions.items():
        assert first in got[line].suggestions[:3], (line, got[line].suggestions)


def test_mtga_collection_csv_is_over_the_line_limit(parse) -> None:
    with pytest.raises(DeckTooLargeError) as caught:
        parse("csv/mtgcsvhelper__mtggoldfish-from-mtgarena.csv")
    assert (caught.value.unit, caught.value.limit, caught.value.actual) == ("lines", 2000, 6161)
    assert "the limit is 2,000 lines" in str(caught.value)


def test_real_details_survive(parse) -> None:
    izzet = parse("decks/e2e_forge_about_companion_alchemy_izzet.txt")
    assert izzet.name == "E2E Izzet"
    aspirant = next(e for e in izzet.main if e.line == 14)
    assert aspirant.name == "A-Luminarch Aspirant" and aspirant.card is not None
    assert next(e for e in izzet.main if e.line == 17).set_code is None  # "23 Mountain"

    moxfield = parse("decks/cpinnix_moxfield_style_commander_foil_markers.txt")
    lines = {e.line: e for e in moxfield.main}
    assert (lines[3].set_code, lines[3].collector_number, lines[3].foil) == ("SLD", "820★", True)
    assert (lines[6].set_code, lines[6].collector_number) == ("PLST", "CMR-162")
    assert lines[7].resolved_name == "Brass's Tunnel-Grinder // Tecutlan, the Searing Rift"
    assert lines[17].foil is True  # *E*
    assert all(e.foil for e in moxfield.main)

    oneonly = parse("decks/deckview_oneonly_250card_trailing_ws.txt")
    celestus = next(e for e in oneonly.main if e.line == 6)
    assert (celestus.name, celestus.collector_number) == ("The Celestus", "252")

    xmage = parse("decks/xmage_testdeck.mtga.txt")
    assert [(e.line, e.collector_number) for e in xmage.main if e.name == "Benalish Marshal"] == [
        (8, "6p"), (9, "6s"), (10, None)]
    assert next(e for e in xmage.main if e.line == 5).resolved_name == "Expansion // Explosion"

    mdfc = parse("decks/trostani_nosb_standard_mono_green_mdfc.txt")
    assert next(e for e in mdfc.main if e.name == "Tangled Florahedron").resolved_name == (
        "Tangled Florahedron // Tangled Vale")

    legacy = parse("decks/phdesign_arena_legacy_noheader_blankline_sb.txt")
    assert [(e.name, e.line) for e in legacy.side] == [("Walking Corpse", 27)]

    dek = parse("mtgo/xmage_testdeck.dek")
    assert [(e.name, e.resolved_name, e.line) for e in dek.side] == [
        ("Riverglide Pathway", "Riverglide Pathway // Lavaglide Pathway", 8),
        ("Dead/Gone", "Dead // Gone", 9)]
    assert next(e for e in dek.main if e.line == 7).resolved_name == "Refuse // Cooperate"


_LOG = ("this is an MTG Arena log, not a deck list: in Arena open the deck, choose Export, "
        "and paste what it copies")


@pytest.mark.parametrize("name", [
    "playerlog/mtga_draft_17lands__mkm_premierdraft_2024-02_wrapped_payload.log",
    "playerlog/mtga_draft_17lands__otj_premierdraft_2024-05.log",
    "playerlog/mtga_draft_17lands__tdm_premierdraft_2025-04.log",
])
def test_arena_logs_are_recognised(parse, name: str) -> None:
    with pytest.raises(DeckParseError) as caught:
        parse(name)
    [problem] = caught.value.problems
    assert (problem.line, problem.reason) == (1, _LOG)
    assert problem.text.startswith("[UnityCrossThreadLogger]")


def test_long_arena_log_hits_the_line_limit_first(parse) -> None:
    with pytest.raises(DeckTooLargeError) as caught:
        parse("playerlog/mtgatracker__output_log_2018-11-24_Deck.GetDeckLists.txt")
    assert caught.value.actual == 5270
