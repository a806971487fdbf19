"""Tools about one deck: its analysis, cuts and adds, odds, and legality in a format."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from agent.tools.registry import DeckArgs, ToolContext, ToolError, tool
from arena.analysis.model import DeckAnalysis

COLOR_NAMES = {"W": "white", "U": "blue", "B": "black", "R": "red", "G": "green"}


def color_phrase(code: str) -> str:
    """Name a requirement's color code: 'R' red, 'C' colorless, 'UR' or 'U/R' blue or red."""
    if code == "C":
        return "colorless"
    letters = [c for c in code if c in COLOR_NAMES]
    return " or ".join(COLOR_NAMES[c] for c in letters) or code


def _shortfall_phrase(analysis: dict[str, Any]) -> str:
    """Name the requirement with the worst Karsten shortfall, e.g. 'red short by 3 sources'."""
    worst: dict[str, int] = {}
    for req in analysis.get("requirements") or []:
        short = int(req.get("shortfall") or 0)
        color = str(req.get("color", ""))
        if short > worst.get(color, 0):
            worst[color] = short
    if not worst:
        return "no color short of sources"
    color, short = max(worst.items(), key=lambda kv: kv[1])
    return f"{color_phrase(color)} short by {short} source{'s' if short != 1 else ''}"


class DecklistRow(BaseModel):
    card: str
    count: int


class DeckReport(DeckAnalysis):
    """The analysis, the list it was made from, and the one line the tool event shows."""

    decklist: dict[str, list[DecklistRow]] = Field(description="commander, companion, main, side: each card and count")
    summary: str = Field(description="Cards, lands, archetype and the worst Karsten shortfall in one line")


@tool("analyze_deck", args=DeckArgs, fact_key="analysis", needs_deck=True, output=DeckReport)
async def analyze_deck(args: DeckArgs, ctx: ToolContext) -> dict[str, Any]:
    """Analyze a deck: counts, mana curve, colored pips and sources, Karsten source requirements
    and shortfalls, land recommendation, draw and opening-hand odds, archetype, legality and the
    decklist itself."""
    parsed = await ctx.parsed(args.deck)
    analysis = dict(parsed.analysis)
    # A model never sees the deck text; the list itself is a fact it may quote.
    analysis["decklist"] = {
        section: [{"card": e.resolved_name, "count": e.count} for e in parsed.deck.section(section)]
        for section in ("commander", "companion", "main", "side")
        if parsed.deck.section(section)
    }
    arche = analysis.get("archetype") or {}
    name = arche.get("name") if isinstance(arche, dict) else None
    analysis["summary"] = (
        f"{analysis.get('main_count', '?')} cards, {analysis.get('lands', '?')} lands"
        + (f", {name}" if name else "")
        + f", {_shortfall_phrase(analysis)}"
    )
    return analysis


@tool("suggest_changes", args=DeckArgs, fact_key="suggestions", needs_deck=True)
async def suggest_changes(args: DeckArgs, ctx: ToolContext) -> dict[str, Any]:
    """Suggest swaps for a deck: cuts from its flex slots (never its core) and adds that keep the main
    deck's size, each with a reason; adds only with evidence (similar tournament lists, the
    sideboard), castable in its colors, legal and on Arena when that is known; the land total
    before and after."""
    from arena.suggest import suggest_changes as suggest

    parsed = await ctx.parsed(args.deck)
    result = dict(suggest(parsed.deck, parsed.analysis, ctx.catalog))
    cuts, adds = result.get("cuts") or [], result.get("adds") or []
    result["summary"] = f"{len(cuts)} cut{'s' if len(cuts) != 1 else ''}, {len(adds)} add{'s' if len(adds) != 1 else ''}"
    return result


