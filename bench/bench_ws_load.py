"""Load benchmark: N concurrent WebSocket chats against a running API, each asking about a deck.

    python bench/bench_ws_load.py ws://127.0.0.1:7860/ws/chat --chats 100

Every chat connects and waits for ``ready``; once all are connected (so N connections are
held at once) they all send their question together, the worst case for the server, or
spread evenly over ``--ramp`` seconds, closer to players arriving.
Prints connections held, errors, and p50/p99/max of time to first token and to ``done``,
measured on the client from the moment each ``user_message`` was sent, and the CPU the
client itself used (it shares the machine). With ``--server-pid`` (the uvicorn process, its
worker processes included) it also prints the server's CPU per turn while the questions ran.
Target on 2 cores: 100 chats, no errors, first token p99 <= 250 ms (offline provider).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from websockets.asyncio.client import connect

# A 60-card mono-red Arena export (real card names); override with --deck.
DEFAULT_DECK = """Deck
4 Monastery Swiftspear
4 Kumano Faces Kakkazan
4 Phoenix Chick
4 Kessig Flamebreather
4 Ghitu Lavarunner
4 Bonecrusher Giant
4 Lightning Bolt
4 Play with Fire
4 Shock
4 Light Up the Stage
20 Mountain
"""
DEFAULT_QUESTION = "How many lands should I run, and is my red mana good enough?"


@dataclass
class ChatResult:
    connected: bool = False
    first_token_ms: float | None = None
    done_ms: float | None = None
    error: str | None = None
    events: int = 0
    kinds: list[str] = field(default_factory=list)


async def one_chat(url: str, deck: str, question: str, all_connected: asyncio.Barrier, go: asyncio.Event,
                   result: ChatResult, timeout_s: float, delay_s: float) -> None:
    try:
        async with connect(url, open_timeout=timeout_s, max_size=2**22) as ws:
            ready = json.loads(await asyncio.wait_for(ws.recv(), timeout_s))
            if ready.get("type") != "ready":
                raise RuntimeError(f"expected ready, got {ready.get('type')}")
            result.connected = True
            await all_connected.wait()
            await go.wait()
            await asyncio.sleep(delay_s)
            sent = time.perf_counter()
            await ws.send(json.dumps({"type": "user_message", "text": question, "deck": deck}))
            while True:
                async with asyncio.timeout(timeout_s):  # not wait_for: no task per frame on the shared cores
                    event = json.loads(await ws.recv())
                result.events += 1
                kind = event.get("type")
                if kind == "token" and result.first_token_ms is None:
                    result.first_token_ms = (time.perf_counter() - sent) * 1000
                elif kind == "error":
                    result.error = f"{event.get('code')}: {event.get('message')}"
                elif kind == "done":
                    result.done_ms = (time.perf_counter() - sent) * 1000
                    return
    except Exception as exc:  # every failure is counted and reported, never hidden
        if not result.connected:
            # Still pass the barrier, or every other chat would wait for this one forever.
            result.error = f"connect: {type(exc).__name__}: {exc}"
            await all_connected.wait()
        else:
            result.error = result.error or f"{type(exc).__name__}: {exc}"


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def server_cpu_s(pid: int | None) -> float:
    """CPU seconds used so far by a process and its children (Linux /proc; 0 elsewhere)."""
    if pid is None:
        return 0.0
    total, ticks = 0.0, os.sysconf("SC_CLK_TCK")
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(c) for c in children.read_text().split()]
    for one in pids:
        try:
            fields = Path(f"/proc/{one}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks  # utime + stime
    return total


def deck_for(chat: int, deck: str, distinct: bool) -> str:
    """The deck chat number ``chat`` sends: the same list, or one no other chat sends.

    Distinct decks carry an Arena ``About``/``Name`` header of their own, so the server can
    reuse no analysis between chats, as with a hundred players and a hundred lists.
    """
    return f"About\nName Load test deck {chat}\n\n{deck}" if distinct else deck


async def run(url: str, chats: int, deck: str, question: str, timeout_s: float, ramp_s: float,
              server_pid: int | None = None, distinct: bool = False) -> int:
    results = [ChatResult() for _ in range(chats)]
    all_connected = asyncio.Barrier(chats + 1)
    go = asyncio.Event()
    started = time.perf_counter()
    tasks = [
        asyncio.create_task(one_chat(url, deck_for(i, deck, distinct), question, all_connected, go, r, timeout_s, ramp_s * i / chats))
        for i, r in enumerate(results)
    ]
    await asyncio.wait_for(all_connected.wait(), timeout_s * 2)
    held = sum(r.connected for r in results)
    connect_s = time.perf_counter() - started
    server_before, client_before = server_cpu_s(server_pid), time.process_time()
    go.set()
    await asyncio.gather(*tasks)
    wall_s = time.perf_counter() - started - connect_s
    server_used, client_used = server_cpu_s(server_pid) - server_before, time.process_time() - client_before

    errors = [r.error for r in results if r.error]
    missing_token = sum(1 for r in results if r.connected and r.first_token_ms is None and not r.error)
    ttft = [r.first_token_ms for r in results if r.first_token_ms is not None]
    done = [r.done_ms for r in results if r.done_ms is not None]
    print(f"server            {url}")
    print(f"chats             {chats}, questions sent " + (f"over {ramp_s:g} s" if ramp_s else "all at once")
          + (", each with its own deck" if distinct else ", all with the same deck"))
    print(f"connections held  {held}/{chats} (all open at once, connected in {connect_s:.2f} s)")
    print(f"errors            {len(errors)}")
    for message in sorted(set(errors))[:10]:
        print(f"  {errors.count(message)} x {message}")
    if missing_token:
        print(f"turns without a token: {missing_token}")
    for label, values in (("first token", ttft), ("done", done)):
        if values:
            print(f"{label:<17} p50 {percentile(values, 50):7.1f} ms   p99 {percentile(values, 99):7.1f} ms   "
                  f"max {max(values):7.1f} ms   mean {statistics.fmean(values):7.1f} ms   (n={len(values)})")
    print(f"turns/second      {len(done) / wall_s:.1f} (all turns done in {wall_s:.2f} s)")
    print(f"client CPU        {client_used * 1000 / chats:.2f} ms per chat while the questions ran")
    if server_pid is not None:
        print(f"server CPU        {server_used * 1000 / chats:.2f} ms per turn (pid {server_pid} and its children)")
    return 0 if not errors and held == chats and len(done) == chats else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url", nargs="?", default="ws://127.0.0.1:7860/ws/chat", help="the /ws/chat URL of a running API")
    parser.add_argument("--chats", type=int, default=100, help="concurrent chats (default 100)")
    parser.add_argument("--deck", type=Path, help="deck file to send (default: a 60-card mono-red list)")
    parser.add_argument("--question", default=DEFAULT_QUESTION)
    parser.add_argument("--distinct-decks", action="store_true",
                        help="give every chat a deck text of its own, so no analysis is shared between chats")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds before a chat counts as failed")
    parser.add_argument("--server-pid", type=int, default=None,
                        help="the server's process id, to report its CPU per turn (Linux)")
    parser.add_argument("--ramp", type=float, default=0.0,
                        help="spread the questions evenly over this many seconds (default 0: all at once)")
    args = parser.parse_args(argv)
    if args.chats < 1:
        parser.error("--chats must be at least 1")
    deck = args.deck.read_text(encoding="utf-8") if args.deck else DEFAULT_DECK
    return asyncio.run(run(args.url, args.chats, deck, args.question, args.timeout, args.ramp, args.server_pid,
                           args.distinct_decks))


if __name__ == "__main__":
    sys.exit(main())
