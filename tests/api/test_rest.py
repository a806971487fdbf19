"""REST endpoints on a live server: decks, cards, chat, threads, health, metrics, errors, CORS, limits.

The agent is the scripted runtime here (the real one is exercised in test_agent_e2e.py), so
these tests pin the HTTP contract itself.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.api.live import LiveServer, make_settings
from tests.api.scripted import ANSWER, EXPLODING_THREAD, ScriptedRuntime

pytestmark = pytest.mark.timeout(120)


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory, catalog_dir: Path) -> Iterator[LiveServer]:
    from tests.api.conftest import _fresh_data_dir

    folder = _fresh_data_dir(tmp_path_factory.mktemp("rest"), catalog_dir)
    with LiveServer(make_settings(folder), open_runtime=ScriptedRuntime.opener()) as server:
        yield server


@pytest.fixture
async def client(live: LiveServer) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=live.url, timeout=30) as c:
        yield c


def _error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "details"}, body
    assert body["error"]["code"] == code, body
    assert body["error"]["message"]
    return dict(body["error"])


# ---- decks ------------------------------------------------------------------------------


async def test_create_deck_from_json(client: httpx.AsyncClient, sample_deck: str) -> None:
    text = sample_deck.replace("4 Lightning Bolt", "4 Lightning Bolt (M11) 149")
    r = await client.post("/api/v1/decks", json={"text": text, "name": "Burn", "format": "standard"})
    assert r.status_code == 201, r.text
    body = r.json()
    assert r.headers["location"] == f"/api/v1/decks/{body['id']}"
    assert body["name"] == "Burn" and body["format"] == "standard"
    assert body["main_count"] == 60 and body["side_count"] == 2
    first = body["deck"]["sections"]["main"][0]
    assert first == {
        "count": 4, "name": "Lightning Bolt", "resolved_name": "Lightning Bolt", "set": "M11",
        "collector_number": "149", "foil": False, "line": 2, "mana_cost": "{R}", "type_line": "Instant",
    }
    kumano = next(e for e in body["deck"]["sections"]["main"] if e["name"].startswith("Kumano"))
    assert kumano["resolved_name"] == "Kumano Faces Kakkazan // Etching of Kumano"
    assert body["deck"]["sections"]["side"][0]["line"] == 15
    # POST also answers the analysis, the same facts GET .../analysis gives, so the UI parses once.
    analysis = body.pop("analysis")
    assert analysis["main_count"] == 60 and analysis["name"] == "Burn"
    assert analysis == (await client.get(f"/api/v1/decks/{body['id']}/analysis")).json()
    assert (await client.get(f"/api/v1/decks/{body['id']}")).json() == body


async def test_deck_problems_come_back_by_line_with_suggestions(client: httpx.AsyncClient) -> None:
    text = "Deck\n4 Lightning Bolt\n4 Lightnig Bolt\n20 Mountain\nfour Shock\n"
    r = await client.post("/api/v1/decks", json={"text": text})
    error = _error(r, 422, "deck_parse_error")
    by_line = {p["line"]: p for p in error["details"]}
    assert set(by_line) == {3, 5}
    assert by_line[3]["text"] == "4 Lightnig Bolt"
    assert "Lightning Bolt" in by_line[3]["suggestions"]
    assert by_line[5]["reason"]
    assert "line 3" in error["message"]


async def test_create_deck_from_file_uploads(client: httpx.AsyncClient, realdata: Path) -> None:
    dek = realdata / "mtgo" / "xmage_testdeck.dek"
    r = await client.post("/api/v1/decks", files={"file": (dek.name, dek.read_bytes(), "application/xml")},
                          data={"name": "XMage test"})
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["source_format"] == "mtgo_dek" and body["name"] == "XMage test"
    assert body["main_count"] == 5 and body["side_count"] == 3

    arena = realdata / "decks" / "trostani_base_standard_temur_elementals.txt"
    r = await client.post("/api/v1/decks", files={"file": (arena.name, arena.read_bytes(), "text/plain")})
    assert r.status_code == 201, r.text
    assert r.json()["main_count"] == 60


async def test_bad_deck_bodies(client: httpx.AsyncClient) -> None:
    _error(await client.post("/api/v1/decks", content=b"{not json", headers={"content-type": "application/json"}),
           422, "validation_error")
    missing = _error(await client.post("/api/v1/decks", json={"name": "no text"}), 422, "validation_error")
    assert missing["details"][0]["loc"] == ["body", "text"]
    _error(await client.post("/api/v1/decks", json={"text": ""}), 422, "validation_error")
    _error(await client.post("/api/v1/decks", json={"text": "1 Shock", "format": "Not A Format!"}), 422, "validation_error")
    _error(await client.post("/api/v1/decks", content=b"1 Shock", headers={"content-type": "text/plain"}),
           415, "unsupported_media_type")
    _error(await client.post("/api/v1/decks", files={"file": ("deck.txt", b"\xff\xfe\xfa\x00bad", "text/plain")}),
           422, "invalid_encoding")
    _error(await client.post("/api/v1/decks", data={"name": "no file"}, files={"other": ("x", b"1 Shock")}),
           422, "validation_error")
    _error(await client.post("/api/v1/decks", json={"text": "\n\n\n"}), 422, "deck_parse_error")


async def test_list_get_delete(client: httpx.AsyncClient, sample_deck: str) -> None:
    ids = []
    for i in range(3):
        r = await client.post("/api/v1/decks", json={"text": sample_deck, "name": f"paging {i}"})
        ids.append(r.json()["id"])
    page = (await client.get("/api/v1/decks", params={"page": 1, "page_size": 2})).json()
    assert page["page"] == 1 and page["page_size"] == 2 and len(page["items"]) == 2
    assert page["total"] >= 3
    assert page["items"][0]["id"] == ids[-1]  # newest first
    _error(await client.get("/api/v1/decks", params={"page_size": 1000}), 422, "validation_error")
    assert (await client.delete(f"/api/v1/decks/{ids[0]}")).status_code == 204
    _error(await client.get(f"/api/v1/decks/{ids[0]}"), 404, "deck_not_found")
    _error(await client.delete(f"/api/v1/decks/{ids[0]}"), 404, "deck_not_found")
    _error(await client.get("/api/v1/decks/nope/analysis"), 404, "deck_not_found")


async def test_a_deck_uploaded_with_an_owner_key_is_listed_and_deleted_only_with_it(
    client: httpx.AsyncClient, sample_deck: str
) -> None:
    mine = {"X-Owner-Key": "owner-key-of-the-test-0001"}
    r = await client.post("/api/v1/decks", json={"text": sample_deck, "name": "Private"}, headers=mine)
    assert r.status_code == 201
    deck_id = r.json()["id"]
    anonymous = (await client.get("/api/v1/decks", params={"page_size": 100})).json()
    assert deck_id not in {d["id"] for d in anonymous["items"]}
    owned = (await client.get("/api/v1/decks", headers=mine)).json()
    assert [d["id"] for d in owned["items"]] == [deck_id] and owned["total"] == 1
    assert (await client.get(f"/api/v1/decks/{deck_id}")).status_code == 200  # the id is the link
    body = _error(await client.delete(f"/api/v1/decks/{deck_id}"), 403, "not_deck_owner")
    assert "X-Owner-Key" in body["message"]
    other = {"X-Owner-Key": "someone-else-entirely-0002"}
    _error(await client.delete(f"/api/v1/decks/{deck_id}", headers=other), 403, "not_deck_owner")
    assert (await client.delete(f"/api/v1/decks/{deck_id}", headers=mine)).status_code == 204
    _error(await client.get("/api/v1/decks", headers={"X-Owner-Key": "short"}), 422, "validation_error")


async def test_analysis_has_the_cli_keys(client: httpx.AsyncClient, sample_deck: str) -> None:
    deck_id = (await client.post("/api/v1/decks", json={"text": sample_deck})).json()["id"]
    r = await client.get(f"/api/v1/decks/{deck_id}/analysis")
    assert r.status_code == 200, r.text
    facts = r.json()
    for key in ("main_count", "side_count", "lands", "curve", "average_mv", "pips", "sources",
                "requirements", "land_recommendation", "odds", "archetype", "colors"):
        assert key in facts, key
    assert facts["main_count"] == 60 and facts["lands"] == 20
    assert facts["pips"]["R"] > 0 and facts["pips"]["U"] == 0


# ---- cards ------------------------------------------------------------------------------


async def test_cards_named(client: httpx.AsyncClient) -> None:
    r = await client.get("/api/v1/cards/named", params={"exact": "lightning bolt"})
    assert r.status_code == 200 and r.json()["name"] == "Lightning Bolt"
    assert r.json()["mana_cost"] == "{R}" and r.json()["types"] == ["Instant"]
    r = await client.get("/api/v1/cards/named", params={"fuzzy": "lightnig bolt"})
    assert r.status_code == 200 and r.json()["name"] == "Lightning Bolt"
    miss = _error(await client.get("/api/v1/cards/named", params={"exact": "Lightnig Bolt"}), 404, "card_not_found")
    assert "Lightning Bolt" in miss["details"]["suggestions"]
    _error(await client.get("/api/v1/cards/named", params={"fuzzy": "qqqqzzzzxxxxwwww"}), 404, "card_not_found")
    _error(await client.get("/api/v1/cards/named"), 422, "validation_error")
    _error(await client.get("/api/v1/cards/named", params={"exact": "Shock", "fuzzy": "Shock"}), 422, "validation_error")


async def test_cards_search_pages(client: httpx.AsyncClient) -> None:
    first = (await client.get("/api/v1/cards/search", params={"q": "deals 3 damage", "page_size": 5})).json()
    second = (await client.get("/api/v1/cards/search", params={"q": "deals 3 damage", "page": 2, "page_size": 5})).json()
    assert first["total"] > 10 and first["total"] == second["total"]
    assert len(first["items"]) == 5 and len(second["items"]) == 5
    assert not {c["name"] for c in first["items"]} & {c["name"] for c in second["items"]}
    # Search syntax characters are taken literally, never an error.
    r = await client.get("/api/v1/cards/search", params={"q": '"AND ( NEAR* -'})
    assert r.status_code == 200, r.text
    _error(await client.get("/api/v1/cards/search"), 422, "validation_error")


# ---- chat and threads -------------------------------------------------------------------


async def test_chat_turn_and_thread(client: httpx.AsyncClient, sample_deck: str) -> None:
    deck_id = (await client.post("/api/v1/decks", json={"text": sample_deck})).json()["id"]
    r = await client.post("/api/v1/chat", json={"text": "How is my mana?", "deck_id": deck_id})
    assert r.status_code == 200, r.text
    turn = r.json()
    assert turn["message"] == ANSWER and turn["provider"] == "offline"
    assert [s["status"] for s in turn["steps"]] == ["done"]
    assert turn["consensus"]["verdict"] == "agree" and turn["facts"] == {"words": len(ANSWER.split())}
    thread = turn["thread_id"]
    again = await client.post("/api/v1/chat", json={"text": "fail", "thread_id": thread})
    assert again.json()["errors"][0]["code"] == "scripted_error"
    history = (await client.get(f"/api/v1/threads/{thread}/messages")).json()
    assert [m["role"] for m in history["messages"]] == ["user", "assistant", "user", "assistant"]
    assert history["deck"] == sample_deck
    assert (await client.delete(f"/api/v1/threads/{thread}")).status_code == 204
    _error(await client.get(f"/api/v1/threads/{thread}/messages"), 404, "thread_not_found")
    _error(await client.delete(f"/api/v1/threads/{thread}"), 404, "thread_not_found")


async def test_chat_bad_requests(client: httpx.AsyncClient) -> None:
    _error(await client.post("/api/v1/chat", json={"text": "hi", "deck_id": "0" * 32}), 404, "deck_not_found")
    _error(await client.post("/api/v1/chat", json={"text": "hi", "deck": "1 Shock", "deck_id": "0" * 32}),
           422, "invalid_message")
    _error(await client.post("/api/v1/chat", json={"text": ""}), 422, "validation_error")
    _error(await client.post("/api/v1/chat", json={"text": "hi", "thread_id": "has spaces"}), 422, "validation_error")
    _error(await client.post("/api/v1/chat", json={"text": "hi", "keys": {"openai": "sk-x"}}), 422, "validation_error")


# ---- health, status, metrics, errors ----------------------------------------------------


async def test_health_endpoints(client: httpx.AsyncClient) -> None:
    health = (await client.get("/health")).json()
    assert health["status"] == "healthy" and health["version"] and health["timestamp"]
    assert (await client.get("/health/live")).json() == {"status": "alive"}
    ready = await client.get("/health/ready")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready", "checks": {"database": "ok", "storage": "ok", "catalog": "ok", "checkpointer": "ok"}}


async def test_status_says_whether_keys_are_set_never_what(client: httpx.AsyncClient) -> None:
    status = (await client.get("/api/v1/status")).json()
    assert status["keys"] == {"OPENAI_API_KEY": False, "ANTHROPIC_API_KEY": False, "OPENAI_BASE_URL": False}
    assert status["provider"] == "offline"
    assert status["catalog"]["card_count"] > 30_000 and status["catalog"]["source"] == "corpus"


async def test_metrics_by_route_template(client: httpx.AsyncClient) -> None:
    await client.get("/api/v1/decks/0123/analysis")
    await client.get("/api/v1/no/such/path")
    text = (await client.get("/metrics")).text
    assert 'route="/api/v1/decks/{deck_id}/analysis",status="404"' in text
    assert 'route="unmatched",status="404"' in text
    assert 'vawlrathh_errors_total{code="deck_not_found"}' in text
    for name in ("vawlrathh_http_request_duration_seconds_bucket", "vawlrathh_websockets_open",
                 "vawlrathh_time_to_first_token_seconds", "vawlrathh_turn_duration_seconds"):
        assert name in text


async def test_one_error_shape_for_404_405_and_500(client: httpx.AsyncClient) -> None:
    _error(await client.get("/api/v1/nothing-here"), 404, "not_found")
    _error(await client.delete("/health"), 405, "method_not_allowed")
    crash = _error(await client.get(f"/api/v1/threads/{EXPLODING_THREAD}/messages"), 500, "internal_error")
    assert "secret" not in str(crash) and "hunter2" not in str(crash)


async def test_cors_allows_the_ui_only(client: httpx.AsyncClient, live: LiveServer) -> None:
    ui = f"http://localhost:{live.settings.ui_port}"
    r = await client.get("/health", headers={"Origin": ui})
    assert r.headers["access-control-allow-origin"] == ui
    r = await client.get("/health", headers={"Origin": "http://evil.example"})
    assert "access-control-allow-origin" not in r.headers
    pre = await client.options("/api/v1/decks", headers={"Origin": ui, "Access-Control-Request-Method": "POST",
                                                          "Access-Control-Request-Headers": "content-type"})
    assert pre.status_code == 200 and pre.headers["access-control-allow-origin"] == ui
    pre = await client.options("/api/v1/decks", headers={"Origin": "http://evil.example", "Access-Control-Request-Method": "POST"})
    assert "access-control-allow-origin" not in pre.headers


async def test_openapi_documents_every_endpoint(client: httpx.AsyncClient) -> None:
    paths = (await client.get("/openapi.json")).json()["paths"]
    for path in ("/api/v1/decks", "/api/v1/decks/{deck_id}", "/api/v1/decks/{deck_id}/analysis",
                 "/api/v1/cards/named", "/api/v1/cards/search", "/api/v1/chat",
                 "/api/v1/threads/{thread_id}/messages", "/api/v1/threads/{thread_id}", "/api/v1/status",
                 "/health", "/health/ready", "/health/live", "/metrics"):
        assert path in paths, path
    assert set(paths["/api/v1/decks"]["post"]["requestBody"]["content"]) == {"application/json", "multipart/form-data"}
    assert (await client.get("/docs")).status_code == 200


# ---- limits and readiness failures (own servers) ----------------------------------------


async def test_body_and_upload_limits(start_server: Any) -> None:
    live = start_server(open_runtime=ScriptedRuntime.opener(), max_body_bytes=4096, max_upload_bytes=1024)
    async with httpx.AsyncClient(base_url=live.url) as c:
        big = {"text": "4 Shock\n" * 1000}
        error = _error(await c.post("/api/v1/decks", json=big), 413, "payload_too_large")
        assert error["details"] == {"limit_bytes": 4096}

        async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: counted as it arrives
            yield b'{"text": "'
            for _ in range(100):
                yield b"4 Shock\\n" * 10
            yield b'"}'

        _error(await c.post("/api/v1/decks", content=chunks(), headers={"content-type": "application/json"}),
               413, "payload_too_large")
        upload = await c.post("/api/v1/decks", files={"file": ("d.txt", b"4 Shock\n" * 200, "text/plain")})
        _error(upload, 413, "upload_too_large")
        # The server is fine afterwards.
        assert (await c.post("/api/v1/decks", json={"text": "4 Shock\n20 Mountain"})).status_code == 201


async def test_readiness_reports_each_failure(start_server: Any) -> None:
    live = start_server(open_runtime=ScriptedRuntime.opener())
    res = live.app.state.resources
    res.runtime.checkpointer_state = "threads.sqlite3 is locked"
    async with httpx.AsyncClient(base_url=live.url) as c:
        r = await c.get("/health/ready")
        assert r.status_code == 503
        assert r.json()["checks"]["checkpointer"] == "threads.sqlite3 is locked"
        await res.store.close()
        r = await c.get("/health/ready")
        assert r.status_code == 503 and r.json()["checks"]["database"] != "ok"
        assert (await c.get("/health")).status_code == 200  # alive, just not ready


async def test_cards_the_catalog_lacks_are_asked_of_scryfall(start_server: Any) -> None:
    from tests.fakes.scryfall_server import FakeScryfall

    with FakeScryfall(generated=3) as fake:
        live = start_server(open_runtime=ScriptedRuntime.opener(), scryfall_enabled=True, scryfall_base_url=fake.url)
        async with httpx.AsyncClient(base_url=live.url, timeout=30) as c:
            r = await c.get("/api/v1/cards/named", params={"exact": "Generated Card 001"})
            assert r.status_code == 200, r.text
            assert r.json()["name"] == "Generated Card 001" and r.json()["set"] == "tst"
            # Known locally: Scryfall is not asked.
            asked = len(fake.hits("/cards/named"))
            assert (await c.get("/api/v1/cards/named", params={"exact": "Shock"})).status_code == 200
            assert len(fake.hits("/cards/named")) == asked
            miss = _error(await c.get("/api/v1/cards/named", params={"exact": "Nothing Like This"}), 404, "card_not_found")
            assert "suggestions" in miss["details"]
            fake.fail_next("/cards/named", status=500)
            down = _error(await c.get("/api/v1/cards/named", params={"exact": "Also Not Here"}), 404, "card_not_found")
            assert "Scryfall" in down["details"]["scryfall"]
        agents = [{k.lower(): v for k, v in r.headers.items()}.get("user-agent", "") for r in fake.hits("/cards/named")]
        assert agents and all(a.startswith("Vawlrathh/") for a in agents)


async def test_refused_preflight_in_the_error_shape(client: httpx.AsyncClient) -> None:
    pre = await client.options("/api/v1/decks", headers={"Origin": "http://evil.example", "Access-Control-Request-Method": "PUT"})
    error = _error(pre, 400, "cors_refused")
    assert error["details"]["refused"] == ["origin", "method"]
