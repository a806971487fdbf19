"""Vawlrathh, The Small'n: the LangGraph agent over the deck engine in ``arena``."""

__version__ = "0.1.0"
