"""Each tool declared once: name, argument model, description, handler and facts key.

One ``Tool`` feeds everything that offers tools: the model specs (``ToolSpec`` for OpenAI
and Anthropic), the plan validation, the graph's facts and the MCP server in ``api/mcp``.
A handler takes its validated arguments and a ``ToolContext`` and returns a JSON-able dict
whose ``summary`` is the one line shown in the ``tool`` event.

Add a tool in a module of this package::

    class PriceArgs(DeckArgs):
        currency: Literal["usd", "eur"] = Field("usd", description="...")

    @tool("deck_price", args=PriceArgs, fact_key="price", needs_deck=True)
    async def deck_price(args: PriceArgs, ctx: ToolContext) -> dict[str, Any]:
        \"\"\"What the model and MCP clients read: what the tool does and returns.\"\"\"
        parsed = await ctx.parsed(args.deck)
        ...

and import the module in ``agent/tools/__init__.py``. The docstring is the description.
"""

from __future__ import annotations

import dataclasses
import inspect
import re
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from typing import Annotated, Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from arena.deck_service import DeckCache, ParsedDeck
from arena.errors import ArenaError, DeckParseError, DeckTooLargeError
from arena.models import Card
from arena.research import MetaResearch

# Reads the player's stored matches, already bound to the player (agent.tools.history).
HistoryReader = Callable[[], Awaitable[list[dict[str, Any]]]]
# Reads any player's stored matches by owner hash (the API's history store).
HistorySource = Callable[[str], Awaitable[list[dict[str, Any]]]]


def bind_history(source: HistorySource | None, owner: str | None) -> HistoryReader | None:
    """The reader of one owner's matches; None when there is no owner or no store to read."""
    if owner is None or source is None:
        return None
    return lambda: source(owner)

# A stored deck's id (``api.store``: a uuid4's hex); deck text never looks like this.
STORED_DECK_ID = re.compile(r"[0-9a-f]{32}")


class ToolError(Exception):
    """A tool could not do what was asked (bad arguments, no deck, a bad line); safe to show.

    ``code`` and ``details`` follow the API's error shape (``deck_parse_error`` with every bad
    line, ``deck_too_large``, ``invalid_arguments``...), so every transport reports it alike.
    """

    def __init__(self, message: str, *, code: str = "tool_error", details: Any | None = None):
        super().__init__(message)
        self.code = code
        self.details = details


def from_arena_error(exc: ArenaError) -> ToolError:
    """The deck engine's error as a tool error with the API's code and details."""
    if isinstance(exc, DeckParseError):
        problems = [{"line": p.line, "text": p.text, "reason": p.reason, "suggestions": list(p.suggestions)}
                    for p in exc.problems]
        return ToolError(str(exc), code="deck_parse_error", details=problems)
    if isinstance(exc, DeckTooLargeError):
        return ToolError(str(exc), code="deck_too_large",
                         details={"limit": exc.limit, "unit": exc.unit, "actual": exc.actual})
    return ToolError(str(exc), code="bad_request")


DeckRef = Annotated[str | None, Field(
    min_length=1,
    description="The deck: its text in any supported format (MTG Arena export, CSV, MTGO .dek, JSON) "
    "or the id of a deck stored with POST /api/v1/decks.",
)]


