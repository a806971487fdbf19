"""Perplexity's API on loopback: ``POST /search`` and ``POST /chat/completions`` with a Bearer key.

Shapes follow the SDK's models (``ApiSearchResponseOutput``, ``CompletionResponseOutput``):
search results carry ``title``, ``url``, ``snippet``, ``date``; a completion carries
``choices``, ``citations`` and ``search_results``. Errors are ``{"error": {...}}``.
"""

from __future__ import annotations

from typing import Any

from tests.fakes.search_server import Answer, FakeSearchServer

DEFAULT_PAGES: list[dict[str, Any]] = [
    {
        "title": "Standard Metagame - MTGTop8",
        "url": "https://www.mtgtop8.com/format?f=ST",
        "snippet": "Izzet Prowess 19% of decks in the last two weeks.",
        "date": "2026-11-29",
        "last_updated": "2026-11-30",
    },
    {
        "title": "Top Standard decks - Untapped.gg",
        "url": "https://mtga.untapped.gg/meta/tier-list",
        "snippet": "Tier 1: Izzet Prowess, Selesnya Landfall.",
        "date": "2026-11-27",
        "last_updated": None,
    },
]
DEFAULT_ANSWER = (
    "Izzet Prowess leads Standard at 19% of decks on MTGTop8 (29 November 2026) [1]; "
    "Untapped.gg lists it in tier 1 with Selesnya Landfall [2]."
)


def error(status: int, message: str, kind: str) -> Answer:
    return status, {"error": {"message": message, "type": kind, "code": status}}, {}


class FakePerplexity(FakeSearchServer):
    """Answers search with ``pages`` and completions with ``answer`` citing those pages."""

    def __init__(self, pages: list[dict[str, Any]] | None = None, *, answer: str = DEFAULT_ANSWER,
                 api_key: str = "pplx-test-key") -> None:
        super().__init__()
        self.pages = DEFAULT_PAGES if pages is None else pages
        self.answer_text = answer
        self.api_key = api_key

    def answer(self, path: str, body: Any) -> Answer:
        if self.requests[-1].headers.get("authorization") != f"Bearer {self.api_key}":
            return error(401, "Invalid API key provided.", "invalid_api_key")
        if not isinstance(body, dict):
            return error(400, "body must be JSON", "invalid_request")
        if path == "/search":
            if not body.get("query"):
                return error(422, "query is required", "invalid_request")
            limit = int(body.get("max_results") or 10)
            return 200, {"id": "search-test-1", "results": self.pages[:limit], "server_time": None}, {}
        if path == "/chat/completions":
            if not body.get("model") or not body.get("messages"):
                return error(400, "model and messages are required", "invalid_request")
            message = {"role": "assistant", "content": self.answer_text}
            return 200, {
                "id": "chat-test-1", "model": body["model"], "created": 1764547200,
                "object": "chat.completion",
                "choices": [{"index": 0, "finish_reason": "stop", "message": message,
                             "delta": {"role": "assistant", "content": ""}}],
                "citations": [p["url"] for p in self.pages],
                "search_results": [
                    {"title": p["title"], "url": p["url"], "date": p.get("date"),
                     "last_updated": p.get("last_updated"), "snippet": p.get("snippet"), "source": "web"}
                    for p in self.pages
                ],
                "usage": {"prompt_tokens": 20, "completion_tokens": 40, "total_tokens": 60},
            }, {}
        return error(404, f"no route {path}", "not_found")
