"""The Deck tab: the conversation's deck and its numbers, or any deck pasted or uploaded here.

It follows the chat: a deck pasted or attached there shows here at once (and again after a
reload). The deck goes to ``POST /api/v1/decks`` and the facts come from
``GET /api/v1/decks/{id}/analysis``; parse errors come back with line numbers and are shown
grouped, each line once; the rest of the page is cleared so stale numbers never sit next to them.
Programs call ``/analyze_deck`` (gradio_client) and get plain JSON, not the page's widgets.
"""

from __future__ import annotations

import logging
from typing import Any

import gradio as gr
import pandas as pd

from ui import facts_view as fv
from ui.chat import format_rejection
from ui.chat_tab import SAMPLE_DECK
from ui.client import ApiClient, ApiError, ApiUnavailable, DeckRejected
from ui.deck_input import DECK_FILE_SUFFIXES, DeckFileError, deck_name, read_deck_file

logger = logging.getLogger(__name__)

_EMPTY = pd.DataFrame()


def make_analyze_fn(client: ApiClient) -> Any:
    """Build the Analyze handler: deck text in, every output of the tab out."""

    async def show_analysis(text: str) -> tuple[Any, ...]:
        """Analyze a deck (Arena export, CSV, .dek or JSON text) and fill the tab with its facts."""
        if not text or not text.strip():
            return _failure("Paste a deck or upload a file first.")
        try:
            created, facts = await client.analyze_text(text)
        except DeckRejected as exc:
            return _failure(format_rejection(exc.message, exc.problems))
        except ApiUnavailable as exc:
            return _failure(f"**Can't reach the API.** {exc.message}")
        except ApiError as exc:
            return _failure(f"**The API refused** (`{exc.code}`): {exc.message}")
        except Exception:
            logger.exception("Deck analysis failed")
            return _failure("**Analysis failed unexpectedly.** The details are in the UI's log.")
        name = deck_name(text) or (created.get("deck") or {}).get("name")
        return (
            gr.update(value="", visible=False),
            fv.summary_markdown(facts, name),
            gr.update(value=fv.curve_frame(facts), visible=True),
            _shown(fv.color_frame(facts)),
            fv.land_markdown(facts),
            _shown(_or_note(fv.shortfall_frame(facts), "No shortfalls: every card has the sources Karsten asks for.")),
            _shown(fv.land_drop_frame(facts)),
            _shown(fv.cast_on_curve_frame(facts)),
            facts,
        )

    return show_analysis


def make_follow_fn(analyze: Any) -> Any:
    """Build the handler that shows the chat's deck here: its text in the editor, then its numbers."""

    async def follow(deck: Any) -> tuple[Any, ...]:
        text = deck.get("text") if isinstance(deck, dict) else None
        if not text:
            return (gr.skip(),) * 10
        return (text, *(await analyze(text)))

    return follow


def make_api_fn(client: ApiClient) -> Any:
    """The ``/analyze_deck`` endpoint for programs: plain JSON in, plain JSON out."""

    async def analyze_deck(deck: str) -> dict[str, Any]:
        """Analyze a deck (Arena export, CSV, MTGO .dek or JSON text).

        Returns {"ok": true, "deck_id", "name", "analysis": {...}} or {"ok": false, "error": {"code",
        "message", "problems": [{"line", "text", "reason", "suggestions"}]}}.
        """
        if not deck or not deck.strip():
            return {"ok": False, "error": {"code": "empty_deck", "message": "The deck text is empty.", "problems": []}}
        try:
            created, facts = await client.analyze_text(deck)
        except DeckRejected as exc:
            return {"ok": False, "error": {"code": exc.code, "message": exc.message, "problems": exc.problems}}
        except ApiError as exc:
            return {"ok": False, "error": {"code": exc.code, "message": exc.message, "problems": []}}
        return {"ok": True, "deck_id": created.get("id"), "name": deck_name(deck) or (created.get("deck") or {}).get("name"),
                "analysis": facts}

    return analyze_deck


def _or_note(frame: pd.DataFrame, note: str) -> pd.DataFrame:
    return frame if not frame.empty else pd.DataFrame({"": [note]})


