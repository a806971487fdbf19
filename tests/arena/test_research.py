"""Tavily and Perplexity SDK clients against loopback servers speaking their wire formats."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from arena.errors import ResearchError
from arena.research import MetaResearch
from arena.research.cache import TTLCache
from arena.research.perplexity import PerplexityResearch
from arena.research.tavily import TavilyResearch
from tests.fakes.perplexity_server import FakePerplexity
from tests.fakes.tavily_server import FakeTavily

TKEY, PKEY = "tvly-test-key", "pplx-test-key"
SITES = ["mtggoldfish.com", "mtgtop8.com"]


@pytest.fixture
def tavily_fake() -> Iterator[FakeTavily]:
    with FakeTavily(api_key=TKEY) as fake:
        yield fake  # type: ignore[misc]


@pytest.fixture
def pplx_fake() -> Iterator[FakePerplexity]:
    with FakePerplexity(api_key=PKEY) as fake:
        yield fake  # type: ignore[misc]


def _tavily(fake: FakeTavily, key: str = TKEY, **kw: object) -> TavilyResearch:
    options: dict = {"base_url": fake.url, "sites": SITES, "timeout_s": 2.0, "retries": 2, "backoff_s": 0.01, **kw}
    return TavilyResearch(key, **options)


def _pplx(fake: FakePerplexity, key: str = PKEY, **kw: object) -> PerplexityResearch:
    options: dict = {"base_url": fake.url, "sites": SITES, "timeout_s": 2.0, "retries": 2, **kw}
    return PerplexityResearch(key, **options)


# ---- Tavily --------------------------------------------------------------------------------


async def test_tavily_results_newest_first_with_sites_and_key(tavily_fake: FakeTavily) -> None:
    client = _tavily(tavily_fake)
    result = await client.search("standard metagame", max_results=4)
    await client.aclose()
    sent = tavily_fake.requests[0]
    assert sent.path == "/search" and sent.headers["authorization"] == f"Bearer {TKEY}"
    assert sent.body["include_domains"] == SITES and sent.body["max_results"] == 4
    assert sent.body["time_range"] == "month"
    assert [s.url for s in result.sources] == [
        "https://www.mtggoldfish.com/metagame/standard",  # 30 Nov before 28 Nov
        "https://www.mtgo.com/decklist/standard-challenge-32-2026-11-28",
    ]
    assert result.sources[0].published == "Mon, 30 Nov 2026 10:00:00 GMT"
    assert "21.4%" in result.sources[0].snippet


async def test_tavily_empty_results(tavily_fake: FakeTavily) -> None:
    tavily_fake.pages = []
    client = _tavily(tavily_fake)
    assert (await client.search("nothing")).sources == ()
    await client.aclose()


async def test_tavily_401_is_auth_and_never_echoes_the_key(
    tavily_fake: FakeTavily, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    client = _tavily(tavily_fake, key="tvly-wrong-secret")
    with pytest.raises(ResearchError) as info:
        await client.search("standard metagame")
    await client.aclose()
    assert info.value.kind == "auth" and info.value.status == 401
    assert len(tavily_fake.requests) == 1  # no retry on a refused key
    assert "tvly-wrong-secret" not in str(info.value) and "tvly-wrong-secret" not in caplog.text


async def test_tavily_retries_429_then_succeeds(tavily_fake: FakeTavily) -> None:
    tavily_fake.queue(429, {"detail": {"error": "Rate limit exceeded"}})
    tavily_fake.queue(503, {"detail": {"error": "busy"}})
    client = _tavily(tavily_fake)
    result = await client.search("standard metagame")
    await client.aclose()
    assert len(tavily_fake.requests) == 3 and len(result.sources) == 2


async def test_tavily_429_after_retries_is_rate_limit(tavily_fake: FakeTavily) -> None:
    for _ in range(3):
        tavily_fake.queue(429, {"detail": {"error": "Rate limit exceeded"}})
    client = _tavily(tavily_fake, retries=2)
    with pytest.raises(ResearchError) as info:
        await client.search("standard metagame")
    await client.aclose()
    assert info.value.kind == "rate_limit" and len(tavily_fake.requests) == 3


async def test_tavily_timeout(tavily_fake: FakeTavily) -> None:
    tavily_fake.queue(200, {"results": []}, delay_s=1.0)
    client = _tavily(tavily_fake, timeout_s=0.2)
    with pytest.raises(ResearchError) as info:
        await client.search("standard metagame")
    await client.aclose()
    assert info.value.kind == "timeout" and "in time" in str(info.value)


async def test_tavily_unreachable_is_connection() -> None:
    client = TavilyResearch(TKEY, base_url="http://127.0.0.1:9", timeout_s=1.0, retries=0)
    with pytest.raises(ResearchError) as info:
        await client.search("x")
    await client.aclose()
    assert info.value.kind == "connection"


# ---- Perplexity ----------------------------------------------------------------------------


async def test_perplexity_search_results(pplx_fake: FakePerplexity) -> None:
    client = _pplx(pplx_fake)
    result = await client.search("standard metagame", max_results=5)
    await client.aclose()
    sent = pplx_fake.requests[0]
    assert sent.path == "/search" and sent.headers["authorization"] == f"Bearer {PKEY}"
    assert sent.body["search_domain_filter"] == SITES and sent.body["search_recency_filter"] == "month"
    assert [s.url for s in result.sources] == ["https://www.mtgtop8.com/format?f=ST", "https://mtga.untapped.gg/meta/tier-list"]
    assert result.sources[0].published == "2026-11-29" and result.answer is None


async def test_perplexity_cited_answer_with_a_model(pplx_fake: FakePerplexity) -> None:
    client = _pplx(pplx_fake, model="sonar")
    result = await client.search("best standard deck")
    await client.aclose()
    sent = pplx_fake.requests[0]
    assert sent.path == "/chat/completions" and sent.body["model"] == "sonar"
    assert sent.body["search_domain_filter"] == SITES
    assert result.answer is not None and result.answer.startswith("Izzet Prowess leads")
    assert {s.url for s in result.sources} == {p["url"] for p in pplx_fake.pages}


async def test_perplexity_empty_results(pplx_fake: FakePerplexity) -> None:
    pplx_fake.pages = []
    client = _pplx(pplx_fake)
    assert (await client.search("nothing")).sources == ()
    await client.aclose()


async def test_perplexity_401_is_auth_without_the_key(pplx_fake: FakePerplexity, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    client = _pplx(pplx_fake, key="pplx-wrong-secret")
    with pytest.raises(ResearchError) as info:
        await client.search("standard metagame")
    await client.aclose()
    assert info.value.kind == "auth" and info.value.status == 401
    assert "pplx-wrong-secret" not in str(info.value) and "pplx-wrong-secret" not in caplog.text


async def test_perplexity_retries_429_honouring_retry_after(pplx_fake: FakePerplexity) -> None:
    pplx_fake.queue(429, {"error": {"message": "rate limited", "type": "rate_limit", "code": 429}},
                    headers={"retry-after-ms": "10"})
    client = _pplx(pplx_fake)
    result = await client.search("standard metagame")
    await client.aclose()
    assert len(pplx_fake.requests) == 2 and len(result.sources) == 2


async def test_perplexity_429_after_retries_is_rate_limit(pplx_fake: FakePerplexity) -> None:
    for _ in range(2):
        pplx_fake.queue(429, {"error": {"message": "rate limited"}}, headers={"retry-after-ms": "10"})
    client = _pplx(pplx_fake, retries=1)
    with pytest.raises(ResearchError) as info:
        await client.search("standard metagame")
    await client.aclose()
    assert info.value.kind == "rate_limit" and len(pplx_fake.requests) == 2


async def test_perplexity_timeout(pplx_fake: FakePerplexity) -> None:
    pplx_fake.queue(200, {"id": "x", "results": []}, delay_s=1.0)
    client = _pplx(pplx_fake, timeout_s=0.2, retries=0)
    with pytest.raises(ResearchError) as info:
        await client.search("standard metagame")
    await client.aclose()
    assert info.value.kind == "timeout"


# ---- the service: both at once, cache, failures --------------------------------------------


async def test_service_caches_per_query_and_keeps_failures(tavily_fake: FakeTavily, pplx_fake: FakePerplexity) -> None:
    research = MetaResearch([_tavily(tavily_fake), _pplx(pplx_fake, key="pplx-wrong")], cache_ttl_s=60)
    first = await research.search("Standard metagame")
    second = await research.search("  standard   METAGAME ")
    await research.aclose()
    assert [r.provider for r in first.results] == ["tavily"] and not first.results[0].cached
    assert [(f.provider, f.kind) for f in first.failures] == [("perplexity", "auth")]
    assert second.results[0].cached and len(tavily_fake.requests) == 1  # cached
    assert len(pplx_fake.requests) == 2  # failures are not cached
    assert first.configured == ["tavily", "perplexity"]


def test_ttl_cache_expires_and_zero_disables() -> None:
    now = [0.0]
    cache: TTLCache[str] = TTLCache(10, clock=lambda: now[0])
    cache.put("k", "v")
    now[0] = 9.9
    assert cache.get("k") == "v"
    now[0] = 10.0
    assert cache.get("k") is None
    off: TTLCache[str] = TTLCache(0)
    off.put("k", "v")
    assert off.get("k") is None


def test_missing_key_is_refused_up_front() -> None:
    with pytest.raises(ResearchError, match="no API key"):
        TavilyResearch("")
    with pytest.raises(ResearchError, match="no API key"):
        PerplexityResearch("")
