"""The shipped scripted chats: every offline intent, on real-format decks, in-process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from agent.script import ScriptError, load_conversation, report, run_files

CHATS = sorted((Path(__file__).resolve().parents[1] / "chats").glob("*.yaml"))


def test_at_least_twenty_chats_ship() -> None:
    assert len(CHATS) >= 20


@pytest.mark.parametrize("chat", CHATS, ids=[c.stem for c in CHATS])
async def test_scripted_chat_passes(chat: Path, data_dir: Path) -> None:
    results = await run_files([chat], data_dir=data_dir)
    assert not results[0].failures, report(results)


async def test_a_wrong_expectation_fails_with_a_readable_report(tmp_path: Path, data_dir: Path) -> None:
    chat = tmp_path / "wrong.yaml"
    chat.write_text(
        "name: wrong on purpose\n"
        "turns:\n"
        "  - say: what does lightning bolt do?\n"
        "    expect:\n"
        "      contains: ['4 damage']\n"
        "      steps: ['Compare the moons']\n"
        "      facts: {'cards.Lightning Bolt.mana_value': 2}\n",
        encoding="utf-8",
    )
    results = await run_files([chat], data_dir=data_dir)
    text = report(results)
    assert "FAIL  wrong on purpose" in text
    assert "answer lacks '4 damage'" in text
    assert "Compare the moons" in text
    assert "is 1, expected 2" in text
    assert text.rstrip().endswith("0 passed, 1 failed")


def test_bad_chat_file_names_the_file_and_exits_2(tmp_path: Path) -> None:
    chat = tmp_path / "bad.yaml"
    chat.write_text("name: no turns\nturns: []\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "agent.script", str(chat)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    assert "bad.yaml" in done.stderr


def test_duplicate_keys_are_refused_not_silently_merged(tmp_path: Path) -> None:
    chat = tmp_path / "dup.yaml"
    chat.write_text(
        "name: dup\nturns:\n  - say: hi\n    expect:\n      contains: [a]\n      contains: [b]\n",
        encoding="utf-8",
    )
    with pytest.raises(ScriptError, match=r"duplicate key 'contains' \(line 6\)"):
        load_conversation(chat)


def test_every_chat_file_is_valid() -> None:
    for chat in CHATS:
        conversation, decks = load_conversation(chat)
        assert conversation.turns
        assert any(d is not None for d in decks) or chat.stem in {
            "06_card_misspelled", "07_card_in_sentence", "08_compare_cards", "10_odds_hypothetical",
            "12_legality_card", "15_greeting", "16_help", "17_out_of_scope", "18_no_deck_attached",
            "23_search", "meta_01_best_deck_standard", "meta_02_modern_and_assumed_format",
            "meta_04_unknown_opponent_and_no_deck",
        }


def test_cli_exit_code_follows_the_results(tmp_path: Path, data_dir: Path) -> None:
    ok = subprocess.run(
        [sys.executable, "-m", "agent.script", "--data-dir", str(data_dir),
         str(CHATS[0].parent / "15_greeting.yaml")],
        capture_output=True, text=True, timeout=120,
    )
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "1 passed, 0 failed" in ok.stdout


def test_chats_run_against_a_live_server_over_websocket(data_dir: Path) -> None:
    from tests.api.live import LiveServer, make_settings

    chosen = [c for c in CHATS if c.stem in {"02_mana_izzet", "19_parse_error", "20_deck_memory"}]
    with LiveServer(make_settings(data_dir)) as server:
        done = subprocess.run(
            [sys.executable, "-m", "agent.script", "--url", server.ws_url, *map(str, chosen)],
            capture_output=True, text=True, timeout=240,
        )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "3 passed, 0 failed" in done.stdout
