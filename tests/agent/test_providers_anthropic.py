"""AnthropicProvider through the real ``anthropic`` SDK against a local Messages server."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any

import pytest

from agent.providers.anthropic_provider import AnthropicProvider
from agent.providers.base import ChatTurn, ProviderError
from tests.agent._provider_support import (
    BROKEN,
    LAND_ODDS,
    ToolLog,
    collect,
    hypergeometric_at_least,
)
from tests.fakes.anthropic_server import Call, Fail, FakeAnthropic, Hang, Reply, plan

KEY = "sk-ant-test-0123456789"
MODEL = "claude-sonnet-4-6"
FACTS = json.dumps({"main_count": 60, "lands": 24})
HISTORY = [
    ChatTurn("user", "Analyze my deck."),
    ChatTurn("assistant", "Sixty cards. Twenty-four lands. Pedestrian."),
    ChatTurn("user", "And the fourth land on turn 4?"),
]


@pytest.fixture
def server() -> Iterator[FakeAnthropic]:
    with FakeAnthropic(api_key=KEY) as fake:
        yield fake  # type: ignore[misc]
        assert fake.unexpected == 0, "the provider made a request nobody scripted"


def make(server: FakeAnthropic, **kw: Any) -> AnthropicProvider:
    options: dict[str, Any] = {"timeout_s": 5.0, "max_retries": 0} | kw
    return AnthropicProvider(api_key=options.pop("api_key", KEY), model=MODEL, base_url=server.base_url, **options)


async def test_streams_text_deltas_with_the_history_and_facts(server: FakeAnthropic) -> None:
    text = "Sixty-three percent. Better odds than your sideboard deserves."
    server.enqueue(Reply(text=text, chunk=6))
    provider = make(server)
    deltas = await collect(provider.stream_answer("You are Vawlrathh.", HISTORY, FACTS, [LAND_ODDS], ToolLog()))
    await provider.aclose()

    assert "".join(deltas) == text and len(deltas) > 5
    (request,) = server.requests
    assert request.headers["authorization"] == f"Bearer {KEY}"
    assert request.headers["anthropic-version"]
    body = request.body or {}
    assert body["model"] == MODEL and body["stream"] is True and body["max_tokens"] > 0
    assert "You are Vawlrathh." in body["system"] and FACTS in body["system"]
    assert [(m["role"], m["content"]) for m in body["messages"]] == [(t.role, t.text) for t in HISTORY]
    assert body["tools"] == [
        {"name": "land_odds", "description": LAND_ODDS.description, "input_schema": LAND_ODDS.parameters}
    ]


async def test_tool_use_runs_and_tool_results_continue_the_stream(server: FakeAnthropic) -> None:
    args = {"deck": 60, "lands": 24, "seen": 10, "want": 4}
    server.enqueue(
        Reply(text="Let me count.", calls=(Call("land_odds", args, id="toolu_01"),), chunk=5),
        Reply(text=" About 63%."),
    )
    log = ToolLog()
    provider = make(server)
    text = "".join(await collect(provider.stream_answer("sys", HISTORY, FACTS, [LAND_ODDS], log)))
    await provider.aclose()

    assert text == "Let me count. About 63%."
    ((name, got_args, result),) = log.calls
    assert name == "land_odds" and got_args == args
    assert result == {"probability": round(hypergeometric_at_least(60, 24, 10, 4), 4)}
    second = server.bodies()[1]["messages"]
    assert second[-2] == {
        "role": "assistant",
        "content": [
            {"type": "text", "text": "Let me count."},
            {"type": "tool_use", "id": "toolu_01", "name": "land_odds", "input": args},
        ],
    }
    (tool_result,) = second[-1]["content"]
    assert tool_result["type"] == "tool_result" and tool_result["tool_use_id"] == "toolu_01"
    assert json.loads(tool_result["content"]) == result and "is_error" not in tool_result


async def test_a_failing_tool_is_reported_as_an_error_result(server: FakeAnthropic) -> None:
    server.enqueue(Reply(calls=(Call("broken_tool", {}, id="toolu_x"),)), Reply(text="Broken, like your curve."))
    log = ToolLog()
    provider = make(server)
    text = "".join(await collect(provider.stream_answer("sys", HISTORY, FACTS, [BROKEN], log)))
    await provider.aclose()
    assert text == "Broken, like your curve."
    assert log.calls == [("broken_tool", {}, {"error": "RuntimeError: catalog is closed"})]
    (tool_result,) = server.bodies()[1]["messages"][-1]["content"]
    assert tool_result["is_error"] is True


async def test_tool_rounds_are_bounded(server: FakeAnthropic) -> None:
    def responder(body: dict[str, Any]) -> Reply:
        if "tools" in body:
            return Reply(calls=(Call("land_odds", {"deck": 60, "lands": 24, "seen": 7, "want": 2}),))
        return Reply(text="Enough.")

    server.responder = responder
    provider = make(server, max_tool_rounds=1)
    text = "".join(await collect(provider.stream_answer("sys", HISTORY, FACTS, [LAND_ODDS], ToolLog())))
    await provider.aclose()
    assert text == "Enough."
    assert ["tools" in b for b in server.bodies()] == [True, False]


async def test_plan_comes_from_a_forced_tool_call(server: FakeAnthropic) -> None:
    steps = [
        {"title": "Count the lands", "tool": None, "args": {}},
        {"title": "Odds of the fourth land", "tool": "land_odds", "args": {"deck": 60, "lands": 24, "seen": 10, "want": 4}},
    ]
    server.enqueue(plan(steps))
    provider = make(server)
    result = await provider.plan("fourth land by turn 4?", "60 cards, 24 lands", [LAND_ODDS])
    await provider.aclose()

    assert [(s.title, s.tool, s.args) for s in result] == [(s["title"], s["tool"], s["args"]) for s in steps]
    body = server.bodies()[0]
    assert body["tool_choice"] == {"type": "tool", "name": "submit_plan"}
    assert body["tools"][0]["input_schema"]["required"] == ["steps"]
    assert "stream" not in body


async def test_a_plan_without_the_forced_tool_is_a_bad_response(server: FakeAnthropic) -> None:
    server.enqueue(Reply(text="I would rather chat."))
    provider = make(server)
    with pytest.raises(ProviderError) as caught:
        await provider.plan("q", "", [LAND_ODDS])
    await provider.aclose()
    assert caught.value.kind == "bad_response" and "submit_plan" in str(caught.value)


async def test_revise_returns_the_text_of_one_message(server: FakeAnthropic) -> None:
    server.enqueue(Reply(text="Twenty-four lands. As I said."))
    provider = make(server)
    text = await provider.revise("sys", "Twenty-three lands.", FACTS, ["'23' matches no fact"])
    await provider.aclose()
    assert text == "Twenty-four lands. As I said."
    body = server.bodies()[0]
    assert "'23' matches no fact" in body["messages"][0]["content"] and "stream" not in body


@pytest.mark.parametrize(
    ("script", "kind"),
    [
        (Fail(429, "Number of request tokens has exceeded your rate limit", retry_after=0.05), "rate_limit"),
        (Fail(500, "Internal server error"), "server"),
        (Fail(529, "Overloaded"), "server"),
        (Fail(404, "model: claude-9"), "bad_request"),
    ],
)
async def test_http_failures_become_provider_errors(server: FakeAnthropic, script: Fail, kind: str) -> None:
    server.enqueue(script)
    provider = make(server)
    with pytest.raises(ProviderError) as caught:
        await collect(provider.stream_answer("sys", HISTORY, FACTS, [], ToolLog()))
    await provider.aclose()
    assert caught.value.kind == kind and caught.value.provider == "anthropic"
    assert script.message in str(caught.value)


async def test_a_wrong_key_is_auth(server: FakeAnthropic) -> None:
    provider = make(server, api_key="sk-ant-wrong-abcdefgh")
    with pytest.raises(ProviderError) as caught:
        await provider.revise("sys", "d", FACTS, ["n"])
    await provider.aclose()
    assert caught.value.kind == "auth" and "sk-ant-wrong" not in str(caught.value)


async def test_the_sdk_retries_a_500_before_giving_up(server: FakeAnthropic) -> None:
    server.enqueue(Fail(500, retry_after=0.05), Reply(text="Second time lucky."))
    provider = make(server, max_retries=1)
    text = "".join(await collect(provider.stream_answer("sys", HISTORY, FACTS, [], ToolLog())))
    await provider.aclose()
    assert text == "Second time lucky." and len(server.requests) == 2


async def test_a_hung_server_is_a_timeout(server: FakeAnthropic) -> None:
    server.enqueue(Hang(5))
    provider = make(server, timeout_s=0.3)
    with pytest.raises(ProviderError) as caught:
        await collect(provider.stream_answer("sys", HISTORY, FACTS, [], ToolLog()))
    await provider.aclose()
    assert caught.value.kind == "timeout"


async def test_a_stalled_stream_is_a_timeout(server: FakeAnthropic) -> None:
    server.enqueue(Reply(text="The first few words and", chunk=4, stall_after=3))
    provider = make(server, timeout_s=0.3)
    received: list[str] = []
    with pytest.raises(ProviderError) as caught:
        async for delta in provider.stream_answer("sys", HISTORY, FACTS, [], ToolLog()):
            received.append(delta)
    await provider.aclose()
    assert caught.value.kind == "timeout" and "".join(received) == "The firs"


async def test_an_overloaded_error_event_mid_stream_is_a_server_error(server: FakeAnthropic) -> None:
    server.enqueue(Reply(text="Half an answer", chunk=4, error_after=2))
    provider = make(server)
    with pytest.raises(ProviderError) as caught:
        await collect(provider.stream_answer("sys", HISTORY, FACTS, [], ToolLog()))
    await provider.aclose()
    assert caught.value.kind == "server" and "Overloaded" in str(caught.value)


async def test_history_is_shaped_for_the_messages_api(server: FakeAnthropic) -> None:
    server.enqueue(Reply(text="Fine."))
    provider = make(server)
    ragged = [
        ChatTurn("assistant", "Greetings, mortal."),
        ChatTurn("user", "Analyze my deck."),
        ChatTurn("user", "  "),
        ChatTurn("user", "Quickly."),
    ]
    assert "".join(await collect(provider.stream_answer("sys", ragged, FACTS, [], ToolLog()))) == "Fine."
    with pytest.raises(ProviderError) as caught:
        await collect(provider.stream_answer("sys", [ChatTurn("user", " ")], FACTS, [], ToolLog()))
    await provider.aclose()
    assert server.bodies()[0]["messages"] == [{"role": "user", "content": "Analyze my deck.\n\nQuickly."}]
    assert caught.value.kind == "bad_request" and len(server.requests) == 1


async def test_closing_the_answer_early_hangs_up_the_http_stream(server: FakeAnthropic) -> None:
    server.enqueue(Reply(text="A long lecture nobody will finish", chunk=5, stall_after=2))
    provider = make(server, timeout_s=30)
    stream = provider.stream_answer("sys", HISTORY, FACTS, [], ToolLog())
    assert await anext(stream) == "A lon"
    await stream.aclose()
    assert await asyncio.to_thread(server.cut.wait, 5), "the server never saw the client hang up"
    await provider.aclose()
    assert server.streams_cut == 1
