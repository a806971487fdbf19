"""The UI's chat stream: the WebSocket client, and the messages the chatbot shows for each event."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import gradio as gr
import pytest

from agent.events import Done, Message, ProviderKeys, Ready, Step
from tests.ui.scripted_ws import TURN, ScriptedChat, scripted_server
from ui.chat import TurnView, format_problems
from ui.chat_tab import NO_DECK_NOTE, make_chat_fn
from ui.client import ApiClient, StreamError

DECK = "Deck\n" + "\n".join(f"4 Card {i}" for i in range(15))


async def test_a_turn_streams_ready_then_events_until_done() -> None:
    async with scripted_server(ScriptedChat(events=TURN)) as chat:
        client = ApiClient(chat.url)
        keys = ProviderKeys(anthropic="sk-ant-test")
        events = [e async for e in client.chat("mana?", thread_id="t-1", deck=DECK, keys=keys, model="m")]
    assert isinstance(events[0], Ready) and events[0].thread_id == "t-1"
    assert isinstance(events[-1], Done)
    assert [e.type for e in events[1:]] == [e["type"] for e in TURN]
    hello, message = chat.received
    assert hello == {"type": "hello", "thread_id": "t-1", "keys": {"anthropic": "sk-ant-test"}, "model": "m"}
    assert message == {"type": "user_message", "text": "mana?", "deck": DECK}


async def test_stopping_the_generator_sends_cancel() -> None:
    script = ScriptedChat(events=[{"type": "step", "id": "s1", "title": "Think", "status": "running"}], hold=True)
    async with scripted_server(script) as chat:
        stream = ApiClient(chat.url).chat("hi")
        assert isinstance(await anext(stream), Ready)
        assert isinstance(await anext(stream), Step)
        await stream.aclose()
        await asyncio.wait_for(chat.cancelled.wait(), 5)
    assert chat.received[-1] == {"type": "cancel"}


async def test_newer_servers_fields_and_event_types_do_not_break_the_stream() -> None:
    events = [
        {"type": "step", "id": "s1", "title": "Think", "status": "done", "shiny_new_field": 1},
        {"type": "telemetry", "anything": True},
        {"type": "message", "text": "ok", "facts": {}, "extra": "x"},
        {"type": "done", "elapsed_ms": 1.0},
    ]
    async with scripted_server(ScriptedChat(events=events)) as chat:
        got = [e async for e in ApiClient(chat.url).chat("hi")]
    assert [e.type for e in got] == ["ready", "step", "message", "done"]
    assert isinstance(got[2], Message) and got[2].text == "ok"


async def test_a_dropped_connection_is_a_stream_error() -> None:
    async with scripted_server(ScriptedChat(events=TURN, drop_after=3)) as chat:
        with pytest.raises(StreamError, match="closed before the answer was complete"):
            _ = [e async for e in ApiClient(chat.url).chat("hi")]


async def test_nothing_listening_is_a_clear_stream_error() -> None:
    with pytest.raises(StreamError, match=r"Cannot open the chat stream at ws://127\.0\.0\.1:9/ws/chat"):
        _ = [e async for e in ApiClient("http://127.0.0.1:9").chat("hi", open_timeout=2)]


def _meta(msg: gr.ChatMessage) -> dict[str, Any]:
    return dict(msg.metadata)


async def test_chat_handler_shows_steps_tools_answer_and_verdict() -> None:
    async with scripted_server(ScriptedChat(events=TURN)) as chat:
        fn = make_chat_fn(ApiClient(chat.url), max_deck_bytes=50_000)
        outputs = [out async for out in fn({"text": f"what's wrong with my mana?\n{DECK}", "files": []}, [], None)]
    assert chat.received[1] == {"type": "user_message", "text": "what's wrong with my mana?", "deck": DECK}
    first_messages = outputs[0][0]
    assert _meta(first_messages[0])["status"] == "pending"  # a "Thinking…" placeholder before anything arrives
    # While step 1 runs its thought is pending; its tool is nested under it.
    running = outputs[3][0]  # [0] placeholder, [1] ready, [2] step running, [3] its tool
    assert _meta(running[0]) == {"title": "Read the deck", "id": _meta(running[0])["id"], "status": "pending"}
    assert _meta(running[1])["parent_id"] == _meta(running[0])["id"]
    assert running[1].content == "60 cards, 22 lands"
    # Tokens grow the answer as they arrive.
    assert any(m.content.startswith("Your blue ") and not _meta(m) for m in outputs[8][0])
    messages, thread_id, note, stored, _ = outputs[-1]
    assert outputs[0][4] == {"text": DECK, "label": "pasted deck"}  # the Deck tab gets the deck at once
    assert stored == {"thread_id": thread_id}
    thoughts = [m for m in messages if _meta(m).get("title")]
    assert [_meta(m)["status"] for m in thoughts] == ["done"] * 4
    assert _meta(thoughts[0])["duration"] == 0.12
    answer = [m for m in messages if not _meta(m)][-1].content
    assert answer.startswith("Your blue is thin: 6 sources, Karsten wants 9.")  # the final text, not the draft
    assert "Revised after the fact check" in answer and "fixed a count" in answer
    assert "850 ms" in answer
    assert thread_id == "t-new"
    assert note.startswith("**Deck in this conversation:**") and "60 cards" in note and "UR" in note


async def test_the_thread_id_is_sent_back_to_resume() -> None:
    async with scripted_server(ScriptedChat(events=TURN)) as chat:
        fn = make_chat_fn(ApiClient(chat.url), max_deck_bytes=50_000)
        outputs = [out async for out in fn({"text": "and now?", "files": []}, [], "t-77")]
    assert chat.received[0]["thread_id"] == "t-77"
    assert "deck" not in chat.received[1]  # no deck in this message: the thread keeps the old one
    assert outputs[-1][1] == "t-77"
    assert isinstance(outputs[-1][2], type(gr.skip()))
    assert all(isinstance(out[4], type(gr.skip())) for out in outputs)  # no new deck for the Deck tab


async def test_deck_parse_errors_show_each_line() -> None:
    problems = [
        {"line": 3, "text": "4 Lightnig Bolt", "reason": "unknown card", "suggestions": ["Lightning Bolt"]},
        {"line": 7, "text": "four | Shock", "reason": "no count", "suggestions": []},
    ]
    events = [
        {"type": "error", "code": "deck_parse_error", "message": "2 lines could not be read.", "details": problems},
        {"type": "done", "elapsed_ms": 3.0},
    ]
    async with scripted_server(ScriptedChat(events=events)) as chat:
        fn = make_chat_fn(ApiClient(chat.url), max_deck_bytes=50_000)
        outputs = [out async for out in fn({"text": DECK, "files": []}, [], None)]
    messages, _, note, _, _ = outputs[-1]
    text = messages[-1].content
    assert text.startswith("**I couldn't read that deck:** 2 lines need fixing.")
    assert "- line 3: `4 Lightnig Bolt` — did you mean **Lightning Bolt**?" in text
    assert "- line 7: `four | Shock` — no count" in text
    assert isinstance(note, type(gr.skip()))  # a rejected deck is not "in this conversation"


async def test_a_deck_error_the_agent_answers_itself_is_not_shown_twice() -> None:
    problems = [{"line": 3, "text": "4 Lightnig Bolt", "reason": "unknown card", "suggestions": ["Lightning Bolt"]}]
    events = [
        {"type": "error", "code": "deck_parse_error", "message": "1 line could not be read.", "details": problems},
        {"type": "token", "text": "Line 3 is no card I know. Did you mean Lightning Bolt?"},
        {"type": "message", "text": "Line 3 is no card I know. Did you mean Lightning Bolt?", "facts": {}},
        {"type": "done", "elapsed_ms": 3.0},
    ]
    async with scripted_server(ScriptedChat(events=events)) as chat:
        fn = make_chat_fn(ApiClient(chat.url), max_deck_bytes=50_000)
        outputs = [out async for out in fn({"text": DECK, "files": []}, [], None)]
    shown = " ".join(str(m.content) for m in outputs[-1][0])
    assert shown.count("Lightnig") == 0 and shown.count("Lightning Bolt") == 1


async def test_an_error_instead_of_ready_is_shown() -> None:
    ready = {"type": "error", "code": "invalid_key", "message": "That Anthropic key was refused."}
    async with scripted_server(ScriptedChat(ready=ready)) as chat:
        fn = make_chat_fn(ApiClient(chat.url), max_deck_bytes=50_000)
        outputs = [out async for out in fn({"text": "hi", "files": []}, [], None, "", "sk-ant-bad")]
    assert "invalid_key" in outputs[-1][0][-1].content
    assert chat.received[0]["keys"] == {"anthropic": "sk-ant-bad"}


async def test_an_unreachable_api_is_said_plainly() -> None:
    fn = make_chat_fn(ApiClient("http://127.0.0.1:9"), max_deck_bytes=50_000)
    outputs = [out async for out in fn({"text": "hi", "files": []}, [], None)]
    assert "can't reach" in outputs[-1][0][-1].content


async def test_uploaded_deck_file_is_sent_and_bad_files_refused(tmp_path, realdata) -> None:
    deck_file = realdata / "decks" / "m0cchi_deck001_standard_noset.txt"
    async with scripted_server(ScriptedChat(events=TURN)) as chat:
        fn = make_chat_fn(ApiClient(chat.url), max_deck_bytes=50_000)
        outputs = [out async for out in fn({"text": "", "files": [str(deck_file)]}, [], None)]
        assert chat.received[1]["deck"] == deck_file.read_text()
        assert chat.received[1]["text"] == "Here's my deck. What do you think?"
        assert "m0cchi_deck001_standard_noset.txt" in outputs[-1][2]
        assert outputs[0][4]["label"] == "m0cchi_deck001_standard_noset.txt"

        big = tmp_path / "big.txt"
        big.write_text("4 Mountain\n" * 10_000)
        refused = [out async for out in fn({"text": "look", "files": [str(big)]}, [], None)]
    assert "larger than the 50,000-byte limit" in refused[-1][0][0].content
    assert len(chat.received) == 2  # the oversized file never reached the server


def test_turn_view_closes_pending_steps_when_the_turn_ends() -> None:
    view = TurnView()
    view.apply(Step(id="s1", title="Think", status="running"))
    view.apply(Done(elapsed_ms=5))
    assert view.messages()[0].metadata["status"] == "done"


def test_problems_are_capped_per_group() -> None:
    problems = [{"line": i, "text": f"x{i}", "reason": "bad"} for i in range(30)]
    listed = format_problems(problems, limit=5)
    # a heading, five lines, and the count of the rest
    assert listed.count("\n") == 6 and "and 25 more" in listed and listed.startswith("**30 lines that aren't cards**")


def test_a_localized_export_is_explained_once_not_line_by_line() -> None:
    reason = "unknown card (a French Arena export? card names must be English)"
    problems = [{"line": i, "text": f"4 Carte {i}", "reason": reason, "suggestions": []} for i in range(2, 62)]
    problems.append({"line": 70, "text": "6 Forêt", "reason": "unknown card: 'Forêt' is the French name of Forest; "
                     "the catalog knows English card names only", "suggestions": ["Forest"]})
    listed = format_problems(problems)
    assert listed.count("French Arena export") == 1 and "Set Arena's language to English" in listed
    assert listed.startswith("**61 lines are in another language**")
    assert "and 53 more" in listed and "French" in listed


def test_a_players_line_is_shown_as_text_not_html() -> None:
    problems = [{"line": 2, "text": "<img src=x>", "reason": "not a card line (expected '<count> <card name>')"}]
    listed = format_problems(problems)
    assert "&lt;count&gt; &lt;card name&gt;" in listed and "`<img src=x>`" in listed


def test_a_reloaded_turn_shows_its_steps_verdict_and_who_answered() -> None:
    from ui.chat import restored_turn

    shown = restored_turn({
        "role": "assistant", "text": "You run 24 lands.", "answered_by": "offline",
        "steps": [{"title": "Analyze the deck", "status": "done", "detail": "60 cards, 24 lands"},
                  {"title": "Weigh the land count", "status": "error", "detail": "no deck"}],
        "verdict": {"verdict": "agree", "reviewer": "deterministic", "notes": []},
    })
    thoughts = [m for m in shown if m.metadata.get("title")]
    assert [t.metadata["title"] for t in thoughts] == ["Analyze the deck", "⚠ Weigh the land count"]
    assert all(t.metadata["status"] == "done" for t in thoughts) and thoughts[0].content == "60 cards, 24 lands"
    answer = shown[-1].content
    assert answer.startswith("You run 24 lands.") and "model: offline" in answer


def test_the_footer_names_the_provider_that_answered_after_a_fallback() -> None:
    view = TurnView()
    view.apply(Ready(thread_id="t", provider="openai", version="1"))
    view.apply(Message(text="Offline answer.", facts={}, answered_by="offline"))
    assert "model: offline" in view.messages()[-1].content


def test_no_deck_note_mentions_the_formats() -> None:
    assert ".dek" in NO_DECK_NOTE and json.dumps(NO_DECK_NOTE)


def test_mark_stopped_ends_only_pending_thoughts() -> None:
    from ui.chat import mark_stopped

    history = [
        {"role": "user", "content": [{"type": "text", "text": "hi"}], "metadata": None},
        {"role": "assistant", "content": [], "metadata": {"title": "Read the deck", "status": "done"}},
        {"role": "assistant", "content": [], "metadata": {"title": "Count sources", "status": "pending"}},
    ]
    marked = mark_stopped(history)
    assert marked[:2] == history[:2]
    assert marked[2]["metadata"] == {"title": "Count sources (stopped)", "status": "done"}
    assert history[2]["metadata"]["status"] == "pending"  # the input is not changed in place


@pytest.mark.parametrize(
    ("verdict", "badge", "expected"),
    [
        ("agree", "Fact check: 12 claims verified", "✓ **Fact check: 12 claims verified**"),
        ("agree", "Fact check + Claude: agree", "✓ **Fact check + Claude: agree**"),
        ("revised", None, "✎ **Revised after the fact check**"),
        ("flagged", "Flagged: 1 claim could not be verified", "⚠ **Flagged: 1 claim could not be verified**"),
    ],
)
def test_the_badge_names_what_checked(verdict: str, badge: str | None, expected: str) -> None:
    from agent.events import Consensus

    view = TurnView()
    view.apply(Message(text="Answer.", facts={}))
    view.apply(Consensus(verdict=verdict, reviewer="deterministic", notes=["12 claims verified"], badge=badge))  # type: ignore[arg-type]
    shown = str(view.messages()[-1].content)
    assert expected in shown
    assert "second opinion" not in shown.lower()


def test_no_badge_when_nothing_was_checked() -> None:
    from agent.events import CheckedClaim, Consensus

    view = TurnView()
    view.apply(Message(text="3 lines of it made no sense to me.", facts={}))
    view.apply(Consensus(verdict="skipped", reviewer="none", notes=["the deck did not parse"]))
    assert str(view.messages()[-1].content) == "3 lines of it made no sense to me."
    view.apply(Consensus(verdict="flagged", reviewer="deterministic", badge="Flagged: 1 claim is wrong",
                         claims=[CheckedClaim(text="You run 22 lands.", status="wrong", reason="the deck runs 24 lands, not 22")]))
    assert "wrong: the deck runs 24 lands, not 22" in str(view.messages()[-1].content)
