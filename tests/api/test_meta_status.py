"""/api/v1/status reports the research keys as booleans and the snapshot's date, never a key."""

from __future__ import annotations

from pathlib import Path

from agent.settings import Settings
from api.routes.health import _research


def test_research_status_says_whether_keys_are_set_never_what(tmp_path: Path) -> None:
    none = _research(Settings(_env_file=None, data_dir=tmp_path))  # type: ignore[call-arg]
    assert none.keys == {"TAVILY_API_KEY": False, "PERPLEXITY_API_KEY": False}
    assert none.snapshot_as_of == "June 2026" and none.perplexity_mode == "search"
    settings = Settings(_env_file=None, data_dir=tmp_path, TAVILY_API_KEY="tvly-secret-1",  # type: ignore[call-arg]
                        PERPLEXITY_API_KEY="pplx-secret-2", PERPLEXITY_MODEL="sonar")
    both = _research(settings)
    assert both.keys == {"TAVILY_API_KEY": True, "PERPLEXITY_API_KEY": True}
    assert both.perplexity_mode == "answer"
    dumped = both.model_dump_json()
    assert "tvly-secret-1" not in dumped and "pplx-secret-2" not in dumped
