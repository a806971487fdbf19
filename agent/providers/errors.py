"""Turn whatever the OpenAI and Anthropic SDKs raise into one ``ProviderError`` with a kind.

The SDKs already retry timeouts, 429s and 5xx (``max_retries``); what reaches us here is
what was left after those retries, so the graph answers offline for the turn.

    kind           raised for
    timeout        APITimeoutError (connect or read took longer than LLM_TIMEOUT_S)
    connection     APIConnectionError (refused, reset, DNS)
    rate_limit     RateLimitError (429)
    auth           AuthenticationError (401), PermissionDeniedError (403)
    server         InternalServerError / any 5xx, error events inside a stream, overloaded
    bad_request    any other 4xx (unknown model, request too large)
    bad_response   malformed body, invalid JSON, a plan or verdict that fails validation
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager

import anthropic
import httpx2
import openai

from agent.providers.base import ProviderError

logger = logging.getLogger(__name__)

# Vendors sometimes echo a (partly masked) key in 401 bodies; never pass one on.
_KEY_PATTERN = re.compile(r"(sk-[A-Za-z0-9_\-*]{4,}|Bearer\s+\S+)")
_MAX_MESSAGE = 300

# The anthropic SDK lets transport errors that happen while reading a stream escape raw.
_TIMEOUTS = (openai.APITimeoutError, anthropic.APITimeoutError, httpx2.TimeoutException)
_CONNECTIONS = (openai.APIConnectionError, anthropic.APIConnectionError, httpx2.TransportError)
_RATE_LIMITS = (openai.RateLimitError, anthropic.RateLimitError)
_AUTH = (
    openai.AuthenticationError,
    openai.PermissionDeniedError,
    anthropic.AuthenticationError,
    anthropic.PermissionDeniedError,
)
_SERVER = (openai.InternalServerError, anthropic.InternalServerError)
_STATUS = (openai.APIStatusError, anthropic.APIStatusError)
_API = (openai.APIError, anthropic.APIError)
_MALFORMED = (openai.APIResponseValidationError, anthropic.APIResponseValidationError)


def safe_message(text: object) -> str:
    """Shorten a vendor message and blank out anything that looks like a key."""
    clean = _KEY_PATTERN.sub("[redacted]", str(text)).strip()
    return clean if len(clean) <= _MAX_MESSAGE else clean[: _MAX_MESSAGE - 1] + "…"


def classify(exc: BaseException) -> str:
    """Return the ``ProviderError`` kind for an SDK exception (``bad_response`` if unknown)."""
    if isinstance(exc, _TIMEOUTS):
        return "timeout"
    if isinstance(exc, _CONNECTIONS):
        return "connection"
    if isinstance(exc, _MALFORMED):
        return "bad_response"
    if isinstance(exc, _RATE_LIMITS):
        return "rate_limit"
    if isinstance(exc, _AUTH):
        return "auth"
    if isinstance(exc, _SERVER):
        return "server"
    if isinstance(exc, _STATUS):
        status = exc.status_code
        # Anthropic reports mid-stream failures as an SSE error event on a 200 response.
        if status >= 500 or status < 400:
            return "server"
        return "bad_request"
    if isinstance(exc, _API):
        # An error the server sent inside a stream (OpenAI's ``data: {"error": ...}``).
        return "server"
    return "bad_response"


def to_provider_error(provider: str, exc: BaseException) -> ProviderError:
    """Build the ``ProviderError`` for ``exc``, with a message that is safe to log and show."""
    kind = classify(exc)
    status = getattr(exc, "status_code", None)
    detail = _body_message(getattr(exc, "body", None)) or getattr(exc, "message", None) or str(exc)
    # A 200 here means the error arrived inside a stream that had started fine.
    prefix = f"HTTP {status}: " if status and status != 200 else ""
    return ProviderError(provider, kind, prefix + safe_message(detail or type(exc).__name__))


def _body_message(body: object) -> str | None:
    """The vendor's own sentence: ``{"error": {"message"}}`` (Anthropic) or ``{"message"}`` (OpenAI)."""
    if isinstance(body, dict):
        inner = body.get("error")
        if isinstance(inner, dict) and isinstance(inner.get("message"), str):
            kind = inner.get("type")
            return f"{inner['message']} ({kind})" if isinstance(kind, str) else inner["message"]
        if isinstance(body.get("message"), str):
            return str(body["message"])
    return None


@contextmanager
def translate_errors(provider: str) -> Iterator[None]:
    """Re-raise SDK failures (and malformed payloads) as ``ProviderError``; let others through.

    ``ValueError`` covers what the SDKs raise on unparsable JSON inside a stream;
    ``httpx2.TransportError`` what anthropic's stream reader does not wrap.
    """
    try:
        yield
    except ProviderError:
        raise
    except (openai.OpenAIError, anthropic.AnthropicError, httpx2.TransportError, ValueError) as exc:
        error = to_provider_error(provider, exc)
        if error.kind == "bad_response":
            logger.exception("%s returned something unusable", provider)
        else:
            logger.warning("%s call failed: %s", provider, error)
        raise error from exc
