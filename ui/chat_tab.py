"""The Chat tab: a ChatInterface whose handler streams one turn from the API's WebSocket.

One thread per browser session: its id (from the stream's ``ready``) lives in a ``gr.State``,
so reloading the page or pressing "New chat" starts a fresh conversation. A deck pasted into
a message or attached as a file is sent once; the API's thread keeps it for later turns.
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import gradio as gr

from agent.events import ProviderKeys
from ui.browser_store import labelled, owner_key_of
from ui.chat import TurnView, format_rejection, mark_stopped, restored_turn
from ui.client import ApiClient, ApiError, DeckRejected
from ui.deck_input import DECK_FILE_SUFFIXES, PASTED, DeckFileError, deck_name, prepare_message
from ui.facts_view import colors_text, incomplete_note, tokens_note

logger = logging.getLogger(__name__)

SAMPLE_DECK = Path(__file__).parent / "samples" / "izzet_prowess.txt"
NO_DECK_NOTE = "**No deck yet.** Paste an Arena export into your message or attach a file (.txt, .csv, .dek)."
GREETING = (
    "### Vawlrathh, The Small'n\n"
    "I read your MTG Arena deck and tell you, bluntly, what's wrong with it: the mana, the land "
    "count, the curve, what to cut. Every number is worked out from the cards, not guessed.\n\n"
    "**Paste an Arena export or attach a file**, or start with a sample deck below."
)
INPUT_HINT = "Ask Vawlrathh… paste an Arena deck or attach a .txt / .csv / .dek file"
SAMPLE_PROMPT = "Try a sample deck: what's wrong with my mana?"
# Questions that need no deck: the first view must offer something a newcomer can click.
EXAMPLE_PROMPTS = (
    "What does Sheoldred, the Apocalypse do?",
    "Odds of 4 lands by turn 4 with 24 lands in 60 cards?",
    "Compare Lightning Strike and Play with Fire",
)

# messages, the session's thread id, the deck note, the thread saved in the browser, and the
# conversation's deck (which the Deck tab follows)
ChatOutput = tuple[list[gr.ChatMessage], str | None, Any, dict[str, str | None], Any]


def conversation_deck(text: str, label: str) -> dict[str, str]:
    """The deck this conversation is about, as the Deck tab reads it."""
    return {"text": text, "label": label}


def saved(thread_id: str | None) -> dict[str, str | None]:
    """What the browser stores. A dict, never a bare id: Gradio does not store falsy values,
    so forgetting a thread (``None``) must still be truthy to reach localStorage."""
    return {"thread_id": thread_id}


def _unpack(message: Any) -> tuple[str, list[str]]:
    """Read Gradio's multimodal value (``{"text", "files"}``) or a plain string."""
    if isinstance(message, str):
        return message, []
    if isinstance(message, dict):
        files = []
        for item in message.get("files") or []:
            path = item.get("path") if isinstance(item, dict) else item
            if path:
                files.append(str(path))
        return str(message.get("text") or ""), files
    raise TypeError(f"Unexpected chat message value: {type(message).__name__}")


def _clean(value: str | None) -> str | None:
    """Blank optional fields mean "not given"."""
    return (value or "").strip() or None


def _deck_note(name: str, view: TurnView, card_lines: int) -> str:
    # The turn's facts hold the analysis under "analysis" (or flat, from older agents).
    nested = view.facts.get("analysis")
    facts: dict[str, Any] = nested if isinstance(nested, dict) else view.facts
    size = facts.get("main_count") or facts.get("deck_size")
    count = f"{size} cards" if size else f"{card_lines} card lines"
    colors = colors_text(facts.get("colors"))
    color_text = f" · {colors}" if colors else ""
    if name == PASTED and isinstance(facts.get("archetype"), dict) and facts["archetype"].get("name"):
        name = f"{facts['archetype']['name']} ({PASTED})"
    count = incomplete_note(facts) or count  # "5 cards — not a whole deck (…)"
    tokens = tokens_note(facts)
    left_out = f" {tokens}" if tokens else ""
    return (f"**Deck in this conversation:** {name} · {count}{color_text}.{left_out} "
            "Paste or attach another to replace it.")


