"""Legality: unknown without data, known with it, deck rules always; wildcards by rarity."""

from __future__ import annotations

import dataclasses

from arena.analysis import analyze
from arena.catalog import Catalog
from arena.models import Card, Deck, DeckEntry


def _card(catalog: Catalog, name: str, **changes: object) -> Card:
    card = catalog.get(name)
    assert card is not None, name
    return dataclasses.replace(card, **changes) if changes else card


def _deck(*slots: tuple[int, Card], side: tuple[tuple[int, Card], ...] = (),
          commander: Card | None = None) -> Deck:
    return Deck(
        main=[DeckEntry(n, c.name, i + 1, c) for i, (n, c) in enumerate(slots)],
        side=[DeckEntry(n, c.name, 100 + i, c) for i, (n, c) in enumerate(side)],
        commander=[DeckEntry(1, commander.name, 0, commander)] if commander else [],
    )


LEGAL_EVERYWHERE = {f: "legal" for f in ("standard", "alchemy", "historic", "explorer", "pioneer",
                                         "timeless", "brawl", "historicbrawl", "standardbrawl")}


def test_unknown_without_legality_data(catalog: Catalog) -> None:
    deck = _deck((20, _card(catalog, "Mountain")), (40, _card(catalog, "Shock")))
    # 40 Shock breaks the copy rule: not_legal even with no card data.
    a = analyze(deck, trials=10).facts()
    assert a["legality"]["standard"] == "not_legal"
    assert any(p["card"] == "Shock" and "too many copies" in p["reason"]
               for p in a["legality_details"]["standard"]["problems"])
    deck = _deck((24, _card(catalog, "Mountain")), (4, _card(catalog, "Shock")),
                 *((4, _card(catalog, n)) for n in ("Lightning Strike", "Play with Fire", "Abrade",
                                                     "Monastery Swiftspear", "Soul-Scar Mage",
                                                     "Kumano Faces Kakkazan", "Fireblast")),
                 (4, _card(catalog, "Bonecrusher Giant")))
    a = analyze(deck, trials=10).facts()
    assert a["main_count"] == 60
    assert a["legality"]["standard"] == "unknown"
    assert "Shock" in a["legality_details"]["standard"]["unknown_cards"]
    assert a["wildcards"] is None
    assert any("No legality data" in n for n in a["notes"])


def test_known_legality_banned_and_not_in_format(catalog: Catalog) -> None:
    legal = {**LEGAL_EVERYWHERE}
    mountain = _card(catalog, "Mountain", legalities=legal, rarity="common")
    bolt = _card(catalog, "Lightning Bolt", rarity="common",
                 legalities={**legal, "standard": "not_legal", "pioneer": "not_legal"})
    strike = _card(catalog, "Lightning Strike", legalities=legal, rarity="uncommon")
    bonecrusher = _card(catalog, "Bonecrusher Giant", rarity="rare",
                        legalities={**legal, "historic": "banned"})
    deck = _deck((24, mountain), (4, bolt), (4, strike), (4, bonecrusher),
                 *((4, _card(catalog, n, legalities=legal, rarity="common")) for n in
                   ("Shock", "Play with Fire", "Abrade", "Monastery Swiftspear", "Soul-Scar Mage",
                    "Fireblast")))
    a = analyze(deck, trials=10).facts()
    assert a["main_count"] == 60
    assert a["legality"]["explorer"] == "legal"
    assert a["legality"]["timeless"] == "legal"
    assert a["legality"]["standard"] == "not_legal"
    assert {"card": "Lightning Bolt", "reason": "not in standard"} in a["legality_details"]["standard"]["problems"]
    assert a["legality"]["historic"] == "not_legal"
    assert {"card": "Bonecrusher Giant // Stomp", "reason": "banned in historic"} in a["legality_details"]["historic"]["problems"]
    # Wildcards: basics are free; Bolt 4 + 6 other commons at 4 each, Strike 4 uncommon, Giant 4 rare.
    assert a["wildcards"] == {"common": 28, "uncommon": 4, "rare": 4, "mythic": 0}


def test_deck_size_and_sideboard_rules(catalog: Catalog) -> None:
    mountain = _card(catalog, "Mountain", legalities=LEGAL_EVERYWHERE, rarity="common")
    shock = _card(catalog, "Shock", legalities=LEGAL_EVERYWHERE, rarity="common")
    a = analyze(_deck((20, mountain), (4, shock), side=((16, mountain),)), trials=10).facts()
    problems = " ".join(p["reason"] for p in a["legality_details"]["pioneer"]["problems"])
    assert "too few cards: 24" in problems and "sideboard has 16" in problems
    assert a["legality"]["pioneer"] == "not_legal"


def test_any_number_and_up_to_seven(catalog: Catalog) -> None:
    rats = _card(catalog, "Relentless Rats", legalities=LEGAL_EVERYWHERE, rarity="uncommon")
    dwarves = _card(catalog, "Seven Dwarves", legalities=LEGAL_EVERYWHERE, rarity="common")
    swamp = _card(catalog, "Swamp", legalities=LEGAL_EVERYWHERE, rarity="common")
    mountain = _card(catalog, "Mountain", legalities=LEGAL_EVERYWHERE, rarity="common")
    a = analyze(_deck((20, rats), (7, dwarves), (17, swamp), (16, mountain)), trials=10).facts()
    assert a["legality"]["timeless"] == "legal"
    a = analyze(_deck((20, rats), (8, dwarves), (16, swamp), (16, mountain)), trials=10).facts()
    assert {"card": "Seven Dwarves", "reason": "too many copies: 8, at most 7"} in \
        a["legality_details"]["timeless"]["problems"]


def test_brawl_rules_commander_singleton_identity(catalog: Catalog) -> None:
    teysa = _card(catalog, "Teysa, Opulent Oligarch", legalities=LEGAL_EVERYWHERE, rarity="mythic")
    plains = _card(catalog, "Plains", legalities=LEGAL_EVERYWHERE, rarity="common")
    bolt = _card(catalog, "Lightning Bolt", legalities=LEGAL_EVERYWHERE, rarity="common")
    swords = _card(catalog, "Swords to Plowshares", legalities=LEGAL_EVERYWHERE, rarity="uncommon")
    deck = _deck((97, plains), (1, bolt), (1, swords), commander=teysa)
    a = analyze(deck, trials=10).facts()
    assert a["deck_size"] == 100
    problems = a["legality_details"]["historicbrawl"]["problems"]
    assert {"card": "Lightning Bolt", "reason": "color identity R is outside the commander's"} in problems
    assert a["legality"]["historicbrawl"] == "not_legal"
    deck = _deck((98, plains), (1, swords), commander=teysa)
    assert analyze(deck, trials=10).facts()["legality"]["historicbrawl"] == "legal"
    deck = _deck((96, plains), (2, swords), (1, _card(catalog, "Path to Exile", legalities=LEGAL_EVERYWHERE,
                                                       rarity="uncommon")), commander=teysa)
    a = analyze(deck, trials=10).facts()
    assert {"card": "Swords to Plowshares", "reason": "too many copies: 2, at most 1"} in \
        a["legality_details"]["historicbrawl"]["problems"]
    # A commander that cannot lead: a nonlegendary creature.
    a = analyze(_deck((98, plains), (1, swords), commander=_card(catalog, "Savannah Lions")), trials=10).facts()
    assert any("commander must be" in p["reason"] for p in a["legality_details"]["historicbrawl"]["problems"])
