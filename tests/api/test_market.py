"""Prices, wildcards, Player.log upload and match history over REST, on a live server.

The catalog holds the fixture bulk file (tests/arena/market_fixture.py) imported through the
loopback Scryfall fake; expected figures are the hand arithmetic of tests/arena/test_prices.py
and test_wildcards.py, and the history figures below are counted by hand from the matches.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from tests.api.live import LiveServer, make_settings
from tests.api.scripted import ScriptedRuntime
from tests.arena.market_fixture import priced_folder
from tests.fakes.player_log import FakeGame, FakeMatch, write_log

pytestmark = pytest.mark.timeout(120)

KEY = {"X-Owner-Key": "market-test-owner-key-0001"}
OTHER = {"X-Owner-Key": "market-test-owner-key-0002"}
TABI = "playerlog/mtgarenalogreader__tabi-cat-room_2026-07_play_bo1.log"


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory, catalog_dir: Path) -> Iterator[LiveServer]:
    folder = priced_folder(catalog_dir, tmp_path_factory.mktemp("market") / "data")
    with LiveServer(make_settings(folder), open_runtime=ScriptedRuntime.opener()) as server:
        yield server


@pytest.fixture
async def client(live: LiveServer) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=live.url + "/api/v1", timeout=60) as c:
        yield c


async def test_prices_and_wildcards(client: httpx.AsyncClient, realdata: Path) -> None:
    xmage = (realdata / "decks/xmage_testdeck.mtga.txt").read_text("utf-8")
    priced = await client.post("/prices", json={"text": xmage})
    assert priced.status_code == 200, priced.text
    # 24.15 / 20.28 / 8.65: the hand sums in tests/arena/test_prices.py
    assert priced.json()["totals"] == {"usd": 24.15, "eur": 20.28, "tix": 8.65}
    izzet = (realdata / "decks/e2e_forge_about_companion_alchemy_izzet.txt").read_text("utf-8")
    bill = (await client.post("/wildcards", json={"text": izzet})).json()
    assert (bill["common"], bill["uncommon"], bill["rare"], bill["mythic"]) == (5, 6, 5, 1)
    owned = (await client.post("/wildcards", json={
        "text": izzet, "collection": '"Count","Name"\n"4","Delver of Secrets"\n'})).json()
    assert owned["common"] == 1  # Delver's 4 owned: only Rampant Growth is left
    bad = await client.post("/prices", json={"text": "4 Lightning Bolt\n4 Nonexistent Cardname Zzz\n"})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "deck_parse_error"


async def test_log_upload_needs_an_owner_key_and_stores_once(client: httpx.AsyncClient, realdata: Path) -> None:
    data = (realdata / TABI).read_bytes()
    files = {"file": ("Player.log", data, "text/plain")}
    refused = await client.post("/history/log", files=files)
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "owner_key_required"
    first = (await client.post("/history/log", files=files, headers=OTHER)).json()
    assert (first["matches_in_log"], first["added"], first["already_stored"]) == (1, 1, 0)
    assert "2021" in first["collection_note"]
    again = (await client.post("/history/log", files=files, headers=OTHER)).json()
    assert (again["added"], again["already_stored"]) == (0, 1)
    history = (await client.get("/history", headers=OTHER)).json()
    assert [m["match_id"] for m in history["matches"]] == ["202d2b4e-725b-4dc9-b663-dbc51bb60ab4"]
    assert history["matches"][0]["result"] == "win" and history["matches"][0]["opponent"] == "Tabi_Cat"
    assert (await client.delete("/history", headers=OTHER)).json() == {"deleted": 1}
    missing = await client.post("/history/log", data={"player": "x"}, headers=OTHER)
    assert missing.status_code == 422


def _matches() -> list[FakeMatch]:
    bolt_deck = [73000] * 4 + [67001] * 20  # 4 Lightning Bolt, 20 Mountain (fixture Arena ids)
    delver_deck = [78412] * 4 + [67000] * 20  # 4 Delver of Secrets, 20 Island
    red, izzet = [73000, 71500], [78412, 77000]  # Bolt + Shock; Delver + Fire // Ice
    bo1 = [(True, True), (False, True), (True, True), (False, False), (True, False), (False, True)]
    matches = [FakeMatch(f"red-{i}", "RedPlayer", [FakeGame(p, w)], bolt_deck, red, 1784749094589 + i * 1000)
               for i, (p, w) in enumerate(bo1)]
    bo3 = [[(True, True), (False, False), (True, True)], [(False, False), (True, False)],
           [(True, True), (False, True)]]
    matches += [FakeMatch(f"izzet-bo3-{i}", "BluePlayer", [FakeGame(p, w) for p, w in games], delver_deck,
                          izzet, 1784749200000 + i * 1000) for i, games in enumerate(bo3)]
    matches += [FakeMatch(f"izzet-bo1-{i}", "BluePlayer", [FakeGame(p, w)], bolt_deck, izzet,
                          1784749300000 + i * 1000)
                for i, (p, w) in enumerate([(False, False), (True, True), (False, True)])]
    return matches


async def test_history_win_rates_with_intervals(client: httpx.AsyncClient) -> None:
    files = {"file": ("Player.log", write_log(_matches()), "text/plain")}
    upload = (await client.post("/history/log", files=files, headers=KEY)).json()
    assert (upload["matches_in_log"], upload["added"], upload["skipped_entries"]) == (12, 12, 0)
    repeat = (await client.post("/history/log", files=files, headers=KEY)).json()
    assert (repeat["added"], repeat["already_stored"]) == (0, 12)
    history = (await client.get("/history", headers=KEY)).json()
    assert len(history["matches"]) == 12
    summary = history["summary"]
    # Matches: Bolt deck vs red 4-2 (W W W L L W), Delver deck vs Izzet 2-1 (Bo3: W, L, W),
    # Bolt deck vs Izzet 2-1 (L W W). Overall 8-4 of 12.
    overall = summary["overall"]
    assert (overall["matches"], overall["wins"], overall["losses"], overall["too_few"]) == (12, 8, 4, False)
    # Wilson 95% for 8/12 by hand: center 0.82675/1.32017 = 0.62625, half 0.31106/1.32017 = 0.23562
    assert overall["interval_95"] == [0.3906, 0.8619]
    by_deck = {r["key"]: r for r in summary["by_deck"]}
    bolt = by_deck["deck with Lightning Bolt"]
    assert (bolt["matches"], bolt["wins"], bolt["losses"], bolt["too_few"]) == (9, 6, 3, True)
    assert bolt["interval_95"] == [0.3542, 0.8794]  # 6/9, from an independent formula script
    delver = by_deck["deck with Delver of Secrets // Insectile Aberration"]
    assert (delver["matches"], delver["wins"], delver["losses"]) == (3, 2, 1)
    by_arch = {r["key"].split()[0]: r for r in summary["by_opponent_archetype"]}
    assert (by_arch["Mono-Red"]["wins"], by_arch["Mono-Red"]["losses"]) == (4, 2)
    assert (by_arch["Izzet"]["wins"], by_arch["Izzet"]["losses"]) == (4, 2)
    # Games on the play: red 2-1 (W W L), Bo3s 2-0, 0-1, 1-0, Izzet Bo1 1-0 -> 6-2;
    # on the draw: red 2-1 (W L W), Bo3s 0-1, 0-1, 1-0, Izzet Bo1 1-1 -> 4-4.
    play = {r["key"]: r for r in summary["play_draw"]}
    assert (play["on the play"]["games"], play["on the play"]["wins"]) == (8, 6)
    assert (play["on the draw"]["games"], play["on the draw"]["wins"]) == (8, 4)
    assert play["on the play"]["interval_95"] == [0.4093, 0.9285]
    assert play["on the draw"]["too_few"] is True and "too few" in play["on the draw"]["note"]
    empty = (await client.get("/history", headers=OTHER)).json()
    assert empty["matches"] == [] and empty["summary"]["overall"] is None
