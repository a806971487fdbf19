"""suggest_changes: balanced swaps, core kept, additions only with evidence, Limited from the pool."""

from __future__ import annotations

from pathlib import Path

from arena.analysis import analyze
from arena.catalog import Catalog
from arena.models import Card
from arena.parsing import parse_deck
from arena.suggest import rank_cuts, render_suggestions, suggest_changes, swap_for, worst_card
from arena.suggest.evidence import TournamentList
from arena.suggest.lands import condition_unmet, fetch_types


def _run(catalog: Catalog, text: str, **kw: object) -> tuple[dict, dict]:
    deck = parse_deck(text, catalog)
    analysis = analyze(deck, trials=200).facts()
    return analysis, suggest_changes(deck, analysis, catalog, lists=kw.pop("lists", ()), **kw)  # type: ignore[arg-type]


def _balanced(result: dict) -> int:
    return sum(a["count"] for a in result["adds"]) - sum(c["count"] for c in result["cuts"])


def test_off_color_card_is_cut_and_replaced_from_the_sideboard(catalog: Catalog) -> None:
    analysis, result = _run(catalog, "Deck\n22 Mountain\n34 Shock\n4 Counterspell\n\nSideboard\n4 Lightning Strike\n")
    assert analysis["sources"]["U"] == 0
    assert result["cuts"] == [{"card": "Counterspell", "count": 4, "category": "color",
                               "reason": "off-color: needs blue mana and no land in the deck makes it"}]
    assert [(a["card"], a["count"]) for a in result["adds"]] == [("Lightning Strike", 4)]
    assert "in your sideboard" in result["adds"][0]["reason"]
    assert result["size_before"] == result["size_after"] == 60
    assert result["lands_before"] == result["lands_after"] == 22


def test_no_evidence_means_no_new_cards(catalog: Catalog) -> None:
    # Mono-white midrange with no removal: a text search would find some; without evidence we
    # say so instead of naming the alphabetically first removal spell in white.
    text = ("Deck\n24 Plains\n4 Savannah Lions\n4 Thraben Inspector\n4 Adeline, Resplendent Cathar\n"
            "4 Brimaz, King of Oreskos\n4 Baneslayer Angel\n4 Serra Angel\n4 Sun Titan\n"
            "4 Archangel Avacyn\n4 Glorious Anthem\n")
    _, result = _run(catalog, text)
    assert result["adds"] == [] and result["cuts"] == []
    assert any("add no new cards" in n for n in result["notes"])
    assert any(n.startswith("Legality data isn't loaded yet") for n in result["notes"])
    assert not any("import" in n.lower() or "python" in n.lower() for n in result["notes"])


LISTS = (
    TournamentList("Boros Test (STD)", "Standard", "2026-05-01", "https://example.test/1",
                   {"Monastery Swiftspear": 4, "Play with Fire": 4, "Lightning Strike": 4, "Kumano Faces Kakkazan": 4,
                    "Heartfire Hero": 4, "Inspiring Vantage": 4, "Mountain": 10, "Plains": 4, "Sacred Foundry": 4,
                    "Ancient Amphitheater": 4, "Lightning Helix": 4}),
)


def test_replacements_come_from_a_similar_tournament_list(catalog: Catalog) -> None:
    text = ("Deck\n4 Monastery Swiftspear\n4 Heartfire Hero\n4 Kumano Faces Kakkazan\n4 Play with Fire\n"
            "2 Goblin Guide\n2 Bloodthirsty Adversary\n4 Phoenix Chick\n1 Feldon of the Third Path\n"
            "2 Shock\n3 Fireblade Charger\n4 Inspiring Vantage\n4 Sacred Foundry\n14 Mountain\n4 Plains\n"
            "4 Counterspell\n")
    analysis, result = _run(catalog, text, lists=LISTS)
    assert result["format"] == "standard"
    assert result["evidence"]["tournament_lists"][0]["name"] == "Boros Test (STD)"
    added = {a["card"] for a in result["adds"]}
    assert "Counterspell" in {c["card"] for c in result["cuts"]}
    assert added and added <= {"Lightning Strike", "Lightning Helix"}  # not Ancient Amphitheater: no Giants
    assert _balanced(result) == 0 and result["size_after"] == analysis["main_count"]
    for add in result["adds"]:
        assert "Boros Test (STD)" in add["reason"] or "more copies" in add["reason"]


