"""What the graph needs from a language model, whichever vendor serves it.

The graph owns the tools and the facts; a provider only plans, writes and (for Claude)
judges. A provider raises ``ProviderError`` on any failure it could not retry away
(timeout, 429, 5xx, bad key); the graph then answers offline for that turn and says so.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Literal


class ProviderError(Exception):
    """A model call failed after its retries.

    ``kind`` is timeout, connection, rate_limit, server, auth, bad_request (other 4xx) or
    bad_response; see ``agent.providers.errors`` for the mapping from SDK exceptions.
    """

    def __init__(self, provider: str, kind: str, message: str):
        super().__init__(f"{provider}: {kind}: {message}")
        self.provider = provider
        self.kind = kind


@dataclass(frozen=True)
class ToolSpec:
    """A tool the model may call: a JSON-schema signature and the coroutine that runs it.

    ``run`` returns a JSON-able dict, which the graph also records in the facts. ``check``
    says what is wrong with a call's arguments (None when they are fine); without it only the
    schema's required and unknown keys are checked.
    """

    name: str
    description: str
    parameters: dict[str, Any]
    run: Callable[[dict[str, Any]], Awaitable[dict[str, Any]]]
    check: Callable[[dict[str, Any]], str | None] | None = None


@dataclass(frozen=True)
class PlannedStep:
    """One reasoning step of a plan: a title shown to the player, and the tool it runs."""

    title: str
    tool: str | None = None
    args: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ChatTurn:
    role: Literal["user", "assistant"]
    text: str


@dataclass(frozen=True)
class JudgeVerdict:
    """Claude's structured opinion of a draft."""

    verdict: Literal["agree", "revise"]
    reasons: list[str]


class LLMProvider(ABC):
    """A model behind one vendor's SDK; one instance per connection (keys may differ)."""

    name: str  # "openai", "anthropic", "openai-compatible"
    model: str

    @abstractmethod
    async def plan(self, question: str, context: str, tools: list[ToolSpec]) -> list[PlannedStep]:
        """Return the reasoning steps for this question, each naming one of ``tools``."""

    @abstractmethod
    def stream_answer(
        self,
        system: str,
        history: list[ChatTurn],
        facts_json: str,
        tools: list[ToolSpec],
        on_tool: Callable[[str, dict[str, Any], dict[str, Any]], Awaitable[None]],
    ) -> AsyncIterator[str]:
        """Stream the answer's text deltas; tool calls run through ``tools`` and are reported to ``on_tool(name, args, result)``."""

    @abstractmethod
    async def revise(self, system: str, draft: str, facts_json: str, notes: list[str]) -> str:
        """Return a corrected draft given the checker's notes (not streamed)."""

    async def aclose(self) -> None:  # noqa: B027 - optional hook, nothing to release by default
        """Release the SDK client's connections."""


class Judge(ABC):
    """A second opinion on a draft; only Claude implements it today."""

    name: str  # "claude"

    @abstractmethod
    async def judge(self, question: str, draft: str, facts_json: str) -> JudgeVerdict:
        """Return agree, or revise with reasons; temperature 0, never streamed to the player."""

    async def aclose(self) -> None:  # noqa: B027 - optional hook, nothing to release by default
        """Release the SDK client's connections."""
