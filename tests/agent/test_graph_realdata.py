"""Every real-world deck sample through the offline graph: parsed ones answer, broken ones explain.

Whatever the sample, the consensus never has to revise or flag an offline answer (every number
is a fact, every bold name a card) and no step fails except where arithmetic forbids it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.events import Step
from tests.agent.test_graph import Harness
from tests.conftest import REALDATA

SAMPLES = sorted(
    [*REALDATA.glob("decks/*.txt"), *REALDATA.glob("mtgo/*.dek"), *REALDATA.glob("csv/*.csv")]
) if REALDATA.is_dir() else []
FOLLOW_UPS = ["what's wrong with my mana?", "what should I cut and add?", "chance to hit my third land on turn 3"]


def _read(sample: Path) -> str:
    return sample.read_bytes().decode("utf-8", errors="replace")


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.name for p in SAMPLES])
async def test_real_sample_gets_a_checked_answer(catalog, realdata: Path, sample: Path) -> None:
    harness = Harness(catalog)
    first = await harness.turn("analyze my deck", deck=_read(sample))
    if first.errors:  # the sample does not parse: every bad line is named in the answer, no badge
        assert first.verdict.verdict == "skipped" and first.verdict.badge is None
        assert first.errors[0].code in ("deck_parse_error", "deck_too_large", "deck_error")
        problems = first.errors[0].details or []
        foreign = [p for p in problems if "Arena export?" in p["reason"] or " name of " in p["reason"]]
        if foreign:  # a localized export: one explanation with its line range, not a wall of lines
            lines = sorted(p["line"] for p in foreign)
            assert f"lines {lines[0]} to {lines[-1]}: this is a" in first.text and "set the language to English" in first.text
            assert first.text.count("unknown card") == 0
        for problem in [p for p in problems if p not in foreign][:12]:
            assert f"line {problem['line']}" in first.text
        return
    assert first.verdict.verdict == "agree", first.verdict.notes
    assert f"{first.facts['analysis']['main_count']} cards" in first.text
    for question in FOLLOW_UPS:
        turn = await harness.turn(question)
        assert turn.verdict.verdict == "agree", (question, turn.verdict.notes)
        for step in turn.of(Step):
            if step.status == "error":  # only a deck too small for the question may refuse it
                assert "would need" in (step.detail or ""), step.detail
                assert step.detail in turn.text
