"""What the UI keeps in the player's browser: the conversation's thread and the player's owner key.

Gradio encrypts a ``BrowserState`` with a secret, by default a random one per process: every
restart of the UI then forgets what every browser stored (the conversation to resume, the key
that owns the player's decks and match history). The secret is kept in the data folder instead,
so a restart keeps both.

The owner key is made in the browser's first visit and kept there: each player's uploads and
history are theirs, not shared by everyone who uses the same UI process.
"""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path
from typing import Any

import gradio as gr

from agent.events import OWNER_KEY_MAX, OWNER_KEY_MIN

logger = logging.getLogger(__name__)

SECRET_FILE = "ui_browser_secret"
OWNER_STORAGE_KEY = "vawlrathh-owner"


def browser_secret(data_dir: Path) -> str:
    """The secret the browser states are encrypted with, made once and kept in ``data_dir``."""
    path = data_dir / SECRET_FILE
    try:
        kept = path.read_text(encoding="ascii").strip()
        if len(kept) >= 32:
            return kept
    except (OSError, UnicodeDecodeError):
        pass
    secret = secrets.token_urlsafe(32)
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as out:
            out.write(secret)
    except OSError as exc:
        logger.warning("Cannot keep the browser-state secret in %s (%s): browsers will forget their "
                       "conversation and owner key when the UI restarts.", path, exc.strerror or exc)
    return secret


def owner_state(secret: str) -> gr.BrowserState:
    """The browser's owner key, ``{"owner_key": ...}`` (a dict: Gradio stores no falsy value)."""
    return labelled(gr.BrowserState({"owner_key": None}, storage_key=OWNER_STORAGE_KEY, secret=secret), "owner_key")


def owner_key_of(stored: Any) -> str | None:
    """The owner key a browser state holds, when it holds a valid one."""
    key = stored.get("owner_key") if isinstance(stored, dict) else None
    return key if isinstance(key, str) and OWNER_KEY_MIN <= len(key) <= OWNER_KEY_MAX else None


def ensure_owner(stored: Any) -> dict[str, str]:
    """The browser's owner key, made on its first visit."""
    return {"owner_key": owner_key_of(stored) or secrets.token_urlsafe(24)}


def labelled(state: gr.BrowserState, label: str) -> gr.BrowserState:
    """Give a BrowserState a label so gradio_client names the output (``thread``, not ``value_6``).

    BrowserState takes no label, and subclassing a Gradio component makes Gradio write a .pyi
    stub next to our module; adding the prop to this one instance's config does neither.
    """
    config = state.get_config

    def labelled_config(*args: Any, **kwargs: Any) -> dict[str, Any]:
        return {**config(*args, **kwargs), "label": label}

    state.get_config = labelled_config  # type: ignore[method-assign]
    return state
