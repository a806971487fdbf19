"""Fixtures for the deployment scripts: the scripts as modules, synthetic repos, a fake ``hf``."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = REPO_ROOT / "scripts"
TOKEN = "hf_secret_sentinel"

# The exclusions issue 6 names, written out here (not imported) so the tests check the script.
ISSUE_EXCLUDES = (
    ".git/", ".venv/", "__pycache__/", ".pytest_cache/", ".mypy_cache/", ".ruff_cache/",
    "node_modules/", "dist/", "build/", "data/", "*.log", ".env",
)

SPACE_README = """\
---
title: Vawlrathh
emoji: 🧙
colorFrom: purple
colorTo: gray
sdk: gradio
sdk_version: 6.31.0
app_file: app.py
python_version: "3.11"
short_description: A brusque deck assistant for MTG Arena
pinned: false
---

# Vawlrathh
"""


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses resolve their module by name
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def hf_sync() -> ModuleType:
    """scripts/hf_sync.py, imported from its file (scripts/ is not a package)."""
    return _load("hf_sync")


@pytest.fixture(scope="session")
def verify_space() -> ModuleType:
    """scripts/verify_space.py, imported from its file."""
    return _load("verify_space")


def git(root: Path, *args: str) -> str:
    """Run git in ``root`` with a fixed identity; fail the test on error."""
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    done = subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def write(root: Path, relpath: str, text: str = "x\n") -> Path:
    """Create ``root/relpath`` (and its folders) holding ``text``."""
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# What a clean checkout of the app holds: every file here must be uploaded.
APP_FILES = {
    "app.py": "print('vawlrathh')\n",
    "README.md": SPACE_README,
    "requirements.txt": "gradio>=6.0,<7\nfastapi>=0.160,<1\n",
    "requirements-deploy.txt": "huggingface_hub>=0.36,<0.37\n",
    ".env.example": "HF_TOKEN=\n",
    ".gitignore": "data/\n.env\n*.log\n__pycache__/\n",
    "arena/__init__.py": "",
    "arena/catalog.py": "CATALOG = 1\n",
    "arena/parsing/__init__.py": "",
    "agent/__init__.py": "",
    "agent/settings.py": "X = 1\n",
    "api/__init__.py": "",
    "api/routes/health.py": "",
    "ui/__init__.py": "",
    "ui/app.py": "",
    "scripts/hf_sync.py": "",
    "docs/DEPLOYMENT.md": "# Deploy\n",
    "tests/test_x.py": "",
}

# Local clutter a working tree gathers: none of it may be uploaded.
CLUTTER_FILES = (
    ".env",
    "arena/.env",
    "data/catalog.sqlite3",
    "data/threads/t.sqlite3",
    "api/data/cache.json",
    "server.log",
    "ui/debug.log",
    "__pycache__/app.cpython-311.pyc",
    "arena/__pycache__/catalog.cpython-311.pyc",
    "arena/parsing/__pycache__/x.cpython-311.pyc",
    ".pytest_cache/v/cache/lastfailed",
    ".mypy_cache/3.11/x.json",
    ".ruff_cache/0.13/x",
    "ui/node_modules/pkg/index.js",
    "node_modules/pkg/index.js",
    "dist/vawlrathh-0.1.0.tar.gz",
    "build/lib/app.py",
    ".venv/bin/python",
    ".cache/huggingface/upload/x.lock",
)


@pytest.fixture
def app_tree(tmp_path: Path) -> Path:
    """A committed git repo shaped like the app, then cluttered with files that must stay home."""
    root = tmp_path / "repo"
    root.mkdir()
    for relpath, text in APP_FILES.items():
        write(root, relpath, text)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "app")
    for relpath in CLUTTER_FILES:
        write(root, relpath, f"HF_TOKEN={TOKEN}\n" if relpath.endswith(".env") else "junk\n")
    return root


@pytest.fixture
def fake_hf(tmp_path: Path) -> Callable[..., tuple[Path, Path]]:
    """Build a fake ``hf`` that answers ``version`` and records an upload's argv and token.

    Like a careless CLI it also echoes the token it was given, so the tests can check that
    hf_sync masks whatever the CLI prints.
    """

    def make(version: str = "0.36.2", exit_code: int = 0) -> tuple[Path, Path]:
        bindir = tmp_path / f"bin-{version}-{exit_code}"
        bindir.mkdir()
        record = bindir / "record.json"
        script = bindir / "hf"
        script.write_text(
            f"#!{sys.executable}\n"
            + textwrap.dedent(
                f"""\
                import json, os, sys
                if sys.argv[1:] == ["version"]:
                    print("huggingface_hub version: {version}")
                    sys.exit(0)
                with open({str(record)!r}, "w") as fh:
                    json.dump({{"argv": sys.argv[1:], "cwd": os.getcwd(),
                               "token": os.environ.get("HF_TOKEN")}}, fh)
                print("Using token " + str(os.environ.get("HF_TOKEN")), flush=True)
                sys.stderr.write("partial " + str(os.environ.get("HF_TOKEN"))[:6] + "\\n")
                print("https://huggingface.co/spaces/MCP-1st-Birthday/vawlrathh/discussions/7")
                sys.exit({exit_code})
                """
            ),
            encoding="utf-8",
        )
        script.chmod(0o755)
        return script, record

    return make


def run_sync(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run scripts/hf_sync.py as a user would, against ``root``, and capture everything."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, str(SCRIPTS / "hf_sync.py"), "--root", str(root), *args],
        cwd=root, env=full_env, capture_output=True, text=True, timeout=120, check=False,
    )


def read_record(record: Path) -> dict[str, object]:
    """Load what the fake ``hf`` recorded."""
    result: dict[str, object] = json.loads(record.read_text(encoding="utf-8"))
    return result


def listed_files(stdout: str) -> list[str]:
    """The file lines of a dry run (comment lines start with '#')."""
    return [line for line in stdout.splitlines() if line and not line.startswith("#")]
