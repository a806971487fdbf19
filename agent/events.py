"""The stream schema, declared once: every event the WebSocket, the UI and scripted chats see.

Client events go client -> server, server events server -> client. Both are pydantic
discriminated unions on ``type``; parse with ``parse_client_event`` / ``parse_server_event``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter


class _Event(BaseModel):
    model_config = ConfigDict(extra="forbid")


# ---- client -> server -------------------------------------------------------------------

# A player's owner key (``X-Owner-Key`` on REST, ``owner_key`` in hello): a secret the client
# chooses that owns its decks and match history. Stored only as a SHA-256, never logged.
OWNER_KEY_MIN, OWNER_KEY_MAX = 16, 200


class ProviderKeys(BaseModel):
    """Per-connection API keys; they live for the connection only and are never echoed."""

    model_config = ConfigDict(extra="forbid")
    openai: str | None = Field(None, description="OpenAI API key", examples=["sk-..."])
    anthropic: str | None = Field(None, description="Anthropic API key", examples=["sk-ant-..."])
    openai_base_url: str | None = Field(
        None,
        description="Base URL of an OpenAI-compatible server (Ollama, vLLM, llama.cpp)",
        examples=["http://127.0.0.1:11434/v1"],
    )


class Hello(_Event):
    type: Literal["hello"] = "hello"
    thread_id: str | None = Field(None, description="Resume this thread", examples=["t-4f2a"])
    keys: ProviderKeys | None = Field(None, description="Per-connection API keys")
    model: str | None = Field(None, description="Model name for this connection", examples=["gpt-4o-mini"])
    owner_key: str | None = Field(
        None, min_length=OWNER_KEY_MIN, max_length=OWNER_KEY_MAX,
        description="Your owner key (the X-Owner-Key of your REST calls): lets the chat read the match "
        "history you uploaded with it. Lives for the connection only and is never echoed.",
    )


class UserMessage(_Event):
    type: Literal["user_message"] = "user_message"
    text: str = Field(..., description="What the player said", examples=["What's wrong with my mana?"])
    deck: str | None = Field(None, description="Raw deck text: Arena export, CSV, .dek or JSON")
    deck_id: str | None = Field(None, description="A deck stored through POST /api/v1/decks")


class Cancel(_Event):
    type: Literal["cancel"] = "cancel"


class Ping(_Event):
    type: Literal["ping"] = "ping"


ClientEvent = Annotated[Hello | UserMessage | Cancel | Ping, Field(discriminator="type")]

# ---- server -> client -------------------------------------------------------------------

StepStatus = Literal["running", "done", "error"]
Verdict = Literal["agree", "revised", "flagged", "skipped"]


class Ready(_Event):
    type: Literal["ready"] = "ready"
    thread_id: str = Field(..., examples=["t-4f2a"])
    provider: str = Field(..., description="offline, openai, anthropic or openai-compatible", examples=["offline"])
    version: str = Field(..., examples=["0.1.0"])


class Step(_Event):
    type: Literal["step"] = "step"
    id: str = Field(..., description="Stable within a turn; sent at start and at end", examples=["s1"])
    title: str = Field(..., examples=["Count colored sources"])
    status: StepStatus
    detail: str | None = Field(None, description="What the step found, when done")
    duration_ms: float | None = Field(None, description="Set when the step ends")


class ToolCall(_Event):
    type: Literal["tool"] = "tool"
    name: str = Field(..., examples=["analyze_deck"])
    summary: str = Field(..., examples=["60 cards, 24 lands, red short by 3 sources"])


class Token(_Event):
    type: Literal["token"] = "token"
    text: str = Field(..., description="A delta of the answer")


class CheckedClaim(BaseModel):
    """One claim of the answer that the fact check could not verify, and why."""

    model_config = ConfigDict(extra="forbid")
    text: str = Field(..., description="The clause of the answer that made the claim")
    status: Literal["verified", "wrong", "unverifiable"]
    reason: str = Field("", description="What the facts say, or why no fact could be bound")
    kind: str = Field("", description="What sort of claim it is: lands, odds, sources, change, card...")


class Consensus(_Event):
    type: Literal["consensus"] = "consensus"
    verdict: Verdict
    reviewer: str = Field(..., description="Which checks really ran", examples=["deterministic", "deterministic+claude"])
    notes: list[str] = Field(default_factory=list)
    badge: str | None = Field(
        None,
        description="What the player is shown under the answer, naming what actually checked it; "
        "none when nothing was checked (a deck that did not parse, a greeting)",
        examples=["Fact check: 12 claims verified", "Fact check + Claude: agree", "Revised after the fact check",
                  "Flagged: 1 claim could not be verified"],
    )
    claims_verified: int = Field(0, description="Claims of the final answer bound to a fact and found true")
    claims_wrong: int = Field(0, description="Claims of the final answer that contradict their fact")
    claims_unverifiable: int = Field(0, description="Claims of the final answer no fact could be bound to")
    claims: list[CheckedClaim] = Field(default_factory=list, description="The claims that did not verify")


class Message(_Event):
    type: Literal["message"] = "message"
    text: str = Field(..., description="The whole final answer")
    facts: dict[str, Any] = Field(default_factory=dict, description="The facts the answer was built from")
    answered_by: str | None = Field(None, description="Who wrote this answer: the provider, or offline after a "
                                    "fallback (ready names the provider the connection asked for)",
                                    examples=["offline", "openai"])


class Error(_Event):
    type: Literal["error"] = "error"
    code: str = Field(..., examples=["deck_parse_error", "invalid_json", "rate_limited"])
    message: str
    details: Any | None = Field(None, description="Structured details, e.g. line-numbered deck problems")


class Done(_Event):
    type: Literal["done"] = "done"
    elapsed_ms: float


class Pong(_Event):
    type: Literal["pong"] = "pong"


ServerEvent = Annotated[
    Ready | Step | ToolCall | Token | Consensus | Message | Error | Done | Pong,
    Field(discriminator="type"),
]

_client_adapter: TypeAdapter[Hello | UserMessage | Cancel | Ping] = TypeAdapter(ClientEvent)
_server_adapter: TypeAdapter[Ready | Step | ToolCall | Token | Consensus | Message | Error | Done | Pong] = TypeAdapter(ServerEvent)


def parse_client_event(data: str | bytes | dict[str, Any]) -> Hello | UserMessage | Cancel | Ping:
    """Validate one client event (raises pydantic.ValidationError)."""
    if isinstance(data, dict):
        return _client_adapter.validate_python(data)
    return _client_adapter.validate_json(data)


def parse_server_event(data: str | bytes | dict[str, Any]) -> Ready | Step | ToolCall | Token | Consensus | Message | Error | Done | Pong:
    """Validate one server event (raises pydantic.ValidationError)."""
    if isinstance(data, dict):
        return _server_adapter.validate_python(data)
    return _server_adapter.validate_json(data)
