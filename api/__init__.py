"""Vawlrathh's HTTP and WebSocket service: REST under /api/v1, /ws/chat, health and metrics.

``api.main.create_app(settings)`` builds the app; ``api.main:app`` serves ``uvicorn api.main:app``.
"""
