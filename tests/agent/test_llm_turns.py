"""Whole turns through ``Vawlrathh.run_turn`` with real SDK clients against local protocol servers.

The fake models here behave like a well-prompted model would: they plan with the offered
tools, call a tool while answering, and write their answer from the facts the agent sent
them (read back out of the request). Everything between the agent and the wire is real:
the factory, the providers, the SDKs, HTTP, SSE.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from agent.events import Consensus, Done, Message, ProviderKeys, Step, Token, ToolCall
from agent.runtime import Vawlrathh
from agent.settings import Settings
from tests.agent._decks import IZZET
from tests.fakes.anthropic_server import Fail as AnthropicFail
from tests.fakes.anthropic_server import FakeAnthropic
from tests.fakes.anthropic_server import Hang as AnthropicHang
from tests.fakes.anthropic_server import Reply as AnthropicReply
from tests.fakes.deck_models import PLAN_STEPS, ClaudeModel, OpenAIModel
from tests.fakes.openai_server import Fail, FakeOpenAI, Hang, Reply

OPENAI_KEY = "sk-e2e-openai-0123456789"
ANTHROPIC_KEY = "sk-ant-e2e-0123456789"
CLAUDE = "claude-sonnet-4-6"


# ---- harness ----------------------------------------------------------------------------------


@pytest.fixture
def openai_server() -> Iterator[FakeOpenAI]:
    with FakeOpenAI(api_key=OPENAI_KEY) as fake:
        yield fake  # type: ignore[misc]
        assert fake.unexpected == 0


@pytest.fixture
def anthropic_server() -> Iterator[FakeAnthropic]:
    with FakeAnthropic(api_key=ANTHROPIC_KEY) as fake:
        yield fake  # type: ignore[misc]
        assert fake.unexpected == 0


def settings_for(data_dir: Path, **env: str) -> Settings:
    base = {"VAWLRATHH_DATA_DIR": str(data_dir), "LLM_TIMEOUT_S": "2", "LLM_MAX_RETRIES": "0",
            "ANTHROPIC_MODEL": CLAUDE, "VAWLRATHH_JUDGE_MODEL": CLAUDE}
    return Settings(_env_file=None, **(base | env))  # type: ignore[call-arg]


@pytest.fixture
async def open_agent(catalog: Any) -> AsyncIterator[Any]:
    opened: list[Vawlrathh] = []

    async def _open(settings: Settings) -> Vawlrathh:
        agent = await Vawlrathh.open(settings, catalog=catalog)
        agent.trials = 2000
        opened.append(agent)
        return agent

    yield _open
    for agent in opened:
        await agent.close()


async def run(agent: Vawlrathh, thread: str, text: str, deck: str | None = None) -> list[Any]:
    return [event async for event in agent.run_turn(thread, text, deck=deck)]


def one(events: list[Any], kind: type) -> Any:
    (found,) = [e for e in events if isinstance(e, kind)]
    return found


def streamed(events: list[Any]) -> str:
    return "".join(e.text for e in events if isinstance(e, Token))


def assert_model_answer(events: list[Any], expected_odds: float) -> None:
    """The message is the streamed text minus the tool-round preamble, with the facts' numbers."""
    message = one(events, Message)
    assert isinstance(events[-1], Done)
    assert message.facts["analysis"]["lands"] == 24 and message.facts["analysis"]["main_count"] == 60
    assert message.facts["odds_answer"]["probability"] == pytest.approx(expected_odds, abs=1e-4)
    assert f"{expected_odds:.1%}" in message.text and "24 lands in 60 cards" in message.text
    assert len([e for e in events if isinstance(e, Token)]) > 5
    assert streamed(events) == message.text


def expected_fourth_land_on_the_draw() -> float:
    """Hypergeometric, independently: at least 4 lands among 11 cards of 60 with 24 lands."""
    from math import comb

    miss = sum(comb(24, k) * comb(36, 11 - k) for k in range(4))
    return 1 - miss / comb(60, 11)


