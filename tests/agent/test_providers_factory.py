"""Provider selection: explicit setting, per-connection keys, settings, offline."""

from __future__ import annotations

import logging

import pytest

from agent.events import ProviderKeys
from agent.providers.anthropic_provider import AnthropicProvider
from agent.providers.factory import (
    NO_KEY_NEEDED,
    make_judge,
    make_provider,
    provider_label,
    select_provider,
)
from agent.providers.judge import ClaudeJudge
from agent.providers.openai_provider import OpenAIProvider
from agent.settings import Settings

BASE = "http://127.0.0.1:11434/v1"


def settings(**env: str) -> Settings:
    return Settings(_env_file=None, **env)  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("env", "keys", "label"),
    [
        ({}, None, "offline"),
        ({}, ProviderKeys(), "offline"),
        ({"OPENAI_API_KEY": "sk-env"}, None, "openai"),
        ({"ANTHROPIC_API_KEY": "sk-ant-env"}, None, "anthropic"),
        ({"ANTHROPIC_API_KEY": "sk-ant-env", "OPENAI_API_KEY": "sk-env"}, None, "anthropic"),
        ({"OPENAI_BASE_URL": BASE}, None, "openai-compatible"),
        ({"OPENAI_BASE_URL": BASE, "OPENAI_API_KEY": "sk-env"}, None, "openai"),
        # the connection's keys outrank the server's configuration
        ({"ANTHROPIC_API_KEY": "sk-ant-env"}, ProviderKeys(openai="sk-conn"), "openai"),
        ({"OPENAI_API_KEY": "sk-env"}, ProviderKeys(anthropic="sk-ant-conn"), "anthropic"),
        ({}, ProviderKeys(openai_base_url=BASE), "openai-compatible"),
        # a base URL from the connection is the player choosing their own server
        ({"ANTHROPIC_API_KEY": "sk-ant-env"}, ProviderKeys(openai_base_url=BASE), "openai-compatible"),
        ({}, ProviderKeys(openai="   "), "offline"),
        # an explicit provider wins over auto's order
        ({"VAWLRATHH_PROVIDER": "offline", "ANTHROPIC_API_KEY": "k"}, ProviderKeys(openai="sk"), "offline"),
        ({"VAWLRATHH_PROVIDER": "openai", "ANTHROPIC_API_KEY": "k", "OPENAI_API_KEY": "sk"}, None, "openai"),
        ({"VAWLRATHH_PROVIDER": "openai-compatible", "OPENAI_BASE_URL": BASE, "ANTHROPIC_API_KEY": "k"}, None, "openai-compatible"),
    ],
)
def test_labels(env: dict[str, str], keys: ProviderKeys | None, label: str) -> None:
    assert provider_label(settings(**env), keys) == label


def test_an_explicit_provider_without_credentials_is_offline_with_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        assert make_provider(settings(VAWLRATHH_PROVIDER="anthropic", OPENAI_API_KEY="sk")) is None
    assert "VAWLRATHH_PROVIDER=anthropic" in caplog.text and "sk" not in caplog.text.replace("sk-", "")


async def test_built_providers_carry_model_base_url_and_key_from_the_right_place() -> None:
    cfg = settings(OPENAI_API_KEY="sk-env", OPENAI_MODEL="gpt-4.1-mini", LLM_TIMEOUT_S="7", LLM_MAX_RETRIES="4")
    provider = make_provider(cfg)
    assert isinstance(provider, OpenAIProvider)
    assert (provider.name, provider.model) == ("openai", "gpt-4.1-mini")
    assert provider._client.api_key == "sk-env"
    assert provider._client.timeout == 7 and provider._client.max_retries == 4
    await provider.aclose()

    override = make_provider(cfg, ProviderKeys(openai="sk-conn", openai_base_url=BASE), model="llama3.1")
    assert isinstance(override, OpenAIProvider)
    assert override.model == "llama3.1" and override._client.api_key == "sk-conn"
    assert str(override._client.base_url).rstrip("/") == BASE
    await override.aclose()

    local = make_provider(settings(), ProviderKeys(openai_base_url=BASE))
    assert isinstance(local, OpenAIProvider) and local.name == "openai-compatible"
    assert local._client.api_key == NO_KEY_NEEDED
    await local.aclose()

    claude = make_provider(settings(ANTHROPIC_API_KEY="sk-ant-env", ANTHROPIC_MODEL="claude-sonnet-4-6"))
    assert isinstance(claude, AnthropicProvider) and claude.model == "claude-sonnet-4-6"
    await claude.aclose()


def test_the_choice_never_shows_its_key() -> None:
    choice = select_provider(settings(ANTHROPIC_API_KEY="sk-ant-very-secret"))
    assert choice is not None and "sk-ant-very-secret" not in repr(choice)


async def test_judge_only_with_an_anthropic_key_connection_first() -> None:
    assert make_judge(settings(OPENAI_API_KEY="sk")) is None
    assert make_judge(settings(), ProviderKeys(openai="sk")) is None
    assert make_judge(settings(VAWLRATHH_PROVIDER="offline", ANTHROPIC_API_KEY="sk-ant")) is None
    judge = make_judge(settings(VAWLRATHH_JUDGE_MODEL="claude-haiku-4-5"), ProviderKeys(anthropic="sk-ant-conn"))
    assert isinstance(judge, ClaudeJudge) and judge.model == "claude-haiku-4-5"
    assert judge._client.api_key == "sk-ant-conn"
    await judge.aclose()
    from_env = make_judge(settings(ANTHROPIC_API_KEY="sk-ant-env"))
    assert isinstance(from_env, ClaudeJudge) and from_env._client.api_key == "sk-ant-env"
    await from_env.aclose()


def test_the_servers_openai_key_never_goes_to_a_base_url_the_connection_chose() -> None:
    cfg = settings(OPENAI_API_KEY="sk-operator", OPENAI_BASE_URL="https://api.openai.com/v1")
    for provider in ("auto", "openai-compatible"):
        choice = select_provider(
            settings(OPENAI_API_KEY="sk-operator", VAWLRATHH_PROVIDER=provider),
            ProviderKeys(openai_base_url="http://attacker.example/v1"),
        )
        assert choice is not None and choice.base_url == "http://attacker.example/v1"
        assert choice.api_key == NO_KEY_NEEDED
    own = select_provider(cfg, ProviderKeys(openai="sk-player"))
    assert own is not None and (own.api_key, own.base_url) == ("sk-player", "https://api.openai.com/v1")
    assert provider_label(
        settings(OPENAI_API_KEY="sk-operator", VAWLRATHH_PROVIDER="openai"),
        ProviderKeys(openai_base_url="http://attacker.example/v1"),
    ) == "offline"


async def test_sdk_clients_get_a_light_http_client_over_one_tls_context() -> None:
    from agent.providers.http_client import tls_context

    cfg = settings(OPENAI_API_KEY="sk", ANTHROPIC_API_KEY="sk-ant", LLM_TIMEOUT_S="9")
    provider, judge = make_provider(cfg, ProviderKeys(openai="sk-conn")), make_judge(cfg)
    assert isinstance(provider, OpenAIProvider) and isinstance(judge, ClaudeJudge)
    http_clients = [provider._client._client, judge._client._client]
    assert http_clients[0] is not http_clients[1]  # each provider owns (and closes) its own
    assert all(c.timeout.read == 9 for c in http_clients)
    assert tls_context() is tls_context()
    await provider.aclose()
    await judge.aclose()
    assert all(c.is_closed for c in http_clients)
