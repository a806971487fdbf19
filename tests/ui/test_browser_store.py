"""What the UI keeps in the browser survives a restart: the encryption secret is kept on disk."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from ui.browser_store import SECRET_FILE, browser_secret, ensure_owner, owner_key_of


def test_the_secret_is_made_once_and_kept(tmp_path: Path) -> None:
    first = browser_secret(tmp_path)
    assert len(first) >= 32
    assert browser_secret(tmp_path) == first  # the next start reads it back
    assert stat.S_IMODE((tmp_path / SECRET_FILE).stat().st_mode) == 0o600


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_folder_still_gives_a_secret_and_says_why(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    tmp_path.chmod(0o500)
    try:
        assert len(browser_secret(tmp_path)) >= 32
    finally:
        tmp_path.chmod(0o700)
    assert "forget" in caplog.text and str(tmp_path) in caplog.text


def test_a_read_only_file_path_still_gives_a_secret(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")  # a file where the data folder should be: nothing can be written
    assert len(browser_secret(blocker)) >= 32
    assert "forget" in caplog.text


def test_each_browser_gets_its_own_owner_key_and_keeps_it() -> None:
    made = ensure_owner({"owner_key": None})
    key = owner_key_of(made)
    assert key is not None and len(key) >= 16
    assert ensure_owner(made) == made  # kept on the next visit
    assert owner_key_of(ensure_owner(None)) != key  # another browser, another key
    assert owner_key_of({"owner_key": "short"}) is None  # not a valid key: a new one is made