def test_land_conditions_and_fetch_targets(catalog: Catalog) -> None:
    amphitheater, hub = catalog.get("Ancient Amphitheater"), catalog.get("Aether Hub")
    assert amphitheater is not None and hub is not None
    no_giants = {"Mountain": (_card(catalog, "Mountain"), 20), "Shock": (_card(catalog, "Shock"), 4)}
    assert condition_unmet(amphitheater, no_giants) == "it wants a Giant and the deck has 0"
    assert condition_unmet(hub, no_giants) == "it runs on energy and the deck makes none"
    giants = dict(no_giants, **{"Cinderheart Giant": (_card(catalog, "Cinderheart Giant"), 8)})
    assert condition_unmet(amphitheater, giants) is None
    mesa = {"Arid Mesa": (_card(catalog, "Arid Mesa"), 4)}
    assert fetch_types(mesa) == {"Mountain", "Plains"}


def _card(catalog: Catalog, name: str) -> Card:
    card = catalog.get(name)
    assert card is not None, name
    return card


def test_limited_deck_adds_only_from_the_pool_and_aims_for_17_lands(catalog: Catalog) -> None:
    spells = ("2 Savannah Lions\n2 Thraben Inspector\n2 Serra Angel\n2 Glorious Anthem\n3 Pacifism\n"
              "3 Benalish Marshal\n3 Healer's Hawk\n2 Ajani's Pridemate\n2 Attended Knight\n2 Baneslayer Angel\n")
    text = f"Deck\n15 Plains\n{spells}\nSideboard\n2 Raise the Alarm\n1 Disenchant\n4 Plains\n"
    analysis, result = _run(catalog, text)
    assert analysis["main_count"] == 38
    # 38 cards: two short of 40; two more Plains make 17.
    assert result["size_after"] == 40 and result["lands_after"] == 17
    for add in result["adds"]:
        assert add["card"] in {"Plains", "Raise the Alarm", "Disenchant"}
    _, no_pool = _run(catalog, f"Deck\n17 Plains\n{spells}")
    assert any("Paste your pool" in n for n in no_pool["notes"])
    assert no_pool["adds"] == []


def test_worst_card_and_swap_for_use_the_same_ranking(catalog: Catalog, realdata: Path) -> None:
    text = (realdata / "decks" / "m0cchi_deck001_standard_noset.txt").read_text()
    deck = parse_deck(text, catalog)
    analysis = analyze(deck, trials=200).facts()
    ranking = rank_cuts(deck, analysis)
    worst = worst_card(deck, analysis, catalog, lists=())
    assert worst is not None and not worst.core
    assert worst.card == next(r.card for r in ranking if not r.core)
    swap = swap_for(deck, analysis, catalog, "Vanishing Verse", 1, lists=())
    assert swap["adds"] == [{"card": "Vanishing Verse", "count": 1, "category": "request",
                             "reason": "you asked for 4 copies of Vanishing Verse"}]
    assert sum(c["count"] for c in swap["cuts"]) == 1 and len(swap["cuts"]) <= 2
    assert swap["cuts"][0]["card"] == worst.card
    core = {r.card for r in ranking if r.core}
    assert not core & {c["card"] for c in swap["cuts"]}


def test_render_states_sizes_and_land_totals(catalog: Catalog) -> None:
    _, result = _run(catalog, "Deck\n22 Mountain\n34 Shock\n4 Counterspell\n\nSideboard\n4 Lightning Strike\n")
    text = render_suggestions(result)
    assert "Cut 4 Counterspell" in text and "Add 4 Lightning Strike" in text
    assert "Main deck 60 -> 60 cards, lands 22 -> 22" in text


