"""What the UI proxy costs: the same requests straight to a stand-in UI and through the API's port.

    python bench/bench_ui_proxy.py [--requests 200] [--streams 50] [--data-dir DIR]

Starts, on loopback, a stand-in UI (uvicorn: a 115 KB page like Gradio's, a 2 KB JSON, an
SSE stream, a 20 MB download) and the API (uvicorn, scripted agent) proxying to it. Prints
p50/p99 latency direct vs proxied, SSE time to first event, download throughput, and how
many concurrent SSE streams all got their first event. The catalog is built in DATA_DIR on
first use (default ./data, as the app).
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import statistics
import sys
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import Route

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from api.main import create_app
from tests.api.live import make_settings
from tests.api.scripted import ScriptedRuntime

PAGE = "<!doctype html><html><body>" + "x" * 115_000 + "</body></html>"
CONFIG = {"components": [{"id": i, "type": "markdown", "props": {"value": "y" * 10}} for i in range(40)]}
DOWNLOAD_MB = 20
STREAM_HOLD_S = 30.0


def stand_in_ui() -> Starlette:
    async def page(_: Request) -> Response:
        return HTMLResponse(PAGE)

    async def config(_: Request) -> Response:
        return JSONResponse(CONFIG)

    async def sse(_: Request) -> Response:
        async def events() -> AsyncIterator[bytes]:
            yield b"data: first\n\n"
            await asyncio.sleep(STREAM_HOLD_S)  # held open: the first event must not wait for the end

        return StreamingResponse(events(), media_type="text/event-stream")

    async def download(_: Request) -> Response:
        chunk = b"z" * 65536

        async def body() -> AsyncIterator[bytes]:
            for _ in range(DOWNLOAD_MB * 16):
                yield chunk

        return StreamingResponse(body(), media_type="application/octet-stream")

    return Starlette(routes=[Route("/", page), Route("/config", config), Route("/sse", sse),
                             Route("/download", download)])


class ServerThread:
    """An ASGI app under uvicorn in a thread on a free loopback port."""

    def __init__(self, app: Any, lifespan: str = "off") -> None:
        # IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY only on sockets that say so, and
        # without it every small answer waits ~40 ms for a delayed ACK (Nagle).
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.bind(("127.0.0.1", 0))
        self.sock = sock
        self.port = sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan=lifespan,
                                                    timeout_graceful_shutdown=1))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [sock]}, daemon=True)

    def __enter__(self) -> ServerThread:
        self.thread.start()
        deadline = time.monotonic() + 120
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("a bench server did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *_: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def timed(n: int, call: Callable[[], Awaitable[None]]) -> list[float]:
    out = []
    for _ in range(n):
        start = time.perf_counter()
        await call()
        out.append((time.perf_counter() - start) * 1000)
    return out


async def latency(base: str, path: str, n: int) -> list[float]:
    async with httpx.AsyncClient(base_url=base, trust_env=False, timeout=30) as c:
        await c.get(path)  # warm the connection

        async def one() -> None:
            r = await c.get(path)
            r.raise_for_status()

        return await timed(n, one)


async def first_event(base: str, n: int) -> list[float]:
    async with httpx.AsyncClient(base_url=base, trust_env=False, timeout=30) as c:

        async def one() -> None:
            async with c.stream("GET", "/sse") as r:
                async for line in r.aiter_lines():
                    if line.startswith("data:"):
                        return

        return await timed(n, one)


async def throughput(base: str) -> float:
    async with httpx.AsyncClient(base_url=base, trust_env=False, timeout=60) as c:
        start = time.perf_counter()
        size = 0
        async with c.stream("GET", "/download") as r:
            async for chunk in r.aiter_raw():
                size += len(chunk)
        return size / 1e6 / (time.perf_counter() - start)


async def concurrent_streams(base: str, n: int) -> int:
    limits = httpx.Limits(max_connections=n + 5)
    async with httpx.AsyncClient(base_url=base, trust_env=False, timeout=30, limits=limits) as c:

        async def one() -> bool:
            async with c.stream("GET", "/sse") as r:
                async for line in r.aiter_lines():
                    if line.startswith("data:"):
                        return True
            return False

        results = await asyncio.gather(*(asyncio.wait_for(one(), 20) for _ in range(n)), return_exceptions=True)
        return sum(r is True for r in results)


def row(name: str, direct: list[float], proxied: list[float]) -> str:
    d50, p50 = statistics.median(direct), statistics.median(proxied)
    return (f"{name:<26} direct p50 {d50:6.2f} ms p99 {pct(direct, 0.99):6.2f} ms | "
            f"proxied p50 {p50:6.2f} ms p99 {pct(proxied, 0.99):6.2f} ms | overhead p50 {p50 - d50:+.2f} ms")


async def run(args: argparse.Namespace, ui: str, api: str) -> None:
    n = args.requests
    print(row("GET / (115 KB HTML)", await latency(ui, "/", n), await latency(api, "/", n)))
    print(row("GET /config (2 KB JSON)", await latency(ui, "/config", n), await latency(api, "/config", n)))
    print(row("SSE first event", await first_event(ui, n // 4), await first_event(api, n // 4)))
    print(f"{'download 20 MB':<26} direct {await throughput(ui):7.1f} MB/s | proxied {await throughput(api):7.1f} MB/s")
    got = await concurrent_streams(api, args.streams)
    print(f"{'concurrent SSE streams':<26} {got} of {args.streams} got their first event through the proxy")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--streams", type=int, default=50)
    parser.add_argument("--data-dir", type=Path, default=Path("data"))
    args = parser.parse_args()
    with ServerThread(stand_in_ui()) as ui:
        settings = make_settings(args.data_dir, ui_port=ui.port)
        with ServerThread(create_app(settings, open_runtime=ScriptedRuntime.opener()), lifespan="on") as api:
            asyncio.run(run(args, ui.url, api.url))


if __name__ == "__main__":
    main()
