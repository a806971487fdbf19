"""Build the live research services from the settings, and say which keys are set.

The SDK client modules are imported only for a service that has a key: the Perplexity
SDK alone costs about two seconds of start-up, which an offline deployment should not pay.
"""

from __future__ import annotations

from typing import Any

from agent.providers.http_client import tls_context
from agent.settings import Settings
from arena.research import MetaResearch, Researcher


def research_status(settings: Settings) -> dict[str, Any]:
    """Whether each service's key is set (never the key), for /api/v1/status and the Status tab."""
    return {
        "tavily": {"configured": settings.tavily_api_key is not None,
                   "custom_endpoint": settings.tavily_base_url is not None},
        "perplexity": {"configured": settings.perplexity_api_key is not None,
                       "custom_endpoint": settings.perplexity_base_url is not None,
                       "mode": "answer" if settings.perplexity_model else "search"},
        "sites": len(settings.research_sites),
        "cache_ttl_s": settings.research_cache_ttl_s,
    }


def build_research(settings: Settings) -> MetaResearch | None:
    """One cached research service over every service with a key; None when no key is set."""
    clients: list[Researcher] = []
    common: dict[str, Any] = {
        "sites": settings.research_sites, "recency": settings.research_recency,
        "timeout_s": settings.research_timeout_s, "retries": settings.research_max_retries,
    }
    if settings.tavily_api_key is not None:
        from arena.research.tavily import TavilyResearch

        # Its own client (the SDK writes the key into the client's headers), on the process's
        # TLS context so building it does not load the CA bundle again.
        clients.append(TavilyResearch(settings.tavily_api_key.get_secret_value(),
                                      base_url=settings.tavily_base_url, verify=tls_context(), **common))
    if settings.perplexity_api_key is not None:
        import httpx

        from arena.research.perplexity import PerplexityResearch

        http = httpx.AsyncClient(verify=tls_context(), timeout=httpx.Timeout(settings.research_timeout_s),
                                 follow_redirects=True)  # closed with the SDK client
        clients.append(PerplexityResearch(settings.perplexity_api_key.get_secret_value(),
                                          base_url=settings.perplexity_base_url,
                                          model=settings.perplexity_model, http_client=http, **common))
    if not clients:
        return None
    return MetaResearch(clients, cache_ttl_s=settings.research_cache_ttl_s)
