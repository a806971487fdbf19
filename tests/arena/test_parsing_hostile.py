"""Hostile input under the size limits: each is refused with a reason, in bounded time.

A regular expression that backtracks on a long run of spaces, or a loop that peels one
marker per pass, turns a 1 MB paste into minutes of CPU; the timeout catches a regression.
"""

from __future__ import annotations

import json

import pytest

from arena.errors import DeckParseError
from arena.parsing import parse_deck

N = 1_000_000 - 16


def only_problem(text: str, catalog):
    with pytest.raises(DeckParseError) as caught:
        parse_deck(text, catalog)
    assert len(caught.value.problems) == 1
    problem = caught.value.problems[0]
    assert len(problem.text) <= 201  # quoted text is capped, the message stays readable
    return problem


@pytest.mark.timeout(60)
@pytest.mark.parametrize(("text", "reason"), [
    ("4 " + "A" * N, "malformed line: a 999,984-character name is not a card name"),
    ("A" * N, "malformed line: a 999,984-character name is not a card name"),
    ("Deck" + ":" * N, "malformed line: a 999,988-character name is not a card name"),
    ("4 A" + " *F*" * (N // 4), "malformed line: more than 6 markers and tags after the name"),
    ("4 A" + " [x]" * (N // 4), "malformed line: more than 6 markers and tags after the name"),
    ("Sideboard" + " " * N + "x", "unknown section header"),
    ("Count,Name\n4," + "A" * N, "unreadable CSV row: field larger than field limit (131072)"),
    ("[" * 100_000 + "]" * 100_000, "malformed JSON: nested too deeply to be a deck"),
    (json.dumps(["4 " + "A" * N]), "malformed line: a 999,984-character name is not a card name"),
])
def test_hostile_line_is_refused_with_a_reason(catalog, text: str, reason: str) -> None:
    assert only_problem(text, catalog).reason == reason


_DIGITS = "1" * 5000
_ABSURD = "count 111111… (5,000 digits) is absurd (at most 250 copies on one line)"


@pytest.mark.parametrize(("text", "reason"), [
    (f"{_DIGITS} Island", _ABSURD),
    (f"Count,Name\n{_DIGITS},Island", _ABSURD),
    (f'<Deck><Cards Quantity="{_DIGITS}" Name="Island" Sideboard="false"/></Deck>', _ABSURD),
    (f'[{{"count": "{_DIGITS}", "name": "Island"}}]', _ABSURD),
    (f'["{_DIGITS} Island"]', _ABSURD),
    (f'[{{"count": {_DIGITS}, "name": "Island"}}]', "malformed JSON: a number too long to be a count"),
    (f'[{{"count": {"1" * 4000}, "name": "Island"}}]', "count 111111… is absurd (at most 250 copies on one line)"),
])
def test_counts_with_thousands_of_digits_are_refused_not_crashed(catalog, text: str, reason: str) -> None:
    assert only_problem(text, catalog).reason == reason


@pytest.mark.timeout(60)
def test_long_whitespace_runs_collapse(catalog) -> None:
    problem = only_problem("4 Lightnig" + " " * N + "Bolt", catalog)
    assert problem.reason == "unknown card"
    assert problem.suggestions[0] == "Lightning Bolt"
    deck = parse_deck("4 Lightning" + "\t" * 1000 + "Bolt  (M11)   149", catalog)
    assert (deck.main[0].name, deck.main[0].set_code) == ("Lightning Bolt", "M11")


@pytest.mark.timeout(60)
def test_deep_xml_has_no_cards(catalog) -> None:
    problem = only_problem("<Deck>" + "<a>" * 50_000 + "</a>" * 50_000 + "</Deck>", catalog)
    assert problem.reason == "no card lines in 1 line of input"
