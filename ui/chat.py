"""Turn the API's chat stream into the messages the Gradio chatbot shows, as they arrive.

Each reasoning step becomes a collapsible "thought" (spinner while running, duration when
done), tool calls nest under the step that made them, tokens grow the answer bubble, and the
consensus verdict is written under the answer.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field, replace
from typing import Any

import gradio as gr

from agent.events import (
    Consensus,
    Done,
    Error,
    Message,
    Ready,
    ServerEvent,
    Step,
    Token,
    ToolCall,
)
from ui.facts_view import literal

logger = logging.getLogger(__name__)

_ICONS = {"agree": "✓", "revised": "✎", "flagged": "⚠"}
# For a server that sends no badge: say what ran, never a second opinion that did not.
_FALLBACK_BADGES = {
    "agree": "Fact check: agree", "revised": "Revised after the fact check", "flagged": "Flagged by the fact check",
}


def format_problems(problems: list[dict[str, Any]], *, limit: int = 25) -> str:
    """Render deck problems (line, text, reason, suggestions) as a Markdown table."""
    rows = ["| Line | Text | Problem | Did you mean |", "| ---: | --- | --- | --- |"]
    for problem in problems[:limit]:
        suggestions = problem.get("suggestions") or []
        rows.append(
            "| {line} | `{text}` | {reason} | {sugg} |".format(
                line=problem.get("line", "?"),
                text=_code_cell(str(problem.get("text", ""))) or " ",
                reason=_cell(str(problem.get("reason", ""))),
                sugg=_cell(", ".join(str(s) for s in suggestions[:3])) or "—",
            )
        )
    more = len(problems) - limit
    if more > 0:
        rows.append(f"| | | …and {more} more | |")
    return "\n".join(rows)


def _code_cell(text: str) -> str:
    """Keep a line from breaking out of its code span and table cell (a code span shows HTML as text)."""
    return text.replace("|", "\\|").replace("`", "'").replace("\n", " ").strip()


def _cell(text: str) -> str:
    """A value a player wrote, shown literally in its Markdown table cell (no HTML, no links)."""
    return literal(text.strip())


def format_error(event: Error) -> str:
    """Say what went wrong in words a player can act on."""
    if event.code == "deck_parse_error" or _problems(event.details):
        problems = _problems(event.details)
        head = f"**I couldn't read that deck.** {event.message}"
        if problems:
            return f"{head}\n\n{format_problems(problems)}\n\nFix those lines and send the deck again."
        return head
    return f"**Something went wrong** (`{event.code}`): {event.message}"


def _problems(details: Any) -> list[dict[str, Any]]:
    if isinstance(details, dict):
        details = details.get("problems")
    return [p for p in details if isinstance(p, dict)] if isinstance(details, list) else []


def badge_line(verdict: Consensus) -> str | None:
    """The line under an answer naming what checked it; None when nothing did (parse errors)."""
    if verdict.verdict == "skipped":
        return None
    label = verdict.badge or _FALLBACK_BADGES.get(verdict.verdict, verdict.verdict)
    return f"{_ICONS.get(verdict.verdict, '•')} **{label}**"


@dataclass
class TurnView:
    """What one turn looks like so far; ``apply`` each event, then show ``messages()``."""

    steps: dict[str, gr.ChatMessage] = field(default_factory=dict)
    order: list[gr.ChatMessage] = field(default_factory=list)
    answer_text: str = ""
    verdict: Consensus | None = None
    errors: list[str] = field(default_factory=list)
    elapsed_ms: float | None = None
    thread_id: str | None = None
    provider: str | None = None
    facts: dict[str, Any] = field(default_factory=dict)
    # Thought ids must be unique across the whole conversation: the chatbot nests by id.
    turn_key: str = field(default_factory=lambda: uuid.uuid4().hex[:8])
    _answer: gr.ChatMessage | None = None
    _running_step: str | None = None
    _tools: int = 0

    def apply(self, event: ServerEvent) -> None:
        """Fold one stream event into the view."""
        if isinstance(event, Ready):
            self.thread_id, self.provider = event.thread_id, event.provider
        elif isinstance(event, Step):
            self._apply_step(event)
        elif isinstance(event, ToolCall):
            self._apply_tool(event)
        elif isinstance(event, Token):
            self.answer_text += event.text
            self._show_answer()
        elif isinstance(event, Consensus):
            self.verdict = event
            self._show_answer()
        elif isinstance(event, Message):
            # The final text wins over the streamed draft: consensus may have revised it.
            self.answer_text = event.text
            self.facts = event.facts
            self._show_answer()
        elif isinstance(event, Error):
            self.errors.append(format_error(event))
            self._close_running_steps()
        elif isinstance(event, Done):
            self.elapsed_ms = event.elapsed_ms
            self._close_running_steps()
            if self._answer is not None:
                self._show_answer()

    def _apply_step(self, event: Step) -> None:
        msg = self.steps.get(event.id)
        if msg is None:
            msg = gr.ChatMessage(content="", metadata={"title": event.title, "id": f"{self.turn_key}-step-{event.id}"})
            self.steps[event.id] = msg
            self.order.append(msg)
        title = event.title if event.status != "error" else f"⚠ {event.title}"
        msg.metadata["title"] = title
        if event.status == "running":
            msg.metadata["status"] = "pending"
            self._running_step = event.id
        else:
            msg.metadata["status"] = "done"
            if event.duration_ms is not None:
                msg.metadata["duration"] = round(event.duration_ms / 1000, 2)
            if self._running_step == event.id:
                self._running_step = None
        if event.detail:
            msg.content = _join(_own_text(msg), event.detail)

    def _apply_tool(self, event: ToolCall) -> None:
        self._tools += 1
        metadata: dict[str, Any] = {"title": f"⚙ {event.name}", "status": "done",
                                    "id": f"{self.turn_key}-tool-{self._tools}"}
        parent = self.steps.get(self._running_step or "")
        if parent is not None:
            metadata["parent_id"] = parent.metadata.get("id")
        msg = gr.ChatMessage(content=event.summary, metadata=metadata)  # type: ignore[arg-type]
        # Nested thoughts follow their parent; top-level ones go in arrival order.
        self.order.append(msg)

    def _close_running_steps(self) -> None:
        for msg in self.steps.values():
            if msg.metadata.get("status") == "pending":
                msg.metadata["status"] = "done"

    def _show_answer(self) -> None:
        if self._answer is None:
            self._answer = gr.ChatMessage(content="")
            self.order.append(self._answer)
        self._answer.content = self.answer_text + self._footer()

    def _footer(self) -> str:
        parts: list[str] = []
        line = badge_line(self.verdict) if self.verdict is not None else None
        if self.verdict is not None and line is not None:
            failing = [f"{c.status}: {c.reason} — “{c.text}”" for c in self.verdict.claims]
            notes = "".join(f"\n> - {note}" for note in failing or [n for n in self.verdict.notes if self.verdict.verdict != "agree"])
            parts.append(f"> {line}{notes}")
        meta = []
        if self.provider:
            meta.append(f"model: {self.provider}")
        if self.elapsed_ms is not None:
            ms = self.elapsed_ms
            meta.append(f"{ms:.0f} ms" if ms < 1000 else f"{ms / 1000:.1f} s")
        if meta:
            parts.append(f"<sub>{' · '.join(meta)}</sub>")
        return ("\n\n" + "\n\n".join(parts)) if parts else ""

    def messages(self) -> list[gr.ChatMessage]:
        """The assistant messages of this turn, thoughts first, then answer and errors."""
        # Copies: Gradio may still hold the previous yield while we keep updating these.
        shown = [replace(m, metadata=dict(m.metadata)) for m in self.order]  # type: ignore[arg-type]
        shown.extend(gr.ChatMessage(content=text) for text in self.errors)
        if not shown:
            shown.append(gr.ChatMessage(content="", metadata={"title": "Thinking…", "status": "pending"}))
        return shown


def _own_text(msg: gr.ChatMessage) -> str:
    return msg.content if isinstance(msg.content, str) else ""


def _join(existing: str, detail: str) -> str:
    return detail if not existing or existing == detail else f"{existing}\n\n{detail}"


async def render_turn(events: AsyncIterator[ServerEvent], view: TurnView) -> AsyncIterator[list[gr.ChatMessage]]:
    """Yield the turn's messages after every event, so tokens show up as they come."""
    async for event in events:
        view.apply(event)
        yield view.messages()


def mark_stopped(history: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """After the player presses Stop: no thought keeps spinning, and each says it was cut short."""
    marked = []
    for message in history:
        metadata = dict(message.get("metadata") or {})
        if metadata.get("status") == "pending":
            metadata["status"] = "done"
            metadata["title"] = f"{metadata.get('title') or 'Thinking'} (stopped)"
            message = {**message, "metadata": metadata}
        marked.append(message)
    return marked
