"""Model providers: OpenAI, Anthropic, OpenAI-compatible servers, and the offline fallback."""