def make_chat_fn(client: ApiClient, *, max_deck_bytes: int,
                 inline_deck_bytes: int | None = None) -> Callable[..., AsyncIterator[ChatOutput]]:
    """Build the ChatInterface handler bound to ``client``.

    A deck up to ``inline_deck_bytes`` travels inside the chat message; a bigger one (up to
    ``max_deck_bytes``, the API's upload limit) is stored through the REST API first and the
    message carries its id, so the chat and the Deck tab accept the same sizes.
    """
    inline_limit = max_deck_bytes if inline_deck_bytes is None else inline_deck_bytes

    async def chat(message: Any, history: list[dict[str, Any]], thread_id: str | None,
                   openai_key: str | None = None, anthropic_key: str | None = None,
                   base_url: str | None = None, model: str | None = None,
                   owner: Any = None) -> AsyncIterator[ChatOutput]:
        """Send one message (and any pasted or attached deck) to Vawlrathh; stream the reply."""
        owner_key = owner_key_of(owner)  # the browser's key: its decks, and its match history
        # ``history`` is Gradio's copy of the conversation; the API's thread is the real one.
        text, files = _unpack(message)
        try:
            out = prepare_message(text, files, max_bytes=max_deck_bytes)
        except DeckFileError as exc:
            yield ([gr.ChatMessage(content=f"⚠ **That won't do.** {exc}")], thread_id, gr.skip(), saved(thread_id),
                   gr.skip())
            return
        if not out.question:
            yield ([gr.ChatMessage(content="Say something, or paste a deck. I don't read minds.")],
                   thread_id, gr.skip(), saved(thread_id), gr.skip())
            return
        # The Deck tab shows this deck (or why it can't be read) as soon as it is sent.
        deck_out: Any = conversation_deck(out.deck, out.label) if out.deck is not None else gr.skip()

        keys = ProviderKeys(openai=_clean(openai_key), anthropic=_clean(anthropic_key),
                            openai_base_url=_clean(base_url))
        view = TurnView()
        yield view.messages(), thread_id, gr.skip(), saved(thread_id), deck_out
        try:
            deck, deck_id = out.deck, None
            if deck is not None and len(deck.encode()) > inline_limit:
                created = await client.create_deck(deck, filename=out.filename, owner_key=owner_key)
                deck_id, deck = str(created.get("id")), None
            async for event in client.chat(out.question, thread_id=thread_id, deck=deck, deck_id=deck_id,
                                           keys=keys if keys.model_dump(exclude_none=True) else None,
                                           model=_clean(model), owner_key=owner_key):
                view.apply(event)
                current = view.thread_id or thread_id
                yield view.messages(), current, gr.skip(), saved(current), gr.skip()
        except DeckRejected as exc:
            view.errors.append(format_rejection(exc.message, exc.problems))
        except ApiError as exc:
            view.errors.append(f"⚠ **I can't reach my own brain right now.** {exc.message}")
        except Exception:
            logger.exception("Chat turn failed")
            view.errors.append("⚠ **The chat stream failed unexpectedly.** The details are in the UI's log.")
        if view.deck_error and not view.answer_text.strip() and view.deck_error not in view.errors:
            view.errors.append(view.deck_error)  # the stream ended before the agent could answer
        note: Any = gr.skip()
        if out.deck is not None and view.thread_id and not view.errors and not view.deck_error:
            note = _deck_note(out.label, view, out.card_lines)
        current = view.thread_id or thread_id
        yield view.messages(), current, note, saved(current), gr.skip()

    return chat


ATTACHED = "📎 "  # starts the line that names an attached file in the player's bubble
_ATTACHED_LINES = re.compile(rf"^(?:{re.escape(ATTACHED)}[^\n]*\n+)+")


def attached_label(path: str) -> str:
    """The line shown with an attachment: Gradio's chatbot shows a file as a bare download icon."""
    return f"{ATTACHED}{Path(path).name}\n\n"


class VawlrathhChat(gr.ChatInterface):
    """ChatInterface that keeps the input's hint after a message (Gradio 6 blanks it for good)
    and names attached files in the player's bubble."""

    def _clear_and_save_textbox(self, message: Any) -> tuple[Any, Any]:
        box = type(self.textbox)("", interactive=False, placeholder=INPUT_HINT)
        return box, message

    def _message_as_message_dict(self, message: Any, role: Any) -> Any:
        shown = super()._message_as_message_dict(message, role)
        if role != "user":
            return shown
        for item in shown:
            content: Any = item.get("content")
            if isinstance(content, list):
                labelled: list[Any] = []
                part: Any
                for part in content:
                    labelled.append(part)
                    if isinstance(part, dict) and part.get("path"):
                        labelled.append(attached_label(str(part["path"])))
                item["content"] = labelled
        return shown

    def _pop_last_user_message(self, history: Any) -> Any:
        """Retry/undo get the player's own text back, without the attachment's name line."""
        history, message = super()._pop_last_user_message(history)
        if isinstance(message, dict) and isinstance(message.get("text"), str):
            message = {**message, "text": _ATTACHED_LINES.sub("", message["text"])}
        return history, message


def make_restore_fn(client: ApiClient) -> Callable[..., Any]:
    """Build the page-load handler that reopens the conversation this browser had."""

    async def restore(stored: Any) -> tuple[Any, ...]:
        thread_id = stored.get("thread_id") if isinstance(stored, dict) else None
        if not thread_id:
            return gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
        try:
            thread = await client.thread_messages(str(thread_id))
        except ApiError as exc:
            if exc.status == 404:  # forgotten by the API: start clean
                return [], None, NO_DECK_NOTE, saved(None), gr.skip()
            logger.warning("Could not restore thread %s: %s", thread_id, exc.message)
            return gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
        history: list[Any] = []
        for m in thread.get("messages", []):
            if m.get("role") == "user":
                history.append({"role": "user", "content": m.get("text", "")})
            elif m.get("role") == "assistant":  # with the steps and verdict it was shown with
                history.extend(restored_turn(m))
        deck = thread.get("deck")
        label = (deck_name(deck) or PASTED) if deck else ""
        note = (f"**Deck in this conversation:** {label} (from your last visit). "
                "Paste or attach another to replace it.") if deck else NO_DECK_NOTE
        return history, thread_id, note, stored, conversation_deck(deck, label) if deck else gr.skip()

    return restore


