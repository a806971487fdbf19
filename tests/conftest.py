"""Fixtures every test shares: one catalog built per session, hermetic environment."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from arena.catalog import Catalog

REPO_ROOT = Path(__file__).resolve().parents[1]
REALDATA = REPO_ROOT.parent / "shared" / "realdata"

_PROVIDER_ENV = (
    "OPENAI_API_KEY",
    "ANTHROPIC_API_KEY",
    "OPENAI_BASE_URL",
    "ANTHROPIC_BASE_URL",
    "VAWLRATHH_PROVIDER",
    "HF_TOKEN",
    "TAVILY_API_KEY",
    "TAVILY_BASE_URL",
    "PERPLEXITY_API_KEY",
    "PERPLEXITY_BASE_URL",
)


@pytest.fixture(autouse=True)
def _hermetic_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Keep real keys, real data folders and the real Scryfall away from every test."""
    for name in _PROVIDER_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("VAWLRATHH_DATA_DIR", str(tmp_path / "env-data"))
    monkeypatch.setenv("SCRYFALL_ENABLED", "false")
    monkeypatch.setenv("SCRYFALL_BASE_URL", "http://127.0.0.1:9")


@pytest.fixture(scope="session")
def catalog_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder whose catalog was built once from the offline corpus."""
    from arena.catalog import Catalog

    folder = tmp_path_factory.mktemp("catalog")
    Catalog.open(folder).close()
    return folder


@pytest.fixture(scope="session")
def catalog(catalog_dir: Path) -> Iterator[Catalog]:
    """The session's shared, read-mostly catalog."""
    from arena.catalog import Catalog

    cat = Catalog.open(catalog_dir)
    yield cat
    cat.close()


@pytest.fixture
def data_dir(tmp_path: Path, catalog_dir: Path) -> Path:
    """A fresh data folder holding a copy of the prebuilt catalog."""
    from arena.paths import CATALOG_FILENAME

    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(catalog_dir / CATALOG_FILENAME, folder / CATALOG_FILENAME)
    return folder


@pytest.fixture(scope="session")
def realdata() -> Path:
    """The shared real-world samples; tests that need them skip when the folder is absent."""
    if not REALDATA.is_dir():
        pytest.skip("../shared/realdata is not present")
    return REALDATA
