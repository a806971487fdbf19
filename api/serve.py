"""Serve the API, on one process or several: ``python -m api [--workers N]``.

Python runs one thread of Python at a time per process, so one process serves chats on one
core. With ``--workers N`` (or ``API_WORKERS``) N uvicorn processes share the port, each on
its own ``SO_REUSEPORT`` socket, so the kernel spreads connections evenly (``api.workers``).
What workers must share they do: threads and decks live in SQLite, turns on a thread are
claimed in SQLite (``api.thread_claims``), and ``/metrics`` adds up every worker's numbers
through Prometheus' multiprocess mode, whose files live in a fresh folder in the data folder.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import socket
import sys
from pathlib import Path
from typing import Any

from agent.settings import Settings

METRICS_DIRNAME = "metrics-workers"
# How every API server is run (this module, api.workers, app.py): the sans-I/O WebSocket
# implementation, the lifespan that opens and closes resources, 5 s to finish requests on stop.
# No per-message deflate: a turn is about a dozen frames, most under 200 bytes, and compressing
# each one was 4% of a busy worker's CPU (py-spy, 100 turns/s) to save ~12 KB a turn.
SERVER_OPTIONS: dict[str, Any] = {"ws": "websockets-sansio", "lifespan": "on", "timeout_graceful_shutdown": 5,
                                  "ws_per_message_deflate": False}
# Room above WS_MAX_MESSAGE_BYTES for a frame the app still reads and answers with a
# message_too_large error; a bigger frame is refused by uvicorn (close 1009) before it is buffered.
WS_FRAME_SLACK_BYTES = 16 * 1024


def server_options(settings: Settings) -> dict[str, Any]:
    """SERVER_OPTIONS plus what depends on settings: the largest WebSocket frame uvicorn buffers.

    Uvicorn's default is 16 MiB: twenty clients sending one such frame each cost the server
    300 MB before the app could refuse a single one.
    """
    return {**SERVER_OPTIONS, "ws_max_size": settings.ws_max_message_bytes + WS_FRAME_SLACK_BYTES}


def prepare_metrics_dir(data_dir: Path) -> Path:
    """An empty folder for the workers' metric files (old ones would add a dead run's counts)."""
    folder = data_dir / METRICS_DIRNAME
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def main(argv: list[str] | None = None) -> int:
    settings = Settings()
    parser = argparse.ArgumentParser(prog="python -m api", description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default=settings.host, help=f"address to listen on (HOST, default {settings.host})")
    parser.add_argument("--port", type=int, default=settings.api_port, help=f"port (API_PORT, default {settings.api_port})")
    parser.add_argument("--workers", type=int, default=settings.api_workers,
                        help=f"worker processes, one per core is right (API_WORKERS, default {settings.api_workers})")
    args = parser.parse_args(argv)
    if not 1 <= args.workers <= 64:
        parser.error("--workers must be between 1 and 64")

    log_level = settings.log_level.lower()
    if args.workers == 1:
        import uvicorn

        uvicorn.run("api.main:app", host=args.host, port=args.port, log_level=log_level, **server_options(settings))
        return 0

    if not hasattr(socket, "SO_REUSEPORT"):
        parser.error("--workers above 1 needs SO_REUSEPORT (Linux); run one process here")
    from api.workers import Workers, listening_sockets
    from arena.catalog import Catalog
    from arena.paths import CATALOG_FILENAME

    logging.basicConfig(level=settings.log_level.upper(), format="%(levelname)s:     %(message)s")
    try:
        socks = listening_sockets(args.host, args.port, args.workers)
    except OSError as exc:
        print(f"Cannot listen on {args.host}:{args.port}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(prepare_metrics_dir(settings.data_dir))
    if not (settings.data_dir / CATALOG_FILENAME).exists():
        Catalog.open(settings.data_dir).close()  # built once here, not by every worker at once
    return Workers(socks, log_level).run()


if __name__ == "__main__":
    sys.exit(main())
