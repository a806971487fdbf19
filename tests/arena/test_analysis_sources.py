"""What lands make, read from real cards: basic types, Add text, fetches, pathways, MDFCs."""

from __future__ import annotations

import dataclasses

import pytest

from arena.analysis import analyze
from arena.analysis.cardfacts import modal_land
from arena.analysis.production import land_mana
from arena.catalog import Catalog
from arena.models import Card, Deck, DeckEntry
from arena.parsing import parse_deck


def _card(catalog: Catalog, name: str) -> Card:
    card = catalog.get(name)
    assert card is not None, name
    return card


@pytest.mark.parametrize(
    ("name", "colors", "kind", "tapped"),
    [
        ("Forest", "G", "type", False),
        ("Steam Vents", "UR", "type", False),  # shock: "you may pay 2 life" keeps it untapped
        ("Temple of Mystery", "UG", "text", True),
        ("Shattered Sanctum", "WB", "text", False),  # enters tapped only *unless* ...
        ("City of Brass", "WUBRG", "any", False),
        ("Wooded Foothills", "RG", "fetch", False),
        ("Arid Mesa", "WR", "fetch", False),
        ("Fetid Heath", "WB", "text", False),
    ],
)
def test_land_colors_from_type_and_text(catalog: Catalog, name: str, colors: str, kind: str, tapped: bool) -> None:
    mana = land_mana(_card(catalog, name))
    assert mana is not None
    assert "".join(c for c in "WUBRG" if c in mana.colors) == colors
    assert mana.kind == kind
    assert mana.tapped is tapped


def test_colorless_lands(catalog: Catalog) -> None:
    mana = land_mana(_card(catalog, "Crawling Barrens"))
    assert mana is not None and mana.colorless and not mana.colors


def test_nonland_card_has_no_land_side(catalog: Catalog) -> None:
    assert land_mana(_card(catalog, "Lightning Bolt")) is None
    # A transform card is not modal: its back is not a land you can play.
    assert modal_land(_card(catalog, "Delver of Secrets")) is None


def test_spell_land_mdfc_inferred_from_front_only(catalog: Catalog) -> None:
    card = _card(catalog, "Kazandu Mammoth")
    land = modal_land(card)
    assert land is not None and land.inferred and land.colors == frozenset("G")
    # Legendary spell//spell MDFCs (Kaldheim gods) are not lands.
    assert modal_land(_card(catalog, "Valki, God of Lies")) is None


def test_spell_land_mdfc_from_scryfall_faces(catalog: Catalog) -> None:
    card = dataclasses.replace(
        _card(catalog, "Kazandu Mammoth"),
        type_line="Creature — Elephant // Land",
        oracle_text="Landfall — ...\n//\nKazandu Valley enters the battlefield tapped.\n{T}: Add {G}.",
    )
    land = modal_land(card)
    assert land is not None and not land.inferred
    mana = land_mana(card)
    assert mana is not None and mana.colors == frozenset("G") and mana.tapped and mana.kind == "modal"


def test_pathway_counts_both_colors(catalog: Catalog) -> None:
    mana = land_mana(_card(catalog, "Brightclimb Pathway"))
    assert mana is not None and mana.colors == frozenset("WB") and mana.kind == "pathway"


def _deck(catalog: Catalog, text: str) -> Deck:
    return parse_deck(text, catalog)


def test_deck_dependent_lands(catalog: Catalog) -> None:
    deck = _deck(catalog, "Deck\n10 Island\n10 Mountain\n4 Evolving Wilds\n2 Reflecting Pool\n"
                          "1 Command Tower\n33 Opt\n")
    result = analyze(deck, trials=100).facts()
    # Evolving Wilds finds the deck's basics (U, R); Reflecting Pool copies the other lands;
    # Command Tower makes nothing without a commander.
    assert result["sources"] == {"W": 0, "U": 16, "B": 0, "R": 16, "G": 0}
    detail = {d["card"]: d for d in result["source_detail"]}
    assert detail["Evolving Wilds"]["colors"] == "UR" and detail["Evolving Wilds"]["tapped"]
    assert detail["Reflecting Pool"]["colors"] == "UR"
    assert detail["Command Tower"]["colors"] == ""
    assert any("Command Tower" in n and "no commander" in n for n in result["notes"])


def test_command_tower_follows_the_commander(catalog: Catalog) -> None:
    teysa = _card(catalog, "Teysa, Opulent Oligarch")
    tower = _card(catalog, "Command Tower")
    deck = Deck(commander=[DeckEntry(1, teysa.name, 1, teysa)],
                main=[DeckEntry(1, tower.name, 2, tower)])
    result = analyze(deck, trials=10).facts()
    assert result["sources"]["W"] == 1 and result["sources"]["B"] == 1 and result["sources"]["G"] == 0
