"""OpenAIProvider through the real ``openai`` SDK against a local chat-completions server."""

from __future__ import annotations

import asyncio
import json
import math
import socket
from collections.abc import Iterator
from typing import Any

import openai
import pytest

from agent.providers.base import ChatTurn, ProviderError
from agent.providers.openai_provider import OpenAIProvider
from tests.agent._provider_support import (
    BROKEN,
    LAND_ODDS,
    ToolLog,
    collect,
    hypergeometric_at_least,
)
from tests.fakes.openai_server import Call, Fail, FakeOpenAI, Hang, Reply

KEY = "sk-test-0123456789"
FACTS = json.dumps({"main_count": 60, "lands": 24})
HISTORY = [ChatTurn("user", "Will I hit my fourth land on turn 4?")]


@pytest.fixture
def server() -> Iterator[FakeOpenAI]:
    with FakeOpenAI(api_key=KEY) as fake:
        yield fake  # type: ignore[misc]
        assert fake.unexpected == 0, "the provider made a request nobody scripted"


def make(server: FakeOpenAI, **kw: Any) -> OpenAIProvider:
    options: dict[str, Any] = {"timeout_s": 5.0, "max_retries": 0} | kw
    return OpenAIProvider(api_key=options.pop("api_key", KEY), model="gpt-4o-mini", base_url=server.url, **options)


async def test_streams_text_in_deltas_and_sends_what_openai_expects(server: FakeOpenAI) -> None:
    text = "Twenty-four lands. You will hit the fourth drop often enough. Stop worrying."
    server.enqueue(Reply(text=text, chunk=5))
    provider = make(server)
    deltas = await collect(provider.stream_answer("You are Vawlrathh.", HISTORY, FACTS, [LAND_ODDS], ToolLog()))
    await provider.aclose()

    assert "".join(deltas) == text
    assert len(deltas) == math.ceil(len(text) / 5)
    (request,) = server.requests
    assert request.headers["authorization"] == f"Bearer {KEY}"
    body = request.body or {}
    assert body["model"] == "gpt-4o-mini" and body["stream"] is True
    assert body["messages"][0]["role"] == "system"
    assert "You are Vawlrathh." in body["messages"][0]["content"] and FACTS in body["messages"][0]["content"]
    assert body["messages"][1] == {"role": "user", "content": HISTORY[0].text}
    assert body["tools"][0]["function"]["name"] == "land_odds"
    assert body["tools"][0]["function"]["parameters"] == LAND_ODDS.parameters
    assert "max_completion_tokens" in body


async def test_tool_call_split_across_chunks_runs_and_the_answer_continues(server: FakeOpenAI) -> None:
    args = {"deck": 60, "lands": 24, "seen": 10, "want": 4}
    server.enqueue(Reply(calls=(Call("land_odds", args, id="call_abc"),), chunk=4), Reply(text="About 63%."))
    log = ToolLog()
    provider = make(server)
    deltas = await collect(provider.stream_answer("sys", HISTORY, FACTS, [LAND_ODDS], log))
    await provider.aclose()

    assert "".join(deltas) == "About 63%."
    expected = round(hypergeometric_at_least(60, 24, 10, 4), 4)
    assert log.calls == [("land_odds", args, {"probability": expected})]
    follow_up = server.bodies()[1]["messages"]
    assert follow_up[-2]["tool_calls"][0]["id"] == "call_abc"
    assert json.loads(follow_up[-2]["tool_calls"][0]["function"]["arguments"]) == args
    assert follow_up[-1]["role"] == "tool" and follow_up[-1]["tool_call_id"] == "call_abc"
    assert json.loads(follow_up[-1]["content"]) == {"probability": expected}


async def test_parallel_tool_calls_keep_their_own_arguments(server: FakeOpenAI) -> None:
    first = {"deck": 60, "lands": 24, "seen": 9, "want": 3}
    second = {"deck": 40, "lands": 17, "seen": 10, "want": 4}
    server.enqueue(Reply(calls=(Call("land_odds", first), Call("land_odds", second)), chunk=3), Reply(text="Done."))
    log = ToolLog()
    provider = make(server)
    await collect(provider.stream_answer("sys", HISTORY, FACTS, [LAND_ODDS], log))
    await provider.aclose()

    assert [c[1] for c in log.calls] == [first, second]
    tool_messages = [m for m in server.bodies()[1]["messages"] if m["role"] == "tool"]
    assert len(tool_messages) == 2


async def test_failing_unknown_and_malformed_tools_go_back_to_the_model_as_errors(server: FakeOpenAI) -> None:
    server.enqueue(
        Reply(calls=(Call("broken_tool"), Call("no_such_tool"), Call("land_odds", {"deck": 60}))),
        Reply(text="Your tools are as broken as your mana."),
    )
    log = ToolLog()
    provider = make(server)
    text = "".join(await collect(provider.stream_answer("sys", HISTORY, FACTS, [LAND_ODDS, BROKEN], log)))
    await provider.aclose()

    assert text.startswith("Your tools")
    results = {name: result for name, _, result in log.calls}
    assert results["broken_tool"] == {"error": "RuntimeError: catalog is closed"}
    assert "unknown tool" in results["no_such_tool"]["error"]
    assert "missing lands, seen, want" == results["land_odds"]["error"]


