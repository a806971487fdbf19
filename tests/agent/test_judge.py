"""ClaudeJudge through the real ``anthropic`` SDK against a local Messages server."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from agent.providers.base import JudgeVerdict, ProviderError
from agent.providers.judge import VERDICT_TOOL, ClaudeJudge
from tests.fakes.anthropic_server import Call, Fail, FakeAnthropic, Hang, Reply, verdict

KEY = "sk-ant-judge-0123456789"
JUDGE_MODEL = "claude-sonnet-4-6"
FACTS = json.dumps({"lands": 24, "main_count": 60})
DRAFT = "Twenty-three lands in sixty cards. Add a Mountain."


@pytest.fixture
def server() -> Iterator[FakeAnthropic]:
    with FakeAnthropic(api_key=KEY) as fake:
        yield fake  # type: ignore[misc]
        assert fake.unexpected == 0


def make(server: FakeAnthropic, **kw: Any) -> ClaudeJudge:
    options: dict[str, Any] = {"timeout_s": 5.0, "max_retries": 0} | kw
    return ClaudeJudge(api_key=KEY, model=JUDGE_MODEL, base_url=server.base_url, **options)


async def test_agree_verdict_and_the_request_is_a_forced_unstreamed_tool_call(server: FakeAnthropic) -> None:
    server.enqueue(verdict("agree"))
    judge = make(server)
    result = await judge.judge("How many lands?", DRAFT, FACTS)
    await judge.aclose()

    assert result == JudgeVerdict(verdict="agree", reasons=[])
    (request,) = server.requests
    body = request.body or {}
    assert request.headers["authorization"] == f"Bearer {KEY}"
    assert body["model"] == JUDGE_MODEL
    assert "stream" not in body, "the judge's tokens must never stream"
    assert body["tool_choice"] == {"type": "tool", "name": VERDICT_TOOL}
    assert body["tools"][0]["input_schema"]["properties"]["verdict"]["enum"] == ["agree", "revise"]
    # API 2026-10-21 refuses sampling parameters; the fake would have answered 400.
    assert not {"temperature", "top_p", "top_k"} & body.keys()
    content = body["messages"][0]["content"]
    assert "How many lands?" in content and FACTS in content and DRAFT in content


async def test_revise_verdict_carries_its_reasons(server: FakeAnthropic) -> None:
    reasons = ["The draft says 23 lands; the facts say 24.", "  "]
    server.enqueue(verdict("revise", reasons))
    judge = make(server)
    result = await judge.judge("How many lands?", DRAFT, FACTS)
    await judge.aclose()
    assert result == JudgeVerdict(verdict="revise", reasons=[reasons[0]])


@pytest.mark.parametrize(
    ("script", "needle"),
    [
        (Reply(text="Looks fine to me."), f"no {VERDICT_TOOL} tool call"),
        (Reply(calls=(Call(VERDICT_TOOL, {"verdict": "maybe", "reasons": []}),)), "verdict is not valid"),
        (verdict("revise", []), "without reasons"),
    ],
)
async def test_malformed_verdicts_are_bad_responses(server: FakeAnthropic, script: Reply, needle: str) -> None:
    server.enqueue(script)
    judge = make(server)
    with pytest.raises(ProviderError) as caught:
        await judge.judge("q", DRAFT, FACTS)
    await judge.aclose()
    assert caught.value.kind == "bad_response" and caught.value.provider == "claude"
    assert needle in str(caught.value)


@pytest.mark.parametrize(
    ("script", "kind"),
    [
        (Fail(429, "rate limited", retry_after=0.05), "rate_limit"),
        (Fail(500, "api error"), "server"),
        (Fail(401, "invalid x-api-key"), "auth"),
        (Hang(5), "timeout"),
    ],
)
async def test_failures_raise_so_the_graph_can_say_the_judge_did_not_run(
    server: FakeAnthropic, script: Fail | Hang, kind: str
) -> None:
    server.enqueue(script)
    judge = make(server, timeout_s=0.3)
    with pytest.raises(ProviderError) as caught:
        await judge.judge("q", DRAFT, FACTS)
    await judge.aclose()
    assert caught.value.kind == kind
