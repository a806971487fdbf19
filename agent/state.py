"""The thread's state, the turn's input, and the per-run context of the Vawlrathh graph.

Everything in ``State`` is plain JSON (strings, numbers, lists, dicts) because the SQLite
checkpointer stores it. Thread-lasting fields (``messages``, ``deck_text``, ``facts``) change
only in the last node, ``respond``, so a turn cancelled half-way leaves the conversation as it
was; turn fields (``question`` ... ``verdict``) are overwritten by every new turn.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, field
from typing import Annotated, Any, TypedDict

from agent.priority import NO_TICKET, FirstAnswersFirst, Ticket
from agent.providers.base import Judge, LLMProvider
from agent.settings import Settings
from agent.tools.registry import HistoryReader
from arena.deck_service import DeckCache
from arena.research import MetaResearch


class ChatMessage(TypedDict, total=False):
    role: str  # "user" | "assistant"
    text: str
    # assistant turns also keep what the player saw around the answer, so a reload shows it again
    steps: list[dict[str, Any]]  # [{"title", "status", "detail"}] in the order they ran
    verdict: dict[str, Any]  # the consensus event
    answered_by: str  # the provider that wrote the answer ("offline" after a fallback)


class InputState(TypedDict, total=False):
    """What one turn brings in: the question, and optionally a new deck."""

    question: str
    new_deck: str | None


class State(TypedDict, total=False):
    """The whole thread, plus this turn's working fields."""

    # thread-lasting
    messages: Annotated[list[ChatMessage], operator.add]
    deck_text: str | None  # the deck attached to this thread, until a new one parses
    facts: dict[str, Any]  # the facts computed so far on this thread (last value per key)
    # this turn
    question: str
    new_deck: str | None
    turn_deck: str | None  # the deck this turn works on (new one if it parsed, else the thread's)
    intent: dict[str, Any]
    plan: list[dict[str, Any]]
    turn_facts: dict[str, Any]  # what this turn computed; the answer is built from these
    notes: list[str]  # plain sentences the answer must carry (e.g. the provider fell back)
    fallback: bool  # this turn answers offline although a provider was configured
    draft: str
    verdict: dict[str, Any]
    answer: str


@dataclass
class Context:
    """Per-run things that must not live in the checkpointed state: clients and the catalog."""

    catalog: Any
    settings: Settings
    cache: DeckCache
    provider: LLMProvider | None = None
    judge: Judge | None = None
    thread_id: str = ""
    trials: int = 10000  # Monte Carlo trials for opening hands in a deck analysis
    gate: FirstAnswersFirst | None = None  # post-token work yields to turns owing a first token
    ticket: Ticket = NO_TICKET  # this turn's place in the gate, released at its first token
    # The steps this run showed (title, status, detail), stored with the answer for reloads.
    shown_steps: list[dict[str, Any]] = field(default_factory=list)
    research: MetaResearch | None = None  # live metagame search (agent.research); None without keys
    history: HistoryReader | None = None  # the player's stored matches (agent.tools.history); None without a key
