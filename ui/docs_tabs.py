"""The API Documentation, Quick Start and About tabs.

The docs URL is worked out in the browser, because only the browser knows where it is:
on a Hugging Face Space the API sits behind the Space's proxy (``/proxy/7860/docs``),
locally it is the same host on the API port.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import gradio as gr

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

ENDPOINTS_MD = """
| Method | Path | What it does |
| --- | --- | --- |
| `WS` | `/ws/chat` | Chat with streaming: send `hello`, then `user_message` (`text`, optional `deck`); receive `ready`, `step`, `tool`, `token`, `consensus`, `message`, `done` |
| `POST` | `/api/v1/chat` | One chat turn without streaming (same events, collected) |
| `POST` | `/api/v1/decks` | Store a deck (`{"text": ...}`: Arena export, CSV, MTGO .dek, JSON) → `201 {id, ...}`; unreadable lines → `422` with line numbers |
| `GET` | `/api/v1/decks/{id}/analysis` | Curve, pips, sources, Karsten requirements, land count, odds |
| `GET` | `/api/v1/cards/...` | Card lookup and search in the catalog |
| `GET` | `/api/v1/threads/{id}/messages` | A conversation's messages and its deck |
| `GET` | `/api/v1/status` | Provider, configured keys (yes/no only), catalog, version |
| `GET` | `/health`, `/health/ready` | Liveness and readiness |
"""

QUICK_START_MD = """
## Quick start

1. **Get your deck out of Arena.** In the Decks screen, open the deck and press **Export**
   (the deck is copied to your clipboard as text: `Deck`, then `4 Card Name (SET) 123` lines).
2. **Paste it into the Chat** with a question, e.g. *"what's wrong with my mana?"*, and send.
   You can also attach the file (Arena `.txt`, a CSV export, or an MTGO `.dek`) with the 📎 button.
3. **Watch the reasoning.** Each step Vawlrathh takes (reading the deck, counting sources,
   checking Frank Karsten's numbers, running the odds) appears as a collapsible note,
   then the answer, then the second opinion on it.
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
second opinion checks that every number and card in the draft matches the facts (and, with an
Anthropic key, Claude reviews it as a judge) before it reaches you.

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


def build_api_docs_tab(api_port: int, api_url: str) -> None:
    """The FastAPI docs in a frame, plus the endpoint list."""
    gr.Markdown("## API documentation\nEverything the UI does goes through this API; "
                "scripts and other clients can use it the same way.")
    gr.HTML(
        value="",
        html_template=DOCS_HTML,
        js_on_load=DOCS_URL_JS,
        api_port=api_port,
        public_api_url=public_api_url(api_url),
        elem_id="api-docs",
    )
    gr.Markdown(ENDPOINTS_MD)


def build_quick_start_tab() -> None:
    gr.Markdown(QUICK_START_MD, elem_id="quick-start")


def build_about_tab() -> None:
    gr.Markdown(ABOUT_MD, elem_id="about")
