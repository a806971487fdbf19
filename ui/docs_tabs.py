"""The API Documentation, Quick Start and About tabs.

The docs URL is worked out in the browser, because only the browser knows where it is:
on a Hugging Face Space the API sits behind the Space's proxy (``/proxy/7860/docs``),
locally it is the same host on the API port.
"""

from __future__ import annotations

from typing import Any, get_args
from urllib.parse import urlsplit

import gradio as gr

from agent import events
from ui.client import ApiClient, ApiError

# Runs in the browser when the tab renders. ``props.api_port`` and ``props.public_api_url``
# come from the server; everything else from window.location.
DOCS_URL_JS = """
const loc = window.location;
const port = String(props.api_port);
let base;
if (props.public_api_url) {
  base = props.public_api_url;
} else if (loc.hostname.endsWith('.hf.space')) {
  base = loc.origin + '/proxy/' + port;
} else {
  const m = loc.pathname.match(/^(.*\\/proxy\\/)\\d+(\\/|$)/);
  base = m ? loc.origin + m[1] + port : loc.protocol + '//' + loc.hostname + ':' + port;
}
const docs = base.replace(/\\/$/, '') + '/docs';
element.querySelector('iframe').src = docs;
for (const a of element.querySelectorAll('a.docs-link')) { a.href = docs; a.textContent = docs; }
const openapi = element.querySelector('a.openapi-link');
if (openapi) { openapi.href = base.replace(/\\/$/, '') + '/openapi.json'; }
"""

DOCS_HTML = """
<div class="api-docs">
  <p>Interactive docs: <a class="docs-link" href="#" target="_blank" rel="noopener">…</a>
     · schema: <a class="openapi-link" href="#" target="_blank" rel="noopener">openapi.json</a></p>
  <iframe title="Vawlrathh API documentation" loading="lazy"
          style="width:100%;height:70vh;border:1px solid var(--border-color-primary);border-radius:8px;background:white"></iframe>
</div>
"""

OFFLINE_NOTE = (
    "<sub>The interactive page loads Swagger UI from a CDN; on a machine with no internet it stays "
    "blank. The reference below is read from the API's own <code>openapi.json</code> and always works.</sub>"
)


def render_endpoints(openapi: dict[str, Any]) -> str:
    """A Markdown reference of every REST route, straight from the API's OpenAPI document."""
    rows = ["| Method | Path | What it does |", "| --- | --- | --- |"]
    for path, operations in (openapi.get("paths") or {}).items():
        for method, op in operations.items():
            if method.lower() not in {"get", "post", "put", "patch", "delete"} or not isinstance(op, dict):
                continue
            summary = str(op.get("summary") or op.get("operationId") or "").replace("|", "\\|")
            rows.append(f"| `{method.upper()}` | `{path}` | {summary} |")
    return "\n".join(rows)


def render_websocket() -> str:
    """The WebSocket protocol, listed from the stream schema itself (agent.events)."""
    client = ", ".join(f"`{name}`" for name in _event_types(events.ClientEvent))
    server = ", ".join(f"`{name}`" for name in _event_types(events.ServerEvent))
    return (
        "**WebSocket `/ws/chat`** (streaming chat): send "
        f"{client}; receive {server}. Every turn ends with `done`. "
        "Send `hello` first (optional `thread_id` to resume, per-connection `keys`, `model`, and "
        "`owner_key` to let the chat read your uploaded match history), "
        "then `user_message` with `text` and, once per conversation, the raw `deck`."
    )


def _event_types(union: Any) -> list[str]:
    members = get_args(get_args(union)[0])  # Annotated[A | B | ..., Field(...)] -> (A, B, ...)
    return [m.model_fields["type"].default for m in members]


def make_reference_fn(client: ApiClient) -> Any:
    """Build the loader for the endpoint reference."""

    async def api_reference() -> str:
        """Read the API's OpenAPI document and list its routes."""
        try:
            _, openapi = await client.request("GET", "/openapi.json")
        except ApiError as exc:
            return f"Could not read the API's OpenAPI document: {exc.message}"
        title = openapi.get("info", {}).get("title", "API")
        version = openapi.get("info", {}).get("version", "?")
        return f"### {title} {version}\n\n{render_websocket()}\n\n{render_endpoints(openapi)}"

    return api_reference


