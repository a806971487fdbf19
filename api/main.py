"""The app factory: routes, middleware, error handlers and the lifespan that opens resources.

``uvicorn api.main:app --port 7860`` serves the module-level ``app`` built from ``Settings()``;
tests and ``app.py`` call ``create_app(settings)`` with their own settings.
"""

from __future__ import annotations

import asyncio
import gc
import importlib
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, AsyncExitStack, asynccontextmanager

import httpx
from fastapi import FastAPI
from fastapi.responses import RedirectResponse
from fastapi.routing import APIRoute, APIWebSocketRoute

from agent.settings import Settings
from api import ws
from api.cors import JsonCORSMiddleware, allowed_origins
from api.docs import install_docs
from api.errors import CatchAllMiddleware, install_error_handlers
from api.history_store import HistoryStore
from api.logredact import install_frame_redaction
from api.mcp.http import MCP_PATHS, McpEndpoint
from api.mcp.server import build_server
from api.metrics import Metrics, create_metrics
from api.middleware import BodyLimitMiddleware, HttpMetricsMiddleware, RouteTemplates
from api.ratelimit import RestRateLimit
from api.routes import cards, chat, decks, health, market, metrics, threads
from api.scryfall_import import BulkImporter
from api.state import ChatRuntime, Resources, RuntimeOpener
from api.storage import StorageHealth, check_writable
from api.store import DeckStore
from api.thread_claims import ThreadClaims
from api.ui_proxy import install_ui_proxy
from api.version import VERSION
from arena.catalog import Catalog
from arena.scryfall import ScryfallClient

logger = logging.getLogger(__name__)

API_PREFIX = "/api/v1"

# One pooled client for every outbound call the API makes (Scryfall fallback, providers).
HTTP_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=20)
SCRYFALL_TIMEOUT_S = 10.0

_DESCRIPTION = """
Vawlrathh, The Small'n: a brusque deck expert for MTG Arena players.

* **REST** under `/api/v1`: decks (upload, list, analyse), cards (exact/fuzzy name, search),
  chat (one whole turn), threads (history, delete), status.
* **WebSocket** `/ws/chat`: send `hello` (optional: `thread_id` to resume, per-connection `keys`,
  `model`), then `user_message` `{text, deck?, deck_id?}`, `cancel`, `ping`. The server streams
  `ready`, `step`, `tool`, `token`, `consensus`, `message`, `done` (and `error`, `pong`).
* **MCP** `/mcp/`: the same tools and a whole chat turn for any MCP client (Streamable HTTP).
* **Health**: `/health`, `/health/live`, `/health/ready`; **metrics** at `/metrics`.

Every error has one shape: `{"error": {"code", "message", "details"}}`.
"""


async def open_vawlrathh(settings: Settings, catalog: Catalog) -> ChatRuntime:
    """Open the agent runtime on the catalog the API already holds."""
    # Imported on first open: LangGraph's import cost stays out of apps that swap the runtime.
    from agent.runtime import Vawlrathh

    return await Vawlrathh.open(settings, catalog=catalog)


def create_app(settings: Settings, *, open_runtime: RuntimeOpener | None = None) -> FastAPI:
    """Build the API; ``open_runtime`` swaps the agent (tests use a scripted one)."""
    metrics_ = create_metrics()
    install_frame_redaction()  # no player's key in a DEBUG log
    app = FastAPI(
        title="Vawlrathh API",
        version=VERSION,
        description=_DESCRIPTION,
        lifespan=_lifespan(settings, open_runtime or open_vawlrathh),
        # operationId = the route function's name: short, stable, and what OpenAPI links name.
        generate_unique_id_function=lambda route: route.name,
        docs_url=None,  # served by api.docs from local files: FastAPI's pages load them from a CDN
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.metrics = metrics_
    app.state.resources = None
    app.state.mcp = McpEndpoint(build_server(lambda: app.state.resources), settings)

    install_error_handlers(app)
    templates: list[str] = ["/"]
    mounted = [(r, API_PREFIX) for r in (decks.router, cards.router, chat.router, threads.router, health.status_router,
                                             market.router)]
    mounted += [(health.router, ""), (metrics.router, ""), (ws.router, "")]
    for router, prefix in mounted:
        app.include_router(router, prefix=prefix)
        templates += [prefix + route.path for route in router.routes if isinstance(route, APIRoute | APIWebSocketRoute)]
    for path in MCP_PATHS:  # /mcp and /mcp/: MCP over Streamable HTTP (api/mcp)
        app.add_route(path, app.state.mcp, include_in_schema=False)
    templates += list(MCP_PATHS)
    templates += [app.openapi_url or "/openapi.json", *install_docs(app)]

    if not settings.ui_proxy_enabled:  # otherwise / is the chat UI (api/ui_proxy.py)
        @app.get("/", include_in_schema=False)
        async def root() -> RedirectResponse:
            return RedirectResponse("/docs")

    # Added innermost first: metrics see every answer, CORS headers reach error answers too.
    app.add_middleware(CatchAllMiddleware)
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes,
                       per_path={API_PREFIX + market.LOG_UPLOAD_PATH: market.MAX_LOG_BYTES})
    app.add_middleware(RestRateLimit, rate=settings.api_rate_per_s, burst=settings.api_rate_burst)
    origins = allowed_origins(settings)
    app.add_middleware(
        JsonCORSMiddleware,
        allow_origins=["*"] if "*" in origins else origins,
        allow_methods=["GET", "POST", "DELETE", "OPTIONS"],
        allow_headers=["Content-Type", "Accept", "X-Owner-Key"],
        max_age=600,
    )
    app.add_middleware(HttpMetricsMiddleware, metrics=metrics_, templates=RouteTemplates(templates))
    install_ui_proxy(app, settings)  # last: outermost middleware, and only paths no route took
    return app