async def test_tool_rounds_are_bounded_and_the_last_round_offers_no_tools(server: FakeOpenAI) -> None:
    def responder(body: dict[str, Any]) -> Reply:
        if "tools" in body:
            return Reply(calls=(Call("land_odds", {"deck": 60, "lands": 24, "seen": 7, "want": 2}),))
        return Reply(text="Enough tools.")

    server.responder = responder
    log = ToolLog()
    provider = make(server, max_tool_rounds=2)
    text = "".join(await collect(provider.stream_answer("sys", HISTORY, FACTS, [LAND_ODDS], log)))
    await provider.aclose()

    assert text == "Enough tools."
    assert len(log.calls) == 2
    assert ["tools" in b for b in server.bodies()] == [True, True, False]


async def test_plan_is_parsed_and_validated(server: FakeOpenAI) -> None:
    steps = [
        {"title": "Read the deck", "tool": None, "args": {}},
        {"title": "Odds of the fourth land", "tool": "land_odds", "args": {"deck": 60, "lands": 24, "seen": 10, "want": 4}},
    ]
    server.enqueue(Reply(text="```json\n" + json.dumps({"steps": steps}) + "\n```"))
    provider = make(server)
    plan = await provider.plan("fourth land on turn 4?", "deck: 60 cards", [LAND_ODDS])
    await provider.aclose()

    assert [(s.title, s.tool, s.args) for s in plan] == [(s["title"], s["tool"], s["args"]) for s in steps]
    body = server.bodies()[0]
    assert body["response_format"] == {"type": "json_object"}
    assert "land_odds" in body["messages"][0]["content"]
    assert "fourth land on turn 4?" in body["messages"][1]["content"]


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("not json at all", "plan is not valid"),
        (json.dumps({"steps": []}), "plan is not valid"),
        (json.dumps({"steps": [{"title": "Guess", "tool": "crystal_ball", "args": {}}]}), "unknown tool 'crystal_ball'"),
        (json.dumps({"steps": [{"title": "Odds", "tool": "land_odds", "args": {"deck": 60}}]}), "step 1 (land_odds): missing"),
    ],
)
async def test_bad_plans_are_bad_responses(server: FakeOpenAI, content: str, needle: str) -> None:
    server.enqueue(Reply(text=content))
    provider = make(server)
    with pytest.raises(ProviderError) as caught:
        await provider.plan("q", "", [LAND_ODDS])
    await provider.aclose()
    assert caught.value.kind == "bad_response" and caught.value.provider == "openai"
    assert needle in str(caught.value)


async def test_revise_is_one_unstreamed_completion(server: FakeOpenAI) -> None:
    server.enqueue(Reply(text="  Twenty-four lands, not twenty-three.  "))
    provider = make(server)
    text = await provider.revise("sys", "Twenty-three lands.", FACTS, ["'23' matches no fact (lands = 24)"])
    await provider.aclose()

    assert text == "Twenty-four lands, not twenty-three."
    body = server.bodies()[0]
    assert not body.get("stream")
    assert "'23' matches no fact (lands = 24)" in body["messages"][1]["content"]
    assert "Twenty-three lands." in body["messages"][1]["content"]


async def test_an_empty_completion_is_a_bad_response(server: FakeOpenAI) -> None:
    server.enqueue(Reply(text=""))
    provider = make(server)
    with pytest.raises(ProviderError) as caught:
        await provider.revise("sys", "draft", FACTS, ["note"])
    await provider.aclose()
    assert caught.value.kind == "bad_response"


@pytest.mark.parametrize(
    ("script", "kind"),
    [
        (Fail(429, "Rate limit reached", retry_after=0.05), "rate_limit"),
        (Fail(500, "The server had an error"), "server"),
        (Fail(503, "Overloaded"), "server"),
        (Fail(404, "The model `gpt-9` does not exist"), "bad_request"),
        (Fail(403, "Project lacks access"), "auth"),
    ],
)
async def test_http_failures_become_provider_errors(server: FakeOpenAI, script: Fail, kind: str) -> None:
    server.enqueue(script)
    provider = make(server)
    with pytest.raises(ProviderError) as caught:
        await collect(provider.stream_answer("sys", HISTORY, FACTS, [], ToolLog()))
    await provider.aclose()
    assert caught.value.kind == kind
    assert script.message in str(caught.value)


async def test_a_wrong_key_is_auth_and_the_key_is_not_in_the_error(server: FakeOpenAI) -> None:
    provider = make(server, api_key="sk-wrong-abcdefghijkl")
    with pytest.raises(ProviderError) as caught:
        await provider.plan("q", "", [LAND_ODDS])
    await provider.aclose()
    assert caught.value.kind == "auth"
    assert "sk-wrong" not in str(caught.value)
    assert "sk-wrong" not in repr(provider)


