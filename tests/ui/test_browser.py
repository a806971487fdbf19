"""A real headless Chromium on the running app: paste a real deck, ask about the mana, watch it stream.

Screenshots land in test-artifacts/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.ui.conftest import REPO_ROOT, AppProcess, api_analysis

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = REPO_ROOT / "test-artifacts"
DECK_FILE = "decks/trostani_base_standard_temur_elementals.txt"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
COLOR_WORDS = {"W": "white", "U": "blue", "B": "black", "R": "red", "G": "green"}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason="Debian's chromium is not installed at /usr/bin/chromium (scripts/test.sh installs it)"),
]

# Records what the chatbot shows after every DOM change, so the test can tell streaming
# (steps first, answer growing) from a reply that appeared all at once.
RECORDER_JS = """
() => {
  window.__snaps = [];
  const root = document.querySelector('#vawlrathh-chat');
  const snap = () => {
    const titles = [...root.querySelectorAll('.thought-group .title')]
      .map(t => ({text: t.innerText.trim(), busy: t.querySelector('.loading-spinner') !== null}));
    const answer = [...root.querySelectorAll('[data-testid=bot]')]
      .filter(b => !b.querySelector('.thought-group')).map(b => b.innerText).join('\\n');
    window.__snaps.push({titles, answer});
  };
  new MutationObserver(snap).observe(root, {subtree: true, childList: true, characterData: true, attributes: true});
}
"""


@pytest.fixture(scope="module")
def playwright() -> Iterator[Any]:
    pytest.importorskip("playwright", reason="the playwright package is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="module")
def browser(playwright: Any) -> Iterator[Any]:
    chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


def _open(page: Any, url: str) -> None:
    page.goto(url, wait_until="load")
    page.wait_for_selector("#chat-input textarea")


def test_paste_a_deck_ask_about_mana_and_watch_vawlrathh_reason(
    page: Any, live_app: AppProcess, realdata: Path
) -> None:
    deck = (realdata / DECK_FILE).read_text()
    facts = api_analysis(live_app, deck)
    _open(page, live_app.ui_url)
    page.evaluate(RECORDER_JS)

    box = page.locator("#chat-input textarea")
    box.fill(f"what's wrong with my mana?\n\n{deck}")
    box.press("Enter")
    page.wait_for_selector("#vawlrathh-chat :text('Fact check')")
    page.wait_for_function("() => !document.querySelector('#chat-input textarea').disabled")

    snaps: list[dict[str, Any]] = page.evaluate("window.__snaps")
    before_verdict = [s for s in snaps if "Fact check" not in s["answer"]]
    # Steps were on screen, spinning, before the answer was finished...
    assert any(t["busy"] and t["text"] not in ("", "Thinking…") for s in before_verdict for t in s["titles"]), snaps[:10]
    step_titles = {t["text"] for s in snaps for t in s["titles"]}
    assert {"Check colored sources against Karsten"} <= step_titles, step_titles
    assert any(title.startswith("⚙ ") for title in step_titles), step_titles  # tool calls, nested
    # ...and came before any of the answer (how finely the answer itself is split into tokens is
    # the agent's choice; tests/ui/test_chat_stream.py pins that every token is shown).
    placeholders = {"", "Thinking…"}
    assert any(not s["answer"] and any(t["text"] not in placeholders for t in s["titles"]) for s in snaps), snaps[:10]

    answer = page.locator("#vawlrathh-chat [data-testid=bot]").last.inner_text()
    mentioned = 0
    for code, have in facts["sources"].items():
        word = COLOR_WORDS[code]
        if re.search(rf"\b{word} \d+", answer):
            assert re.search(rf"\b{word} {have}\b", answer), (word, have, answer)
            mentioned += 1
    assert mentioned >= 2, answer
    for short in [r for r in facts["color_summary"].values() if r["shortfall"] > 0]:
        assert short["card"] in answer and f"short by {short['shortfall']}" in answer, (short, answer)
    assert f"{facts['land_recommendation']['current']}" in answer
    assert "Fact check" in answer
    note = page.locator("#deck-note").inner_text()
    assert f"{facts['main_count']} cards" in note

    # Open the colored-sources step for the picture: the reasoning and the answer together.
    page.set_viewport_size({"width": 1280, "height": 1500})
    first_step = page.locator("#vawlrathh-chat .thought-group .title", has_text="Analyze the deck").first
    first_step.click()
    page.locator("#vawlrathh-chat .thought-group", has_text="⚙ analyze_deck").first.wait_for()
    first_step.scroll_into_view_if_needed()
    page.wait_for_timeout(500)  # let the accordion finish opening before the picture
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "chat-whats-wrong-with-my-mana.png"), full_page=True)


def test_the_deck_tab_charts_the_apis_numbers(page: Any, live_app: AppProcess) -> None:
    from ui.chat_tab import SAMPLE_DECK

    facts = api_analysis(live_app, SAMPLE_DECK.read_text())
    _open(page, live_app.ui_url)
    page.get_by_role("tab", name="Deck").click()
    page.get_by_role("button", name="Load sample deck").click()
    page.wait_for_function("() => document.querySelector('#deck-text textarea').value.includes('Izzet')")
    page.locator("#analyze-deck").click()
    page.wait_for_selector("#deck-summary :text('cards main')")
    summary = page.locator("#deck-summary").inner_text()
    assert f"{facts['main_count']} cards main" in summary and f"{facts['lands']} lands" in summary
    page.wait_for_selector("#curve-plot canvas, #curve-plot svg")
    shortfalls = page.locator("#shortfall-table").inner_text()
    for req in facts["requirements"]:
        if req["shortfall"] > 0:
            assert req["card"] in shortfalls
    drops = page.locator("#drops-table").inner_text()
    assert f"{facts['odds']['land_drops']['1'] * 100:.1f}%" in drops
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "deck-tab.png"), full_page=True)


def test_a_broken_deck_shows_the_bad_line(page: Any, live_app: AppProcess) -> None:
    _open(page, live_app.ui_url)
    page.get_by_role("tab", name="Deck").click()
    page.locator("#deck-text textarea").fill("Deck\n4 Lightning Bolt\n4 Lightnig Strike\n20 Mountain")
    page.locator("#analyze-deck").click()
    problems = page.locator("#deck-problems")
    problems.get_by_text("Lightnig Strike").wait_for()
    text = problems.inner_text()
    assert "1 line needs fixing" in text and "1 card name I don't know" in text, text
    line = next(row for row in text.splitlines() if "Lightnig Strike" in row)
    assert line.startswith("line 3:") and "did you mean Lightning Strike" in line, line
    assert text.count("Lightnig Strike") == 1, text
    assert "cards main" not in page.locator("#deck-summary").inner_text()  # no numbers beside an error
    assert not page.locator("#curve-plot").is_visible()  # nor an empty chart


def test_status_tab_reports_provider_keys_and_catalog(page: Any, live_app: AppProcess) -> None:
    status = httpx.get(f"{live_app.api_url}/api/v1/status", timeout=10, trust_env=False).json()
    _open(page, live_app.ui_url)
    page.get_by_role("tab", name="Status").click()
    body = page.locator("#status-body")
    body.get_by_text("Card catalog").wait_for()
    text = body.inner_text()
    assert f"{status['catalog']['card_count']:,}" in text
    assert "offline" in text and "OPENAI_API_KEY" in text and "not set" in text
    assert "ready" in text


def test_api_docs_link_follows_the_page_locally_and_on_a_space(browser: Any, live_app: AppProcess) -> None:
    # Locally: same host, API port.
    context = browser.new_context()
    page = context.new_page()
    _open(page, live_app.ui_url)
    page.get_by_role("tab", name="API Documentation").click()
    link = page.locator("#api-docs a.docs-link")
    link.wait_for()
    assert link.get_attribute("href") == f"http://127.0.0.1:{live_app.api_port}/docs"
    page.locator("#api-reference").get_by_text("/api/v1/decks/{deck_id}/analysis").wait_for()
    context.close()


def test_api_docs_use_the_space_proxy_on_hf_space(playwright: Any, live_app: AppProcess) -> None:
    # Make *.hf.space resolve to this machine, as if the UI were served by a Space.
    rules = f"--host-resolver-rules=MAP vawlrathh-test.hf.space 127.0.0.1:{live_app.ui_port}"
    chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=[*CHROMIUM_ARGS, rules])
    try:
        page = chromium.new_page()
        page.set_default_timeout(30_000)
        _open(page, f"http://vawlrathh-test.hf.space:{live_app.ui_port}/")
        page.get_by_role("tab", name="API Documentation").click()
        link = page.locator("#api-docs a.docs-link")
        link.wait_for()
        expected = f"http://vawlrathh-test.hf.space:{live_app.ui_port}/proxy/{live_app.api_port}/docs"
        assert link.get_attribute("href") == expected
    finally:
        chromium.close()


def test_sample_deck_example_then_new_chat_starts_over(page: Any, live_app: AppProcess) -> None:
    from ui.chat_tab import INPUT_HINT, NO_DECK_NOTE, SAMPLE_DECK

    facts = api_analysis(live_app, SAMPLE_DECK.read_text())
    _open(page, live_app.ui_url)
    page.get_by_text("Try a sample deck").click()
    page.wait_for_selector("#vawlrathh-chat :text('Fact check')")
    page.locator("#deck-note", has_text="Deck in this conversation").wait_for()  # set when the turn is done
    note = page.locator("#deck-note").inner_text()
    assert "Izzet Prowess" in note and f"{facts['main_count']} cards" in note
    answer = page.locator("#vawlrathh-chat [data-testid=bot]").last.inner_text()
    worst = max(facts["requirements"], key=lambda r: (r["shortfall"], r["needed"]))
    assert worst["card"] in answer and f"short by {worst['shortfall']}" in answer, answer

    page.locator("#new-chat").click()
    page.wait_for_function("() => !document.querySelector('#vawlrathh-chat [data-testid=bot]')")
    assert page.locator("#deck-note").inner_text().startswith(NO_DECK_NOTE.split("**")[1])
    # The new thread has no deck: asking about mana now gets no numbers from the old one.
    box = page.locator("#chat-input textarea")
    page.wait_for_function("() => !document.querySelector('#chat-input textarea').disabled")
    box.fill("what's wrong with my mana?")
    box.press("Enter")
    page.wait_for_selector("#vawlrathh-chat :text('model: offline')")  # the footer comes with done
    page.wait_for_function("() => !document.querySelector('#chat-input textarea').disabled")
    assert page.locator("#chat-input textarea").get_attribute("placeholder") == INPUT_HINT
    reply = page.locator("#vawlrathh-chat [data-testid=bot]").last.inner_text()
    assert len(reply) > 40, reply
    assert worst["card"] not in reply, reply


def test_attach_an_mtgo_file_in_the_chat(page: Any, live_app: AppProcess, realdata: Path) -> None:
    dek = realdata / "mtgo" / "xmage_testdeck.dek"
    _open(page, live_app.ui_url)
    page.locator("#chat-input input[type=file]").set_input_files(str(dek))
    page.locator("#chat-input [aria-label='File thumbnail']").wait_for()  # uploaded
    box = page.locator("#chat-input textarea")
    box.fill("How many lands should I play?")
    box.press("Enter")
    page.wait_for_selector("#vawlrathh-chat :text('model: offline')")
    note = page.locator("#deck-note").inner_text()
    assert "xmage_testdeck.dek" in note, note
    answer = page.locator("#vawlrathh-chat [data-testid=bot]").last.inner_text()
    assert "couldn't read" not in answer and re.search(r"\b\d+ lands?\b", answer), answer


def test_the_whole_app_works_through_the_api_port_as_on_a_space(page: Any, live_app: AppProcess) -> None:
    """A Space publishes one port: the API's, which serves the UI too (api/ui_proxy.py)."""
    _open(page, f"{live_app.api_url}/")
    box = page.locator("#chat-input textarea")
    box.fill("What does Lightning Strike do?")
    box.press("Enter")
    page.wait_for_selector("#vawlrathh-chat :text('model: offline')")
    answer = page.locator("#vawlrathh-chat [data-testid=bot]").last.inner_text()
    assert "Lightning Strike" in answer and "3 damage" in answer, answer
    page.get_by_role("tab", name="API Documentation").click()
    link = page.locator("#api-docs a.docs-link")
    link.wait_for()
    assert link.get_attribute("href") == f"{live_app.api_url}/docs"


