"""The fake servers' payloads validate strictly against the SDKs' own response models.

The SDKs build responses leniently (``construct``), so a fake could drop a required field and
the provider tests would still pass. Here every JSON body and every SSE frame the fakes send
is validated with ``model_validate``, which is what a real server's output satisfies.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from anthropic.types import Message, RawMessageStreamEvent
from openai.types.chat import ChatCompletion, ChatCompletionChunk
from pydantic import TypeAdapter

from tests.fakes.anthropic_server import Call as AnthropicCall
from tests.fakes.anthropic_server import FakeAnthropic
from tests.fakes.anthropic_server import Reply as AnthropicReply
from tests.fakes.openai_server import Call, FakeOpenAI, Reply

STREAM_EVENT: TypeAdapter[Any] = TypeAdapter(RawMessageStreamEvent)
OPENAI_BODY = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]}
ANTHROPIC_BODY = {"model": "claude-sonnet-4-6", "max_tokens": 100, "messages": [{"role": "user", "content": "hi"}]}


@pytest.fixture(scope="module")
def openai_fake() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as fake:
        yield fake  # type: ignore[misc]


@pytest.fixture(scope="module")
def anthropic_fake() -> Iterator[FakeAnthropic]:
    with FakeAnthropic() as fake:
        yield fake  # type: ignore[misc]


def sse_frames(response: httpx.Response) -> list[tuple[str | None, str]]:
    """(event name, data) for each SSE frame, parsed by hand from the raw body."""
    frames = []
    for block in response.text.split("\n\n"):
        if not block.strip():
            continue
        fields = dict(line.split(": ", 1) for line in block.splitlines())
        frames.append((fields.get("event"), fields["data"]))
    return frames


REPLIES = [
    Reply(text="Plain text."),
    Reply(calls=(Call("mana_odds", {"want": 4, "by_turn": 4}),)),
    Reply(text="Both.", calls=(Call("a", {}), Call("b", {"x": [1, 2]}))),
]


@pytest.mark.parametrize("reply", REPLIES)
def test_openai_completion_and_chunks_validate(openai_fake: FakeOpenAI, reply: Reply) -> None:
    openai_fake.enqueue(reply, reply)
    with httpx.Client(base_url=openai_fake.url) as client:
        whole = client.post("/chat/completions", json=OPENAI_BODY)
        streamed = client.post("/chat/completions", json=OPENAI_BODY | {"stream": True})

    completion = ChatCompletion.model_validate(whole.json())
    assert completion.choices[0].message.content == (reply.text or None)
    frames = sse_frames(streamed)
    assert streamed.headers["content-type"].startswith("text/event-stream")
    assert frames[-1] == (None, "[DONE]")
    chunks = [ChatCompletionChunk.model_validate_json(data) for _, data in frames[:-1]]
    assert "".join(c.choices[0].delta.content or "" for c in chunks) == reply.text
    assert chunks[-1].choices[0].finish_reason == ("tool_calls" if reply.calls else "stop")
    for index, call in enumerate(reply.calls):
        parts = [t for c in chunks for t in c.choices[0].delta.tool_calls or [] if t.index == index]
        assert parts[0].id and parts[0].function and parts[0].function.name == call.name
        assert json.loads("".join(p.function.arguments or "" for p in parts if p.function)) == call.args


@pytest.mark.parametrize(
    "reply",
    [
        AnthropicReply(text="Plain text."),
        AnthropicReply(calls=(AnthropicCall("record_verdict", {"verdict": "agree", "reasons": []}),)),
        AnthropicReply(text="Both.", calls=(AnthropicCall("a", {}), AnthropicCall("b", {"x": [1, 2]}))),
    ],
)
def test_anthropic_message_and_events_validate(anthropic_fake: FakeAnthropic, reply: AnthropicReply) -> None:
    anthropic_fake.enqueue(reply, reply)
    with httpx.Client(base_url=anthropic_fake.base_url) as client:
        whole = client.post("/v1/messages", json=ANTHROPIC_BODY)
        streamed = client.post("/v1/messages", json=ANTHROPIC_BODY | {"stream": True})

    message = Message.model_validate(whole.json())
    assert message.stop_reason == ("tool_use" if reply.calls else "end_turn")
    frames = sse_frames(streamed)
    names = [name for name, _ in frames if name != "ping"]
    assert names[0] == "message_start" and names[-2:] == ["message_delta", "message_stop"]
    events = [STREAM_EVENT.validate_json(data) for name, data in frames if name != "ping"]
    assert [e.type for e in events] == names, "each SSE event name must match its data's type"
    text = "".join(e.delta.text for e in events if e.type == "content_block_delta" and e.delta.type == "text_delta")
    assert text == reply.text


def test_anthropic_refuses_sampling_parameters_like_api_2026_10_21(anthropic_fake: FakeAnthropic) -> None:
    with httpx.Client(base_url=anthropic_fake.base_url) as client:
        response = client.post("/v1/messages", json=ANTHROPIC_BODY | {"temperature": 0})
    assert response.status_code == 400
    assert response.json()["error"] == {"type": "invalid_request_error", "message": "temperature: Extra inputs are not permitted"}
