"""The Status tab: is the API up and ready, who answers, which keys are set, what the catalog holds.

Everything comes from the API (``/health``, ``/health/ready``, ``/api/v1/status``): the keys
that matter are the API process's, and it only ever reports them as booleans.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import gradio as gr

from ui.client import ApiClient, ApiError

logger = logging.getLogger(__name__)

KEY_NOTES = {
    "OPENAI_API_KEY": "OpenAI models for drafting answers",
    "ANTHROPIC_API_KEY": "Claude for drafting and as the consensus judge",
    "OPENAI_BASE_URL": "an OpenAI-compatible server (Ollama, vLLM, llama.cpp)",
    "TAVILY_API_KEY": "live metagame and matchup search",
    "PERPLEXITY_API_KEY": "live metagame search, or cited answers with a model",
}


async def _safe(coro: Any) -> tuple[Any, str | None]:
    """Run one API call; return ``(value, None)`` or ``(None, reason)`` so one failure shows alone."""
    try:
        return await coro, None
    except ApiError as exc:
        return None, exc.message
    except Exception as exc:
        logger.exception("Status call failed")
        return None, f"unexpected {type(exc).__name__}"


def render_status(api_url: str, health: tuple[Any, str | None], ready: tuple[Any, str | None],
                  status: tuple[Any, str | None], ui_version: str, *, mcp_url: str | None = None) -> str:
    """Lay the three answers out as Markdown; pure so it is tested without a server."""
    lines = ["### API", "| Check | Result |", "| --- | --- |"]
    h, h_err = health
    lines.append(f"| `{api_url}/health` | " + (f"✓ up · version {h.get('version', '?')}" if h else f"✗ {h_err}") + " |")
    r, r_err = ready
    if r is not None:
        ok, body = r
        checks = body.get("checks") or {}
        detail = ", ".join(f"{k}: {'✓' if v == 'ok' else '✗ ' + str(v)}" for k, v in checks.items())
        lines.append(f"| `/health/ready` | {'✓ ready' if ok else '… not ready'} · {detail or '—'} |")
    else:
        lines.append(f"| `/health/ready` | ✗ {r_err} |")

    s, s_err = status
    if s is None:
        lines += ["", f"**Status unavailable:** {s_err}"]
        return "\n".join(lines)
    lines += ["", "### Model", f"Answering now: **{s.get('provider', '?')}**"
              + (" — no key needed; the offline provider runs the same tools." if s.get("provider") == "offline" else ""),
              "", "| Setting | Configured | Used for |", "| --- | --- | --- |"]
    for name, configured in (s.get("keys") or {}).items():
        mark = "✓ set" if configured else "— not set"
        lines.append(f"| `{name}` | {mark} | {KEY_NOTES.get(name, '')} |")
    research = s.get("research")
    if research:
        lines += ["", "### Metagame", "| Setting | Configured | Used for |", "| --- | --- | --- |"]
        for name, configured in (research.get("keys") or {}).items():
            lines.append(f"| `{name}` | {'✓ set' if configured else '— not set'} | {KEY_NOTES.get(name, '')} |")
        live = any((research.get("keys") or {}).values())
        lines += ["", f"Offline snapshot of tournament lists: **{research.get('snapshot_as_of') or 'not installed'}**"
                  + ("" if live else " — answers come from it alone until a search key is set.")]
    cat = s.get("catalog") or {}
    count = cat.get("card_count")
    lines += [
        "", "### Card catalog", "| | |", "| --- | --- |",
        f"| Cards | **{count:,}** |" if isinstance(count, int) else "| Cards | ? |",
        f"| Source | {cat.get('source', '?')} |",
        f"| Built | {cat.get('built_at') or '—'} |",
        f"| Last Scryfall import | {cat.get('scryfall_imported_at') or 'never (offline corpus only)'} |",
        f"| Legality and Arena data | {'✓ loaded' if cat.get('legality_known') else '— not loaded yet'} |",
        f"| Prices dated | {cat.get('prices_date') or '—'} |",
        *_import_rows(cat.get("scryfall_import")),
    ]
    if mcp_url:
        lines += [
            "", "### MCP", f"MCP clients (Claude Desktop, Cursor, any MCP client) connect to **`{mcp_url}`** "
            "(Streamable HTTP, no key): the deck tools, the card tools and a whole chat turn with Vawlrathh.",
        ]
    lines += ["", "### Version", f"API **{s.get('version', '?')}** · UI **{ui_version}**"]
    return "\n".join(lines)


_IMPORT_STATES = {
    "waiting": "… waiting", "checking": "… checking", "downloading": "⇣ downloading", "importing": "… importing",
    "current": "✓ up to date", "imported": "✓ imported", "failed": "✗ failed", "off": "— off",
}


def _import_rows(job: Any) -> list[str]:
    """The background Scryfall import as table rows (none when the API does not report it)."""
    if not isinstance(job, dict):
        return []
    state = str(job.get("state", "?"))
    text = f"{_IMPORT_STATES.get(state, state)} · {job.get('detail') or ''}"
    if state == "importing" and job.get("cards_written"):
        text += f" ({int(job['cards_written']):,} cards so far)"
    rows = [f"| Scryfall bulk import | {text} |"]
    if job.get("error"):
        rows.append(f"| Import error | {job['error']} |")
    if job.get("next_check_at"):
        rows.append(f"| Next check | {job['next_check_at']} |")
    return rows


def make_status_fn(client: ApiClient, ui_version: str, mcp_url: str | None = None) -> Any:
    """Build the refresh handler."""

    async def refresh_status() -> str:
        """Read the API's health, readiness and status."""
        health, ready, status = await asyncio.gather(
            _safe(client.health()), _safe(client.readiness()), _safe(client.status())
        )
        return render_status(client.base_url, health, ready, status, ui_version, mcp_url=mcp_url)

    return refresh_status


def build_status_tab(client: ApiClient, demo: gr.Blocks, *, ui_version: str, mcp_url: str | None = None) -> None:
    """Render the status tab; it fills itself on page load and on Refresh."""
    refresh = gr.Button("Refresh", size="sm", variant="secondary", elem_id="status-refresh")
    body = gr.Markdown("Loading…", elem_id="status-body", label="status")
    fn = make_status_fn(client, ui_version, mcp_url)
    refresh.click(fn, None, body, api_name="status")
    demo.load(fn, None, body, api_visibility="undocumented")
