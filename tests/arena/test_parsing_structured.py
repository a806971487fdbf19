"""MTGO .dek XML and JSON decks (plain lists, section objects, Moxfield/Archidekt/Scryfall)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from arena.errors import DeckParseError, DeckTooLargeError
from arena.parsing import parse_deck

FIXTURES = Path(__file__).parent / "fixtures"


def parse_fixture(name: str, catalog):
    return parse_deck((FIXTURES / name).read_bytes(), catalog, filename=name)


# ---------------------------------------------------------------- MTGO .dek


def test_dek_with_split_names_and_sideboard(catalog) -> None:
    deck = parse_fixture("mtgo_split.dek", catalog)
    assert deck.source_format == "mtgo_dek"
    assert [(e.count, e.name, e.resolved_name, e.line) for e in deck.main] == [
        (4, "Lightning Bolt", "Lightning Bolt", 5),
        (2, "Fire/Ice", "Fire // Ice", 6),
        (20, "Mountain", "Mountain", 7)]
    assert [(e.count, e.resolved_name, e.line) for e in deck.side] == [
        (3, "Wear // Tear", 8), (2, "Negate", 9)]


def test_dek_problems_name_their_element_lines(catalog) -> None:
    text = ('<Deck>\n'
            '  <Cards CatID="1" Quantity="four" Sideboard="false" Name="Shock" />\n'
            '  <Cards CatID="2" Quantity="1" Sideboard="maybe" Name="Negate" />\n'
            '  <Cards CatID="3" Quantity="1" Sideboard="false" />\n'
            '  <Cards CatID="4" Quantity="2" Sideboard="false" Name="Lightnig Bolt" />\n'
            '  <Cards CatID="5" Sideboard="false" Name="Opt" />\n'
            '</Deck>\n')
    with pytest.raises(DeckParseError) as caught:
        parse_deck(text, catalog)
    got = {p.line: p.reason for p in caught.value.problems}
    assert got == {
        2: "count 'four' is not a whole number",
        3: "Sideboard must be true or false, not 'maybe'",
        4: "no Name attribute (CatID 3 alone cannot be looked up offline)",
        5: "unknown card",
        6: "count missing (no Quantity attribute)",
    }
    assert caught.value.problems[3].suggestions[0] == "Lightning Bolt"


def test_malformed_xml_reports_its_line(catalog) -> None:
    with pytest.raises(DeckParseError) as caught:
        parse_deck('<Deck>\n  <Cards Quantity="4" Name="Shock"\n</Deck>\n', catalog)
    [problem] = caught.value.problems
    assert problem.line == 3
    assert problem.reason.startswith("malformed XML:")


def test_xml_that_is_not_a_deck(catalog) -> None:
    with pytest.raises(DeckParseError) as caught:
        parse_deck('<html><body>hello</body></html>', catalog)
    assert caught.value.problems[0].reason == "not an MTGO deck: the root element is <html>, not <Deck>"


def test_xml_entity_declarations_are_refused(catalog) -> None:
    text = ('<?xml version="1.0"?>\n<!DOCTYPE Deck [<!ENTITY a "aaaaaaaaaa">]>\n'
            '<Deck><Cards Quantity="1" Sideboard="false" Name="&a;" /></Deck>\n')
    with pytest.raises(DeckParseError) as caught:
        parse_deck(text, catalog)
    assert caught.value.problems[0].reason == "XML entity declarations are not allowed in a deck file"


# ---------------------------------------------------------------- JSON


def test_json_list_of_objects_and_strings(catalog) -> None:
    deck = parse_fixture("json_list.json", catalog)
    assert deck.source_format == "json"
    assert [(e.count, e.name, e.set_code, e.collector_number, e.line) for e in deck.main] == [
        (4, "Lightning Bolt", "M11", "149", 2),
        (4, "Monastery Swiftspear", None, None, 3),
        (20, "Mountain", None, None, 4),
        (2, "Negate", "M20", "69", 6)]
    assert [(e.count, e.name, e.line) for e in deck.side] == [(3, "Abrade", 5)]


def test_json_section_object(catalog) -> None:
    deck = parse_fixture("json_sections.json", catalog)
    assert deck.name == "Izzet Sections"
    assert deck.format == "pioneer"
    assert [e.resolved_name for e in deck.companion] == ["Jegantha, the Wellspring"]
    assert deck.main_count == 30
    assert [e.name for e in deck.main] == ["Delver of Secrets", "Consider", "Fire // Ice", "Island", "Mountain"]
    assert deck.main[4].foil is True
    assert deck.side_count == 3
    assert [e.name for e in deck.excluded] == ["Memory Deluge"]
    assert deck.main[0].line == 7 and deck.main[2].line == 9


def test_moxfield_boards(catalog) -> None:
    deck = parse_fixture("json_moxfield.json", catalog)
    assert deck.name == "Kinnan Ramp" and deck.format == "commander"
    [kinnan] = deck.commander
    assert (kinnan.name, kinnan.set_code, kinnan.collector_number, kinnan.foil) == (
        "Kinnan, Bonder Prodigy", "IKO", "192", True)
    assert kinnan.line == 9  # where its entry object starts
    assert [(e.count, e.name, e.foil) for e in deck.main] == [(1, "Sol Ring", False), (2, "Island", False)]
    assert [e.name for e in deck.excluded] == ["Counterspell"]


def test_archidekt_categories(catalog) -> None:
    deck = parse_fixture("json_archidekt.json", catalog)
    assert [(e.count, e.name, e.set_code, e.collector_number) for e in deck.main] == [
        (4, "Lightning Bolt", "M11", "149"), (18, "Mountain", None, None)]
    assert [(e.name, e.foil) for e in deck.side] == [("Negate", True)]
    assert [e.name for e in deck.excluded] == ["Memory Deluge"]


def test_scryfall_deck_entries(catalog) -> None:
    deck = parse_fixture("json_scryfall.json", catalog)
    assert deck.name == "Scryfall Export"
    assert [(e.count, e.name, e.set_code) for e in deck.main] == [(4, "Lightning Bolt", "M11"), (20, "Mountain", "DMU")]
    assert [e.name for e in deck.side] == ["Abrade"]


def test_json_name_to_count_mapping(catalog) -> None:
    deck = parse_deck('{"mainboard": {"Lightning Bolt": 4, "Mountain": 20}, "sideboard": {"Negate": 2}}', catalog)
    assert [(e.count, e.name, e.line) for e in deck.main] == [(4, "Lightning Bolt", 1), (20, "Mountain", 1)]
    assert deck.side_count == 2


def test_json_problems(catalog) -> None:
    text = json.dumps({"main": [
        {"count": 4, "name": "Lightning Bolt"},
        {"count": "many", "name": "Shock"},
        {"count": 2},
        {"count": 2, "name": "Lightnig Bolt"},
        "0 Negate",
        "Opt",
        17,
    ]}, indent=2)
    with pytest.raises(DeckParseError) as caught:
        parse_deck(text, catalog)
    problems = caught.value.problems
    reasons = [(p.line, p.reason) for p in problems]
    assert reasons == [
        (7, "count 'many' is not a whole number"),
        (11, "no card name in this entry"),
        (14, "unknown card"),
        (18, "count is zero"),
        (19, "count missing (write it as '1 Opt')"),
        (20, "malformed entry: expected an object or a '4 Name' string"),
    ]
    assert problems[1].text == '$.main[2]: {"count": 2}'
    assert problems[5].text == "$.main[6]: 17"
    assert problems[2].text == '$.main[3]: {"count": 2, "name": "Lightnig Bolt"}'
    assert problems[2].suggestions[0] == "Lightning Bolt"


def test_malformed_json_reports_line_and_column(catalog) -> None:
    with pytest.raises(DeckParseError) as caught:
        parse_deck('{\n  "main": [\n    "4 Shock",\n  ]\n}\n', catalog)
    [problem] = caught.value.problems
    assert problem.line == 4
    assert problem.reason.startswith("malformed JSON: ")
    assert "(column 3)" in problem.reason


def test_json_without_sections_says_what_it_found(catalog) -> None:
    with pytest.raises(DeckParseError) as caught:
        parse_deck('{"id": 1, "title": "x", "owner": "me"}', catalog)
    reason = caught.value.problems[0].reason
    assert reason.startswith("no deck sections found (a JSON deck is a list of cards or an object")
    assert reason.endswith("found: id, title, owner)")


def test_json_scalar_is_not_a_deck(catalog) -> None:
    with pytest.raises(DeckParseError) as caught:
        parse_deck("[4]", catalog, filename="deck.json")
    assert caught.value.problems[0].reason == "malformed entry: expected an object or a '4 Name' string"


def test_json_with_too_many_entries_is_refused(catalog) -> None:
    text = json.dumps(["1 Island"] * 2001)
    with pytest.raises(DeckTooLargeError) as caught:
        parse_deck(text, catalog)
    assert (caught.value.limit, caught.value.unit, caught.value.actual) == (2000, "entries", 2001)
    assert "the limit is 2,000 entries" in str(caught.value)


def test_lone_commander_as_a_string_or_an_object(catalog) -> None:
    deck = parse_deck('{"commander": "Kinnan, Bonder Prodigy", "companion": {"name": "Jegantha, the Wellspring"},'
                      ' "main": ["59 Island"]}', catalog)
    assert [(e.count, e.resolved_name) for e in deck.commander] == [(1, "Kinnan, Bonder Prodigy")]
    assert [(e.count, e.resolved_name) for e in deck.companion] == [(1, "Jegantha, the Wellspring")]
    assert deck.format == "brawl"
    with pytest.raises(DeckParseError) as caught:
        parse_deck('{"main": "Opt"}', catalog)
    assert caught.value.problems[0].reason == "count missing (write it as '1 Opt')"
