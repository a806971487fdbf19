"""Property-based requests from the OpenAPI schema: whatever a client sends, never a 5xx.

Schemathesis's own CLI runs against the live server with the real agent (POST /chat runs
real turns): examples, coverage, fuzzing and stateful phases (the schema's links chain
POST /decks into GET/DELETE /decks/{id}), 20 examples per operation, fixed seed. Only
the no-server-error check is mandatory; the documented shapes are pinned by test_rest.py.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.api.live import LiveServer

pytestmark = [pytest.mark.timeout(900), pytest.mark.slow]


def test_no_generated_request_gets_a_server_error(server: LiveServer, tmp_path: Path) -> None:
    cli = Path(sys.executable).parent / "schemathesis"
    result = subprocess.run(
        [str(cli), "run", f"{server.url}/openapi.json", "--checks", "not_a_server_error",
         "--max-examples", "20", "--workers", "1", "--seed", "20261127", "--request-timeout", "60"],
        cwd=tmp_path, capture_output=True, text=True, timeout=840, check=False,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert "passed" in result.stdout