# ---- the same conversation through each vendor ---------------------------------------------------


async def test_deck_conversation_through_openai(openai_server: FakeOpenAI, data_dir: Path, open_agent: Any) -> None:
    openai_server.responder = OpenAIModel()
    agent = await open_agent(settings_for(data_dir, OPENAI_API_KEY=OPENAI_KEY, OPENAI_BASE_URL=openai_server.url))
    assert agent.provider_name() == "openai"

    events = await run(agent, "t-openai", "Analyze my deck. Will I hit my fourth land on turn 4?", IZZET)

    titles = [s.title for s in events if isinstance(s, Step) and s.status == "running"]
    assert titles == [s["title"] for s in PLAN_STEPS]
    assert all(s.status == "done" for s in events if isinstance(s, Step) and s.status != "running")
    assert [t.name for t in events if isinstance(t, ToolCall)][-1] == "mana_odds"
    consensus = one(events, Consensus)
    assert (consensus.verdict, consensus.reviewer) == ("agree", "deterministic")
    assert_model_answer(events, expected_fourth_land_on_the_draw())

    kinds = [b.get("response_format", {}).get("type", "stream" if b.get("stream") else "plain") for b in openai_server.bodies()]
    assert kinds == ["json_object", "stream", "stream"]
    assert all(r.headers["authorization"] == f"Bearer {OPENAI_KEY}" for r in openai_server.requests)

    # The thread remembers: the next turn's request carries the first exchange.
    events = await run(agent, "t-openai", "And the same odds again?")
    assert isinstance(events[-1], Done) and one(events, Message).text
    history = [m for m in openai_server.bodies()[-1]["messages"] if m["role"] in ("user", "assistant") and m.get("content")]
    assert history[0]["content"].startswith("Analyze my deck") and "24 lands in 60 cards" in history[1]["content"]


async def test_deck_conversation_through_claude_with_the_claude_judge(
    anthropic_server: FakeAnthropic, data_dir: Path, open_agent: Any
) -> None:
    model = ClaudeModel()
    anthropic_server.responder = model
    agent = await open_agent(settings_for(data_dir, ANTHROPIC_API_KEY=ANTHROPIC_KEY, ANTHROPIC_BASE_URL=anthropic_server.base_url))
    assert agent.provider_name() == "anthropic"

    events = await run(agent, "t-claude", "Analyze my deck. Will I hit my fourth land on turn 4?", IZZET)

    consensus = one(events, Consensus)
    assert (consensus.verdict, consensus.reviewer) == ("agree", "deterministic+claude")
    assert_model_answer(events, expected_fourth_land_on_the_draw())
    (judged,) = model.judged
    assert one(events, Message).text in judged
    judge_body = next(b for b in anthropic_server.bodies() if (b.get("tool_choice") or {}).get("name") == "record_verdict")
    assert "stream" not in judge_body and not {"temperature", "top_p", "top_k"} & judge_body.keys()
    assert all(r.headers["authorization"] == f"Bearer {ANTHROPIC_KEY}" for r in anthropic_server.requests)


async def test_openai_answers_and_claude_judges(
    openai_server: FakeOpenAI, anthropic_server: FakeAnthropic, data_dir: Path, open_agent: Any
) -> None:
    openai_server.responder = OpenAIModel()
    anthropic_server.responder = ClaudeModel()
    agent = await open_agent(settings_for(
        data_dir, VAWLRATHH_PROVIDER="openai", OPENAI_API_KEY=OPENAI_KEY, OPENAI_BASE_URL=openai_server.url,
        ANTHROPIC_API_KEY=ANTHROPIC_KEY, ANTHROPIC_BASE_URL=anthropic_server.base_url,
    ))
    events = await run(agent, "t-mixed", "Analyze my deck. Will I hit my fourth land on turn 4?", IZZET)
    assert one(events, Consensus).reviewer == "deterministic+claude"
    assert_model_answer(events, expected_fourth_land_on_the_draw())
    assert [(b.get("tool_choice") or {}).get("name") for b in anthropic_server.bodies()] == ["record_verdict"]


