"""A real uvicorn server running the API in a thread on an ephemeral 127.0.0.1 port."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from pathlib import Path
from typing import Any

import uvicorn

from agent.settings import Settings
from api.state import RuntimeOpener


def make_settings(data_dir: Path, **overrides: Any) -> Settings:
    """Settings for a test server: its own data dir, no .env file, no server keys (so offline)."""
    values: dict[str, Any] = {"data_dir": data_dir, "provider": "auto", "scryfall_enabled": False,
                              # tests send fast from one address; test_attacks_rest tests the limit itself
                              "api_rate_per_s": 10_000, "api_rate_burst": 10_000}
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


class LiveServer:
    """``create_app(settings)`` under uvicorn; ``stop()`` then ``start()`` again is a restart."""

    def __init__(self, settings: Settings, *, open_runtime: RuntimeOpener | None = None,
                 production_options: bool = False) -> None:
        self.settings = settings
        self.open_runtime = open_runtime
        self.production_options = production_options  # api.serve.server_options, as deployed
        self.port = 0
        self.app: Any = None
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/ws/chat"

    def start(self, timeout: float = 120.0) -> LiveServer:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        from api.main import create_app  # imported here so unit tests need no agent runtime

        self.app = create_app(self.settings, open_runtime=self.open_runtime)
        options: dict[str, Any] = {"lifespan": "on", "timeout_graceful_shutdown": 3}
        if self.production_options:
            from api.serve import server_options

            options = {**server_options(self.settings), "timeout_graceful_shutdown": 3}
        config = uvicorn.Config(self.app, log_level="warning", **options)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [sock]}, daemon=True, name="api-under-test")
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive():
                raise RuntimeError("the API server exited during start-up (see the log above)")
            if time.monotonic() > deadline:
                raise RuntimeError(f"the API server did not start within {timeout:.0f} s")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            # Shutdown waits for the start-up SDK import (api.main._preload_sdks), which takes
            # several seconds on a busy machine when a test stops its server right after start.
            self._thread.join(timeout=60)
            if self._thread.is_alive():
                raise RuntimeError("the API server did not stop within 60 s")
        self._server = None
        self._thread = None

    def __enter__(self) -> LiveServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


async def recv_event(ws: Any, wait_s: float = 30.0) -> dict[str, Any]:
    """The next server event as a dict (a test fails instead of hanging when none comes)."""
    raw = await asyncio.wait_for(ws.recv(), wait_s)
    event: dict[str, Any] = json.loads(raw)
    return event


async def recv_until(ws: Any, kind: str, wait_s: float = 60.0) -> list[dict[str, Any]]:
    """Every event up to and including the first of type ``kind``."""
    events: list[dict[str, Any]] = []
    while True:
        event = await recv_event(ws, wait_s)
        events.append(event)
        if event["type"] == kind:
            return events
