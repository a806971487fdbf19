"""Build the Gradio app: Chat, Deck, Market, Status, API Documentation, Quick Start and About tabs.

``create_ui(settings)`` only builds; ``launch_options()`` holds the look (theme, CSS), which
Gradio 6 takes at ``launch()`` rather than in the ``Blocks`` constructor.
"""

from __future__ import annotations

from typing import Any

import gradio as gr

from agent import __version__ as UI_VERSION
from agent.settings import Settings
from ui.browser_store import browser_secret, ensure_owner, owner_state
from ui.chat_tab import build_chat_tab
from ui.client import ApiClient
from ui.deck_tab import build_deck_tab
from ui.docs_tabs import build_about_tab, build_api_docs_tab, build_quick_start_tab
from ui.market_tab import build_market_tab
from ui.status_tab import build_status_tab

TITLE = "Vawlrathh, The Small'n — MTG Arena deck assistant"

# The deck travels inside one WebSocket message; leave room for the envelope and the question.
_ENVELOPE_BYTES = 8 * 1024

CSS = """
#vawlrathh-header h1 { margin-bottom: 0; }
#vawlrathh-header p { margin-top: 0.25rem; opacity: 0.8; }
#chat-toolbar { align-items: center; }
#deck-note p { margin: 0; }
#deck-problems { border-left: 4px solid var(--error-border-color, #dc2626); padding-left: 0.75rem; }
/* A pasted decklist is long: keep the player's bubble short and scrollable. */
#vawlrathh-chat .user-row [data-testid="user"] { max-height: 15em; overflow-y: auto; }
footer { opacity: 0.7; }
#vawlrathh-chat .example-icon { display: none; }
/* ChatInterface puts its settings accordion above a chatbot made outside it: keep it under the chat. */
#own-model { order: 10; }
/* A phone's first view: header, greeting, the sample deck and the deck-free examples, no scrolling. */
@media (max-width: 640px) {
  #vawlrathh-header h1 { font-size: 1.35rem; }
  #vawlrathh-header p { font-size: 0.85rem; }
  #vawlrathh-chat { height: 58vh !important; }
  #vawlrathh-chat .placeholder-content { justify-content: flex-start; }
  #vawlrathh-chat .placeholder { padding: 0.25rem 0.5rem; font-size: 0.9rem; }
  #vawlrathh-chat .placeholder h3 { font-size: 1.05rem; margin: 0.25rem 0; }
  #vawlrathh-chat .examples { display: grid; grid-template-columns: 1fr 1fr; gap: 0.4rem; margin-top: 0.5rem; }
  #vawlrathh-chat .example { padding: 0.45rem 0.55rem; min-height: 0; }
  #vawlrathh-chat .example-text { font-size: 0.82rem; }
  #deck-note p { font-size: 0.85rem; }
}
"""


def create_ui(settings: Settings) -> gr.Blocks:
    """Build the whole UI; it talks to the API at ``settings.resolved_api_url`` only."""
    client = ApiClient(settings.resolved_api_url, timeout=max(settings.llm_timeout_s, 30.0))
    # One deck limit everywhere: the API's upload limit. Decks that fit travel inside the chat
    # message; bigger ones are stored through the REST API first and sent by id.
    max_deck = settings.max_upload_bytes
    inline_deck = max(settings.ws_max_message_bytes - _ENVELOPE_BYTES, 1024)
    secret = browser_secret(settings.data_dir)  # a restart keeps what browsers stored
    # Uploaded deck files are copied into Gradio's cache: drop them after an hour.
    with gr.Blocks(title=TITLE, analytics_enabled=False, fill_width=False, delete_cache=(3600, 3600)) as demo:
        gr.Markdown(
            "# Vawlrathh, The Small'n\n"
            "Paste your MTG Arena deck, ask what's wrong with it, and watch every number get worked out.",
            elem_id="vawlrathh-header",
        )
        deck_state = gr.State(None)  # the conversation's deck: the Deck tab follows it
        owner = owner_state(secret)  # the browser's key: its decks and its match history
        demo.load(ensure_owner, [owner], [owner], api_visibility="undocumented", queue=False)
        with gr.Tabs(elem_id="main-tabs"):
            with gr.Tab("Chat", id="chat"):
                build_chat_tab(client, demo, max_deck_bytes=max_deck, inline_deck_bytes=inline_deck,
                               deck_state=deck_state, owner=owner, secret=secret)
            with gr.Tab("Deck", id="deck"):
                build_deck_tab(client, max_deck_bytes=max_deck, deck_state=deck_state)
            with gr.Tab("Market", id="market"):
                build_market_tab(client, owner)
            with gr.Tab("Status", id="status"):
                build_status_tab(client, demo, ui_version=UI_VERSION, mcp_url=settings.mcp_url)
            with gr.Tab("API Documentation", id="api-docs-tab"):
                build_api_docs_tab(client, demo, settings.api_port)
            with gr.Tab("Quick Start", id="quick-start-tab"):
                build_quick_start_tab()
            with gr.Tab("About", id="about-tab"):
                build_about_tab()
    return demo


def launch_options(settings: Settings) -> dict[str, Any]:
    """Look and limits for ``Blocks.launch``.

    System fonts, because the app must work with no network. No run history: it would keep
    the inputs, per-connection API keys included, in the browser's storage.
    """
    theme = gr.themes.Soft(
        primary_hue="orange",
        secondary_hue="slate",
        neutral_hue="slate",
        font=["ui-sans-serif", "system-ui", "-apple-system", "Segoe UI", "Roboto", "sans-serif"],
        font_mono=["ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "monospace"],
    )
    return {"theme": theme, "css": CSS, "run_history": False, "max_file_size": settings.max_upload_bytes}


def launch_ui(demo: gr.Blocks, settings: Settings, *, block: bool) -> None:
    """Serve ``demo`` on HOST:UI_PORT; ``block=False`` returns once it listens (app.py's case)."""
    demo.queue(default_concurrency_limit=16)
    demo.launch(server_name=settings.host, server_port=settings.ui_port, prevent_thread_lock=not block,
                show_error=True, quiet=not block, ssr_mode=False, footer_links=["api", "settings"],
                **launch_options(settings))
