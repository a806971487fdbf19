"""gradio_client drives the running app the way any program could: chat turns, an upload, the deck tab."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from gradio_client import Client, handle_file

from tests.ui.conftest import AppProcess, api_analysis

pytestmark = pytest.mark.slow

DECK_FILE = "decks/trostani_base_standard_temur_elementals.txt"


def _answer(messages: list[dict[str, Any]]) -> str:
    plain = [m["content"] for m in messages if not (m.get("metadata") or {}).get("title")]
    assert plain, messages
    return str(plain[-1])


def _thoughts(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [m["metadata"] for m in messages if (m.get("metadata") or {}).get("title")]


@pytest.fixture(scope="module")
def client(live_app: AppProcess) -> Client:
    return Client(live_app.ui_url, verbose=False, download_files=False)


def test_a_chat_turn_with_a_pasted_deck_answers_with_the_apis_numbers(
    client: Client, live_app: AppProcess, realdata: Path
) -> None:
    deck = (realdata / DECK_FILE).read_text()
    facts = api_analysis(live_app, deck)
    messages, note, stored = client.predict(
        {"text": f"what's wrong with my mana?\n\n{deck}", "files": []}, api_name="/chat"
    )
    assert isinstance(stored["thread_id"], str) and stored["thread_id"]
    thoughts = _thoughts(messages)
    assert thoughts and all(t["status"] == "done" for t in thoughts)
    assert any(t["title"].startswith("⚙") and t.get("parent_id") for t in thoughts), thoughts
    answer = _answer(messages)
    # The verdict travels with the answer.
    assert re.search(r"Fact check|Revised|Flagged", answer), answer
    # Every number the answer states about sources is the API's own count.
    names = {"W": "white", "U": "blue", "B": "black", "R": "red", "G": "green"}
    for code, have in facts["sources"].items():
        if have and f"{names[code]} " in answer:
            assert re.search(rf"{names[code]} {have}\b", answer), (code, have, answer)
    short = [r for r in facts["requirements"] if r["shortfall"] > 0]
    if short:
        worst = max(short, key=lambda r: r["shortfall"])
        assert f"short by {worst['shortfall']}" in answer, answer
    assert f"{facts['main_count']} cards" in note


def test_the_deck_stays_with_the_conversation(client: Client, live_app: AppProcess, realdata: Path) -> None:
    deck = (realdata / DECK_FILE).read_text()
    facts = api_analysis(live_app, deck)
    fresh = Client(live_app.ui_url, verbose=False, download_files=False)
    _, _, first_thread = fresh.predict({"text": f"{deck}", "files": []}, api_name="/chat")
    messages, _, thread_id = fresh.predict({"text": "How many lands should I play?", "files": []}, api_name="/chat")
    assert thread_id == first_thread  # one thread for the whole session
    answer = _answer(messages)
    assert str(facts["land_recommendation"]["recommended"]) in answer, answer
    assert str(facts["lands"]) in answer, answer


def test_an_uploaded_mtgo_file_is_read(live_app: AppProcess, realdata: Path) -> None:
    dek = realdata / "mtgo" / "xmage_testdeck.dek"
    fresh = Client(live_app.ui_url, verbose=False, download_files=False)
    messages, note, _ = fresh.predict({"text": "what's wrong with my mana?", "files": [handle_file(str(dek))]},
                                   api_name="/chat")
    answer = _answer(messages)
    assert "couldn't read" not in answer, answer
    assert "xmage_testdeck.dek" in note or "Deck in this conversation" in note


def test_a_broken_deck_comes_back_with_line_numbers(client: Client) -> None:
    deck = "Deck\n4 Lightning Bolt\n4 Lightnig Strike\n4 Shock\n4 Play with Fire\n20 Mountain\n4 Burst Lightning"
    messages, _, _ = Client(client.src, verbose=False).predict({"text": deck, "files": []}, api_name="/chat")
    answer = _answer(messages)
    assert "| 3 | `4 Lightnig Strike`" in answer, answer
    assert "Lightning Strike" in answer


def test_the_deck_tab_shows_the_apis_facts(client: Client, live_app: AppProcess, realdata: Path) -> None:
    deck = (realdata / DECK_FILE).read_text()
    facts = api_analysis(live_app, deck)
    problems, summary, curve, colors, land, shortfalls, drops, on_curve, raw = client.predict(
        deck, api_name="/analyze_deck"
    )
    assert raw["curve"] == facts["curve"] and raw["sources"] == facts["sources"]
    plotted = {row[0]: row[1] for row in curve["data"]}
    for key in ("0", "1", "2", "3", "4", "5", "6", "7+"):
        assert plotted[key] == facts["curve"][key]
    assert f"**{facts['main_count']}** cards main" in summary
    assert f"playing **{facts['land_recommendation']['current']}**" in land
    rows = {r[0]: dict(zip(colors["headers"], r, strict=True)) for r in colors["data"]}
    for code, name in (("U", "Blue"), ("R", "Red"), ("G", "Green")):
        row = rows[f"{name} ({code})"]
        assert str(row["Sources"]).split()[0] == str(facts["sources"][code])
        assert row["Short by"] == facts["color_summary"][code]["shortfall"]
        assert row["Strictest card"] == facts["color_summary"][code]["card"]
    assert problems["visible"] is False
    worst = max(facts["requirements"], key=lambda r: (r["shortfall"], r["needed"]))
    assert shortfalls["data"][0][0] == worst["card"] and shortfalls["data"][0][4] == worst["shortfall"]
    assert len(on_curve["data"]) == len(facts["odds"]["cast_on_curve"])
    drop_rows = drops["data"]
    assert drop_rows[0][1] == f"{facts['odds']['land_drops']['1'] * 100:.1f}%"


def test_python_m_ui_serves_the_ui_against_a_running_api(live_app: AppProcess, tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    import httpx

    from tests.ui.conftest import REPO_ROOT, free_port

    port = free_port()
    env = {**os.environ, "VAWLRATHH_API_URL": live_app.api_url, "UI_PORT": str(port), "HOST": "127.0.0.1",
           "PYTHONPATH": str(REPO_ROOT), "GRADIO_ANALYTICS_ENABLED": "False"}
    log = tmp_path / "ui.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "ui"], cwd=tmp_path, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/", timeout=2, trust_env=False).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert proc.poll() is None, log.read_text()
            time.sleep(0.5)
        status = Client(f"http://127.0.0.1:{port}", verbose=False).predict(api_name="/status")
        assert live_app.api_url in status and "offline" in status
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(30)
