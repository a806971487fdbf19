"""Pick the model provider and judge for one connection from settings and per-connection keys.

Selection is a pure function (``select_provider``) so the label shown in ``ready`` and the
provider actually built can never disagree. Keys are read from ``SecretStr`` only here and
handed straight to the SDK clients; nothing in this module logs or reprs them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from agent.events import ProviderKeys
from agent.providers.base import Judge, LLMProvider
from agent.providers.http_client import sdk_http_client
from agent.settings import Settings

if TYPE_CHECKING:
    import httpx2

logger = logging.getLogger(__name__)

# OpenAI-compatible servers (Ollama, vLLM, llama.cpp) ignore the key, but the SDK insists on one.
NO_KEY_NEEDED = "not-needed"


@dataclass(frozen=True)
class ProviderChoice:
    """Which vendor serves a connection, and with what; ``api_key`` is excluded from repr."""

    name: str  # "openai", "anthropic", "openai-compatible"
    model: str
    base_url: str | None
    api_key: str = field(repr=False)


def _secret(value: object) -> str | None:
    """Return a SecretStr's value (or a plain string), treating blanks as absent."""
    if value is None:
        return None
    raw = value.get_secret_value() if hasattr(value, "get_secret_value") else str(value)
    raw = raw.strip()
    return raw or None


def _openai_choice(
    settings: Settings, key: str | None, base_url: str | None, model: str | None
) -> ProviderChoice | None:
    """OpenAI when a key is known; an OpenAI-compatible server when only a base URL is."""
    if key:
        return ProviderChoice("openai", model or settings.openai_model, base_url, key)
    if base_url:
        return ProviderChoice("openai-compatible", model or settings.openai_model, base_url, NO_KEY_NEEDED)
    return None


def _anthropic_choice(settings: Settings, key: str | None, model: str | None) -> ProviderChoice | None:
    if not key:
        return None
    return ProviderChoice("anthropic", model or settings.anthropic_model, settings.anthropic_base_url, key)


def _openai_pair(
    conn_key: str | None, conn_base: str | None, env_key: str | None, env_base: str | None
) -> tuple[str | None, str | None]:
    """Pair an OpenAI key with the base URL it may be sent to.

    The server's own key never goes to a base URL the connection chose: a client could
    otherwise point it at its own host and collect the operator's key.
    """
    if conn_key:
        return conn_key, conn_base or env_base
    if conn_base:
        return None, conn_base
    return env_key, env_base


def select_provider(
    settings: Settings, keys: ProviderKeys | None = None, model: str | None = None
) -> ProviderChoice | None:
    """Decide the provider without building a client; ``None`` means offline.

    An explicit ``VAWLRATHH_PROVIDER`` wins (and is offline, with a warning, when its
    credentials are missing). ``auto`` looks at the connection's keys first, then the
    settings: Anthropic key, then OpenAI key, then an OpenAI-compatible base URL alone.
    """
    conn_openai = _secret(keys.openai) if keys else None
    conn_anthropic = _secret(keys.anthropic) if keys else None
    conn_base = ((keys.openai_base_url or "").strip() or None) if keys else None
    env_openai = _secret(settings.openai_api_key)
    env_anthropic = _secret(settings.anthropic_api_key)
    env_base = (settings.openai_base_url or "").strip() or None
    openai_key, base_url = _openai_pair(conn_openai, conn_base, env_openai, env_base)
    model = (model or "").strip() or None

    wanted = settings.provider
    if wanted == "offline":
        return None
    if wanted == "anthropic":
        choice = _anthropic_choice(settings, conn_anthropic or env_anthropic, model)
    elif wanted == "openai":
        choice = (
            ProviderChoice("openai", model or settings.openai_model, base_url, openai_key)
            if openai_key
            else None
        )
    elif wanted == "openai-compatible":
        choice = (
            ProviderChoice(
                "openai-compatible", model or settings.openai_model, base_url, openai_key or NO_KEY_NEEDED
            )
            if base_url
            else None
        )
    else:  # auto: the connection's own keys outrank the server's configuration
        from_connection = (
            _openai_choice(settings, openai_key, base_url, model) if conn_openai or conn_base else None
        )
        return (
            _anthropic_choice(settings, conn_anthropic, model)
            or from_connection
            or _anthropic_choice(settings, env_anthropic, model)
            or _openai_choice(settings, openai_key, base_url, model)
        )
    if choice is None:
        logger.warning("VAWLRATHH_PROVIDER=%s but its key or base URL is missing; answering offline", wanted)
    return choice


def provider_label(
    settings: Settings, keys: ProviderKeys | None = None, model: str | None = None
) -> str:
    """Name the provider a connection will use: offline, openai, anthropic or openai-compatible."""
    choice = select_provider(settings, keys, model)
    return choice.name if choice else "offline"


def make_provider(
    settings: Settings,
    keys: ProviderKeys | None = None,
    model: str | None = None,
    *,
    http_client: httpx2.AsyncClient | None = None,
) -> LLMProvider | None:
    """Build the provider for a connection, or ``None`` for offline; the caller ``aclose()``s it.

    A given ``http_client`` is closed with the provider (the SDKs close what they hold).
    """
    choice = select_provider(settings, keys, model)
    if choice is None:
        return None
    if choice.name == "anthropic":
        from agent.providers.anthropic_provider import AnthropicProvider

        return AnthropicProvider(
            api_key=choice.api_key,
            model=choice.model,
            base_url=choice.base_url,
            timeout_s=settings.llm_timeout_s,
            max_retries=settings.llm_max_retries,
            http_client=http_client or sdk_http_client(settings.llm_timeout_s),
        )
    from agent.providers.openai_provider import OpenAIProvider

    return OpenAIProvider(
        api_key=choice.api_key,
        model=choice.model,
        base_url=choice.base_url,
        name=choice.name,
        timeout_s=settings.llm_timeout_s,
        max_retries=settings.llm_max_retries,
        http_client=http_client or sdk_http_client(settings.llm_timeout_s),
    )


def make_judge(
    settings: Settings,
    keys: ProviderKeys | None = None,
    *,
    http_client: httpx2.AsyncClient | None = None,
) -> Judge | None:
    """Build the Claude judge when an Anthropic key is known (connection first), else ``None``.

    ``VAWLRATHH_PROVIDER=offline`` means no model calls at all, so no judge either.
    """
    if settings.provider == "offline":
        return None
    key = (_secret(keys.anthropic) if keys else None) or _secret(settings.anthropic_api_key)
    if not key:
        return None
    from agent.providers.judge import ClaudeJudge

    return ClaudeJudge(
        api_key=key,
        model=settings.judge_model,
        base_url=settings.anthropic_base_url,
        timeout_s=settings.llm_timeout_s,
        max_retries=settings.llm_max_retries,
        http_client=http_client or sdk_http_client(settings.llm_timeout_s),
    )
