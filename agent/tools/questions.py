"""Tools for the questions players ask about their own list: counts, and the odds of drawing
named cards, a group or a combo (``mana_odds`` hands its card, group and opening-land forms
here). The arithmetic lives in ``arena.deck_questions`` and ``arena.analysis.draw_odds``."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from agent.tools.registry import DeckArgs, ToolContext, ToolError, tool
from arena.analysis.draw_odds import DrawOddsError, Group, draw_odds, lands_in_hand
from arena.deck_questions import UnknownCountError
from arena.deck_questions import count_cards as count_in_deck
from arena.models import Deck


class CountArgs(DeckArgs):
    what: str = Field("", max_length=200, description=(
        "What to count, in the player's words: creatures, instants, 1 drops, mana value 3 or less, "
        "elves, swamps, counterspells, removal, mana dorks, cards with flying, red creatures, "
        "cards that say \"draw a card\"; empty for every card"))
    card: str | None = Field(None, min_length=1, max_length=200, description="Count the copies of this one card instead")
    section: Literal["main", "side"] = Field("main", description="The main deck or the sideboard")


@tool("count_cards", args=CountArgs, fact_key="count", needs_deck=True)
async def count_cards(args: CountArgs, ctx: ToolContext) -> dict[str, Any]:
    """Count a deck's cards by card type, subtype, keyword, rules text, mana value, color or
    interaction (removal, counterspells, card draw...), or the copies of one card; in the main
    deck or the sideboard. Lists the cards counted. A phrase it cannot read comes back with
    understood=false and the words it could not place, never a count of something else."""
    deck = (await ctx.parsed(args.deck)).deck
    if args.card:
        answer = count_in_deck(deck, section=args.section, card=ctx.card(args.card).name)
    else:
        try:
            answer = count_in_deck(deck, args.what, section=args.section)
        except UnknownCountError as exc:
            return {"understood": False, "what": args.what, "unknown_words": exc.words, "section": args.section,
                    "summary": f"could not read {' '.join(exc.words)!r}"}
    result: dict[str, Any] = {"understood": True, **answer.to_dict()}
    if args.card:
        result["card"] = answer.what
    where = "sideboard" if args.section == "side" else "main deck"
    result["summary"] = f"{answer.total} {answer.what} in the {where}"
    return result


def _copies(deck: Deck) -> dict[str, int]:
    copies: dict[str, int] = {}
    for entry in deck.main:
        if entry.card is not None:
            copies[entry.card.name] = copies.get(entry.card.name, 0) + entry.count
    return copies


def _groups(ctx: ToolContext, deck: Deck, args: Any) -> list[Group]:
    copies = _copies(deck)
    need = int(args.need or 1)
    if args.cards:
        resolved = list(dict.fromkeys(ctx.card(n).name for n in args.cards))
        missing = [n for n in resolved if n not in copies]
        if missing:
            raise ToolError(f"{', '.join(missing)} {'is' if len(missing) == 1 else 'are'} not in your main deck",
                            code="card_not_in_deck")
        if args.combo and len(resolved) > 1:
            return [Group(n, copies[n], need, (n,)) for n in resolved]
        return [Group(" or ".join(resolved), sum(copies[n] for n in resolved), need, tuple(resolved))]
    try:
        answer = count_in_deck(deck, args.group or "")
    except UnknownCountError as exc:
        raise ToolError(str(exc), code="invalid_arguments") from exc
    if answer.total == 0:
        raise ToolError(f"your main deck has no {answer.what}", code="card_not_in_deck")
    return [Group(answer.what, answer.total, need, tuple(n for n, _ in answer.cards))]


async def draw_odds_for(args: Any, ctx: ToolContext) -> dict[str, Any]:
    """``mana_odds`` with cards, a group or exact opening-hand land counts (see deck.OddsArgs)."""
    parsed = await ctx.parsed(args.deck)
    library = sum(_copies(parsed.deck).values())
    try:
        if args.exactly_lands:
            counts = sorted(set(args.exactly_lands))
            lands = int(parsed.analysis["lands"])
            p = lands_in_hand(library, lands, frozenset(counts))
            return {"kind": "opening_lands", "exactly_lands": counts, "lands": lands, "library": library,
                    "cards_seen": 7, "probability": round(float(p), 10), "fraction": f"{p.numerator}/{p.denominator}",
                    "summary": f"P({' or '.join(map(str, counts))} lands in the opening 7) = {float(p):.1%}"}
        result = draw_odds(library, _groups(ctx, parsed.deck, args), by_turn=args.by_turn,
                           on_play=args.on_play, mulligan_to=args.mulligan_to)
    except DrawOddsError as exc:
        raise ToolError(str(exc), code="invalid_arguments") from exc
    facts: dict[str, Any] = {"kind": "draw", "combo": bool(args.combo), **result.to_dict()}
    when = "the opening hand" if result.by_turn is None else f"turn {result.by_turn}"
    facts["summary"] = f"P({' + '.join(g.label for g in result.groups)} by {when}) = {float(result.probability):.1%}"
    return facts