class CutArgs(DeckArgs):
    card: str | None = Field(None, min_length=1, max_length=200, description=(
        "A card to make room for (\"what do I cut for a third copy of X?\"); omit it for the worst card"))
    copies: int = Field(1, ge=1, le=4, description="How many more copies of that card come in")
    total: int | None = Field(None, ge=1, le=4, description=(
        "Bring that card up to this many copies (\"a third copy\" = 3); the copies to add are worked out "
        "from the deck, and this overrides copies"))


@tool("rank_cuts", args=CutArgs, fact_key="cuts", needs_deck=True)
async def rank_cuts(args: CutArgs, ctx: ToolContext) -> dict[str, Any]:
    """Answer "what is my worst card?" or "what do I cut for another copy of X?" from one ranking:
    the deck's core (kept, with reasons) and its flex slots, most cuttable first; with a card, the
    one or two cuts that make room for it, the deck's size unchanged."""
    from arena.suggest import swap_for
    from arena.suggest.plan import build_context

    parsed = await ctx.parsed(args.deck)
    if args.card is not None:
        card = ctx.card(args.card)
        have = sum(e.count for e in parsed.deck.main if e.card is not None and e.card.name == card.name)
        more = args.copies if args.total is None else args.total - have
        if more < 1:  # "a 3rd copy" of a card it runs 4 of: nothing to make room for
            return {"card": card.name, "have": have, "more": 0, "cuts": [], "adds": [], "notes": [],
                    "summary": f"{card.name}: already {have} copies"}
        result = swap_for(parsed.deck, parsed.analysis, ctx.catalog, card.name, more)
        result.update(card=card.name, have=have, more=more)
        cuts = ", ".join(f"{c['count']} {c['card']}" for c in result["cuts"]) or "nothing"
        result["summary"] = f"for {more} more {card.name}: cut {cuts}"
        return result
    context = build_context(parsed.deck, parsed.analysis, ctx.catalog)
    ranking = [r.as_dict() for r in context.ranking]
    worst = next((r for r in ranking if not r["core"]), None)
    return {"worst": worst, "flex": [r for r in ranking if not r["core"]][:8],
            "core": [r for r in ranking if r["core"]],
            "summary": f"worst card: {worst['card']}" if worst else "every card is core"}


class LegalityArgs(DeckArgs):
    format: str | None = Field(None, min_length=1, max_length=40, description=(
        "standard, historic, explorer, pioneer, timeless, alchemy, brawl, historicbrawl...; "
        "omit it for every format the catalog tracks"))
    cards: list[str] = Field(default_factory=list, max_length=20, description=(
        "Card names to check instead of a deck"))


@tool("check_legality", args=LegalityArgs, fact_key="legality_check")
async def check_legality(args: LegalityArgs, ctx: ToolContext) -> dict[str, Any]:
    """Check a deck, or the listed cards, in a format (standard, historic, explorer, pioneer,
    timeless, alchemy, brawl, historicbrawl...), from the legality data the catalog has."""
    fmt = (args.format or "").lower() or None
    if args.cards:
        if args.deck is not None:
            raise ToolError("give either a deck or cards to check, not both", code="invalid_arguments")
        cards = [ctx.card(n) for n in args.cards]
        per_card = {c.name: (c.legalities.get(fmt, "unknown") if fmt else dict(c.legalities) or "unknown") for c in cards}
        summary = ", ".join(f"{n}: {v if isinstance(v, str) else 'see formats'}" for n, v in per_card.items())
        result = {"format": fmt, "cards": per_card, "summary": summary + (f" in {fmt}" if fmt else "")}
        if not ctx.catalog.legality_known():
            result["note"] = ("legality data isn't loaded yet: 'unknown' means I can't tell yet, "
                              "not that the card is illegal")
        return result
    if args.deck is None and not ctx.deck:
        raise ToolError("check_legality needs a deck or a list of cards", code="no_deck")
    analysis = (await ctx.parsed(args.deck)).analysis
    legality = analysis.get("legality") or {}
    if fmt and fmt not in legality:
        return {"format": fmt, "deck": "unknown", "tracked": False, "formats": list(legality),
                "summary": f"{fmt} is not a format I track"}
    if fmt:
        status = legality[fmt]
        details = (analysis.get("legality_details") or {}).get(fmt) or {}
        problems = [p.get("reason", str(p)) if isinstance(p, dict) else str(p) for p in details.get("problems") or []]
        return {"format": fmt, "deck": status, "tracked": True, "problems": problems,
                "unknown_cards": len(details.get("unknown_cards") or []),
                "summary": f"deck in {fmt}: {_status_word(status)}"}
    words = ", ".join(f"{f} {_status_word(s)}" for f, s in legality.items())
    return {"format": None, "deck": legality, "summary": words or "no legality data"}


