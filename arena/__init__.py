"""The domain of Vawlrathh: card catalog, deck parsing, mana math and analysis.

Nothing here knows about LLMs, LangGraph or HTTP serving; the agent and the API build on it.
"""