def _scryfall(card: Card, legalities: dict[str, str], arena_id: int | None) -> dict:
    return {"object": "card", "id": f"test-{card.name}", "name": card.name, "layout": card.layout,
            "mana_cost": card.mana_cost, "type_line": card.type_line, "oracle_text": card.oracle_text,
            "color_identity": list(card.color_identity), "keywords": list(card.keywords),
            "legalities": legalities, "rarity": "common", "set": "tst", "arena_id": arena_id}


def test_with_legality_loaded_adds_are_legal_and_on_arena(data_dir: Path) -> None:
    with Catalog.open(data_dir) as catalog:
        on_arena = {"standard": "legal", "historic": "legal", "timeless": "legal"}
        paper_only = {"standard": "legal", "historic": "not_legal", "timeless": "not_legal", "alchemy": "not_legal",
                      "brawl": "not_legal", "standardbrawl": "not_legal"}
        rows = {"Lightning Strike": (on_arena, 1), "Shock": (on_arena, 2), "Mountain": (on_arena, 3),
                "Counterspell": ({"standard": "not_legal", "historic": "legal"}, 4),
                "Lightning Bolt": ({"standard": "not_legal", "historic": "legal"}, 5),
                "Fiery Impulse": (paper_only, None)}
        catalog.upsert_scryfall_cards([_scryfall(_card(catalog, n), legal, aid) for n, (legal, aid) in rows.items()])
        assert catalog.legality_known()
        text = ("Deck\n22 Mountain\n34 Shock\n4 Counterspell\n\n"
                "Sideboard\n4 Lightning Bolt\n4 Fiery Impulse\n4 Lightning Strike\n")
        deck = parse_deck(text, catalog)
        deck.format = "standard"
        analysis = analyze(deck, trials=100).facts()
        result = suggest_changes(deck, analysis, catalog, lists=())
        # Bolt is not Standard-legal, Fiery Impulse not on Arena: Lightning Strike is what is left.
        assert [(a["card"], a["count"]) for a in result["adds"]] == [("Lightning Strike", 4)]
        assert result["evidence"]["legality_loaded"] is True
        assert not any("isn't loaded" in n for n in result["notes"])


def test_popularity_ranks_pick_the_cut_in_a_singleton_deck(data_dir: Path) -> None:
    with Catalog.open(data_dir) as catalog:
        names = ["Sol Ring", "Lightning Bolt", "Shock", "Fiery Impulse", "Mountain"]
        ranks = {"Sol Ring": 1, "Lightning Bolt": 40, "Shock": 900, "Fiery Impulse": 12000, "Mountain": 5}
        objects = []
        for name in names:
            obj = _scryfall(_card(catalog, name), {"commander": "legal"}, None)
            obj["edhrec_rank"] = ranks[name]
            objects.append(obj)
        catalog.upsert_scryfall_cards(objects)
        assert catalog.popularity("Fiery Impulse") == 12000 and catalog.popularity_known()
        text = ("Commander\n1 Krenko, Mob Boss\n\nDeck\n1 Sol Ring\n1 Lightning Bolt\n1 Shock\n1 Fiery Impulse\n"
                "95 Mountain\n")
        deck = parse_deck(text, catalog)
        deck.format = "commander"
        analysis = analyze(deck, trials=50).facts()
        worst = worst_card(deck, analysis, catalog, lists=())
        assert worst is not None and worst.card == "Fiery Impulse" and "12,000" in worst.reason
        core = {r.card: r.category for r in rank_cuts(deck, analysis) if r.core}
        assert "Sol Ring" not in core  # without ranks passed in, no staple status
        kept = {c["card"]: c["category"] for c in suggest_changes(deck, analysis, catalog, lists=())["core"]}
        assert kept.get("Sol Ring") == "staple" and kept.get("Lightning Bolt") == "staple"
