"""Every way a deck can be refused: one error listing every bad line, and the size limits."""

from __future__ import annotations

import pytest

from arena.errors import DeckParseError, DeckTooLargeError
from arena.parsing import MAX_BYTES, MAX_LINES, parse_deck


def problems_of(text: str | bytes, catalog) -> dict[int, tuple[str, list[str]]]:
    with pytest.raises(DeckParseError) as caught:
        parse_deck(text, catalog)
    return {p.line: (p.reason, p.suggestions) for p in caught.value.problems}


def test_one_error_lists_every_bad_line_in_order(catalog) -> None:
    text = "\n".join([
        "Deck",                                 # 1
        "4 Lightning Bolt",                     # 2 fine
        "Lightning Bolt",                       # 3 count missing
        "0 Shock",                              # 4 zero
        "300 Mountain",                         # 5 absurd
        "4",                                    # 6 count without a name
        "4 (M11) 149",                          # 7 no name before the set
        "4 Shock *X*",                          # 8 unknown marker
        "2 Lightnig Bolt",                      # 9 unknown card, with suggestions
        "Sidebaord",                            # 10 misspelt header
        "My cool deck!!",                       # 11 neither card nor header
        "1 Clue",                               # 12 a token: skipped with a note, not a problem
        "2 Opt",                                # 13 fine
    ])
    with pytest.raises(DeckParseError) as caught:
        parse_deck(text, catalog)
    err = caught.value
    assert err.source_format == "arena"
    got = {p.line: (p.text, p.reason, p.suggestions) for p in err.problems}
    assert [p.line for p in err.problems] == [3, 4, 5, 6, 7, 8, 9, 10, 11]
    assert got[3] == ("Lightning Bolt", "count missing (write it as '1 Lightning Bolt')", ["Lightning Bolt"])
    assert got[4][1:] == ("count is zero", [])
    assert got[5][1:] == ("count 300 is absurd (at most 250 copies on one line)", [])
    assert got[6][1:] == ("malformed line: a count but no card name", [])
    assert got[7][1:] == ("malformed line: no card name before the set code", [])
    assert got[8][1] == "unknown marker '*X*' (expected *F* for foil, *E* for etched or *CMDR* for the commander)"
    assert got[9][0] == "2 Lightnig Bolt"
    assert got[9][1] == "unknown card"
    assert got[9][2][0] == "Lightning Bolt" and len(got[9][2]) <= 3
    assert got[10][1:] == ("unknown section header", ["Sideboard"])
    assert got[11][1] == "not a card line (expected '<count> <card name>') nor a known section header"
    message = str(err)
    assert message.startswith("The deck has 9 problems:\n")
    assert "line 9: unknown card: '2 Lightnig Bolt'. Did you mean: Lightning Bolt" in message
    assert "line 3: count missing" in message


def test_unknown_card_and_bad_count_on_one_line_are_both_said(catalog) -> None:
    got = problems_of("0 Lightnig Bolt\n4 Shock\n", catalog)
    reason, suggestions = got[1]
    assert reason == "count is zero; unknown card"
    assert suggestions[0] == "Lightning Bolt"


def test_about_block_accepts_only_the_name(catalog) -> None:
    got = problems_of("About\nName Burn\nFormat Standard\n\nDeck\n4 Shock\n", catalog)
    assert got == {3: ("unknown line in the About block (Arena writes only 'Name <deck name>')", [])}


def test_localized_basics_suggest_the_english_land(catalog) -> None:
    got = problems_of("Deck\n20 Wald\n4 Llanowar Elves\n", catalog)
    assert got[2] == ("unknown card: 'Wald' is the German name of Forest; the catalog knows "
                      "English card names only", ["Forest"])


@pytest.mark.parametrize(("text", "reason"), [
    ("", "the input is empty"),
    ("\n\n   \n", "no card lines in 3 lines of input"),
    ("// just a comment\n# another\n", "no card lines in 2 lines of input"),
    ("Deck\nSideboard\n", "no card lines in 2 lines of input"),
])
def test_input_without_cards_is_an_error(catalog, text: str, reason: str) -> None:
    assert problems_of(text, catalog) == {1: (reason, [])}


def test_sideboard_only_deck_is_an_error(catalog) -> None:
    got = problems_of("Sideboard\n2 Negate\n", catalog)
    assert got == {2: ("the main deck is empty (cards only in: side)", [])}


