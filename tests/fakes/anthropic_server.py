"""A local server speaking Anthropic's Messages wire format, for the real ``anthropic`` SDK.

POST /v1/messages answers a Message JSON, or with ``stream: true`` named SSE events
(``event: message_start`` … ``message_stop``; the SDK drops events without a name), with
text in ``text_delta``s and tool input in ``input_json_delta``s, as
``anthropic/lib/streaming/_messages.py`` accumulates them. Like API version 2026-10-21 it
refuses sampling parameters (temperature, top_p, top_k), a missing ``max_tokens``, a missing
or wrong key (401; SDK 2.x sends ``Authorization: Bearer``, older ones ``x-api-key``) and a
``tool_result`` that answers no ``tool_use`` of the previous assistant turn.

    with FakeAnthropic(api_key="sk-ant-test") as server:
        server.enqueue(verdict("revise", ["Says 23 lands; the facts say 24."]))
        client = AsyncAnthropic(api_key="sk-ant-test", base_url=server.base_url)
"""

from __future__ import annotations

import itertools
import json
from collections.abc import AsyncIterator
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from tests.fakes.llm_server import Call, Fail, FakeLLMServer, Hang, Reply, Script, pieces

_ERROR_TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
    403: "permission_error",
    404: "not_found_error",
    413: "request_too_large",
    429: "rate_limit_error",
    529: "overloaded_error",
}
_SAMPLING = ("temperature", "top_p", "top_k")


def error_body(status: int, message: str) -> dict[str, Any]:
    return {"type": "error", "error": {"type": _ERROR_TYPES.get(status, "api_error"), "message": message}}


def verdict(kind: str, reasons: list[str] | None = None) -> Reply:
    """The judge's forced ``record_verdict`` tool call."""
    return Reply(calls=(Call("record_verdict", {"verdict": kind, "reasons": reasons or []}),))


def plan(steps: list[dict[str, Any]]) -> Reply:
    """A forced ``submit_plan`` tool call carrying ``steps``."""
    return Reply(calls=(Call("submit_plan", {"steps": steps}),))


