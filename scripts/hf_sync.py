#!/usr/bin/env python3
"""Open a pull request on the Hugging Face Space with this working tree.

The Space ``MCP-1st-Birthday/vawlrathh`` refuses direct pushes, so every change reaches it
as a PR made by ``hf upload --create-pr``, reviewed and merged by hand (docs/DEPLOYMENT.md).
This script builds that one canonical command, shows exactly which files it would send
(``--dry-run``: no network, no token), writes a commit message that says what the change is
for, how the tests went and which dependencies moved, and runs the upload with ``HF_TOKEN``
handed to ``hf`` through its environment only: the token is never on a command line, in a
message, or in anything this script relays.

Standard library only, so a fresh clone can run it with any Python 3.11.
Exit codes: 0 done, 1 the tests or the upload failed, 2 the run was refused (usage, no token,
no ``hf`` CLI, an incomplete Space manifest, uncommitted changes).
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path, PurePosixPath
from typing import IO

SPACE_ID = "MCP-1st-Birthday/vawlrathh"
SPACE_URL = "https://huggingface.co/spaces/" + SPACE_ID
REPO_ROOT = Path(__file__).resolve().parents[1]

# What never goes to the Space (issue 6), written as huggingface_hub ignore patterns.
UPLOAD_EXCLUDES: tuple[str, ...] = (
    ".git/", ".venv/", "__pycache__/", ".pytest_cache/", ".mypy_cache/", ".ruff_cache/",
    "node_modules/", "dist/", "build/", "data/", "*.log", ".env",
)
# huggingface_hub adds these itself (utils/_paths.py DEFAULT_IGNORE_PATTERNS); mirrored here
# so the dry run lists what the library really sends.
HUB_DEFAULT_IGNORES: tuple[str, ...] = (
    ".git", ".git/*", "*/.git", "**/.git/**",
    ".cache/huggingface", ".cache/huggingface/*", "*/.cache/huggingface", "**/.cache/huggingface/**",
)
# The Hub refuses any commit with a file under one of these folders, at any depth.
HUB_FORBIDDEN_FOLDERS = (".git", ".cache")
# What the Space cannot start without (README front matter names app.py as app_file).
SPACE_REQUIRED_FILES = ("app.py", "README.md", "requirements.txt")
LAST_SYNC_REF = "refs/hf-sync/last"
DEFAULT_TEST_COMMAND = "bash scripts/test.sh -q"
INSTALL_HINT = (
    "install the pinned CLI with `pip install -r requirements-deploy.txt` in a virtualenv "
    "outside this folder (huggingface_hub 0.36 conflicts with gradio's), then pass --hf PATH "
    "or put its bin/ on PATH"
)
LARGE_FILE_BYTES = 10 * 1024 * 1024  # Space repos store bigger files through Xet/LFS


class SyncRefused(Exception):
    """A precondition failed; the message says what to do and never holds the token."""


# --------------------------------------------------------------------------- manifest


def exclude_patterns() -> list[str]:
    """Return the ``--exclude`` patterns: each issue-6 entry at the top level and at any depth.

    huggingface_hub matches with ``fnmatchcase`` on the path relative to the folder and turns
    ``dir/`` into ``dir/*``, which only matches at the top; ``*/dir/`` catches ``arena/__pycache__/``
    too, the way .gitignore treats these names.
    """
    patterns: list[str] = []
    for entry in UPLOAD_EXCLUDES:
        patterns.append(entry)
        if not entry.startswith("*"):
            patterns.append("*/" + entry)
    return patterns


def _hub_pattern(pattern: str) -> str:
    """Normalise a pattern the way huggingface_hub's ``filter_repo_objects`` does."""
    pattern = pattern.replace("\\", "/")
    return pattern + "*" if pattern.endswith("/") else pattern


def is_excluded(relpath: str, patterns: Iterable[str]) -> bool:
    """Tell whether a POSIX path relative to the upload root matches any ignore pattern."""
    return any(fnmatchcase(relpath, _hub_pattern(p)) for p in patterns)


def walk_files(root: Path) -> Iterator[str]:
    """Yield every file below ``root`` as ``Path.glob("**/*")`` does in huggingface_hub.

    Symlinked folders are listed but not entered, symlinked files count (their target is sent),
    broken links do not; hidden files count.
    """
    for folder, dirnames, filenames in os.walk(root, followlinks=False):
        base = Path(folder)
        for name in [*dirnames, *filenames]:
            path = base / name
            if path.is_file():
                yield path.relative_to(root).as_posix()


