"""The sync runs the canonical command, keeps the token secret, and refuses what it should."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from tests.deploy.conftest import (
    ISSUE_EXCLUDES,
    TOKEN,
    git,
    listed_files,
    read_record,
    run_sync,
    write,
)

FakeHf = Callable[..., tuple[Path, Path]]


def _path_with(bindir: Path) -> str:
    return f"{bindir}{os.pathsep}{os.defpath}"


def _expected_excludes() -> list[str]:
    """Each issue-6 exclusion at the top level, and at any depth for the non-wildcard ones."""
    out: list[str] = []
    for entry in ISSUE_EXCLUDES:
        out += [entry] if entry.startswith("*") else [entry, "*/" + entry]
    return out


def test_upload_runs_the_canonical_command_with_the_token_in_env_only(
    app_tree: Path, fake_hf: FakeHf
) -> None:
    hf, record = fake_hf()

    done = run_sync(
        app_tree, "Fix the mana math", "--tests", "12 passed, 1 skipped",
        env={"HF_TOKEN": TOKEN, "PATH": _path_with(hf.parent)},
    )

    assert done.returncode == 0, done.stderr
    seen = read_record(record)
    argv = seen["argv"]
    assert isinstance(argv, list)
    title = argv[argv.index("--commit-message") + 1]
    description = argv[argv.index("--commit-description") + 1]
    assert argv == [
        "upload", "MCP-1st-Birthday/vawlrathh", ".", "--repo-type", "space", "--create-pr",
        "--commit-message", title, "--commit-description", description,
        "--exclude", *_expected_excludes(),
    ]
    assert Path(str(seen["cwd"])).resolve() == app_tree.resolve()
    assert seen["token"] == TOKEN
    assert title.startswith("Fix the mana math (tests: 12 passed, 1 skipped; deps:")
    assert "Intent: Fix the mana math" in description
    assert "Tests: 12 passed, 1 skipped" in description


def test_the_token_appears_in_no_output(app_tree: Path, fake_hf: FakeHf) -> None:
    """Not in the printed command, not in hf's own echo of it, not in a dry run."""
    hf, _ = fake_hf()
    env = {"HF_TOKEN": TOKEN, "PATH": _path_with(hf.parent)}

    runs = [
        run_sync(app_tree, "Ship it", env=env),
        run_sync(app_tree, "--dry-run", env=env),
        run_sync(app_tree, "--dry-run", "--run-tests", "--test-command", f"{sys.executable} -c 'print(1)'", env=env),
    ]

    assert runs[0].returncode == 0, runs[0].stderr
    assert "Using token hf_***" in runs[0].stdout  # hf's echo arrived, masked
    for done in runs:
        assert TOKEN not in done.stdout + done.stderr


def test_the_token_is_read_from_dotenv(app_tree: Path, fake_hf: FakeHf) -> None:
    hf, record = fake_hf()
    (app_tree / ".env").write_text(f'# deploy\nexport HF_TOKEN="{TOKEN}"  \n', encoding="utf-8")

    done = run_sync(app_tree, "Ship it", env={"HF_TOKEN": "", "PATH": _path_with(hf.parent)})

    assert done.returncode == 0, done.stderr
    assert read_record(record)["token"] == TOKEN
    assert TOKEN not in done.stdout + done.stderr


def test_refuses_without_a_token(app_tree: Path, fake_hf: FakeHf) -> None:
    hf, record = fake_hf()
    (app_tree / ".env").write_text("HF_TOKEN=\n", encoding="utf-8")

    done = run_sync(app_tree, "Ship it", env={"HF_TOKEN": "", "PATH": _path_with(hf.parent)})

    assert done.returncode == 2
    assert "HF_TOKEN is not set" in done.stderr
    assert not record.exists()


def test_says_how_to_install_hf_when_it_is_missing(app_tree: Path) -> None:
    done = run_sync(app_tree, "Ship it", env={"HF_TOKEN": TOKEN, "PATH": os.defpath})

    assert done.returncode == 2
    assert "pip install -r requirements-deploy.txt" in done.stderr
    assert TOKEN not in done.stdout + done.stderr


