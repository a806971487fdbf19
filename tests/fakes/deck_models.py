"""Fake models that behave like well-prompted ones, for the local OpenAI and Anthropic servers.

Set one as a fake server's ``responder``: it plans with the agent's tools, calls ``mana_odds``
while answering, and writes its answer from the facts the agent sent (read back out of the
request: ``agent.providers.common.answer_system`` puts the facts JSON on the system prompt's
last line). Claude's model also judges, with scripted verdicts. Used by the end-to-end turn
tests and by ``bench/bench_providers.py``.
"""

from __future__ import annotations

import itertools
import json
from typing import Any

from tests.fakes.anthropic_server import Call as AnthropicCall
from tests.fakes.anthropic_server import Reply as AnthropicReply
from tests.fakes.anthropic_server import plan, verdict
from tests.fakes.openai_server import Call, Reply

PLAN_STEPS = [
    {"title": "Analyze the deck", "tool": "analyze_deck", "args": {}},
    {"title": "Odds of the fourth land", "tool": "mana_odds", "args": {"want": 4, "by_turn": 4, "on_play": False}},
]
ODDS_ARGS = {"want": 4, "by_turn": 4, "on_play": False}





def facts_in(system: str) -> dict[str, Any]:
    """The facts JSON the agent put on the last line of the system prompt."""
    return json.loads(system.rsplit("\n", 1)[1])


def number_not_in(facts: dict[str, Any], start: int = 29) -> int:
    """The first whole number from ``start`` that no fact could be mistaken for.

    Checked on the facts' JSON text, so numbers inside strings count too; a neighbour's
    digits (n-1) are excluded as well, since the checker allows rounding.
    """
    text = json.dumps(facts)
    return next(n for n in itertools.count(start) if str(n) not in text and str(n - 1) not in text)


def answer_from(facts: dict[str, Any], odds: dict[str, Any] | None, *, lands: int | None = None) -> str:
    """What a careful model writes; a given ``lands`` makes it miscount, for the revise path."""
    analysis = facts["analysis"]
    text = f"{analysis['lands'] if lands is None else lands} lands in {analysis['main_count']} cards."
    if odds is not None:
        text += f" Fourth land by turn {odds['by_turn']} on the draw: {odds['probability']:.1%}."
    return text + " Adequate. Barely."


def tool_result_in(messages: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The last tool result the agent sent back, in either vendor's shape."""
    for msg in reversed(messages):
        if msg.get("role") == "tool":
            return json.loads(msg["content"])
        if msg.get("role") == "user" and isinstance(msg.get("content"), list):
            for block in msg["content"]:
                if block.get("type") == "tool_result":
                    return json.loads(block["content"])
    return None


class OpenAIModel:
    """Responder for FakeOpenAI: plan, then a tool round, then the answer; revise on request."""

    def __init__(self, *, miscount: bool = False) -> None:
        self.miscount = miscount
        self.wrong: int | None = None  # the made-up land count, once written

    def __call__(self, body: dict[str, Any]) -> Reply:
        messages = body["messages"]
        if body.get("response_format"):
            return Reply(text=json.dumps({"steps": PLAN_STEPS}))
        if not body.get("stream"):  # revise: write it again, correctly this time
            return Reply(text=answer_from(self._facts(messages), None))
        odds = tool_result_in(messages)
        if odds is None and "tools" in body:
            return Reply(text="Counting. ", calls=(Call("mana_odds", ODDS_ARGS),))
        facts = self._facts(messages)
        if self.miscount:
            self.wrong = number_not_in({**facts, "tool": odds})
        return Reply(text=answer_from(facts, odds, lands=self.wrong))

    @staticmethod
    def _facts(messages: list[dict[str, Any]]) -> dict[str, Any]:
        return facts_in(messages[0]["content"])


class ClaudeModel:
    """Responder for FakeAnthropic: plan, answer and revise as the provider; verdicts as the judge."""

    def __init__(self, verdicts: list[tuple[str, list[str]]] | None = None, revised_suffix: str = "") -> None:
        self.verdicts = list(verdicts or [("agree", [])])
        self.revised_suffix = revised_suffix
        self.judged: list[str] = []

    def __call__(self, body: dict[str, Any]) -> AnthropicReply:
        choice = (body.get("tool_choice") or {}).get("name")
        if choice == "submit_plan":
            return plan(PLAN_STEPS)
        if choice == "record_verdict":
            self.judged.append(body["messages"][0]["content"])
            kind, reasons = self.verdicts.pop(0) if len(self.verdicts) > 1 else self.verdicts[0]
            return verdict(kind, reasons)
        facts = facts_in(body["system"])
        if not body.get("stream"):
            return AnthropicReply(text=answer_from(facts, facts.get("odds_answer")) + self.revised_suffix)
        odds = tool_result_in(body["messages"])
        if odds is None and "tools" in body:
            return AnthropicReply(text="Counting. ", calls=(AnthropicCall("mana_odds", ODDS_ARGS),))
        return AnthropicReply(text=answer_from(facts, odds))
