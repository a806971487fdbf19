"""``python -m api.mcp``: the same MCP server over stdio, for a local client that starts it.

Opens what the API opens (catalog, deck store, thread claims, agent) under
``VAWLRATHH_DATA_DIR``, so stored deck ids and threads are the API's own. stdout carries the
protocol; logs go to stderr.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from contextlib import AsyncExitStack

from mcp import stdio_server

from agent.settings import Settings
from api.main import open_resources, open_vawlrathh
from api.mcp.server import build_server
from api.metrics import create_metrics


async def serve_stdio(settings: Settings) -> None:
    """Serve MCP on this process's stdin and stdout until the client closes them."""
    async with AsyncExitStack() as stack:
        metrics = create_metrics()
        stack.callback(metrics.close)
        res = await open_resources(settings, open_vawlrathh, metrics, stack)
        server = build_server(lambda: res)
        async with stdio_server() as (read, write):
            await server.run(read, write, server.create_initialization_options())


def main() -> int:
    settings = Settings()
    logging.basicConfig(stream=sys.stderr, level=settings.log_level.upper(), format="%(levelname)s: %(name)s: %(message)s")
    asyncio.run(serve_stdio(settings))
    return 0


if __name__ == "__main__":
    sys.exit(main())
