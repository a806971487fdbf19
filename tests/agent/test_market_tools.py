"""Market questions in the agent: routing, offline plans, the tools and the written answer."""

from __future__ import annotations

import random
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from agent.intents import classify
from agent.intents_market import plan_market
from agent.offline_writer import write
from agent.tools import Toolbox
from arena.catalog import Catalog
from arena.deck_service import DeckCache
from arena.paths import CATALOG_FILENAME
from tests.arena.market_fixture import import_through_fake


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
    assert plan_market(classify("what's my win rate", None, has_deck=True), has_deck=True) == []


@pytest.fixture(scope="module")
def priced(catalog_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Catalog]:
    folder = tmp_path_factory.mktemp("agent-market")
    shutil.copy(catalog_dir / CATALOG_FILENAME, folder / CATALOG_FILENAME)
    with Catalog.open(folder) as catalog:
        import_through_fake(catalog, folder)
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
    assert "- 3 Benalish Marshal (rare)" in craft and "collection" in craft
    history = "".join(write(classify("my win rate?", None, has_deck=True), {}, has_deck=True,
                            rng=random.Random(0)))
    assert "Market" in history and "Player.log" in history
