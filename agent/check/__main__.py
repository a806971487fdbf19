"""``python -m agent.check --deck FILE --draft FILE [--question TEXT] [--json]``.

Runs the fact check the graph runs on any draft about any deck: the deck is parsed and
analyzed, the offline plan's facts are computed (the analysis, the mana, land and curve
checks, the suggestions, and whatever the question's own plan adds), and every claim of the
draft is verified against them. Exit 0 when every claim verifies, 1 when any claim is wrong or
could not be verified, 2 on bad input (a missing file, a deck that does not parse).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from agent.check import Report, check_draft

EXIT_OK, EXIT_FLAGGED, EXIT_BAD_INPUT = 0, 1, 2


class BadInput(Exception):
    """A file is missing or unreadable, or the deck does not parse; the message says where."""


async def deck_facts(deck_text: str, question: str | None, catalog: Any, cache: Any, *, trials: int = 10000) -> tuple[dict[str, Any], list[tuple[str, int]], str | None]:
    """The facts an offline turn would compute for this deck (and question), the deck's cards, its format."""
    from agent import offline
    from agent.intents import Intent, classify
    from agent.tools import FACT_KEYS, Toolbox, ToolError
    from arena.errors import DeckError

    try:
        parsed = await cache.parsed(deck_text, catalog, trials=trials)
    except DeckError as exc:
        problems = getattr(exc, "problems", None) or []
        lines = "".join(f"\n  line {p.line}: {p.reason} ({p.text!r})" for p in problems[:20])
        raise BadInput(f"the deck does not parse: {exc}{lines}") from exc
    toolbox = Toolbox(catalog, cache, deck_text=deck_text, trials=trials)
    steps = offline.plan_for(Intent("analyze"), has_deck=True)
    fmt = parsed.deck.format
    if question:
        intent = classify(question, catalog, has_deck=True)
        fmt = intent.format or fmt
        steps += [s for s in offline.plan_for(intent, has_deck=True) if s not in steps]
    facts: dict[str, Any] = {}
    for step in steps:
        try:
            if step.tool:
                if step.tool == "analyze_deck" and "analysis" in facts:
                    continue
                result = await toolbox.run(step.tool, dict(step.args))
                if step.tool == "lookup_card" and "name" in result:
                    facts.setdefault("cards", {})[result["name"]] = result
                else:
                    facts[FACT_KEYS.get(step.tool, step.tool)] = result
            elif "derive" in step.args:
                key, derive = offline.DERIVATIONS[step.args["derive"]]
                facts[key] = derive(facts)
        except ToolError as exc:
            facts.setdefault("step_errors", []).append({"step": step.title, "error": str(exc)})
    cards = [(e.resolved_name, e.count) for section, e in parsed.deck.entries() if section in ("main", "commander", "companion")]
    return facts, cards, fmt


async def run(deck: Path, draft: Path, question: str | None, catalog: Any, cache: Any, *, trials: int = 10000) -> Report:
    """Check the draft in ``draft`` against the deck in ``deck``; raises BadInput."""
    texts = []
    for label, path in (("deck", deck), ("draft", draft)):
        try:
            texts.append(path.read_bytes().decode("utf-8", errors="replace"))
        except OSError as exc:
            raise BadInput(f"cannot read the {label} file {str(path)!r}: {exc.strerror or exc}") from exc
    if not texts[1].strip():
        raise BadInput(f"the draft file {str(draft)!r} is empty")
    facts, cards, fmt = await deck_facts(texts[0], question, catalog, cache, trials=trials)
    return check_draft(texts[1], facts, catalog, deck_cards=cards, fmt=fmt)


def render(report: Report) -> str:
    """The report in words: one line per claim that did not verify, then the totals."""
    lines = [f"{c.status.upper()}: {c.reason}\n    in: {' '.join(c.text.split())}" for c in report.claims if c.status != "verified"]
    lines.append(f"{len(report.verified)} verified, {len(report.wrong)} wrong, {len(report.unverifiable)} unverifiable")
    return "\n".join(lines)


def exit_code(report: Report) -> int:
    return EXIT_OK if report.ok else EXIT_FLAGGED


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m agent.check", description=__doc__.split("\n\n")[1] if __doc__ else None)
    parser.add_argument("--deck", required=True, type=Path, help="deck file: Arena export, CSV, MTGO .dek or JSON")
    parser.add_argument("--draft", required=True, type=Path, help="the answer to check (Markdown or plain text)")
    parser.add_argument("--question", help="the question the draft answers (adds that question's facts)")
    parser.add_argument("--json", action="store_true", help="print every claim with its status and reason as JSON")
    parser.add_argument("--data-dir", type=Path, help="catalog folder (default: $VAWLRATHH_DATA_DIR or ./data)")
    args = parser.parse_args(argv)

    from arena.catalog import Catalog
    from arena.deck_service import DeckCache
    from arena.paths import default_data_dir

    catalog = Catalog.open(args.data_dir or default_data_dir())
    try:
        report = asyncio.run(run(args.deck, args.draft, args.question, catalog, DeckCache()))
    except BadInput as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    finally:
        catalog.close()
    print(json.dumps(report.to_dict(), indent=2, ensure_ascii=False) if args.json else render(report))
    return exit_code(report)


if __name__ == "__main__":
    sys.exit(main())
