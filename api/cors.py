"""Which browser origins may call the API: the configured ones, or the UI's own by default."""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response

from agent.settings import Settings
from api.errors import error_response


def allowed_origins(settings: Settings) -> list[str]:
    """``CORS_ORIGINS`` when set, else the Gradio UI on this machine (localhost and 127.0.0.1)."""
    if settings.cors_origins:
        return [o.rstrip("/") for o in settings.cors_origins]
    return [f"http://localhost:{settings.ui_port}", f"http://127.0.0.1:{settings.ui_port}"]


def origin_allowed(origin: str, allowed: list[str]) -> bool:
    return "*" in allowed or origin.rstrip("/") in allowed


class JsonCORSMiddleware(CORSMiddleware):
    """Starlette's CORS, with refused preflights in the API's one error shape (not plain text)."""

    def preflight_response(self, request_headers: Headers) -> Response:
        response = super().preflight_response(request_headers)
        if response.status_code != 400:
            return response
        refused = bytes(response.body).decode().removeprefix("Disallowed CORS ").split(", ")
        headers = {k: v for k, v in response.headers.items() if k.lower() not in ("content-type", "content-length")}
        return error_response(400, "cors_refused", f"Cross-origin request refused: {', '.join(refused)} not allowed.",
                              {"refused": refused}, headers=headers)