def test_binary_input_is_refused(catalog) -> None:
    got = problems_of(b"4 Shock\n\x00\x01\x02\x03PNG", catalog)
    assert got == {2: ("this is a binary file, not a deck list", [])}


def test_windows_1252_bytes_are_read(catalog) -> None:
    deck = parse_deck("4 Lim-Dûl's Vault\n".encode("cp1252"), catalog)
    assert deck.main[0].resolved_name == "Lim-Dûl's Vault"


# ---------------------------------------------------------------- limits


def test_more_than_2000_lines_is_refused_up_front(catalog) -> None:
    text = "1 Island\n" * (MAX_LINES + 1)
    with pytest.raises(DeckTooLargeError) as caught:
        parse_deck(text, catalog)
    err = caught.value
    assert (err.limit, err.unit, err.actual) == (2000, "lines", 2001)
    assert str(err).startswith("The deck input has 2,001 lines; the limit is 2,000 lines.")


def test_exactly_2000_lines_is_accepted(catalog) -> None:
    deck = parse_deck("1 Island\n" * MAX_LINES, catalog)
    assert deck.main_count == 2000
    assert deck.main[-1].line == 2000


def test_more_than_1_mb_of_bytes_is_refused_up_front(catalog) -> None:
    data = b"1 Island" + b" " * (MAX_BYTES - 7)
    with pytest.raises(DeckTooLargeError) as caught:
        parse_deck(data, catalog)
    err = caught.value
    assert (err.limit, err.unit, err.actual) == (1_048_576, "bytes", 1_048_577)
    assert str(err) == "The deck input is 1,048,577 bytes; the limit is 1,048,576 bytes (1 MB)."


def test_exactly_1_mb_is_accepted(catalog) -> None:
    deck = parse_deck(b"1 Island" + b" " * (MAX_BYTES - 8), catalog)
    assert deck.main_count == 1


def test_text_is_measured_in_utf8_bytes_not_characters(catalog) -> None:
    text = "1 Island " + "é" * 600_000  # 600,000 characters, 1.2 MB as UTF-8
    with pytest.raises(DeckTooLargeError) as caught:
        parse_deck(text, catalog)
    assert caught.value.actual == 9 + 1_200_000


def test_line_without_count_but_with_a_printing(catalog) -> None:
    got = problems_of("4 Shock\nLightning Bolt (M11) 149 *F*\n", catalog)
    assert got == {2: ("count missing (write it as '1 Lightning Bolt')", ["Lightning Bolt"])}


def test_log_pasted_after_a_few_lines_names_the_log_line(catalog) -> None:
    text = "hello\r\n\r\n[UnityCrossThreadLogger]11/24/2018 12:39:03 AM\r\n<== Deck.GetDeckLists(9)\r\n"
    got = problems_of(text, catalog)
    assert list(got) == [3]
    assert got[3][0].startswith("this is an MTG Arena log, not a deck list")


def test_a_token_row_is_skipped_with_a_note_and_the_deck_still_parses(catalog) -> None:
    deck = parse_deck("Deck\n4 Lightning Bolt\n1 Clue\n56 Mountain\n", catalog)
    assert deck.main_count == 60
    assert [(s.line, s.text, s.reason) for s in deck.skipped] == [
        (3, "1 Clue", "not a card: 'Clue' is a predefined token, not a card you can put in a deck")]


def test_suggestions_only_when_a_misspelling_or_a_shortening_explains_them(catalog) -> None:
    from arena.parsing.resolve import is_close

    # The fuzzy search scores a made-up name 86 against the 141-character Un-card name.
    long_name = ("Our Market Research Shows That Players Like Really Long Card Names So We Made this "
                 "Card to Have the Absolute Longest Card Name Ever Elemental")
    assert not is_close("Blorgle the Magnificent", long_name)
    assert not is_close("Blitzschlag", "Blitz Leech") and not is_close("Mountian", "Mountain Titan")
    assert is_close("Mountian", "Mountain") and is_close("Lightnin Bolt", "Lightning Bolt")
    assert is_close("Sheoldred", "Sheoldred, the Apocalypse")
    assert is_close("Valki, Gott der Lügen", "Valki, God of Lies // Tibalt, Cosmic Impostor")
    with pytest.raises(DeckParseError) as caught:
        parse_deck("Deck\n4 Blorgle the Magnificent\n56 Mountain\n", catalog)
    assert caught.value.problems[0].suggestions == []