QUICK_START_MD = """
## Quick start

1. **Get your deck out of Arena.** In the Decks screen, open the deck and press **Export**
   (the deck is copied to your clipboard as text: `Deck`, then `4 Card Name (SET) 123` lines).
2. **Paste it into the Chat** with a question, e.g. *"what's wrong with my mana?"*, and send.
   You can also attach the file (Arena `.txt`, a CSV export, or an MTGO `.dek`) with the paperclip button.
3. **Watch the reasoning.** Each step Vawlrathh takes (reading the deck, counting sources,
   checking Frank Karsten's numbers, running the odds) appears as a collapsible note,
   then the answer, then the fact check's badge under it.
4. **Keep talking.** The deck stays with the conversation: ask which cards to cut, how many
   lands to play, or about any card by name. **New chat** starts over with a clean slate.
5. **Just the numbers?** The **Deck** tab shows the curve, pips against sources, shortfalls,
   the land recommendation and the odds for any deck, no chatting required.

### Run it yourself

```bash
python -m pip install -r requirements.txt
python app.py            # API on :7860, this UI on :7861
```

No key is needed: the offline provider answers with the same tools. Set `OPENAI_API_KEY`,
`ANTHROPIC_API_KEY` (Claude also judges answers) or `OPENAI_BASE_URL` (Ollama, vLLM, llama.cpp)
to let a model write the answers. Ports come from `API_PORT` and `UI_PORT`, the host from `HOST`.
"""

ABOUT_MD = """
## About Vawlrathh

*Vawlrathh, The Small'n* is a deck assistant for **Magic: The Gathering Arena** players with
a short temper and a long memory for numbers. Everything it says about your deck is
**computed, not guessed**: the mana curve, colored pips and the sources your lands really
produce, Frank Karsten's source requirements for every card, exact hypergeometric odds of
hitting land drops, and simulated opening hands.

**How an answer is made.** Each turn runs in order: understand the question, plan the steps,
run them with real tools over the card catalog, draft the answer in Vawlrathh's voice, then a
fact check splits the draft into claims and checks each against the one fact it asserts (the
land count, those exact odds, that color's sources, the copies you own) and every card name
against the catalog; with an Anthropic key Claude also reviews it as a judge. The badge under
the answer names what checked it: "Fact check: 12 claims verified", "Fact check + Claude:
agree", "Revised after the fact check" or "Flagged: 1 claim could not be verified".

**Cards.** An offline catalog of about 35,000 cards ships with the app; importing Scryfall's
bulk data adds sets, rarities, legalities and prices.

**Privacy.** Keys you type in the chat's *Use your own model* box are sent to the API for your
connection only; they are never stored, logged or shown back.

Vawlrathh is unofficial Fan Content permitted under the Wizards of the Coast Fan Content Policy.
Not approved/endorsed by Wizards. Magic: The Gathering is © Wizards of the Coast LLC.
"""


def public_api_url(api_url: str) -> str:
    """The API URL to show browsers, or "" when it is loopback-only and the browser must guess."""
    host = urlsplit(api_url).hostname or ""
    return "" if host in {"127.0.0.1", "localhost", "::1", "0.0.0.0"} else api_url.rstrip("/")


def build_api_docs_tab(client: ApiClient, demo: gr.Blocks, api_port: int) -> None:
    """The FastAPI docs in a frame, plus a reference read from the live OpenAPI document."""
    gr.Markdown("## API documentation\nEverything the UI does goes through this API; "
                "scripts and other clients can use it the same way.")
    gr.HTML(
        value="",
        html_template=DOCS_HTML,
        js_on_load=DOCS_URL_JS,
        api_port=api_port,
        public_api_url=public_api_url(client.base_url),
        elem_id="api-docs",
    )
    gr.Markdown(OFFLINE_NOTE)
    reference = gr.Markdown("Reading the API's OpenAPI document…", elem_id="api-reference")
    demo.load(make_reference_fn(client), None, reference, api_visibility="undocumented")


def build_quick_start_tab() -> None:
    gr.Markdown(QUICK_START_MD, elem_id="quick-start")


def build_about_tab() -> None:
    gr.Markdown(ABOUT_MD, elem_id="about")
