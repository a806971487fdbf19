"""A local server speaking OpenAI's chat completions wire format, for the real ``openai`` SDK.

POST /v1/chat/completions answers JSON, or with ``stream: true`` Server-Sent Events
(``data: {chunk}`` lines ending ``data: [DONE]``, as ``openai/_streaming.py`` parses them),
with tool_call deltas split across chunks by ``index``. GET /v1/models lists one model.
Like the real API it refuses a missing or wrong bearer key (401) and a ``tool`` message
that answers no earlier tool call (400).

    with FakeOpenAI(api_key="sk-test") as server:
        server.enqueue(Reply(text="Cut the Shocks."), Fail(429, retry_after=0))
        client = AsyncOpenAI(api_key="sk-test", base_url=server.url)
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import AsyncIterator
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from tests.fakes.llm_server import Call, Fail, FakeLLMServer, Hang, Reply, Script, pieces

_ERROR_TYPES = {
    400: "invalid_request_error",
    401: "invalid_request_error",
    403: "permission_error",
    404: "invalid_request_error",
    429: "rate_limit_exceeded",
}


def error_body(status: int, message: str) -> dict[str, Any]:
    return {
        "error": {
            "message": message,
            "type": _ERROR_TYPES.get(status, "server_error"),
            "param": None,
            "code": "invalid_api_key" if status == 401 else None,
        }
    }


class FakeOpenAI(FakeLLMServer):
    """Scriptable OpenAI-compatible server (also stands in for Ollama, vLLM, llama.cpp)."""

    def __init__(
        self,
        *,
        api_key: str | None = None,
        model: str = "gpt-4o-mini",
        json_mode: bool = True,
        tool_call_index: bool = True,
    ) -> None:
        """``json_mode=False`` refuses ``response_format`` and ``tool_call_index=False`` leaves
        ``index`` out of tool-call deltas, as some local OpenAI-compatible servers do."""
        super().__init__(api_key=api_key)
        self.model = model
        self.json_mode = json_mode
        self.tool_call_index = tool_call_index
        self._ids = itertools.count(1)

    @property
    def url(self) -> str:
        """What OPENAI_BASE_URL should be."""
        return f"{self.base_url}/v1"

    def routes(self) -> list[Route]:
        return [
            Route("/v1/chat/completions", self._completions, methods=["POST"]),
            Route("/v1/models", self._models, methods=["GET"]),
        ]

    # ---- handlers ---------------------------------------------------------------------------

    def _auth_error(self, request: Request) -> Response | None:
        if self.api_key is None:
            return None
        if request.headers.get("authorization") != f"Bearer {self.api_key}":
            return JSONResponse(error_body(401, "Incorrect API key provided."), status_code=401)
        return None

    async def _models(self, request: Request) -> Response:
        self.record("GET", request.url.path, dict(request.headers), None)
        if (denied := self._auth_error(request)) is not None:
            return denied
        return JSONResponse(
            {"object": "list", "data": [{"id": self.model, "object": "model", "created": 0, "owned_by": "fake"}]}
        )

    async def _completions(self, request: Request) -> Response:
        try:
            body = await request.json()
        except ValueError:
            body = None
        self.record("POST", request.url.path, dict(request.headers), body)
        if (denied := self._auth_error(request)) is not None:
            return denied
        if isinstance(body, dict) and body.get("response_format") and not self.json_mode:
            return JSONResponse(error_body(400, "response_format is not supported"), status_code=400)
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
        model = body.get("model") or self.model
        if body.get("stream"):
            return StreamingResponse(self._sse(script, model), media_type="text/event-stream")
        return JSONResponse(self._completion(script, model))

    @staticmethod
    def _invalid(body: dict[str, Any]) -> str | None:
        """The checks the real API makes that would catch a broken client."""
        if not body.get("model"):
            return "you must provide a model parameter"
        messages = body.get("messages")
        if not isinstance(messages, list) or not messages:
            return "messages must be a non-empty array"
        offered: set[str] = set()
        for n, msg in enumerate(messages):
            if msg.get("role") == "assistant":
                offered |= {c["id"] for c in msg.get("tool_calls") or []}
            if msg.get("role") == "tool" and msg.get("tool_call_id") not in offered:
                return f"messages[{n}]: tool message answers no preceding tool_call"
        return None

    # ---- wire formats -------------------------------------------------------------------------

    def _call_id(self, call: Call) -> str:
        return call.id or f"call_{next(self._ids)}"

    def _completion(self, script: Reply, model: str) -> dict[str, Any]:
        message: dict[str, Any] = {"role": "assistant", "content": script.text or None, "refusal": None}
        if script.calls:
            message["tool_calls"] = [
                {
                    "id": self._call_id(c),
                    "type": "function",
                    "function": {"name": c.name, "arguments": json.dumps(c.args)},
                }
                for c in script.calls
            ]
        return {
            "id": f"chatcmpl-{next(self._ids)}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": model,
            "choices": [
                {
                    "index": 0,
                    "message": message,
                    "logprobs": None,
                    "finish_reason": "tool_calls" if script.calls else "stop",
                }
            ],
            "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
        }

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
        chunk_id = f"chatcmpl-{next(self._ids)}"
        created = int(time.time())

        def chunk(delta: dict[str, Any], finish: str | None = None) -> bytes:
            data = {
                "id": chunk_id,
                "object": "chat.completion.chunk",
                "created": created,
                "model": model,
                "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}],
            }
            return f"data: {json.dumps(data)}\n\n".encode()

        deltas: list[dict[str, Any]] = [{"content": p} for p in pieces(script.text, script.chunk)]
        for index, call in enumerate(script.calls):
            args = pieces(json.dumps(call.args), script.chunk) or [""]
            where = {"index": index} if self.tool_call_index else {}
            deltas.append(
                {
                    "tool_calls": [
                        {
                            **where,
                            "id": self._call_id(call),
                            "type": "function",
                            "function": {"name": call.name, "arguments": ""},
                        }
                    ]
                }
            )
            deltas += [{"tool_calls": [{**where, "function": {"arguments": a}}]} for a in args]

        yield chunk({"role": "assistant", "content": ""})
        for n, delta in enumerate(deltas):
            if script.stall_after is not None and n >= script.stall_after:
                await self.wait(30)
                return
            if script.error_after is not None and n >= script.error_after:
                error = {"error": {"message": "The server had an error", "type": "server_error"}}
                yield f"data: {json.dumps(error)}\n\n".encode()
                return
            yield chunk(delta)
        yield chunk({}, "tool_calls" if script.calls else "stop")
        yield b"data: [DONE]\n\n"


__all__ = ["Call", "Fail", "FakeOpenAI", "Hang", "Reply", "Script"]