async def test_the_sdk_retries_a_429_before_giving_up(server: FakeOpenAI) -> None:
    server.enqueue(Fail(429, retry_after=0.05), Reply(text="Patience rewarded."))
    provider = make(server, max_retries=1)
    text = "".join(await collect(provider.stream_answer("sys", HISTORY, FACTS, [], ToolLog())))
    await provider.aclose()
    assert text == "Patience rewarded."
    assert len(server.requests) == 2
    assert server.requests[1].headers["x-stainless-retry-count"] == "1"


async def test_a_hung_server_is_a_timeout(server: FakeOpenAI) -> None:
    server.enqueue(Hang(5))
    provider = make(server, timeout_s=0.3)
    with pytest.raises(ProviderError) as caught:
        await provider.revise("sys", "draft", FACTS, ["note"])
    await provider.aclose()
    assert caught.value.kind == "timeout"


async def test_a_stream_that_stalls_midway_is_a_timeout_after_the_first_deltas(server: FakeOpenAI) -> None:
    server.enqueue(Reply(text="Your mana base is a disgrace and", chunk=6, stall_after=2))
    provider = make(server, timeout_s=0.3)
    received: list[str] = []
    with pytest.raises(ProviderError) as caught:
        async for delta in provider.stream_answer("sys", HISTORY, FACTS, [], ToolLog()):
            received.append(delta)
    await provider.aclose()
    assert caught.value.kind == "timeout"
    assert "".join(received) == "Your mana ba"


async def test_an_error_event_inside_the_stream_is_a_server_error(server: FakeOpenAI) -> None:
    server.enqueue(Reply(text="Half an answer and then", error_after=1))
    provider = make(server)
    with pytest.raises(ProviderError) as caught:
        await collect(provider.stream_answer("sys", HISTORY, FACTS, [], ToolLog()))
    await provider.aclose()
    assert caught.value.kind == "server"


async def test_nobody_listening_is_a_connection_error() -> None:
    with socket.socket() as sock:  # a port that was free a moment ago and has no listener now
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    provider = OpenAIProvider(
        api_key=KEY, model="gpt-4o-mini", base_url=f"http://127.0.0.1:{port}/v1", timeout_s=2, max_retries=0
    )
    with pytest.raises(ProviderError) as caught:
        await provider.plan("q", "", [LAND_ODDS])
    await provider.aclose()
    assert caught.value.kind == "connection"


async def test_compatible_servers_get_max_tokens_and_the_models_route_answers(server: FakeOpenAI) -> None:
    server.enqueue(Reply(text="Local model, same contempt."))
    provider = make(server, name="openai-compatible")
    text = "".join(await collect(provider.stream_answer("sys", HISTORY, FACTS, [], ToolLog())))
    await provider.aclose()
    assert text == "Local model, same contempt."
    body = server.bodies()[0]
    assert "max_tokens" in body and "max_completion_tokens" not in body and "tools" not in body

    client = openai.AsyncOpenAI(api_key=KEY, base_url=server.url, max_retries=0)
    models = [m.id async for m in client.models.list()]
    await client.close()
    assert models == ["gpt-4o-mini"]


async def test_closing_the_answer_early_hangs_up_the_http_stream(server: FakeOpenAI) -> None:
    server.enqueue(Reply(text="A long lecture about your mana that nobody will finish", chunk=5, stall_after=2))
    provider = make(server, timeout_s=30)
    stream = provider.stream_answer("sys", HISTORY, FACTS, [], ToolLog())
    first = await anext(stream)
    await stream.aclose()  # what cancelling the turn does to the generator
    assert first == "A lon"
    assert await asyncio.to_thread(server.cut.wait, 5), "the server never saw the client hang up"
    await provider.aclose()
    assert server.streams_cut == 1


async def test_local_servers_without_json_mode_or_tool_call_indexes_still_work() -> None:
    with FakeOpenAI(json_mode=False, tool_call_index=False) as local:
        steps = [{"title": "Odds", "tool": "land_odds", "args": {"deck": 60, "lands": 24, "seen": 9, "want": 3}}]
        first = {"deck": 60, "lands": 24, "seen": 9, "want": 3}
        second = {"deck": 40, "lands": 17, "seen": 8, "want": 3}
        local.enqueue(
            Reply(text=json.dumps({"steps": steps})),
            Reply(calls=(Call("land_odds", first), Call("land_odds", second)), chunk=5),
            Reply(text="Two answers."),
        )
        provider = OpenAIProvider(
            api_key="not-needed", model="llama3.1", base_url=local.url, name="openai-compatible", max_retries=0
        )
        plan = await provider.plan("q", "", [LAND_ODDS])
        log = ToolLog()
        text = "".join(await collect(provider.stream_answer("sys", HISTORY, FACTS, [LAND_ODDS], log)))
        await provider.aclose()

    assert [s.tool for s in plan] == ["land_odds"]
    assert [b.get("response_format") for b in local.bodies()[:2]] == [{"type": "json_object"}, None]
    assert text == "Two answers." and [c[1] for c in log.calls] == [first, second]
    assert local.unexpected == 0
