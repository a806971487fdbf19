"""Counting questions and names as players write them, on the example decks (hand counts)."""

from __future__ import annotations

from pathlib import Path

import pytest

from arena.deck_questions import UnknownCountError, count_cards, plural, singular
from arena.nicknames import find_in_deck
from arena.parsing import parse_deck

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def izzet(catalog):  # type: ignore[no-untyped-def]
    return parse_deck((EXAMPLES / "izzet_prowess.txt").read_text(encoding="utf-8"), catalog)


@pytest.fixture(scope="module")
def green(catalog):  # type: ignore[no-untyped-def]
    return parse_deck((EXAMPLES / "mono_green.txt").read_text(encoding="utf-8"), catalog)


@pytest.mark.parametrize(
    ("what", "total"),
    [
        ("creatures", 18),  # 4 Swiftspear, 4 Soul-Scar, 4 Sprite Dragon, 4 Shredder, 2 Stormwing
        ("instants", 22),
        ("lands", 20),
        ("1 drops", 28),
        ("two drops", 10),  # Sprite Dragon 4, Ledger Shredder 4, Lightning Strike 2
        ("cards that cost 2 or less", 38),
        ("cards with flying", 10),
        ("flyers", 10),
        ("haste creatures", 8),
        ("red creatures", 12),  # Swiftspear, Soul-Scar, Sprite Dragon
        ("multicolored cards", 4),
        ("removal", 10),  # Play with Fire 4, Spikefield Hazard 4, Lightning Strike 2
        ("counterspells", 0),
        ("swamps", 0),
        ("", 60),
        ('cards that say "draw a card"', 8),  # Consider, Opt
    ],
)
def test_counts_on_izzet(izzet, what: str, total: int) -> None:  # type: ignore[no-untyped-def]
    assert count_cards(izzet, what).total == total


def test_sideboard_counts_and_named_cards(izzet, green) -> None:  # type: ignore[no-untyped-def]
    assert count_cards(izzet, "counterspells", section="side").total == 5  # Negate 3, Disdainful Stroke 2
    assert count_cards(izzet, "", section="side").total == 9
    assert count_cards(green, card="Llanowar Elves").total == 4
    assert count_cards(green, "elves").total == 12  # Llanowar Elves, Pelt Collector, Steel Leaf Champion


def test_a_word_it_cannot_place_is_refused_not_counted_as_something_else(izzet) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UnknownCountError) as err:
        count_cards(izzet, "flibbertigibbets")
    assert err.value.words == ["flibbertigibbets"]


def test_plurals_both_ways() -> None:
    assert [singular(w) for w in ("elves", "sorceries", "swamps", "counterspells")] == ["elf", "sorcery", "swamp", "counterspell"]
    assert [plural(w) for w in ("creature", "sorcery", "Elf")] == ["creatures", "sorceries", "Elves"]


def test_names_as_players_write_them() -> None:
    deck = ["Ragavan, Nimble Pilferer", "Lightning Bolt", "Righteous Valkyrie", "Youthful Valkyrie",
            "Llanowar Elves", "Monastery Swiftspear"]
    assert [m.card for m in find_in_deck("odds i have ragavan in my opener", deck)] == ["Ragavan, Nimble Pilferer"]
    assert [m.card for m in find_in_deck("how many bolts", deck)] == ["Lightning Bolt"]
    assert [m.card for m in find_in_deck("is swiftspear good", deck)] == ["Monastery Swiftspear"]
    assert [m.card for m in find_in_deck("odds i draw ragavn", deck)] == ["Ragavan, Nimble Pilferer"]
    valkyrie = find_in_deck("how many valkyries", deck)
    assert {m.card for m in valkyrie} == {"Righteous Valkyrie", "Youthful Valkyrie"} and all(m.alternatives for m in valkyrie)
    assert find_in_deck("how many elves", deck, subtypes=frozenset({"elf"})) == []
