"""Threads: read a conversation back, or forget it."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Response, status

from api.deps import ResourcesDep, RuntimeDep
from api.errors import ApiError
from api.schemas import THREAD_ID_PATTERN, ErrorResponse, ThreadMessage, ThreadMessages

router = APIRouter(prefix="/threads", tags=["threads"])

ThreadId = Annotated[str, Path(pattern=THREAD_ID_PATTERN, description="Thread id", examples=["t-4f2a"])]
_NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": ErrorResponse, "description": "No thread with that id"}}


@router.get("/{thread_id}/messages", response_model=ThreadMessages, responses=_NOT_FOUND,
            summary="Read a thread's messages and attached deck")
async def thread_messages(thread_id: ThreadId, runtime: RuntimeDep) -> ThreadMessages:
    messages = await runtime.thread_messages(thread_id)
    if not messages:
        raise _not_found(thread_id)
    return ThreadMessages(
        thread_id=thread_id,
        messages=[ThreadMessage.model_validate(m) for m in messages],
        deck=await runtime.thread_deck(thread_id),
    )


@router.delete("/{thread_id}", status_code=status.HTTP_204_NO_CONTENT,
               responses={**_NOT_FOUND, 409: {"model": ErrorResponse, "description": "A turn is running on it"}},
               summary="Delete a thread and its history")
async def delete_thread(thread_id: ThreadId, res: ResourcesDep) -> Response:
    if res.threads.is_busy(thread_id):
        raise ApiError(409, "turn_in_progress", f"A turn is running on thread {thread_id!r}; delete it afterwards.")
    if not await res.runtime.delete_thread(thread_id):
        raise _not_found(thread_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


def _not_found(thread_id: str) -> ApiError:
    return ApiError(404, "thread_not_found", f"No thread has id {thread_id!r}.")
