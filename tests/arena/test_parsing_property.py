"""Whatever a player pastes, parse_deck returns a sound Deck or raises a DeckError: never
another exception, never an entry without a card, a count out of range or a wrong line."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arena.errors import DeckError, DeckParseError
from arena.parsing import MAX_COUNT, parse_deck

_COUNTS = ["4", "1", "0", "4x", "4 x", "SB: 2", "", "9999999", "-1", "٤"]
_NAMES = ["Lightning Bolt", "Fire // Ice", "Fire/Ice", "Lightnig Bolt", "Clue", "Wald",
          "A-Heartfire Hero", "Kinnan, Bonder Prodigy", "Island", "", "(M11)", "Æther Vial"]
_TAILS = ["", " (M11) 149", " (PLST) CMR-162", " *F*", " *E*", " *X*", " [Sideboard]",
          " [Maybeboard{noDeck}]", " *CMDR*", " (SET)", "   ", "\t"]
_OTHER_LINES = ["", "Deck", "Sideboard", "Commander", "Companion", "About", "Name Test",
                "Réserve", "// comment", "# note", "Sidebaord", "Maybeboard", "Creatures (4)"]
_OPENERS = ["", "Count,Name\n", "Qty;Card Name\n", '"sep=,"\n', "[", "{", "<Deck>", "\ufeff"]

card_line = st.builds(lambda c, n, t: f"{c} {n}{t}".strip(), st.sampled_from(_COUNTS),
                      st.sampled_from(_NAMES), st.sampled_from(_TAILS))
line = st.one_of(card_line, st.sampled_from(_OTHER_LINES), st.text(max_size=40))
deck_text = st.builds(
    lambda opener, lines, newline: opener + newline.join(lines),
    st.sampled_from(_OPENERS), st.lists(line, max_size=30), st.sampled_from(["\n", "\r\n", "\r"]))


def _check(text: str, catalog) -> None:
    try:
        deck = parse_deck(text, catalog)
    except DeckParseError as err:
        assert err.problems, "a DeckParseError always names at least one line"
        assert all(p.line >= 1 and p.reason for p in err.problems)
        return
    except DeckError:
        return
    line_count = max(1, len(text.replace("\r\n", "\n").replace("\r", "\n").split("\n")))
    entries = deck.entries() + [("excluded", e) for e in deck.excluded]
    assert entries
    for _, entry in entries:
        assert entry.card is not None
        assert 1 <= entry.count <= MAX_COUNT
        assert 1 <= entry.line <= line_count


@settings(max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(deck_text)
def test_generated_deck_text(catalog, text: str) -> None:
    _check(text, catalog)


@settings(max_examples=100, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300))
def test_arbitrary_bytes(catalog, data: bytes) -> None:
    try:
        parse_deck(data, catalog)
    except DeckError:
        pass
