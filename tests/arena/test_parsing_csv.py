"""CSV exports: delimiters, header synonyms, boards, finishes, tokens, missing columns."""

from __future__ import annotations

from pathlib import Path

import pytest

from arena.errors import DeckParseError
from arena.parsing import parse_deck

FIXTURES = Path(__file__).parent / "fixtures"


def parse_fixture(name: str, catalog):
    return parse_deck((FIXTURES / name).read_bytes(), catalog, filename=name)


def test_board_column_commander_side_and_maybeboard(catalog) -> None:
    deck = parse_fixture("csv_board_column.csv", catalog)
    assert deck.source_format == "csv"
    assert [(e.name, e.set_code, e.collector_number, e.foil, e.line) for e in deck.commander] == [
        ("Kinnan, Bonder Prodigy", "IKO", "192", True, 2)]
    assert [(e.name, e.foil) for e in deck.main] == [
        ("Sol Ring", False), ("Arcane Signet", True),
        ("Fable of the Mirror-Breaker // Reflection of Kiki-Jiki", False), ("Island", False)]
    assert deck.main_count == 43
    assert [(e.count, e.name, e.line) for e in deck.side] == [(2, "Negate", 7)]
    assert [e.name for e in deck.excluded] == ["Frantic Inventory"]
    assert deck.format == "commander"


def test_semicolon_delimiter_and_qty_card_name_synonyms(catalog) -> None:
    deck = parse_fixture("csv_semicolon.csv", catalog)
    assert [(e.count, e.name, e.set_code, e.collector_number, e.foil) for e in deck.main] == [
        (4, "Lightning Bolt", "M11", "149", False),
        (4, "Monastery Swiftspear", "KTK", "118", True),
        (20, "Mountain", "DMU", "271", False)]
    assert [(e.count, e.name, e.line) for e in deck.side] == [(3, "Abrade", 5)]


def test_tab_delimiter_and_boolean_sideboard(catalog) -> None:
    deck = parse_fixture("csv_tab.tsv", catalog)
    assert deck.main_count == 10
    assert [(e.name, e.set_code) for e in deck.side] == [("Negate", "M20")]
    assert deck.main[2].resolved_name == "Fire // Ice"


def test_dragon_shield_sep_line_decides_the_delimiter(catalog) -> None:
    deck = parse_fixture("csv_sep_line.csv", catalog)
    assert [(e.count, e.name, e.set_code, e.collector_number, e.foil, e.line) for e in deck.main] == [
        (4, "Lightning Bolt", "M11", "149", False, 3),
        (2, "Brazen Borrower // Petty Theft", "ELD", "39", True, 4),
        (1, "Delver of Secrets", "ISD", "51", False, 5)]
    # "Trade Quantity" must not be mistaken for the count column.
    assert deck.main_count == 7


def test_multiverse_id_csv(catalog) -> None:
    deck = parse_fixture("csv_multiverse.csv", catalog)
    assert [(e.count, e.resolved_name, e.set_code) for e in deck.main] == [
        (4, "Lightning Bolt", "M11"), (2, "Counterspell", "4ED"), (3, "Shock", "M10")]


def test_every_bad_row_is_reported_with_its_line(catalog) -> None:
    with pytest.raises(DeckParseError) as caught:
        parse_fixture("csv_errors.csv", catalog)
    err = caught.value
    assert err.source_format == "csv"
    got = {p.line: p for p in err.problems}
    assert sorted(got) == [3, 4, 5, 6, 8]  # row 7 is a Clue token: skipped, not a problem
    assert got[3].reason == "count 'abc' is not a whole number"
    assert got[3].text == "abc,Shock,M20,Core Set 2020,160"
    assert got[4].reason == "count is zero"
    assert got[5].reason == "no card name"
    assert got[6].reason == "unknown card"
    assert got[6].suggestions[0] == "Lightning Bolt"
    assert got[8].reason == "count 999 is absurd (at most 250 copies on one line)"
    assert "line 6: unknown card: '2,Lightnig Bolt,M11,Magic 2011,149'. Did you mean: Lightning Bolt" in str(err)


