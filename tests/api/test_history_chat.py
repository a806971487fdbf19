"""The chat reads the player's own match history: over the WebSocket (owner key in hello) and
POST /chat (X-Owner-Key), on a live server with the real agent, offline.

The log is the twelve matches of tests/api/test_market.py; the expected records and intervals
are counted by hand there and below, never read back from the engine.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import connect

from tests.api.live import LiveServer, make_settings, recv_event, recv_until
from tests.api.test_market import _matches
from tests.arena.market_fixture import priced_folder
from tests.fakes.player_log import write_log

pytestmark = pytest.mark.timeout(180)

KEY = "history-chat-owner-key-0001"
STRANGER = "history-chat-owner-key-0002"


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory, catalog_dir: Path) -> Iterator[LiveServer]:
    folder = priced_folder(catalog_dir, tmp_path_factory.mktemp("history-chat") / "data")
    with LiveServer(make_settings(folder)) as server:
        files = {"file": ("Player.log", write_log(_matches()), "text/plain")}
        for _ in range(2):  # a repeated upload must not count any match twice
            upload = httpx.post(f"{server.url}/api/v1/history/log", files=files,
                                headers={"X-Owner-Key": KEY}, timeout=60)
            assert upload.status_code == 200, upload.text
        yield server


async def _ask(live: LiveServer, text: str, *, owner_key: str | None,
               deck: str | None = None) -> tuple[str, list[dict[str, Any]]]:
    async with connect(live.ws_url, open_timeout=30) as ws:
        await recv_event(ws)  # ready for a fresh thread
        hello: dict[str, Any] = {"type": "hello"}
        if owner_key is not None:
            hello["owner_key"] = owner_key
        await ws.send(json.dumps(hello))
        await recv_until(ws, "ready")
        await ws.send(json.dumps({"type": "user_message", "text": text, "deck": deck}))
        events = await recv_until(ws, "done")
    message = next(e for e in events if e["type"] == "message")
    return message["text"], events


async def test_win_rate_against_an_archetype(live: LiveServer) -> None:
    text, events = await _ask(live, "what's my win rate vs Izzet?", owner_key=KEY)
    # Against Izzet: Delver deck 2-1 (Bo3 W, L, W) and Bolt deck 2-1 (L W W) = 4-2 of 6 matches.
    # Wilson 95% for 4/6 by hand: center (4/6 + 3.8415/12) / (1 + 3.8415/6) = 0.98679/1.64025 = 0.6016,
    # half 1.96 * sqrt(2/9/6 + 3.8415/144) / 1.64025 = 0.3016 -> 30% to 90%.
    assert "4 wins, 2 losses in 6 matches: 67% won (95% interval 30% to 90%)" in text
    assert "too few" in text
    steps = [e["title"] for e in events if e["type"] == "step"]
    assert "Read your match history" in steps
    verdict = next(e for e in events if e["type"] == "consensus")
    assert verdict["claims_wrong"] == 0 and verdict["claims_unverifiable"] == 0, (verdict, text)


async def test_overall_record_over_rest(live: LiveServer) -> None:
    async with httpx.AsyncClient(base_url=live.url + "/api/v1", timeout=60) as client:
        reply = await client.post("/chat", json={"text": "how have I been doing? my record please"},
                                  headers={"X-Owner-Key": KEY})
    assert reply.status_code == 200, reply.text
    text = reply.json()["message"]
    # 8-4 of 12 (test_market's hand count), Wilson 0.3906-0.8619; the upload was sent twice.
    assert "8 wins, 4 losses in 12 matches: 67% won (95% interval 39% to 86%)" in text
    # Games on the play 6-2 of 8 (Wilson 0.4093-0.9285), on the draw 4-4 of 8.
    assert "On the play: 6 wins, 2 losses in 8 games: 75% won (95% interval 41% to 93%)" in text
    assert "On the draw: 4 wins, 4 losses in 8 games: 50% won (95% interval 22% to 78%)" in text


async def test_no_key_and_no_uploads_say_what_to_do(live: LiveServer) -> None:
    unlinked, _ = await _ask(live, "what's my win rate?", owner_key=None)
    assert "isn't linked" in unlinked and "Market" in unlinked and "Player.log" in unlinked
    empty, _ = await _ask(live, "what's my win rate?", owner_key=STRANGER)
    assert "haven't uploaded any matches" in empty
    for answer in (unlinked, empty):
        assert "%AppData%" not in answer and "export " not in answer and "$" not in answer


async def test_an_opponent_never_faced_is_said_plainly(live: LiveServer) -> None:
    text, _ = await _ask(live, "my win rate against control", owner_key=KEY)
    assert "None of your stored matches was against a deck I'd call control" in text
    assert "Mono-Red" in text and "Izzet" in text



async def test_with_this_deck_picks_the_matches_played_with_it(live: LiveServer) -> None:
    # The Bolt deck of the log (4 Lightning Bolt, 20 Mountain) played 9 matches: 4-2 vs red and
    # 2-1 vs Izzet = 6-3; Wilson 6/9 = 0.3542-0.8794 (test_market's independent script).
    text, _ = await _ask(live, "what's my win rate with this deck?", owner_key=KEY,
                         deck="Deck\n4 Lightning Bolt\n20 Mountain\n")
    assert "with this deck, 9 of the 12 matches you uploaded: 6 wins, 3 losses in 9 matches: 67% won " \
           "(95% interval 35% to 88%)" in text
    assert "Delver" not in text


async def test_mcp_reads_the_history_of_the_requests_owner_key(live: LiveServer) -> None:
    import httpx2
    from mcp import Client
    from mcp.client.streamable_http import streamable_http_client

    async def history(headers: dict[str, str]) -> dict[str, Any]:
        async with httpx2.AsyncClient(headers=headers, timeout=60) as http, \
                Client(streamable_http_client(f"{live.url}/mcp/", http_client=http)) as client:
            result = await client.call_tool("match_history", {"opponent": "mono red"})
        return dict(result.structured_content or {})

    mine = await history({"X-Owner-Key": KEY})
    # Against Mono-Red: the Bolt deck's six Bo1 matches, W W W L L W = 4-2.
    assert (mine["selected"], mine["overall"]["wins"], mine["overall"]["losses"]) == (6, 4, 2)
    assert (await history({}))["available"] is False
    short = await history({"X-Owner-Key": "short"})
    assert short["error"]["code"] == "invalid_owner_key"
