"""Arena export text and the plain lists deck sites write: structure, line syntax, names."""

from __future__ import annotations

from pathlib import Path

import pytest

from arena.models import Deck, DeckEntry
from arena.parsing import parse_deck

FIXTURES = Path(__file__).parent / "fixtures"


def parse_fixture(name: str, catalog) -> Deck:
    return parse_deck((FIXTURES / name).read_bytes(), catalog, filename=name)


def by_line(deck: Deck) -> dict[int, DeckEntry]:
    return {entry.line: entry for _, entry in deck.entries()}


def test_arena_export_with_about_companion_and_sideboard(catalog) -> None:
    deck = parse_fixture("arena_about_companion.txt", catalog)
    assert deck.name == "Izzet Tempo"
    assert deck.source_format == "arena"
    assert deck.format is None
    assert [e.resolved_name for e in deck.companion] == ["Jegantha, the Wellspring"]
    assert deck.main_count == 60
    assert deck.side_count == 15
    # The companion is listed in the sideboard too, as Arena writes it; both stay.
    assert deck.side[0].resolved_name == "Jegantha, the Wellspring"
    assert deck.side[0].line == 28
    delver = deck.main[0]
    assert (delver.count, delver.name, delver.set_code, delver.collector_number, delver.line) == (
        4, "Delver of Secrets", "MID", "47", 8)
    assert delver.resolved_name == "Delver of Secrets // Insectile Aberration"
    lines = by_line(deck)
    assert lines[10].resolved_name == "Brazen Borrower // Petty Theft"
    assert lines[15].name == "Fire // Ice" and lines[15].resolved_name == "Fire // Ice"
    assert lines[18].resolved_name == "Sink into Stupor // Soporific Springs"
    assert lines[19].name == "A-Heartfire Hero" and lines[19].resolved_name == "A-Heartfire Hero"


def test_headerless_list_blank_line_starts_the_sideboard(catalog) -> None:
    deck = parse_fixture("headerless_blank_sideboard.txt", catalog)
    assert deck.main_count == 60
    assert deck.side_count == 15
    assert [e.name for e in deck.side][:2] == ["Abrade", "Torch the Tower"]
    assert deck.side[0].line == 14
    assert deck.commander == [] and deck.format is None


def test_four_x_style_comments_and_sb_prefix(catalog) -> None:
    deck = parse_fixture("fourx_style.txt", catalog)
    assert deck.main_count == 60
    assert [(e.count, e.name, e.line) for e in deck.side] == [
        (3, "Abrade", 16), (2, "Torch the Tower", 17)]
    assert {e.count for e in deck.main[:4]} == {4}
    assert deck.main[3].name == "Manifold Mouse"  # "4 x Manifold Mouse"


