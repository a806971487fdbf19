"""Model-turn overhead: "analyze my deck" through the real SDKs against instant local model servers.

    python bench/bench_providers.py [--turns 50] [--data-dir DIR]

The fake models (tests/fakes/deck_models.py) answer at once, so the figures are what the app
itself adds to a model turn: the graph, the tools, the SDK clients, HTTP and SSE parsing,
the consensus checks and, for Claude, the judge's round trip. Three setups, each over
``--turns`` turns on fresh threads: OpenAI; Claude; Claude with the Claude judge.
Printed: time to first token and total, p50 and p99, plus requests per turn.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from agent.events import Token
from agent.runtime import Vawlrathh
from agent.settings import Settings
from tests.agent._decks import IZZET
from tests.fakes.anthropic_server import FakeAnthropic
from tests.fakes.deck_models import ClaudeModel, OpenAIModel
from tests.fakes.openai_server import FakeOpenAI

QUESTION = "Analyze my deck. Will I hit my fourth land on turn 4?"


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def measure(agent: Vawlrathh, turns: int) -> tuple[list[float], list[float]]:
    firsts, totals = [], []
    for _ in range(turns):
        started = time.perf_counter()
        first = None
        async for event in agent.run_turn(agent.new_thread_id(), QUESTION, deck=IZZET):
            if first is None and isinstance(event, Token):
                first = time.perf_counter() - started
        total = time.perf_counter() - started
        firsts.append((first or total) * 1000)
        totals.append(total * 1000)
    return firsts, totals


async def run_setup(label: str, settings: Settings, turns: int, *, judge: bool, servers: list[Any]) -> None:
    agent = await Vawlrathh.open(settings)
    agent.trials = 2000
    if not judge:
        agent.judge_factory = lambda *a, **k: None  # type: ignore[assignment,misc]
    try:
        await measure(agent, 1)  # warm: imports, catalog index, SDK clients
        before = sum(len(s.requests) for s in servers)
        firsts, totals = await measure(agent, turns)
        per_turn = (sum(len(s.requests) for s in servers) - before) / turns
    finally:
        await agent.close()
    print(
        f"{label:22s} first token p50 {statistics.median(firsts):6.1f} ms  p99 {pct(firsts, 0.99):6.1f} ms | "
        f"total p50 {statistics.median(totals):6.1f} ms  p99 {pct(totals, 0.99):6.1f} ms | "
        f"{per_turn:.0f} requests/turn ({turns} turns)"
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--turns", type=int, default=50)
    parser.add_argument("--data-dir", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, FakeOpenAI(api_key="sk-bench") as oa, FakeAnthropic(api_key="sk-ant-bench") as an:
        oa.responder, an.responder = OpenAIModel(), ClaudeModel()
        data_dir = args.data_dir or Path(tmp)
        common = {"VAWLRATHH_DATA_DIR": str(data_dir), "LLM_MAX_RETRIES": "0",
                  "ANTHROPIC_MODEL": "claude-sonnet-4-6", "VAWLRATHH_JUDGE_MODEL": "claude-sonnet-4-6"}
        openai_cfg = Settings(_env_file=None, **common, OPENAI_API_KEY="sk-bench", OPENAI_BASE_URL=oa.url)  # type: ignore[call-arg]
        claude_cfg = Settings(_env_file=None, **common, ANTHROPIC_API_KEY="sk-ant-bench", ANTHROPIC_BASE_URL=an.base_url)  # type: ignore[call-arg]
        await run_setup("openai", openai_cfg, args.turns, judge=False, servers=[oa])
        await run_setup("anthropic", claude_cfg, args.turns, judge=False, servers=[an])
        await run_setup("anthropic + judge", claude_cfg, args.turns, judge=True, servers=[an])


if __name__ == "__main__":
    asyncio.run(main())