def build_manifest(root: Path, patterns: Sequence[str] | None = None) -> list[str]:
    """Return, in the library's order, the files ``hf upload`` would send from ``root``."""
    ignore = [*(exclude_patterns() if patterns is None else patterns), *HUB_DEFAULT_IGNORES]
    kept = [p for p in walk_files(root.resolve()) if not is_excluded(p, ignore)]
    return sorted(kept, key=lambda p: PurePosixPath(p).parts)


def manifest_problems(root: Path, files: Sequence[str]) -> list[str]:
    """Return reasons the Space would not build or the Hub would refuse this manifest."""
    problems = [
        f"{name} is missing from the upload (the Space needs it)"
        for name in SPACE_REQUIRED_FILES
        if name not in files
    ]
    for path in files:
        parts = PurePosixPath(path).parts
        for folder in HUB_FORBIDDEN_FOLDERS:
            if folder in parts:
                problems.append(f"{path}: the Hub refuses files under a '{folder}/' folder")
    readme = root / "README.md"
    if "README.md" in files and not readme.read_text(encoding="utf-8").startswith("---\n"):
        problems.append("README.md has no front matter: the Space reads sdk and app_file from it")
    return problems


# --------------------------------------------------------------------------- token


def parse_dotenv(text: str) -> dict[str, str]:
    """Parse ``KEY=VALUE`` lines (``export``, quotes and ``#`` comments allowed) into a dict."""
    values: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("export "):
            line = line[len("export "):].lstrip()
        key, sep, value = line.partition("=")
        key = key.strip()
        if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key):
            continue  # not an assignment; python-dotenv skips these too
        value = value.strip()
        quoted = re.match(r"""(['"])(.*?)\1""", value)
        if quoted:  # a quoted value ends at its closing quote; a comment may follow
            value = quoted.group(2)
        else:
            value = re.split(r"\s+#", value, maxsplit=1)[0].rstrip()
        values[key] = value
    return values


def load_token(root: Path, environ: Mapping[str, str]) -> str | None:
    """Return ``HF_TOKEN`` from the environment, else from ``root/.env``; None when unset."""
    token = environ.get("HF_TOKEN", "").strip()
    if not token:
        env_file = root / ".env"
        if env_file.is_file():
            token = parse_dotenv(env_file.read_text(encoding="utf-8")).get("HF_TOKEN", "").strip()
    return token or None


def relay_redacted(source: IO[bytes], sink: IO[bytes], secret: str | None) -> None:
    """Copy a byte stream as it arrives (progress bars included), with ``secret`` masked.

    The tail that could be the start of the secret is held back until the next read.
    """
    needle = secret.encode() if secret else b""
    hold = max(len(needle) - 1, 0)
    pending = b""
    read = getattr(source, "read1", source.read)
    while chunk := read(4096):
        pending += chunk
        if needle:
            pending = pending.replace(needle, b"hf_***")
        if len(pending) > hold:
            cut = len(pending) - hold
            sink.write(pending[:cut])
            sink.flush()
            pending = pending[cut:]
    sink.write(pending.replace(needle, b"hf_***") if needle else pending)
    sink.flush()


# --------------------------------------------------------------------------- git


