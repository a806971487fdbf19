"""``/mcp/`` on the API's port: a host guard in front of the SDK's stateless Streamable HTTP.

Stateless (a fresh transport per request, no session ids) so that ``python -m api --workers N``
works: any worker can answer any request, as for the REST routes. The session manager runs
inside the API's lifespan (``McpEndpoint.running``). DNS-rebinding guard: the ``Host`` must be
one of ``MCP_ALLOWED_HOSTS`` (localhost and ``*.hf.space`` by default; the SDK's own check has
no subdomain wildcards), and a browser's ``Origin``, when sent, must be such a host or one of
the API's CORS origins.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import urlsplit

from mcp.server import Server
from mcp.server.streamable_http_manager import StreamableHTTPSessionManager
from starlette.datastructures import Headers
from starlette.types import Receive, Scope, Send

from agent.settings import Settings
from api.cors import allowed_origins, origin_allowed
from api.errors import count_error, error_response

MCP_PATHS = ("/mcp", "/mcp/")


def host_name(authority: str) -> str:
    """The host of a ``Host`` header or URL authority, without the port, lower case."""
    authority = authority.strip().lower().rsplit("@", 1)[-1]
    if authority.startswith("["):  # IPv6 literal: [::1]:7860
        return authority.split("]", 1)[0] + "]"
    return authority.split(":", 1)[0]


def host_allowed(host: str, patterns: list[str]) -> bool:
    """Whether ``host`` (no port) matches a pattern: exact, or ``*.suffix`` for any subdomain."""
    for pattern in patterns:
        pattern = pattern.strip().lower()
        if pattern.startswith("*."):
            if host.endswith(pattern[1:]) and len(host) > len(pattern) - 1:
                return True
        elif host == pattern:
            return True
    return False


class McpEndpoint:
    """The ASGI app at ``/mcp`` and ``/mcp/``."""

    def __init__(self, server: Server[Any], settings: Settings):
        self.server = server
        self.hosts = list(settings.mcp_allowed_hosts)
        self.origins = allowed_origins(settings)
        self.manager: StreamableHTTPSessionManager | None = None

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """Run a session manager for one lifespan (a manager runs once; a restart gets a new one)."""
        manager = StreamableHTTPSessionManager(app=self.server, stateless=True, json_response=True)
        async with manager.run():
            self.manager = manager
            try:
                yield
            finally:
                self.manager = None

    def refused(self, headers: Headers) -> tuple[int, str, str] | None:
        """Why a request may not reach the server (status, code, message), or None."""
        host = host_name(headers.get("host", ""))
        if not host_allowed(host, self.hosts):
            return 421, "host_not_allowed", (
                f"This MCP endpoint does not answer to host {host or '(none)'!r}; "
                "the server's MCP_ALLOWED_HOSTS lists the names it answers to.")
        origin = headers.get("origin")
        if origin and not (origin_allowed(origin, self.origins) or host_allowed(host_name(urlsplit(origin).netloc), self.hosts)):
            return 403, "origin_not_allowed", f"Requests from the web page at {origin!r} may not use this MCP endpoint."
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        refusal = self.refused(Headers(scope=scope))
        if refusal is None and self.manager is None:
            refusal = 503, "not_ready", "The service is starting or stopping; try again shortly."
        if refusal is not None:
            status, code, message = refusal
            count_error(scope.get("app"), code)
            await error_response(status, code, message)(scope, receive, send)
            return
        assert self.manager is not None
        await self.manager.handle_request(scope, receive, send)
