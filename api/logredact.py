"""Keep what players send out of the log, even at LOG_LEVEL=DEBUG.

At DEBUG the websockets library logs every frame it sends and receives, payload included
(``< TEXT '{"type": "hello", "keys": {"openai": "sk-…' [120 bytes]``): a player's API key
would land in the log. This filter keeps those records but replaces the payload with its
opcode and size, which is all a frame log is good for when debugging a connection.

The model SDKs do the same with requests: at DEBUG the Anthropic SDK logs every request's
options, the player's messages and the deck's facts included (tens of KB a call).
``RequestBodyFilter`` keeps the line and drops the body.
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


# The SDK loggers that log a request's options (its body) at DEBUG.
_SDK_LOGGERS = ("anthropic._base_client", "openai._base_client")


class RequestBodyFilter(logging.Filter):
    """Replace a model SDK's "Request options: {...}" arguments with a note that they are not logged."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str) and record.msg.startswith("Request options"):
            record.msg, record.args = "Request options: (not logged: they hold the player's messages)", None
        return True


def _add(names: tuple[str, ...], kind: type[logging.Filter]) -> None:
    for name in names:
        logger = logging.getLogger(name)
        if not any(isinstance(f, kind) for f in logger.filters):
            logger.addFilter(kind())


def install_frame_redaction() -> None:
    """Add the filters to every logger that may log frames or request bodies (once, however often called)."""
    _add(_LOGGERS, FramePayloadFilter)
    _add(_SDK_LOGGERS, RequestBodyFilter)