def git(root: Path, *args: str) -> str:
    """Run git in ``root`` and return its stdout; raise ``SyncRefused`` on failure."""
    try:
        done = subprocess.run(
            ["git", *args], cwd=root, capture_output=True, text=True, timeout=60, check=False
        )
    except FileNotFoundError as exc:
        raise SyncRefused("git is not installed; the commit message needs it") from exc
    if done.returncode != 0:
        raise SyncRefused(f"git {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout


def ref_exists(root: Path, ref: str) -> bool:
    """Tell whether ``ref`` names a commit in the repository at ``root``."""
    done = subprocess.run(
        ["git", "rev-parse", "--verify", "--quiet", ref + "^{commit}"],
        cwd=root, capture_output=True, text=True, timeout=60, check=False,
    )
    return done.returncode == 0


def file_at(root: Path, ref: str, path: str) -> str | None:
    """Return ``path`` as it was at ``ref``, or None when it did not exist there."""
    done = subprocess.run(
        ["git", "show", f"{ref}:./{path}"], cwd=root, capture_output=True, text=True,
        timeout=60, check=False,
    )
    return done.stdout if done.returncode == 0 else None


@dataclass
class Source:
    """Which commit the upload comes from and which uploaded files differ from it."""

    sha: str
    branch: str
    changed: list[str] = field(default_factory=list)

    def describe(self) -> str:
        state = "clean" if not self.changed else f"{len(self.changed)} uploaded file(s) differ from it"
        return f"git {self.sha[:12]} on {self.branch} ({state})"


def read_source(root: Path, files: Sequence[str]) -> Source:
    """Describe HEAD and list uploaded files that are modified or not committed."""
    sha = git(root, "rev-parse", "HEAD").strip()
    branch = git(root, "rev-parse", "--abbrev-ref", "HEAD").strip()
    prefix = git(root, "rev-parse", "--show-prefix").strip()  # root's place in the work tree
    entries = iter(git(root, "status", "--porcelain", "--untracked-files=all", "-z").split("\0"))
    dirty: set[str] = set()
    for entry in entries:
        if len(entry) < 4:
            continue
        if entry[0] in "RC":
            next(entries, None)  # a rename or copy is followed by its source path
        path = entry[3:]
        if path.startswith(prefix):
            dirty.add(path[len(prefix):])
    return Source(sha, branch, sorted(dirty & set(files)))


# --------------------------------------------------------------------------- dependencies


def _requirement_key(line: str) -> str:
    """Return the normalised project name of a requirement line, or the line for options."""
    match = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", line)
    if line.startswith("-") or not match:
        return line
    return re.sub(r"[-_.]+", "-", match.group(0)).lower()


def parse_requirements(text: str) -> dict[str, str]:
    """Map each requirement's project name to its line, comments and blanks left out."""
    found: dict[str, str] = {}
    for raw in text.splitlines():
        line = re.split(r"(?:^|\s)#", raw, maxsplit=1)[0].strip()
        if line:
            found[_requirement_key(line)] = line
    return found


def diff_requirements(old: str | None, new: str | None) -> list[str]:
    """Describe added, removed and changed requirements between two file versions."""
    before, after = parse_requirements(old or ""), parse_requirements(new or "")
    changes = [f"+ {after[k]}" for k in after if k not in before]
    changes += [f"- {before[k]}" for k in before if k not in after]
    changes += [
        f"{before[k]} -> {after[k]}"
        for k in after
        if k in before and _spec(before[k]) != _spec(after[k])
    ]
    return changes


def _spec(line: str) -> str:
    """Return what a requirement line asks for, ignoring the name's spelling and spaces."""
    match = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", line)
    rest = line[match.end():] if match and not line.startswith("-") else line
    return _requirement_key(line) + re.sub(r"\s+", "", rest)


@dataclass
class DependencyReport:
    """Requirement changes since ``base`` (None when no base is known)."""

    base: str | None
    changes: dict[str, list[str]]

    def count(self) -> int:
        return sum(len(c) for c in self.changes.values())

    def short(self) -> str:
        if self.base is None:
            return "deps: no base"
        return f"deps: {self.count()} change(s)" if self.count() else "deps: unchanged"

    def lines(self) -> list[str]:
        if self.base is None:
            return [
                "Dependencies: no earlier sync recorded in this clone and no --base given; "
                "nothing to compare with"
            ]
        head = f"Dependencies (requirements*.txt vs {self.base[:12]}):"
        body = [f"  {name}: {c}" for name, cs in self.changes.items() for c in cs]
        return [head, *(body or ["  no changes"])]


def dependency_report(root: Path, files: Sequence[str], base: str | None) -> DependencyReport:
    """Compare every uploaded requirements*.txt with its version at ``base``."""
    if base is None:
        return DependencyReport(None, {})
    base_sha = git(root, "rev-parse", base + "^{commit}").strip()
    tracked = git(root, "ls-tree", "--name-only", base_sha).split("\n")
    names = sorted({f for f in files if fnmatchcase(f, "requirements*.txt")}
                   | {f for f in tracked if fnmatchcase(f, "requirements*.txt")})
    changes: dict[str, list[str]] = {}
    for name in names:
        current = (root / name).read_text(encoding="utf-8") if name in files else None
        diff = diff_requirements(file_at(root, base_sha, name), current)
        if diff:
            changes[name] = diff
    return DependencyReport(base_sha, changes)


def resolve_base(root: Path, base: str | None) -> str | None:
    """Return the ref to diff requirements against: ``--base``, else the last synced commit."""
    if base is not None:
        if not ref_exists(root, base):
            raise SyncRefused(f"--base {base!r} is not a commit in this repository")
        return base
    return LAST_SYNC_REF if ref_exists(root, LAST_SYNC_REF) else None


# --------------------------------------------------------------------------- tests


_SUMMARY = re.compile(
    r"\b\d+ (?:passed|failed|skipped|errors?|xfailed|xpassed|deselected|warnings?)\b"
    r"(?:, \d+ (?:passed|failed|skipped|errors?|xfailed|xpassed|deselected|warnings?)\b)*"
)

_FAILURES = re.compile(r"\b[1-9]\d* (?:failed|errors?)\b")


@dataclass
class SuiteResult:
    """What the commit message says about the tests."""

    summary: str
    ok: bool

    def short(self) -> str:
        return f"tests: {self.summary}"


def pytest_summary(output: str) -> str | None:
    """Return the last pytest-style count line (``12 passed, 1 skipped``) in ``output``."""
    found = _SUMMARY.findall(output)
    return found[-1] if found else None


def run_tests(command: str, root: Path, environ: Mapping[str, str]) -> SuiteResult:
    """Run the test command (streamed to the terminal) and summarise it; tests never see HF_TOKEN."""
    env = {k: v for k, v in environ.items() if k != "HF_TOKEN"}
    print(f"hf_sync: running tests: {command}", file=sys.stderr, flush=True)
    try:
        proc = subprocess.Popen(
            shlex.split(command), cwd=root, env=env, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True, bufsize=1,
        )
    except (OSError, ValueError) as exc:
        raise SyncRefused(f"--test-command {command!r} cannot run: {exc}") from exc
    assert proc.stdout is not None
    seen: list[str] = []
    for line in proc.stdout:
        sys.stderr.write(line)
        seen.append(line)
    code = proc.wait()
    counts = pytest_summary("".join(seen[-50:])) or "no pytest summary line"
    return SuiteResult(f"{counts} (`{command}`, exit {code})", code == 0)


# --------------------------------------------------------------------------- command


def find_hf(explicit: str | None) -> str | None:
    """Return the ``hf`` executable to use, or None when there is none."""
    if explicit:
        return explicit if Path(explicit).is_file() and os.access(explicit, os.X_OK) else None
    return shutil.which("hf")


def hf_version(hf: str) -> tuple[int, int]:
    """Ask ``hf version`` (offline) for the huggingface_hub (major, minor)."""
    env = {k: v for k, v in os.environ.items() if k != "HF_TOKEN"}
    env["HF_HUB_OFFLINE"] = "1"
    try:
        done = subprocess.run(
            [hf, "version"], capture_output=True, text=True, timeout=60, env=env, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SyncRefused(f"could not run `{hf} version`: {exc}") from exc
    match = re.search(r"(\d+)\.(\d+)\.\d+", done.stdout + done.stderr)
    if done.returncode != 0 or not match:
        raise SyncRefused(f"`{hf} version` did not report a huggingface_hub version; {INSTALL_HINT}")
    return int(match.group(1)), int(match.group(2))


def build_command(
    hf: str, title: str, description: str, version: tuple[int, int] = (0, 36),
    *, mirror: bool = False,
) -> list[str]:
    """Return the canonical upload argv for the given ``hf`` CLI version.

    The pinned 0.36 CLI (argparse) takes ``--exclude p1 p2 ...`` once; a repeated flag keeps
    only the last. The 1.x+ CLI (typer) wants one ``--exclude`` per pattern and would read a
    bare second pattern as PATH_IN_REPO, so the form follows the version. ``mirror`` adds
    ``--delete "*"``: files on the Space that this upload does not hold are deleted in the
    same PR (the Hub always keeps ``.gitattributes``), which a rollback needs.
    """
    argv = [
        hf, "upload", SPACE_ID, ".", "--repo-type", "space", "--create-pr",
        "--commit-message", title, "--commit-description", description,
    ]
    if mirror:
        argv += ["--delete", "*"]
    if version >= (1, 0):
        for pattern in exclude_patterns():
            argv += ["--exclude", pattern]
    else:
        argv += ["--exclude", *exclude_patterns()]
    return argv


def commit_message(
    intent: str, tests: SuiteResult | None, deps: DependencyReport, source: Source | None,
    file_count: int,
) -> tuple[str, str]:
    """Return (title, description): intent + tests + dependency changes, title on one line."""
    intent = " ".join(intent.split()).lstrip("-").strip() or "Sync from git"
    test_short = tests.short() if tests else "tests: not reported"
    title = f"{intent} ({test_short}; {deps.short()})"
    lines = [
        f"Intent: {intent}",
        f"Tests: {tests.summary if tests else 'not reported (pass --tests or --run-tests)'}",
        *deps.lines(),
        f"Source: {source.describe() if source else 'not a git checkout'}",
        f"Files: {file_count}, uploaded with scripts/hf_sync.py",
    ]
    return title, "\n".join(lines)


# --------------------------------------------------------------------------- run


def upload(argv: list[str], root: Path, token: str) -> int:
    """Run ``hf upload`` with the token in its environment and its output relayed, masked."""
    env = dict(os.environ)
    env["HF_TOKEN"] = token
    try:
        proc = subprocess.Popen(argv, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    except OSError as exc:
        raise SyncRefused(f"could not start {argv[0]}: {exc.strerror}") from exc
    assert proc.stdout is not None
    relay_redacted(proc.stdout, sys.stdout.buffer, token)
    return proc.wait()


def print_plan(argv: list[str], description: str, files: Sequence[str], root: Path) -> None:
    """Print the command, the commit description and the manifest (one file a line)."""
    shown = ["hf", *argv[1:]] if Path(argv[0]).name == "hf" else list(argv)
    shown[shown.index("--commit-description") + 1] = "<the commit description below>"
    print("# " + shlex.join(shown))
    print("# commit description:")
    for line in description.splitlines():
        print("#   " + line)
    total = sum((root / f).stat().st_size for f in files)
    if "--delete" in argv:
        print("# --mirror: files on the Space that are not listed below are deleted (.gitattributes is kept)")
    print(f"# {len(files)} files, {total / 1024:.1f} KiB:")
    for name in files:
        print(name)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(
        description=f"Open a pull request on the Space {SPACE_ID} with this working tree.",
        epilog="docs/DEPLOYMENT.md describes the whole sync, review and rollback procedure.",
    )
    parser.add_argument("intent", nargs="?", help="what this change is for (first words of the commit message)")
    parser.add_argument("--dry-run", action="store_true", help="print the command and the exact files; no network, no token")
    tests = parser.add_mutually_exclusive_group()
    tests.add_argument("--tests", metavar="RESULT", help="result of your last test run, e.g. '312 passed, 4 skipped'")
    tests.add_argument("--run-tests", action="store_true", help="run the test command first and refuse to upload if it fails")
    parser.add_argument("--test-command", default=DEFAULT_TEST_COMMAND, help=f"command for --run-tests (default: {DEFAULT_TEST_COMMAND})")
    parser.add_argument("--base", metavar="REF", help=f"git ref to diff requirements*.txt against (default: {LAST_SYNC_REF}, the last synced commit)")
    parser.add_argument("--hf", metavar="PATH", help="the hf executable (default: hf on PATH)")
    parser.add_argument("--allow-dirty", action="store_true", help="upload even if uploaded files differ from the last commit")
    parser.add_argument("--mirror", action="store_true", help="also delete files on the Space that are not in this upload (rollbacks, removed modules)")
    parser.add_argument("--root", type=Path, default=REPO_ROOT, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def _require_token(args: argparse.Namespace, root: Path) -> str | None:
    """Return the token for a real upload (None for a dry run); refuse when there is none."""
    if args.dry_run:
        return None
    token = load_token(root, os.environ)
    if token is None:
        raise SyncRefused(
            "HF_TOKEN is not set. Export it or put HF_TOKEN=... in .env (a write token for "
            f"{SPACE_ID}, from https://huggingface.co/settings/tokens). --dry-run needs none."
        )
    if not args.intent:
        raise SyncRefused("say what this change is for: scripts/hf_sync.py \"Fix the mana math\" ...")
    return token


def _resolve_cli(args: argparse.Namespace) -> tuple[str | None, tuple[int, int]]:
    """Find ``hf`` and its version; a dry run only warns when the version cannot be read."""
    hf = find_hf(args.hf)
    if args.hf and hf is None:
        raise SyncRefused(f"--hf {args.hf!r} is not an executable file; {INSTALL_HINT}")
    version = (0, 36)  # the pinned CLI's form, shown when no hf is installed
    if hf is not None:
        try:
            version = hf_version(hf)
        except SyncRefused as exc:
            if not args.dry_run:
                raise
            print(f"hf_sync: warning: {exc}", file=sys.stderr)
    return hf, version


def _refuse_unless_uploadable(
    args: argparse.Namespace, hf: str | None, problems: Sequence[str], source: Source | None
) -> None:
    """Stop a real upload that lacks the CLI, would break the Space, or is not a commit."""
    if hf is None:
        raise SyncRefused(f"the `hf` CLI was not found; {INSTALL_HINT}")
    if problems:
        raise SyncRefused("the Space manifest is incomplete:\n  " + "\n  ".join(problems))
    if source and source.changed and not args.allow_dirty:
        raise SyncRefused(
            "these uploaded files differ from the last commit; commit them or pass "
            "--allow-dirty:\n  " + "\n  ".join(source.changed)
        )


def _test_result(args: argparse.Namespace, root: Path) -> SuiteResult | None:
    """Return the tests' outcome: stated with --tests, run with --run-tests, or unknown."""
    if args.run_tests:
        return run_tests(args.test_command, root, os.environ)
    if args.tests:
        return SuiteResult(" ".join(args.tests.split()), not _FAILURES.search(args.tests))
    return None


def _warn_dry_run(root: Path, files: Sequence[str], problems: Sequence[str], hf: str | None) -> None:
    """Tell, on stderr, what would stop or slow the real upload."""
    for problem in problems:
        print(f"hf_sync: warning: {problem}", file=sys.stderr)
    for name in files:
        if (root / name).stat().st_size > LARGE_FILE_BYTES:
            print(f"hf_sync: warning: {name} is over 10 MiB; the Space stores it through Xet", file=sys.stderr)
    if hf is None:
        print(f"hf_sync: note: the `hf` CLI is not installed; {INSTALL_HINT}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    """Carry out a dry run or a real sync; raise ``SyncRefused`` when a precondition fails."""
    root: Path = args.root.resolve()
    token = _require_token(args, root)
    files = build_manifest(root)
    problems = manifest_problems(root, files)
    is_git = ref_exists(root, "HEAD")
    source = read_source(root, files) if is_git else None
    deps = dependency_report(root, files, resolve_base(root, args.base)) if is_git else DependencyReport(None, {})
    hf, version = _resolve_cli(args)
    if not args.dry_run:
        _refuse_unless_uploadable(args, hf, problems, source)

    tests = _test_result(args, root)
    if tests and not tests.ok and not args.dry_run:
        print(f"hf_sync: tests failed ({tests.summary}); nothing uploaded", file=sys.stderr)
        return 1
    title, description = commit_message(args.intent or "", tests, deps, source, len(files))
    command = build_command(hf or "hf", title, description, version, mirror=args.mirror)
    if args.dry_run:
        print_plan(command, description, files, root)
        _warn_dry_run(root, files, problems, hf)
        return 0

    assert token is not None
    print(f"hf_sync: running {shlex.join(command[:8])} ...", file=sys.stderr, flush=True)
    code = upload(command, root, token)
    if code != 0:
        print(f"hf_sync: hf upload failed with exit code {code}; see docs/DEPLOYMENT.md", file=sys.stderr)
        return 1
    if source and not source.changed:  # only a clean tree is exactly that commit
        git(root, "update-ref", "-m", "hf_sync: pull request opened", LAST_SYNC_REF, source.sha)
    print(
        f"hf_sync: pull request opened; review and merge it at {SPACE_URL}/discussions, "
        "then run scripts/verify_space.py (docs/DEPLOYMENT.md)", file=sys.stderr,
    )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns the exit code."""
    args = parse_args(argv)
    try:
        return run(args)
    except SyncRefused as exc:
        print(f"hf_sync: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