def test_crlf_and_bom_bytes_parse_like_plain_text(catalog) -> None:
    text = (FIXTURES / "arena_about_companion.txt").read_text(encoding="utf-8")
    plain = parse_deck(text, catalog)
    crlf = parse_deck(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"), catalog)
    utf16 = parse_deck(text.replace("\n", "\r\n").encode("utf-16"), catalog)
    for deck in (crlf, utf16):
        assert deck.name == plain.name
        assert [(s, e.count, e.resolved_name, e.line) for s, e in deck.entries()] == [
            (s, e.count, e.resolved_name, e.line) for s, e in plain.entries()]


def test_moxfield_markers_and_odd_collector_numbers(catalog) -> None:
    deck = parse_fixture("moxfield_markers.txt", catalog)
    got = {e.line: (e.set_code, e.collector_number, e.foil) for _, e in deck.entries()}
    assert got[1] == ("PWAR", "192p", True)
    assert got[2] == ("C21", "263", False)
    assert got[3] == ("SLD", "820★", True)
    assert got[4] == ("PLST", "CMR-350", True)  # *E* etched is a foil finish
    assert got[5] == ("PLST", "7ED-67", False)
    assert got[6] == ("PNEO", "141s", True)
    assert got[8] == ("HBG", "6g", False)
    assert by_line(deck)[7].resolved_name == "Valki, God of Lies // Tibalt, Cosmic Impostor"
    # Archidekt categories: ordinary tags keep the card in the deck, Maybeboard excludes it.
    assert by_line(deck)[9].name == "Izzet Charm" and deck.main[-1].line == 9
    assert [(e.name, e.line) for e in deck.excluded] == [("Frantic Inventory", 10)]
    assert deck.main_count == 9


def test_split_mdfc_adventure_and_alchemy_names(catalog) -> None:
    deck = parse_fixture("split_mdfc_alchemy.txt", catalog)
    resolved = [(e.name, e.resolved_name) for e in deck.main]
    assert resolved == [
        ("Fire // Ice", "Fire // Ice"),
        ("Fire/Ice", "Fire // Ice"),
        ("Wear // Tear", "Wear // Tear"),
        ("Commit // Memory", "Commit // Memory"),
        ("Brazen Borrower", "Brazen Borrower // Petty Theft"),
        ("Petty Theft", "Brazen Borrower // Petty Theft"),
        ("Sink into Stupor", "Sink into Stupor // Soporific Springs"),
        ("Sink into Stupor // Soporific Springs", "Sink into Stupor // Soporific Springs"),
        ("Kumano Faces Kakkazan // Etching of Kumano", "Kumano Faces Kakkazan // Etching of Kumano"),
        ("A-Heartfire Hero", "A-Heartfire Hero"),
        ("a-heartfire hero", "A-Heartfire Hero"),
        ("Delver of Secrets // Insectile Aberration", "Delver of Secrets // Insectile Aberration"),
        ("Insectile Aberration", "Delver of Secrets // Insectile Aberration"),
        ("Lim-Dul's Vault", "Lim-Dûl's Vault"),
        ("Aether Vial", "Aether Vial"),
    ]
    assert deck.main[0].card is not None and deck.main[0].card.layout == "split"


def test_commander_section_makes_a_commander_deck(catalog) -> None:
    deck = parse_fixture("commander_section.txt", catalog)
    assert [e.resolved_name for e in deck.commander] == ["Kinnan, Bonder Prodigy"]
    assert deck.main_count == 99
    assert deck.format == "commander"


def test_headerless_99_plus_1_puts_the_lone_legend_in_command(catalog) -> None:
    deck = parse_fixture("commander_99_plus_1.txt", catalog)
    assert [e.name for e in deck.commander] == ["Kinnan, Bonder Prodigy"]
    assert deck.commander[0].line == 14
    assert deck.side == []
    assert deck.main_count == 99
    assert deck.format == "commander"


def test_sixty_card_deck_with_one_sideboard_card_is_not_a_commander_deck(catalog) -> None:
    deck = parse_deck("4 Lightning Bolt\n56 Mountain\n\n1 Kinnan, Bonder Prodigy\n", catalog)
    assert deck.commander == []
    assert [e.name for e in deck.side] == ["Kinnan, Bonder Prodigy"]
    assert deck.format is None


def test_brawl_commander_with_sixty_cards(catalog) -> None:
    deck = parse_deck("Commander\n1 Kinnan, Bonder Prodigy\n\nDeck\n30 Island\n29 Forest\n", catalog)
    assert deck.format == "brawl"


def test_hundred_card_singleton_without_headers_is_commander(catalog) -> None:
    singles = ["Sol Ring", "Arcane Signet", "Command Tower", "Counterspell", "Opt"]
    text = "\n".join(f"1 {name}" for name in singles) + "\n50 Island\n45 Forest\n"
    assert parse_deck(text, catalog).format == "commander"
    # A playset breaks singleton: not obviously Commander any more.
    text = text.replace("1 Opt", "4 Opt").replace("45 Forest", "42 Forest")
    assert parse_deck(text, catalog).format is None


def test_companion_after_the_sideboard(catalog) -> None:
    text = "Deck\n4 Monastery Swiftspear\n20 Mountain\n\nSideboard\n2 Abrade\n\nCompanion\n1 Jegantha, the Wellspring\n"
    deck = parse_deck(text, catalog)
    assert [e.resolved_name for e in deck.companion] == ["Jegantha, the Wellspring"]
    assert deck.companion[0].line == 9
    assert deck.side_count == 2 and deck.main_count == 24


def test_localized_headers_open_the_right_sections(catalog) -> None:
    text = "Commandant\n1 Kinnan, Bonder Prodigy\n\nDeck\n59 Island\n\nRéserve\n2 Negate\n"
    deck = parse_deck(text, catalog)
    assert [e.name for e in deck.commander] == ["Kinnan, Bonder Prodigy"]
    assert deck.main_count == 59 and deck.side_count == 2
    german = parse_deck("Kommandeur\n1 Kinnan, Bonder Prodigy\nDeck\n59 Island\n", catalog)
    assert german.commander[0].line == 2


@pytest.mark.parametrize("header", [
    "Sideboard", "SIDEBOARD:", "Sideboard (2)", "sideboard", "// Sideboard", "Side", "Side Board"])
def test_sideboard_header_spellings(catalog, header: str) -> None:
    deck = parse_deck(f"Deck\n4 Shock\n{header}\n2 Negate\n", catalog)
    assert [(e.name, e.line) for e in deck.side] == [("Negate", 4)]


def test_type_group_headers_keep_cards_in_the_main_deck(catalog) -> None:
    text = "Creatures (4)\n4 Monastery Swiftspear\n\nInstants (4)\n4 Shock\n\nLands (20)\n20 Mountain\n\nSideboard\n2 Negate\n"
    deck = parse_deck(text, catalog)
    assert deck.main_count == 28 and deck.side_count == 2


def test_maybeboard_cards_are_kept_apart(catalog) -> None:
    deck = parse_deck("Deck\n4 Shock\n\nMaybeboard\n1 Negate\n", catalog)
    assert deck.main_count == 4 and deck.side_count == 0
    assert [(e.name, e.line, e.resolved_name) for e in deck.excluded] == [("Negate", 5, "Negate")]


def test_trailing_whitespace_tabs_and_invisible_characters(catalog) -> None:
    deck = parse_deck("4 Lightning Bolt (M11) 149   \t\n4\u00a0Shock\u200b\n  20 Mountain\n", catalog)
    assert [(e.count, e.name, e.collector_number) for e in deck.main] == [
        (4, "Lightning Bolt", "149"), (4, "Shock", None), (20, "Mountain", None)]


def test_same_card_on_two_lines_keeps_both_entries(catalog) -> None:
    deck = parse_deck("2 Island (LTR) 264\n1 Island (LTR) 265\n", catalog)
    assert [(e.count, e.collector_number, e.line) for e in deck.main] == [(2, "264", 1), (1, "265", 2)]
    assert deck.main_count == 3


def test_set_code_in_lower_case_is_normalised(catalog) -> None:
    deck = parse_deck("1 Sol Ring (c21) 263\n", catalog)
    assert deck.main[0].set_code == "C21"


def test_about_block_without_deck_header(catalog) -> None:
    deck = parse_deck("About\nName Burn\n4 Lightning Bolt\n\n2 Negate\n", catalog)
    assert deck.name == "Burn"
    assert deck.main_count == 4 and deck.side_count == 2


def test_tappedout_commander_and_foil_markers(catalog) -> None:
    deck = parse_deck("1x Kinnan, Bonder Prodigy *CMDR*\n1x Sol Ring *f*\n1x Arcane Signet *f-etch*\n"
                      "40 Island\n57 Forest\n", catalog)
    assert [(e.name, e.foil) for e in deck.commander] == [("Kinnan, Bonder Prodigy", False)]
    assert [(e.name, e.foil) for e in deck.main[:2]] == [("Sol Ring", True), ("Arcane Signet", True)]
    assert deck.format == "commander"


def test_forge_dck(catalog) -> None:
    deck = parse_fixture("forge.dck", catalog)
    assert deck.name == "Forge Burn"
    assert [(e.count, e.name, e.set_code, e.line) for e in deck.main] == [
        (4, "Lightning Bolt", "M11", 6), (4, "Shock", "M20", 7),
        (4, "Monastery Swiftspear", None, 8), (20, "Mountain", "DMU", 9)]
    assert [(e.count, e.name, e.set_code) for e in deck.side] == [(2, "Negate", "M20")]


def test_xmage_and_mws_printing_first(catalog) -> None:
    deck = parse_fixture("xmage.dck", catalog)
    assert deck.name == "XMage Burn"
    assert [(e.count, e.name, e.set_code, e.collector_number) for e in deck.main] == [
        (4, "Lightning Bolt", "M11", "149"), (4, "Shock", "M20", "160"),
        (4, "Monastery Swiftspear", "KTK", None), (20, "Mountain", "DMU", "271")]
    assert [(e.count, e.name, e.set_code, e.line) for e in deck.side] == [
        (2, "Negate", "M20", 6), (1, "Opt", "M21", 7)]
