"""``python -m arena analyze`` as a player runs it: a real process, a file or stdin."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "izzet_prowess.txt"


def _run(args: list[str], data_dir: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "arena", "analyze", *args, "--data-dir", str(data_dir)],
        cwd=REPO, input=stdin, capture_output=True, timeout=120, check=False,
    )


def test_report_on_the_bundled_example(data_dir: Path) -> None:
    done = _run([str(EXAMPLE), "--trials", "2000"], data_dir)
    assert done.returncode == 0, done.stderr.decode()
    out = done.stdout.decode()
    assert out.startswith("Izzet Prowess — Izzet prowess (UR)")
    assert "Mana curve (nonland copies)" in out
    assert "Karsten's 60-card table" in out
    assert "Opening hands (2,000 Monte Carlo trials, seed 0)" in out
    assert "19.59 + 1.90 × 1.45" in out


def test_json_from_stdin(data_dir: Path) -> None:
    done = _run(["-", "--json", "--trials", "500", "--suggest"], data_dir, stdin=EXAMPLE.read_bytes())
    assert done.returncode == 0, done.stderr.decode()
    result = json.loads(done.stdout)
    assert result["main_count"] == 60 and result["side_count"] == 9
    assert result["archetype"]["name"] == "Izzet"
    assert result["odds"]["opening_hands"]["trials"] == 500
    assert {"cuts", "adds"} <= set(result["suggestions"])


def test_bad_deck_lists_every_line_on_stderr(data_dir: Path) -> None:
    done = _run(["-"], data_dir, stdin=b"Deck\n4 Lightnig Bolt\n4 Qwxyzzy Plorb\n20 Mountain\n")
    assert done.returncode == 2
    err = done.stderr.decode()
    assert "line 2" in err and "Lightning Bolt" in err and "line 3" in err
    assert done.stdout == b""


def test_missing_file_is_a_clear_error(data_dir: Path, tmp_path: Path) -> None:
    done = _run([str(tmp_path / "nope.txt")], data_dir)
    assert done.returncode == 2
    assert "cannot read" in done.stderr.decode() and "nope.txt" in done.stderr.decode()
