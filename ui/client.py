"""The UI's only way to reach the API: REST over httpx, chat over the ``/ws/chat`` WebSocket.

The UI never imports ``api`` or the agent: it speaks the same wire protocol a third-party
client would, so whatever works here works for everyone (and the Space can split them).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

import httpx
import pydantic
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI

from agent.events import (
    Cancel,
    Done,
    Hello,
    ProviderKeys,
    Ready,
    ServerEvent,
    Step,
    UserMessage,
    parse_server_event,
)

logger = logging.getLogger(__name__)

API_PREFIX = "/api/v1"
_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


class ApiError(Exception):
    """The API answered with an error (or could not be reached); ``str()`` is safe to show."""

    def __init__(self, message: str, *, status: int | None = None, code: str = "api_error",
                 details: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code
        self.details = details


class ApiUnavailable(ApiError):
    """Nothing answered at the API's address, or it timed out."""


class DeckRejected(ApiError):
    """The API could not read the deck; ``problems`` lists each bad line."""

    @property
    def problems(self) -> list[dict[str, Any]]:
        return _problems_from_details(self.details)


class StreamError(ApiError):
    """The chat stream broke before its ``done`` event."""


def _problems_from_details(details: Any) -> list[dict[str, Any]]:
    """Pull the line problems out of an error's details, whatever envelope G chose."""
    if isinstance(details, dict):
        details = details.get("problems", [])
    if isinstance(details, list):
        return [p for p in details if isinstance(p, dict)]
    return []


def websocket_url(api_url: str, path: str = "/ws/chat") -> str:
    """Map the API's http(s) base URL onto the ws(s) URL of ``path``."""
    parts = urlsplit(api_url)
    scheme = {"http": "ws", "https": "wss"}.get(parts.scheme)
    if scheme is None:
        raise ValueError(f"API URL must start with http:// or https://, got {api_url!r}")
    base = parts.path.rstrip("/")
    return urlunsplit((scheme, parts.netloc, base + path, "", ""))


def _is_loopback(url: str) -> bool:
    return (urlsplit(url).hostname or "") in _LOOPBACK


def _error_from_response(response: httpx.Response) -> ApiError:
    """Turn the API's ``{"error": {code, message, details}}`` envelope into an exception."""
    try:
        body = response.json()
    except ValueError:
        body = None
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, dict):
        code = str(error.get("code", "api_error"))
        message = str(error.get("message", response.reason_phrase))
        details = error.get("details")
    elif isinstance(body, dict) and "detail" in body:  # FastAPI's own validation envelope
        code, message, details = "invalid_request", "The API rejected the request.", body["detail"]
    else:
        code, message, details = "api_error", f"HTTP {response.status_code} {response.reason_phrase}", None
    cls = DeckRejected if code.startswith("deck") or _problems_from_details(details) else ApiError
    return cls(message, status=response.status_code, code=code, details=details)


# What a player uploads is owned by their browser's key (ui.browser_store); a caller without one
# (a gradio_client script) uploads under this process's key, so the API lists those decks and that
# history to no one else.
_PROCESS_OWNER_KEY = secrets.token_urlsafe(24)
UPLOAD_TIMEOUT_S = 300.0  # a long session's Player.log is hundreds of megabytes


