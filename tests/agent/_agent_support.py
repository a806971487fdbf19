"""Helpers for the agent-core tests: a scripted model, a scripted judge, event collection."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from agent.events import Consensus, Error, Message, Step, Token, ToolCall
from agent.providers.base import (
    ChatTurn,
    Judge,
    JudgeVerdict,
    LLMProvider,
    PlannedStep,
    ProviderError,
    ToolSpec,
)


class ScriptedProvider(LLMProvider):
    """An LLMProvider that answers from a script, records what it was asked, and fails on cue."""

    def __init__(
        self,
        *,
        name: str = "openai",
        steps: list[PlannedStep] | None = None,
        answer: list[str] | None = None,
        revised: str | None = None,
        tool_calls: list[tuple[str, dict[str, Any]]] | None = None,
        fail_plan: str | None = None,
        fail_answer: str | None = None,
        fail_answer_after: int = 0,
        fail_revise: str | None = None,
    ):
        self.name = name
        self.model = "scripted"
        self.steps = steps or [PlannedStep("Analyze the deck", "analyze_deck", {})]
        self.answer = answer or ["Fine."]
        self.revised = revised
        self.tool_calls = tool_calls or []
        self.fail_plan, self.fail_answer, self.fail_revise = fail_plan, fail_answer, fail_revise
        self.fail_answer_after = fail_answer_after
        self.plan_calls: list[tuple[str, str, list[str]]] = []
        self.answer_calls: list[tuple[str, list[ChatTurn], str]] = []
        self.revise_calls: list[tuple[str, list[str]]] = []
        self.closed = False

    async def plan(self, question: str, context: str, tools: list[ToolSpec]) -> list[PlannedStep]:
        self.plan_calls.append((question, context, [t.name for t in tools]))
        if self.fail_plan:
            raise ProviderError(self.name, self.fail_plan, "scripted failure")
        return self.steps

    async def stream_answer(
        self,
        system: str,
        history: list[ChatTurn],
        facts_json: str,
        tools: list[ToolSpec],
        on_tool: Callable[[str, dict[str, Any], dict[str, Any]], Awaitable[None]],
    ) -> AsyncIterator[str]:
        self.answer_calls.append((system, history, facts_json))
        by_name = {t.name: t for t in tools}
        for name, args in self.tool_calls:
            await on_tool(name, args, await by_name[name].run(args))
        for index, delta in enumerate(self.answer):
            if self.fail_answer and index == self.fail_answer_after:
                raise ProviderError(self.name, self.fail_answer, "scripted failure")
            yield delta
        if self.fail_answer and self.fail_answer_after >= len(self.answer):
            raise ProviderError(self.name, self.fail_answer, "scripted failure")

    async def revise(self, system: str, draft: str, facts_json: str, notes: list[str]) -> str:
        self.revise_calls.append((draft, notes))
        if self.fail_revise:
            raise ProviderError(self.name, self.fail_revise, "scripted failure")
        return self.revised if self.revised is not None else draft

    async def aclose(self) -> None:
        self.closed = True


@dataclass
class ScriptedJudge(Judge):
    """A Judge returning scripted verdicts in order (the last one repeats), or failing."""

    verdicts: list[JudgeVerdict] = field(default_factory=lambda: [JudgeVerdict("agree", [])])
    fail: str | None = None
    calls: list[str] = field(default_factory=list)
    name: str = "claude"

    async def judge(self, question: str, draft: str, facts_json: str) -> JudgeVerdict:
        self.calls.append(draft)
        if self.fail:
            raise ProviderError("anthropic", self.fail, "scripted failure")
        return self.verdicts[min(len(self.calls) - 1, len(self.verdicts) - 1)]


@dataclass
class Turn:
    """Every event of one turn, with accessors for the parts tests look at."""

    events: list[Any]

    def of(self, kind: type) -> list[Any]:
        return [e for e in self.events if isinstance(e, kind)]

    @property
    def text(self) -> str:
        return self.of(Message)[-1].text

    @property
    def facts(self) -> dict[str, Any]:
        return self.of(Message)[-1].facts

    @property
    def streamed(self) -> str:
        return "".join(t.text for t in self.of(Token))

    @property
    def verdict(self) -> Consensus:
        return self.of(Consensus)[-1]

    @property
    def step_titles(self) -> list[str]:
        return [s.title for s in self.of(Step) if s.status == "running"]

    @property
    def tools(self) -> list[str]:
        return [t.name for t in self.of(ToolCall)]

    @property
    def errors(self) -> list[Error]:
        return self.of(Error)


async def collect(events: AsyncIterator[Any]) -> Turn:
    return Turn([event async for event in events])