def _status_word(status: Any) -> str:
    if isinstance(status, dict):
        return str(status.get("status", "unknown")).replace("_", " ")
    return str(status).replace("_", " ")


class OddsArgs(DeckArgs):
    want: int | None = Field(None, ge=1, le=60, description="How many lands at least (land-drop odds)")
    by_turn: int | None = Field(None, ge=1, le=30, description="By which turn (1 = the opening hand on the play)")
    on_play: bool = Field(True, description="On the play (true) or on the draw (false)")
    deck_size: int | None = Field(None, ge=1, le=250, description="A hypothetical deck's size, with lands")
    lands: int | None = Field(None, ge=0, le=250, description="A hypothetical deck's land count, with deck_size")
    card: str | None = Field(None, min_length=1, max_length=200, description=(
        "A nonland card of the deck: the odds of casting it on curve"))
    opening_hands: bool = Field(False, description="Keepable and mulligan rates of the opening seven")
    cards: list[str] = Field(default_factory=list, max_length=8, description=(
        "Cards of the deck: the odds of drawing any one of them by by_turn (omit by_turn for the "
        "opening hand), or all of them with combo"))
    combo: bool = Field(False, description="With cards: all of them (a combo, the three Tron lands), not any one")
    need: int = Field(1, ge=1, le=4, description="With cards or group: copies wanted (2 = at least two)")
    group: str | None = Field(None, min_length=1, max_length=100, description=(
        "Any card of a group, in the player's words: removal, creatures, 1 drops, mana dorks"))
    mulligan_to: int | None = Field(None, ge=4, le=6, description=(
        "Opening hand only: mulligan down to this many cards looking for the cards"))
    exactly_lands: list[int] = Field(default_factory=list, max_length=8, description=(
        "The chance the opening seven holds exactly one of these land counts, e.g. [2, 3]"))


