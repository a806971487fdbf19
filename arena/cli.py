"""The ``python -m arena`` command: subcommands are registered by their own modules."""

from __future__ import annotations

import argparse

from arena import cli_analyze, cli_catalog, cli_log, cli_market
from arena.errors import ArenaError


def main(argv: list[str] | None = None) -> int:
    """Parse ``argv`` and run the chosen subcommand; return the process exit code."""
    parser = argparse.ArgumentParser(prog="python -m arena", description="Vawlrathh's deck engine.")
    sub = parser.add_subparsers(dest="command", required=True)
    cli_analyze.register(sub)
    cli_catalog.register(sub)
    cli_market.register(sub)
    cli_log.register(sub)
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except ArenaError as err:
        parser.exit(2, f"error: {err}\n")
