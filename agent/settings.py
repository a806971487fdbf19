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

    host: str = Field("0.0.0.0", alias="HOST")
    api_port: int = Field(7860, alias="API_PORT", ge=1, le=65535)
    api_workers: int = Field(1, alias="API_WORKERS", ge=1, le=64, description="API worker processes sharing API_PORT; one per core serves the most chats")
    ui_port: int = Field(7861, alias="UI_PORT", ge=1, le=65535)
    api_url: str | None = Field(None, alias="VAWLRATHH_API_URL", description="Where the UI reaches the API; default http://127.0.0.1:API_PORT")
    ui_proxy_enabled: bool = Field(True, alias="UI_PROXY_ENABLED", description="The API also serves the UI: paths it does not own are proxied to UI_PORT (one public port on a Space)")
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
    max_body_bytes: int = Field(2 * 1024 * 1024, alias="API_MAX_BODY_BYTES", ge=1024, description="Largest HTTP request body; larger ones get 413")
    max_upload_bytes: int = Field(1024 * 1024, alias="API_MAX_UPLOAD_BYTES", ge=1024, description="Largest deck file upload; larger ones get 413")

    @field_validator("cors_origins", "mcp_allowed_hosts", mode="before")
    @classmethod
    def _origins_list(cls, value: Any) -> Any:
        """Accept ``["https://a", "https://b"]`` or ``https://a, https://b`` from the environment."""
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                return json.loads(text)
            return [part.strip() for part in text.split(",") if part.strip()]
        return value

    @property
    def resolved_api_url(self) -> str:
        return (self.api_url or f"http://127.0.0.1:{self.api_port}").rstrip("/")
