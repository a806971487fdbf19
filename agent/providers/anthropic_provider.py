"""Claude through the official ``anthropic`` SDK: streamed answers with tool use, forced-tool plans.

The SDK's ``messages.stream`` helper assembles tool_use inputs from ``input_json_delta``
events for us; we only forward text deltas and run the tools Claude asks for.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any, cast

import anthropic

from agent.providers.base import ChatTurn, LLMProvider, PlannedStep, ProviderError, ToolSpec
from agent.providers.common import (
    ANSWER_MAX_TOKENS,
    MAX_TOOL_ROUNDS,
    PLAN_MAX_TOKENS,
    OnTool,
    answer_system,
    decode_args,
    parse_plan,
    plan_instructions,
    plan_schema,
    plan_user_message,
    revise_message,
    run_tool,
)
from agent.providers.errors import translate_errors

if TYPE_CHECKING:
    import httpx2

PLAN_TOOL = "submit_plan"


def _tool_param(spec: ToolSpec) -> dict[str, Any]:
    return {"name": spec.name, "description": spec.description, "input_schema": spec.parameters}


def _conversation(history: list[ChatTurn]) -> list[dict[str, Any]]:
    """Shape the history the way the Messages API insists on.

    It must open with a user turn and refuses empty text, so leading assistant turns and
    blank turns are dropped and same-role neighbours are joined.
    """
    messages: list[dict[str, Any]] = []
    for turn in history:
        text = turn.text.strip()
        if not text or (not messages and turn.role != "user"):
            continue
        if messages and messages[-1]["role"] == turn.role:
            messages[-1]["content"] += "\n\n" + text
        else:
            messages.append({"role": turn.role, "content": text})
    if not messages:
        raise ProviderError("anthropic", "bad_request", "there is no user message to answer")
    return messages


def _replayable(content: list[Any]) -> list[dict[str, Any]]:
    """Echo Claude's turn back as request params (text and tool_use only; helpers add extras)."""
    blocks: list[dict[str, Any]] = []
    for block in content:
        if block.type == "text" and block.text:
            blocks.append({"type": "text", "text": block.text})
        elif block.type == "tool_use":
            blocks.append({"type": "tool_use", "id": block.id, "name": block.name, "input": block.input})
    return blocks


def make_client(
    *,
    api_key: str,
    base_url: str | None,
    timeout_s: float,
    max_retries: int,
    http_client: httpx2.AsyncClient | None,
) -> anthropic.AsyncAnthropic:
    """One place that builds the SDK client, shared with the judge."""
    return anthropic.AsyncAnthropic(
        api_key=api_key,
        base_url=base_url,
        timeout=timeout_s,
        max_retries=max_retries,
        http_client=http_client,
    )


def forced_tool_input(provider: str, message: Any, tool_name: str) -> dict[str, Any]:
    """Return the input of the ``tool_use`` block a forced tool_choice must produce."""
    for block in getattr(message, "content", None) or []:
        if getattr(block, "type", None) == "tool_use" and block.name == tool_name:
            if not isinstance(block.input, dict):
                raise ProviderError(provider, "bad_response", f"{tool_name} input is not an object")
            return block.input
    raise ProviderError(provider, "bad_response", f"the reply has no {tool_name} tool call")


def text_of(provider: str, message: Any) -> str:
    """Join a message's text blocks; an answer without text is a ``bad_response``."""
    text = "".join(
        block.text for block in getattr(message, "content", None) or [] if getattr(block, "type", None) == "text"
    ).strip()
    if not text:
        raise ProviderError(provider, "bad_response", "the reply has no text")
    return text


class AnthropicProvider(LLMProvider):
    """Claude as the answering model; one instance per connection."""

    def __init__(
        self,
        *,
        api_key: str,
        model: str,
        base_url: str | None = None,
        timeout_s: float = 30.0,
        max_retries: int = 2,
        http_client: httpx2.AsyncClient | None = None,
        max_tool_rounds: int = MAX_TOOL_ROUNDS,
    ) -> None:
        self.name = "anthropic"
        self.model = model
        self._max_tool_rounds = max_tool_rounds
        self._client = make_client(
            api_key=api_key,
            base_url=base_url,
            timeout_s=timeout_s,
            max_retries=max_retries,
            http_client=http_client,
        )

    def __repr__(self) -> str:
        return f"AnthropicProvider(model={self.model!r})"

    async def plan(self, question: str, context: str, tools: list[ToolSpec]) -> list[PlannedStep]:
        """Force a ``submit_plan`` tool call so the plan arrives as structured input."""
        with translate_errors(self.name):
            message = await self._client.messages.create(
                model=self.model,
                max_tokens=PLAN_MAX_TOKENS,
                system=plan_instructions(tools),
                messages=[{"role": "user", "content": plan_user_message(question, context)}],
                tools=[
                    {
                        "name": PLAN_TOOL,
                        "description": "Submit the ordered reasoning steps for this question.",
                        "input_schema": plan_schema(),
                    }
                ],
                tool_choice={"type": "tool", "name": PLAN_TOOL},
            )
        return parse_plan(self.name, forced_tool_input(self.name, message, PLAN_TOOL), tools)

    async def stream_answer(
        self,
        system: str,
        history: list[ChatTurn],
        facts_json: str,
        tools: list[ToolSpec],
        on_tool: OnTool,
    ) -> AsyncIterator[str]:
        """Stream text deltas; on ``tool_use`` run the tools, send ``tool_result``s, continue."""
        messages = _conversation(history)
        system_text = answer_system(system, facts_json)
        for round_no in range(self._max_tool_rounds + 1):
            offer_tools = bool(tools) and round_no < self._max_tool_rounds
            with translate_errors(self.name):
                async with self._client.messages.stream(
                    model=self.model,
                    max_tokens=ANSWER_MAX_TOKENS,
                    system=system_text,
                    messages=cast(Any, messages),
                    tools=cast(Any, [_tool_param(t) for t in tools]) if offer_tools else anthropic.omit,
                ) as stream:
                    async for event in stream:
                        if event.type == "text" and event.text:
                            yield event.text
                    final = await stream.get_final_message()
            uses = [b for b in final.content if b.type == "tool_use"]
            if not uses:
                return
            messages.append({"role": "assistant", "content": _replayable(final.content)})
            results = []
            for block in uses:
                args, problem = (
                    decode_args(block.input) if isinstance(block.input, dict) else ({}, "input is not an object")
                )
                result = await run_tool(tools, block.name, args, problem, on_tool)
                results.append(
                    {
                        "type": "tool_result",
                        "tool_use_id": block.id,
                        "content": json.dumps(result, default=str),
                        **({"is_error": True} if "error" in result else {}),
                    }
                )
            messages.append({"role": "user", "content": results})
        raise ProviderError(self.name, "bad_response", "model kept calling tools without answering")

    async def revise(self, system: str, draft: str, facts_json: str, notes: list[str]) -> str:
        """One non-streamed message that rewrites the draft against the checker's notes."""
        with translate_errors(self.name):
            message = await self._client.messages.create(
                model=self.model,
                max_tokens=ANSWER_MAX_TOKENS,
                system=answer_system(system, facts_json),
                messages=[{"role": "user", "content": revise_message(draft, notes)}],
            )
        return text_of(self.name, message)

    async def aclose(self) -> None:
        await self._client.close()
