"""An async client for the Scryfall API that keeps Scryfall's rules for API clients.

Scryfall asks (https://scryfall.com/docs/api): a real ``User-Agent`` and ``Accept`` header,
at most 10 requests/s overall and 2/s for ``/cards/search``, ``/cards/named`` and
``/cards/collection``, back off on HTTP 429, and cache results for at least 24 hours.
One pooled ``httpx.AsyncClient`` serves every call; responses are cached in the catalog
(``scryfall_cache``) and every card found is upserted so later ``Catalog.get`` finds it.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode, urlsplit

import httpx

from arena.errors import ScryfallError, ScryfallNotFound
from arena.models import Card
from arena.scryfall_cards import card_from_scryfall

if TYPE_CHECKING:
    from arena.catalog import Catalog

logger = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://api.scryfall.com"
PROJECT_URL = "https://huggingface.co/spaces/MCP-1st-Birthday/vawlrathh"
ACCEPT = "application/json;q=0.9,*/*;q=0.8"
COLLECTION_BATCH = 75
CACHE_SECONDS = 24 * 3600
_SLOW_PATHS = ("/cards/search", "/cards/named", "/cards/collection")
_RETRY_STATUSES = frozenset({429, 503})

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]


def _version() -> str:
    try:
        return metadata.version("vawlrathh")
    except metadata.PackageNotFoundError:
        return "0.1.0"


USER_AGENT = f"Vawlrathh/{_version()} (+{PROJECT_URL})"


class RateLimiter:
    """Spaces calls at least ``1/rate`` seconds apart (a minimum-interval limiter).

    Scryfall counts requests per second, not bursts, so an even spacing is the honest
    reading of "at most N per second". ``clock`` and ``sleep`` are injectable for tests.
    """

    def __init__(self, rate: float, *, clock: Clock = time.monotonic, sleep: Sleep = asyncio.sleep):
        if rate <= 0:
            raise ValueError(f"rate must be positive, got {rate}")
        self.interval = 1.0 / rate
        self._clock = clock
        self._sleep = sleep
        self._next = float("-inf")
        self._lock = asyncio.Lock()

    async def acquire(self) -> None:
        """Wait until the next call is allowed, then claim that slot."""
        async with self._lock:
            now = self._clock()
            if now < self._next:
                await self._sleep(self._next - now)
                now = max(self._clock(), self._next)
            self._next = now + self.interval

    def push_back(self, sent_at: float) -> None:
        """Count the call as made at ``sent_at`` (after waiting on another limiter too)."""
        self._next = max(self._next, sent_at + self.interval)


@dataclass(frozen=True, slots=True)
class CollectionResult:
    """What ``/cards/collection`` found for a list of identifiers, across all batches."""

    cards: list[Card]
    not_found: list[dict[str, Any]]
    requests: int


@dataclass(frozen=True, slots=True)
class SearchResult:
    """Cards from ``/cards/search`` (all fetched pages) and whether more pages remain."""

    cards: list[Card]
    total: int
    pages: int
    has_more: bool
    warnings: list[str] = field(default_factory=list)


class ScryfallClient:
    """Scryfall API calls with rate limits, 429 retries, timeouts and a 24 h catalog cache."""

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        *,
        client: httpx.AsyncClient | None = None,
        catalog: Catalog | None = None,
        user_agent: str = USER_AGENT,
        timeout: float = 15.0,
        rate: float = 10.0,
        slow_rate: float = 2.0,
        max_retries: int = 3,
        retry_wait: float = 30.0,
        cache_seconds: float = CACHE_SECONDS,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ):
        self.base_url = base_url.rstrip("/")
        self.catalog = catalog
        self._headers = {"User-Agent": user_agent, "Accept": ACCEPT}
        self._owns_client = client is None
        self._client = client or httpx.AsyncClient(timeout=httpx.Timeout(timeout, connect=5.0))
        self._timeout = timeout
        self._limit_all = RateLimiter(rate, clock=clock, sleep=sleep)
        self._limit_slow = RateLimiter(slow_rate, clock=clock, sleep=sleep)
        self._max_retries = max_retries
        self._retry_wait = retry_wait
        self._cache_seconds = cache_seconds
        self._sleep = sleep
        self._clock = clock
        if catalog is not None:
            catalog.cache_prune(cache_seconds)  # expired answers would never be read again

    async def aclose(self) -> None:
        """Close the HTTP client if this object created it."""
        if self._owns_client:
            await self._client.aclose()

    async def __aenter__(self) -> ScryfallClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    # ------------------------------------------------------------------ endpoints

    async def named(self, *, fuzzy: str | None = None, exact: str | None = None,
                    set_code: str | None = None) -> Card:
        """``/cards/named``: one card by exact or fuzzy name.

        Raises :class:`ScryfallNotFound` (``ambiguous=True`` when a fuzzy name fits several).
        """
        if (fuzzy is None) == (exact is None):
            raise ValueError("give exactly one of fuzzy= or exact=")
        params = {"fuzzy": fuzzy} if fuzzy is not None else {"exact": exact or ""}
        if set_code:
            params["set"] = set_code
        data = await self._request("GET", "/cards/named", params=params)
        cards = self._store([data])
        if not cards:
            raise ScryfallNotFound(f"{data.get('name', fuzzy or exact)!r} is not a card that goes in a deck")
        return cards[0]

    async def lookup(self, name: str) -> Card | None:
        """The catalog's card for ``name``, else Scryfall's fuzzy match (stored for next time).

        ``None`` when Scryfall knows no such card; an ambiguous name raises
        :class:`ScryfallNotFound` with ``ambiguous=True`` so the caller can ask for more.
        """
        if self.catalog is not None and (card := self.catalog.get(name)) is not None:
            return card
        try:
            return await self.named(fuzzy=name)
        except ScryfallNotFound as err:
            if err.ambiguous:
                raise
            return None

    async def collection(self, identifiers: Iterable[str | dict[str, Any]]) -> CollectionResult:
        """``/cards/collection`` in batches of at most 75; names may be given as plain strings."""
        idents = [{"name": i} if isinstance(i, str) else dict(i) for i in identifiers]
        cards: list[Card] = []
        not_found: list[dict[str, Any]] = []
        requests = 0
        for start in range(0, len(idents), COLLECTION_BATCH):
            batch = idents[start : start + COLLECTION_BATCH]
            data = await self._request("POST", "/cards/collection", body={"identifiers": batch})
            requests += 1
            cards.extend(self._store(data.get("data") or []))
            not_found.extend(data.get("not_found") or [])
        return CollectionResult(cards=cards, not_found=not_found, requests=requests)

    async def search(self, query: str, *, max_pages: int = 5, unique: str | None = None,
                     order: str | None = None) -> SearchResult:
        """``/cards/search``, following ``next_page`` up to ``max_pages``; no match is empty."""
        if max_pages < 1:
            raise ValueError(f"max_pages must be at least 1, got {max_pages}")
        params = {"q": query}
        if unique:
            params["unique"] = unique
        if order:
            params["order"] = order
        try:
            page = await self._request("GET", "/cards/search", params=params)
        except ScryfallNotFound:
            return SearchResult(cards=[], total=0, pages=1, has_more=False)
        cards = self._store(page.get("data") or [])
        warnings = list(page.get("warnings") or [])
        pages = 1
        while page.get("has_more") and page.get("next_page") and pages < max_pages:
            page = await self._request("GET", self._local_path(str(page["next_page"])))
            cards.extend(self._store(page.get("data") or []))
            pages += 1
        return SearchResult(
            cards=cards,
            total=int(page.get("total_cards") or len(cards)),
            pages=pages,
            has_more=bool(page.get("has_more")),
            warnings=warnings,
        )

    async def bulk_data(self) -> list[dict[str, Any]]:
        """``/bulk-data``: the downloadable files (``type``, ``download_uri``, ``size``...)."""
        data = await self._request("GET", "/bulk-data")
        return [d for d in data.get("data") or [] if isinstance(d, dict)]

    async def bulk_download_uri(self, kind: str = "oracle_cards") -> str:
        """The current download address of one bulk file type (``oracle_cards``, ``default_cards``)."""
        for item in await self.bulk_data():
            if item.get("type") == kind and item.get("download_uri"):
                return str(item["download_uri"])
        raise ScryfallError(f"Scryfall lists no bulk file of type {kind!r}")

    # ------------------------------------------------------------------ plumbing

    def _store(self, objects: Sequence[Any]) -> list[Card]:
        """Convert card objects and upsert them into the catalog so ``get`` finds them later."""
        objs = [o for o in objects if isinstance(o, dict)]
        if self.catalog is not None and objs:
            self.catalog.upsert_scryfall_cards(objs)
        cards = []
        for obj in objs:
            converted = card_from_scryfall(obj)
            if converted is not None:
                cards.append(converted[0])
        return cards

    def _local_path(self, url: str) -> str:
        """Turn an absolute ``next_page`` URL into a path on our base URL (never another host)."""
        parts = urlsplit(url)
        base_path = urlsplit(self.base_url).path
        path = parts.path[len(base_path):] if base_path and parts.path.startswith(base_path) else parts.path
        return f"{path}?{parts.query}" if parts.query else path

    async def _request(self, method: str, path: str, *, params: dict[str, str] | None = None,
                       body: dict[str, Any] | None = None) -> dict[str, Any]:
        url_path = f"{path}?{urlencode(params)}" if params else path
        cache_key = f"{method} {url_path}"
        if body is not None:
            cache_key += " " + json.dumps(body, sort_keys=True, separators=(",", ":"))
        if self.catalog is not None:
            cached = self.catalog.cache_get(cache_key, self._cache_seconds)
            if cached is not None:
                return _raise_for_error(json.loads(cached), None)
        data, status = await self._send(method, url_path, body)
        # Errors that describe the data (404 not found) are cached too; outages are not.
        if self.catalog is not None and (status < 400 or status == 404):
            self.catalog.cache_put(cache_key, json.dumps(data))
        return _raise_for_error(data, status)

    def _spaced_from_now(self, slow: bool) -> None:
        """Space the next call from this answer, not from when this call left.

        A request delayed on its way out (a busy machine) could otherwise reach Scryfall
        closer than the interval to the next one; counting from the answer rules that out.
        """
        now = self._clock()
        self._limit_all.push_back(now)
        if slow:
            self._limit_slow.push_back(now)

    async def _send(self, method: str, url_path: str, body: dict[str, Any] | None) -> tuple[dict[str, Any], int]:
        slow = url_path.split("?", 1)[0].startswith(_SLOW_PATHS)
        attempt = 0
        while True:
            if slow:
                await self._limit_slow.acquire()
            await self._limit_all.acquire()
            try:
                response = await self._client.request(
                    method, self.base_url + url_path, headers=self._headers, json=body,
                    timeout=self._timeout,
                )
            except httpx.TimeoutException as err:
                if attempt >= self._max_retries:
                    raise ScryfallError(f"Scryfall did not answer within {self._timeout:g} s ({url_path})") from err
                wait = min(self._retry_wait, 2.0 ** attempt)
            except httpx.HTTPError as err:
                if attempt >= self._max_retries:
                    raise ScryfallError(f"cannot reach Scryfall at {self.base_url}: {err}") from err
                wait = min(self._retry_wait, 2.0 ** attempt)
            else:
                self._spaced_from_now(slow)
                if response.status_code not in _RETRY_STATUSES:
                    return _json_body(response), response.status_code
                if attempt >= self._max_retries:
                    raise ScryfallError(
                        f"Scryfall kept answering {response.status_code} after {attempt + 1} tries; "
                        "try again later", status=response.status_code, code="rate_limited",
                    )
                wait = _retry_after(response, self._retry_wait)
                logger.warning("Scryfall answered %d to %s; waiting %.1f s", response.status_code, url_path, wait)
            attempt += 1
            await self._sleep(wait)


def _retry_after(response: httpx.Response, default: float) -> float:
    value = response.headers.get("Retry-After", "")
    try:
        return max(0.0, float(value))
    except ValueError:
        return default


def _json_body(response: httpx.Response) -> dict[str, Any]:
    try:
        data = response.json()
    except ValueError as err:
        raise ScryfallError(
            f"Scryfall answered {response.status_code} with something that is not JSON",
            status=response.status_code,
        ) from err
    if not isinstance(data, dict):
        raise ScryfallError("Scryfall answered with JSON that is not an object", status=response.status_code)
    if response.status_code >= 400 and data.get("object") != "error":
        data = {"object": "error", "status": response.status_code, "code": "http_error",
                "details": f"HTTP {response.status_code}"}
    return data


def _raise_for_error(data: dict[str, Any], status: int | None) -> dict[str, Any]:
    """Return ``data`` unless it is a Scryfall error object; then raise the matching error."""
    if data.get("object") != "error":
        return data
    code = str(data.get("code") or "error")
    status = int(data.get("status") or status or 0) or None
    details = str(data.get("details") or f"Scryfall error {code}")
    if status == 404 or code == "not_found":
        raise ScryfallNotFound(details, ambiguous=data.get("type") == "ambiguous")
    raise ScryfallError(details, status=status, code=code)
