"""A turn's events on their way to a socket: tokens that queue up leave as one frame.

The agent writes an answer in deltas (a model's tokens, the offline writer's clauses). When
the socket keeps up, each delta is sent as it comes (first-token latency is untouched); when it
falls behind (many chats at once, a slow client), the deltas waiting in line are joined into
one ``token`` event, so the server spends its time on turns rather than on frames. Deltas stay deltas: concatenated in order,
the text is the same.
"""

from __future__ import annotations

import asyncio
from collections import deque

from agent.events import ServerEvent, Token

MAX_JOINED_CHARS = 16_384


class EventLine:
    """A one-producer, one-consumer line of events whose waiting tokens merge on the way out."""

    def __init__(self) -> None:
        self._items: deque[ServerEvent] = deque()
        self._ready = asyncio.Event()
        self._closed = False

    def put(self, event: ServerEvent) -> None:
        self._items.append(event)
        self._ready.set()

    def close(self) -> None:
        """No more events: ``next()`` returns None once the line is empty."""
        self._closed = True
        self._ready.set()

    async def next(self) -> ServerEvent | None:
        """The next event, with any tokens queued right behind a token joined into it."""
        while not self._items:
            if self._closed:
                return None
            self._ready.clear()
            await self._ready.wait()
        event = self._items.popleft()
        if event.type != "token" or not self._items or self._items[0].type != "token":
            return event
        parts, size = [event.text], len(event.text)
        while self._items and self._items[0].type == "token":
            nxt = self._items[0]
            assert isinstance(nxt, Token)
            if size + len(nxt.text) > MAX_JOINED_CHARS:
                break  # keep frames small: clients cap message size (websockets: 1 MiB by default)
            self._items.popleft()
            parts.append(nxt.text)
            size += len(nxt.text)
        return Token(text="".join(parts))
