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

Steady-rate mode (``--rate R --duration S``): the chats connect and stay open, then questions
arrive as a Poisson process at R a second in all, each to a chat with no turn in flight, for
S seconds. ``--repeat K`` runs it K times on the same server and prints the server's memory
after each run (growth across runs is a leak); ``--server-pid`` adds CPU per turn and the
server's peak resident memory (all worker processes added up).

    python bench/bench_ws_load.py --chats 1000 --rate 100 --duration 60 --distinct-decks --server-pid PID

Decks: the same list for every chat (default); ``--distinct-decks``, the same cards under a
name of its own per chat (every text parsed, one analysis shared); ``--distinct-cards``, a
list of its own cards per chat (every deck parsed and analyzed).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
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


def _family(pid: int) -> list[int]:
    """The process and all its descendants (workers are children of the supervisor)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    family, frontier = [pid], [pid]
    while frontier:
        frontier = [child for child, parent in parents.items() if parent in frontier]
        family += frontier
    return family


def server_cpu_s(pid: int | None) -> float:
    """CPU seconds used so far by a process and its children (Linux /proc; 0 elsewhere)."""
    if pid is None:
        return 0.0
    total, ticks = 0.0, os.sysconf("SC_CLK_TCK")
    for one in _family(pid):
        try:
            fields = Path(f"/proc/{one}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks  # utime + stime
    return total




def server_memory_mb(pid: int | None) -> tuple[float, float]:
    """(resident now, peak resident) in MB of a process and its children, added up (Linux)."""
    if pid is None:
        return 0.0, 0.0
    rss = hwm = 0.0
    for one in _family(pid):
        try:
            status = Path(f"/proc/{one}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                rss += int(line.split()[1]) / 1024
            elif line.startswith("VmHWM:"):
                hwm += int(line.split()[1]) / 1024
    return rss, hwm


# Red spells every catalog knows: --distinct-cards builds each chat's list from nine of them.
RED_SPELLS = (
    "Monastery Swiftspear", "Kumano Faces Kakkazan", "Phoenix Chick", "Kessig Flamebreather", "Ghitu Lavarunner",
    "Bonecrusher Giant", "Lightning Bolt", "Play with Fire", "Shock", "Light Up the Stage", "Lightning Strike",
    "Burst Lightning", "Goblin Guide", "Fireblast", "Lava Spike", "Rift Bolt", "Skewer the Critics", "Searing Spear",
    "Chain Lightning", "Eidolon of the Great Revel", "Viashino Pyromancer", "Fanatical Firebrand", "Soul-Scar Mage",
    "Abrade", "Frost Bite",
)


def deck_for(chat: int, deck: str, distinct: bool, *, cards: bool = False) -> str:
    """The deck chat number ``chat`` sends: the same list, or one no other chat sends.

    Distinct decks carry an Arena ``About``/``Name`` header of their own: the server parses
    every text, and shares one analysis between lists whose cards are the same
    (``arena.deck_service``), as with many players pasting one popular list under their own
    names. With ``cards`` each chat's list is nine of ``RED_SPELLS`` (four of each, chosen by
    the chat's number) and 24 Mountains: different cards, so every deck is analyzed.
    """
    if cards:
        spells = random.Random(chat).sample(RED_SPELLS, 9)
        deck = "Deck\n" + "".join(f"4 {name}\n" for name in spells) + "24 Mountain\n"
    return f"About\nName Load test deck {chat}\n\n{deck}" if distinct or cards else deck


async def run(url: str, chats: int, deck: str, question: str, timeout_s: float, ramp_s: float,
              server_pid: int | None = None, distinct: bool = False, cards: bool = False) -> int:
    results = [ChatResult() for _ in range(chats)]
    all_connected = asyncio.Barrier(chats + 1)
    go = asyncio.Event()
    started = time.perf_counter()
    tasks = [
        asyncio.create_task(one_chat(url, deck_for(i, deck, distinct, cards=cards), question, all_connected, go, r, timeout_s, ramp_s * i / chats))
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
          + _deck_words(distinct, cards))
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


@dataclass
class TurnResult:
    first_token_ms: float | None = None
    done_ms: float | None = None
    error: str | None = None


async def _ask(ws: object, deck: str, question: str, timeout_s: float) -> TurnResult:
    result = TurnResult()
    sent = time.perf_counter()
    try:
        await ws.send(json.dumps({"type": "user_message", "text": question, "deck": deck}))  # type: ignore[attr-defined]
        while True:
            async with asyncio.timeout(timeout_s):
                event = json.loads(await ws.recv())  # type: ignore[attr-defined]
            kind = event.get("type")
            if kind == "token" and result.first_token_ms is None:
                result.first_token_ms = (time.perf_counter() - sent) * 1000
            elif kind == "error":
                result.error = f"{event.get('code')}: {event.get('message')}"
            elif kind == "done":
                result.done_ms = (time.perf_counter() - sent) * 1000
                return result
    except Exception as exc:  # counted and reported
        result.error = result.error or f"{type(exc).__name__}: {exc}"
        return result


async def run_steady(url: str, chats: int, deck: str, question: str, timeout_s: float, rate: float,
                     duration_s: float, server_pid: int | None, distinct: bool, seed: int, cards: bool = False) -> int:
    """Hold ``chats`` connections; send Poisson arrivals at ``rate``/s to idle chats for ``duration_s``."""
    rng = random.Random(seed)
    sockets: list[object] = []
    connect_errors: list[str] = []
    started = time.perf_counter()

    async def open_one() -> None:
        try:
            ws = await connect(url, open_timeout=timeout_s, max_size=2**22)
            ready = json.loads(await asyncio.wait_for(ws.recv(), timeout_s))
            if ready.get("type") != "ready":
                raise RuntimeError(f"expected ready, got {ready.get('type')}")
            sockets.append(ws)
        except Exception as exc:
            connect_errors.append(f"connect: {type(exc).__name__}: {exc}")

    await asyncio.gather(*(open_one() for _ in range(chats)))
    connect_s = time.perf_counter() - started
    decks = [deck_for(i, deck, distinct, cards=cards) for i in range(len(sockets))]
    idle = list(range(len(sockets)))
    results: list[TurnResult] = []
    in_flight: set[asyncio.Task[None]] = set()
    busy_skips = 0

    async def turn(i: int) -> None:
        results.append(await _ask(sockets[i], decks[i], question, timeout_s))
        idle.append(i)

    server_before, client_before = server_cpu_s(server_pid), time.process_time()
    peak_rss = 0.0
    t0 = time.perf_counter()
    next_at = t0
    arrivals = 0
    while True:
        next_at += rng.expovariate(rate)
        if next_at - t0 >= duration_s:
            break
        await asyncio.sleep(max(0.0, next_at - time.perf_counter()))
        arrivals += 1
        if not idle:
            busy_skips += 1
            continue
        i = idle.pop(rng.randrange(len(idle)))
        task = asyncio.create_task(turn(i))
        in_flight.add(task)
        task.add_done_callback(in_flight.discard)
        if arrivals % 50 == 0:
            peak_rss = max(peak_rss, server_memory_mb(server_pid)[0])
    sent_s = time.perf_counter() - t0
    await asyncio.gather(*in_flight)
    wall_s = time.perf_counter() - t0
    server_used, client_used = server_cpu_s(server_pid) - server_before, time.process_time() - client_before
    rss_now, hwm = server_memory_mb(server_pid)
    await asyncio.gather(*(ws.close() for ws in sockets), return_exceptions=True)  # type: ignore[attr-defined]

    errors = connect_errors + [r.error for r in results if r.error]
    ttft = [r.first_token_ms for r in results if r.first_token_ms is not None]
    done = [r.done_ms for r in results if r.done_ms is not None]
    print(f"server            {url}")
    print(f"chats             {chats} held open ({len(sockets)} connected in {connect_s:.2f} s)"
          + _deck_words(distinct, cards))
    print(f"arrivals          Poisson at {rate:g}/s for {duration_s:g} s: {arrivals} questions "
          f"({arrivals / sent_s:.1f}/s), {busy_skips} found every chat busy")
    print(f"errors            {len(errors)}")
    for message in sorted(set(errors))[:10]:
        print(f"  {errors.count(message)} x {message}")
    for label, values in (("first token", ttft), ("done", done)):
        if values:
            print(f"{label:<17} p50 {percentile(values, 50):7.1f} ms   p99 {percentile(values, 99):7.1f} ms   "
                  f"max {max(values):7.1f} ms   mean {statistics.fmean(values):7.1f} ms   (n={len(values)})")
    print(f"turns/second      {len(done) / wall_s:.1f}")
    print(f"client CPU        {client_used * 1000 / max(1, len(results)):.2f} ms per turn")
    if server_pid is not None:
        print(f"server CPU        {server_used * 1000 / max(1, len(done)):.2f} ms per turn "
              f"({server_used / wall_s * 100:.0f}% of one core)")
        print(f"server memory     {rss_now:.0f} MB resident after the run, {max(peak_rss, rss_now):.0f} MB at most "
              f"while sampled, peak (VmHWM, added over processes) {hwm:.0f} MB")
    ok = not errors and len(done) == len(results) and len(sockets) == chats
    return 0 if ok else 1


def _deck_words(distinct: bool, cards: bool) -> str:
    if cards:
        return ", each with a list of its own cards"
    return ", each with its own deck name (same cards)" if distinct else ", all with the same deck"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url", nargs="?", default="ws://127.0.0.1:7860/ws/chat", help="the /ws/chat URL of a running API")
    parser.add_argument("--chats", type=int, default=100, help="concurrent chats (default 100)")
    parser.add_argument("--deck", type=Path, help="deck file to send (default: a 60-card mono-red list)")
    parser.add_argument("--question", default=DEFAULT_QUESTION)
    parser.add_argument("--distinct-decks", action="store_true",
                        help="give every chat a deck text of its own (its own Name line, the same cards)")
    parser.add_argument("--distinct-cards", action="store_true",
                        help="give every chat a list of its own cards (nine of 25 red spells), so every deck is analyzed")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds before a chat counts as failed")
    parser.add_argument("--server-pid", type=int, default=None,
                        help="the server's process id, to report its CPU per turn (Linux)")
    parser.add_argument("--ramp", type=float, default=0.0,
                        help="spread the questions evenly over this many seconds (default 0: all at once)")
    parser.add_argument("--rate", type=float, default=0.0,
                        help="steady-rate mode: questions per second in all, Poisson arrivals (needs --duration)")
    parser.add_argument("--duration", type=float, default=60.0, help="steady-rate mode: seconds of arrivals (default 60)")
    parser.add_argument("--repeat", type=int, default=1, help="run this many times, printing server memory after each")
    parser.add_argument("--seed", type=int, default=1, help="seed of the arrival times")
    args = parser.parse_args(argv)
    if args.chats < 1:
        parser.error("--chats must be at least 1")
    deck = args.deck.read_text(encoding="utf-8") if args.deck else DEFAULT_DECK
    code = 0
    after: list[float] = []
    for n in range(args.repeat):
        if args.repeat > 1:
            print(f"--- run {n + 1} of {args.repeat}")
        code |= _once(args, deck, n)
        if args.server_pid is not None:
            time.sleep(2.0)  # let the server close the connections and free what they held
            after.append(server_memory_mb(args.server_pid)[0])
            print(f"server resident   {after[-1]:.0f} MB after run {n + 1}")
    if len(after) > 1:
        print(f"memory growth     {after[-1] - after[0]:+.0f} MB from run 1 to run {len(after)} "
              f"({', '.join(f'{m:.0f}' for m in after)} MB)")
    return code


def _once(args: argparse.Namespace, deck: str, n: int) -> int:
    if args.rate > 0:
        return asyncio.run(run_steady(args.url, args.chats, deck, args.question, args.timeout, args.rate,
                                      args.duration, args.server_pid, args.distinct_decks, args.seed + n,
                                      args.distinct_cards))
    return asyncio.run(run(args.url, args.chats, deck, args.question, args.timeout, args.ramp, args.server_pid,
                           args.distinct_decks, args.distinct_cards))


if __name__ == "__main__":
    sys.exit(main())
