"""OpenAI, and any server that speaks its chat completions API (Ollama, vLLM, llama.cpp).

Everything goes through the official ``openai`` SDK, which owns timeouts and retries;
what it could not retry away becomes a ``ProviderError`` (see ``errors.py``).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

import openai

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
    plan_user_message,
    revise_message,
    run_tool,
)
from agent.providers.errors import translate_errors

if TYPE_CHECKING:
    import httpx2


@dataclass
class _PendingCall:
    """A tool call assembled from stream deltas that share one ``index``."""

    id: str = ""
    name: str = ""
    arguments: list[str] = field(default_factory=list)


def _call_key(part: Any, calls: dict[int | str, _PendingCall]) -> int | str:
    """Which pending call a delta continues: its ``index``, as the spec says.

    Some OpenAI-compatible servers omit the index; then a delta with a new id starts a call
    and one without an id continues the last call.
    """
    if part.index is not None:
        return int(part.index)
    if part.id:
        return f"id:{part.id}"
    return next(reversed(calls)) if calls else "id:"


def _tool_param(spec: ToolSpec) -> dict[str, Any]:
    return {
        "type": "function",
        "function": {"name": spec.name, "description": spec.description, "parameters": spec.parameters},
    }


class OpenAIProvider(LLMProvider):
    """Chat completions with streaming and tool calls; one instance per connection."""

    def __init__(
        self,
        *,
        api_key: str,
        model: str,
        base_url: str | None = None,
        name: str = "openai",
        timeout_s: float = 30.0,
        max_retries: int = 2,
        http_client: httpx2.AsyncClient | None = None,
        max_tool_rounds: int = MAX_TOOL_ROUNDS,
    ) -> None:
        self.name = name
        self.model = model
        self._max_tool_rounds = max_tool_rounds
        self._client = openai.AsyncOpenAI(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout_s,
            max_retries=max_retries,
            http_client=http_client,
        )

    def __repr__(self) -> str:
        return f"OpenAIProvider(name={self.name!r}, model={self.model!r})"

    async def plan(self, question: str, context: str, tools: list[ToolSpec]) -> list[PlannedStep]:
        """Ask for a JSON object plan (json_object mode) and validate it against ``tools``."""
        messages = [
            {"role": "system", "content": plan_instructions(tools)},
            {"role": "user", "content": plan_user_message(question, context)},
        ]
        try:
            with translate_errors(self.name):
                response = await self._client.chat.completions.create(
                    model=self.model,
                    messages=cast(Any, messages),
                    response_format={"type": "json_object"},
                    **self._limit(PLAN_MAX_TOKENS),
                )
        except ProviderError as exc:
            # Some local servers reject JSON mode; the prompt already demands JSON, so ask again plainly.
            if exc.kind != "bad_request" or self.name == "openai":
                raise
            with translate_errors(self.name):
                response = await self._client.chat.completions.create(
                    model=self.model, messages=cast(Any, messages), **self._limit(PLAN_MAX_TOKENS)
                )
        return parse_plan(self.name, self._content(response), tools)

    async def stream_answer(
        self,
        system: str,
        history: list[ChatTurn],
        facts_json: str,
        tools: list[ToolSpec],
        on_tool: OnTool,
    ) -> AsyncIterator[str]:
        """Stream text; when the model calls tools, run them and stream its next round.

        The last round offers no tools, so the model has to answer in words.
        """
        messages: list[dict[str, Any]] = [{"role": "system", "content": answer_system(system, facts_json)}]
        messages += [{"role": turn.role, "content": turn.text} for turn in history]
        for round_no in range(self._max_tool_rounds + 1):
            offer_tools = bool(tools) and round_no < self._max_tool_rounds
            calls: dict[int | str, _PendingCall] = {}  # insertion order is the model's order
            text: list[str] = []
            with translate_errors(self.name):
                stream = await self._client.chat.completions.create(
                    model=self.model,
                    messages=cast(Any, messages),
                    stream=True,
                    tools=cast(Any, [_tool_param(t) for t in tools]) if offer_tools else openai.omit,
                    **self._limit(ANSWER_MAX_TOKENS),
                )
                async with stream:
                    async for chunk in stream:
                        if not chunk.choices:
                            continue
                        delta = chunk.choices[0].delta
                        if delta.content:
                            text.append(delta.content)
                            yield delta.content
                        for part in delta.tool_calls or []:
                            call = calls.setdefault(_call_key(part, calls), _PendingCall())
                            call.id = part.id or call.id
                            if part.function is not None:
                                call.name = part.function.name or call.name
                                call.arguments.append(part.function.arguments or "")
            if not calls:
                return
            ordered = list(calls.values())
            messages.append(
                {
                    "role": "assistant",
                    "content": "".join(text) or None,
                    "tool_calls": [
                        {
                            "id": c.id or f"call_{n}",
                            "type": "function",
                            "function": {"name": c.name, "arguments": "".join(c.arguments) or "{}"},
                        }
                        for n, c in enumerate(ordered)
                    ],
                }
            )
            for n, call in enumerate(ordered):
                args, problem = decode_args("".join(call.arguments))
                result = await run_tool(tools, call.name, args, problem, on_tool)
                messages.append(
                    {"role": "tool", "tool_call_id": call.id or f"call_{n}", "content": json.dumps(result, default=str)}
                )
        # Only reachable if the model kept calling tools on a round that offered none.
        raise ProviderError(self.name, "bad_response", "model kept calling tools without answering")

    async def revise(self, system: str, draft: str, facts_json: str, notes: list[str]) -> str:
        """One non-streamed completion that rewrites the draft against the checker's notes."""
        with translate_errors(self.name):
            response = await self._client.chat.completions.create(
                model=self.model,
                messages=[
                    {"role": "system", "content": answer_system(system, facts_json)},
                    {"role": "user", "content": revise_message(draft, notes)},
                ],
                **self._limit(ANSWER_MAX_TOKENS),
            )
        return self._content(response)

    def _limit(self, tokens: int) -> dict[str, Any]:
        """OpenAI deprecated ``max_tokens`` (reasoning models refuse it); local servers know only it."""
        key = "max_completion_tokens" if self.name == "openai" else "max_tokens"
        return {key: tokens}

    def _content(self, response: Any) -> str:
        """The first choice's text; an empty or missing one is a ``bad_response``."""
        choices = getattr(response, "choices", None) or []
        content = choices[0].message.content if choices else None
        if not content or not content.strip():
            raise ProviderError(self.name, "bad_response", "the completion has no text")
        return str(content).strip()

    async def aclose(self) -> None:
        await self._client.close()
