"""MCP for Vawlrathh: the agent's tools and a whole chat turn for any MCP client.

``server`` builds the SDK server from the tool registry (``agent.tools``); ``http`` serves it at
``/mcp/`` on the API's port; ``python -m api.mcp`` serves it over stdio.
"""
