"""Tavily's search API on loopback: ``POST /search`` with a Bearer key, its JSON answers and errors.

Shapes follow Tavily's API reference: results carry ``title``, ``url``, ``content``, ``score``
(and ``published_date`` for news); errors are ``{"detail": {"error": "..."}}``.
"""

from __future__ import annotations

from typing import Any

from tests.fakes.search_server import Answer, FakeSearchServer

DEFAULT_PAGES: list[dict[str, Any]] = [
    {
        "title": "Standard metagame report: Izzet Prowess on top",
        "url": "https://www.mtggoldfish.com/metagame/standard",
        "content": "Izzet Prowess is 21.4% of the Standard metagame over the last two weeks (312 decks).",
        "score": 0.91,
        "published_date": "Mon, 30 Nov 2026 10:00:00 GMT",
    },
    {
        "title": "Standard Challenge top 8 decklists",
        "url": "https://www.mtgo.com/decklist/standard-challenge-32-2026-11-28",
        "content": "Selesnya Landfall and Dimir Excruciator split the top 8.",
        "score": 0.84,
        "published_date": "Sat, 28 Nov 2026 18:00:00 GMT",
    },
]


def unauthorized() -> Answer:
    return 401, {"detail": {"error": "Unauthorized: missing or invalid API key."}}, {}


class FakeTavily(FakeSearchServer):
    """Answers ``/search`` with ``pages`` for the key ``api_key``; 401 for any other key."""

    def __init__(self, pages: list[dict[str, Any]] | None = None, *, api_key: str = "tvly-test-key") -> None:
        super().__init__()
        self.pages = DEFAULT_PAGES if pages is None else pages
        self.api_key = api_key

    def answer(self, path: str, body: Any) -> Answer:
        if path != "/search":
            return 404, {"detail": {"error": f"no route {path}"}}, {}
        if self.requests[-1].headers.get("authorization") != f"Bearer {self.api_key}":
            return unauthorized()
        if not isinstance(body, dict) or not body.get("query"):
            return 400, {"detail": {"error": "query is required"}}, {}
        limit = int(body.get("max_results") or 5)
        return 200, {
            "query": body["query"], "follow_up_questions": None, "answer": None, "images": [],
            "results": [dict(p, raw_content=None) for p in self.pages[:limit]],
            "response_time": 0.42, "request_id": "req-test-1",
        }, {}
