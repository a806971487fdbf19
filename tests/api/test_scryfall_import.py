"""The background Scryfall import: started by the API's lifespan, never delaying readiness,
reported on /api/v1/status, against the loopback Scryfall fake (JSON Lines, gzip)."""

from __future__ import annotations

import asyncio
import importlib
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from agent.settings import Settings
from api.scryfall_import import BulkImporter
from arena.catalog import Catalog
from tests.api.live import LiveServer
from tests.api.scripted import ScriptedRuntime
from tests.fakes.scryfall_server import FakeScryfall, generated_card


@pytest.fixture(autouse=True)
def _sdks_loaded() -> None:
    """The server imports the provider SDKs in the background and shutdown waits for that;
    imported here first (same process), a quick start-stop does not wait seconds for it."""
    importlib.import_module("openai")
    importlib.import_module("anthropic")


def _status(live: LiveServer) -> dict[str, Any]:
    response = httpx.get(f"{live.url}/api/v1/status", timeout=10)
    assert response.status_code == 200, response.text
    return dict(response.json()["catalog"])


def test_the_server_imports_in_the_background_and_reports_it(start_server: Callable[..., LiveServer]) -> None:
    cards = [generated_card(i) for i in range(50)]
    with FakeScryfall(None, generated=0) as fake:
        fake.serve_bulk(cards, shape="jsonl", gz=True)
        # the server is ready while the file still downloads (long enough for a slow start-up)
        fake.delay_next("/files/", 8.0)
        live = start_server(ScriptedRuntime.opener(), scryfall_enabled=True, scryfall_base_url=fake.url, scryfall_auto_import=True)
        first = _status(live)
        assert first["scryfall_import"]["state"] in {"waiting", "checking", "downloading"}, first
        assert first["legality_known"] is False
        deadline = time.monotonic() + 45
        while (cat := _status(live))["scryfall_import"]["state"] not in {"imported", "failed"}:
            assert time.monotonic() < deadline, cat
            time.sleep(0.1)
        assert cat["scryfall_import"]["state"] == "imported", cat
        assert cat["scryfall_import"]["cards_written"] == 50
        assert cat["legality_known"] is True and cat["prices_date"] == "2026-06-01"
        assert cat["scryfall_import"]["next_check_at"]
        assert fake.hits("/bulk-data")[0].headers["User-Agent"].startswith("Vawlrathh/")
        card = httpx.get(f"{live.url}/api/v1/cards/named", params={"exact": "Generated Card 007"}, timeout=10).json()
        assert card["legalities"]["standard"] == "legal" and card["arena_id"] == 90007


def test_turned_off_it_never_calls_scryfall(start_server: Callable[..., LiveServer]) -> None:
    with FakeScryfall(None, generated=0) as fake:
        fake.serve_bulk([generated_card(0)])
        live = start_server(ScriptedRuntime.opener(), scryfall_enabled=True, scryfall_base_url=fake.url, scryfall_auto_import=False)
        assert _status(live)["scryfall_import"]["state"] == "off"
        time.sleep(0.3)
        assert fake.requests == []


def test_a_failed_index_is_reported_and_the_data_kept(data_dir: Path) -> None:
    settings = Settings(_env_file=None, data_dir=data_dir, scryfall_enabled=True,  # type: ignore[call-arg]
                        scryfall_base_url="http://127.0.0.1:9", scryfall_auto_import=True)
    with Catalog.open(data_dir) as catalog:
        before = catalog.card_count
        importer = BulkImporter(settings, catalog)
        assert asyncio.run(importer.run_once()) is False
        assert importer.status.state == "failed" and "unreachable" in (importer.status.error or "")
        assert catalog.card_count == before


def test_a_second_run_within_a_day_downloads_nothing(data_dir: Path) -> None:
    with FakeScryfall(None, generated=0) as fake, Catalog.open(data_dir) as catalog:
        fake.serve_bulk([generated_card(i) for i in range(5)], shape="array", gz=False)
        settings = Settings(_env_file=None, data_dir=data_dir, scryfall_enabled=True,  # type: ignore[call-arg]
                            scryfall_base_url=fake.url)
        importer = BulkImporter(settings, catalog)
        assert asyncio.run(importer.run_once()) and importer.status.state == "imported"
        assert asyncio.run(importer.run_once()) and importer.status.state == "current"
        assert len(fake.hits("/files/")) == 1
        assert not list((data_dir / "scryfall").glob("*.json*"))  # the downloaded file is not kept


def test_card_answers_show_legality_arena_and_dated_prices_after_an_import(data_dir: Path) -> None:
    import random

    from agent.intents import Intent
    from agent.offline_writer import _card
    from agent.tools.cards import card_facts, market_facts

    with FakeScryfall(None, generated=0) as fake, Catalog.open(data_dir) as catalog:
        fake.serve_bulk([generated_card(i) for i in range(3)], shape="jsonl", gz=False)
        settings = Settings(_env_file=None, data_dir=data_dir, scryfall_enabled=True,  # type: ignore[call-arg]
                            scryfall_base_url=fake.url)
        assert asyncio.run(BulkImporter(settings, catalog).run_once())
        card = catalog.get("Generated Card 001")
        assert card is not None
        facts = card_facts(card) | market_facts(card, catalog.prices_date())
    text = "".join(_card(Intent("card"), {"cards": {card.name: facts}}, has_deck=False, rng=random.Random(0)))
    assert "Legal in: Standard, Historic, Vintage." in text
    assert "On MTG Arena." in text
    assert "Prices: usd 0.10 (Scryfall, 2026-06-01)." in text


def test_deck_tab_shows_legality_or_says_it_is_not_loaded() -> None:
    from ui.facts_view import legality_line

    unknown = {"standard": "unknown", "historic": "unknown", "brawl": "not_legal"}
    assert "legality data isn't loaded yet" in (legality_line(unknown) or "")
    loaded = {"standard": "legal", "historic": "legal", "pioneer": "banned", "brawl": "not_legal"}
    assert legality_line(loaded) == "Legality: Standard ✓ · Historic ✓ · Pioneer ✗ banned · Brawl ✗"
