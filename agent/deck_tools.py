"""Tool handlers for counting and drawing questions, over ``arena.deck_questions`` and
``arena.analysis.draw_odds``; ``agent.tools`` registers them (``count_cards``, and the card,
group and opening-hand forms of ``mana_odds``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from arena.analysis.draw_odds import DrawOddsError, Group, draw_odds, lands_in_hand
from arena.deck_questions import UnknownCountError, count_cards
from arena.models import Deck

if TYPE_CHECKING:
    from agent.tools import Toolbox


def _tool_error(message: str) -> Exception:
    from agent.tools import ToolError

    return ToolError(message)


def _copies(deck: Deck) -> dict[str, int]:
    copies: dict[str, int] = {}
    for entry in deck.main:
        if entry.card is not None:
            copies[entry.card.name] = copies.get(entry.card.name, 0) + entry.count
    return copies


def _library(deck: Deck) -> int:
    return sum(_copies(deck).values())


async def count(toolbox: Toolbox, args: dict[str, Any]) -> dict[str, Any]:
    """Count cards of the attached deck by what the phrase names, or copies of one card."""
    deck = (await toolbox.parsed()).deck
    section = str(args.get("section") or "main")
    if section not in ("main", "side"):
        raise _tool_error(f"section must be main or side, got {section!r}")
    card_name = args.get("card")
    if card_name:
        card = toolbox._card(str(card_name))
        answer = count_cards(deck, section=section, card=card.name)
    else:
        what = str(args.get("what") or "")
        try:
            answer = count_cards(deck, what, section=section)
        except UnknownCountError as exc:
            return {"understood": False, "what": what, "unknown_words": exc.words, "section": section,
                    "summary": f"could not read {' '.join(exc.words)!r}"}
    result: dict[str, Any] = {"understood": True, **answer.to_dict()}
    if card_name:
        result["card"] = answer.what
    where = "sideboard" if section == "side" else "main deck"
    result["summary"] = f"{answer.total} {answer.what} in the {where}"
    return result


def _groups(toolbox: Toolbox, deck: Deck, args: dict[str, Any]) -> list[Group]:
    copies = _copies(deck)
    need = int(args.get("need") or 1)
    names = [str(n) for n in args.get("cards") or []]
    if names:
        resolved = [toolbox._card(n).name for n in names]
        missing = [n for n in resolved if n not in copies]
        if missing:
            raise _tool_error(f"{', '.join(missing)} {'is' if len(missing) == 1 else 'are'} not in your main deck")
        if args.get("combo") and len(resolved) > 1:
            return [Group(n, copies[n], need, (n,)) for n in resolved]
        label = " or ".join(resolved)
        return [Group(label, sum(copies[n] for n in resolved), need, tuple(resolved))]
    what = str(args.get("group") or "")
    try:
        answer = count_cards(deck, what)
    except UnknownCountError as exc:
        raise _tool_error(str(exc)) from exc
    if answer.total == 0:
        raise _tool_error(f"your main deck has no {answer.what}")
    return [Group(answer.what, answer.total, need, tuple(n for n, _ in answer.cards))]


async def odds(toolbox: Toolbox, args: dict[str, Any]) -> dict[str, Any]:
    """Exact odds of named cards, a group or a combo by a turn; or lands in the opening hand."""
    parsed = await toolbox.parsed()
    deck = parsed.deck
    library = _library(deck)
    on_play = bool(args.get("on_play", True))
    try:
        if args.get("exactly_lands"):
            counts = sorted({int(n) for n in args["exactly_lands"]})
            lands = int(parsed.analysis["lands"])
            p = lands_in_hand(library, lands, frozenset(counts))
            return {"kind": "opening_lands", "exactly_lands": counts, "lands": lands, "library": library,
                    "cards_seen": 7, "probability": round(float(p), 10), "fraction": f"{p.numerator}/{p.denominator}",
                    "summary": f"P({' or '.join(map(str, counts))} lands in the opening 7) = {float(p):.1%}"}
        by_turn = args.get("by_turn")
        mulligan = args.get("mulligan_to")
        result = draw_odds(library, _groups(toolbox, deck, args), by_turn=int(by_turn) if by_turn else None,
                           on_play=on_play, mulligan_to=int(mulligan) if mulligan else None)
    except DrawOddsError as exc:
        raise _tool_error(str(exc)) from exc
    facts: dict[str, Any] = {"kind": "draw", "combo": bool(args.get("combo")), **result.to_dict()}
    when = "opening hand" if result.by_turn is None else f"turn {result.by_turn}"
    facts["summary"] = f"P({' + '.join(g.label for g in result.groups)} by {when}) = {float(result.probability):.1%}"
    return facts
