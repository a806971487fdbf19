"""Which browser origins may call the API: the configured ones, or the UI's own by default."""

from __future__ import annotations

from agent.settings import Settings


def allowed_origins(settings: Settings) -> list[str]:
    """``CORS_ORIGINS`` when set, else the Gradio UI on this machine (localhost and 127.0.0.1)."""
    if settings.cors_origins:
        return [o.rstrip("/") for o in settings.cors_origins]
    return [f"http://localhost:{settings.ui_port}", f"http://127.0.0.1:{settings.ui_port}"]


def origin_allowed(origin: str, allowed: list[str]) -> bool:
    return "*" in allowed or origin.rstrip("/") in allowed
