"""The Status tab's metagame section: research keys as set / not set, the snapshot's date."""

from __future__ import annotations

from ui.status_tab import render_status

STATUS = {
    "version": "0.1.0", "provider": "offline", "keys": {"OPENAI_API_KEY": False},
    "catalog": {"card_count": 34040, "source": "corpus"},
}


def _render(status: dict) -> str:
    return render_status("http://api", ({"version": "0.1.0"}, None), ((True, {"checks": {}}), None),
                         (status, None), "0.1.0")


def test_metagame_section_shows_keys_and_snapshot_date() -> None:
    research = {"keys": {"TAVILY_API_KEY": True, "PERPLEXITY_API_KEY": False}, "perplexity_mode": "search",
                "sites": 10, "cache_ttl_s": 3600.0, "snapshot_as_of": "June 2026"}
    text = _render({**STATUS, "research": research})
    assert "### Metagame" in text
    assert "| `TAVILY_API_KEY` | ✓ set | live metagame and matchup search |" in text
    assert "| `PERPLEXITY_API_KEY` | — not set |" in text
    assert "**June 2026**" in text and "alone until" not in text


def test_without_keys_the_snapshot_is_said_to_be_the_only_source() -> None:
    research = {"keys": {"TAVILY_API_KEY": False, "PERPLEXITY_API_KEY": False}, "snapshot_as_of": "June 2026"}
    assert "answers come from it alone" in _render({**STATUS, "research": research})
    assert "### Metagame" not in _render(STATUS)  # an older API without the field