class FakeAnthropic(FakeLLMServer):
    """Scriptable Anthropic Messages server."""

    def __init__(self, *, api_key: str | None = None, model: str = "claude-sonnet-4-6") -> None:
        super().__init__(api_key=api_key)
        self.model = model
        self._ids = itertools.count(1)

    def routes(self) -> list[Route]:
        return [Route("/v1/messages", self._messages, methods=["POST"])]

    def _auth_error(self, request: Request) -> Response | None:
        if self.api_key is None:
            return None
        sent = request.headers.get("x-api-key") or request.headers.get("authorization", "").removeprefix("Bearer ")
        if sent != self.api_key:
            return JSONResponse(error_body(401, "invalid x-api-key"), status_code=401)
        return None

    async def _messages(self, request: Request) -> Response:
        try:
            body = await request.json()
        except ValueError:
            body = None
        self.record("POST", request.url.path, dict(request.headers), body)
        if (denied := self._auth_error(request)) is not None:
            return denied
        if not isinstance(body, dict) or (problem := self._invalid(body)):
            return JSONResponse(error_body(400, problem if body else "body is not JSON"), status_code=400)
        script = self.next_script(body)
        if script is None:
            self.unexpected += 1
            return JSONResponse(error_body(400, "fake server: nothing scripted for this request"), status_code=400)
        if isinstance(script, Hang):
            await self.wait(script.seconds)
            return JSONResponse(error_body(504, "hung on purpose"), status_code=504)
        if isinstance(script, Fail):
            headers = {"retry-after": f"{script.retry_after:g}"} if script.retry_after is not None else {}
            return JSONResponse(error_body(script.status, script.message), status_code=script.status, headers=headers)
        model = body["model"]
        if body.get("stream"):
            return StreamingResponse(self._sse(script, model), media_type="text/event-stream")
        return JSONResponse(self._message(script, model))

    @staticmethod
    def _invalid(body: dict[str, Any]) -> str | None:
        """The checks the real API makes that would catch a broken client."""
        for name in _SAMPLING:
            if name in body:
                return f"{name}: Extra inputs are not permitted"
        if not body.get("model"):
            return "model: Field required"
        if not isinstance(body.get("max_tokens"), int):
            return "max_tokens: Field required"
        messages = body.get("messages")
        if not isinstance(messages, list) or not messages:
            return "messages: at least one message is required"
        if messages[0].get("role") != "user":
            return "messages: first message must use the user role"
        previous_uses: set[str] = set()
        for n, msg in enumerate(messages):
            content = msg.get("content")
            blocks = content if isinstance(content, list) else []
            results = {b.get("tool_use_id") for b in blocks if b.get("type") == "tool_result"}
            if msg.get("role") == "user" and not results <= previous_uses:
                return f"messages.{n}: tool_result blocks must answer a tool_use of the previous message"
            if msg.get("role") == "user" and not previous_uses <= results:
                return f"messages.{n}: tool_use ids were found without tool_result blocks immediately after"
            previous_uses = {b.get("id") for b in blocks if b.get("type") == "tool_use"}
            if msg.get("role") == "assistant" and previous_uses and n == len(messages) - 1:
                return f"messages.{n}: tool_use ids were found without tool_result blocks"
        tool_choice = body.get("tool_choice") or {}
        if tool_choice.get("type") == "tool":
            names = {t.get("name") for t in body.get("tools") or []}
            if tool_choice.get("name") not in names:
                return "tool_choice.name: tool not found in tools"
        return None

    # ---- wire formats -------------------------------------------------------------------------

    def _blocks(self, script: Reply) -> list[dict[str, Any]]:
        blocks: list[dict[str, Any]] = [{"type": "text", "text": script.text}] if script.text else []
        blocks += [
            {"type": "tool_use", "id": c.id or f"toolu_{next(self._ids):04d}", "name": c.name, "input": c.args}
            for c in script.calls
        ]
        return blocks

    def _envelope(self, model: str, content: list[dict[str, Any]], stop: str | None, out: int) -> dict[str, Any]:
        return {
            "id": f"msg_{next(self._ids):06d}",
            "type": "message",
            "role": "assistant",
            "model": model,
            "content": content,
            "stop_reason": stop,
            "stop_sequence": None,
            "usage": {"input_tokens": 12, "output_tokens": out},
        }

    def _message(self, script: Reply, model: str) -> dict[str, Any]:
        stop = "tool_use" if script.calls else "end_turn"
        return self._envelope(model, self._blocks(script), stop, 10)

    async def _sse(self, script: Reply, model: str) -> AsyncIterator[bytes]:
        """Stream ``script``; count it in ``streams_cut`` if the client hangs up first."""
        finished = False
        try:
            async for frame in self._frames(script, model):
                yield frame
            finished = True
        finally:
            if not finished:
                self.stream_cut()

    async def _frames(self, script: Reply, model: str) -> AsyncIterator[bytes]:
        def event(name: str, data: dict[str, Any]) -> bytes:
            return f"event: {name}\ndata: {json.dumps(data)}\n\n".encode()

        # Every delta is one item of this list, so stall_after / error_after count the same way.
        frames: list[tuple[str, dict[str, Any]]] = []
        for index, block in enumerate(self._blocks(script)):
            if block["type"] == "text":
                frames.append(("content_block_start", {"index": index, "content_block": {"type": "text", "text": ""}}))
                frames += [
                    ("content_block_delta", {"index": index, "delta": {"type": "text_delta", "text": p}})
                    for p in pieces(block["text"], script.chunk)
                ]
            else:
                start = {**block, "input": {}}
                frames.append(("content_block_start", {"index": index, "content_block": start}))
                frames += [
                    ("content_block_delta", {"index": index, "delta": {"type": "input_json_delta", "partial_json": p}})
                    for p in pieces(json.dumps(block["input"]), script.chunk)
                ]
            frames.append(("content_block_stop", {"index": index}))

        yield event("message_start", {"type": "message_start", "message": self._envelope(model, [], None, 1)})
        yield event("ping", {"type": "ping"})
        for n, (name, data) in enumerate(frames):
            if script.stall_after is not None and n >= script.stall_after:
                await self.wait(30)
                return
            if script.error_after is not None and n >= script.error_after:
                yield event("error", error_body(529, "Overloaded"))
                return
            yield event(name, {"type": name, **data})
        stop = "tool_use" if script.calls else "end_turn"
        yield event(
            "message_delta",
            {"type": "message_delta", "delta": {"stop_reason": stop, "stop_sequence": None}, "usage": {"output_tokens": 20}},
        )
        yield event("message_stop", {"type": "message_stop"})


__all__ = ["Call", "Fail", "FakeAnthropic", "Hang", "Reply", "Script", "plan", "verdict"]
