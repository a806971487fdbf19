#!/usr/bin/env python3
"""Check that a running Vawlrathh answers: API health, readiness, liveness, and the UI's HTML.

Two shapes of deployment, one set of checks:

* ``space``: a Hugging Face Space (``https://<owner>-<name>.hf.space``). The UI is the base URL;
  the API on port 7860 is reached through the Space's ``/proxy/7860`` prefix.
* ``local``: ``python app.py`` on this machine. The base URL is the API
  (``http://localhost:7860``) and the UI answers on port 7861 of the same host (``--ui-url``
  when it is elsewhere).

``auto`` (the default) picks ``space`` for ``*.hf.space`` and ``huggingface.co/spaces/...``
URLs and ``local`` for everything else. Standard library only; every request has a timeout,
and ``--wait`` retries failing checks until a deadline (a Space that is still building).
Exit codes: 0 every check passed, 1 a check failed, 2 bad arguments.
"""

from __future__ import annotations

import argparse
import http.client
import ipaddress
import json
import re
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

SPACE_API_PREFIX = "/proxy/7860"
LOCAL_UI_PORT = 7861
RETRY_PAUSE_S = 3.0
PROGRESS_EVERY_S = 15.0
BODY_LIMIT = 256 * 1024  # enough for any health body or the UI's first page


@dataclass(frozen=True)
class Check:
    """One request to make and what its answer must look like."""

    name: str
    url: str
    expect: str  # "json" or "html"


@dataclass(frozen=True)
class Outcome:
    """How one check went, in one printable line."""

    check: Check
    ok: bool
    detail: str

    def line(self) -> str:
        mark = "PASS" if self.ok else "FAIL"
        return f"{mark}  {self.check.name:<13} {self.check.url}  {self.detail}"


def space_url_from_page(url: str) -> str:
    """Turn ``https://huggingface.co/spaces/OWNER/NAME`` into the Space's own host URL.

    The page on huggingface.co only frames the app; the app itself answers on
    ``https://owner-name.hf.space`` (lower case, ``_`` and ``.`` become ``-``).
    """
    parts = urlsplit(url)
    match = re.fullmatch(r"/spaces/([^/]+)/([^/]+)/?", parts.path)
    if parts.hostname not in {"huggingface.co", "www.huggingface.co"} or not match:
        return url
    host = re.sub(r"[_.]", "-", f"{match.group(1)}-{match.group(2)}".lower())
    return f"https://{host}.hf.space"


def detect_mode(url: str) -> str:
    """Return ``space`` for Hugging Face hosts, ``local`` for anything else."""
    host = (urlsplit(url).hostname or "").lower()
    return "space" if host.endswith(".hf.space") else "local"


def plan_checks(base_url: str, mode: str, ui_url: str | None = None) -> list[Check]:
    """Return the checks for a deployment: health, ready and live through its prefix, then the UI."""
    base = base_url.rstrip("/")
    if mode == "space":
        api = base + SPACE_API_PREFIX
        ui = ui_url or base + "/"
    else:
        api = base
        ui = ui_url or _with_port(base, LOCAL_UI_PORT)
    return [
        Check("api health", f"{api}/health", "json"),
        Check("api ready", f"{api}/health/ready", "json"),
        Check("api live", f"{api}/health/live", "json"),
        Check("ui", ui, "html"),
    ]


def _with_port(url: str, port: int) -> str:
    """Return ``url``'s scheme and host on another port, path reset to ``/``."""
    parts = urlsplit(url)
    host = parts.hostname or "localhost"
    if ":" in host:  # an IPv6 literal needs its brackets back
        host = f"[{host}]"
    return urlunsplit((parts.scheme, f"{host}:{port}", "/", "", ""))


def _opener(url: str) -> urllib.request.OpenerDirector:
    """Build an opener; loopback addresses bypass any HTTP proxy set in the environment."""
    host = urlsplit(url).hostname or ""
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    handlers = [urllib.request.ProxyHandler({})] if loopback else []
    return urllib.request.build_opener(*handlers)


