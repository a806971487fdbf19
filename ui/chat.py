"""Turn the API's chat stream into the messages the Gradio chatbot shows, as they arrive.

Each reasoning step becomes a collapsible "thought" (spinner while running, duration when
done), tool calls nest under the step that made them, tokens grow the answer bubble, and the
consensus verdict is written under the answer.
"""

from __future__ import annotations

import html
import logging
import re
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

logger = logging.getLogger(__name__)

_ICONS = {"agree": "✓", "revised": "✎", "flagged": "⚠"}
# For a server that sends no badge: say what ran, never a second opinion that did not.
_FALLBACK_BADGES = {
    "agree": "Fact check: agree", "revised": "Revised after the fact check", "flagged": "Flagged by the fact check",
}


# Problems are grouped by kind, each line once; past this many per group the rest are counted.
SHOWN_PER_GROUP = 8

_GROUPS = (  # (kind, heading for one, heading for many), in the order they are shown
    ("language", "line is in another language", "lines are in another language"),
    ("unknown", "card name I don't know", "card names I don't know"),
    ("count", "line with a bad count", "lines with a bad count"),
    ("header", "section header I don't know", "section headers I don't know"),
    ("other", "line that isn't a card", "lines that aren't cards"),
)


def _kind(problem: dict[str, Any]) -> str:
    reason = str(problem.get("reason", ""))
    if " export? card names must be English" in reason or " name of " in reason:
        return "language"
    if reason.startswith("unknown card"):
        return "unknown"
    if reason.startswith("not a card line"):
        return "other"
    if "count" in reason:
        return "count"
    if "header" in reason and "card line" not in reason:
        return "header"
    return "other"


def format_problems(problems: list[dict[str, Any]], *, limit: int = SHOWN_PER_GROUP) -> str:
    """Render deck problems grouped by kind, a summary first, each line once.

    A localized export gets one line of explanation instead of sixty "unknown card" rows;
    suggestions appear only when the API found a close name.
    """
    groups: dict[str, list[dict[str, Any]]] = {}
    for problem in problems:
        groups.setdefault(_kind(problem), []).append(problem)
    out: list[str] = []
    for kind, one, many in _GROUPS:
        found = groups.get(kind)
        if not found:
            continue
        if out:
            out.append("")
        out.append(f"**{len(found)} {one if len(found) == 1 else many}**" + _group_hint(kind, found))
        for problem in found[:limit]:
            out.append(_problem_line(problem, kind))
        if len(found) > limit:
            out.append(f"- …and {len(found) - limit} more like these")
    return "\n".join(out)


def _group_hint(kind: str, found: list[dict[str, Any]]) -> str:
    if kind == "language":
        language = re.search(r"a (\w+(?:/\w+)*) Arena export", " ".join(str(p.get("reason")) for p in found))
        which = f"a {language.group(1)}" if language else "a non-English"
        return (f": this looks like {which} Arena export, and I read English card names only. "
                "Set Arena's language to English, export the deck again and paste that.")
    return ""


def _problem_line(problem: dict[str, Any], kind: str) -> str:
    suggestions = [str(s) for s in problem.get("suggestions") or []][:3]
    reason = str(problem.get("reason", ""))
    said = f"- line {problem.get('line', '?')}: `{_code(str(problem.get('text', '')))}`"
    if kind not in ("unknown", "language"):
        said += f" — {_text(reason)}"
    elif reason.startswith("unknown card: ") and "'" in reason:  # "'Wald' is the German name of Forest"
        said += f" — {_text(reason.split(': ', 1)[1].split(';')[0])}"
    if suggestions:
        said += " — did you mean " + " or ".join(f"**{_text(s)}**" for s in suggestions) + "?"
    return said


def _code(text: str) -> str:
    """Keep a player's line inside its code span: no backticks, no line breaks, capped."""
    text = text.replace("`", "'").replace("\n", " ").strip()
    return (text[:117] + "…") if len(text) > 120 else text or " "


def _text(text: str) -> str:
    """Show text from a deck as text: never as HTML or a Markdown link/image."""
    return html.escape(text, quote=False).replace("[", "\\[").replace("]", "\\]").replace("!", "\\!")


def format_rejection(message: str, problems: list[dict[str, Any]]) -> str:
    """Say why a deck could not be read: a one-line summary, then each problem once."""
    if not problems:
        return f"**I couldn't read that deck.** {_text(message)}"
    lines = len({p.get("line") for p in problems})
    noun = "line" if lines == 1 else "lines"
    return (f"**I couldn't read that deck:** {lines} {noun} need{'s' if lines == 1 else ''} fixing.\n\n"
            f"{format_problems(problems)}\n\nFix those lines and send the deck again.")


def format_error(event: Error) -> str:
    """Say what went wrong in words a player can act on."""
    if event.code == "deck_parse_error" or _problems(event.details):
        return format_rejection(event.message, _problems(event.details))
    return f"**Something went wrong** (`{event.code}`): {_text(event.message)}"


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
    # A deck that could not be read: the agent answers about it itself, so this is shown only
    # when no answer came (each problem once, not twice).
    deck_error: str | None = None
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
            if event.answered_by:  # after a fallback the answer is offline's, whatever ready said
                self.provider = event.answered_by
            self._show_answer()
        elif isinstance(event, Error):
            if event.code == "deck_parse_error" or _problems(event.details):
                self.deck_error = format_error(event)
            else:
                self.errors.append(format_error(event))
            self._close_running_steps()
        elif isinstance(event, Done):
            self.elapsed_ms = event.elapsed_ms
            self._close_running_steps()
            if self.deck_error and not self.answer_text.strip():
                self.errors.append(self.deck_error)
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


def restored_turn(message: dict[str, Any]) -> list[gr.ChatMessage]:
    """An assistant turn read back from the thread: its steps, answer, verdict and provider."""
    view = TurnView()
    for index, step in enumerate(message.get("steps") or [], start=1):
        view.apply(Step(id=f"r{index}", title=str(step.get("title", "")), status="running"))
        status = "error" if step.get("status") == "error" else "done"
        view.apply(Step(id=f"r{index}", title=str(step.get("title", "")), status=status,
                        detail=str(step.get("detail") or "") or None))
    verdict = message.get("verdict")
    if isinstance(verdict, dict) and verdict.get("verdict"):
        try:
            view.apply(Consensus.model_validate({**verdict, "type": "consensus"}))
        except ValueError:
            logger.warning("A stored verdict could not be read: %r", verdict)
    view.apply(Message(text=str(message.get("text", "")), answered_by=message.get("answered_by")))
    return view.messages()


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
