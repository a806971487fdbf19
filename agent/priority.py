"""First answers first: under a burst, turns still computing their first token go ahead of
the work that only finishes turns already answering (the consensus check, the final
message, saving the thread).

Why: one process has one event loop, and asyncio runs ready work round-robin. When a
hundred questions land at once, every turn's bookkeeping after its first token would
otherwise delay every other player's first words. A player who sees the answer start is
served; the second opinion that follows can wait a moment.

Only turns whose way to the first token is pure CPU (offline) hold the gate: a model turn
waiting seconds on the network must not hold back everyone else. No turn waits longer than
``max_wait_s`` for the gate, so post-token work can be delayed, never starved.
"""

from __future__ import annotations

import asyncio
import logging

logger = logging.getLogger(__name__)


class Ticket:
    """One turn's place in the gate: held until its first token (or its end)."""

    __slots__ = ("_gate", "_held")

    def __init__(self, gate: FirstAnswersFirst | None):
        self._gate = gate
        self._held = gate is not None

    def release(self) -> None:
        """Say this turn has sent its first token (or ended); idempotent."""
        if self._held and self._gate is not None:
            self._held = False
            self._gate._release()

    @property
    def held(self) -> bool:
        return self._held


NO_TICKET = Ticket(None)


class FirstAnswersFirst:
    """Counts turns that have not sent their first token; post-token work waits until none do."""

    def __init__(self, max_wait_s: float = 1.0):
        self.max_wait_s = max_wait_s
        self._waiting = 0
        self._clear: asyncio.Event | None = None

    @property
    def waiting(self) -> int:
        return self._waiting

    def _event(self) -> asyncio.Event:
        if self._clear is None:
            self._clear = asyncio.Event()
            self._clear.set()
        return self._clear

    def hold(self) -> Ticket:
        """Register a turn that has yet to send its first token."""
        self._waiting += 1
        self._event().clear()
        return Ticket(self)

    def _release(self) -> None:
        self._waiting -= 1
        if self._waiting == 0:
            self._event().set()

    async def wait(self) -> None:
        """Wait while other turns still owe their first token (at most ``max_wait_s``)."""
        if self._waiting == 0:
            return
        try:
            await asyncio.wait_for(self._event().wait(), self.max_wait_s)
        except TimeoutError:
            logger.debug("post-token work waited %.1f s for %d first answers; going ahead", self.max_wait_s, self._waiting)