def test_set_column_holding_set_names_is_not_taken_for_codes(catalog) -> None:
    text = "Count,Name,Edition\n2,Shock,Core Set 2020\n1,Negate,Magic 2012\n"
    deck = parse_deck(text, catalog)
    assert [(e.name, e.set_code) for e in deck.main] == [("Shock", None), ("Negate", None)]
    coded = parse_deck("Count,Name,Edition\n2,Shock,m20\n", catalog)
    assert coded.main[0].set_code == "M20"


def test_mtgo_collector_number_and_premium(catalog) -> None:
    text = ("Card Name,Quantity,ID #,Rarity,Set,Collector #,Premium,Sideboarded,Annotation\n"
            '"Dark Ritual",4,6893,Common,MI,116/350,Yes,No,0\n'
            '"Stone Rain",2,7333,Common,MI,194/350,No,Yes,0\n')
    deck = parse_deck(text, catalog)
    assert [(e.name, e.set_code, e.collector_number, e.foil) for e in deck.main] == [
        ("Dark Ritual", "MI", "116", True)]
    assert [(e.name, e.line) for e in deck.side] == [("Stone Rain", 3)]


def test_rows_without_a_count_column_count_one_each(catalog) -> None:
    deck = parse_deck("Name,Set\nShock,M20\nShock,M21\n", catalog)
    assert deck.main_count == 2


def test_quoted_names_with_commas_and_uppercase_headers(catalog) -> None:
    text = 'QUANTITY,"NAME",SETCODE,"COLLECTOR NUMBER",FINISH\n1,"Kinnan, Bonder Prodigy",iko,192,nonfoil\n'
    deck = parse_deck(text, catalog)
    entry = deck.main[0]
    assert (entry.name, entry.set_code, entry.collector_number, entry.foil) == (
        "Kinnan, Bonder Prodigy", "IKO", "192", False)


def test_csv_without_a_name_column_fails_precisely(catalog) -> None:
    with pytest.raises(DeckParseError) as caught:
        parse_deck("idProduct;groupCount;price\n743311;1;2.00\n", catalog, filename="stock.csv")
    [problem] = caught.value.problems
    assert problem.line == 1
    assert problem.reason.startswith("no card-name column (expected Name, Card or Card Name; "
                                     "found: idProduct, groupCount, price)")
    assert "Cardmarket product-id export" in problem.reason


def test_blank_rows_are_not_cards_and_lines_stay_right(catalog) -> None:
    deck = parse_deck("Count,Name\n\n4,Shock\n\n2,Negate\n", catalog)
    assert [(e.name, e.line) for e in deck.main] == [("Shock", 3), ("Negate", 5)]


def test_header_only_csv_is_an_empty_deck(catalog) -> None:
    with pytest.raises(DeckParseError) as caught:
        parse_deck("Count,Name,Set\n", catalog)
    assert caught.value.problems[0].reason == "no card lines in 1 line of input"


def test_excel_unicode_text_export_utf16_tab_separated(catalog) -> None:
    text = (FIXTURES / "csv_tab.tsv").read_text(encoding="utf-8").replace("\n", "\r\n")
    deck = parse_deck(text.encode("utf-16"), catalog)  # what Excel's "Unicode Text" writes
    assert deck.source_format == "csv"
    assert (deck.main_count, deck.side_count) == (10, 2)


def test_windows_1252_csv_with_accents(catalog) -> None:
    data = "Count,Name\n1,Lim-Dûl's Vault\n2,Æther Vial\n".encode("cp1252")
    deck = parse_deck(data, catalog)
    assert [e.resolved_name for e in deck.main] == ["Lim-Dûl's Vault", "Aether Vial"]