def test_a_reload_reopens_the_conversation_and_new_chat_forgets_it(page: Any, live_app: AppProcess,
                                                                   realdata: Path) -> None:
    deck = (realdata / "decks" / "m0cchi_deck001_standard_noset.txt").read_text()
    _open(page, live_app.ui_url)
    box = page.locator("#chat-input textarea")
    box.fill(f"How many lands should I play?\n\n{deck}")
    box.press("Enter")
    page.wait_for_selector("#vawlrathh-chat :text('model: offline')")
    answer = page.locator("#vawlrathh-chat [data-testid=bot]").last.inner_text()

    page.reload(wait_until="load")
    page.locator("#deck-note", has_text="from your last visit").wait_for()
    page.locator("#vawlrathh-chat [data-testid=user]", has_text="How many lands should I play?").wait_for()
    restored = page.locator("#vawlrathh-chat [data-testid=bot]").last.inner_text()
    assert answer.split("\n")[0] in restored  # the answer's text, without the live-only footer

    # The restored thread still holds the deck: a follow-up needs no paste.
    box = page.locator("#chat-input textarea")
    box.fill("what's wrong with my mana?")
    box.press("Enter")
    # Restored answers name their provider too; a live one also says how long it took.
    page.locator("#vawlrathh-chat [data-testid=bot]", has_text=re.compile(r"model: offline · [\d.]+ m?s")).first.wait_for()
    page.wait_for_function("() => !document.querySelector('#chat-input textarea').disabled")
    follow_up = page.locator("#vawlrathh-chat [data-testid=bot]").last.inner_text()
    assert re.search(r"(white|black) \d+", follow_up), follow_up

    page.locator("#new-chat").click()
    page.wait_for_function("() => !document.querySelector('#vawlrathh-chat [data-testid=bot]')")
    page.reload(wait_until="load")
    page.wait_for_selector("#chat-input textarea")
    page.wait_for_timeout(1000)  # give a (wrong) restore the chance to show up
    assert page.locator("#vawlrathh-chat [data-testid=bot]").count() == 0


