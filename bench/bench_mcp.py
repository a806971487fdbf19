"""MCP round trips against a running server: each tool once per client session, then in parallel.

    python -m api --port 7860 &                       # or python app.py, or --workers 2
    python bench/bench_mcp.py http://127.0.0.1:7860/mcp/ [--calls 50] [--clients 10] [--deck FILE] [--server-pid PID]

Prints p50/p99 wall time per call through the official client (``mcp.Client``) for
``list_tools``, ``analyze_deck`` (the deck's analysis is cached after the first call),
``mana_odds``, ``lookup_card`` and ``chat`` (a whole offline turn), each on an open session;
then ``--clients`` sessions at once, each opening its own connection and calling
``analyze_deck`` and ``chat``. The client's share is large (it validates each result against
the tool's output schema); ``--server-pid`` adds the server's CPU time per call (Linux /proc).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from mcp import Client

DEFAULT_DECK = Path(__file__).resolve().parents[1] / "examples" / "izzet_prowess.txt"


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def timed(call: Callable[[], Awaitable[Any]]) -> float:
    started = time.perf_counter()
    result = await call()
    if getattr(result, "is_error", False):
        raise SystemExit(f"tool error: {result.content[0].text}")
    return (time.perf_counter() - started) * 1000


def cpu_ms(pid: int | None) -> float:
    """User + system CPU time of a process so far, in ms (0 without a pid)."""
    if pid is None:
        return 0.0
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def report(name: str, samples: list[float], server_cpu: float | None = None) -> None:
    cpu = f"   server CPU {server_cpu / len(samples):6.1f} ms/call" if server_cpu is not None else ""
    print(f"{name:<28} n={len(samples):<4} p50 {statistics.median(samples):7.1f} ms   p99 {pct(samples, 0.99):7.1f} ms{cpu}")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("url")
    parser.add_argument("--calls", type=int, default=50)
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--deck", type=Path, default=DEFAULT_DECK)
    parser.add_argument("--server-pid", type=int, help="the API process (one worker), for its CPU time per call")
    args = parser.parse_args()
    pid = args.server_pid
    deck = args.deck.read_text(encoding="utf-8")

    async with Client(args.url) as client:
        calls: dict[str, Callable[[], Awaitable[Any]]] = {
            "list_tools": client.list_tools,
            "analyze_deck": lambda: client.call_tool("analyze_deck", {"deck": deck}),
            "mana_odds": lambda: client.call_tool("mana_odds", {"deck": deck, "want": 4, "by_turn": 4}),
            "lookup_card": lambda: client.call_tool("lookup_card", {"name": "lightnig bolt"}),
            "chat (offline turn)": lambda: client.call_tool("chat", {"message": "How many lands are in my deck?", "deck": deck}),
        }
        for name, call in calls.items():
            await timed(call)  # warm: the deck's first analysis, the first turn's imports
            before = cpu_ms(pid)
            samples = [await timed(call) for _ in range(args.calls)]
            report(name, samples, cpu_ms(pid) - before if pid else None)

    async def session() -> tuple[float, float]:
        async with Client(args.url) as client:
            analysis = await timed(lambda: client.call_tool("analyze_deck", {"deck": deck}))
            turn = await timed(lambda: client.call_tool("chat", {"message": "Is my mana ok?", "deck": deck}))
            return analysis, turn

    started, before = time.perf_counter(), cpu_ms(pid)
    results = await asyncio.gather(*(session() for _ in range(args.clients)))
    wall = (time.perf_counter() - started) * 1000
    if pid:
        print(f"server CPU for {args.clients} sessions: {cpu_ms(pid) - before:.0f} ms")
    report(f"{args.clients} clients: analyze_deck", [a for a, _ in results])
    report(f"{args.clients} clients: chat", [t for _, t in results])
    print(f"{args.clients} sessions (connect, analyze, chat) done in {wall:.0f} ms")


if __name__ == "__main__":
    asyncio.run(main())
