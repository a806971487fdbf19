"""``python -m arena analyze FILE``: parse a deck, analyze it, print a report or JSON.

Errors in the deck (every bad line at once) reach ``arena.cli``, which prints them to stderr
and exits with code 2; so does a file that cannot be read.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from arena.analysis import analyze
from arena.analysis.report import render_text
from arena.catalog import Catalog
from arena.errors import DeckError
from arena.parsing import parse_deck
from arena.paths import default_data_dir
from arena.suggest import render_suggestions, suggest_changes


def register(subparsers: Any) -> None:
    """Add the ``analyze`` subcommand to ``python -m arena``."""
    parser = subparsers.add_parser(
        "analyze",
        help="analyze a deck (Arena export, CSV, MTGO .dek or JSON)",
        description="Analyze a deck: curve, colored sources against Karsten's tables, land "
        "count, draw odds, interaction, archetype, legality. Reads FILE, or stdin when FILE is '-'.",
    )
    parser.add_argument("file", metavar="FILE", help="deck file, or '-' for standard input")
    parser.add_argument("--json", action="store_true",
                        help="print one JSON object instead of a report (every key: docs/ANALYSIS.md)")
    parser.add_argument("--trials", type=_positive, default=10000,
                        help="Monte Carlo trials for opening hands (default 10000)")
    parser.add_argument("--seed", type=int, default=0, help="Monte Carlo seed (default 0)")
    parser.add_argument("--suggest", action="store_true", help="also suggest cuts and adds")
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="data folder holding the card catalog (default $VAWLRATHH_DATA_DIR or ./data)")
    parser.set_defaults(func=run)


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, got {value}")
    return number


def _read(path: str) -> tuple[bytes, str | None]:
    if path == "-":
        return sys.stdin.buffer.read(), None
    try:
        return Path(path).read_bytes(), Path(path).name
    except OSError as err:
        raise DeckError(f"cannot read {path}: {err.strerror or err}") from err


def run(args: argparse.Namespace) -> int:
    """Analyze the deck named by ``args.file`` and print the result; return the exit code."""
    data, filename = _read(args.file)
    catalog = Catalog.open(args.data_dir or default_data_dir(), progress=True)
    try:
        deck = parse_deck(data, catalog, filename=filename)
        report = analyze(deck, trials=args.trials, seed=args.seed)
        result = report.facts()
        suggestions = suggest_changes(deck, result, catalog) if args.suggest else None
    finally:
        catalog.close()
    if args.json:
        if suggestions is not None:
            result["suggestions"] = suggestions
        json.dump(result, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(render_text(report))
        if suggestions is not None:
            sys.stdout.write(render_suggestions(suggestions))
    return 0
