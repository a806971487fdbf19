"""Hostile text in a shared deck, through the real API into what the UI renders.

A deck name or card line is the player's (or whoever shared the deck's) words: the UI must
show them as written, never as HTML a browser acts on or as a live Markdown link or image.
"""

from __future__ import annotations

import re

import pytest

from tests.api.conftest import SAMPLE_DECK
from tests.api.live import LiveServer
from ui.client import ApiClient
from ui.deck_tab import make_analyze_fn

pytestmark = pytest.mark.timeout(120)

HOSTILE_NAMES = [
    "<b>bold</b> deck",
    '<img src="http://127.0.0.1:9/pixel.png">',
    "![pixel](http://127.0.0.1:9/pixel.png)",
    "[claim your prize](https://phish.example/login)",
    "visit www.phish.example now",
]


def _renders_nothing_live(markdown: str) -> None:
    markdown = re.sub(r"`[^`]*`", "", markdown)  # a code span shows its text as written
    assert not re.search(r"<\s*(b|img|script|a)\b", markdown, re.IGNORECASE), markdown
    assert "](" not in markdown, markdown  # no Markdown link or image
    assert "://" not in markdown and "www." not in markdown, markdown  # no bare address to autolink


@pytest.mark.parametrize("name", HOSTILE_NAMES)
async def test_a_hostile_deck_name_is_shown_as_text(server: LiveServer, name: str) -> None:
    analyze = make_analyze_fn(ApiClient(server.url, timeout=60))
    outputs = await analyze(f"About\nName {name}\n\n{SAMPLE_DECK}")
    summary = outputs[1]
    assert isinstance(summary, str) and summary.startswith("### "), outputs[0]
    _renders_nothing_live(summary)


async def test_script_card_lines_stay_visible_in_the_problem_list(server: LiveServer) -> None:
    analyze = make_analyze_fn(ApiClient(server.url, timeout=60))
    deck = SAMPLE_DECK + "4 <script>alert(1)</script>\n1 <img src=http://127.0.0.1:9/p.png>\n"
    outputs = await analyze(deck)
    problems = outputs[0]["value"]
    _renders_nothing_live(problems)
    assert "`4 <script>alert(1)</script>`" in problems  # the line, shown as written
    # outside its code span the tag never appears raw (the grouped list names the line once)
    assert problems.replace("`4 <script>alert(1)</script>`", "").count("<script>") == 0
    assert 'unknown card: "4 "' not in problems