def _shown(frame: pd.DataFrame) -> Any:
    return gr.update(value=frame, visible=True)


# Tables stay hidden until there are numbers to show: an empty table draws placeholder "1 2 3" headers.
_HIDDEN = gr.update(value=_EMPTY, visible=False)


def _failure(message: str) -> tuple[Any, ...]:
    # Every output is cleared, so no number from an earlier deck sits next to the error.
    return (gr.update(value=f"⚠ {message}", visible=True), "", gr.update(value=fv.curve_frame({}), visible=False), _HIDDEN, "",
            _HIDDEN, _HIDDEN, _HIDDEN, {})


def load_file(path: str | None, max_bytes: int) -> tuple[Any, Any]:
    """Put an uploaded deck file's text into the editor, or say why it can't be read."""
    if not path:
        return gr.skip(), gr.skip()
    try:
        return read_deck_file(path, max_bytes=max_bytes), gr.update(value="", visible=False)
    except DeckFileError as exc:
        return gr.skip(), gr.update(value=f"⚠ {exc}", visible=True)


def build_deck_tab(client: ApiClient, *, max_deck_bytes: int, deck_state: gr.State | None = None) -> None:
    """Render the deck tab inside the current Blocks context; it follows ``deck_state`` (the chat's deck)."""
    with gr.Row(equal_height=False):
        with gr.Column(scale=2, min_width=300):
            deck_text = gr.Textbox(
                label="Deck",
                lines=20,
                max_lines=40,
                placeholder="Paste an Arena export:\n\nDeck\n4 Monastery Swiftspear\n4 Lightning Strike\n…\n\nSideboard\n2 Shock",
                elem_id="deck-text",
            )
            with gr.Row():
                upload = gr.UploadButton("Upload .txt / .csv / .dek", file_types=list(DECK_FILE_SUFFIXES),
                                         type="filepath", size="sm", variant="secondary")
                sample = gr.Button("Load sample deck", size="sm", variant="secondary")
            analyze = gr.Button("Analyze", variant="primary", elem_id="analyze-deck")
        with gr.Column(scale=3, min_width=360):
            problems = gr.Markdown(visible=False, elem_id="deck-problems")
            summary = gr.Markdown("Paste a deck and press **Analyze** to see its numbers.", elem_id="deck-summary")
            curve = gr.BarPlot(
                x="Mana value", y="Cards", title="Mana curve", sort=fv.CURVE_ORDER,
                height=240, x_label_angle=0, elem_id="curve-plot", visible=False,
            )
            colors = gr.Dataframe(label="Colored pips vs sources (Frank Karsten's table)", interactive=False,
                                  wrap=True, elem_id="color-table", visible=False)
            land = gr.Markdown(elem_id="land-rec")
            shortfalls = gr.Dataframe(label="Karsten shortfalls: cards that need more sources",
                                      interactive=False, wrap=True, max_height=260, elem_id="shortfall-table",
                                      visible=False)
            drops = gr.Dataframe(label="Land drops on curve", interactive=False, elem_id="drops-table", visible=False)
            on_curve = gr.Dataframe(label="Casting each spell on curve (least likely first)", interactive=False,
                                    max_height=300, elem_id="on-curve-table", visible=False)
            with gr.Accordion("All facts (JSON)", open=False):
                raw = gr.JSON()

    outputs = [problems, summary, curve, colors, land, shortfalls, drops, on_curve, raw]
    analyze_fn = make_analyze_fn(client)
    analyze.click(analyze_fn, [deck_text], outputs, api_visibility="undocumented")
    gr.api(make_api_fn(client), api_name="analyze_deck")
    if deck_state is not None:
        deck_state.change(make_follow_fn(analyze_fn), [deck_state], [deck_text, *outputs],
                          api_visibility="undocumented")
    upload.upload(lambda p: load_file(p, max_deck_bytes), [upload], [deck_text, problems],
                  api_visibility="undocumented")
    sample.click(lambda: SAMPLE_DECK.read_text(encoding="utf-8"), None, [deck_text],
                 api_visibility="undocumented", queue=False)
