"""Gradio front end: talks to the API over HTTP and WebSocket only."""
