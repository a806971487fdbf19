"""Scripted chats: run YAML conversations against the agent and check what comes back.

``python -m agent.script FILE.yaml... [--url ws://HOST:PORT/ws/chat]`` runs each file's turns
in-process (offline unless keys are configured) or against a running server, and exits non-zero
when any expectation fails. A file looks like::

    name: mana on a two-colour deck
    turns:
      - say: "what's wrong with my mana?"
        deck_file: decks/izzet.txt        # or `deck: |` with the text inline
        expect:
          contains: ["sources"]           # case-insensitive substrings of the answer
          regex: ['\\d+ lands']
          not_contains: ["as an AI"]
          steps: ["Analyze the deck"]     # substrings of step titles, in order
          tools: ["analyze_deck"]
          consensus: [agree, revised]     # one verdict or a list of accepted ones
          facts: {"analysis.lands": 24}   # dotted paths into the message's facts
          error: deck_parse_error         # an error event with this code is expected
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

from agent.events import (
    Consensus,
    Done,
    Error,
    Message,
    ServerEvent,
    Step,
    Token,
    ToolCall,
    UserMessage,
    parse_server_event,
)

_MISSING = object()


class Expectations(BaseModel):
    """What one turn's events must show; every field is optional."""

    model_config = ConfigDict(extra="forbid")
    contains: list[str] = Field(default_factory=list)
    regex: list[str] = Field(default_factory=list)
    not_contains: list[str] = Field(default_factory=list)
    steps: list[str] = Field(default_factory=list)
    tools: list[str] = Field(default_factory=list)
    consensus: list[str] = Field(default_factory=list)
    facts: dict[str, Any] = Field(default_factory=dict)
    error: str | None = None

    @field_validator("contains", "regex", "not_contains", "steps", "tools", "consensus", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @field_validator("regex")
    @classmethod
    def _compiles(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            re.compile(pattern)
        return patterns


class Turn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    say: str
    deck: str | None = None
    deck_file: str | None = None
    expect: Expectations = Field(default_factory=Expectations)


class Conversation(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    turns: list[Turn] = Field(min_length=1)


class ScriptError(Exception):
    """A chat file that cannot be read; the message names the file and the problem."""


class _StrictLoader(yaml.SafeLoader):
    """A safe loader that refuses duplicate keys (PyYAML would keep only the last one)."""


def _mapping_without_duplicates(loader: _StrictLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r} (line {key_node.start_mark.line + 1})", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_without_duplicates)


def load_conversation(path: Path) -> tuple[Conversation, list[str | None]]:
    """Read and validate one chat file; return it with each turn's deck text resolved."""
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_StrictLoader)  # a SafeLoader subclass: safe
        conversation = Conversation.model_validate(raw)
    except (OSError, yaml.YAMLError, ValueError) as err:
        raise ScriptError(f"{path}: {err}") from err
    decks: list[str | None] = []
    for number, turn in enumerate(conversation.turns, start=1):
        if turn.deck and turn.deck_file:
            raise ScriptError(f"{path}: turn {number} has both `deck` and `deck_file`")
        if turn.deck_file:
            deck_path = (path.parent / turn.deck_file).resolve()
            try:
                decks.append(deck_path.read_text(encoding="utf-8"))
            except OSError as err:
                raise ScriptError(f"{path}: turn {number}: cannot read deck_file {deck_path}: {err}") from err
        else:
            decks.append(turn.deck)
    return conversation, decks


@dataclass
class TurnRecord:
    """Everything one turn produced, folded from its events."""

    events: list[ServerEvent] = field(default_factory=list)

    def of(self, kind: type) -> list[Any]:
        return [e for e in self.events if isinstance(e, kind)]

    @property
    def answer(self) -> str:
        messages = self.of(Message)
        if messages:
            return str(messages[-1].text)
        return "".join(t.text for t in self.of(Token))

    @property
    def facts(self) -> dict[str, Any]:
        messages = self.of(Message)
        return dict(messages[-1].facts) if messages else {}


def _lookup(facts: Any, dotted: str) -> Any:
    node = facts
    for part in dotted.split("."):
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.lstrip("-").isdigit() and -len(node) <= int(part) < len(node):
            node = node[int(part)]
        else:
            return _MISSING
    return node


def _same(actual: Any, expected: Any) -> bool:
    if isinstance(expected, float) or isinstance(actual, float):
        try:
            return abs(float(actual) - float(expected)) <= 1e-3
        except (TypeError, ValueError):
            return False
    return bool(actual == expected)


def check_turn(record: TurnRecord, expect: Expectations) -> list[str]:
    """Return one readable line per failed expectation (empty when the turn passed)."""
    failures: list[str] = []
    answer = record.answer
    lowered = answer.lower()
    if not record.of(Done):
        failures.append("the turn never ended with a `done` event")
    errors = record.of(Error)
    if expect.error:
        if not any(e.code == expect.error for e in errors):
            failures.append(f"expected an error with code {expect.error!r}, got {[e.code for e in errors]}")
    elif errors:
        failures.append(f"unexpected error events: {[(e.code, e.message) for e in errors]}")
    if not expect.error and not record.of(Message):
        failures.append("no final `message` event")
    failures += [f"answer lacks {s!r}" for s in expect.contains if s.lower() not in lowered]
    failures += [f"answer does not match /{p}/" for p in expect.regex if not re.search(p, answer, re.I | re.S)]
    failures += [f"answer must not contain {s!r}" for s in expect.not_contains if s.lower() in lowered]
    titles = [s.title for s in record.of(Step) if s.status == "running"]
    position = 0
    for wanted in expect.steps:
        hit = next((i for i in range(position, len(titles)) if wanted.lower() in titles[i].lower()), None)
        if hit is None:
            failures.append(f"no step titled like {wanted!r} (in order) among {titles}")
        else:
            position = hit + 1
    tool_names = {t.name for t in record.of(ToolCall)}
    failures += [f"tool {t!r} was not called (called: {sorted(tool_names)})" for t in expect.tools if t not in tool_names]
    if expect.consensus:
        verdicts = [c.verdict for c in record.of(Consensus)]
        if not verdicts or verdicts[-1] not in expect.consensus:
            failures.append(f"consensus verdict {verdicts[-1] if verdicts else None!r} not in {expect.consensus}")
    for path, expected in expect.facts.items():
        actual = _lookup(record.facts, path)
        if actual is _MISSING:
            failures.append(f"fact {path!r} is missing")
        elif not _same(actual, expected):
            failures.append(f"fact {path!r} is {actual!r}, expected {expected!r}")
    return failures


TurnRunner = Callable[[str, str | None], AsyncIterator[ServerEvent]]


class InProcessChat:
    """Runs turns against an in-process ``Vawlrathh`` on one fresh thread per conversation."""

    def __init__(self, data_dir: Path | None) -> None:
        self._data_dir = data_dir
        self._agent: Any = None

    async def __aenter__(self) -> InProcessChat:
        from agent.runtime import Vawlrathh
        from agent.settings import Settings

        settings = Settings() if self._data_dir is None else Settings(VAWLRATHH_DATA_DIR=self._data_dir)
        self._agent = await Vawlrathh.open(settings)
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._agent.close()

    def conversation(self) -> TurnRunner:
        thread_id = self._agent.new_thread_id()

        def run(text: str, deck: str | None) -> AsyncIterator[ServerEvent]:
            return self._agent.run_turn(thread_id, text, deck=deck)  # type: ignore[no-any-return]

        return run


class RemoteChat:
    """Runs turns over a server's WebSocket, one connection (and thread) per conversation."""

    def __init__(self, url: str) -> None:
        self._url = url

    async def __aenter__(self) -> RemoteChat:
        return self

    async def __aexit__(self, *exc: object) -> None:
        return None

    def conversation(self) -> TurnRunner:
        from websockets.asyncio.client import ClientConnection, connect

        state: dict[str, ClientConnection] = {}

        async def run(text: str, deck: str | None) -> AsyncIterator[ServerEvent]:
            if "ws" not in state:
                state["ws"] = await connect(self._url, max_size=2**22, open_timeout=10)
            ws = state["ws"]
            await ws.send(UserMessage(text=text, deck=deck).model_dump_json(exclude_none=True))
            while True:
                event = parse_server_event(await asyncio.wait_for(ws.recv(), timeout=120))
                if event.type in ("ready", "pong"):
                    continue
                yield event
                if isinstance(event, Done):
                    return

        return run


@dataclass
class ConversationResult:
    name: str
    path: Path
    failures: list[tuple[int, str, list[str]]]
    elapsed_ms: float


async def run_conversation(path: Path, runner: TurnRunner) -> ConversationResult:
    """Play one chat file turn by turn and collect the failed expectations."""
    conversation, decks = load_conversation(path)
    started = time.perf_counter()
    failures: list[tuple[int, str, list[str]]] = []
    for number, (turn, deck) in enumerate(zip(conversation.turns, decks, strict=True), start=1):
        record = TurnRecord()
        async for event in runner(turn.say, deck):
            record.events.append(event)
        problems = check_turn(record, turn.expect)
        if problems:
            problems.append(f"answer was: {record.answer[:400]!r}")
            failures.append((number, turn.say, problems))
    return ConversationResult(conversation.name, path, failures, (time.perf_counter() - started) * 1000)


async def run_files(paths: list[Path], *, url: str | None = None, data_dir: Path | None = None) -> list[ConversationResult]:
    """Run every chat file (each on its own thread) and return the results in order."""
    chat: InProcessChat | RemoteChat = RemoteChat(url) if url else InProcessChat(data_dir)
    results = []
    async with chat:
        for path in paths:
            results.append(await run_conversation(path, chat.conversation()))
    return results


def report(results: list[ConversationResult]) -> str:
    """Render a readable pass/fail report."""
    lines = []
    for result in results:
        mark = "PASS" if not result.failures else "FAIL"
        lines.append(f"{mark}  {result.name}  ({result.path.name}, {result.elapsed_ms:.0f} ms)")
        for number, said, problems in result.failures:
            lines.append(f"      turn {number} {said!r}:")
            lines.extend(f"        - {p}" for p in problems)
    passed = sum(1 for r in results if not r.failures)
    lines.append(f"{passed} passed, {len(results) - passed} failed")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m agent.script``."""
    parser = argparse.ArgumentParser(prog="python -m agent.script", description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", type=Path, help="chat files (YAML)")
    parser.add_argument("--url", help="run against a server, e.g. ws://127.0.0.1:7860/ws/chat")
    parser.add_argument("--data-dir", type=Path, help="data folder for the in-process agent")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    try:
        results = asyncio.run(run_files(args.files, url=args.url, data_dir=args.data_dir))
    except ScriptError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps([{"name": r.name, "file": str(r.path), "passed": not r.failures,
                           "failures": r.failures} for r in results], indent=2))
    else:
        print(report(results))
    return 0 if all(not r.failures for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