@tool("mana_odds", args=OddsArgs, fact_key="odds_answer")
async def mana_odds(args: OddsArgs, ctx: ToolContext) -> dict[str, Any]:
    """Exact hypergeometric odds of having at least `want` lands by turn `by_turn` (on the play
    unless on_play is false) for a deck or a given deck_size/lands; with `card`, the odds of
    casting that card of the deck on curve; with opening_hands, keep/mulligan rates; with `cards`,
    the exact odds of drawing them (any one, or all with combo; `need` copies; by_turn, or the
    opening hand with an optional mulligan_to); with `group`, any card of that group; with
    exactly_lands, the chance the opening seven holds exactly that many lands."""
    if args.cards or args.group or args.exactly_lands:
        from agent.tools.questions import draw_odds_for

        return await draw_odds_for(args, ctx)
    if args.card:
        return await _cast_odds(args, ctx, args.card)
    if args.opening_hands:
        return await _opening_hands(args, ctx)
    from arena.analysis import land_odds

    if args.want is None or args.by_turn is None:
        raise ToolError("mana_odds needs want and by_turn (or card, or opening_hands)", code="invalid_arguments")
    want, by_turn, on_play = args.want, args.by_turn, args.on_play
    spell_lands = 0
    if args.deck_size is not None and args.lands is not None:
        deck_size, lands, source = args.deck_size, args.lands, "question"
    elif args.deck_size is not None or args.lands is not None:
        raise ToolError("give deck_size and lands together, or neither for the deck's own", code="invalid_arguments")
    else:
        analysis = (await ctx.parsed(args.deck)).analysis
        deck_size, lands, source = int(analysis["main_count"]), int(analysis["lands"]), "deck"
        # Spell//land modal cards are a land drop when one is needed: the odds with them too.
        spell_lands = sum(int(d["copies"]) for d in analysis.get("source_detail") or [] if d.get("kind") == "modal")
    if not 0 <= lands <= deck_size:
        raise ToolError(f"lands ({lands}) must be between 0 and the deck size ({deck_size})", code="invalid_arguments")
    seen = 7 + by_turn - 1 + (0 if on_play else 1)
    if seen > deck_size:
        raise ToolError(f"turn {by_turn} would need {seen} cards but the deck has {deck_size}", code="invalid_arguments")
    probability = float(land_odds(deck_size, lands, want, by_turn, on_play=on_play))
    result: dict[str, Any] = {
        "want": want, "by_turn": by_turn, "on_play": on_play, "deck_size": deck_size,
        "lands": lands, "cards_seen": seen, "probability": round(probability, 4), "source": source,
        "summary": f"P(≥{want} lands by turn {by_turn}, {'play' if on_play else 'draw'}) = {probability:.1%}",
    }
    if source == "deck" and spell_lands and lands + spell_lands <= deck_size:
        with_modal = float(land_odds(deck_size, lands + spell_lands, want, by_turn, on_play=on_play))
        result["spell_lands"] = spell_lands
        result["probability_with_spell_lands"] = round(with_modal, 4)
        result["summary"] += f"; {with_modal:.1%} counting {spell_lands} spell//land cards"
    return result


async def _opening_hands(args: OddsArgs, ctx: ToolContext) -> dict[str, Any]:
    """Keep and mulligan rates of the opener, exact where the analysis has them."""
    hands = dict(((await ctx.parsed(args.deck)).analysis.get("odds") or {}).get("opening_hands") or {})
    exact = hands.get("exact") or {}
    keep = exact.get("keepable", hands.get("keepable"))
    if keep is None:
        raise ToolError("the analysis has no opening-hand figures")
    hands["summary"] = f"keepable 7-card hands: {keep:.1%}"
    return hands


async def _cast_odds(args: OddsArgs, ctx: ToolContext, name: str) -> dict[str, Any]:
    parsed = await ctx.parsed(args.deck)
    analysis = parsed.analysis
    card = ctx.card(name)
    rows = (analysis.get("odds") or {}).get("cast_on_curve") or []
    row = next((r for r in rows if str(r.get("card", "")).lower() == card.name.lower()), None)
    if row is None and any(e.card is not None and e.card.name == card.name for e in parsed.deck.side):
        from arena.analysis.requirements import outside_requirements

        # A sideboard card: no simulation of the main deck has it, but its sources can be read.
        needs = outside_requirements(card, analysis.get("sources") or {}, int(analysis.get("karsten_table") or 60))
        short = [r for r in needs if r["shortfall"]]
        return {"card": card.name, "where": "sideboard", "requirements": needs,
                "summary": f"{card.name} (sideboard): " + (", ".join(
                    f"{r['color']} short by {r['shortfall']}" for r in short) or "its colors have the sources")}
    if row is None:
        where = "the attached deck" if args.deck is None else "this deck"
        raise ToolError(f"{card.name} is not a nonland card of {where}", code="card_not_in_deck")
    result = dict(row)
    prob = _first_float(row, ("probability", "p", "odds", "chance"))
    result["summary"] = f"{card.name} on curve: {prob:.1%}" if prob is not None else f"{card.name} on curve"
    return result


def _first_float(row: dict[str, Any], keys: tuple[str, ...]) -> float | None:
    for key in keys:
        value = row.get(key)
        if isinstance(value, int | float):
            return float(value)
    return None
