"""Where the deck engine keeps its files: one data folder for everything the app writes."""

from __future__ import annotations

import os
from pathlib import Path

CATALOG_FILENAME = "catalog.sqlite3"


def default_data_dir() -> Path:
    """Return ``$VAWLRATHH_DATA_DIR`` or ``./data``; the folder is created by whoever writes."""
    return Path(os.environ.get("VAWLRATHH_DATA_DIR") or "data")
