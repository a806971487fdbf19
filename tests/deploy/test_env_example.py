""".env.example lists every environment variable the code reads, only those, with safe defaults.

The set is computed from the code each run (Settings' aliases plus every literal
``os.environ``/``os.getenv`` read in the app and scripts), so a new setting without a line in
.env.example fails here.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from agent.settings import Settings
from tests.deploy.conftest import REPO_ROOT

ENV_EXAMPLE = REPO_ROOT / ".env.example"
# Where configuration is read: everything but the tests (which set variables, not read them),
# local folders and third-party code.
SKIP_DIRS = {"tests", "data", "node_modules", "build", "dist", "__pycache__"}
ASSIGNMENT = re.compile(r"^([A-Z][A-Z0-9_]*)=(.*)$")


def _python_files() -> Iterator[Path]:
    for path in sorted(REPO_ROOT.rglob("*.py")):
        parts = path.relative_to(REPO_ROOT).parts
        if any(p in SKIP_DIRS or p.startswith(".") for p in parts[:-1]):
            continue
        yield path


def _is_environ(node: ast.expr) -> bool:
    """``os.environ``, ``environ`` (imported or a parameter holding it)."""
    return (isinstance(node, ast.Attribute) and node.attr == "environ") or (
        isinstance(node, ast.Name) and node.id == "environ"
    )


def _env_reads(tree: ast.AST, where: str) -> Iterator[tuple[str | None, str]]:
    """Yield (name or None when not a literal, location) for every environment read."""
    for node in ast.walk(tree):
        arg: ast.expr | None = None
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            func = node.func
            # setdefault only hands a library its default (app.py: GRADIO_ANALYTICS_ENABLED):
            # the code never uses the value, so it is not a setting of ours.
            if _is_environ(func.value) and func.attr == "get" and node.args:
                arg = node.args[0]
            elif func.attr == "getenv" and node.args:
                arg = node.args[0]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "getenv":
            arg = node.args[0] if node.args else None
        elif isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load) and _is_environ(node.value):
            arg = node.slice
        elif isinstance(node, ast.Compare) and any(isinstance(op, ast.In) for op in node.ops):
            if any(_is_environ(c) for c in node.comparators):
                arg = node.left
        if arg is None:
            continue
        name = arg.value if isinstance(arg, ast.Constant) and isinstance(arg.value, str) else None
        yield name, f"{where}:{getattr(node, 'lineno', '?')}"


def code_env_vars() -> set[str]:
    """Every variable the code reads: Settings aliases and literal environment reads."""
    names = {field.alias or name.upper() for name, field in Settings.model_fields.items()}
    dynamic: list[str] = []
    for path in _python_files():
        where = path.relative_to(REPO_ROOT).as_posix()
        for name, location in _env_reads(ast.parse(path.read_text(encoding="utf-8")), where):
            if name is None:
                dynamic.append(location)
            else:
                names.add(name)
    assert not dynamic, f"environment read with a computed name, cannot be checked: {dynamic}"
    return names


def example_entries() -> dict[str, str]:
    """Map each ``NAME=value`` line of .env.example to its value."""
    entries: dict[str, str] = {}
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        match = ASSIGNMENT.match(line)
        if match:
            assert match.group(1) not in entries, f"{match.group(1)} is listed twice"
            entries[match.group(1)] = match.group(2)
    return entries


def test_env_example_lists_exactly_what_the_code_reads() -> None:
    in_code, in_example = code_env_vars(), set(example_entries())

    assert not in_code - in_example, f"read by the code but missing from .env.example: {sorted(in_code - in_example)}"
    assert not in_example - in_code, f"in .env.example but read by no code: {sorted(in_example - in_code)}"


def test_the_scan_sees_the_known_readers() -> None:
    """Guard the scanner itself: arena/paths.py and the sync script read these directly."""
    names = code_env_vars()

    assert {"VAWLRATHH_DATA_DIR", "HF_TOKEN", "OPENAI_API_KEY", "API_PORT"} <= names


def test_each_variable_says_what_it_is_for_and_whether_it_is_required() -> None:
    lines = ENV_EXAMPLE.read_text(encoding="utf-8").splitlines()
    for index, line in enumerate(lines):
        match = ASSIGNMENT.match(line)
        if not match:
            continue
        block: list[str] = []
        for above in reversed(lines[:index]):
            if not above.startswith("#"):
                break
            block.insert(0, above)
        head = next((b for b in block if b.startswith(f"# {match.group(1)} (")), None)
        assert head is not None, f"{match.group(1)}: no '# {match.group(1)} (...)' comment above it"
        assert re.search(r"\((optional|required)\b", head), f"{match.group(1)}: say required or optional"
        assert len(" ".join(block)) > len(head) or ":" in head, f"{match.group(1)}: say what it is for"


def test_an_untouched_copy_changes_no_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    """The values are the code's defaults, so copying the file to .env is always safe."""
    for name in example_entries():
        monkeypatch.delenv(name, raising=False)

    from_example = Settings(_env_file=ENV_EXAMPLE)  # type: ignore[call-arg]
    defaults = Settings(_env_file=None)  # type: ignore[call-arg]

    assert from_example.model_dump() == defaults.model_dump()


def test_secrets_ship_empty() -> None:
    entries = example_entries()

    for name in ("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "HF_TOKEN"):
        assert entries[name] == "", f"{name} must be empty in .env.example"