def test_newer_hf_cli_gets_one_exclude_flag_per_pattern(app_tree: Path, fake_hf: FakeHf) -> None:
    """hf 1.x+ (typer) would read a bare second pattern as PATH_IN_REPO."""
    hf, record = fake_hf(version="2.4.0")

    done = run_sync(app_tree, "Ship it", "--hf", str(hf), env={"HF_TOKEN": TOKEN})

    assert done.returncode == 0, done.stderr
    argv = read_record(record)["argv"]
    assert isinstance(argv, list)
    tail = argv[argv.index("--exclude"):]
    assert tail == [x for p in _expected_excludes() for x in ("--exclude", p)]


def test_mirror_deletes_what_the_upload_does_not_hold(app_tree: Path, fake_hf: FakeHf) -> None:
    hf, record = fake_hf()

    done = run_sync(app_tree, "Roll back", "--mirror", "--hf", str(hf), env={"HF_TOKEN": TOKEN})
    dry = run_sync(app_tree, "--dry-run", "--mirror")

    assert done.returncode == 0, done.stderr
    argv = read_record(record)["argv"]
    assert isinstance(argv, list)
    assert argv[argv.index("--delete"):argv.index("--exclude")] == ["--delete", "*"]
    assert "are deleted" in dry.stdout


def test_a_failed_upload_exits_1(app_tree: Path, fake_hf: FakeHf) -> None:
    hf, _ = fake_hf(exit_code=3)

    done = run_sync(app_tree, "Ship it", "--hf", str(hf), env={"HF_TOKEN": TOKEN})

    assert done.returncode == 1
    assert "exit code 3" in done.stderr
    assert TOKEN not in done.stdout + done.stderr


def test_refuses_uncommitted_changes_unless_allowed(app_tree: Path, fake_hf: FakeHf) -> None:
    hf, record = fake_hf()
    write(app_tree, "arena/catalog.py", "CATALOG = 2\n")
    env = {"HF_TOKEN": TOKEN}

    refused = run_sync(app_tree, "Ship it", "--hf", str(hf), env=env)
    allowed = run_sync(app_tree, "Ship it", "--hf", str(hf), "--allow-dirty", env=env)

    assert refused.returncode == 2
    assert "arena/catalog.py" in refused.stderr
    assert allowed.returncode == 0, allowed.stderr
    argv = read_record(record)["argv"]
    assert isinstance(argv, list)
    assert "1 uploaded file(s) differ" in argv[argv.index("--commit-description") + 1]


def test_refuses_an_incomplete_space_manifest(app_tree: Path, fake_hf: FakeHf) -> None:
    hf, record = fake_hf()
    (app_tree / "app.py").unlink()
    git(app_tree, "commit", "-qam", "drop app.py")

    done = run_sync(app_tree, "Ship it", "--hf", str(hf), env={"HF_TOKEN": TOKEN})

    assert done.returncode == 2
    assert "app.py is missing" in done.stderr
    assert not record.exists()


def test_failing_tests_stop_the_upload(app_tree: Path, fake_hf: FakeHf) -> None:
    hf, record = fake_hf()
    failing = f"{sys.executable} -c 'print(\"== 3 failed, 9 passed in 1.0s ==\"); raise SystemExit(1)'"

    ran = run_sync(app_tree, "Ship it", "--hf", str(hf), "--run-tests", "--test-command", failing,
                   env={"HF_TOKEN": TOKEN})
    stated = run_sync(app_tree, "Ship it", "--hf", str(hf), "--tests", "2 failed, 10 passed",
                      env={"HF_TOKEN": TOKEN})

    assert ran.returncode == 1 and stated.returncode == 1
    assert "3 failed, 9 passed" in ran.stderr
    assert not record.exists()


def test_run_tests_puts_the_pytest_summary_in_the_message(app_tree: Path, fake_hf: FakeHf) -> None:
    hf, record = fake_hf()
    passing = f"{sys.executable} -c 'print(\"== 41 passed, 2 skipped in 3.1s ==\")'"

    done = run_sync(app_tree, "Ship it", "--hf", str(hf), "--run-tests", "--test-command", passing,
                    env={"HF_TOKEN": TOKEN})

    assert done.returncode == 0, done.stderr
    argv = read_record(record)["argv"]
    assert isinstance(argv, list)
    assert "(tests: 41 passed, 2 skipped" in argv[argv.index("--commit-message") + 1]


