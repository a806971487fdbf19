"""The agent's tools over ``arena/``, each declared once in ``REGISTRY`` (see ``registry``).

Modules: ``registry`` (Tool, ToolContext, the decorator), ``deck`` and ``cards`` (the tools),
``toolbox`` (the tools bound to one conversation turn). Importing this package declares every
tool; a new tool module is imported here.
"""

from agent.tools import deck as deck  # noqa: I001 - declaration order is the order tools are offered in
from agent.tools import cards as cards
from agent.tools import questions as questions
from agent.tools import meta as meta
from agent.tools import market as market
from agent.tools import history as history
from agent.tools.cards import card_facts
from agent.tools.deck import COLOR_NAMES, color_phrase
from agent.tools.registry import REGISTRY, DeckArgs, Tool, ToolArgs, ToolContext, ToolError, tool
from agent.tools.toolbox import Toolbox

# Where each tool's result lives in the facts; stable: scripted chats address facts by path.
FACT_KEYS: dict[str, str] = REGISTRY.fact_keys

__all__ = [
    "COLOR_NAMES", "FACT_KEYS", "REGISTRY", "DeckArgs", "Tool", "ToolArgs", "ToolContext", "ToolError",
    "Toolbox", "card_facts", "color_phrase", "tool",
]