def build_chat_tab(client: ApiClient, demo: gr.Blocks, *, max_deck_bytes: int, inline_deck_bytes: int,
                   deck_state: gr.State, owner: gr.BrowserState, secret: str) -> gr.ChatInterface:
    """Render the chat inside the current Blocks context; ``deck_state`` gets the conversation's
    deck, ``owner`` is the browser's owner key and ``secret`` encrypts what the browser keeps."""
    thread_id = gr.State(None)
    # The same id in the browser's storage, so a reload picks the conversation up again.
    saved_thread = labelled(gr.BrowserState(saved(None), storage_key="vawlrathh-thread", secret=secret), "thread")
    with gr.Row(equal_height=True, elem_id="chat-toolbar"):
        deck_note = gr.Markdown(NO_DECK_NOTE, elem_id="deck-note", label="deck_note")
        new_chat = gr.Button("+ New chat", size="sm", variant="secondary", scale=0, min_width=120,
                             elem_id="new-chat")
    chatbot = gr.Chatbot(
        elem_id="vawlrathh-chat",
        show_label=False,
        height="62vh",
        placeholder=GREETING,
        buttons=["copy"],
        feedback_options=None,
        layout="bubble",
    )
    textbox = gr.MultimodalTextbox(
        placeholder=INPUT_HINT,
        file_types=list(DECK_FILE_SUFFIXES),
        file_count="single",
        submit_btn=True,
        stop_btn=True,
        # No autofocus: on a phone it scrolls the page down to the input and hides the greeting.
        autofocus=False,
        max_lines=12,
        elem_id="chat-input",
    )
    # Unrendered: ChatInterface draws them in its accordion under the chat, so the first view
    # on a phone is the greeting and the examples, not a settings panel.
    openai_key = gr.Textbox(label="OpenAI API key", type="password", placeholder="sk-…", render=False)
    anthropic_key = gr.Textbox(label="Anthropic API key", type="password", placeholder="sk-ant-…", render=False)
    base_url = gr.Textbox(label="OpenAI-compatible base URL (if this server allows one)",
                          placeholder="http://127.0.0.1:11434/v1 (Ollama, vLLM, llama.cpp)", render=False)
    model = gr.Textbox(label="Model", placeholder="gpt-4o-mini, claude-sonnet-4-6, llama3.1…", render=False)
    examples: list[list[Any]] = [
        [{"text": "What's wrong with my mana?", "files": [str(SAMPLE_DECK)]}, None, None, None, None, None, None]
    ]
    examples += [[{"text": prompt, "files": []}, None, None, None, None, None, None] for prompt in EXAMPLE_PROMPTS]
    labels = [SAMPLE_PROMPT, *EXAMPLE_PROMPTS]
    interface = VawlrathhChat(
        make_chat_fn(client, max_deck_bytes=max_deck_bytes, inline_deck_bytes=inline_deck_bytes),
        multimodal=True,
        chatbot=chatbot,
        textbox=textbox,
        additional_inputs=[thread_id, openai_key, anthropic_key, base_url, model, owner],
        additional_outputs=[thread_id, deck_note, saved_thread, deck_state],
        # render=False: ChatInterface builds its own accordion from these settings; a rendered
        # one would show up as a second, empty "Use your own model" under the chat.
        additional_inputs_accordion=gr.Accordion(
            "Use your own model (optional — keys stay in this browser session)", open=False,
            elem_id="own-model", render=False),
        examples=examples,
        example_labels=labels,
        api_name="chat",
        analytics_enabled=False,
        api_description="Send one message (optionally with a deck) and stream Vawlrathh's reply.",
        fill_height=False,
        autoscroll=True,
    )

    def reset() -> tuple[list[Any], list[Any], None, str, dict[str, str | None]]:
        return [], [], None, NO_DECK_NOTE, saved(None)

    new_chat.click(reset, None, [chatbot, interface.chatbot_state, thread_id, deck_note, saved_thread],
                   api_visibility="undocumented", queue=False)
    chatbot.clear(lambda: (None, NO_DECK_NOTE, saved(None)), None, [thread_id, deck_note, saved_thread],
                  api_visibility="undocumented", queue=False)
    # Stop cancels the handler (which tells the API to cancel the turn); then tidy the spinners.
    textbox.stop(mark_stopped, [chatbot], [chatbot], api_visibility="undocumented", queue=False)
    demo.load(make_restore_fn(client), [saved_thread],
              [interface.chatbot_value, thread_id, deck_note, saved_thread, deck_state],
              api_visibility="undocumented", show_progress="hidden")  # no timer over the first view
    return interface
