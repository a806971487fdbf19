"""Pieces of the API that need no server: the token bucket, the deck store, the error shape."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.errors import error_body, validation_details
from api.ratelimit import TokenBucket
from api.schemas import DeckEntryPublic, DeckSections, ParsedDeck
from api.store import DeckStore, owner_hash


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_token_bucket_allows_burst_then_refills_at_rate() -> None:
    clock = FakeClock()
    bucket = TokenBucket(rate=2.0, burst=3, clock=clock)
    assert [bucket.allow() for _ in range(4)] == [True, True, True, False]
    clock.now += 0.5  # one token back at 2 per second
    assert bucket.allow() is True
    assert bucket.allow() is False
    clock.now += 60  # never more than the burst
    assert [bucket.allow() for _ in range(4)] == [True, True, True, False]


def test_token_bucket_refuses_nonsense() -> None:
    with pytest.raises(ValueError):
        TokenBucket(rate=0, burst=1)
    with pytest.raises(ValueError):
        TokenBucket(rate=1, burst=0)


def _parsed(name: str | None) -> ParsedDeck:
    entry = DeckEntryPublic(count=4, name="lightning bolt", resolved_name="Lightning Bolt", line=2)
    return ParsedDeck(name=name, format="standard", source_format="arena", main_count=4, side_count=0,
                      sections=DeckSections(main=[entry]))


async def test_store_round_trip_paging_and_delete(tmp_path: Path) -> None:
    store = await DeckStore.open(tmp_path)
    try:
        # A name full of SQL must be stored as text: every statement takes parameters.
        hostile = "x'); DROP TABLE decks; --"
        first = await store.add("4 Lightning Bolt", _parsed(hostile))
        second = await store.add("4 Shock", _parsed("Second"))
        assert (await store.get(first.id)).name == hostile  # type: ignore[union-attr]
        assert (await store.get_text(second.id)) == "4 Shock"
        page, total = await store.list(limit=1, offset=0)
        assert total == 2 and len(page) == 1
        rest, _ = await store.list(limit=5, offset=1)
        assert {page[0].id, rest[0].id} == {first.id, second.id}
        assert await store.delete(first.id) == "deleted"
        assert await store.delete(first.id) == "not_found"
        assert await store.get(first.id) is None
        assert await store.check() == "ok"
    finally:
        await store.close()
    assert "closed" in await store.check()


async def test_owned_decks_are_listed_and_deleted_only_by_their_owner(tmp_path: Path) -> None:
    store = await DeckStore.open(tmp_path)
    try:
        mine, theirs = owner_hash("my-own-secret-key-123"), owner_hash("their-secret-key-456")
        owned = await store.add("4 Shock", _parsed("Mine"), owner=mine)
        public = await store.add("4 Shock", _parsed("Anyone's"))
        assert [d.id for d in (await store.list(limit=10, offset=0))[0]] == [public.id]
        assert [d.id for d in (await store.list(limit=10, offset=0, owner=mine))[0]] == [owned.id]
        assert (await store.list(limit=10, offset=0, owner=theirs)) == ([], 0)
        assert await store.delete(owned.id) == "not_owner"
        assert await store.delete(owned.id, owner=theirs) == "not_owner"
        assert await store.get(owned.id) is not None  # anyone with the id may still read it
        assert await store.delete(owned.id, owner=mine) == "deleted"
        assert await store.delete(public.id, owner=theirs) == "deleted"  # no owner: anyone may
    finally:
        await store.close()


async def test_a_deck_database_from_before_owners_gets_the_column(tmp_path: Path) -> None:
    import sqlite3

    with sqlite3.connect(tmp_path / "app.sqlite3") as conn:  # the old table, one deck in it
        conn.execute("CREATE TABLE decks (id TEXT PRIMARY KEY, name TEXT, format TEXT, source_format TEXT NOT NULL, "
                     "main_count INTEGER NOT NULL, side_count INTEGER NOT NULL, text TEXT NOT NULL, "
                     "parsed TEXT NOT NULL, created_at TEXT NOT NULL)")
        conn.execute("INSERT INTO decks VALUES ('old', 'Old', 'standard', 'arena', 4, 0, '4 Shock', ?, "
                     "'2026-01-01T00:00:00+00:00')", (_parsed("Old").model_dump_json(),))
    store = await DeckStore.open(tmp_path)
    try:
        assert [d.id for d in (await store.list(limit=10, offset=0))[0]] == ["old"]
        added = await store.add("4 Shock", _parsed("New"), owner=owner_hash("a-brand-new-owner-key"))
        assert (await store.get(added.id)) is not None
    finally:
        await store.close()


async def test_store_survives_reopen(tmp_path: Path) -> None:
    store = await DeckStore.open(tmp_path)
    stored = await store.add("4 Shock", _parsed("Kept"))
    await store.close()
    again = await DeckStore.open(tmp_path)
    try:
        got = await again.get(stored.id)
        assert got is not None and got.deck.sections.main[0].resolved_name == "Lightning Bolt"
    finally:
        await again.close()


def test_validation_details_never_echo_input() -> None:
    errors = [{"loc": ("body", "keys", "openai"), "msg": "bad", "type": "string_type", "input": "sk-secret"}]
    details = validation_details(errors)
    assert details == [{"loc": ["body", "keys", "openai"], "msg": "bad", "type": "string_type"}]
    assert "sk-secret" not in str(details)
    assert error_body("x", "y") == {"error": {"code": "x", "message": "y", "details": None}}


async def test_event_line_joins_only_tokens_that_wait() -> None:
    from agent.events import Done, Step, Token
    from api.streaming import EventLine

    line = EventLine()
    line.put(Token(text="one "))
    assert await line.next() == Token(text="one ")  # nothing behind it: sent as it came
    for event in (Token(text="two "), Token(text="three "), Step(id="s", title="t", status="done"),
                  Token(text="four"), Done(elapsed_ms=1.0)):
        line.put(event)
    line.close()
    out = []
    while (event := await line.next()) is not None:
        out.append(event)
    assert out == [Token(text="two three "), Step(id="s", title="t", status="done"), Token(text="four"), Done(elapsed_ms=1.0)]


async def test_event_line_keeps_joined_tokens_small() -> None:
    from agent.events import Token
    from api.streaming import MAX_JOINED_CHARS, EventLine

    line = EventLine()
    for _ in range(10):
        line.put(Token(text="y" * (MAX_JOINED_CHARS // 4)))
    line.close()
    sizes = []
    while (event := await line.next()) is not None:
        assert isinstance(event, Token)
        sizes.append(len(event.text))
    assert sum(sizes) == 10 * (MAX_JOINED_CHARS // 4) and max(sizes) <= MAX_JOINED_CHARS


def test_a_model_sdks_debug_request_body_is_not_logged(caplog) -> None:  # type: ignore[no-untyped-def]
    import logging

    from api.logredact import install_frame_redaction

    install_frame_redaction()
    sdk = logging.getLogger("anthropic._base_client")
    with caplog.at_level(logging.DEBUG, logger="anthropic._base_client"):
        sdk.debug("Request options: %s", {"json_data": {"messages": [{"content": "4 Lightning Bolt " * 500}]}})
    (record,) = [r for r in caplog.records if r.name == "anthropic._base_client"]
    assert "Lightning Bolt" not in record.getMessage() and len(record.getMessage()) < 100
