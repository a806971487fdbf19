"""Cuts and adds a competent player would accept: balanced swaps, core kept, additions with evidence.

``suggest_changes(deck, analysis, catalog)`` is the contract of ``analyze --suggest`` and the
``suggest_changes`` tool: ``cuts`` and ``adds`` as ``{card, count, reason, category}`` whose
counts balance (the main deck keeps its size, or grows to its format's minimum), plus the
land total before and after, the deck's core with reasons, and notes on what is unknown.
``rank_cuts`` / ``worst_card`` / ``swap_for`` answer "what is my worst card?" and "what do I
cut for a third copy of X?" from the same ranking.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from arena.catalog import Catalog
from arena.models import Deck
from arena.suggest.core import as_dict, rank_cuts
from arena.suggest.evidence import TournamentList
from arena.suggest.model import Change, Ranked, Swap
from arena.suggest.plan import NOT_LOADED, _Context, _lands, _take_cuts, build_context, plan_swaps

__all__ = ["Change", "Ranked", "Swap", "rank_cuts", "render_suggestions", "suggest_changes", "swap_for",
           "worst_card"]


def _merge(changes: list[Change]) -> list[Change]:
    merged: dict[str, Change] = {}
    for change in changes:
        old = merged.get(change.card)
        merged[change.card] = change if old is None else Change(
            old.card, old.count + change.count, old.reason, old.category)
    return list(merged.values())


def _net(cuts: list[Change], adds: list[Change]) -> tuple[list[Change], list[Change]]:
    """A card both cut and added (an Island cut for a Swamp, an Island added to reach 60) nets out."""
    added = {a.card: a for a in adds}
    out_cuts: list[Change] = []
    for cut in cuts:
        add = added.get(cut.card)
        if add is None:
            out_cuts.append(cut)
            continue
        both = min(cut.count, add.count)
        if cut.count > both:
            out_cuts.append(Change(cut.card, cut.count - both, cut.reason, cut.category))
        added[cut.card] = Change(add.card, add.count - both, add.reason, add.category)
    return out_cuts, [a for a in added.values() if a.count > 0]


def _land_total(ctx: _Context, cuts: list[Change], adds: list[Change]) -> int:
    total = _lands(ctx.cards)
    for sign, changes in ((-1, cuts), (1, adds)):
        for change in changes:
            card = ctx.card(change.card)
            if card is not None and card.is_land:
                total += sign * change.count
    return total


def _notes(ctx: _Context) -> list[str]:
    notes = list(ctx.notes)
    if not ctx.legality_loaded:
        notes.append(NOT_LOADED.format(fmt=ctx.fmt.capitalize() if ctx.fmt else "your format"))
    if ctx.limited and not ctx.evidence.sideboard:
        notes.append("This is a Limited deck: I only suggest cards from your pool, and none was given. "
                     "Paste your pool as the sideboard to get additions.")
    if not ctx.limited and not ctx.evidence.lists and not ctx.evidence.sideboard:
        where = f"{ctx.fmt.capitalize()} " if ctx.fmt else ""
        notes.append(f"No {where}tournament list I know resembles this deck and it has no sideboard, so I "
                     "add no new cards: only counts, lands and more copies of its core.")
    return notes


def suggest_changes(deck: Deck, analysis: Any, catalog: Catalog, *, limit: int = 5,
                    lists: Sequence[TournamentList] | None = None) -> dict[str, Any]:
    """Balanced cuts and adds (at most ``limit`` lines each), the core, and the land totals."""
    ctx = build_context(deck, analysis, catalog, lists)
    cuts: list[Change] = []
    adds: list[Change] = []
    for swap in plan_swaps(ctx):
        new_cuts, new_adds = _merge(cuts + swap.cuts), _merge(adds + swap.adds)
        if cuts and (len(new_cuts) > limit or len(new_adds) > limit):
            continue
        cuts, adds = new_cuts, new_adds
    cuts, adds = _net(cuts, adds)
    size_before = deck.main_count
    size_after = size_before - sum(c.count for c in cuts) + sum(a.count for a in adds)
    return {
        "cuts": [c.as_dict() for c in cuts],
        "adds": [a.as_dict() for a in adds],
        "format": ctx.fmt,
        "colors": ctx.colors,
        "notes": _notes(ctx),
        "size_before": size_before,
        "size_after": size_after,
        "lands_before": _lands(ctx.cards),
        "lands_after": _land_total(ctx, cuts, adds),
        "core": [{"card": r.card, "copies": r.copies, "reason": r.reason, "category": r.category}
                 for r in ctx.ranking if r.core],
        "flex": [{"card": r.card, "copies": r.copies, "reason": r.reason, "category": r.category}
                 for r in ctx.ranking if not r.core],
        "evidence": {
            "tournament_lists": [{"name": lst.name, "format": lst.format, "date": lst.date, "source": lst.source,
                                  "overlap": round(share, 2)} for lst, share in ctx.evidence.lists],
            "sideboard": bool(ctx.evidence.sideboard),
            "legality_loaded": ctx.legality_loaded,
        },
    }


def worst_card(deck: Deck, analysis: Any, catalog: Catalog | None = None,
               lists: Sequence[TournamentList] | None = None) -> Ranked | None:
    """The first card to cut: the top of the ranking, never a core card."""
    ranking = _ranking(deck, analysis, catalog, lists)
    return next((r for r in ranking if not r.core), None)


def _ranking(deck: Deck, analysis: Any, catalog: Catalog | None,
             lists: Sequence[TournamentList] | None) -> list[Ranked]:
    if catalog is None:
        return rank_cuts(deck, as_dict(analysis))
    return build_context(deck, analysis, catalog, lists).ranking


def swap_for(deck: Deck, analysis: Any, catalog: Catalog, card: str, copies: int = 1,
             lists: Sequence[TournamentList] | None = None) -> dict[str, Any]:
    """Cuts that make room for ``copies`` more of ``card``: one or two names, the total unchanged."""
    ctx = build_context(deck, analysis, catalog, lists)
    found = ctx.card(card)
    name = found.name if found is not None else card
    have = ctx.cards.get(name, (None, 0))[1]
    ctx.added[name] = copies
    cuts = _take_cuts(ctx, copies, f"room for {copies} more {name}", avoid={name},
                      trim=True)
    adds = [Change(name, copies, f"you asked for {have + copies} copies of {name}", "request")] if cuts else []
    notes = [] if cuts else [f"Every other card is core; I'd rather not cut any of them for {name}."]
    if found is None:
        notes.append(f"I don't know a card called {card}.")
    return {"cuts": [c.as_dict() for c in cuts], "adds": [a.as_dict() for a in adds], "notes": notes,
            "size_before": deck.main_count, "size_after": deck.main_count,
            "lands_before": _lands(ctx.cards), "lands_after": _land_total(ctx, cuts, adds)}


def render_suggestions(suggestions: dict[str, Any]) -> str:
    """Suggestions as text for the command-line report."""
    lines = ["", "Suggestions"]
    if "size_before" in suggestions:
        lines.append(f"  Main deck {suggestions['size_before']} -> {suggestions['size_after']} cards, "
                     f"lands {suggestions['lands_before']} -> {suggestions['lands_after']}")
    for title, key in (("Cut", "cuts"), ("Add", "adds")):
        items = suggestions[key]
        if not items:
            lines.append(f"  {title}: nothing")
            continue
        for item in items:
            count = f"{item['count']} " if item.get("count") else ""
            lines.append(f"  {title} {count}{item['card']}: {item['reason']}")
    lines += [f"  Note: {n}" for n in suggestions["notes"]]
    return "\n".join(lines) + "\n"
