"""kill -9 in the middle of a turn: the dead process's thread is free at once, not in 30 s."""

from __future__ import annotations

import asyncio
import signal
import sys
import textwrap
from pathlib import Path

import pytest

from api.thread_claims import ThreadBusy, ThreadClaims

pytestmark = pytest.mark.timeout(60)

ROOT = Path(__file__).resolve().parents[2]


async def test_a_claim_of_a_process_killed_with_sigkill_is_taken_over_at_once(tmp_path: Path) -> None:
    script = textwrap.dedent(f"""
        import asyncio, sys
        sys.path.insert(0, {str(ROOT)!r})
        from pathlib import Path
        from api.thread_claims import ThreadClaims

        async def main():
            claims = ThreadClaims.open(Path({str(tmp_path)!r}))
            claims.claim("t-killed")
            print("claimed", flush=True)
            await asyncio.sleep(60)

        asyncio.run(main())
    """)
    proc = await asyncio.create_subprocess_exec(sys.executable, "-c", script, stdout=asyncio.subprocess.PIPE)
    claims = ThreadClaims.open(tmp_path)
    try:
        assert proc.stdout is not None
        assert (await asyncio.wait_for(proc.stdout.readline(), 30)).strip() == b"claimed"
        with pytest.raises(ThreadBusy):
            claims.claim("t-killed")  # alive: its claim holds
        proc.send_signal(signal.SIGKILL)
        await asyncio.wait_for(proc.wait(), 10)
        claims.claim("t-killed")  # dead: taken over now, with 30 s left on its lease
        assert claims.held == frozenset({"t-killed"})
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
        await claims.close()
