"""``python -m arena price FILE`` and ``python -m arena wildcards FILE [--collection FILE]``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from arena.catalog import Catalog
from arena.cli_analyze import _read
from arena.parsing import parse_deck
from arena.paths import default_data_dir
from arena.prices import shopping_list
from arena.wildcards import collection_counts, wildcard_bill


def register(subparsers: Any) -> None:
    """Add the ``price`` and ``wildcards`` subcommands to ``python -m arena``."""
    price = subparsers.add_parser(
        "price", help="paper prices of a deck and where to buy it",
        description="Price a deck in paper from the imported Scryfall data: the cheapest printing "
        "per card, totals per currency (USD, EUR, MTGO tix; never added together), purchase links.",
    )
    _common(price)
    price.add_argument("--main-only", action="store_true", help="leave the sideboard out")
    price.add_argument("--with-basics", action="store_true", help="price basic lands too (free by default)")
    price.set_defaults(func=run_price)
    wild = subparsers.add_parser(
        "wildcards", help="Arena wildcards a deck costs",
        description="Count the wildcards a deck costs by rarity (lowest Arena rarity, basics free, "
        "at most four copies), or only the missing copies against a collection export.",
    )
    _common(wild)
    wild.add_argument("--collection", metavar="FILE", help="collection export (CSV) to subtract")
    wild.add_argument("--sideboard", action="store_true", help="count the sideboard too (best-of-three)")
    wild.set_defaults(func=run_wildcards)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="deck file, or '-' for standard input")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="data folder holding the card catalog (default $VAWLRATHH_DATA_DIR or ./data)")


def _print_json(value: dict[str, Any]) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")


def run_price(args: argparse.Namespace) -> int:
    """Print the shopping list of ``args.file``."""
    data, filename = _read(args.file)
    with Catalog.open(args.data_dir or default_data_dir(), progress=True) as catalog:
        deck = parse_deck(data, catalog, filename=filename)
        result = shopping_list(deck, catalog, sideboard=not args.main_only,
                               include_basics=args.with_basics).to_json()
    if args.json:
        _print_json(result)
        return 0
    print(f"Prices as of {result['as_of'] or 'never imported'}")
    for warning in result["warnings"]:
        print(f"! {warning}")
    for c in result["cards"]:
        amounts = "  ".join(f"{cur} {c[cur]:.2f}" for cur in ("usd", "eur", "tix") if c[cur] is not None)
        flag = "" if c["buyable"] else "  (not buyable)"
        print(f"{c['count']:>3} {c['card']:<40} {amounts or '-'}{flag}")
        if c["note"]:
            print(f"      {c['note']}")
        for shop, url in c["links"].items():
            print(f"      {shop}: {url}")
    totals = result["totals"]
    print("Total: " + ", ".join(f"{cur.upper()} {totals[cur]:.2f}" for cur in ("usd", "eur", "tix")))
    for cur, names in result["incomplete"].items():
        print(f"  {cur.upper()} total leaves out (no price): {', '.join(names)}")
    if result["missing"]:
        print("No price at all: " + ", ".join(result["missing"]))
    return 0


def run_wildcards(args: argparse.Namespace) -> int:
    """Print the wildcard bill of ``args.file``."""
    data, filename = _read(args.file)
    with Catalog.open(args.data_dir or default_data_dir(), progress=True) as catalog:
        deck = parse_deck(data, catalog, filename=filename)
        owned = None
        if args.collection:
            raw, name = _read(args.collection)
            owned = collection_counts(parse_deck(raw, catalog, filename=name))
        result = wildcard_bill(deck, catalog, sideboard=args.sideboard, owned=owned).to_json()
    if args.json:
        _print_json(result)
        return 0
    print("Wildcards: " + ", ".join(f"{result[r]} {r}" for r in ("common", "uncommon", "rare", "mythic")))
    if result["craft_first"]:
        print("Craft first:")
        for need in result["craft_first"]:
            print(f"  {need['count']} {need['card']} ({need['rarity']})")
    for item in result["unknown"]:
        print(f"  ? {item['count']} {item['card']}: {item['reason']}")
    return 0
