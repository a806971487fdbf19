"""The Space manifest: README front matter Spaces read, and a requirements.txt that is complete.

A Space installs requirements.txt and the ``sdk_version`` of Gradio, then runs ``app_file``; it
has no venv of ours, so every third-party import of the app must be named there directly.
"""

from __future__ import annotations

import ast
import re
import sys
from importlib import metadata
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.deploy.conftest import REPO_ROOT

README = REPO_ROOT / "README.md"
SPACE_COLORS = {"red", "yellow", "green", "blue", "indigo", "purple", "pink", "gray"}
FIRST_PARTY = {"app", "arena", "agent", "api", "ui", "tests", "scripts", "bench"}
APP_SOURCES = ("app.py", "arena", "agent", "api", "ui")


def front_matter() -> dict[str, object]:
    """The YAML block at the top of README.md."""
    if not README.is_file():
        pytest.skip("README.md is absent (the lead adds the Space front matter)")
    text = README.read_text(encoding="utf-8")
    match = re.match(r"---\n(.*?)\n---\n", text, re.S)
    assert match, "README.md must start with the Space front matter (--- ... ---)"
    data = yaml.safe_load(match.group(1))
    assert isinstance(data, dict), "the front matter must be a YAML mapping"
    return data


def requirement_lines(path: Path) -> list[Requirement]:
    """Parse a requirements file (comments and options left out)."""
    found = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split(" #")[0].strip()
        if line and not line.startswith(("#", "-")):
            found.append(Requirement(line))
    return found


def test_front_matter_has_what_spaces_read() -> None:
    meta = front_matter()

    for key in ("title", "emoji", "colorFrom", "colorTo", "sdk", "sdk_version", "app_file",
                "python_version", "short_description", "pinned"):
        assert key in meta, f"front matter lacks {key}"
    assert meta["sdk"] == "gradio"
    assert meta["app_file"] == "app.py" and (REPO_ROOT / "app.py").is_file()
    assert meta["python_version"] == "3.11", "python_version must be the string \"3.11\""
    assert meta["colorFrom"] in SPACE_COLORS and meta["colorTo"] in SPACE_COLORS
    assert isinstance(meta["pinned"], bool)
    assert isinstance(meta["short_description"], str) and 0 < len(meta["short_description"]) <= 60, (
        "short_description must be 1-60 characters (the Hub's limit)"
    )


def test_sdk_version_is_the_tested_gradio_and_allowed_by_requirements() -> None:
    meta = front_matter()
    gradio = next(r for r in requirement_lines(REPO_ROOT / "requirements.txt") if r.name == "gradio")

    assert str(meta["sdk_version"]) == metadata.version("gradio"), (
        "sdk_version must be the Gradio the tests ran with"
    )
    assert gradio.specifier.contains(str(meta["sdk_version"]))


def _third_party_imports() -> dict[str, str]:
    """Map each top-level module the app imports (outside the stdlib) to one place it does."""
    found: dict[str, str] = {}
    paths: list[Path] = []
    for name in APP_SOURCES:
        target = REPO_ROOT / name
        paths += [target] if target.is_file() else sorted(target.rglob("*.py"))
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            else:
                continue
            for module in modules:
                top = module.split(".")[0]
                if top not in sys.stdlib_module_names and top not in FIRST_PARTY and top != "__future__":
                    found.setdefault(top, f"{path.relative_to(REPO_ROOT)}:{node.lineno}")
    return found


def test_requirements_txt_names_every_package_the_app_imports() -> None:
    named = {canonicalize_name(r.name) for r in requirement_lines(REPO_ROOT / "requirements.txt")}
    owners = metadata.packages_distributions()

    missing = []
    for module, where in sorted(_third_party_imports().items()):
        dists = {canonicalize_name(d) for d in owners.get(module, [])}
        assert dists, f"{module} (imported at {where}) is not installed at all"
        if not dists & named:
            missing.append(f"{module} from {sorted(dists)} (imported at {where})")

    assert not missing, "requirements.txt must name these directly: " + "; ".join(missing)


def test_the_deploy_cli_is_pinned_apart_from_the_app() -> None:
    deploy = requirement_lines(REPO_ROOT / "requirements-deploy.txt")
    hub = next(r for r in deploy if canonicalize_name(r.name) == "huggingface-hub")
    app_text = (REPO_ROOT / "requirements.txt").read_text(encoding="utf-8")

    assert hub.specifier.contains("0.36.2") and hub.specifier.contains("0.36.0")
    assert not hub.specifier.contains("0.37.0") and not hub.specifier.contains("1.0.0")
    assert "requirements-deploy" not in app_text
    assert "huggingface-hub" not in {canonicalize_name(r.name) for r in requirement_lines(REPO_ROOT / "requirements.txt")}
