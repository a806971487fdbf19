"""With a model, the counting and card-odds tools are offered and work over the real SDKs.

Fake OpenAI and Anthropic servers play a model that plans ``count_cards`` and, while
answering, calls ``mana_odds`` with ``cards``; the agent runs the real tools, and the answer's
numbers are the facts. Expected values by hand: the test deck (tests/agent/_decks.IZZET) runs
4 Swiftspear + 4 Soul-Scar + 4 Sprite Dragon + 2 Stormwing + 2 Crackling Drake = 16 creatures.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from math import comb
from pathlib import Path
from typing import Any

import pytest

from agent.events import Message, ToolCall
from agent.runtime import Vawlrathh
from agent.settings import Settings
from tests.agent._decks import IZZET
from tests.fakes.anthropic_server import Call as AnthropicCall
from tests.fakes.anthropic_server import FakeAnthropic, plan
from tests.fakes.anthropic_server import Reply as AnthropicReply
from tests.fakes.deck_models import facts_in, tool_result_in
from tests.fakes.openai_server import Call, FakeOpenAI, Reply

KEY = "sk-e2e-questions-0123456789"
STEPS = [
    {"title": "Analyze the deck", "tool": "analyze_deck", "args": {}},
    {"title": "Count the creatures", "tool": "count_cards", "args": {"what": "creatures"}},
]
ODDS = {"cards": ["Monastery Swiftspear"], "by_turn": 2, "on_play": False}
# 4 Swiftspear in 60, turn 2 on the draw = 9 cards seen: 1 - C(56,9)/C(60,9)
SWIFTSPEAR = 1 - comb(56, 9) / comb(60, 9)


def answer(facts: dict[str, Any], odds: dict[str, Any]) -> str:
    return (f"{facts['count']['total']} creatures in your main deck. You see {odds['cards_seen']} cards of "
            f"{odds['library']} by turn 2 on the draw, so your chance to have your 4 **Monastery Swiftspear** "
            f"is {odds['probability']:.1%}.")


def openai_model(body: dict[str, Any]) -> Reply:
    if body.get("response_format"):
        return Reply(text=json.dumps({"steps": STEPS}))
    odds = tool_result_in(body["messages"])
    if odds is None:
        return Reply(text="Counting. ", calls=(Call("mana_odds", ODDS),))
    return Reply(text=answer(facts_in(body["messages"][0]["content"]), odds))


def claude_model(body: dict[str, Any]) -> AnthropicReply:
    if (body.get("tool_choice") or {}).get("name") == "submit_plan":
        return plan(STEPS)
    if (body.get("tool_choice") or {}).get("name") == "record_verdict":
        return AnthropicReply(calls=(AnthropicCall("record_verdict", {"verdict": "agree", "reasons": []}),))
    odds = tool_result_in(body["messages"])
    if odds is None:
        return AnthropicReply(text="Counting. ", calls=(AnthropicCall("mana_odds", ODDS),))
    return AnthropicReply(text=answer(facts_in(body["system"]), odds))


@pytest.fixture
def openai_server() -> Iterator[FakeOpenAI]:
    with FakeOpenAI(api_key=KEY) as fake:
        fake.responder = openai_model
        yield fake  # type: ignore[misc]


@pytest.fixture
def anthropic_server() -> Iterator[FakeAnthropic]:
    with FakeAnthropic(api_key=KEY) as fake:
        fake.responder = claude_model
        yield fake  # type: ignore[misc]


async def _turn(settings: Settings, catalog: Any) -> list[Any]:
    agent = await Vawlrathh.open(settings, catalog=catalog)
    agent.trials = 2000
    try:
        return [e async for e in agent.run_turn("t-q", "how many creatures, and swiftspear by t2 otd?", deck=IZZET)]
    finally:
        await agent.close()


def _check(events: list[Any]) -> None:
    message = next(e for e in events if isinstance(e, Message))
    assert message.facts["count"]["total"] == 16
    assert message.facts["odds_answer"]["probability"] == pytest.approx(SWIFTSPEAR, abs=1e-9)
    assert "16 creatures" in message.text and f"{SWIFTSPEAR:.1%}" in message.text
    assert {"count_cards", "mana_odds"} <= {e.name for e in events if isinstance(e, ToolCall)}


def _settings(data_dir: Path, **env: str) -> Settings:
    base = {"VAWLRATHH_DATA_DIR": str(data_dir), "LLM_TIMEOUT_S": "5", "LLM_MAX_RETRIES": "0"}
    return Settings(_env_file=None, **(base | env))  # type: ignore[call-arg]


async def test_openai_plans_a_count_and_calls_card_odds(openai_server: FakeOpenAI, data_dir: Path, catalog: Any) -> None:
    events = await _turn(_settings(data_dir, OPENAI_API_KEY=KEY, OPENAI_BASE_URL=openai_server.url), catalog)
    _check(events)
    offered = {t["function"]["name"] for t in openai_server.bodies()[-1]["tools"]}
    assert {"count_cards", "mana_odds"} <= offered


async def test_claude_plans_a_count_and_calls_card_odds(anthropic_server: FakeAnthropic, data_dir: Path, catalog: Any) -> None:
    events = await _turn(_settings(data_dir, ANTHROPIC_API_KEY=KEY, ANTHROPIC_BASE_URL=anthropic_server.base_url), catalog)
    _check(events)
