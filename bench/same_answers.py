"""Every event of the scripted chats and of named-deck turns, as JSON lines, to diff across a change.

    python bench/same_answers.py OUT.jsonl [--data-dir DIR]

A performance change must not change an answer. This runs, in one process and on thread ids
that do not vary between runs (the persona's voice is seeded by the thread):
- every conversation of ``tests/chats/*.yaml``, turn by turn;
- for each deck of ``tests/chats/decks`` and ``examples``, the same questions on two threads
  whose decks differ only by their Arena ``Name`` line, and the same deck sent with no name,
  so an analysis shared between names is compared with one computed for each;
- the load benchmark's question on the load benchmark's deck under several names.
It writes every event but ``done`` with the timings left out (``duration_ms``, ``elapsed_ms``).
Run it before and after a change and compare the files: ``cmp before.jsonl after.jsonl``.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_ws_load import DEFAULT_DECK, DEFAULT_QUESTION, deck_for  # noqa: E402

from agent.runtime import Vawlrathh  # noqa: E402
from agent.script import ScriptError, load_conversation  # noqa: E402
from agent.settings import Settings  # noqa: E402

QUESTIONS = (
    "analyze my deck", "How many lands should I run, and is my red mana good enough?", "what's wrong with my mana?",
    "What should I cut and what should I add?", "whats my worst card", "is this deck legal in standard?",
    "what archetype is this?", "chance to hit my fourth land on turn 4",
)
TIMINGS = ("duration_ms", "elapsed_ms")


def _event(thread: str, turn: int, event: Any) -> str | None:
    if event.type == "done":
        return None
    data = event.model_dump(mode="json")
    for key in TIMINGS:
        data.pop(key, None)
    return json.dumps({"thread": thread, "turn": turn, **data}, sort_keys=False, ensure_ascii=False)


async def _turns(agent: Vawlrathh, thread: str, turns: list[tuple[str, str | None]], out: list[str]) -> None:
    for number, (text, deck) in enumerate(turns, start=1):
        async for event in agent.run_turn(thread, text, deck=deck):
            line = _event(thread, number, event)
            if line is not None:
                out.append(line)


async def collect(data_dir: Path) -> list[str]:
    agent = await Vawlrathh.open(Settings(VAWLRATHH_DATA_DIR=data_dir, VAWLRATHH_PROVIDER="offline"))
    counter = itertools.count(1)
    agent.new_thread_id = lambda: f"t-fixed-{next(counter):04d}"  # type: ignore[method-assign]
    out: list[str] = []
    try:
        await agent.warmed()
        for path in sorted((ROOT / "tests" / "chats").glob("*.yaml")):
            try:
                conversation, decks = load_conversation(path)
            except ScriptError as exc:  # the chats over ../shared/realdata, when it is not there
                print(f"skipped: {exc}", file=sys.stderr)
                continue
            turns = [(turn.say, deck) for turn, deck in zip(conversation.turns, decks, strict=True)]
            await _turns(agent, agent.new_thread_id(), turns, out)
        deck_files = sorted((ROOT / "tests" / "chats" / "decks").glob("*.txt")) + sorted((ROOT / "examples").glob("*.txt"))
        for path in deck_files:
            text = path.read_text(encoding="utf-8")
            for name in ("First name", "Second name", None):
                deck = f"About\nName {name}\n\n{text}" if name else text
                turns = [(QUESTIONS[0], deck), *((q, None) for q in QUESTIONS[1:])]
                await _turns(agent, agent.new_thread_id(), turns, out)
        for chat in (1, 2, 3, 1):
            await _turns(agent, agent.new_thread_id(), [(DEFAULT_QUESTION, deck_for(chat, DEFAULT_DECK, True))], out)
    finally:
        await agent.close()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--data-dir", type=Path, default=None, help="a data directory with a built catalog")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        if args.data_dir is not None:
            import shutil

            from arena.paths import CATALOG_FILENAME

            shutil.copy(args.data_dir / CATALOG_FILENAME, data_dir / CATALOG_FILENAME)
        lines = asyncio.run(collect(data_dir))
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} events written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