class ToolArgs(BaseModel):
    """Base of every argument model: unknown arguments are an error, never ignored."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class DeckArgs(ToolArgs):
    """Arguments of a tool about one deck; in a conversation the attached deck is the default."""

    deck: DeckRef = None


@dataclass(frozen=True)
class StoredDeck:
    """A deck as the API stored it: the text, and the name and format given at upload."""

    text: str
    name: str | None = None
    format: str | None = None


@dataclass
class ToolContext:
    """What a tool may use: the catalog, the deck cache, and the deck to use when none is given.

    ``stored_deck`` looks a stored deck id up (the API's deck store); without it, a ``deck``
    argument is always read as deck text.
    """

    catalog: Any
    cache: DeckCache
    trials: int = 10000
    deck: str | None = None
    stored_deck: Callable[[str], Awaitable[StoredDeck | None]] | None = None
    research: MetaResearch | None = None  # live metagame search (agent.research); None without keys
    # The player's stored matches (oldest first), bound to their owner key by the API; None when
    # this caller has no history (no key given, or a transport without one).
    history: HistoryReader | None = None

    async def deck_source(self, ref: str | None) -> StoredDeck:
        """The given deck (text or stored id), else the conversation's deck."""
        if ref is None:
            if not self.deck:
                raise ToolError("no deck is attached to this conversation", code="no_deck")
            return StoredDeck(self.deck)
        if self.stored_deck is not None and STORED_DECK_ID.fullmatch(ref):
            stored = await self.stored_deck(ref)
            if stored is None:
                raise ToolError(f"No stored deck has id {ref!r}.", code="deck_not_found")
            return stored
        return StoredDeck(ref)

    async def parsed(self, ref: str | None = None) -> ParsedDeck:
        """The deck parsed and analyzed once (``DeckCache``); a bad line is a ``ToolError``.

        A stored deck uploaded under another name or format is analyzed as such, as the REST
        analysis of that deck is (the cached parse is reused, only the analysis runs again).
        """
        source = await self.deck_source(ref)
        try:
            parsed = await self.cache.parsed(source.text, self.catalog, trials=self.trials)
        except ArenaError as exc:
            raise from_arena_error(exc) from exc
        name = source.name if source.name is not None else parsed.deck.name
        fmt = source.format if source.format is not None else parsed.deck.format
        if (name, fmt) == (parsed.deck.name, parsed.deck.format):
            return parsed
        from arena.analysis import analyze

        deck = dataclasses.replace(parsed.deck, name=name, format=fmt)
        report = analyze(deck, trials=self.trials)
        return ParsedDeck(deck, report.facts(), report)

    def card(self, name: str) -> Card:
        """The card a player means by ``name``: exact, named in the text, or a close spelling."""
        card: Card | None = self.catalog.get(name)
        if card is not None:
            return card
        found = self.catalog.find_names_in_text(name, limit=1)
        if found:
            return found[0]  # type: ignore[no-any-return]
        matches = self.catalog.fuzzy(name, limit=3)
        if matches and matches[0].score >= 85:
            hit: Card | None = self.catalog.get(matches[0].name)
            if hit is not None:
                return hit
        hint = f" Closest: {', '.join(m.name for m in matches)}." if matches else ""
        raise ToolError(f"no card named {name!r} in the catalog.{hint}", code="card_not_found",
                        details={"suggestions": [m.name for m in matches]})


ArgsT = TypeVar("ArgsT", bound=ToolArgs)
Handler = Callable[[ArgsT, ToolContext], Awaitable[dict[str, Any]]]


@dataclass(frozen=True)
class Tool(Generic[ArgsT]):
    """One tool: everything any caller needs to offer it, validate a call and record its result.

    ``fact_key`` is where the result lands in the facts (stable: scripted chats address facts
    by path); with ``keyed_by`` the facts hold one result per value of that field
    (``facts["cards"][name]``). ``needs_deck``: the tool cannot answer without a deck, so an
    MCP client must give one (in a conversation the attached deck is the default). ``output``:
    the result's type, when it has one (MCP clients get it as the tool's output schema).
    """

    name: str
    args: type[ArgsT]
    description: str
    handler: Handler[ArgsT]
    fact_key: str
    keyed_by: str | None = None
    needs_deck: bool = False
    output: type[BaseModel] | None = None

    def output_schema(self) -> dict[str, Any] | None:
        """The JSON schema of a result, for tools whose result has a declared type."""
        return self.output.model_json_schema() if self.output is not None else None

    def schema(self, *, conversation: bool) -> dict[str, Any]:
        """The arguments' JSON schema; in a conversation without ``deck`` (the attached one is used)."""
        schema = plain_schema(self.args)
        schema.pop("description", None)  # the model's docstring is for developers; the tool has its own
        props: dict[str, Any] = schema.setdefault("properties", {})
        required: list[str] = list(schema.get("required", []))
        if "deck" in props:
            if conversation:
                props.pop("deck")
                required = [r for r in required if r != "deck"]
            elif self.needs_deck and "deck" not in required:
                required.insert(0, "deck")
        if required:
            schema["required"] = required
        else:
            schema.pop("required", None)
        return schema

    def parse(self, raw: Any, *, conversation: bool = False) -> ArgsT:
        """Validate a call's arguments; a ``ToolError`` naming the argument and the limit."""
        problem = self.problem(raw, conversation=conversation)
        if problem is not None:
            raise ToolError(problem, code="invalid_arguments")
        return self.args.model_validate(raw)

    def problem(self, raw: Any, *, conversation: bool = False) -> str | None:
        """What is wrong with these arguments, or None."""
        if not isinstance(raw, dict):
            return f"{self.name} takes an object of arguments, got {type(raw).__name__}"
        if conversation and "deck" in raw:
            return f"{self.name} works on the conversation's deck; deck is not an argument here"
        return args_problem(self.name, self.args, raw)

    async def run(self, raw: Any, ctx: ToolContext, *, conversation: bool = False) -> dict[str, Any]:
        """Validate and run; raises ``ToolError`` with a player-safe reason when it cannot."""
        args = self.parse(raw, conversation=conversation)
        if self.needs_deck and getattr(args, "deck", None) is None and not ctx.deck:
            raise ToolError(
                "no deck is attached to this conversation" if conversation
                else f"{self.name} needs a deck: its text or a stored deck id", code="no_deck")
        try:
            return await self.handler(args, ctx)
        except ArenaError as exc:
            raise from_arena_error(exc) from exc


@dataclass
class Registry:
    """The tools by name, in the order they were declared."""

    tools: dict[str, Tool[Any]] = field(default_factory=dict)

    def tool(
        self, name: str, *, args: type[ArgsT], fact_key: str, keyed_by: str | None = None, needs_deck: bool = False,
        output: type[BaseModel] | None = None,
    ) -> Callable[[Handler[ArgsT]], Handler[ArgsT]]:
        """Declare a tool; the handler's docstring is its description for models and MCP clients."""

        def declare(handler: Handler[ArgsT]) -> Handler[ArgsT]:
            if name in self.tools:
                raise ValueError(f"tool {name!r} is declared twice")
            description = inspect.cleandoc(handler.__doc__ or "")
            if not description:
                raise ValueError(f"tool {name!r} needs a docstring: it is the tool's description")
            self.tools[name] = Tool(name, args, description, handler, fact_key, keyed_by, needs_deck, output)
            return handler

        return declare

    def get(self, name: str) -> Tool[Any]:
        found = self.tools.get(name)
        if found is None:
            raise ToolError(f"there is no tool named {name!r}; tools: {', '.join(self.tools)}", code="unknown_tool")
        return found

    def __iter__(self) -> Iterator[Tool[Any]]:
        return iter(self.tools.values())

    def __contains__(self, name: object) -> bool:
        return name in self.tools

    @property
    def fact_keys(self) -> dict[str, str]:
        return {t.name: t.fact_key for t in self}


REGISTRY = Registry()
tool = REGISTRY.tool


def args_problem(tool_name: str, model: type[BaseModel], raw: dict[str, Any]) -> str | None:
    """What is wrong with ``raw`` as ``model``, in words naming each argument and limit; or None."""
    try:
        model.model_validate(raw)
    except ValidationError as exc:
        return "; ".join(_describe(tool_name, e) for e in exc.errors())
    return None


def plain_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The model's JSON schema with ``$ref``s inlined, titles dropped and ``X | None`` as ``X``.

    Tool arguments must be one self-contained object schema for every vendor; titles only
    repeat the field names, and an optional argument is one a caller leaves out.
    """
    schema = model.model_json_schema()
    defs = schema.pop("$defs", {})

    def clean(node: Any, *, names: bool = False) -> Any:
        if isinstance(node, dict) and names:  # a "properties" map: its keys are argument names
            return {k: clean(v) for k, v in node.items()}
        if isinstance(node, dict):
            if "$ref" in node:
                return clean(defs[node["$ref"].rsplit("/", 1)[-1]])
            options = node.get("anyOf")
            if isinstance(options, list) and len(options) == 2 and {"type": "null"} in options:
                kept = next(o for o in options if o != {"type": "null"})
                rest = {k: v for k, v in node.items() if k != "anyOf" and not (k == "default" and v is None)}
                node = {**kept, **rest}
            return {k: clean(v, names=k == "properties") for k, v in node.items() if k != "title"}
        if isinstance(node, list):
            return [clean(v) for v in node]
        return node

    cleaned: dict[str, Any] = clean(schema)
    return cleaned


_MESSAGES: dict[str, str] = {
    "int_parsing": "must be a whole number", "int_type": "must be a whole number",
    "int_from_float": "must be a whole number", "bool_parsing": "must be true or false",
    "bool_type": "must be true or false", "string_type": "must be text", "list_type": "must be a list",
}


def _describe(tool_name: str, error: Any) -> str:
    """One pydantic error in words: which argument, what is wrong, what the limit is."""
    where = ".".join(str(p) for p in error.get("loc", ())) or "arguments"
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    if kind == "missing":
        return f"{tool_name} needs {where}"
    if kind == "extra_forbidden":
        return f"{where} is not an argument of {tool_name}"
    if kind == "string_too_short":
        return f"{tool_name} needs a non-empty {where}"
    if kind == "string_too_long":
        return f"{where} is over {ctx.get('max_length')} characters"
    if kind == "greater_than_equal":
        return f"{where} must be at least {ctx.get('ge')}, got {error.get('input')}"
    if kind == "less_than_equal":
        return f"{where} must be at most {ctx.get('le')}, got {error.get('input')}"
    if kind == "too_long":
        return f"{where} takes at most {ctx.get('max_length')} items"
    if kind in _MESSAGES:
        return f"{where} {_MESSAGES[kind]}"
    return f"{where}: {error.get('msg', 'invalid')}"
