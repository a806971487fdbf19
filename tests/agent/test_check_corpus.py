"""The planted-error corpus through the CLI's code path: errors caught, right drafts left alone.

``tests/agent/check_corpus/manifest.json`` lists 200+ drafts over the realdata decks (see
``build.py`` there): half right, half with one planted error of each kind issue 13 lists.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from agent.check.__main__ import EXIT_FLAGGED, EXIT_OK, exit_code, run
from arena.deck_service import DeckCache

CORPUS = Path(__file__).parent / "check_corpus"
MANIFEST: list[dict[str, Any]] = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def outcomes(catalog: Any, realdata: Path) -> list[tuple[dict[str, Any], int, Any]]:
    cache = DeckCache()

    async def all_drafts() -> list[tuple[dict[str, Any], int, Any]]:
        out = []
        for entry in MANIFEST:
            report = await run(realdata / "decks" / entry["deck"], CORPUS / entry["draft"], entry["question"],
                               catalog, cache, trials=2000)
            out.append((entry, exit_code(report), report))
        return out

    return asyncio.run(all_drafts())


def test_the_corpus_is_big_enough_and_covers_every_kind() -> None:
    kinds = Counter(e["kind"] for e in MANIFEST if not e["right"])
    assert len(MANIFEST) >= 200
    assert sum(1 for e in MANIFEST if e["right"]) >= 100 and sum(kinds.values()) >= 100
    assert set(kinds) == {"count_swap", "play_draw", "wrong_pct", "off_color", "made_up_card", "over_cut", "wrong_guild"}
    assert min(kinds.values()) >= 10


def test_no_false_alarm_on_right_drafts(outcomes) -> None:
    alarms = [(e["draft"], [c.to_dict() for c in r.claims if c.status != "verified"])
              for e, code, r in outcomes if e["right"] and code != EXIT_OK]
    assert alarms == []


def test_planted_errors_are_caught_as_wrong_claims(outcomes) -> None:
    planted = [(e, code, r) for e, code, r in outcomes if not e["right"]]
    caught = [e for e, code, r in planted if code == EXIT_FLAGGED and r.wrong]
    missed = [(e["draft"], e["planted"]) for e, code, r in planted if not (code == EXIT_FLAGGED and r.wrong)]
    assert len(caught) / len(planted) >= 0.95, missed
    per_kind = Counter(e["kind"] for e in caught)
    assert all(per_kind[k] >= 0.9 * n for k, n in Counter(e["kind"] for e, _, _ in planted).items()), (per_kind, missed)


def test_the_right_drafts_bind_many_claims(outcomes) -> None:
    verified = [len(r.verified) for e, _, r in outcomes if e["right"]]
    assert sum(verified) / len(verified) >= 5  # a check that binds nothing verifies nothing
