"""Market questions in the agent: routing, offline plans, the tools and the written answer."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from agent.intents import classify
from agent.intents_market import plan_market
from agent.offline_writer import write
from agent.tools import Toolbox
from arena.catalog import Catalog
from arena.deck_service import DeckCache
from tests.arena.market_fixture import priced_folder


@pytest.mark.parametrize(("question", "intent"), [
    ("How much is this deck in paper?", "price"),
    ("where can I buy these cards?", "price"),
    ("how many wildcards do I need?", "wildcards"),
    ("wildcards for the sideboard too (bo3)?", "wildcards"),
    ("what should I craft first?", "craft"),
    ("what's my win rate vs control?", "history"),
    ("what does Lightning Bolt do?", "card"),
    ("how much mana does my deck need?", "mana"),
])
def test_market_questions_are_routed(catalog: Catalog, question: str, intent: str) -> None:
    assert classify(question, catalog, has_deck=True).name == intent


def test_plans_need_a_deck() -> None:
    price = classify("how much is this deck in paper", None, has_deck=True)
    assert [s.tool for s in plan_market(price, has_deck=True) or []] == ["deck_price"]
    assert plan_market(price, has_deck=False) == []
    bo3 = classify("wildcards with the sideboard", None, has_deck=True)
    assert (plan_market(bo3, has_deck=True) or [])[0].args == {"sideboard": True}

    def history_plan(question: str, has_deck: bool) -> list[tuple[str, dict[str, object]]]:
        steps = plan_market(classify(question, None, has_deck=has_deck), has_deck=has_deck) or []
        return [(s.tool, s.args) for s in steps]

    # The history needs no deck; "with this deck" only means something when one is attached.
    assert history_plan("what's my win rate", False) == [("match_history", {})]
    assert history_plan("my win rate vs mono red decks on the play?", False) == [
        ("match_history", {"opponent": "mono red decks"})]
    assert history_plan("how am I doing against Izzet with this deck", True) == [
        ("match_history", {"opponent": "Izzet", "this_deck": True})]
    assert history_plan("my win rate with this deck", False) == [("match_history", {})]


@pytest.fixture(scope="module")
def priced(catalog_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Catalog]:
    with Catalog.open(priced_folder(catalog_dir, tmp_path_factory.mktemp("agent-market"))) as catalog:
        yield catalog


async def test_price_and_wildcard_tools_and_answer(priced: Catalog, realdata: Path) -> None:
    deck = (realdata / "decks/xmage_testdeck.mtga.txt").read_text("utf-8")
    tools = Toolbox(priced, DeckCache(), deck_text=deck, trials=100)
    price = await tools.run("deck_price", {})
    # 24.15 / 20.28 / 8.65: the hand sums in tests/arena/test_prices.py
    assert price["summary"] == "USD 24.15, EUR 20.28, tix 8.65"
    bill = await tools.run("wildcard_cost", {})
    assert bill["summary"] == "0 common, 1 uncommon, 6 rare, 3 mythic"
    facts = {"price": price, "wildcard_bill": bill}
    text = "".join(write(classify("how much in paper for this deck?", None, has_deck=True), facts,
                         has_deck=True, rng=random.Random(0)))
    assert "$24.15" in text and "€20.28" in text and "8.65 tix" in text
    craft = "".join(write(classify("what should I craft first?", None, has_deck=True), facts,
                          has_deck=True, rng=random.Random(0)))
    assert "- 3 **Benalish Marshal** (rare)" in craft and "collection" in craft
    history = "".join(write(classify("my win rate?", None, has_deck=True), {}, has_deck=True,
                            rng=random.Random(0)))
    assert "isn't linked" in history and "Market" in history and "Player.log" in history


@pytest.mark.parametrize(("label", "asked", "fits"), [
    ("Izzet control", "control", True),
    ("Izzet control", "red", True),  # a red deck: Izzet is blue-red
    ("Izzet control", "izzet", True),
    ("Izzet control", "mono red", False),
    ("Mono-Red aggro", "mono red decks", True),
    ("Mono-Red aggro", "Rakdos", False),  # a guild name is exactly its two colors
    ("Rakdos midrange", "red aggro", False),  # every asked word must hold
    ("unknown", "control", False),
])
def test_opponent_kinds(label: str, asked: str, fits: bool) -> None:
    from agent.tools.history import _is_kind, _words

    assert _is_kind(label, _words(asked)) is fits


async def test_history_tool_without_a_linked_history(priced: Catalog) -> None:
    tools = Toolbox(priced, DeckCache(), deck_text=None, trials=100)
    result = await tools.run("match_history", {"opponent": "control"})
    assert result["available"] is False
    stored = [{"match_id": "m1", "result": "win", "opponent_archetype": "Izzet control",
               "games": [{"result": "win", "on_play": True}], "deck": {"main": []}},
              {"match_id": "m2", "result": "loss", "opponent_archetype": "Mono-Red aggro",
               "games": [{"result": "loss", "on_play": False}], "deck": {"main": []}}]

    async def history() -> list[dict[str, object]]:
        return stored

    linked = Toolbox(priced, DeckCache(), deck_text=None, trials=100, history=history)
    control = await linked.run("match_history", {"opponent": "control"})
    assert (control["stored"], control["selected"], control["opponent_groups"]) == (2, 1, ["Izzet control"])
    # 1-0 of 1 match: Wilson (1 + 1.9208)/(1 + 3.8415) +- ... = 0.2065 to 1 by hand.
    assert control["overall"]["text"] == ("1 win, 0 losses in 1 match: 100% won (95% interval 21% to 100%), "
                                          "too few matches (under 10) to judge")
    assert control["scope"] == "1 of the 2 matches you uploaded"
    assert [r["archetype"] for r in control["faced"]] == ["Izzet control", "Mono-Red aggro"]


async def test_the_fact_check_binds_every_price_and_wildcard_figure(priced: Catalog, realdata: Path) -> None:
    from agent.check import check_draft

    deck = (realdata / "decks/xmage_testdeck.mtga.txt").read_text("utf-8")
    tools = Toolbox(priced, DeckCache(), deck_text=deck, trials=100)
    facts = {"price": await tools.run("deck_price", {}), "wildcard_bill": await tools.run("wildcard_cost", {})}
    for question in ("how much in paper for this deck?", "what should I craft first?"):
        text = "".join(write(classify(question, None, has_deck=True), facts, has_deck=True, rng=random.Random(0)))
        report = check_draft(text, facts, priced)
        assert report.ok and len(report.verified) > 5, (text, report.notes())
    # Planted errors: a total off by a dollar, a card's price, a rarity count, a craft row's copies.
    # (24.15 USD and 0/1/6/3 are the hand sums of tests/arena/test_prices.py and test_wildcards.py.)
    wrong = ["In paper this comes to **$25.15** at TCGplayer.",
             "- 1 **Teferi, Hero of Dominaria**: $19.00",
             "The main deck costs **0 common, 2 uncommon, 6 rare and 3 mythic** wildcards.",
             "- 4 **Benalish Marshal** (rare)"]
    for draft in wrong:
        report = check_draft(draft, facts, priced)
        assert len(report.wrong) == 1, (draft, report.notes())


def test_no_imported_prices_is_said_plainly() -> None:
    rows = [{"card": "Lightning Bolt", "count": 4, "usd": None, "eur": None, "tix": None}]
    facts = {"price": {"totals": {"usd": 0.0, "eur": 0.0, "tix": 0.0}, "cards": rows, "missing": ["Lightning Bolt"],
                       "incomplete": {"usd": ["Lightning Bolt"]}, "warnings": [], "stale": False}}
    text = "".join(write(classify("how much is this deck in paper", None, has_deck=True), facts, has_deck=True,
                         rng=random.Random(0)))
    assert "no paper prices" in text and "$0.00" not in text and "Status tab" in text