@dataclass
class ApiClient:
    """Async client for the Vawlrathh API at ``base_url`` (e.g. ``http://127.0.0.1:7860``)."""

    base_url: str
    timeout: float = 30.0
    transport: httpx.AsyncBaseTransport | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.base_url = self.base_url.rstrip("/")

    def _client(self, owner_key: str | None = None) -> httpx.AsyncClient:
        # A proxy from the environment must not intercept calls to our own loopback API.
        return httpx.AsyncClient(
            base_url=self.base_url,
            timeout=self.timeout,
            transport=self.transport,
            trust_env=not _is_loopback(self.base_url),
            headers={"Accept": "application/json", "User-Agent": "vawlrathh-ui",
                     "X-Owner-Key": owner_key or _PROCESS_OWNER_KEY},
        )

    async def request(self, method: str, path: str, *, json_body: Any = None,
                      ok: tuple[int, ...] = (200, 201), owner_key: str | None = None) -> tuple[int, Any]:
        """Send one request (as ``owner_key``'s, else this process's); return ``(status, json)``
        or raise ``ApiError``."""
        try:
            async with self._client(owner_key) as client:
                response = await client.request(method, path, json=json_body)
        except httpx.TimeoutException as exc:
            raise ApiUnavailable(f"The API at {self.base_url} did not answer within {self.timeout:g} s.",
                                 code="api_timeout") from exc
        except httpx.TransportError as exc:
            raise ApiUnavailable(f"Cannot reach the API at {self.base_url}: {exc}",
                                 code="api_unreachable") from exc
        if response.status_code not in ok:
            raise _error_from_response(response)
        try:
            return response.status_code, response.json()
        except ValueError as exc:
            raise ApiError(f"{method} {path} returned something that is not JSON.",
                           status=response.status_code, code="bad_response") from exc

    async def upload(self, path: str, file_path: str, *, field_name: str = "file",
                     fields: dict[str, str] | None = None, owner_key: str | None = None) -> Any:
        """``POST`` a file as multipart (streamed from disk, e.g. a Player.log); return the JSON."""
        timeout = UPLOAD_TIMEOUT_S
        try:
            async with self._client(owner_key) as client:
                with await asyncio.to_thread(open, file_path, "rb") as stream:
                    response = await client.post(path, files={field_name: ("upload", stream)},
                                                 data=fields or {}, timeout=timeout)
        except OSError as exc:
            raise ApiError(f"Cannot read the file: {exc.strerror or exc}", code="file_unreadable") from exc
        except httpx.TimeoutException as exc:
            raise ApiUnavailable(f"The API at {self.base_url} did not answer within {timeout:g} s.",
                                 code="api_timeout") from exc
        except httpx.TransportError as exc:
            raise ApiUnavailable(f"Cannot reach the API at {self.base_url}: {exc}", code="api_unreachable") from exc
        if response.status_code != 200:
            raise _error_from_response(response)
        return response.json()

    async def health(self) -> dict[str, Any]:
        """``GET /health``: is the process up."""
        return (await self.request("GET", "/health"))[1]

    async def readiness(self) -> tuple[bool, dict[str, Any]]:
        """``GET /health/ready``: ``(ready, body)``; 503 means up but not ready."""
        status, body = await self.request("GET", "/health/ready", ok=(200, 503))
        return status == 200, body if isinstance(body, dict) else {"detail": body}

    async def status(self) -> dict[str, Any]:
        """``GET /api/v1/status``: provider, configured keys (booleans), catalog, version."""
        return (await self.request("GET", f"{API_PREFIX}/status"))[1]

    async def create_deck(self, text: str, *, filename: str | None = None,
                          owner_key: str | None = None) -> dict[str, Any]:
        """``POST /api/v1/decks``: store a deck; raises ``DeckRejected`` with line problems.

        ``filename`` lets the API pick the reader by extension (.csv, .dek) as well as by content.
        """
        body: dict[str, Any] = {"text": text}
        if filename:
            body["filename"] = filename
        return (await self.request("POST", f"{API_PREFIX}/decks", json_body=body, owner_key=owner_key))[1]

    async def deck_analysis(self, deck_id: str) -> dict[str, Any]:
        """``GET /api/v1/decks/{id}/analysis``: the computed facts."""
        return (await self.request("GET", f"{API_PREFIX}/decks/{deck_id}/analysis"))[1]

    async def thread_messages(self, thread_id: str) -> dict[str, Any]:
        """``GET /api/v1/threads/{id}/messages``: ``{thread_id, messages: [{role, text}], deck}``."""
        return (await self.request("GET", f"{API_PREFIX}/threads/{quote(thread_id, safe='')}/messages"))[1]

    async def analyze_text(self, text: str, *, filename: str | None = None,
                           owner_key: str | None = None) -> tuple[dict[str, Any], dict[str, Any]]:
        """Store ``text`` as a deck and fetch its analysis: ``(created, facts)``."""
        created = await self.create_deck(text, filename=filename, owner_key=owner_key)
        deck_id = created.get("id")
        if not deck_id:
            raise ApiError("The API stored the deck but returned no id.", code="bad_response")
        return created, await self.deck_analysis(str(deck_id))

    async def chat(self, text: str, *, thread_id: str | None = None, deck: str | None = None,
                   deck_id: str | None = None, keys: ProviderKeys | None = None, model: str | None = None,
                   owner_key: str | None = None, open_timeout: float = 10.0) -> AsyncIterator[ServerEvent]:
        """Run one chat turn over ``/ws/chat``: yields ``ready`` first, then the turn's events.

        With ``owner_key`` (the browser's), the turn may read the match history uploaded with it.

        The stream ends after ``done``. An ``error`` before ``ready`` (e.g. a bad key) is
        yielded and ends the stream. Closing the generator early sends ``cancel``.
        When the connection drops mid-turn (a server worker died), it reconnects once to the
        same thread and asks again, after a ``step`` that tells the player so.
        """
        url = websocket_url(self.base_url)
        proxy: bool | None = None if _is_loopback(url) else True
        for attempt in range(2):
            try:
                async with connect(url, open_timeout=open_timeout, proxy=proxy,  # type: ignore[arg-type]
                                   max_size=8 * 2**20, user_agent_header="vawlrathh-ui") as ws:
                    hello = Hello(thread_id=thread_id, keys=keys, model=model, owner_key=owner_key)
                    await ws.send(hello.model_dump_json(exclude_none=True))
                    ready = await _receive(ws)
                    if attempt == 0:
                        yield ready
                    if not isinstance(ready, Ready):
                        if attempt > 0:
                            yield ready  # the error that refused the resumed thread
                        return
                    thread_id = ready.thread_id  # resume this very thread if the line drops
                    await ws.send(UserMessage(text=text, deck=deck, deck_id=deck_id).model_dump_json(exclude_none=True))
                    finished = stopped = False
                    try:
                        while not finished:
                            event = await _receive(ws)
                            finished = isinstance(event, Done)
                            yield event
                        return
                    except (asyncio.CancelledError, GeneratorExit):
                        stopped = True  # the player pressed Stop: Gradio cancelled us or closed us
                        raise
                    finally:
                        if not finished:
                            # Stopped, or an error here: tell the server, so the turn stops there too.
                            with contextlib.suppress(Exception):
                                await ws.send(Cancel().model_dump_json())
                                if stopped:  # an ordinary goodbye (1000), not 1011 "internal error"
                                    await ws.close(reason="stopped by the player")
            except (OSError, TimeoutError, InvalidHandshake, InvalidURI) as exc:
                raise StreamError(f"Cannot open the chat stream at {url}: {exc}", code="api_unreachable") from exc
            except ConnectionClosed as exc:
                if attempt > 0 or thread_id is None:
                    raise StreamError(f"The chat stream closed before the answer was complete ({exc}).",
                                      code="stream_closed") from exc
                logger.warning("chat stream on thread %s dropped (%s); reconnecting once", thread_id, exc)
                yield Step(id="reconnect", title="The connection dropped mid-answer; reconnected and asked again",
                           status="done")


async def _receive(ws: Any) -> ServerEvent:
    """Read the next server event this UI understands, tolerating fields it does not know yet."""
    while True:
        event = parse_event_tolerantly(await ws.recv())
        if event is not None:
            return event


def parse_event_tolerantly(raw: str | bytes) -> ServerEvent | None:
    """Parse a server event; drop unknown fields, skip unknown types (the server may be newer)."""
    try:
        return parse_server_event(raw)
    except pydantic.ValidationError:
        data = json.loads(raw)
        if not isinstance(data, dict):
            raise
        from agent import events  # the models, to learn which fields each type declares

        models: dict[str, type[pydantic.BaseModel]] = {
            "ready": events.Ready, "step": events.Step, "tool": events.ToolCall,
            "token": events.Token, "consensus": events.Consensus, "message": events.Message,
            "error": events.Error, "done": events.Done, "pong": events.Pong,
        }
        model = models.get(str(data.get("type")))
        if model is None:
            logger.warning("Ignoring a stream event of unknown type %r", data.get("type"))
            return None
        known = {k: v for k, v in data.items() if k in model.model_fields}
        return parse_server_event(known)
