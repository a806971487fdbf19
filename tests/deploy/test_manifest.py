"""The dry run lists exactly the files the Space would receive: the app in, local clutter out."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from types import ModuleType

import pytest

from tests.deploy.conftest import (
    APP_FILES,
    CLUTTER_FILES,
    ISSUE_EXCLUDES,
    REPO_ROOT,
    git,
    listed_files,
    run_sync,
    write,
)


def test_dry_run_lists_the_app_and_nothing_else(app_tree: Path) -> None:
    done = run_sync(app_tree, "--dry-run", env={"PATH": os.defpath})

    assert done.returncode == 0, done.stderr
    assert sorted(listed_files(done.stdout)) == sorted(APP_FILES)


@pytest.mark.parametrize("clutter", CLUTTER_FILES)
def test_dry_run_leaves_out_each_kind_of_clutter(app_tree: Path, clutter: str) -> None:
    files = listed_files(run_sync(app_tree, "--dry-run").stdout)

    assert clutter not in files


def test_dry_run_needs_no_token_and_no_hf_cli(app_tree: Path) -> None:
    done = run_sync(app_tree, "--dry-run", env={"PATH": os.defpath, "HF_TOKEN": ""})

    assert done.returncode == 0, done.stderr
    assert "requirements-deploy.txt" in done.stderr  # says how to get the CLI
    first = done.stdout.splitlines()[0]
    assert first.startswith("# hf upload MCP-1st-Birthday/vawlrathh . --repo-type space --create-pr")


def test_dry_run_shows_every_exclusion_of_the_issue(app_tree: Path) -> None:
    command = run_sync(app_tree, "--dry-run").stdout.splitlines()[0]

    for pattern in ISSUE_EXCLUDES:
        assert f" {pattern} " in command + " " or f" '{pattern}' " in command + " ", pattern


def test_a_fresh_clone_uploads_every_tracked_file(tmp_path: Path) -> None:
    """From a clone of this very repository, the manifest is git's file list, clutter aside."""
    if not (REPO_ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(REPO_ROOT), str(clone)], check=True, timeout=120)
    for relpath in CLUTTER_FILES:
        write(clone, relpath, "junk\n")

    files = listed_files(run_sync(clone, "--dry-run").stdout)

    tracked = git(clone, "ls-files").split("\n")
    assert sorted(files) == sorted(t for t in tracked if t)


def test_manifest_matches_huggingface_hub_filtering(
    hf_sync: ModuleType, app_tree: Path, tmp_path: Path
) -> None:
    """Cross-check with the library's own walk and filter, when it is importable."""
    paths = pytest.importorskip("huggingface_hub.utils._paths")
    write(tmp_path / "outside", "lib/x.py")
    (app_tree / "vendored").symlink_to(tmp_path / "outside", target_is_directory=True)
    (app_tree / "arena" / "linked.py").symlink_to(tmp_path / "outside" / "lib" / "x.py")
    root = app_tree.resolve()
    walked = [p.relative_to(root).as_posix() for p in sorted(root.glob("**/*")) if p.is_file()]
    ignore = [*hf_sync.exclude_patterns(), *paths.DEFAULT_IGNORE_PATTERNS]

    expected = list(paths.filter_repo_objects(walked, ignore_patterns=ignore))

    assert hf_sync.build_manifest(root) == expected


def test_symlinked_folders_are_not_entered_but_linked_files_are(
    hf_sync: ModuleType, app_tree: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    write(outside, "secret.txt")
    (app_tree / "linked_dir").symlink_to(outside, target_is_directory=True)
    (app_tree / "linked_file.txt").symlink_to(outside / "secret.txt")
    (app_tree / "broken").symlink_to(tmp_path / "nowhere")

    files = hf_sync.build_manifest(app_tree)

    assert "linked_file.txt" in files
    assert not any(f.startswith("linked_dir") for f in files)
    assert "broken" not in files


@pytest.mark.parametrize(
    ("path", "excluded"),
    [
        ("data/catalog.sqlite3", True),
        ("api/data/x.json", True),
        ("database.py", False),
        ("arena/metadata/x.py", False),
        (".env", True),
        ("arena/.env", True),
        (".env.example", False),
        ("a/b/c/trace.log", True),
        ("catalog.py", False),
        ("ui/build/x.js", True),
        ("arena/builder.py", False),
        ("x/__pycache__/y.pyc", True),
    ],
)
def test_exclusion_patterns(hf_sync: ModuleType, path: str, excluded: bool) -> None:
    assert hf_sync.is_excluded(path, hf_sync.exclude_patterns()) is excluded


def test_manifest_problems_name_what_the_space_lacks(hf_sync: ModuleType, app_tree: Path) -> None:
    (app_tree / "app.py").unlink()
    (app_tree / "README.md").write_text("# no front matter\n", encoding="utf-8")
    write(app_tree, "notes/.cache/x.txt")
    files = hf_sync.build_manifest(app_tree)

    problems = hf_sync.manifest_problems(app_tree, files)

    assert any("app.py is missing" in p for p in problems)
    assert any("front matter" in p for p in problems)
    assert any("notes/.cache/x.txt" in p and ".cache/" in p for p in problems)


def test_the_script_runs_without_the_app_venv(app_tree: Path) -> None:
    """A fresh clone has no .venv: the script must run on a bare interpreter (stdlib only)."""
    python = shutil.which("python3")
    if python is None:
        pytest.skip("no system python3")
    done = subprocess.run(
        [python, "-I", str(REPO_ROOT / "scripts" / "hf_sync.py"), "--root", str(app_tree), "--dry-run"],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "app.py" in listed_files(done.stdout)
