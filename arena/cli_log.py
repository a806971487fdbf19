"""``python -m arena log FILE``: the matches and inventory in an MTG Arena Player.log."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from arena.catalog import Catalog
from arena.errors import ArenaError
from arena.paths import default_data_dir
from arena.playerlog import COLLECTION_NOTE, read_log


def register(subparsers: Any) -> None:
    """Add the ``log`` subcommand to ``python -m arena``."""
    parser = subparsers.add_parser(
        "log", help="read matches and inventory from an Arena Player.log",
        description="Read an MTG Arena Player.log (or an old output_log.txt) in one streaming pass: "
        "matches (event, opponent, games, who was on the play, result, deck) and the latest "
        "wildcard/gold/gem counts. Unreadable entries are skipped and counted.",
    )
    parser.add_argument("file", metavar="FILE", help="the log file, or '-' for standard input")
    parser.add_argument("--player", help="your Arena screen name, when the log does not say who you are")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="data folder holding the card catalog (default $VAWLRATHH_DATA_DIR or ./data)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Read ``args.file`` and print what it holds."""
    with Catalog.open(args.data_dir or default_data_dir(), progress=True) as catalog:
        def name_for(arena_id: int) -> str | None:
            card = catalog.by_arena_id(arena_id)
            return card.name if card is not None else None

        if args.file == "-":
            report = read_log(sys.stdin.buffer, name_for=name_for, player=args.player)
        else:
            try:
                with open(args.file, "rb") as stream:
                    report = read_log(stream, name_for=name_for, player=args.player)
            except OSError as err:
                raise ArenaError(f"cannot read {args.file}: {err.strerror or err}") from err
    result = report.to_json()
    if args.json:
        json.dump(result, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    print(f"{report.entries} entries read, {report.skipped} unreadable and skipped")
    for match in result["matches"]:
        games = ", ".join(f"{g['result'] or '?'} ({_play(g['on_play'])})" for g in match["games"])
        print(f"{match['started_at'] or '?'}  {match['event'] or '?'}  vs {match['opponent'] or '?'}: "
              f"{match['result'] or 'unknown'}  [{games}]  deck: {match['deck']['name'] or '-'}")
    inventory = result["inventory"]
    if inventory["wildcards"] or inventory["gold"] is not None:
        wc = ", ".join(f"{n} {r}" for r, n in inventory["wildcards"].items())
        print(f"Inventory: {wc}; gold {inventory['gold']}, gems {inventory['gems']}")
    if result["unmapped_ids"]:
        print(f"Arena ids the card data cannot name: {len(result['unmapped_ids'])} "
              "(import Scryfall's card data to name them)")
    print(COLLECTION_NOTE)
    return 0


def _play(on_play: bool | None) -> str:
    return "?" if on_play is None else ("on the play" if on_play else "on the draw")
