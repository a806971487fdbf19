"""Cheap HTTP clients for the SDKs: one TLS context per process instead of one per turn.

Each turn builds its own SDK clients (keys differ per connection). Left alone, every SDK
client builds an ``httpx2.AsyncClient`` and with it a fresh TLS context, loading the CA
bundle each time: about 100 ms per client, so 200 ms or more of every model turn with the
judge. Building the context once and handing each client a light ``httpx2.AsyncClient``
over it costs a few milliseconds. The client stays owned by its SDK client, so closing the
provider closes it, and nothing is shared across event loops.
"""

from __future__ import annotations

import ssl
import threading

import httpx2

# What the SDKs' own default clients use (openai/_constants.py, anthropic/_constants.py).
_LIMITS = httpx2.Limits(max_connections=1000, max_keepalive_connections=100)
_lock = threading.Lock()
_context: ssl.SSLContext | None = None


def tls_context() -> ssl.SSLContext:
    """The process's verifying TLS context, built on first use exactly as httpx2 builds its default."""
    global _context
    with _lock:
        if _context is None:
            _context = httpx2.create_ssl_context()
        return _context


def sdk_http_client(timeout_s: float) -> httpx2.AsyncClient:
    """A fresh client for one SDK client; the SDK still sets each request's own timeout."""
    return httpx2.AsyncClient(
        verify=tls_context(),
        limits=_LIMITS,
        timeout=httpx2.Timeout(timeout_s),
        follow_redirects=True,
    )
