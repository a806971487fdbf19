"""Run only the UI, against an API that is already running: ``python -m ui``.

Reads the same settings as ``app.py``: VAWLRATHH_API_URL (default http://127.0.0.1:API_PORT),
HOST and UI_PORT. Useful when the API runs elsewhere or under its own process manager.
"""

from __future__ import annotations

import logging
import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

from agent.settings import Settings
from ui.app import create_ui, launch_ui


def main() -> None:
    settings = Settings()
    logging.basicConfig(level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    print(f"Vawlrathh UI on {settings.host}:{settings.ui_port}, API at {settings.resolved_api_url}", flush=True)
    launch_ui(create_ui(settings), settings, block=True)


if __name__ == "__main__":
    main()
