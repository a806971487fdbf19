"""The Scryfall client against a real local HTTP server speaking Scryfall's JSON."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import httpx
import pytest

from arena.catalog import Catalog
from arena.errors import ScryfallError, ScryfallNotFound
from arena.scryfall import ACCEPT, CACHE_SECONDS, RateLimiter, ScryfallClient
from arena.scryfall_cards import card_from_scryfall, split_type_line
from tests.fakes.scryfall_server import FakeScryfall

# Allow a little scheduler jitter below the nominal spacing, never more.
_JITTER = 0.02


@pytest.fixture
def fake(realdata: Path) -> Iterator[FakeScryfall]:
    with FakeScryfall(realdata / "scryfall") as server:
        yield server


@pytest.fixture
def fake_generated_only() -> Iterator[FakeScryfall]:
    with FakeScryfall(None) as server:
        yield server


@pytest.fixture
def cat(data_dir: Path) -> Iterator[Catalog]:
    with Catalog.open(data_dir) as catalog:
        yield catalog


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as client:
        yield client


def make_client(server: FakeScryfall, http: httpx.AsyncClient, catalog: Catalog | None = None,
                **kwargs: Any) -> ScryfallClient:
    """A client with fast rates and short waits unless a test asks for the real ones."""
    options: dict[str, Any] = {"rate": 200.0, "slow_rate": 100.0, "retry_wait": 0.01}
    options.update(kwargs)
    return ScryfallClient(server.url, client=http, catalog=catalog, **options)


def _load(realdata: Path, stem: str) -> dict[str, Any]:
    return json.loads((realdata / "scryfall" / f"{stem}.json").read_text(encoding="utf-8"))


# ---------------------------------------------------------------- card conversion


def test_split_type_line() -> None:
    assert split_type_line("Legendary Creature — Elf Druid") == (("Creature",), ("Elf", "Druid"), ("Legendary",))
    assert split_type_line("Basic Snow Land — Forest") == (("Land",), ("Forest",), ("Basic", "Snow"))
    assert split_type_line("Instant") == (("Instant",), (), ())


def test_mdfc_uses_front_face_cost_and_image(realdata: Path) -> None:
    converted = card_from_scryfall(_load(realdata, "api-types__card_mdfc_Esika"))
    assert converted is not None
    card, printing = converted
    assert card.faces == ("Esika, God of the Tree", "The Prismatic Bridge")
    assert card.mana_cost == "{1}{G}{G}" and card.mana_value == 3
    assert card.types == ("Creature",) and "Legendary" in card.supertypes
    assert card.image_uri and card.image_uri.startswith("https://")
    assert card.arena_id == 75212 == printing.arena_id
    assert card.legalities["historic"] in {"legal", "not_legal", "banned"}
    assert "\n//\n" in card.oracle_text


def test_split_card_counts_the_front_half_only(realdata: Path) -> None:
    converted = card_from_scryfall(_load(realdata, "api-types__card_split_Odds_Ends"))
    assert converted is not None
    card, _ = converted
    assert card.name == "Odds // Ends"
    assert card.mana_cost == "{U}{R}" and card.mana_value == 2
    assert card.image_uri  # top-level image_uris


def test_non_deck_objects_are_skipped() -> None:
    assert card_from_scryfall({"object": "card", "name": "Goblin", "layout": "token",
                               "type_line": "Token Creature — Goblin"}) is None
    assert card_from_scryfall({"object": "error", "code": "not_found"}) is None
    assert card_from_scryfall({"object": "card", "name": "Bant", "layout": "planar",
                               "type_line": "Plane — Alara"}) is None


# ---------------------------------------------------------------- named


async def test_named_sends_scryfall_headers_and_stores_the_card(
    fake: FakeScryfall, http: httpx.AsyncClient, cat: Catalog
) -> None:
    client = make_client(fake, http, cat)
    card = await client.named(exact="Urza's Saga")
    assert card.name == "Urza's Saga"
    assert card.set_code == "mh2"
    assert card.legalities.get("historic")
    request = fake.hits("/cards/named")[0]
    assert request.headers["User-Agent"].startswith("Vawlrathh/")
    assert "+http" in request.headers["User-Agent"]
    assert request.headers["Accept"] == ACCEPT
    stored = cat.get("urza's saga")
    assert stored is not None and stored.set_code == "mh2" and stored.prices
    assert cat.info().source == "corpus+scryfall"
    assert cat.info().legality_known


async def test_named_fuzzy_ambiguous_and_not_found(fake: FakeScryfall, http: httpx.AsyncClient) -> None:
    client = make_client(fake, http)
    with pytest.raises(ScryfallNotFound) as ambiguous:
        await client.named(fuzzy="aust com")
    assert ambiguous.value.ambiguous is True
    assert "aust com" in str(ambiguous.value)
    with pytest.raises(ScryfallNotFound) as missing:
        await client.named(fuzzy="no such card anywhere")
    assert missing.value.ambiguous is False
    assert missing.value.status == 404
    card = await client.named(fuzzy="cauldron famil")
    assert card.name == "A-Cauldron Familiar"
    with pytest.raises(ValueError, match="exactly one"):
        await client.named()


async def test_alchemy_card_from_scryfall_is_found_by_its_a_name(
    fake: FakeScryfall, http: httpx.AsyncClient, cat: Catalog
) -> None:
    await make_client(fake, http, cat).named(exact="A-Cauldron Familiar")
    card = cat.get("A-Cauldron Familiar")
    assert card is not None and card.arena_id == 83473
    plain = cat.get("Cauldron Familiar")
    assert plain is not None and plain.name == "Cauldron Familiar"


# ---------------------------------------------------------------- collection


async def test_collection_batches_by_75_and_reports_not_found(
    fake_generated_only: FakeScryfall, http: httpx.AsyncClient, cat: Catalog
) -> None:
    names = [f"Generated Card {i:03d}" for i in range(150)] + [f"Missing {i}" for i in range(10)]
    result = await make_client(fake_generated_only, http, cat).collection(names)
    batches = fake_generated_only.hits("/cards/collection")
    assert result.requests == len(batches) == 3
    assert [len(b.body["identifiers"]) for b in batches] == [75, 75, 10]
    assert len(result.cards) == 150
    assert sorted(nf["name"] for nf in result.not_found) == sorted(f"Missing {i}" for i in range(10))
    stored = cat.get("generated card 149")
    assert stored is not None and stored.arena_id == 90149 and stored.rarity == "common"


async def test_collection_real_response_shape(realdata: Path) -> None:
    body = _load(realdata, "riffler_readme__cards_collection_response_docs_example_2018")
    cards = [card_from_scryfall(c) for c in body["data"]]
    assert all(c is not None for c in cards)
    assert body["not_found"] == []


# ---------------------------------------------------------------- search


async def test_search_follows_pages(fake_generated_only: FakeScryfall, http: httpx.AsyncClient) -> None:
    client = make_client(fake_generated_only, http)
    result = await client.search("generated card 01")  # 10 cards, 5 per page
    assert [c.name for c in result.cards] == [f"Generated Card {i:03d}" for i in range(10, 20)]
    assert result.pages == 2 and result.total == 10 and not result.has_more
    pages = [r.query.get("page", ["1"])[0] for r in fake_generated_only.hits("/cards/search")]
    assert pages == ["1", "2"]


async def test_search_stops_at_max_pages(fake_generated_only: FakeScryfall, http: httpx.AsyncClient) -> None:
    result = await make_client(fake_generated_only, http).search("generated card", max_pages=2)
    assert result.pages == 2 and len(result.cards) == 10 and result.has_more
    assert result.total == 200


async def test_search_real_pages_and_lists(fake: FakeScryfall, http: httpx.AsyncClient) -> None:
    client = make_client(fake, http)
    forests = await client.search("forests")
    assert forests.pages == 2
    assert len(forests.cards) == 20
    frogs = await client.search("t:frog")
    assert frogs.total == 41 and not frogs.has_more
    assert any("Frog" in c.type_line for c in frogs.cards)


async def test_search_without_results_is_empty_and_bad_queries_raise(
    fake: FakeScryfall, http: httpx.AsyncClient
) -> None:
    client = make_client(fake, http)
    empty = await client.search("zzzz nothing matches")
    assert empty.cards == [] and empty.total == 0
    with pytest.raises(ScryfallError) as bad:
        await client.search("is:slick cmc>cmc")
    assert bad.value.status == 400 and bad.value.code == "bad_request"
    assert "ignored" in str(bad.value)


# ---------------------------------------------------------------- bulk data


async def test_bulk_data_lists_files(fake: FakeScryfall, http: httpx.AsyncClient) -> None:
    client = make_client(fake, http)
    files = await client.bulk_data()
    assert {"oracle_cards", "default_cards"} <= {f["type"] for f in files}
    uri = await client.bulk_download_uri("oracle_cards")
    assert uri.startswith("https://") and uri.endswith(".json")
    with pytest.raises(ScryfallError, match="no bulk file"):
        await client.bulk_download_uri("nonsense")


# ---------------------------------------------------------------- 429, timeouts, errors


async def test_429_is_retried_after_retry_after(fake: FakeScryfall, http: httpx.AsyncClient) -> None:
    fake.fail_next("/cards/named", 2, retry_after="0.2")
    card = await make_client(fake, http).named(exact="Urza's Saga")
    assert card.name == "Urza's Saga"
    hits = fake.hits("/cards/named")
    assert len(hits) == 3
    assert all(b.at - a.at >= 0.2 - _JITTER for a, b in pairwise(hits))


async def test_429_without_retry_after_uses_the_configured_wait(
    fake: FakeScryfall, http: httpx.AsyncClient
) -> None:
    waits: list[float] = []

    async def record(seconds: float) -> None:
        waits.append(seconds)

    fake.fail_next("/bulk-data", 1, retry_after=None)
    client = make_client(fake, http, retry_wait=30.0, sleep=record)
    assert await client.bulk_data()
    assert 30.0 in waits


async def test_429_gives_up_after_the_retry_budget(fake: FakeScryfall, http: httpx.AsyncClient) -> None:
    fake.fail_next("/cards/named", 5, retry_after="0")
    with pytest.raises(ScryfallError) as err:
        await make_client(fake, http, max_retries=2).named(exact="Urza's Saga")
    assert err.value.status == 429
    assert len(fake.hits("/cards/named")) == 3


async def test_timeout_is_a_scryfall_error(fake: FakeScryfall, http: httpx.AsyncClient) -> None:
    fake.delay_next("/cards/named", 1.0)
    client = make_client(fake, http, timeout=0.2, max_retries=0)
    with pytest.raises(ScryfallError, match="did not answer"):
        await client.named(exact="Urza's Saga")


async def test_unreachable_server_is_a_scryfall_error(http: httpx.AsyncClient) -> None:
    client = ScryfallClient("http://127.0.0.1:9", client=http, max_retries=0)
    with pytest.raises(ScryfallError, match="cannot reach"):
        await client.bulk_data()


async def test_owned_client_is_closed() -> None:
    async with ScryfallClient("http://127.0.0.1:9") as client:
        assert client.base_url == "http://127.0.0.1:9"
    assert client._client.is_closed


# ---------------------------------------------------------------- rate limits


async def test_rate_limits_are_observed_at_the_server(fake: FakeScryfall, http: httpx.AsyncClient) -> None:
    client = ScryfallClient(fake.url, client=http)  # Scryfall's real limits: 10/s, 2/s
    for _ in range(4):
        await client.bulk_data()
    for name in ("Urza's Saga", "Odds // Ends", "A-Cauldron Familiar"):
        await client.named(exact=name)
    general = [r.at for r in fake.requests]
    named = [r.at for r in fake.hits("/cards/named")]
    assert all(b - a >= 0.1 - _JITTER for a, b in pairwise(general))
    assert all(b - a >= 0.5 - _JITTER for a, b in pairwise(named))


async def test_rate_limiter_spaces_calls_on_an_injected_clock() -> None:
    now = [100.0]
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    limiter = RateLimiter(2.0, clock=lambda: now[0], sleep=sleep)
    stamps = []
    for _ in range(4):
        await limiter.acquire()
        stamps.append(now[0])
    assert [round(b - a, 6) for a, b in pairwise(stamps)] == [0.5, 0.5, 0.5]
    now[0] += 10  # idle time is not banked as a burst
    await limiter.acquire()
    await limiter.acquire()
    assert slept[-1] == pytest.approx(0.5)
    with pytest.raises(ValueError, match="rate"):
        RateLimiter(0)


# ---------------------------------------------------------------- cache


async def test_results_are_cached_for_24_hours(fake: FakeScryfall, http: httpx.AsyncClient, cat: Catalog) -> None:
    client = make_client(fake, http, cat)
    first = await client.named(exact="Urza's Saga")
    second = await client.named(exact="Urza's Saga")
    assert first == second
    assert len(fake.hits("/cards/named")) == 1
    for _ in range(2):
        with pytest.raises(ScryfallNotFound):
            await client.named(fuzzy="no such card anywhere")
    assert len(fake.hits("/cards/named")) == 2  # the 404 is cached too
    await client.collection(["Urza's Saga"])
    await client.collection(["Urza's Saga"])
    assert len(fake.hits("/cards/collection")) == 1
    assert CACHE_SECONDS == 24 * 3600


async def test_expired_cache_entries_are_fetched_again(
    fake: FakeScryfall, http: httpx.AsyncClient, cat: Catalog
) -> None:
    client = make_client(fake, http, cat, cache_seconds=0.0)
    await client.named(exact="Urza's Saga")
    await client.named(exact="Urza's Saga")
    assert len(fake.hits("/cards/named")) == 2


async def test_outages_are_not_cached(fake: FakeScryfall, http: httpx.AsyncClient, cat: Catalog) -> None:
    fake.fail_next("/bulk-data", 1, status=503, retry_after="0")
    client = make_client(fake, http, cat, max_retries=0)
    with pytest.raises(ScryfallError):
        await client.bulk_data()
    assert await client.bulk_data()
    assert len(fake.hits("/bulk-data")) == 2


async def test_a_new_client_prunes_expired_cache_entries(
    fake: FakeScryfall, http: httpx.AsyncClient, cat: Catalog
) -> None:
    await make_client(fake, http, cat).named(exact="Urza's Saga")
    assert cat.cache_get("GET /cards/named?exact=Urza%27s+Saga", CACHE_SECONDS) is not None
    make_client(fake, http, cat, cache_seconds=-1.0)  # everything counts as expired
    assert cat.cache_get("GET /cards/named?exact=Urza%27s+Saga", 10 * CACHE_SECONDS) is None


async def test_lookup_prefers_the_catalog_then_asks_scryfall(
    fake: FakeScryfall, http: httpx.AsyncClient, cat: Catalog
) -> None:
    client = make_client(fake, http, cat)
    bolt = await client.lookup("lightning bolt")
    assert bolt is not None and bolt.name == "Lightning Bolt"
    assert fake.requests == []  # the catalog knew it
    card = await client.lookup("Generated Card 042")
    assert card is not None and card.arena_id == 90042
    assert cat.get("generated card 042") is not None  # stored for next time
    assert await client.lookup("no such card anywhere") is None
    with pytest.raises(ScryfallNotFound) as err:
        await client.lookup("aust com")
    assert err.value.ambiguous
