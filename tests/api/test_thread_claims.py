"""Thread claims: one turn per thread across connections and across worker processes."""

from __future__ import annotations

import asyncio
import sys
import textwrap
from pathlib import Path

import pytest

from api.thread_claims import ThreadBusy, ThreadClaims

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
async def two(tmp_path: Path):
    """Two processes' views of one data folder (distinct owners, one table)."""
    first, second = ThreadClaims.open(tmp_path), ThreadClaims.open(tmp_path)
    yield first, second
    await first.close()
    await second.close()


async def test_a_claim_is_exclusive_until_released(two: tuple[ThreadClaims, ThreadClaims]) -> None:
    first, second = two
    first.claim("t-1")
    with pytest.raises(ThreadBusy):
        first.claim("t-1")
    with pytest.raises(ThreadBusy):
        second.claim("t-1")
    assert first.is_busy("t-1") and second.is_busy("t-1")
    second.claim("t-2")  # other threads are free
    first.release("t-1")
    assert not second.is_busy("t-1")
    second.claim("t-1")
    assert second.held == {"t-1", "t-2"}


async def test_release_by_a_non_holder_changes_nothing(two: tuple[ThreadClaims, ThreadClaims]) -> None:
    first, second = two
    first.claim("t-1")
    second.release("t-1")
    assert second.is_busy("t-1")


async def test_an_expired_lease_can_be_taken_over(tmp_path: Path) -> None:
    dead, alive = ThreadClaims.open(tmp_path, lease_s=0.05), ThreadClaims.open(tmp_path)
    try:
        dead.claim("t-1")
        dead._renewer.cancel()  # type: ignore[union-attr]  # a process that died mid-turn renews nothing
        await asyncio.sleep(0.1)
        assert not alive.is_busy("t-1")
        alive.claim("t-1")
    finally:
        await dead.close()
        await alive.close()
    assert not ThreadClaims.open(tmp_path).is_busy("t-1")  # close dropped alive's claim


async def test_leases_are_renewed_while_held(tmp_path: Path) -> None:
    holder, other = ThreadClaims.open(tmp_path, lease_s=0.3), ThreadClaims.open(tmp_path)
    try:
        holder.claim("t-1")
        await asyncio.sleep(0.7)  # more than two leases: only renewal keeps it
        with pytest.raises(ThreadBusy):
            other.claim("t-1")
    finally:
        await holder.close()
        await other.close()


async def test_a_claim_held_by_another_os_process_blocks_this_one(tmp_path: Path) -> None:
    script = textwrap.dedent(f"""
        import asyncio, sys
        sys.path.insert(0, {str(ROOT)!r})
        from pathlib import Path
        from api.thread_claims import ThreadClaims

        async def main():
            claims = ThreadClaims.open(Path({str(tmp_path)!r}))
            claims.claim("t-shared")
            print("claimed", flush=True)
            await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
            await claims.close()

        asyncio.run(main())
    """)
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", script, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE
    )
    claims = ThreadClaims.open(tmp_path)
    try:
        assert proc.stdout is not None and proc.stdin is not None
        assert (await asyncio.wait_for(proc.stdout.readline(), 20)).strip() == b"claimed"
        with pytest.raises(ThreadBusy):
            claims.claim("t-shared")
        proc.stdin.write(b"\n")
        await proc.stdin.drain()
        assert await asyncio.wait_for(proc.wait(), 20) == 0
        claims.claim("t-shared")  # the other process released it on its way out
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
        await claims.close()
