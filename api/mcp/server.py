"""Vawlrathh's MCP server: the registry's tools, a whole chat turn, deck and catalog resources.

Transport-free: ``build_server(get_resources)`` returns the SDK's low-level ``Server``; the
HTTP endpoint (``api.mcp.http``) and stdio (``python -m api.mcp``) serve the same object.
Every tool result carries the JSON as structured content and as text (for clients that only
show text); a failure is a tool error (``isError``) whose text is the message the REST API
gives for the same input and whose structured content is the API's error shape.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import unquote

import mcp_types as types
from mcp.server import Server, ServerRequestContext
from mcp.shared.exceptions import MCPError
from pydantic import Field

from agent.events import OWNER_KEY_MAX, OWNER_KEY_MIN
from agent.tools import REGISTRY, ToolArgs, ToolContext, ToolError
from agent.tools.registry import (
    STORED_DECK_ID,
    DeckRef,
    StoredDeck,
    args_problem,
    bind_history,
    plain_schema,
)
from api.errors import ApiError, error_body
from api.routes.health import server_status
from api.schemas import THREAD_ID_PATTERN
from api.state import Resources
from api.store import owner_hash
from api.thread_claims import ThreadBusy
from api.turns import collect_turn, resolve_deck
from api.version import VERSION

logger = logging.getLogger(__name__)

ResourcesGetter = Callable[[], Resources | None]

# Monte Carlo trials for a deck analysis: what the REST analysis and the agent use.
TRIALS = 10000
MAX_MESSAGE_CHARS = 8000

INSTRUCTIONS = (
    "Vawlrathh, The Small'n: a brusque MTG Arena deck expert whose numbers are computed, not guessed. "
    "Give a deck as its text (MTG Arena export, CSV, MTGO .dek, JSON) or a stored deck id. "
    "analyze_deck returns the whole analysis; mana_odds, suggest_changes and check_legality answer "
    "narrower questions; chat runs one full Vawlrathh turn with its consensus check."
)

RESOURCE_NOT_FOUND = -32002  # the MCP specification's code for an unknown resource URI
DECK_URI = "vawlrathh://decks/{deck_id}"
STATUS_URI = "vawlrathh://catalog/status"
REVIEW_PROMPT = "review_my_deck"


class ChatArgs(ToolArgs):
    message: str = Field(min_length=1, max_length=MAX_MESSAGE_CHARS, description="What the player says or asks")
    deck: DeckRef = None
    thread_id: str | None = Field(None, pattern=THREAD_ID_PATTERN, description=(
        "Continue this conversation (the thread_id of an earlier chat result); a new one starts without it"))


CHAT_DESCRIPTION = (
    "Ask Vawlrathh: one full turn of the assistant (understand, plan, run the tools, draft, consensus "
    "check). Returns the answer, the thread_id to continue the conversation, the consensus verdict and "
    "the facts the answer was built from. Attach a deck once; later turns on the thread reuse it. "
    "Answered with the server's own model keys, or offline without any."
)


def chat_input_schema() -> dict[str, Any]:
    schema = plain_schema(ChatArgs)
    schema.pop("description", None)
    return schema


def _read_only(title: str) -> types.ToolAnnotations:
    return types.ToolAnnotations(title=title, read_only_hint=True, destructive_hint=False, idempotent_hint=True,
                                 open_world_hint=False)


@functools.cache
def tool_list() -> tuple[types.Tool, ...]:
    """Every registry tool (deck required where the tool needs one), then ``chat``.

    Built once: the registry is complete once ``agent.tools`` is imported, and the schemas
    (the analysis' output schema above all) take a fifth of a second to generate.
    """
    tools = [
        types.Tool(name=t.name, description=t.description, input_schema=t.schema(conversation=False),
                   output_schema=t.output_schema(), annotations=_read_only(t.name.replace("_", " ").capitalize()))
        for t in REGISTRY
    ]
    chat_schema = chat_input_schema()
    tools.append(types.Tool(
        name="chat", description=CHAT_DESCRIPTION, input_schema=chat_schema,
        annotations=types.ToolAnnotations(title="Ask Vawlrathh", read_only_hint=False, destructive_hint=False,
                                          idempotent_hint=False, open_world_hint=False),
    ))
    return tuple(tools)


def _json_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def ok(result: dict[str, Any], text: str | None = None) -> types.CallToolResult:
    return types.CallToolResult(content=[types.TextContent(text=text or _json_text(result))], structured_content=result)


def protocol_error(exc: ApiError, code: int) -> MCPError:
    """An API error as a JSON-RPC error (resources and prompts have no tool-error result)."""
    return MCPError(code, exc.message, error_body(exc.code, exc.message, exc.details)["error"])


def failed(code: str, message: str, details: Any | None = None) -> types.CallToolResult:
    """A tool error: the API's message as text, the API's error shape as structured content."""
    content = [types.TextContent(text=message)]
    if details:
        content.append(types.TextContent(text=_json_text({"code": code, "details": details})))
    return types.CallToolResult(content=content, structured_content=error_body(code, message, details), is_error=True)


def build_server(get_resources: ResourcesGetter) -> Server[Any]:
    """The MCP server over whatever resources ``get_resources`` returns when a request comes."""

    def resources() -> Resources:
        res = get_resources()
        if res is None:
            raise ApiError(503, "not_ready", "The service is starting or stopping; try again shortly.")
        return res

    async def list_tools(ctx: ServerRequestContext[Any], params: types.PaginatedRequestParams | None) -> types.ListToolsResult:
        return types.ListToolsResult(tools=list(tool_list()))

    async def call_tool(ctx: ServerRequestContext[Any], params: types.CallToolRequestParams) -> types.CallToolResult:
        try:
            res = resources()
            owner = _owner(ctx)
            if params.name == "chat":
                return await _chat(res, params.arguments or {}, owner)
            if params.name not in REGISTRY:
                names = ", ".join([*(t.name for t in REGISTRY), "chat"])
                return failed("unknown_tool", f"There is no tool named {params.name!r}; tools: {names}.")
            context = ToolContext(catalog=res.catalog, cache=res.runtime.deck_cache, trials=TRIALS,
                                  stored_deck=_stored_deck(res),
                                  research=getattr(res.runtime, "research", None),  # live meta search, when keys are set
                                  history=bind_history(getattr(res.runtime, "history_source", None), owner))
            result = await REGISTRY.get(params.name).run(params.arguments or {}, context)
            return ok(result)
        except ToolError as exc:
            return failed(exc.code, str(exc), exc.details)
        except ApiError as exc:
            return failed(exc.code, exc.message, exc.details)
        except Exception:
            logger.exception("MCP tool %s failed", params.name)
            return failed("internal_error", "Something went wrong on our side; it has been logged.")

    async def list_resources(ctx: ServerRequestContext[Any], params: types.PaginatedRequestParams | None) -> types.ListResourcesResult:
        return types.ListResourcesResult(resources=[types.Resource(
            name="catalog_status", title="Catalog status", uri=STATUS_URI, mime_type="application/json",
            description="The server's version, the provider that answers chats, and what the card catalog holds "
            "(card count, source, build and Scryfall import times); the same as GET /api/v1/status.",
        )])

    async def list_templates(ctx: ServerRequestContext[Any], params: types.PaginatedRequestParams | None) -> types.ListResourceTemplatesResult:
        return types.ListResourceTemplatesResult(resource_templates=[types.ResourceTemplate(
            name="stored_deck", title="A stored deck", uri_template=DECK_URI, mime_type="application/json",
            description="A deck stored with POST /api/v1/decks: its name, format, counts, text and parsed "
            "entries; the same as GET /api/v1/decks/{deck_id}.",
        )])

    async def read_resource(ctx: ServerRequestContext[Any], params: types.ReadResourceRequestParams) -> types.ReadResourceResult:
        try:
            return await _read(resources(), str(params.uri))
        except ApiError as exc:
            raise protocol_error(exc, RESOURCE_NOT_FOUND if exc.status == 404 else types.INVALID_PARAMS) from None

    async def list_prompts(ctx: ServerRequestContext[Any], params: types.PaginatedRequestParams | None) -> types.ListPromptsResult:
        return types.ListPromptsResult(prompts=[types.Prompt(
            name=REVIEW_PROMPT, title="Review my deck",
            description="Ask for a full review of a deck: mana, land count, curve, what to cut and add.",
            arguments=[
                types.PromptArgument(name="deck", required=True, description="The deck text, or a stored deck id"),
                types.PromptArgument(name="format", required=False, description="The format it is for (standard, historic...)"),
            ],
        )])

    async def get_prompt(ctx: ServerRequestContext[Any], params: types.GetPromptRequestParams) -> types.GetPromptResult:
        try:
            if params.name != REVIEW_PROMPT:
                raise ApiError(404, "prompt_not_found", f"No prompt named {params.name!r}; the prompt is {REVIEW_PROMPT!r}.")
            return review_prompt(params.arguments or {})
        except ApiError as exc:
            raise protocol_error(exc, types.INVALID_PARAMS) from None

    return Server(
        "vawlrathh", version=VERSION, title="Vawlrathh, The Small'n", instructions=INSTRUCTIONS,
        on_list_tools=list_tools, on_call_tool=call_tool, on_list_resources=list_resources,
        on_list_resource_templates=list_templates, on_read_resource=read_resource,
        on_list_prompts=list_prompts, on_get_prompt=get_prompt,
        get_tool_input_schema=_input_schema,
    )


async def _read(res: Resources, uri: str) -> types.ReadResourceResult:
    if uri == STATUS_URI:
        text = (await server_status(res)).model_dump_json()
    elif uri.startswith("vawlrathh://decks/"):
        deck_id = unquote(uri.removeprefix("vawlrathh://decks/"))
        stored = await res.store.get(deck_id) if STORED_DECK_ID.fullmatch(deck_id) else None
        if stored is None:
            raise ApiError(404, "deck_not_found", f"No stored deck has id {deck_id!r}.")
        text = stored.model_dump_json()
    else:
        raise ApiError(404, "resource_not_found", f"No resource {uri!r}; see resources/list and resources/templates/list.")
    return types.ReadResourceResult(contents=[types.TextResourceContents(uri=uri, mime_type="application/json", text=text)])


def _stored_deck(res: Resources) -> Callable[[str], Awaitable[StoredDeck | None]]:
    async def lookup(deck_id: str) -> StoredDeck | None:
        stored = await res.store.get(deck_id)
        return StoredDeck(stored.text, stored.name, stored.format) if stored is not None else None

    return lookup


def _input_schema(name: str) -> dict[str, Any] | None:
    return next((t.input_schema for t in tool_list() if t.name == name), None)


def review_prompt(arguments: dict[str, str]) -> types.GetPromptResult:
    """The "review my deck" prompt: the deck (or its id) and what a full review covers."""
    deck = (arguments.get("deck") or "").strip()
    if not deck:
        raise ApiError(422, "validation_error", "The review_my_deck prompt needs a deck: its text or a stored deck id.")
    fmt = (arguments.get("format") or "").strip()
    where = f" for {fmt}" if fmt else ""
    if STORED_DECK_ID.fullmatch(deck):
        given = f"My deck is stored on the Vawlrathh server with id {deck}."
        ref = f'deck="{deck}"'
    else:
        given = f"Here is my deck:\n\n```\n{deck}\n```"
        ref = "deck set to the deck text above"
    text = (
        f"{given}\n\nReview it{where}: is the mana right (colored sources against Karsten's numbers, the "
        "land count), how does the curve look, what kind of deck is it, and what should I cut and add? "
        f"Use the Vawlrathh tools analyze_deck and suggest_changes ({ref})"
        + (f" and check_legality with format \"{fmt}\"" if fmt else "")
        + ", and quote only the numbers they return."
    )
    return types.GetPromptResult(
        description=f"A full review of a deck{where}",
        messages=[types.PromptMessage(role="user", content=types.TextContent(text=text))],
    )


def _owner(ctx: ServerRequestContext[Any]) -> str | None:
    """The owner hash of the HTTP request's X-Owner-Key (None over stdio or without one).

    A key outside the REST limits is an error, as it is on REST, rather than silently no key."""
    headers = getattr(ctx.request, "headers", None)
    key = headers.get("x-owner-key") if headers is not None else None
    if key is not None and not OWNER_KEY_MIN <= len(key) <= OWNER_KEY_MAX:
        raise ApiError(400, "invalid_owner_key",
                       f"X-Owner-Key must be {OWNER_KEY_MIN}-{OWNER_KEY_MAX} characters; it is {len(key)}.")
    return owner_hash(key)


async def _chat(res: Resources, raw: dict[str, Any], owner: str | None) -> types.CallToolResult:
    """One full turn: the answer, its thread, its verdict and its facts; a bad deck is an error."""
    problem = args_problem("chat", ChatArgs, raw)
    if problem is not None:
        return failed("invalid_arguments", problem)
    args = ChatArgs.model_validate(raw)
    deck_id = args.deck if args.deck and STORED_DECK_ID.fullmatch(args.deck) else None
    deck = await resolve_deck(res, None if deck_id else args.deck, deck_id)
    thread_id = args.thread_id or res.runtime.new_thread_id()
    try:
        turn = await collect_turn(res, thread_id, args.message, deck=deck, transport="mcp", owner=owner)
    except ThreadBusy:
        return failed("turn_in_progress", f"A turn is already running on thread {thread_id!r}; wait for it.")
    deck_errors = [e for e in turn.errors if e.code.startswith("deck_")]
    if turn.message is None or deck_errors:
        if not (deck_errors or turn.errors):
            return failed("internal_error", "The turn produced no answer.")
        first = (deck_errors or turn.errors)[0]
        return failed(first.code, first.message, first.details)
    consensus = turn.consensus.model_dump(exclude={"type"}) if turn.consensus else None
    result = {
        "answer": turn.message.text, "thread_id": thread_id, "consensus": consensus,
        "facts": turn.message.facts, "tools": [t.name for t in turn.tools],
        "errors": [error_body(e.code, e.message, e.details)["error"] for e in turn.errors],
        "provider": res.runtime.provider_name(), "elapsed_ms": turn.elapsed_ms,
    }
    verdict = f"consensus: {consensus['verdict']} ({consensus['reviewer']})" if consensus else "consensus: none"
    footer = f"\n\n[thread_id: {thread_id}; {verdict}]"
    return types.CallToolResult(
        content=[types.TextContent(text=turn.message.text + footer)], structured_content=result,
    )
