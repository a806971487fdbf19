"""The version the API reports in /health, ready events and the OpenAPI document."""

from agent import __version__ as VERSION

__all__ = ["VERSION"]
