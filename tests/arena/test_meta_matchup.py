"""Matchups read from the snapshot's lists, and a format's overview; counts checked by hand."""

from __future__ import annotations

from datetime import date

from arena.catalog import Catalog
from arena.meta import load_snapshot
from arena.meta.matchup import matchup_report, needs, opponent_profile
from arena.meta.overview import meta_overview


def test_izzet_prowess_profile_by_hand(catalog: Catalog) -> None:
    deck = load_snapshot().find("izzet prowess", "standard")[0]
    profile = opponent_profile(deck, catalog)
    speed = profile["speed"]
    # 21 lands; Roaring Furnace // Steaming Sauna is a Room, not a land. 39 spells, of which
    # only Eddymurk Crab (4, MV 7) and Stock Up (1, MV 3) cost more than 2.
    assert speed["nonland"] == 39 and speed["cheap_spells"] == 39 - 4 - 1
    # Threats: Slickshot Show-Off (4, MV 2), Stormchaser's Talent (4, MV 1, makes an Otter), Eddymurk Crab.
    assert {t["card"] for t in profile["threats"]} == {"Slickshot Show-Off", "Stormchaser's Talent", "Eddymurk Crab"}
    assert speed["cheap_threats"] == 8 and speed["creatures"] == 8
    assert profile["interaction"]["counterspells"]["count"] == 4  # Spell Pierce 2 + Get Out 2
    assert profile["unresolved"] == []
    assert [n.role for n in needs(profile)][:1] == ["cheap removal"]


def test_matchup_with_a_green_deck_keeps_ideas_in_green_and_names_no_percentage(catalog: Catalog) -> None:
    analysis = {"colors": "G", "average_mv": 2.05, "types": {"Creature": 28},
                "interaction": {"removal": {"count": 4, "cards": ["Bushwhack"]}}}
    report = matchup_report(load_snapshot(), catalog, "izzet prowess", "standard",
                            player_analysis=analysis, player_cards=["Llanowar Elves", "Forest"])
    facts = report.to_facts()
    assert facts["opponent"]["archetype"] == "Izzet Prowess"
    assert facts["sideboard"], "a green deck has green answers in the Standard lists"
    for idea in facts["sideboard"]:
        card = catalog.get(idea["card"])
        assert card is not None and set(card.colors) <= {"G"}
        assert idea["seen_in_lists"] >= 1 and idea["because"]
    assert "Llanowar Elves" not in {i["card"] for i in facts["sideboard"]}
    assert "%" not in str(facts["observations"])


def test_unknown_archetype_lists_what_the_snapshot_has(catalog: Catalog) -> None:
    report = matchup_report(load_snapshot(), catalog, "mono red", "standard")
    assert report.opponent is None and "Izzet Prowess" in report.available
    assert "no standard list" in report.to_facts()["summary"]


def test_graveyard_deck_asks_for_graveyard_hate(catalog: Catalog) -> None:
    report = matchup_report(load_snapshot(), catalog, "living end", "modern")
    assert "graveyard hate" in {i["role"] for i in report.sideboard}


def test_overview_dates_sources_and_age(catalog: Catalog) -> None:
    overview = meta_overview(load_snapshot(), "Standard", catalog=catalog, today=date(2026, 12, 2))
    facts = overview.to_facts()
    assert facts["as_of"] == "June 2026" and facts["age_months"] == 6
    assert all(d["source_url"].startswith("https://") and d["date_label"] for d in facts["decks"])
    assert facts["shares"][0]["source"] == "mtgtop8, 2-week window"
    for deck in facts["decks"]:
        for name in deck["key_cards"]:
            card = catalog.get(name)
            assert card is not None and not card.is_land
    assert not meta_overview(load_snapshot(), "pioneer").found


def test_ideas_drop_cards_the_imported_legality_says_left_the_format(catalog: Catalog) -> None:
    import dataclasses

    from arena.meta.matchup import Need, sideboard_ideas

    class Banned:
        """The real catalog, but Scryfall data says Requiting Hex is banned and Bitter Triumph is on Arena."""

        def get(self, name: str):  # type: ignore[no-untyped-def]
            card = catalog.get(name)
            if card is None:
                return None
            if card.name == "Requiting Hex":
                return dataclasses.replace(card, legalities={"standard": "banned"})
            if card.name == "Bitter Triumph":
                return dataclasses.replace(card, legalities={"standard": "legal"}, arena_id=91234)
            return card

    need = [Need("cheap removal", "8 of its threats cost 2 or less")]
    plain = [i["card"] for i in sideboard_ideas(load_snapshot(), "standard", need, catalog, colors="B", per_role=5)]
    assert "Requiting Hex" in plain
    ideas = sideboard_ideas(load_snapshot(), "standard", need, Banned(), colors="B", per_role=5)
    names = [i["card"] for i in ideas]
    assert "Requiting Hex" not in names
    triumph = next(i for i in ideas if i["card"] == "Bitter Triumph")
    assert triumph["legality"] == "legal" and triumph["on_arena"] is True
    assert all(i["on_arena"] is None for i in ideas if i["card"] != "Bitter Triumph")
