"""``python -m api.mcp``: the same MCP server over stdio, started by the official client."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from mcp import Client, StdioServerParameters

from tests.agent._decks import IZZET

pytestmark = pytest.mark.timeout(180)

REPO = Path(__file__).resolve().parents[2]


async def test_stdio_serves_the_same_tools(data_dir: Path) -> None:
    from agent.tools import REGISTRY

    env = {**os.environ, "VAWLRATHH_DATA_DIR": str(data_dir), "SCRYFALL_ENABLED": "false", "LOG_LEVEL": "WARNING"}
    params = StdioServerParameters(command=sys.executable, args=["-m", "api.mcp"], cwd=str(REPO), env=env)
    async with Client(params) as client:
        tools = [t.name for t in (await client.list_tools()).tools]
        analysis = await client.call_tool("analyze_deck", {"deck": IZZET})
        broken = await client.call_tool("analyze_deck", {"deck": "Deck\n4 Zzqxv Plorb\n"})
        turn = await client.call_tool("chat", {"message": "How many lands are in my deck?", "deck": IZZET})
        status = await client.read_resource("vawlrathh://catalog/status")
    assert tools == [*(t.name for t in REGISTRY), "chat"]
    assert (analysis.structured_content["main_count"], analysis.structured_content["lands"]) == (60, 24)
    assert broken.is_error and broken.content[0].text.startswith("The deck has 1 problem:\n  line 2:")
    assert not turn.is_error and "24" in turn.structured_content["answer"]
    assert '"card_count"' in status.contents[0].text