def run_check(check: Check, timeout: float) -> Outcome:
    """Make one GET request and judge its status, content type and body."""
    request = urllib.request.Request(
        check.url, headers={"User-Agent": "vawlrathh-verify/1", "Accept": "*/*"}
    )
    started = time.monotonic()
    try:
        with _opener(check.url).open(request, timeout=timeout) as response:
            status = response.status
            ctype = response.headers.get("Content-Type", "")
            body = response.read(BODY_LIMIT).decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        body = exc.read(2000).decode("utf-8", "replace") if exc.fp else ""
        return Outcome(check, False, f"HTTP {exc.code} {_brief(body)}".rstrip())
    except (urllib.error.URLError, http.client.HTTPException, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        return Outcome(check, False, f"no answer: {reason}")
    elapsed = f"({(time.monotonic() - started) * 1000:.0f} ms)"
    if status != 200:
        return Outcome(check, False, f"HTTP {status} {elapsed}")
    if check.expect == "html":
        looks_html = "text/html" in ctype.lower() and re.search(r"<html|<!doctype html", body, re.I)
        if not looks_html:
            return Outcome(check, False, f"HTTP 200 but not an HTML page (Content-Type {ctype!r}) {elapsed}")
        return Outcome(check, True, f"HTTP 200 HTML, {len(body)} bytes {elapsed}")
    try:
        payload = json.loads(body)
    except ValueError:
        return Outcome(check, False, f"HTTP 200 but not JSON: {_brief(body)} {elapsed}")
    return Outcome(check, True, f"HTTP 200 {_brief(json.dumps(payload))} {elapsed}")


def _brief(text: str, limit: int = 120) -> str:
    """Shorten a body to one line for the report."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def verify(checks: Sequence[Check], timeout: float, wait: float) -> list[Outcome]:
    """Run every check; retry the failing ones until all pass or ``wait`` seconds have gone by."""
    deadline = time.monotonic() + wait
    next_note = time.monotonic() + PROGRESS_EVERY_S
    outcomes = {c: run_check(c, timeout) for c in checks}
    while not all(o.ok for o in outcomes.values()) and time.monotonic() + RETRY_PAUSE_S < deadline:
        time.sleep(RETRY_PAUSE_S)
        for check, outcome in outcomes.items():
            if not outcome.ok:
                outcomes[check] = run_check(check, timeout)
        if time.monotonic() >= next_note:  # a Space build takes minutes: show it is still trying
            failing = [o for o in outcomes.values() if not o.ok]
            if failing:
                left = max(deadline - time.monotonic(), 0)
                print(f"waiting ({left:.0f} s left): {failing[0].check.name}: {failing[0].detail}",
                      file=sys.stderr, flush=True)
            next_note += PROGRESS_EVERY_S
    return [outcomes[c] for c in checks]


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(
        description="Check a running Vawlrathh: API health, readiness, liveness and the UI.",
        epilog="Examples: verify_space.py http://localhost:7860 ; "
        "verify_space.py https://mcp-1st-birthday-vawlrathh.hf.space --wait 600",
    )
    parser.add_argument("base_url", help="the Space URL, or the local API URL (http://localhost:7860)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--space", dest="mode", action="store_const", const="space", help="API behind /proxy/7860, UI at the base URL")
    mode.add_argument("--local", dest="mode", action="store_const", const="local", help="API at the base URL, UI on port 7861")
    parser.add_argument("--ui-url", help="where the UI answers (default: see --space / --local)")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per request (default 10)")
    parser.add_argument("--wait", type=float, default=0.0, help="keep retrying failing checks for up to this many seconds (default 0)")
    args = parser.parse_args(argv)
    if urlsplit(args.base_url).scheme not in {"http", "https"} or not urlsplit(args.base_url).hostname:
        parser.error(f"base_url must be an http(s) URL with a host, got {args.base_url!r}")
    if args.timeout <= 0 or args.wait < 0:
        parser.error("--timeout must be positive and --wait not negative")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns the exit code."""
    args = parse_args(argv)
    base = space_url_from_page(args.base_url)
    mode = args.mode or detect_mode(base)
    print(f"Verifying {base} as a {mode} deployment", flush=True)
    outcomes = verify(plan_checks(base, mode, args.ui_url), args.timeout, args.wait)
    for outcome in outcomes:
        print(outcome.line(), flush=True)
    failed = sum(not o.ok for o in outcomes)
    print(f"{len(outcomes) - failed} of {len(outcomes)} checks passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
