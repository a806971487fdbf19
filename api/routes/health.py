"""Health: liveness, readiness of each dependency, and the server's status for the UI."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from agent.settings import Settings
from api.deps import ResourcesDep, catalog_call
from api.schemas import CatalogStatus, Health, Liveness, Readiness, ResearchStatus, Status
from api.state import Resources
from api.version import VERSION
from arena.errors import MetaError
from arena.meta import load_snapshot

logger = logging.getLogger(__name__)

router = APIRouter(tags=["health"])
status_router = APIRouter(tags=["status"])

_READY_TIMEOUT_S = 5.0


@router.get("/health", response_model=Health, summary="Is the process up")
async def health() -> Health:
    return Health(timestamp=datetime.now(UTC), version=VERSION)


@router.get("/health/live", response_model=Liveness, summary="Liveness probe: the event loop answers")
async def live() -> Liveness:
    return Liveness()


@router.get(
    "/health/ready",
    response_model=Readiness,
    summary="Readiness probe: database, storage (free space), catalog and checkpointer",
    responses={503: {"model": Readiness, "description": "Not ready; each failing check says why"}},
)
async def ready(request: Request) -> JSONResponse:
    res: Resources | None = getattr(request.app.state, "resources", None)
    if res is None:
        checks = {"database": "not open", "storage": "not open", "catalog": "not open", "checkpointer": "not open"}
    else:
        checks = await _checks(res)
    ok = all(v == "ok" for v in checks.values())
    body = Readiness(status="ready" if ok else "not_ready", checks=checks)
    return JSONResponse(body.model_dump(), status_code=200 if ok else 503)


async def _checks(res: Resources) -> dict[str, str]:
    checks = {"database": await res.store.check()}
    if res.storage is not None:
        checks["storage"] = await asyncio.to_thread(res.storage.check)
    try:
        checks.update(await asyncio.wait_for(res.runtime.readiness(), _READY_TIMEOUT_S))
    except TimeoutError:
        checks.setdefault("checkpointer", f"no answer within {_READY_TIMEOUT_S:.0f} s")
    except Exception as exc:
        logger.exception("readiness check failed")
        checks["checkpointer"] = f"check failed: {type(exc).__name__}"
    for name in ("catalog", "checkpointer"):
        checks.setdefault(name, "not reported by the agent")
    return checks


@status_router.get("/status", response_model=Status, summary="Which provider answers, what the catalog holds")
async def server_status(res: ResourcesDep) -> Status:
    s = res.settings
    info = await catalog_call(res.catalog.info)
    return Status(
        version=VERSION,
        provider=res.runtime.provider_name(),
        keys={
            "OPENAI_API_KEY": s.openai_api_key is not None,
            "ANTHROPIC_API_KEY": s.anthropic_api_key is not None,
            "OPENAI_BASE_URL": s.openai_base_url is not None,
        },
        catalog=CatalogStatus(
            card_count=info.card_count,
            source=info.source,
            built_at=_text(info.built_at),
            scryfall_imported_at=_text(info.scryfall_imported_at),
            legality_known=info.legality_known,
            prices_date=await asyncio.to_thread(res.catalog.prices_date),
            scryfall_import=res.importer.status.as_dict() if res.importer is not None else None,
        ),
        research=_research(s),
    )


def _research(settings: Settings) -> ResearchStatus:
    try:
        as_of: str | None = load_snapshot().as_of.label
    except MetaError:
        as_of = None
    return ResearchStatus(
        keys={"TAVILY_API_KEY": settings.tavily_api_key is not None,
              "PERPLEXITY_API_KEY": settings.perplexity_api_key is not None},
        perplexity_mode="answer" if settings.perplexity_model else "search",
        sites=len(settings.research_sites), cache_ttl_s=settings.research_cache_ttl_s, snapshot_as_of=as_of,
    )


def _text(value: object) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, datetime) else str(value)
