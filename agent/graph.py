"""The Vawlrathh graph: one turn is understand → plan → act → draft → consensus → respond."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from langgraph.graph import END, START, StateGraph
from langgraph.types import Checkpointer

from agent import nodes
from agent.state import Context, InputState, State

NODE_ORDER = ("understand", "plan", "act", "draft", "consensus", "respond")


def build_graph(checkpointer: Checkpointer = None) -> Any:
    """Compile the turn graph; with a checkpointer, each thread's state persists between turns."""
    builder = StateGraph(State, input_schema=InputState, context_schema=Context)
    builder.add_node("understand", nodes.understand)
    builder.add_node("plan", nodes.plan)
    builder.add_node("act", nodes.act)
    builder.add_node("draft", nodes.draft)
    builder.add_node("consensus", nodes.consensus)
    builder.add_node("respond", nodes.respond)
    builder.add_edge(START, NODE_ORDER[0])
    for before, after in pairwise(NODE_ORDER):
        builder.add_edge(before, after)
    builder.add_edge(NODE_ORDER[-1], END)
    return builder.compile(checkpointer=checkpointer, name="vawlrathh")
