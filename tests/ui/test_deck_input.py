"""Which part of a chat message is the deck, and which uploads can be read as one."""

from __future__ import annotations

from pathlib import Path

import pytest

from ui.deck_input import (
    DEFAULT_DECK_QUESTION,
    MIN_CARD_LINES,
    DeckFileError,
    prepare_message,
    read_deck_file,
    split_deck,
)


def test_question_around_a_real_arena_export_is_split_off(realdata: Path) -> None:
    deck = (realdata / "decks" / "deckview_originalsixty_explorer.txt").read_text()
    split = split_deck(f"what's wrong with my mana?\n\n{deck}\n\nthanks")
    assert split.question == "what's wrong with my mana?\n\nthanks"
    assert split.deck is not None
    assert split.deck.splitlines()[0] == "Deck"
    assert split.deck.splitlines()[-1] == "1 Depopulate (SNC) 10"
    assert split.card_lines == 35


def test_about_block_and_sideboard_stay_with_the_deck() -> None:
    text = "About\nName Izzet Prowess\n\nDeck\n" + "\n".join(f"4 Card {i}" for i in range(6)) + "\n\nSideboard\n2 Shock"
    split = split_deck(text)
    assert split.question == ""
    assert split.deck == text


def test_headerless_list_with_blank_line_sideboard(realdata: Path) -> None:
    deck = (realdata / "decks" / "phdesign_arena_legacy_noheader_blankline_sb.txt").read_text()
    split = split_deck(deck + "\nhow many lands should I play?")
    assert split.question == "how many lands should I play?"
    assert split.deck == deck.strip("\n")


def test_a_malformed_line_inside_the_list_stays_in_the_deck() -> None:
    lines = [f"{n} Card {n}" for n in range(1, 4)] + ["Lightning Bolt, four of them"] + ["2 Shock", "3 Opt"]
    split = split_deck("\n".join(lines))
    assert split.deck is not None and "Lightning Bolt, four of them" in split.deck
    assert split.question == ""


def test_a_question_mentioning_counts_is_not_a_deck() -> None:
    text = "Is 4 Shock better than 2 Play with Fire?\nOr 3 Burst Lightning?"
    split = split_deck(text)
    assert split.deck is None
    assert split.question == text
    assert MIN_CARD_LINES > 2


def test_read_deck_file_accepts_arena_csv_and_dek(realdata: Path) -> None:
    for path in [
        realdata / "decks" / "m0cchi_deck001_standard_noset.txt",
        realdata / "csv" / "mtgcsvhelper__moxfield-real-export.csv",
        *sorted((realdata / "mtgo").glob("*.dek"))[:1],
    ]:
        text = read_deck_file(path, max_bytes=1_000_000)
        assert text.strip(), path


def test_read_deck_file_errors_name_the_file(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("4 Mountain\n" * 200)
    with pytest.raises(DeckFileError, match=r"big\.txt: 2,200 bytes is larger than the 100-byte limit"):
        read_deck_file(big, max_bytes=100)
    image = tmp_path / "deck.png"
    image.write_bytes(b"\x89PNG")
    with pytest.raises(DeckFileError, match=r"deck\.png: not a deck file"):
        read_deck_file(image, max_bytes=100)
    empty = tmp_path / "empty.csv"
    empty.write_text("  \n")
    with pytest.raises(DeckFileError, match=r"empty\.csv: the file is empty"):
        read_deck_file(empty, max_bytes=100)


def test_read_deck_file_decodes_windows_text(tmp_path: Path) -> None:
    path = tmp_path / "deck.txt"
    path.write_bytes("4 Séance\r\n".encode("cp1252"))
    assert read_deck_file(path, max_bytes=100) == "4 Séance\r\n"


def test_prepare_message_names_the_deck_and_refuses_ambiguity(tmp_path: Path) -> None:
    deck = "About\nName Mono Red\n\nDeck\n" + "\n".join(f"4 Card {i}" for i in range(6))
    out = prepare_message(deck, [], max_bytes=10_000)
    assert (out.question, out.deck, out.label, out.card_lines) == (DEFAULT_DECK_QUESTION, deck, "Mono Red", 6)
    assert prepare_message("mana?", [], max_bytes=10).deck is None

    file = tmp_path / "list.txt"
    file.write_text("\n".join(f"4 Card {i}" for i in range(6)))
    out = prepare_message("how many lands?", [str(file)], max_bytes=10_000)
    assert (out.question, out.label) == ("how many lands?", "list.txt")
    with pytest.raises(DeckFileError, match="pasted a deck and attached one too"):
        prepare_message(deck, [str(file)], max_bytes=10_000)
    with pytest.raises(DeckFileError, match=r"one deck at a time; I got 2 files \(list\.txt, list\.txt\)"):
        prepare_message("", [str(file), str(file)], max_bytes=10_000)
    with pytest.raises(DeckFileError, match=r"That deck is too long \(\d+ bytes; the limit is 20\)"):
        prepare_message(deck, [], max_bytes=20)


def test_a_short_list_under_a_section_header_is_a_deck() -> None:
    # A 24-card list with a Companion: few lines, but a deck's structure.
    text = "what do you think?\nCompanion\n1 Jegantha, the Wellspring\n\nDeck\n20 Mountain\n4 Lightning Bolt"
    split = split_deck(text)
    assert split.deck is not None and split.deck.startswith("Companion") and split.question == "what do you think?"
    # Without a header, a question that names counts stays a question.
    assert split_deck("is 4 Shock better than 2 Play with Fire?").deck is None


@pytest.mark.parametrize(("export", "rows"), [
    ("mtgcsvhelper__manabox-real-export.csv", 42),
    ("mtgcsvhelper__dragonshield-real-export.csv", 42),  # a "sep=," line, then the header
    ("mtgcsvhelper__archidekt-real-export.csv", None),
])
def test_a_pasted_csv_export_is_the_deck(realdata: Path, export: str, rows: int | None) -> None:
    text = (realdata / "csv" / export).read_text(encoding="utf-8-sig").strip("\n")
    lines = text.splitlines()
    out = prepare_message(f"what do you think of this?\n{text}\n\nthanks", [], max_bytes=1_000_000)
    assert out.deck == text and out.filename == "pasted.csv"
    assert out.question == "what do you think of this?\n\nthanks"
    # Rows counted by hand: every line after the header (and the "sep=," line).
    assert out.card_lines == (rows if rows is not None else len(lines) - 1)


def test_words_about_csv_are_not_a_deck() -> None:
    assert split_deck("what does count,name mean in a csv export?").deck is None
