"""Companion conditions on real cards: each expectation read from the card's cost and type by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from arena.analysis import analyze
from arena.analysis.companion import Entry, check_companion
from arena.catalog import Catalog
from arena.parsing import parse_deck


def _check(catalog: Catalog, companion: str, *cards: tuple[int, str], size: int = 60, minimum: int = 60):  # type: ignore[no-untyped-def]
    entries = [Entry(catalog.get(name), n) for n, name in cards]  # type: ignore[arg-type]
    comp = catalog.get(companion)
    assert comp is not None
    return check_companion(comp, entries, size=size, minimum=minimum)


@pytest.mark.parametrize(("companion", "cards", "breaks"), [
    # Lurrus: permanents at mana value 2 or less; instants and lands do not count.
    ("Lurrus of the Dream-Den", [(4, "Llanowar Elves"), (4, "Counterspell"), (4, "Skyclave Apparition"), (20, "Forest")],
     ["Skyclave Apparition"]),  # {1}{W}{W}: a 3-mana creature
    # Jegantha: no repeated symbol in one cost; {U}{U} and {1}{W}{W} repeat, {R}{W} does not.
    ("Jegantha, the Wellspring", [(4, "Counterspell"), (4, "Boros Charm"), (4, "Skyclave Apparition")],
     ["Counterspell", "Skyclave Apparition"]),
    # Kaheera: creatures must be Cat, Elemental, Nightmare, Dinosaur or Beast (Savai is an Elemental Cat).
    ("Kaheera, the Orphanguard", [(4, "Savai Thundermane"), (4, "Llanowar Elves"), (4, "Lightning Bolt")],
     ["Llanowar Elves"]),
    # Keruga: mana value 3 or more, lands exempt.
    ("Keruga, the Macrosage", [(4, "Skyclave Apparition"), (4, "Lightning Bolt"), (20, "Island")], ["Lightning Bolt"]),
    # Lutri: no nonland card twice; basics may repeat.
    ("Lutri, the Spellchaser", [(1, "Counterspell"), (2, "Lightning Bolt"), (20, "Island")], ["Lightning Bolt"]),
    # Obosh: odd mana values, lands exempt (Pyroclasm is 2).
    ("Obosh, the Preypiercer", [(4, "Lightning Bolt"), (4, "Pyroclasm"), (20, "Mountain")], ["Pyroclasm"]),
    # Gyruda: even mana values only, and lands (0) are even; Sol Ring is 1.
    ("Gyruda, Doom of Depths", [(4, "Counterspell"), (1, "Sol Ring"), (20, "Island")], ["Sol Ring"]),
    # Umori: every nonland card shares a type: Ornithopter is an artifact creature, Sol Ring an artifact.
    ("Umori, the Collector", [(4, "Ornithopter"), (1, "Sol Ring"), (20, "Island")], []),
])
def test_each_condition(catalog: Catalog, companion: str, cards: list[tuple[int, str]], breaks: list[str]) -> None:
    check = _check(catalog, companion, *cards)
    assert check is not None
    assert (check.met, check.breaks) == (not breaks, sorted(breaks))


def test_yorion_wants_twenty_over_the_minimum(catalog: Catalog) -> None:
    assert _check(catalog, "Yorion, Sky Nomad", (20, "Island"), size=79).met is False  # type: ignore[union-attr]
    assert _check(catalog, "Yorion, Sky Nomad", (20, "Island"), size=80).met is True  # type: ignore[union-attr]


def test_a_real_deck_with_lurrus_and_three_drops(catalog: Catalog, realdata: Path) -> None:
    # The forge fixture's main deck holds Bonecrusher Giant ({2}{R} creature) and Hansk, Slayer
    # Zealot ({2}{R}{G} creature): both break Lurrus' rule; Valki ({1}{B}) and Delver ({U}) do not.
    deck = parse_deck((realdata / "decks/e2e_forge_about_companion_alchemy_izzet.txt").read_text("utf-8"), catalog)
    (check,) = analyze(deck, trials=10).companion_check
    assert check.companion == "Lurrus of the Dream-Den" and check.met is False
    assert check.breaks == ["Bonecrusher Giant // Stomp", "Hansk, Slayer Zealot"]
