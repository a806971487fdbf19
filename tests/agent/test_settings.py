"""Settings read from the environment the way an operator writes them."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from agent.settings import Settings


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("https://a.example, https://b.example", ["https://a.example", "https://b.example"]),
        ('["https://a.example"]', ["https://a.example"]),
        ("*", ["*"]),
    ],
)
def test_cors_origins_accept_a_list_or_commas(monkeypatch: pytest.MonkeyPatch, raw: str, expected: list[str]) -> None:
    monkeypatch.setenv("CORS_ORIGINS", raw)
    assert Settings(_env_file=None).cors_origins == expected  # type: ignore[call-arg]


def test_a_broken_json_list_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORS_ORIGINS", '["https://a.example"')
    with pytest.raises(ValidationError, match="CORS_ORIGINS"):
        Settings(_env_file=None)  # type: ignore[call-arg]


def test_keys_never_show_in_the_settings_repr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-never-print-me")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert "sk-never-print-me" not in repr(settings)
    assert settings.openai_api_key is not None
    assert settings.openai_api_key.get_secret_value() == "sk-never-print-me"
