"""MCP at /mcp/ on a real uvicorn server, through the official client: tools, resources, prompt.

Every expected number comes from another path than the tool's: the REST API for the same deck,
``python -m arena analyze --json`` in its own process, or exact fractions counted here.
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import subprocess
import sys
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path
from typing import Any

import httpx
import pytest
from mcp import Client, MCPError

from tests.agent._decks import IZZET
from tests.api.conftest import _fresh_data_dir
from tests.api.live import LiveServer, make_settings

pytestmark = pytest.mark.timeout(300)

REPO = Path(__file__).resolve().parents[2]
EXPORT = "deckview_originalsixty_explorer.txt"  # a real MTG Arena export (Deck header, set codes)
BROKEN = "Deck\n4 Lightnig Bolt\n4 Zzqxv Plorb\n20 Mountain\n"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, catalog_dir: Path) -> Iterator[LiveServer]:
    """The real agent behind the API (offline: no keys), one server for the module."""
    folder = _fresh_data_dir(tmp_path_factory.mktemp("mcp"), catalog_dir)
    with LiveServer(make_settings(folder, ui_proxy_enabled=False)) as live:
        yield live


@pytest.fixture(scope="module")
def export(realdata: Path) -> str:
    return (realdata / "decks" / EXPORT).read_text(encoding="utf-8")


def mcp_url(server: LiveServer) -> str:
    return f"{server.url}/mcp/"


async def call(server: LiveServer, name: str, args: dict[str, Any]) -> Any:
    async with Client(mcp_url(server)) as client:
        return await client.call_tool(name, args)


async def test_the_tools_are_listed_with_their_arguments(server: LiveServer) -> None:
    from agent.tools import REGISTRY

    async with Client(mcp_url(server)) as client:
        tools = {t.name: t for t in (await client.list_tools()).tools}
    assert list(tools) == [*(t.name for t in REGISTRY), "chat"]
    for tool in tools.values():
        assert tool.description and tool.input_schema["type"] == "object"
        assert tool.input_schema.get("additionalProperties") is False  # nothing a client sends is ignored
        assert not any("key" in name.lower() for name in tool.input_schema["properties"])  # never keys
    assert tools["analyze_deck"].input_schema["required"] == ["deck"]
    assert tools["compare_cards"].input_schema["required"] == ["a", "b"]
    assert set(tools["chat"].input_schema["properties"]) == {"message", "deck", "thread_id"}
    assert tools["chat"].input_schema["required"] == ["message"]
    assert tools["mana_odds"].description == REGISTRY.get("mana_odds").description
    # The analysis is typed: the client checks every result against this schema.
    output = tools["analyze_deck"].output_schema
    assert output is not None and {"main_count", "lands", "requirements", "odds", "decklist", "summary"} <= set(output["properties"])


async def test_analyze_deck_matches_the_cli_and_the_rest_api(server: LiveServer, export: str, realdata: Path) -> None:
    env = {**os.environ, "VAWLRATHH_DATA_DIR": str(server.settings.data_dir)}
    cli = await asyncio.to_thread(subprocess.run, [sys.executable, "-m", "arena", "analyze", str(realdata / "decks" / EXPORT), "--json"],
                         cwd=REPO, env=env, capture_output=True, text=True, timeout=120, check=True)
    expected = json.loads(cli.stdout)
    result = await call(server, "analyze_deck", {"deck": export})
    assert not result.is_error
    analysis = result.structured_content
    assert (analysis["main_count"], analysis["lands"]) == (expected["main_count"], expected["lands"])
    assert json.loads(result.content[0].text) == analysis  # the same JSON for text-only clients

    async with httpx.AsyncClient(base_url=server.url, timeout=60) as http:
        stored = (await http.post("/api/v1/decks", json={"text": export})).json()
        rest = (await http.get(f"/api/v1/decks/{stored['id']}/analysis")).json()
        named = (await http.post("/api/v1/decks", json={"text": export, "name": "Mine", "format": "explorer"})).json()
        rest_named = (await http.get(f"/api/v1/decks/{named['id']}/analysis")).json()
    by_id = (await call(server, "analyze_deck", {"deck": stored["id"]})).structured_content
    by_named_id = (await call(server, "analyze_deck", {"deck": named["id"]})).structured_content
    for tool_result, expected_rest in ((analysis, rest), (by_id, rest), (by_named_id, rest_named)):
        assert {k: v for k, v in tool_result.items() if k not in ("summary", "decklist")} == expected_rest
    assert (rest_named["name"], rest_named["format"]) == ("Mine", "explorer")


async def test_card_tools_match_the_rest_api(server: LiveServer) -> None:
    async with httpx.AsyncClient(base_url=server.url, timeout=30) as http:
        card = (await http.get("/api/v1/cards/named", params={"fuzzy": "lightnig bolt"})).json()
        page = (await http.get("/api/v1/cards/search", params={"q": "deals 3 damage to any target", "page_size": 8})).json()
    async with Client(mcp_url(server)) as client:
        looked = (await client.call_tool("lookup_card", {"name": "lightnig bolt"})).structured_content
        found = (await client.call_tool("search_cards", {"query": "deals 3 damage to any target"})).structured_content
        compared = (await client.call_tool("compare_cards", {"a": "Divination", "b": "Opt"})).structured_content
    assert (looked["name"], looked["mana_cost"], looked["type_line"], looked["oracle_text"]) == (
        card["name"], card["mana_cost"], card["type_line"], card["oracle_text"])
    assert found["total"] == page["total"] and [c["name"] for c in found["cards"]] == [c["name"] for c in page["items"]]
    assert (compared["cheaper"], compared["mana_value_difference"]) == ("Opt", 2)  # Divination {2}{U}, Opt {U}


async def test_deck_tools_compute_exact_odds_and_suggestions(server: LiveServer) -> None:
    async with Client(mcp_url(server)) as client:
        odds = (await client.call_tool("mana_odds", {"deck": IZZET, "want": 4, "by_turn": 4})).structured_content
        hypo = (await client.call_tool("mana_odds", {"want": 3, "by_turn": 3, "on_play": False,
                                                     "deck_size": 40, "lands": 17})).structured_content
        cast = await client.call_tool("mana_odds", {"deck": IZZET, "card": "Crackling Drake"})
        suggestions = await client.call_tool("suggest_changes", {"deck": IZZET})
        legal = (await client.call_tool("check_legality", {"deck": IZZET, "format": "standard"})).structured_content
        cards = (await client.call_tool("check_legality", {"cards": ["Opt"], "format": "historic"})).structured_content
    # IZZET: 60 cards, 24 lands (4+4+4 duals, 6 Island, 6 Mountain); turn 4 on the play sees 10 cards.
    hit = Fraction(sum(math.comb(24, k) * math.comb(36, 10 - k) for k in range(4, 11)), math.comb(60, 10))
    assert odds["probability"] == pytest.approx(float(hit), abs=5e-5) and odds["source"] == "deck"
    # 40 cards, 17 lands, on the draw by turn 3: 10 cards seen, at least 3 lands.
    hit40 = Fraction(sum(math.comb(17, k) * math.comb(23, 10 - k) for k in range(3, 11)), math.comb(40, 10))
    assert hypo["probability"] == pytest.approx(float(hit40), abs=5e-5) and hypo["cards_seen"] == 10
    assert not cast.is_error and cast.structured_content["card"] == "Crackling Drake"
    assert not suggestions.is_error and {"cuts", "adds"} <= set(suggestions.structured_content)
    assert legal["format"] == "standard" and legal["summary"].startswith("deck in standard")
    assert cards["cards"] == {"Opt": "unknown"}  # the offline corpus carries no legality


async def test_bad_input_is_a_tool_error_with_the_api_message(server: LiveServer) -> None:
    async with httpx.AsyncClient(base_url=server.url, timeout=30) as http:
        rest = (await http.post("/api/v1/decks", json={"text": BROKEN})).json()["error"]
    async with Client(mcp_url(server)) as client:
        broken = await client.call_tool("analyze_deck", {"deck": BROKEN})
        unknown = await client.call_tool("lookup_card", {"name": "Zzqxv Plorb"})
        no_deck = await client.call_tool("suggest_changes", {})
        a_key = await client.call_tool("chat", {"message": "hi", "openai_api_key": "sk-test"})
        limit = await client.call_tool("search_cards", {"query": "bolt", "limit": 500})
        stored = await client.call_tool("analyze_deck", {"deck": "f" * 32})
        chat_broken = await client.call_tool("chat", {"message": "is my mana ok?", "deck": BROKEN})
    assert broken.is_error and broken.content[0].text == rest["message"]
    assert rest["message"].startswith("The deck has 2 problems:") and "line 2:" in rest["message"]
    assert broken.structured_content["error"]["code"] == "deck_parse_error" == rest["code"]
    assert broken.structured_content["error"]["details"] == rest["details"]
    assert unknown.is_error and unknown.content[0].text.startswith("no card named 'Zzqxv Plorb'")
    assert no_deck.is_error and "needs a deck" in no_deck.content[0].text
    assert a_key.is_error and a_key.content[0].text == "openai_api_key is not an argument of chat"
    assert limit.is_error and limit.content[0].text == "limit must be at most 25, got 500"
    assert stored.is_error and stored.structured_content["error"]["code"] == "deck_not_found"
    assert chat_broken.is_error and chat_broken.content[0].text == rest["message"]


async def test_chat_answers_the_land_count_with_a_verdict_and_continues_the_thread(server: LiveServer, export: str) -> None:
    lands = (await call(server, "analyze_deck", {"deck": export})).structured_content["lands"]
    async with Client(mcp_url(server)) as client:
        first = await client.call_tool("chat", {"message": "How many lands are in my deck?", "deck": export})
        assert not first.is_error, first.content
        turn = first.structured_content
        follow = await client.call_tool("chat", {"message": "What should I cut?", "thread_id": turn["thread_id"]})
    assert f"you run {lands}" in turn["answer"].lower() or f"{lands} lands" in turn["answer"].lower()
    assert turn["facts"]["analysis"]["lands"] == lands
    assert turn["consensus"]["verdict"] in ("agree", "revised") and turn["thread_id"].startswith("t-")
    assert turn["thread_id"] in first.content[0].text  # text-only clients can continue the thread too
    assert not follow.is_error and follow.structured_content["thread_id"] == turn["thread_id"]
    assert "suggestions" in follow.structured_content["facts"]  # the thread kept its deck
    async with httpx.AsyncClient(base_url=server.url, timeout=30) as http:
        history = (await http.get(f"/api/v1/threads/{turn['thread_id']}/messages")).json()
    assert [m["role"] for m in history["messages"]] == ["user", "assistant", "user", "assistant"]


async def test_two_clients_at_once(server: LiveServer, export: str) -> None:
    async def session(deck: str, question: str) -> tuple[int, str]:
        async with Client(mcp_url(server)) as client:
            analysis, turn = await asyncio.gather(
                client.call_tool("analyze_deck", {"deck": deck}),
                client.call_tool("chat", {"message": question, "deck": deck}),
            )
            return analysis.structured_content["main_count"], turn.structured_content["facts"]["analysis"]["colors"]

    first, second = await asyncio.gather(session(export, "Is my mana ok?"), session(IZZET, "Is my mana ok?"))
    assert first == (63, "WU") and second == (60, "UR")


async def test_resources_and_the_review_prompt(server: LiveServer, sample_deck: str) -> None:
    async with httpx.AsyncClient(base_url=server.url, timeout=30) as http:
        stored = (await http.post("/api/v1/decks", json={"text": sample_deck, "name": "Burn"})).json()
        rest_deck = (await http.get(f"/api/v1/decks/{stored['id']}")).json()
        status = (await http.get("/api/v1/status")).json()
    async with Client(mcp_url(server)) as client:
        listed = await client.list_resources()
        templates = await client.list_resource_templates()
        deck = await client.read_resource(f"vawlrathh://decks/{stored['id']}")
        catalog = await client.read_resource("vawlrathh://catalog/status")
        prompts = await client.list_prompts()
        prompt = await client.get_prompt("review_my_deck", {"deck": stored["id"], "format": "standard"})
        with pytest.raises(MCPError, match="No stored deck has id"):
            await client.read_resource(f"vawlrathh://decks/{'0' * 32}")
        turn = await client.call_tool("chat", {"message": "How many lands are in my deck?", "deck": stored["id"]})
    # SAMPLE_DECK: ten playsets and 20 Mountain in the main deck, 2 Abrade in the sideboard.
    assert turn.structured_content["facts"]["analysis"]["main_count"] == 60
    assert turn.structured_content["facts"]["analysis"]["lands"] == 20 and "20" in turn.structured_content["answer"]
    assert [r.uri for r in listed.resources] == ["vawlrathh://catalog/status"]
    assert [t.uri_template for t in templates.resource_templates] == ["vawlrathh://decks/{deck_id}"]
    assert json.loads(deck.contents[0].text) == rest_deck
    assert json.loads(catalog.contents[0].text) == status
    assert [p.name for p in prompts.prompts] == ["review_my_deck"]
    text = prompt.messages[0].content.text
    assert stored["id"] in text and "analyze_deck" in text and "standard" in text


async def test_hosts_are_checked(server: LiveServer) -> None:
    init = {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}}
    headers = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}
    async with httpx.AsyncClient(base_url=server.url, timeout=30) as http:
        space = await http.post("/mcp/", json=init, headers={**headers, "Host": "someone-vawlrathh.hf.space"})
        local = await http.post("/mcp", json=init, headers={**headers, "Host": f"localhost:{server.port}"})
        evil = await http.post("/mcp/", json=init, headers={**headers, "Host": "evil.example"})
        bare = await http.post("/mcp/", json=init, headers={**headers, "Host": "hf.space.evil.example"})
        page = await http.post("/mcp/", json=init, headers={**headers, "Origin": "https://evil.example"})
    assert space.status_code == 200 and space.json()["result"]["serverInfo"]["name"] == "vawlrathh"
    assert local.status_code == 200
    assert evil.status_code == 421 and evil.json()["error"]["code"] == "host_not_allowed"
    assert bare.status_code == 421
    assert page.status_code == 403 and page.json()["error"]["code"] == "origin_not_allowed"


def test_host_patterns_and_the_public_mcp_url(tmp_path: Path) -> None:
    from api.mcp.http import host_allowed, host_name

    patterns = ["localhost", "127.0.0.1", "[::1]", "*.hf.space"]
    assert [host_name(h) for h in ("LocalHost:7860", "[::1]:7860", "a-b.hf.space", "")] == ["localhost", "[::1]", "a-b.hf.space", ""]
    assert all(host_allowed(h, patterns) for h in ("localhost", "127.0.0.1", "[::1]", "someone-vawlrathh.hf.space"))
    assert not any(host_allowed(h, patterns) for h in ("hf.space", "evilhf.space", "hf.space.evil.example", "", "10.0.0.5"))
    assert make_settings(tmp_path, MCP_ALLOWED_HOSTS="example.org, *.example.net").mcp_allowed_hosts == ["example.org", "*.example.net"]
    assert make_settings(tmp_path).mcp_url == "http://localhost:7860/mcp/"
    assert make_settings(tmp_path, SPACE_HOST="someone-vawlrathh.hf.space").mcp_url == "https://someone-vawlrathh.hf.space/mcp/"


def test_the_documented_tool_lists_are_the_generated_ones() -> None:
    from api.mcp.docs import blocks, current_block

    for path, block in blocks().items():
        assert current_block(path) == block.strip(), f"{path.name} is stale: run python -m api.mcp.docs --write"
