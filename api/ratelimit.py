"""Rate limits: a token bucket (``rate`` a second sustained, ``burst`` at once), and REST's per client.

The WebSocket gives each connection a bucket; REST gives each client address one
(``RestRateLimit``), so one client cannot make the process do all its work for it.
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Callable

from starlette.types import ASGIApp, Receive, Scope, Send

from api.errors import count_error, error_response
from api.ui_proxy import route_path


class TokenBucket:
    """Per-connection message budget; ``allow()`` spends one token or says no.

    A bucket rather than a fixed window so a client that pauses may send a short burst
    (a hello and a message together) without being punished for it.
    """

    def __init__(self, rate: float, burst: int, clock: Callable[[], float] = time.monotonic) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("rate must be > 0 and burst >= 1")
        self.rate = rate
        self.burst = float(burst)
        self._clock = clock
        self._tokens = float(burst)
        self._last = clock()

    def allow(self) -> bool:
        """Spend a token if one is left; refill first by the time elapsed since the last call."""
        now = self._clock()
        self._tokens = min(self.burst, self._tokens + (now - self._last) * self.rate)
        self._last = now
        if self._tokens >= 1.0:
            self._tokens -= 1.0
            return True
        return False

    def retry_after(self) -> float:
        """Seconds until the next token (0 when one is there)."""
        return max(0.0, (1.0 - self._tokens) / self.rate)


# The REST API; health probes, metrics scrapes, docs and the proxied UI's assets are not limited.
_LIMITED_PREFIX = "/api/"
_MAX_CLIENTS = 10_000  # buckets kept; the least recently seen client is forgotten first


class RestRateLimit:
    """ASGI middleware: a token bucket per client address for each ``/api/`` request; 429 past it.

    The address is the one uvicorn reports, which honours X-Forwarded-For from the proxies it
    trusts (FORWARDED_ALLOW_IPS, loopback by default). WebSockets have their own limit.
    """

    def __init__(self, app: ASGIApp, rate: float, burst: int) -> None:
        self.app = app
        self.rate = rate
        self.burst = burst
        self._buckets: OrderedDict[str, TokenBucket] = OrderedDict()

    def _bucket(self, client: str) -> TokenBucket:
        bucket = self._buckets.get(client)
        if bucket is None:
            bucket = self._buckets[client] = TokenBucket(self.rate, self.burst)
            if len(self._buckets) > _MAX_CLIENTS:
                self._buckets.popitem(last=False)
        else:
            self._buckets.move_to_end(client)
        return bucket

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not route_path(scope).startswith(_LIMITED_PREFIX):
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        bucket = self._bucket(client[0] if client else "unknown")
        if bucket.allow():
            await self.app(scope, receive, send)
            return
        wait = max(1, math.ceil(bucket.retry_after()))
        count_error(scope.get("app"), "rate_limited")
        response = error_response(
            429, "rate_limited",
            f"Too many requests: at most {self.rate:g} a second from one address (bursts of {self.burst}). "
            f"Try again in {wait} s.",
            {"limit_per_s": self.rate, "burst": self.burst, "retry_after_s": wait},
            headers={"Retry-After": str(wait)},
        )
        await response(scope, receive, send)
