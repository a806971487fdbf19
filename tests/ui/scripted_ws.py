"""A real WebSocket server on loopback that plays a scripted chat turn and records what it got.

Used to pin the UI's side of the stream protocol (resume, cancel, unknown fields, drops)
without depending on what the agent happens to say.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from websockets.asyncio.server import ServerConnection, serve


@dataclass
class ScriptedChat:
    """``events`` are sent after ``user_message``; ``drop_after`` closes the socket mid-turn."""

    events: list[dict[str, Any]] = field(default_factory=list)
    ready: dict[str, Any] | None = None
    drop_after: int | None = None
    hold: bool = False  # keep the turn open (no done) until the client cancels
    received: list[dict[str, Any]] = field(default_factory=list)
    cancelled: asyncio.Event = field(default_factory=asyncio.Event)
    url: str = ""

    async def handle(self, ws: ServerConnection) -> None:
        hello = json.loads(await ws.recv())
        self.received.append(hello)
        ready = self.ready or {"type": "ready", "thread_id": hello.get("thread_id") or "t-new",
                               "provider": "offline", "version": "0.1.0"}
        await ws.send(json.dumps(ready))
        if ready["type"] != "ready":
            return
        self.received.append(json.loads(await ws.recv()))
        for i, event in enumerate(self.events):
            if self.drop_after is not None and i == self.drop_after:
                await ws.close(code=1011, reason="boom")
                return
            await ws.send(json.dumps(event))
        if self.hold:
            async for raw in ws:
                message = json.loads(raw)
                self.received.append(message)
                if message.get("type") == "cancel":
                    self.cancelled.set()
                    return


@asynccontextmanager
async def scripted_server(chat: ScriptedChat) -> AsyncIterator[ScriptedChat]:
    """Serve ``chat`` at ``ws://127.0.0.1:<free port>/ws/chat``; ``chat.url`` is the http base."""
    async with serve(chat.handle, "127.0.0.1", 0) as server:
        port = next(iter(server.sockets)).getsockname()[1]
        chat.url = f"http://127.0.0.1:{port}"
        yield chat


TURN = [
    {"type": "step", "id": "s1", "title": "Read the deck", "status": "running"},
    {"type": "tool", "name": "parse_deck", "summary": "60 cards, 22 lands"},
    {"type": "step", "id": "s1", "title": "Read the deck", "status": "done", "detail": "60 cards", "duration_ms": 120.0},
    {"type": "step", "id": "s2", "title": "Count colored sources", "status": "running"},
    {"type": "tool", "name": "analyze_deck", "summary": "blue short by 3 sources"},
    {"type": "step", "id": "s2", "title": "Count colored sources", "status": "done", "duration_ms": 40.0},
    {"type": "token", "text": "Your blue "},
    {"type": "token", "text": "is thin."},
    {"type": "consensus", "verdict": "revised", "reviewer": "deterministic", "notes": ["fixed a count"]},
    {"type": "message", "text": "Your blue is thin: 6 sources, Karsten wants 9.", "facts": {"main_count": 60, "colors": ["U", "R"]}},
    {"type": "done", "elapsed_ms": 850.0},
]
