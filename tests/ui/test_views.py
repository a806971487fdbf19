"""The pure pieces of the UI: facts into tables, status into Markdown, the docs helpers, REST errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from ui import facts_view as fv
from ui.client import ApiClient, ApiError, ApiUnavailable, DeckRejected, websocket_url
from ui.docs_tabs import public_api_url, render_endpoints, render_websocket
from ui.status_tab import render_status


@pytest.fixture(scope="module")
def facts(catalog: Any, realdata: Path) -> dict[str, Any]:
    """Real facts from the deck engine, for a real three-color deck."""
    from arena.analysis import analyze
    from arena.parsing import parse_deck

    deck = parse_deck((realdata / "decks" / "trostani_base_standard_temur_elementals.txt").read_text(), catalog)
    return analyze(deck, trials=2000, seed=1).facts()


def test_curve_keeps_curve_order_and_counts(facts: dict[str, Any]) -> None:
    frame = fv.curve_frame(facts)
    assert list(frame["Mana value"])[:8] == ["0", "1", "2", "3", "4", "5", "6", "7+"]
    assert dict(zip(frame["Mana value"], frame["Cards"], strict=True))["2"] == facts["curve"]["2"]
    assert int(frame["Cards"].sum()) == sum(fv.count(v) for v in facts["curve"].values())


def test_curve_shows_x_only_when_the_deck_has_x_spells() -> None:
    assert "X" not in list(fv.curve_frame({"curve": {"1": 4, "X": {}}})["Mana value"])
    frame = fv.curve_frame({"curve": {"1": 4, "X": {"Walking Ballista": 4}}})
    assert list(frame["Mana value"])[-1] == "X" and list(frame["Cards"])[-1] == 4


def test_color_table_uses_the_analysis_own_shortfalls(facts: dict[str, Any]) -> None:
    rows = {r["Color"]: r for r in fv.color_frame(facts).to_dict("records")}
    assert set(rows) == {"Blue (U)", "Red (R)", "Green (G)"}
    for code, name in (("U", "Blue"), ("R", "Red"), ("G", "Green")):
        row, summary = rows[f"{name} ({code})"], facts["color_summary"][code]
        assert row["Pips"] == facts["pips"][code]
        assert row["Sources"].split()[0] == str(facts["sources"][code])
        assert row["Short by"] == summary["shortfall"] and row["Strictest card"] == summary["card"]


def test_color_table_falls_back_to_requirements() -> None:
    facts = {
        "pips": {"R": 10}, "sources": {"R": 12},
        "requirements": [
            {"card": "Shock", "color": "R", "needed": 14, "have": 12, "shortfall": 2},
            {"card": "Fireblast", "color": "R", "needed": 18, "have": 12, "shortfall": 6},
        ],
    }
    (row,) = fv.color_frame(facts).to_dict("records")
    assert row["Strictest card"] == "Fireblast" and row["Short by"] == 6 and row["Needs"] == 18


def test_shortfalls_worst_first_and_odds_as_percentages(facts: dict[str, Any]) -> None:
    short = fv.shortfall_frame(facts)
    expected = sorted((r for r in facts["requirements"] if r["shortfall"] > 0),
                      key=lambda r: (-r["shortfall"], r["card"]))
    assert list(short["Card"]) == [r["card"] for r in expected]
    drops = fv.land_drop_frame(facts)
    assert list(drops["Turn"]) == ["1", "2", "3", "4", "5", "6"]
    assert drops["On the play"][0] == f"{facts['odds']['land_drops']['1'] * 100:.1f}%"
    on_curve = fv.cast_on_curve_frame(facts)
    assert len(on_curve) == len(facts["odds"]["cast_on_curve"])
    assert "method" not in [c.lower() for c in on_curve.columns]
    assert list(on_curve.columns)[:3] == ["Card", "Turn", "Cast on curve"]


def test_markdown_summaries_state_the_facts(facts: dict[str, Any]) -> None:
    summary = fv.summary_markdown(facts)
    assert f"**{facts['main_count']}** cards main" in summary and f"**{facts['lands']}** lands" in summary
    land = fv.land_markdown(facts)
    rec = facts["land_recommendation"]
    assert f"playing **{rec['current']}**" in land and f"recommended **{rec['recommended']}**" in land
    assert "simulated hands" in land


def test_views_survive_sparse_facts() -> None:
    for fn in (fv.curve_frame, fv.color_frame, fv.shortfall_frame, fv.land_drop_frame, fv.cast_on_curve_frame):
        assert fn({}).empty
    assert fv.summary_markdown({}).startswith("### Your deck")
    assert fv.land_markdown({}) == "—"
    assert fv.colors_text(["U", "R"]) == "UR" == fv.colors_text("UR")


def test_status_page_shows_booleans_and_failures_apart() -> None:
    status = {
        "version": "0.1.0", "provider": "anthropic",
        "keys": {"OPENAI_API_KEY": False, "ANTHROPIC_API_KEY": True, "OPENAI_BASE_URL": False},
        "catalog": {"card_count": 34040, "source": "corpus+scryfall", "built_at": "2026-11-27T05:00:00",
                    "scryfall_imported_at": "2026-11-27T06:00:00"},
    }
    text = render_status("http://api", ({"version": "0.1.0"}, None),
                         ((False, {"checks": {"catalog": "ok", "checkpointer": "locked"}}), None),
                         (status, None), "0.1.0")
    assert "| `ANTHROPIC_API_KEY` | ✓ set |" in text and "| `OPENAI_API_KEY` | — not set |" in text
    assert "not ready" in text and "checkpointer: ✗ locked" in text
    assert "**34,040**" in text and "2026-11-27T06:00:00" in text and "**anthropic**" in text
    down = render_status("http://api", (None, "Cannot reach"), (None, "Cannot reach"), (None, "Cannot reach"), "0.1.0")
    assert down.count("Cannot reach") == 3
    mcp = render_status("http://api", ({"version": "0.1.0"}, None), ((True, {"checks": {}}), None), (status, None),
                        "0.1.0", mcp_url="https://someone-vawlrathh.hf.space/mcp/")
    assert "### MCP" in mcp and "**`https://someone-vawlrathh.hf.space/mcp/`**" in mcp and "### MCP" not in text


def test_docs_helpers() -> None:
    openapi = {"paths": {"/api/v1/decks": {"post": {"summary": "Upload a deck"}, "parameters": []},
                         "/health": {"get": {"summary": "Is | the process up"}}}}
    table = render_endpoints(openapi)
    assert "| `POST` | `/api/v1/decks` | Upload a deck |" in table
    assert "Is \\| the process up" in table and "parameters" not in table
    ws = render_websocket()
    assert "`hello`" in ws and "`user_message`" in ws and "`consensus`" in ws and "`done`" in ws
    assert public_api_url("http://127.0.0.1:7860") == ""
    assert public_api_url("https://api.example.org/") == "https://api.example.org"


def _client(handler: Any) -> ApiClient:
    return ApiClient("http://api.test", transport=httpx.MockTransport(handler))


async def test_rest_errors_become_typed_exceptions() -> None:
    problems = [{"line": 2, "text": "4 Bolt", "reason": "unknown card", "suggestions": ["Lightning Bolt"]}]

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/v1/decks":
            assert json.loads(request.content) == {"text": "x", "filename": "d.csv"}
            return httpx.Response(422, json={"error": {"code": "deck_parse_error", "message": "1 bad line",
                                                       "details": problems}})
        if request.url.path == "/health/ready":
            return httpx.Response(503, json={"status": "not_ready", "checks": {"catalog": "loading"}})
        return httpx.Response(500, text="<html>oops</html>")

    client = _client(handler)
    with pytest.raises(DeckRejected) as rejected:
        await client.create_deck("x", filename="d.csv")
    assert rejected.value.problems == problems and rejected.value.status == 422
    assert await client.readiness() == (False, {"status": "not_ready", "checks": {"catalog": "loading"}})
    with pytest.raises(ApiError, match="HTTP 500") as failed:
        await client.status()
    assert not isinstance(failed.value, DeckRejected)


async def test_unreachable_api_is_api_unavailable() -> None:
    with pytest.raises(ApiUnavailable, match=r"Cannot reach the API at http://127\.0\.0\.1:9"):
        await ApiClient("http://127.0.0.1:9", timeout=2).health()


def test_websocket_url_keeps_a_path_prefix() -> None:
    assert websocket_url("http://127.0.0.1:7860") == "ws://127.0.0.1:7860/ws/chat"
    assert websocket_url("https://x.hf.space/proxy/7860/") == "wss://x.hf.space/proxy/7860/ws/chat"
    with pytest.raises(ValueError, match="must start with http"):
        websocket_url("ftp://x")


def _real_facts(catalog: Any, path: Path) -> dict[str, Any]:
    from arena.analysis import analyze
    from arena.parsing import parse_deck

    return analyze(parse_deck(path.read_bytes(), catalog, filename=path.name), trials=200, seed=1).facts()


def test_five_cards_are_not_called_a_deck(catalog: Any, realdata: Path, facts: dict[str, Any]) -> None:
    # xmage_testdeck.dek: 2 Nezumi Shortfang, Kessig Prowler, Murderous Rider, Refuse/Cooperate in the
    # main (5 by hand), 3 in the sideboard; no format is named, so the smallest whole deck is 40.
    five = _real_facts(catalog, realdata / "mtgo" / "xmage_testdeck.dek")
    assert fv.incomplete_note(five) == "5 cards — not a whole deck (even a limited deck has 40)"
    summary = fv.summary_markdown(five)
    assert "5 cards — not a whole deck" in summary and "numbers below are for these cards only" in summary
    assert fv.incomplete_note(facts) is None  # the 60-card Temur list is whole
    assert fv.incomplete_note({"main_count": 40, "deck_size": 40, "format": None, "minimum_size": 40}) is None  # a limited deck
    assert fv.incomplete_note({"main_count": 59, "deck_size": 59, "format": "standard", "minimum_size": 60}) == (
        "59 cards — not a whole deck (a standard deck has at least 60)")
    # A commander deck counts its commander: 99 + 1 is whole, 98 + 1 is not.
    assert fv.incomplete_note({"main_count": 99, "deck_size": 100, "format": "commander", "minimum_size": 100}) is None
    assert fv.incomplete_note({"main_count": 98, "deck_size": 99, "format": "commander", "minimum_size": 100}) is not None


def test_token_rows_are_named_in_one_note(catalog: Any, realdata: Path) -> None:
    # The Moxfield collection export lists a Clue on line 5 and a Treasure on line 43 (read by hand).
    mox = _real_facts(catalog, realdata / "csv" / "mtgcsvhelper__moxfield-real-export.csv")
    note = "Tokens left out: Clue (line 5), Treasure (line 43); a token is not a card you put in a deck."
    assert fv.tokens_note(mox) == note
    assert note in fv.summary_markdown(mox)
    assert fv.tokens_note({"notes": ["something else"]}) is None