# Gradio's in-process queue (not our code) still calls pandas options that pandas 3 deprecates.
@pytest.mark.filterwarnings("ignore::pandas.errors.Pandas4Warning")
def test_stop_cancels_the_turn_at_the_api_and_stops_the_spinners(page: Any, tmp_path: Path) -> None:
    """Against a scripted API that holds the turn open, so Stop can be pressed mid-turn."""
    import asyncio
    import threading
    import time

    from agent.settings import Settings
    from tests.ui.conftest import free_port
    from tests.ui.scripted_ws import ScriptedChat, scripted_server
    from ui.app import create_ui, launch_ui

    script = ScriptedChat(events=[{"type": "step", "id": "s1", "title": "Think hard", "status": "running"}],
                          hold=True)
    started, stopping = threading.Event(), threading.Event()

    async def serve() -> None:
        async with scripted_server(script):
            started.set()
            await asyncio.to_thread(stopping.wait)

    server = threading.Thread(target=lambda: asyncio.run(serve()), daemon=True)
    server.start()
    assert started.wait(10)
    settings = Settings(api_url=script.url, host="127.0.0.1", ui_port=free_port(), data_dir=tmp_path)
    demo = create_ui(settings)
    launch_ui(demo, settings, block=False)
    try:
        _open(page, f"http://127.0.0.1:{settings.ui_port}/")
        box = page.locator("#chat-input textarea")
        box.fill("think about it")
        box.press("Enter")
        thought = page.locator("#vawlrathh-chat .thought-group .title", has_text="Think hard")
        thought.locator(".loading-spinner").wait_for()  # running: the spinner shows
        page.locator("#chat-input button.stop-button").click()
        deadline = time.monotonic() + 15
        while {"type": "cancel"} not in script.received and time.monotonic() < deadline:
            time.sleep(0.1)
        assert {"type": "cancel"} in script.received, script.received
        page.locator("#vawlrathh-chat .thought-group .title", has_text="Think hard (stopped)").wait_for()
        assert page.locator("#vawlrathh-chat .loading-spinner").count() == 0
        page.wait_for_function("() => !document.querySelector('#chat-input textarea').disabled")
    finally:
        demo.close()
        stopping.set()
        server.join(10)


