"""The offline planner: from an intent to titled reasoning steps, and the derived facts.

Intent names are listed in ``agent.intents``. Step titles are stable (scripted chats assert
them); each with the tool it runs and the facts key its result lands under:

    Analyze the deck                        analyze_deck      -> facts["analysis"]
    Check colored sources against Karsten   derive: mana      -> facts["mana_check"]
    Weigh the land count                    derive: lands     -> facts["land_check"]
    Read the curve                          derive: curve     -> facts["curve_check"]
    Name the archetype                      derive: archetype -> facts["archetype_check"]
    Find cuts and adds                      suggest_changes   -> facts["suggestions"]
    Compute the odds                        mana_odds         -> facts["odds_answer"]
    Check legality                          check_legality    -> facts["legality_check"]
    Look up <Card>                          lookup_card       -> facts["cards"][<Card>]
    Compare <A> and <B>                     compare_cards     -> facts["comparison"]
    Search the catalog                      search_cards      -> facts["search"]
    Count the cards                         count_cards       -> facts["count"]
    Rank the cards                          suggest_changes   -> facts["suggestions"]

Plans by intent: analyze = analysis, mana, lands, curve, cuts/adds; mana = analysis, mana,
lands; curve = analysis, curve; suggest = analysis, mana, lands, cuts/adds; archetype =
analysis, archetype; odds = (analysis,) odds; legality = analysis or look-ups, legality;
card = look-ups; compare = compare; search = search; count = analysis, count; rank =
analysis, cuts (with the card to make room for); greeting, help, strategy, clarify, unknown =
no steps. A question read with low confidence becomes ``clarify`` before planning.

Derivations are arithmetic on facts already computed (differences, worst shortfalls), so every
number the offline writer prints is itself a fact the consensus check can find.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from agent.intents import Intent
from agent.intents_market import plan_market
from agent.intents_meta import META_INTENTS
from agent.offline_meta import plan_meta
from agent.providers.base import PlannedStep
from arena.analysis.verdicts import archetype_verdict, curve_verdict, land_verdict, mana_verdict

ANALYZE = "Analyze the deck"
KARSTEN = "Check colored sources against Karsten"
LANDS = "Weigh the land count"
CURVE = "Read the curve"
ARCHETYPE = "Name the archetype"
SUGGEST = "Find cuts and adds"
ODDS = "Compute the odds"
LEGALITY = "Check legality"
SEARCH = "Search the catalog"
COUNT = "Count the cards"
RANK = "Rank the cards"

NEEDS_DECK = frozenset({"analyze", "mana", "curve", "suggest", "archetype", "count", "rank"})


def _derive(title: str, name: str) -> PlannedStep:
    return PlannedStep(title, None, {"derive": name})


def plan_for(intent: Intent, *, has_deck: bool) -> list[PlannedStep]:
    """Return the offline plan for an intent; empty when the answer needs no computation."""
    name = intent.name
    if (market := plan_market(intent, has_deck=has_deck)) is not None:
        return market
    if name in META_INTENTS:
        return plan_meta(intent, has_deck=has_deck)
    if name in NEEDS_DECK and not has_deck:
        return []
    analyze = PlannedStep(ANALYZE, "analyze_deck", {})
    if name == "analyze":
        return [analyze, _derive(KARSTEN, "mana"), _derive(LANDS, "lands"), _derive(CURVE, "curve"),
                PlannedStep(SUGGEST, "suggest_changes", {})]
    if name == "mana":
        return [analyze, _derive(KARSTEN, "mana"), _derive(LANDS, "lands")]
    if name == "curve":
        return [analyze, _derive(CURVE, "curve")]
    if name == "suggest":
        return [analyze, _derive(KARSTEN, "mana"), _derive(LANDS, "lands"), PlannedStep(SUGGEST, "suggest_changes", {})]
    if name == "archetype":
        return [analyze, _derive(ARCHETYPE, "archetype")]
    if name == "count":
        count_args: dict[str, Any] = {"section": intent.section}
        if intent.cards:
            count_args["card"] = intent.cards[0]
        else:
            count_args["what"] = intent.what or ""
        return [analyze, PlannedStep(COUNT, "count_cards", count_args)]
    if name == "rank":
        # The worst card and the swap ("what do I cut for a 3rd X") come from one cut ranking.
        if intent.what == "swap" and intent.cards:
            swap_args: dict[str, Any] = {"card": intent.cards[0]}
            if intent.copies:
                swap_args["total"] = intent.copies
            return [analyze, PlannedStep(RANK, "rank_cuts", swap_args)]
        return [analyze, PlannedStep(RANK, "rank_cuts", {})]
    if name == "odds":
        if intent.exactly or (intent.cards and intent.query != "cast") or (intent.what and not intent.cards):
            return _draw_plan(intent, analyze) if has_deck else []
        if intent.query == "opening_hands":
            return [analyze, PlannedStep(ODDS, "mana_odds", {"opening_hands": True})] if has_deck else []
        if intent.cards:
            if not has_deck:
                return []
            return [analyze, PlannedStep(ODDS, "mana_odds", {"card": intent.cards[0]})]
        args: dict[str, Any] = {"want": intent.want, "by_turn": intent.by_turn, "on_play": intent.on_play}
        if intent.deck_size and intent.lands is not None:
            args.update(deck_size=intent.deck_size, lands=intent.lands)
            return [PlannedStep(ODDS, "mana_odds", args)]
        return [analyze, PlannedStep(ODDS, "mana_odds", args)] if has_deck else []
    if name == "legality":
        if intent.cards:
            return [PlannedStep(f"Look up {c}", "lookup_card", {"name": c}) for c in intent.cards[:2]] + [
                PlannedStep(LEGALITY, "check_legality", {"format": intent.format, "cards": intent.cards[:2]})
            ]
        return [analyze, PlannedStep(LEGALITY, "check_legality", {"format": intent.format})] if has_deck else []
    if name == "card":
        return [PlannedStep(f"Look up {c}", "lookup_card", {"name": c}) for c in intent.cards[:3]]
    if name == "compare" and len(intent.cards) >= 2:
        a, b = intent.cards[:2]
        return [PlannedStep(f"Compare {a} and {b}", "compare_cards", {"a": a, "b": b})]
    if name == "compare" and intent.cards:
        return [PlannedStep(f"Look up {intent.cards[0]}", "lookup_card", {"name": intent.cards[0]})]
    if name == "search" and intent.query:
        return [PlannedStep(SEARCH, "search_cards", {"query": intent.query, "limit": 8})]
    return []


def _draw_plan(intent: Intent, analyze: PlannedStep) -> list[PlannedStep]:
    """Odds of drawing named cards, a group, a combo, or lands in the opener."""
    args: dict[str, Any] = {"on_play": intent.on_play}
    if intent.exactly:
        args["exactly_lands"] = list(intent.exactly)
        return [analyze, PlannedStep(ODDS, "mana_odds", args)]
    if intent.cards:
        args["cards"] = list(intent.cards)
        if intent.combo:
            args["combo"] = True
    else:
        args["group"] = intent.what
    if intent.need > 1:
        args["need"] = intent.need
    if intent.by_turn is not None:
        args["by_turn"] = intent.by_turn
    if intent.mulligan_to:
        args["mulligan_to"] = intent.mulligan_to
    return [analyze, PlannedStep(ODDS, "mana_odds", args)]


# ---- derivations ---------------------------------------------------------------------------


def derive_mana(facts: dict[str, Any]) -> dict[str, Any]:
    """Worst Karsten shortfall per color (and per gold/hybrid pair): which card sets the bar."""
    return mana_verdict(facts["analysis"])


def derive_lands(facts: dict[str, Any]) -> dict[str, Any]:
    """Land count against the recommendation: the difference and which way to move."""
    return land_verdict(facts["analysis"])


def derive_curve(facts: dict[str, Any]) -> dict[str, Any]:
    """Where the curve peaks, how much sits at 2 or less and at 5 or more."""
    return curve_verdict(facts["analysis"])


def derive_archetype(facts: dict[str, Any]) -> dict[str, Any]:
    """The archetype as analysis named it, with the reasons it gave."""
    return archetype_verdict(facts["analysis"])


DERIVATIONS: dict[str, tuple[str, Callable[[dict[str, Any]], dict[str, Any]]]] = {
    "mana": ("mana_check", derive_mana),
    "lands": ("land_check", derive_lands),
    "curve": ("curve_check", derive_curve),
    "archetype": ("archetype_check", derive_archetype),
}