def test_dependency_changes_since_the_last_sync(app_tree: Path, fake_hf: FakeHf) -> None:
    hf, record = fake_hf()
    env = {"HF_TOKEN": TOKEN}
    first = run_sync(app_tree, "First", "--hf", str(hf), env=env)
    assert first.returncode == 0, first.stderr
    synced = git(app_tree, "rev-parse", "HEAD").strip()
    assert git(app_tree, "rev-parse", "refs/hf-sync/last").strip() == synced

    write(app_tree, "requirements.txt", "gradio>=6.31,<7\nhttpx>=0.28,<1\n")
    git(app_tree, "commit", "-qam", "deps")
    second = run_sync(app_tree, "Second", "--hf", str(hf), env=env)

    assert second.returncode == 0, second.stderr
    argv = read_record(record)["argv"]
    assert isinstance(argv, list)
    title = argv[argv.index("--commit-message") + 1]
    description = argv[argv.index("--commit-description") + 1]
    assert title.endswith("deps: 3 change(s))")
    assert f"vs {synced[:12]}" in description
    assert "requirements.txt: + httpx>=0.28,<1" in description
    assert "requirements.txt: - fastapi>=0.160,<1" in description
    assert "requirements.txt: gradio>=6.0,<7 -> gradio>=6.31,<7" in description


def test_base_ref_overrides_and_bad_base_is_refused(app_tree: Path) -> None:
    write(app_tree, "requirements-deploy.txt", "huggingface_hub>=0.36,<0.37\nrich>=14\n")
    git(app_tree, "commit", "-qam", "deploy deps")

    good = run_sync(app_tree, "--dry-run", "--base", "HEAD~1")
    bad = run_sync(app_tree, "--dry-run", "--base", "no-such-ref")

    assert "requirements-deploy.txt: + rich>=14" in good.stdout
    assert bad.returncode == 2
    assert "no-such-ref" in bad.stderr


def test_relay_masks_a_token_split_across_reads(hf_sync: ModuleType) -> None:
    class Trickle(io.RawIOBase):
        def __init__(self, data: bytes) -> None:
            self.data = data

        def readable(self) -> bool:
            return True

        def read1(self, size: int = -1) -> bytes:
            chunk, self.data = self.data[:3], self.data[3:]
            return chunk

    sink = io.BytesIO()
    hf_sync.relay_redacted(Trickle(f"a {TOKEN} b {TOKEN}".encode()), sink, TOKEN)

    assert sink.getvalue() == b"a hf_*** b hf_***"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("HF_TOKEN=abc", "abc"),
        ("export HF_TOKEN='abc def'", "abc def"),
        ('HF_TOKEN="abc"  # comment', "abc"),
        ("HF_TOKEN=abc # comment", "abc"),
        ("# HF_TOKEN=commented", None),
        ("HF_TOKEN=", ""),
    ],
)
def test_parse_dotenv(hf_sync: ModuleType, text: str, expected: str | None) -> None:
    assert hf_sync.parse_dotenv(text).get("HF_TOKEN") == expected


def test_requirement_diff_understands_names_not_lines(hf_sync: ModuleType) -> None:
    old = "# app\nUvicorn[standard]>=0.35  # server\nfoo_bar==1\n-r base.txt\n"
    new = "uvicorn[standard]>=0.36\nfoo-bar==1\n-r base.txt\n"

    assert hf_sync.diff_requirements(old, new) == [
        "Uvicorn[standard]>=0.35 -> uvicorn[standard]>=0.36"
    ]


def test_dry_run_lists_files_even_without_git(tmp_path: Path) -> None:
    write(tmp_path, "app.py")
    write(tmp_path, "data/x.sqlite3")

    done = run_sync(tmp_path, "--dry-run")

    assert done.returncode == 0, done.stderr
    assert listed_files(done.stdout) == ["app.py"]
    assert "not a git checkout" in done.stdout
