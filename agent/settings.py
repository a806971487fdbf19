"""Configuration for every process of the app, read once from the environment and ``.env``.

Keys are ``SecretStr``: they print as ``**********`` and are read with ``.get_secret_value()``.
Create one ``Settings()`` at start-up and pass it down; nothing reads the environment later.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

# Where live research looks by default: tournament results, metagame shares, deck techs.
RESEARCH_SITES = (
    "mtggoldfish.com", "mtgtop8.com", "mtgdecks.net", "magic.gg", "mtga.untapped.gg",
    "aetherhub.com", "mtgazone.com", "mtg.cardsrealm.com", "mtgo.com", "melee.gg",
)
ProviderName = Literal["auto", "offline", "openai", "anthropic", "openai-compatible"]


class Settings(BaseSettings):
    """Every environment variable the app reads; ``.env.example`` mirrors this class."""

    model_config = SettingsConfigDict(
        env_file=".env", env_ignore_empty=True, extra="ignore", populate_by_name=True
    )

    data_dir: Path = Field(Path("data"), alias="VAWLRATHH_DATA_DIR", description="Where the app writes everything: catalog, threads, decks")
    provider: ProviderName = Field("auto", alias="VAWLRATHH_PROVIDER", description="auto picks Anthropic, then OpenAI, then an OpenAI-compatible base URL, then offline")

    openai_api_key: SecretStr | None = Field(None, alias="OPENAI_API_KEY")
    openai_base_url: str | None = Field(None, alias="OPENAI_BASE_URL", description="OpenAI-compatible server, e.g. http://127.0.0.1:11434/v1 for Ollama")
    openai_model: str = Field("gpt-4o-mini", alias="OPENAI_MODEL")
    anthropic_api_key: SecretStr | None = Field(None, alias="ANTHROPIC_API_KEY")
    anthropic_base_url: str | None = Field(None, alias="ANTHROPIC_BASE_URL")
    anthropic_model: str = Field("claude-sonnet-4-6", alias="ANTHROPIC_MODEL")
    judge_model: str = Field("claude-sonnet-4-6", alias="VAWLRATHH_JUDGE_MODEL", description="Claude model that judges drafts in the consensus step")
    allow_client_base_url: bool = Field(False, alias="ALLOW_CLIENT_BASE_URL", description="Accept an OpenAI-compatible base URL from a WebSocket client's hello; off by default because the server would then connect wherever a client says")
    llm_timeout_s: float = Field(30.0, alias="LLM_TIMEOUT_S", gt=0)
    llm_max_retries: int = Field(2, alias="LLM_MAX_RETRIES", ge=0, le=10)

    scryfall_base_url: str = Field("https://api.scryfall.com", alias="SCRYFALL_BASE_URL")
    scryfall_enabled: bool = Field(True, alias="SCRYFALL_ENABLED", description="Fall back to the Scryfall API for names the catalog lacks")
    scryfall_auto_import: bool = Field(True, alias="SCRYFALL_AUTO_IMPORT", description="Import Scryfall's bulk data in the background at start and keep it fresh (legality, Arena, prices)")
    scryfall_bulk_type: str = Field("oracle_cards", alias="SCRYFALL_BULK_TYPE", description="Which bulk file to import: oracle_cards (one per card) or default_cards (every printing)")
    scryfall_refresh_hours: float = Field(24.0, alias="SCRYFALL_REFRESH_HOURS", ge=1.0, le=24 * 30, description="How often the bulk data is checked for a newer file")

    # Live metagame research (arena.research): each service is used when its key is set.
    tavily_api_key: SecretStr | None = Field(None, alias="TAVILY_API_KEY", description="Tavily search for the current metagame and matchups")
    tavily_base_url: str | None = Field(None, alias="TAVILY_BASE_URL", description="Tavily endpoint; default https://api.tavily.com")
    perplexity_api_key: SecretStr | None = Field(None, alias="PERPLEXITY_API_KEY", description="Perplexity search (and a cited answer with PERPLEXITY_MODEL)")
    perplexity_base_url: str | None = Field(None, alias="PERPLEXITY_BASE_URL", description="Perplexity endpoint; default https://api.perplexity.ai")
    perplexity_model: str | None = Field(None, alias="PERPLEXITY_MODEL", description="e.g. sonar: ask for a cited answer instead of plain search results")
    research_sites: Annotated[list[str], NoDecode] = Field(default_factory=lambda: list(RESEARCH_SITES), alias="RESEARCH_SITES", description="Sites live research is restricted to, a JSON list or comma-separated")
    research_recency: Literal["day", "week", "month", "year"] = Field("month", alias="RESEARCH_RECENCY", description="Only pages from the last day/week/month/year")
    research_cache_ttl_s: float = Field(3600.0, alias="RESEARCH_CACHE_TTL_S", ge=0, description="Seconds a research answer is reused for the same query; 0 turns the cache off")
    research_timeout_s: float = Field(15.0, alias="RESEARCH_TIMEOUT_S", gt=0)
    research_max_retries: int = Field(2, alias="RESEARCH_MAX_RETRIES", ge=0, le=10, description="Retries on 429 and 5xx answers")

    host: str = Field("0.0.0.0", alias="HOST")
    api_port: int = Field(7860, alias="API_PORT", ge=1, le=65535)
    api_workers: int = Field(1, alias="API_WORKERS", ge=1, le=64, description="API worker processes sharing API_PORT; one per core serves the most chats")
    ui_port: int = Field(7861, alias="UI_PORT", ge=1, le=65535)
    api_url: str | None = Field(None, alias="VAWLRATHH_API_URL", description="Where the UI reaches the API; default http://127.0.0.1:API_PORT")
    ui_proxy_enabled: bool = Field(True, alias="UI_PROXY_ENABLED", description="The API also serves the UI: paths it does not own are proxied to UI_PORT (one public port on a Space)")
    space_host: str | None = Field(None, alias="SPACE_HOST", description="Set by Hugging Face Spaces: the Space's public host name (the MCP URL shown to players)")
    mcp_allowed_hosts: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: ["localhost", "127.0.0.1", "[::1]", "*.hf.space"], alias="MCP_ALLOWED_HOSTS",
        description="Host names the MCP endpoint /mcp/ answers to (DNS-rebinding guard), a JSON list or comma-separated; *.example.org matches any subdomain; any port")
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list, alias="CORS_ORIGINS", description="Allowed browser origins, a JSON list or comma-separated; default the UI's own")
    log_level: str = Field("INFO", alias="LOG_LEVEL")

    # API limits (api/): WebSocket pacing and request sizes.
    ws_idle_timeout_s: float = Field(300.0, alias="WS_IDLE_TIMEOUT_S", gt=0, description="Close a WebSocket that sent nothing for this long (no turn running)")
    ws_rate_per_s: float = Field(10.0, alias="WS_RATE_PER_S", gt=0, description="WebSocket messages a client may send per second, sustained (token bucket)")
    ws_rate_burst: int = Field(20, alias="WS_RATE_BURST", ge=1, description="WebSocket messages a client may send at once before the rate limit applies")
    ws_send_timeout_s: float = Field(30.0, alias="WS_SEND_TIMEOUT_S", gt=0, description="Drop a WebSocket client that has not taken a sent event for this long (it stopped reading)")
    ws_max_message_bytes: int = Field(65536, alias="WS_MAX_MESSAGE_BYTES", ge=1024, description="Largest WebSocket message accepted; larger ones get a message_too_large error")
    api_rate_per_s: float = Field(20.0, alias="API_RATE_PER_S", gt=0, description="REST requests one client address may make per second, sustained (token bucket, paths under /api/ only)")
    api_rate_burst: int = Field(60, alias="API_RATE_BURST", ge=1, description="REST requests one client address may make at once before the rate limit applies")
    max_body_bytes: int = Field(2 * 1024 * 1024, alias="API_MAX_BODY_BYTES", ge=1024, description="Largest HTTP request body; larger ones get 413")
    max_upload_bytes: int = Field(1024 * 1024, alias="API_MAX_UPLOAD_BYTES", ge=1024, description="Largest deck file upload; larger ones get 413")

    @field_validator("cors_origins", "mcp_allowed_hosts", "research_sites", mode="before")
    @classmethod
    def _string_list(cls, value: Any) -> Any:
        """Accept a JSON list or a comma-separated list (``https://a, https://b``) from the environment."""
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                return json.loads(text)
            return [part.strip() for part in text.split(",") if part.strip()]
        return value

    @property
    def resolved_api_url(self) -> str:
        return (self.api_url or f"http://127.0.0.1:{self.api_port}").rstrip("/")

    @property
    def mcp_url(self) -> str:
        """Where MCP clients connect: the Space's public URL, else the API's."""
        if self.space_host:
            return f"https://{self.space_host.strip().rstrip('/')}/mcp/"
        return f"{self.api_url.rstrip('/') if self.api_url else f'http://localhost:{self.api_port}'}/mcp/"
