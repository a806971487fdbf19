"""suggest_changes: cuts and adds that follow from the analysis and stay in the deck's colors."""

from __future__ import annotations

from pathlib import Path

from arena.analysis import analyze
from arena.analysis.interaction import categories
from arena.catalog import Catalog
from arena.models import Card
from arena.parsing import parse_deck
from arena.suggest import render_suggestions, suggest_changes


def _run(catalog: Catalog, text: str) -> tuple[dict, dict, set[str]]:
    deck = parse_deck(text, catalog)
    analysis = analyze(deck, trials=200).facts()
    names = {e.card.name for _, e in deck.entries() if e.card is not None}
    return analysis, suggest_changes(deck, analysis, catalog), names


def _within(catalog: Catalog, name: str, colors: str) -> bool:
    card = catalog.get(name)
    assert card is not None, name
    return set(card.color_identity) <= set(colors)


def test_short_colors_get_lands_and_hard_cards_get_cut(catalog: Catalog, realdata: Path) -> None:
    text = (realdata / "decks" / "trostani_base_standard_temur_elementals.txt").read_text()
    analysis, result, owned = _run(catalog, text)
    cut_names = [c["card"] for c in result["cuts"]]
    assert "Jace, Wielder of Mysteries" in cut_names
    jace = next(c for c in result["cuts"] if c["card"] == "Jace, Wielder of Mysteries")
    assert "needs 21" in jace["reason"] and "has 15" in jace["reason"]
    land_adds = [a for a in result["adds"] if a["category"] == "mana"]
    assert land_adds
    for add in land_adds:
        card = catalog.get(add["card"])
        assert card is not None and card.is_land and add["card"] not in owned
        assert _within(catalog, add["card"], analysis["colors"])
        assert "is short" in add["reason"]
    assert len(result["adds"]) <= 5 and len(result["cuts"]) <= 5


def test_low_removal_gets_removal_in_colors(catalog: Catalog) -> None:
    # Mono-white creatures with no removal at all: midrange wants some.
    text = ("Deck\n24 Plains\n4 Savannah Lions\n4 Thraben Inspector\n4 Adeline, Resplendent Cathar\n"
            "4 Brimaz, King of Oreskos\n4 Baneslayer Angel\n4 Serra Angel\n4 Sun Titan\n"
            "4 Archangel Avacyn\n4 Glorious Anthem\n")
    analysis, result, owned = _run(catalog, text)
    assert analysis["interaction"]["removal"]["count"] == 0
    removal = [a for a in result["adds"] if a["category"] == "removal"]
    assert removal
    for add in removal:
        card = catalog.get(add["card"])
        assert card is not None and "removal" in categories(card)
        assert card.mana_value <= 3 and add["card"] not in owned
        assert _within(catalog, add["card"], "W")
        assert "only 0 removal" in add["reason"]


def test_off_color_card_is_cut(catalog: Catalog) -> None:
    analysis, result, _ = _run(catalog, "Deck\n24 Mountain\n32 Shock\n4 Counterspell\n")
    off = [c for c in result["cuts"] if c["category"] == "color"]
    assert off == [{"card": "Counterspell", "count": 4, "category": "color",
                    "reason": "off-color: needs blue mana and no land in the deck makes it"}]
    assert analysis["sources"]["U"] == 0


def test_too_few_lands_adds_basics_of_the_main_color(catalog: Catalog) -> None:
    _, result, _ = _run(catalog, "Deck\n16 Forest\n4 Llanowar Elves\n4 Steel Leaf Champion\n"
                                 "4 Old-Growth Troll\n4 Lovestruck Beast\n4 Esika's Chariot\n"
                                 "4 Kazandu Mammoth\n4 Ranger Class\n4 Pelt Collector\n"
                                 "4 Swarm Shambler\n4 Wicked Wolf\n4 Garruk's Harbinger\n")
    basics = [a for a in result["adds"] if a["category"] == "lands"]
    assert basics and basics[0]["card"] == "Forest"
    assert "19.59 + 1.90" in basics[0]["reason"]


def test_render_lists_every_suggestion(catalog: Catalog) -> None:
    _, result, _ = _run(catalog, "Deck\n24 Mountain\n32 Shock\n4 Counterspell\n")
    text = render_suggestions(result)
    assert "Cut 4 Counterspell" in text


def _scryfall_object(card: Card | None, legalities: dict[str, str], arena_id: int) -> dict:
    """The card as a Scryfall card object carrying format legalities."""
    assert card is not None
    return {
        "object": "card", "id": f"test-{arena_id}", "name": card.name, "layout": card.layout,
        "mana_cost": card.mana_cost, "type_line": card.type_line, "oracle_text": card.oracle_text,
        "color_identity": list(card.color_identity), "keywords": list(card.keywords),
        "legalities": legalities, "rarity": "rare", "set": "tst", "arena_id": arena_id,
    }


