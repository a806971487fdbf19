"""Keep what players send out of the log, even at LOG_LEVEL=DEBUG.

At DEBUG the websockets library logs every frame it sends and receives, payload included
(``< TEXT '{"type": "hello", "keys": {"openai": "sk-…' [120 bytes]``): a player's API key
would land in the log. This filter keeps those records but replaces the payload with its
opcode and size, which is all a frame log is good for when debugging a connection.
"""

from __future__ import annotations

import logging

from websockets.frames import Frame

# The loggers uvicorn hands the websockets protocol (every implementation), and its own.
_LOGGERS = ("uvicorn.error", "websockets", "websockets.server", "websockets.protocol")


class FramePayloadFilter(logging.Filter):
    """Rewrite a record whose argument is a websockets ``Frame`` to its opcode and length."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and any(isinstance(a, Frame) for a in args):
            record.args = tuple(_summary(a) if isinstance(a, Frame) else a for a in args)
        return True


def _summary(frame: Frame) -> str:
    return f"{frame.opcode.name} [{len(frame.data)} bytes, payload not logged]"


def install_frame_redaction() -> None:
    """Add the filter to every logger that may log frames (once, however often called)."""
    for name in _LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, FramePayloadFilter) for f in logger.filters):
            logger.addFilter(FramePayloadFilter())
