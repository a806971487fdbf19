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
    messages, note, _ = Client(client.src, verbose=False).predict({"text": deck, "files": []}, api_name="/chat")
    answer = _answer(messages)
    assert "line 3: unknown card (`4 Lightnig Strike`)" in answer, answer
    assert answer.count("Lightnig Strike") == 1, answer  # the problem once, not again from the error event
    assert "Lightning Strike" in answer
    assert "Deck in this conversation" not in note  # a deck that did not read is not the conversation's deck


def test_analyze_deck_returns_plain_json(client: Client, live_app: AppProcess, realdata: Path) -> None:
    import httpx

    deck = (realdata / DECK_FILE).read_text()
    facts = api_analysis(live_app, deck)
    result = client.predict(deck, api_name="/analyze_deck")
    assert set(result) == {"ok", "deck_id", "name", "analysis"}, result.keys()
    assert result["ok"] is True
    assert result["analysis"] == facts  # the API's own facts, as JSON: no widget updates
    stored = httpx.get(f"{live_app.api_url}/api/v1/decks/{result['deck_id']}", timeout=10, trust_env=False)
    assert stored.status_code == 200, stored.text

    broken = client.predict("Deck\n4 Lightning Bolt\n4 Lightnig Strike\n20 Mountain", api_name="/analyze_deck")
    assert broken["ok"] is False and broken["error"]["code"] == "deck_parse_error", broken
    (problem,) = broken["error"]["problems"]
    assert problem["line"] == 3 and problem["text"] == "4 Lightnig Strike"
    assert "Lightning Strike" in problem["suggestions"]
    assert client.predict("   ", api_name="/analyze_deck")["error"]["code"] == "empty_deck"


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
        deadline = time.monotonic() + 180  # a loaded test machine starts Gradio slowly
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/", timeout=2, trust_env=False).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert proc.poll() is None, log.read_text()
            time.sleep(0.5)
        else:
            raise AssertionError(f"python -m ui did not answer within 180 s:\n{log.read_text()}")
        status = Client(f"http://127.0.0.1:{port}", verbose=False).predict(api_name="/status")
        assert live_app.api_url in status and "offline" in status
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(30)
