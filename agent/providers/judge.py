"""Claude as the consensus judge: a structured agree/revise verdict on a draft.

The verdict arrives through a forced ``record_verdict`` tool call with an enum, so it is data
rather than prose to parse. Nothing here streams: the player never sees the judge's tokens.

No ``temperature``: anthropic SDK 2.x speaks API version 2026-10-21, which removed the
sampling parameters (the SDK no longer accepts them, and the API answers 400 if they are
smuggled in through ``extra_body``). The forced tool and its enum are what keep the verdict
deterministic in form.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from agent.providers.anthropic_provider import forced_tool_input, make_client
from agent.providers.base import Judge, JudgeVerdict, ProviderError
from agent.providers.errors import translate_errors

if TYPE_CHECKING:
    import httpx2

VERDICT_TOOL = "record_verdict"
JUDGE_MAX_TOKENS = 600
_PROVIDER = "claude"

JUDGE_SYSTEM = (
    "You are the second reviewer of a Magic: The Gathering Arena deck assistant. You receive "
    "the player's question, the facts computed by deterministic tools (JSON) and a draft answer. "
    "Judge only correctness against the facts: every number must match a fact, every card named "
    "must exist, suggested additions must fit the deck's colors and format, and the draft must "
    "answer the question. Tone and brevity are intended; do not judge them. "
    f"Call {VERDICT_TOOL} once: verdict 'agree' when the draft is correct, or 'revise' with one "
    "short, specific reason per problem."
)

VERDICT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "verdict": {"type": "string", "enum": ["agree", "revise"]},
        "reasons": {
            "type": "array",
            "items": {"type": "string"},
            "description": "One specific problem per item; empty when agreeing",
        },
    },
    "required": ["verdict", "reasons"],
}


class _Verdict(BaseModel):
    model_config = ConfigDict(extra="ignore")
    verdict: Literal["agree", "revise"]
    reasons: list[str] = Field(default_factory=list, max_length=20)


class ClaudeJudge(Judge):
    """Asks Claude for a verdict; raises ``ProviderError`` so the graph reports it did not run."""

    def __init__(
        self,
        *,
        api_key: str,
        model: str,
        base_url: str | None = None,
        timeout_s: float = 30.0,
        max_retries: int = 2,
        http_client: httpx2.AsyncClient | None = None,
    ) -> None:
        self.name = _PROVIDER
        self.model = model
        self._client = make_client(
            api_key=api_key,
            base_url=base_url,
            timeout_s=timeout_s,
            max_retries=max_retries,
            http_client=http_client,
        )

    def __repr__(self) -> str:
        return f"ClaudeJudge(model={self.model!r})"

    async def judge(self, question: str, draft: str, facts_json: str) -> JudgeVerdict:
        """Return Claude's verdict; a revise verdict always carries at least one reason."""
        with translate_errors(_PROVIDER):
            message = await self._client.messages.create(
                model=self.model,
                max_tokens=JUDGE_MAX_TOKENS,
                system=JUDGE_SYSTEM,
                messages=[
                    {
                        "role": "user",
                        "content": (
                            f"Question:\n{question}\n\nFacts (JSON):\n{facts_json}\n\nDraft answer:\n{draft}"
                        ),
                    }
                ],
                tools=[
                    {
                        "name": VERDICT_TOOL,
                        "description": "Record whether the draft is correct against the facts.",
                        "input_schema": VERDICT_SCHEMA,
                    }
                ],
                tool_choice={"type": "tool", "name": VERDICT_TOOL},
            )
        raw = forced_tool_input(_PROVIDER, message, VERDICT_TOOL)
        try:
            parsed = _Verdict.model_validate(raw)
        except ValidationError as exc:
            raise ProviderError(_PROVIDER, "bad_response", f"verdict is not valid: {exc}") from exc
        reasons = [r.strip() for r in parsed.reasons if r.strip()]
        if parsed.verdict == "revise" and not reasons:
            raise ProviderError(_PROVIDER, "bad_response", "verdict 'revise' came without reasons")
        return JudgeVerdict(verdict=parsed.verdict, reasons=reasons)

    async def aclose(self) -> None:
        """Release the SDK client's connections."""
        await self._client.close()