async def test_an_openai_compatible_server_by_base_url_alone(data_dir: Path, open_agent: Any) -> None:
    with FakeOpenAI(model="llama3.1") as local:  # like Ollama: no key checked
        local.responder = OpenAIModel()
        agent = await open_agent(settings_for(data_dir, OPENAI_BASE_URL=local.url, OPENAI_MODEL="llama3.1"))
        assert agent.provider_name() == "openai-compatible"
        events = await run(agent, "t-local", "Analyze my deck. Will I hit my fourth land on turn 4?", IZZET)
        assert_model_answer(events, expected_fourth_land_on_the_draw())
        assert {r.headers["authorization"] for r in local.requests} == {"Bearer not-needed"}
        assert all(b["model"] == "llama3.1" and "max_tokens" in b for b in local.bodies())
        assert local.unexpected == 0


async def test_per_connection_keys_and_model_outrank_the_server_settings(
    openai_server: FakeOpenAI, anthropic_server: FakeAnthropic, data_dir: Path, open_agent: Any
) -> None:
    openai_server.responder = OpenAIModel()
    anthropic_server.responder = ClaudeModel()
    agent = await open_agent(settings_for(
        data_dir, ANTHROPIC_API_KEY=ANTHROPIC_KEY, ANTHROPIC_BASE_URL=anthropic_server.base_url
    ))
    assert agent.provider_name() == "anthropic"
    keys = ProviderKeys(openai=OPENAI_KEY, openai_base_url=openai_server.url)
    assert agent.provider_name(keys) == "openai"

    events = [e async for e in agent.run_turn("t-keys", "Analyze my deck.", deck=IZZET, keys=keys, model="gpt-4.1-mini")]

    assert isinstance(events[-1], Done) and one(events, Message).text
    assert {b["model"] for b in openai_server.bodies()} == {"gpt-4.1-mini"}
    assert {r.headers["authorization"] for r in openai_server.requests} == {f"Bearer {OPENAI_KEY}"}
    # The connection's OpenAI key writes the answer; the server's Anthropic key still judges it.
    assert one(events, Consensus).reviewer == "deterministic+claude"
    assert [(b.get("tool_choice") or {}).get("name") for b in anthropic_server.bodies()] == ["record_verdict"]


# ---- consensus revise paths ------------------------------------------------------------------------


async def test_claude_says_revise_then_the_provider_revises_and_the_verdict_is_revised(
    anthropic_server: FakeAnthropic, data_dir: Path, open_agent: Any
) -> None:
    reason = "The draft never says what to do about the short blue sources."
    model = ClaudeModel(verdicts=[("revise", [reason]), ("agree", [])], revised_suffix=" Add no cards; fix the mana.")
    anthropic_server.responder = model
    agent = await open_agent(settings_for(data_dir, ANTHROPIC_API_KEY=ANTHROPIC_KEY, ANTHROPIC_BASE_URL=anthropic_server.base_url))

    events = await run(agent, "t-revise", "Analyze my deck. Will I hit my fourth land on turn 4?", IZZET)

    consensus = one(events, Consensus)
    assert (consensus.verdict, consensus.reviewer) == ("revised", "deterministic+claude")
    assert any(reason in note for note in consensus.notes)
    message = one(events, Message)
    assert message.text.endswith("Add no cards; fix the mana.")
    assert len(model.judged) == 2 and message.text in model.judged[1]
    revise_body = next(b for b in anthropic_server.bodies() if not b.get("stream") and "tool_choice" not in b)
    assert reason in revise_body["messages"][0]["content"]


