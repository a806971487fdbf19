"""Fixtures for the API tests: a live server per module (shared) or per test (own settings)."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from arena.paths import CATALOG_FILENAME
from tests.api.live import LiveServer, make_settings

REALDATA_DECKS = Path(__file__).resolve().parents[2].parent / "shared" / "realdata" / "decks"


def _fresh_data_dir(parent: Path, catalog_dir: Path) -> Path:
    folder = parent / "data"
    folder.mkdir(parents=True)
    shutil.copy(catalog_dir / CATALOG_FILENAME, folder / CATALOG_FILENAME)
    return folder


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, catalog_dir: Path) -> Iterator[LiveServer]:
    """One API server for a whole test module, on its own copy of the catalog."""
    folder = _fresh_data_dir(tmp_path_factory.mktemp("api"), catalog_dir)
    with LiveServer(make_settings(folder)) as live:
        yield live


@pytest.fixture
def start_server(data_dir: Path) -> Iterator[Callable[..., LiveServer]]:
    """Start a server on this test's data dir with setting overrides; stopped after the test."""
    started: list[LiveServer] = []

    def start(open_runtime: Any = None, **overrides: Any) -> LiveServer:
        live = LiveServer(make_settings(data_dir, **overrides), open_runtime=open_runtime).start()
        started.append(live)
        return live

    yield start
    for live in started:
        live.stop()


SAMPLE_DECK = """Deck
4 Lightning Bolt
4 Monastery Swiftspear
4 Play with Fire
4 Kumano Faces Kakkazan
4 Bonecrusher Giant
4 Phoenix Chick
4 Kessig Flamebreather
4 Light Up the Stage
4 Shock
4 Ghitu Lavarunner
20 Mountain

Sideboard
2 Abrade
"""


@pytest.fixture
def sample_deck() -> str:
    """A 60-card mono-red Arena export of real card names."""
    return SAMPLE_DECK
