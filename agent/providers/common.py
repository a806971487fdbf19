"""What the OpenAI and Anthropic providers share: the plan schema and prompts, and tool runs.

Both vendors get the same instructions and the same validation, so a plan or a tool call
means the same thing whichever model produced it.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from agent.providers.base import PlannedStep, ProviderError, ToolSpec
from agent.tools.registry import plain_schema

logger = logging.getLogger(__name__)

MAX_PLAN_STEPS = 6
MAX_TOOL_ROUNDS = 4
ANSWER_MAX_TOKENS = 1500
PLAN_MAX_TOKENS = 800

OnTool = Callable[[str, dict[str, Any], dict[str, Any]], Awaitable[None]]


class _PlanStep(BaseModel):
    """One step: a short title shown to the player, the tool it runs (or none) and its arguments."""

    model_config = ConfigDict(extra="ignore")
    title: str = Field(..., min_length=1, max_length=120, description="Short title shown to the player")
    tool: str | None = Field(None, description="A listed tool; left out (or null) for a step of pure reasoning")
    args: dict[str, Any] = Field(default_factory=dict, description="Arguments for the tool")


class _Plan(BaseModel):
    """A plan: the steps in order."""

    model_config = ConfigDict(extra="ignore")
    steps: list[_PlanStep] = Field(..., min_length=1, max_length=MAX_PLAN_STEPS)


def plan_schema() -> dict[str, Any]:
    """JSON schema of a plan (from ``_Plan``), the input schema of a forced ``submit_plan`` tool."""
    return plain_schema(_Plan)


def plan_instructions(tools: list[ToolSpec]) -> str:
    """System prompt for planning: list the tools and demand the JSON shape we validate."""
    listing = "\n".join(
        f"- {t.name}: {t.description} Arguments (JSON schema): {json.dumps(t.parameters)}" for t in tools
    )
    return (
        "You plan the reasoning steps a Magic: The Gathering Arena deck expert takes before answering. "
        f"Return 1 to {MAX_PLAN_STEPS} steps in order. Each step has a short imperative title the "
        "player sees, the tool it runs (exactly one of the tools below, or null) and that tool's "
        "arguments. Use only these tools:\n"
        f"{listing}\n"
        'Answer with a JSON object only: {"steps": [{"title": "...", "tool": "...", "args": {...}}]}'
    )


def plan_user_message(question: str, context: str) -> str:
    return f"Context:\n{context.strip() or '(none)'}\n\nQuestion:\n{question.strip()}"


def _strip_fences(text: str) -> str:
    """Local models often wrap JSON in Markdown fences despite being asked not to."""
    match = re.search(r"```(?:json)?\s*(.*?)```", text, re.DOTALL)
    return match.group(1) if match else text


def _check_args(spec: ToolSpec, args: dict[str, Any]) -> str | None:
    """Return what is wrong with ``args`` for ``spec``, or None."""
    if spec.check is not None:
        return spec.check(args)
    props = spec.parameters.get("properties", {})
    missing = [k for k in spec.parameters.get("required", []) if k not in args]
    if missing:
        return f"missing {', '.join(missing)}"
    if spec.parameters.get("additionalProperties") is False:
        unknown = [k for k in args if k not in props]
        if unknown:
            return f"unknown argument {', '.join(unknown)}"
    return None


def parse_plan(provider: str, raw: str | dict[str, Any], tools: list[ToolSpec]) -> list[PlannedStep]:
    """Validate a model's plan; any deviation is a ``bad_response`` naming what and where."""
    try:
        data = json.loads(_strip_fences(raw)) if isinstance(raw, str) else raw
        plan = _Plan.model_validate(data)
    except (ValueError, ValidationError) as exc:
        raise ProviderError(provider, "bad_response", f"plan is not valid: {exc}") from exc
    known = {t.name: t for t in tools}
    steps: list[PlannedStep] = []
    for number, step in enumerate(plan.steps, start=1):
        tool = step.tool or None
        if tool is not None:
            spec = known.get(tool)
            if spec is None:
                raise ProviderError(
                    provider, "bad_response", f"plan step {number} names unknown tool {tool!r}"
                )
            problem = _check_args(spec, step.args)
            if problem:
                raise ProviderError(
                    provider, "bad_response", f"plan step {number} ({tool}): {problem}"
                )
        steps.append(PlannedStep(title=step.title.strip(), tool=tool, args=dict(step.args)))
    return steps


def answer_system(system: str, facts_json: str) -> str:
    """The persona prompt plus the facts, which are the only allowed source of numbers."""
    return (
        f"{system.strip()}\n\n"
        "Facts computed by the tools (JSON). Every number you state must appear here or come "
        "from a tool you call; never estimate.\n"
        f"{facts_json}"
    )


def revise_message(draft: str, notes: list[str]) -> str:
    bullet_notes = "\n".join(f"- {n}" for n in notes) or "- (no notes)"
    return (
        "A checker compared your draft with the facts and found these problems:\n"
        f"{bullet_notes}\n\nDraft:\n{draft}\n\n"
        "Rewrite the answer so that it fixes exactly these problems, in the same voice, using only "
        "numbers and cards from the facts. Reply with the corrected answer only."
    )


def decode_args(raw: str | dict[str, Any] | None) -> tuple[dict[str, Any], str | None]:
    """Decode tool arguments; return ``(args, problem)`` so a bad call becomes a tool error."""
    if raw is None or raw == "":
        return {}, None
    if isinstance(raw, dict):
        return raw, None
    try:
        value = json.loads(raw)
    except ValueError as exc:
        return {}, f"arguments are not valid JSON: {exc}"
    if not isinstance(value, dict):
        return {}, "arguments must be a JSON object"
    return value, None


async def run_tool(
    tools: list[ToolSpec], name: str, args: dict[str, Any], problem: str | None, on_tool: OnTool
) -> dict[str, Any]:
    """Run one tool the model asked for and report it; failures go back to the model as errors.

    A tool failure is not a provider failure: the model gets ``{"error": ...}`` and may
    recover, and the player sees the tool event either way.
    """
    spec = next((t for t in tools if t.name == name), None)
    if spec is None:
        result: dict[str, Any] = {"error": f"unknown tool {name!r}"}
    elif problem or (problem := _check_args(spec, args)):
        result = {"error": problem}
    else:
        try:
            result = await spec.run(args)
        except Exception as exc:  # the model should hear about it, not the player's turn die
            logger.exception("tool %s failed", name)
            result = {"error": f"{type(exc).__name__}: {exc}"}
    await on_tool(name, args, result)
    return result