async def test_a_wrong_number_is_caught_deterministically_and_the_model_revises(
    openai_server: FakeOpenAI, data_dir: Path, open_agent: Any
) -> None:
    model = OpenAIModel(miscount=True)
    openai_server.responder = model
    agent = await open_agent(settings_for(data_dir, OPENAI_API_KEY=OPENAI_KEY, OPENAI_BASE_URL=openai_server.url))

    events = await run(agent, "t-wrong", "Analyze my deck. Will I hit my fourth land on turn 4?", IZZET)

    wrong = f"{model.wrong} lands"
    message = one(events, Message)
    assert model.wrong is not None and int(model.wrong) != message.facts["analysis"]["lands"]
    consensus = one(events, Consensus)
    assert (consensus.verdict, consensus.reviewer) == ("revised", "deterministic")
    assert any(str(model.wrong) in note for note in consensus.notes)
    assert wrong in streamed(events)  # the player saw the draft stream...
    assert wrong not in message.text and "24 lands in 60 cards" in message.text  # ...and got the fix
    revise = [b for b in openai_server.bodies() if not b.get("stream") and not b.get("response_format")]
    assert len(revise) == 1 and str(model.wrong) in revise[0]["messages"][1]["content"]


# ---- provider failures fall back to offline, and say so ------------------------------------------


@pytest.mark.parametrize(
    ("script", "words"),
    [
        (Hang(10), "timed out"),
        (Fail(429, "Rate limit reached", retry_after=0.05), "was rate-limited"),
        (Fail(500, "The server had an error"), "had a server error"),
    ],
)
async def test_openai_failures_fall_back_offline_and_say_so(
    openai_server: FakeOpenAI, data_dir: Path, open_agent: Any, script: Fail | Hang, words: str
) -> None:
    openai_server.enqueue(script)
    agent = await open_agent(settings_for(
        data_dir, OPENAI_API_KEY=OPENAI_KEY, OPENAI_BASE_URL=openai_server.url, LLM_TIMEOUT_S="0.5"
    ))
    events = await run(agent, "t-fail", "Analyze my deck.", IZZET)

    message = one(events, Message)
    assert f"(openai {words}; answered offline.)" in message.text
    assert message.facts["analysis"]["lands"] == 24
    assert re.search(r"\b24\b", message.text)  # the offline answer still carries the real numbers
    assert one(events, Consensus).verdict in ("agree", "revised")
    assert isinstance(events[-1], Done)
    assert len(openai_server.requests) == 1  # the plan failed; nothing else was tried


@pytest.mark.parametrize(
    ("script", "words"),
    [
        (AnthropicHang(10), "timed out"),
        (AnthropicFail(429, "rate limited", retry_after=0.05), "was rate-limited"),
        (AnthropicFail(529, "Overloaded"), "had a server error"),
        (AnthropicFail(401, "invalid x-api-key"), "rejected the key"),
    ],
)
async def test_claude_failures_fall_back_offline_and_say_so(
    anthropic_server: FakeAnthropic, data_dir: Path, open_agent: Any, script: Any, words: str
) -> None:
    anthropic_server.enqueue(script)
    anthropic_server.responder = ClaudeModel()  # the judge, after the failed plan
    agent = await open_agent(settings_for(
        data_dir, ANTHROPIC_API_KEY=ANTHROPIC_KEY, ANTHROPIC_BASE_URL=anthropic_server.base_url, LLM_TIMEOUT_S="0.5"
    ))
    events = await run(agent, "t-claude-fail", "Analyze my deck.", IZZET)

    message = one(events, Message)
    assert message.text.startswith(f"(anthropic {words}; answered offline.)")
    assert message.facts["analysis"]["main_count"] == 60 and re.search(r"\b60\b", message.text)
    assert isinstance(events[-1], Done)
    assert "submit_plan" == (anthropic_server.bodies()[0].get("tool_choice") or {}).get("name")