def test_the_chat_reads_this_browsers_match_history_and_a_restart_keeps_it(
        browser: Any, tmp_path: Path, catalog_dir: Path, realdata: Path) -> None:
    """Upload a Player.log in the Market tab, ask the chat; restart the app, ask again; another
    browser (its own key) sees no history."""
    import shutil

    from arena.paths import CATALOG_FILENAME
    from tests.ui.conftest import READY_LINE, start_app

    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(catalog_dir / CATALOG_FILENAME, data / CATALOG_FILENAME)
    app = start_app(tmp_path / "work", data)
    contexts: list[Any] = []

    def ask(page: Any, question: str, expected: str) -> str:
        page.get_by_role("tab", name="Chat").click()
        box = page.locator("#chat-input textarea")
        box.fill(question)
        box.press("Enter")
        page.locator("#vawlrathh-chat [data-testid=bot]", has_text=expected).first.wait_for(timeout=60_000)
        return str(page.locator("#vawlrathh-chat [data-testid=bot]").last.inner_text())

    def new_page() -> Any:
        context = browser.new_context(viewport={"width": 1280, "height": 1000})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(30_000)
        _open(page, app.ui_url)
        return page

    try:
        app.wait_for(READY_LINE, timeout=120)
        page = new_page()
        page.get_by_role("tab", name="Market").click()
        # One Bo1 match the local player won (tests/arena/test_playerlog.py reads it by hand).
        page.locator("#market-log input[type=file]").set_input_files(
            str(realdata / "playerlog/mtgarenalogreader__tabi-cat-room_2026-07_play_bo1.log"))
        page.locator("#market-upload").click()
        page.locator("#market-history-summary", has_text="1 new").wait_for(timeout=60_000)
        # 1-0: Wilson 95% for 1/1 is 0.2065 to 1 (by hand in tests/agent/test_market_tools.py).
        record = "1 win, 0 losses in 1 match: 100% won (95% interval 21% to 100%)"
        ask(page, "what's my win rate?", record)
        page.screenshot(path=str(ARTIFACTS / "history-in-chat.png"), full_page=True)

        app.stop()
        app = start_app(tmp_path / "work2", data, api_port=app.api_port, ui_port=app.ui_port)
        app.wait_for(READY_LINE, timeout=120)
        page.reload(wait_until="load")
        page.wait_for_selector("#chat-input textarea")
        ask(page, "how have I been doing?", record)

        stranger = new_page()
        answer = ask(stranger, "what's my win rate?", "haven't uploaded any matches")
        assert "Market" in answer
    finally:
        for context in contexts:
            context.close()
        app.stop()