def test_adds_are_legal_in_the_format_when_legality_is_known(data_dir: Path) -> None:
    catalog = Catalog.open(data_dir)
    try:
        pioneer_legal = ["Spirebluff Canal", "Steam Vents", "Island", "Mountain", "Opt",
                         "Lightning Strike", "Jace, Wielder of Mysteries", "Fiery Impulse"]
        not_pioneer = ["Volcanic Island", "Scalding Tarn", "Lightning Bolt"]
        objects = [
            _scryfall_object(catalog.get(name), {"pioneer": "legal"}, 1000 + i)
            for i, name in enumerate(pioneer_legal)
        ] + [
            _scryfall_object(catalog.get(name), {"pioneer": "not_legal"}, 2000 + i)
            for i, name in enumerate(not_pioneer)
        ]
        assert catalog.upsert_scryfall_cards(objects) == len(objects)
        assert catalog.legality_known()
        deck = parse_deck("Deck\n4 Steam Vents\n12 Island\n8 Mountain\n4 Jace, Wielder of Mysteries\n"
                          "28 Opt\n4 Lightning Strike\n", catalog)
        deck.format = "pioneer"
        analysis = analyze(deck, trials=200).facts()
        assert analysis["color_summary"]["U"]["shortfall"] > 0
        result = suggest_changes(deck, analysis, catalog)
        assert result["format"] == "pioneer"
        assert not [n for n in result["notes"] if "legality" in n]  # the format filter was applied
        adds = {a["card"] for a in result["adds"]}
        assert "Spirebluff Canal" in adds
        assert not adds & set(not_pioneer)
        for name in adds:
            card = catalog.get(name)
            assert card is not None and card.legalities.get("pioneer") == "legal"
        # Every card is pioneer-legal; only the 28 Opt break the four-copy rule.
        assert analysis["legality_details"]["pioneer"]["problems"] == [
            {"card": "Opt", "reason": "too many copies: 28, at most 4"}
        ]
    finally:
        catalog.close()


def test_top_heavy_curve_cuts_the_top_and_adds_two_drops(catalog: Catalog) -> None:
    text = ("Deck\n24 Plains\n4 Savannah Lions\n4 Thraben Inspector\n4 Adeline, Resplendent Cathar\n"
            "4 Brimaz, King of Oreskos\n4 Baneslayer Angel\n4 Serra Angel\n4 Sun Titan\n"
            "4 Archangel Avacyn\n4 Glorious Anthem\n")
    analysis, result, owned = _run(catalog, text)
    assert analysis["archetype"]["style"] == "midrange"
    curve_cuts = [c for c in result["cuts"] if c["category"] == "curve"]
    assert curve_cuts and curve_cuts[0]["card"] == "Sun Titan"  # the most expensive goes first
    assert "16 of 36 spells cost 5 or more" in curve_cuts[0]["reason"]
    curve_adds = [a for a in result["adds"] if a["category"] == "curve"]
    assert curve_adds
    for add in curve_adds:
        card = catalog.get(add["card"])
        assert card is not None and "Creature" in card.types and card.mana_value == 2
        assert _within(catalog, add["card"], "W") and add["card"] not in owned


def test_a_short_main_color_gets_lands_for_basics_not_cuts(catalog: Catalog) -> None:
    # Blue is short for the one-drops (10 sources where 14 are wanted) but is a main color:
    # the answer is duals in place of Mountains, not cutting the blue cards.
    text = ("Deck\n4 Consider\n4 Sprite Dragon\n4 Expressive Iteration\n4 Lightning Bolt\n"
            "4 Monastery Swiftspear\n4 Play with Fire\n4 Soul-Scar Mage\n4 Stormchaser Mage\n"
            "4 Spikefield Hazard\n2 Magma Jet\n8 Mountain\n6 Island\n4 Spirebluff Canal\n")
    analysis, result, _ = _run(catalog, text)
    assert analysis["color_summary"]["U"]["shortfall"] > 0
    assert not [c for c in result["cuts"] if c["card"] in {"Consider", "Sprite Dragon", "Expressive Iteration"}]
    land_adds = [a for a in result["adds"] if a["category"] == "mana"]
    added = sum(a["count"] for a in land_adds)
    assert 0 < added <= 8
    swaps = [c for c in result["cuts"] if c["category"] == "lands"]
    assert swaps and all(c["card"] == "Mountain" for c in swaps)
    assert sum(c["count"] for c in swaps) == added  # the land count stays where it was


def test_a_splashed_color_short_of_sources_gets_its_card_cut(catalog: Catalog) -> None:
    text = ("Deck\n4 Llanowar Elves\n4 Tarmogoyf\n4 Lovestruck Beast\n4 Lightning Bolt\n"
            "4 Obliterating Bolt\n3 Glorybringer\n4 Kolaghan's Command\n2 Thragtusk\n"
            "4 Savage Lands\n11 Forest\n9 Mountain\n")
    analysis, result, _ = _run(catalog, text)
    assert analysis["sources"]["B"] == 4
    cut = {c["card"]: c for c in result["cuts"]}
    assert "Kolaghan's Command" in cut and "short" in cut["Kolaghan's Command"]["reason"]
    assert "Lightning Bolt" not in cut  # red is a main color: fixed with lands, not cut
