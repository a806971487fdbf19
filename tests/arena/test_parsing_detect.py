"""Format detection from content alone; a file name only settles what content leaves open."""

from __future__ import annotations

import pytest

from arena.parsing import FORMATS, detect_format


@pytest.mark.parametrize(("text", "expected"), [
    ("Deck\n4 Shock\n", "arena"),
    ("About\nName Burn\n\nDeck\n4 Shock\n", "arena"),
    ("\n\n4 Lightning Bolt (M11) 149\n", "arena"),
    ("4x Lightning Bolt\n", "arena"),
    ("1 Aragorn, the Uniter (LTR) 192\n1 Kinnan, Bonder Prodigy\n", "arena"),
    ("// Burn\n4 Shock\n", "arena"),
    ("SB: 2 Negate\n", "arena"),
    ("Commandant\n1 Niv-Mizzet Reborn\n", "arena"),
    ("Lightning Bolt\n", "arena"),
    ("Count,Name\n4,Shock\n", "csv"),
    ('"Count","Tradelist Count","Name"\n"1","1","Shock"\n', "csv"),
    ("Qty;Card Name\n4;Shock\n", "csv"),
    ("Quantity\tName\n4\tShock\n", "csv"),
    ('"sep=,"\nFolder Name,Quantity,Card Name\n', "csv"),
    ("idProduct;groupCount;price\n743311;1;2.00\n", "csv"),
    ('<?xml version="1.0"?>\n<Deck></Deck>', "mtgo_dek"),
    ('<Deck xmlns:xsd="x">\n  <Cards Quantity="1" Name="Shock" Sideboard="false"/>\n</Deck>', "mtgo_dek"),
    ('[{"count": 4, "name": "Shock"}]', "json"),
    ('\ufeff{\n "main": ["4 Shock"]\n}', "json"),
    ("", "arena"),
    ("[metadata]\nName=Burn\n[Main]\n4 Shock|M20\n", "arena"),
    ("NAME:Burn\n4 [M20:160] Shock\n", "arena"),
    ("[\n  4\n]", "json"),
    ("[]", "json"),
])
def test_detect_from_content(text: str, expected: str) -> None:
    assert detect_format(text) == expected
    assert expected in FORMATS


def test_content_beats_the_file_name() -> None:
    assert detect_format("4 Shock\n", filename="deck.csv") == "arena"
    assert detect_format("Count,Name\n4,Shock\n", filename="deck.txt") == "csv"


def test_file_name_settles_what_content_leaves_open() -> None:
    assert detect_format("Name\nShock\n", filename="cards.CSV") == "csv"
    assert detect_format("Name\nShock\n", filename="cards.txt") == "arena"
    assert detect_format("Name\nShock\n") == "arena"