async def test_claude_failing_mid_stream_falls_back_offline(
    anthropic_server: FakeAnthropic, data_dir: Path, open_agent: Any
) -> None:
    model = ClaudeModel()

    def responder(body: dict[str, Any]) -> AnthropicReply:
        if body.get("stream"):
            return AnthropicReply(text="Your deck is a mess and", chunk=4, error_after=3)
        return model(body)

    anthropic_server.responder = responder
    agent = await open_agent(settings_for(data_dir, ANTHROPIC_API_KEY=ANTHROPIC_KEY, ANTHROPIC_BASE_URL=anthropic_server.base_url))
    events = await run(agent, "t-midstream", "Analyze my deck.", IZZET)

    message = one(events, Message)
    assert "(anthropic had a server error; answered offline.)" in message.text
    assert streamed(events).startswith("Your dec\n\n")  # two deltas reached the player before the error
    assert isinstance(events[-1], Done)


async def test_a_failing_judge_is_reported_as_not_run(
    openai_server: FakeOpenAI, anthropic_server: FakeAnthropic, data_dir: Path, open_agent: Any
) -> None:
    openai_server.responder = OpenAIModel()
    anthropic_server.enqueue(AnthropicFail(500, "api error"))
    agent = await open_agent(settings_for(
        data_dir, VAWLRATHH_PROVIDER="openai", OPENAI_API_KEY=OPENAI_KEY, OPENAI_BASE_URL=openai_server.url,
        ANTHROPIC_API_KEY=ANTHROPIC_KEY, ANTHROPIC_BASE_URL=anthropic_server.base_url,
    ))
    events = await run(agent, "t-judge-down", "Analyze my deck. Will I hit my fourth land on turn 4?", IZZET)

    consensus = one(events, Consensus)
    assert consensus.reviewer == "deterministic" and consensus.verdict == "agree"
    assert "claude judge did not run (server)" in consensus.notes


async def test_a_hung_judge_times_out_without_blocking_the_answer(
    openai_server: FakeOpenAI, anthropic_server: FakeAnthropic, data_dir: Path, open_agent: Any
) -> None:
    openai_server.responder = OpenAIModel()
    anthropic_server.enqueue(AnthropicHang(10))
    agent = await open_agent(settings_for(
        data_dir, VAWLRATHH_PROVIDER="openai", OPENAI_API_KEY=OPENAI_KEY, OPENAI_BASE_URL=openai_server.url,
        ANTHROPIC_API_KEY=ANTHROPIC_KEY, ANTHROPIC_BASE_URL=anthropic_server.base_url, LLM_TIMEOUT_S="0.5",
    ))
    events = await run(agent, "t-judge-slow", "Analyze my deck. Will I hit my fourth land on turn 4?", IZZET)
    assert "claude judge did not run (timeout)" in one(events, Consensus).notes
    assert_model_answer(events, expected_fourth_land_on_the_draw())


async def test_cancelling_a_turn_hangs_up_the_model_stream_and_saves_nothing(
    openai_server: FakeOpenAI, data_dir: Path, open_agent: Any
) -> None:
    def responder(body: dict[str, Any]) -> Reply:
        if body.get("response_format"):
            return Reply(text=json.dumps({"steps": PLAN_STEPS}))
        return Reply(text="A long lecture about your mana base that you will never finish", chunk=4, stall_after=3)

    openai_server.responder = responder
    agent = await open_agent(settings_for(
        data_dir, OPENAI_API_KEY=OPENAI_KEY, OPENAI_BASE_URL=openai_server.url, LLM_TIMEOUT_S="30"
    ))
    first_token = asyncio.Event()

    async def consume() -> None:
        async for event in agent.run_turn("t-cancel", "Analyze my deck.", deck=IZZET):
            if isinstance(event, Token):
                first_token.set()

    task = asyncio.create_task(consume())
    await asyncio.wait_for(first_token.wait(), 20)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert await asyncio.to_thread(openai_server.cut.wait, 5), "the model's stream was left open"
    assert await agent.thread_messages("t-cancel") == []