def _lifespan(
    settings: Settings, open_runtime: RuntimeOpener
) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        """Open catalog, deck store, pooled HTTP client, agent and MCP; close them in reverse."""
        async with AsyncExitStack() as stack:
            stack.callback(app.state.metrics.close)
            res = await open_resources(settings, open_runtime, app.state.metrics, stack)
            runtime = res.runtime
            app.state.history = await HistoryStore.open(settings.data_dir)
            stack.push_async_callback(app.state.history.close)
            runtime.history_source = app.state.history.matches  # chat turns read the player's history
            await stack.enter_async_context(app.state.mcp.running())
            preload = asyncio.create_task(asyncio.to_thread(_preload_sdks), name="preload-sdks")
            stack.push_async_callback(_settle, preload)
            freeze = asyncio.create_task(_freeze_startup_heap(preload, runtime), name="freeze-startup-heap")
            stack.push_async_callback(_settle, freeze)
            app.state.resources = res
            try:
                yield
            finally:
                app.state.resources = None

    return lifespan


async def open_resources(settings: Settings, open_runtime: RuntimeOpener, metrics: Metrics, stack: AsyncExitStack) -> Resources:
    """Open what the routes share (catalog, deck store, thread claims, HTTP client, agent) on ``stack``.

    The API's lifespan and the stdio MCP server (``python -m api.mcp``) both start here.
    """
    check_writable(settings.data_dir)  # a clear start-up error naming the folder
    catalog = await asyncio.to_thread(Catalog.open, settings.data_dir)
    stack.callback(catalog.close)
    store = await DeckStore.open(settings.data_dir)
    stack.push_async_callback(store.close)
    claims = await asyncio.to_thread(ThreadClaims.open, settings.data_dir)
    stack.push_async_callback(claims.close)
    http = httpx.AsyncClient(limits=HTTP_LIMITS, timeout=httpx.Timeout(10.0))
    stack.push_async_callback(http.aclose)
    # One Scryfall client for the app: its rate limits only hold if every request shares it.
    scryfall = (
        ScryfallClient(settings.scryfall_base_url, client=http, catalog=catalog, timeout=SCRYFALL_TIMEOUT_S)
        if settings.scryfall_enabled else None
    )
    runtime = await open_runtime(settings, catalog)
    stack.push_async_callback(runtime.close)
    importer = BulkImporter(settings, catalog)
    importer.start()  # in the background: readiness never waits for Scryfall
    stack.push_async_callback(importer.stop)
    return Resources(settings=settings, catalog=catalog, runtime=runtime, store=store, http=http,
                     metrics=metrics, scryfall=scryfall, threads=claims, importer=importer,
                     storage=StorageHealth(settings.data_dir))


# Provider SDKs are imported on a connection's first keyed turn; importing them then would
# stall the event loop (every other connection) for seconds. Import them early, off the loop.
_SDKS = ("openai", "anthropic")


def _preload_sdks() -> None:
    for name in _SDKS:
        try:
            importlib.import_module(name)
        except ImportError:
            logger.warning("provider SDK %s is not installed; that provider will be unavailable", name)


GC_THRESHOLDS = (20_000, 20, 100)  # bench/bench_ws_load.py: GC CPU ~250 -> ~70 ms per worker over 600 turns


async def _freeze_startup_heap(preload: asyncio.Task[None], runtime: ChatRuntime) -> None:
    """Move everything start-up built (catalog, name index, SDKs) out of the garbage collector's sight.

    Those million-odd objects live as long as the process, yet every full collection walked
    them all: ~80 ms with the event loop stopped, about once per hundred turns. After
    ``gc.freeze()`` a full collection only walks what turns allocate (~10 ms).
    """
    warmed = getattr(runtime, "warmed", None)
    await asyncio.gather(preload, *([warmed()] if warmed is not None else []), return_exceptions=True)
    gc.collect()
    gc.freeze()
    # A turn allocates tens of thousands of short-lived objects: with the default threshold (700)
    # the young generation is collected dozens of times a turn and a full collection runs every
    # few hundred turns. Reference counting frees almost all of them anyway.
    gc.set_threshold(*GC_THRESHOLDS)
    logger.info("start-up heap frozen: %d objects left out of garbage collection", gc.get_freeze_count())


async def _settle(task: asyncio.Task[None]) -> None:
    """Wait for a background start-up task so shutdown never leaves it running."""
    try:
        await task
    except Exception:
        logger.exception("background start-up task %s failed", task.get_name())


app = create_app(Settings())
