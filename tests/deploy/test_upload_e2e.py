"""The real ``hf`` CLI, driven by hf_sync.py, uploads exactly the dry run's files to a local Hub."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.deploy.conftest import TOKEN, listed_files, run_sync
from tests.deploy.fake_hub import FakeHub


@pytest.fixture
def hub() -> Iterator[FakeHub]:
    server = FakeHub().start()
    yield server
    server.stop()


def _real_hf() -> str:
    """The ``hf`` installed beside this interpreter (gradio brings huggingface_hub along)."""
    beside = Path(sys.executable).parent / "hf"
    found = str(beside) if beside.is_file() else shutil.which("hf")
    if found is None:
        pytest.skip("no hf CLI installed")
    return found


def test_real_cli_uploads_the_dry_run_manifest_as_a_pull_request(
    app_tree: Path, hub: FakeHub, tmp_path: Path
) -> None:
    hf = _real_hf()
    env = {
        "HF_ENDPOINT": hub.url,
        "HF_TOKEN": TOKEN,
        "HF_HOME": str(tmp_path / "hf-home"),
        "HF_HUB_DISABLE_TELEMETRY": "1",
        "NO_PROXY": "127.0.0.1,localhost",
    }
    planned = listed_files(run_sync(app_tree, "--dry-run", "--hf", hf).stdout)

    done = run_sync(app_tree, "End to end", "--tests", "1 passed", "--hf", hf, env=env)

    assert done.returncode == 0, done.stdout + done.stderr
    assert TOKEN not in done.stdout + done.stderr
    assert len(hub.commits) == 1, hub.unhandled
    commit = hub.commits[0]
    assert commit.repo_id == "MCP-1st-Birthday/vawlrathh"
    assert sorted(commit.files) == sorted(planned)
    assert commit.files["app.py"] == (app_tree / "app.py").read_bytes()
    assert commit.authorization == f"Bearer {TOKEN}"
    assert "create_pr=1" in commit.query or commit.revision.replace("%2F", "/").startswith("refs/pr/")
    assert commit.summary.startswith("End to end (tests: 1 passed; deps:")
    assert "Intent: End to end" in commit.description
