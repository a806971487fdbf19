"""The offline writer: Vawlrathh's answer composed from the facts, one clause at a time.

``write`` is a generator so the draft node can stream each piece the moment it is composed.
Rules: every number comes from a fact (derived numbers are computed in ``agent.offline`` and
recorded first); card names are bold and spelled as the catalog spells them; nothing else is
bold, so the consensus check can treat bold text as a claim that a card exists.
"""

from __future__ import annotations

import itertools
import random
import re
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from agent import persona
from agent.intents import Intent
from agent.offline_meta import CAPABILITIES as META_CAPABILITIES
from agent.offline_meta import WRITERS as META_WRITERS
from agent.offline_writer_market import MARKET_WRITERS
from agent.tools import COLOR_NAMES

ENABLE_MODEL = (
    "For free-form questions, give me a model: open the “Use your own model” box under the chat "
    "and paste an OpenAI or Anthropic key (it stays in your browser session)."
)
ATTACH_DECK = (
    "Attach a deck first: paste an MTG Arena export (the Deck and Sideboard sections), "
    "or upload a CSV or MTGO .dek file, with your message."
)
CAPABILITIES = [
    "review a deck and say what is wrong with it",
    "count lands and colored sources against Frank Karsten's numbers",
    "count anything in the deck: creatures, one-drops, counterspells, swamps, the sideboard",
    "tell you what to cut and what to add, and your weakest card",
    "read the curve and name the archetype",
    "explain a card, even misspelled or nicknamed, and compare two cards",
    "give exact odds: your fourth land on turn four, a card in your opener, any of your removal, Tron",
    "check legality in a format",
    "search cards by their rules text",
]
_NUMBER_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight",
                 9: "nine", 10: "ten"}


def pct(p: float) -> str:
    """Format a probability the way the consensus check expects: 45.3%."""
    # Half-up on the decimal written in the facts (0.4405 -> 44.1%), as the tool summaries
    # do; binary floats would round 44.05 down.
    return f"{(Decimal(str(p)) * 100).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"


def bold(name: Any) -> str:
    return f"**{name}**"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def write(intent: Intent, facts: dict[str, Any], *, has_deck: bool, rng: random.Random) -> Iterator[str]:
    """Yield the answer in pieces (sentences or list lines), each ending in its own separator."""
    name = intent.name
    writer = _WRITERS.get(name)
    if name in {"analyze", "mana", "curve", "suggest", "archetype", "count", "rank"} and "analysis" not in facts:
        yield from _no_deck(rng)
        return
    if writer is None:
        yield from _unknown(intent, facts, has_deck=has_deck, rng=rng)
        return
    sugg = facts.get("suggestions") or {}
    nothing = name == "suggest" and not (sugg.get("cuts") or sugg.get("adds"))
    opener = persona.opener("suggest_none" if nothing else name, rng)
    pieces = itertools.chain(writer(intent, facts, has_deck=has_deck, rng=rng), _failures(facts))
    yield from _tidy([opener + "\n\n"] if opener else [], pieces)
    close = persona.closer(rng)
    if close and name not in {"help", "greeting", "deck_error", "clarify", "strategy"}:
        yield "\n\n" + close


def _tidy(head: list[str], pieces: Iterator[str]) -> Iterator[str]:
    """Stream pieces without trailing whitespace or runs of blank lines, still piece by piece."""
    carried = ""
    for piece in itertools.chain(head, pieces):  # lazily: each piece leaves as it is composed
        body = piece.rstrip()
        lead = piece[: len(piece) - len(piece.lstrip())]
        body = body.lstrip()
        if not body:
            carried += piece
            continue
        gap = carried + lead
        if "\n" in gap:  # at most one blank line, but keep the new line's indentation
            gap = "\n" * min(gap.count("\n"), 2) + gap.rsplit("\n", 1)[1]
        elif gap:
            gap = " "
        yield gap + body
        carried = piece[len(piece.rstrip()):]


def _failures(facts: dict[str, Any]) -> Iterator[str]:
    """Say which steps failed and why; an answer never hides a step that broke."""
    errors = facts.get("step_errors") or []
    if errors:
        yield "\n\nWhat I could not do:\n"
        for err in errors:
            yield f"- {err['step']}: {err['error']}\n"


def _no_deck(rng: random.Random) -> Iterator[str]:
    yield "I can't judge a deck I haven't seen. "
    yield ATTACH_DECK


def _greeting(intent: Intent, facts: dict[str, Any], *, has_deck: bool, rng: random.Random) -> Iterator[str]:
    if intent.query == "thanks":
        yield persona.thanks(rng)
        return
    yield persona.greeting(rng) + " "
    if has_deck:
        yield "Your deck is attached. Ask me what is wrong with it, or what to cut."
    else:
        yield "Paste an MTG Arena deck and ask what is wrong with it. I will tell you. Exactly."


def _help(intent: Intent, facts: dict[str, Any], *, has_deck: bool, rng: random.Random) -> Iterator[str]:
    yield "Without a model I still do the arithmetic. I can:\n"
    for line in CAPABILITIES:
        yield f"- {line}\n"
    yield "\n" + ("Your deck is attached. " if has_deck else ATTACH_DECK + " ")
    yield "\n\n" + ENABLE_MODEL


def _unknown(intent: Intent, facts: dict[str, Any], *, has_deck: bool, rng: random.Random) -> Iterator[str]:
    yield "That is beyond what I answer offline, and I don't guess. What I can do:\n"
    for line in CAPABILITIES:
        yield f"- {line}\n"
    yield "\n" + ENABLE_MODEL


_LOCALIZED = re.compile(r"\((an? \w+(?:/\w+)*) Arena export\? card names must be English\)")


def _deck_error(intent: Intent, facts: dict[str, Any], *, has_deck: bool, rng: random.Random) -> Iterator[str]:
    problems = every = facts.get("deck_error", {}).get("problems") or []
    yield f"{_plural(len(problems), 'line')} of it made no sense to me:\n"
    language = next((m.group(1) for p in problems
                     if (m := _LOCALIZED.search(str(p.get("reason", ""))))), None)
    if language:  # one explanation, not a line-by-line wall of "unknown card"
        foreign = [p for p in problems if _LOCALIZED.search(str(p.get("reason", "")))
                   or " name of " in str(p.get("reason", ""))]
        lines = sorted(int(p["line"]) for p in foreign)
        where = f"line {lines[0]}" if len(lines) == 1 else f"lines {lines[0]} to {lines[-1]}"
        yield (f"- {where}: this is {language} Arena export, and I read English card names only. In Arena, "
               "set the language to English, export the deck again and paste that.\n")
        problems = [p for p in problems if p not in foreign]
    for p in problems[:12]:
        # Close names help for a misspelled card; for a line that is no card at all they are noise.
        guesses = p.get("suggestions") if str(p.get("reason", "")).startswith("unknown") else None
        hint = f" Did you mean {', '.join(bold(s) for s in guesses[:3])}?" if guesses else ""
        yield f"- line {p['line']}: {p['reason']} (`{p['text']}`).{hint}\n"
    if len(problems) > 12:
        yield f"- and {len(problems) - 12} more.\n"
    message = facts.get("deck_error", {}).get("message")
    if message and not every:
        yield f"{message}\n"
    yield "\nFix those lines and send the deck again."
    if has_deck:
        yield " Until then I keep working with the deck you gave me before."


def _deck_line(analysis: dict[str, Any]) -> str:
    arche = analysis.get("archetype") or {}
    label = " ".join(str(p) for p in (arche.get("name"), arche.get("style")) if p)
    avg = analysis.get("average_mv")
    parts = [f"{analysis.get('main_count')} cards, {analysis.get('lands')} lands"]
    if avg is not None:
        parts.append(f"average mana value {avg}")
    line = (f"{label}: " if label else "") + ", ".join(parts) + "."
    size, minimum = analysis.get("deck_size"), analysis.get("minimum_size")
    if isinstance(size, int) and isinstance(minimum, int) and size < minimum:
        line += (" That is not a whole deck, so every number here is for these cards only, and the "
                 "style I name is a guess from a handful of cards.")
    return line


def _mana_lines(facts: dict[str, Any]) -> Iterator[str]:
    check = facts.get("mana_check") or {}
    for short in check.get("short", [])[:4]:
        color = short["color_name"]
        sources = f"{color} sources" if " or " not in color else f"sources of {color}"
        if short.get("untapped_only") and short.get("all_sources", 0) > short["have"]:
            wants = f"{short['needed']} untapped {sources} on turn one; {short['have']} of your {short['all_sources']} enter untapped"
        else:
            wants = f"{short['needed']} {sources}, you have {short['have']}"
        yield f"- {color.capitalize()} is short: {bold(short['card'])} wants {wants} (short by {short['shortfall']}).\n"
    if not check.get("short"):
        fine = ", ".join(f"{w['color_name']} {w.get('all_sources', w['have'])}" for w in check.get("fine", []))
        yield f"- Every color meets Karsten's numbers{f' ({fine} sources)' if fine else ''}.\n"


def _land_line(facts: dict[str, Any]) -> Iterator[str]:
    check = facts.get("land_check") or {}
    direction = check.get("direction")
    if direction == "incomplete":
        yield (f"- Lands: {_plural(check['current'], 'land')} in {check['size']} cards. Not a whole deck, so no "
               "land count advice until it is.\n")
        return
    if direction not in ("add", "cut", "keep"):
        return
    current, effective = check["current"], check.get("effective", check["current"])
    run = f"you run {current}"
    if effective != current:
        run += f" ({effective:g} counting your spell//land cards)"
    if direction == "keep" and check.get("lean"):
        side = "low" if check["lean"] == "low" else "high"
        yield (f"- Lands: {run}; the curve wants {check['recommended']}. On the {side} side, but inside the "
               "formula's margin: not worth trading a spell for.\n")
    elif direction == "keep":
        yield f"- Lands: {run}; the curve wants {check['recommended']}. Close enough.\n"
    else:
        verb = "Add" if direction == "add" else "Cut"
        yield f"- Lands: {run}; the curve wants {check['recommended']}. {verb} {check['difference']}.\n"


def _curve_line(facts: dict[str, Any]) -> Iterator[str]:
    check = facts.get("curve_check") or {}
    if "peak_mv" not in check:
        return
    yield f"- Curve peaks at mana value {check['peak_mv']} with {check['peak_count']} cards; {check['cheap']} cost 2 or less, {check['heavy']} cost 5 or more.\n"


def _suggest_lines(facts: dict[str, Any], limit: int = 5) -> Iterator[str]:
    """Cuts and adds together (they balance: the deck keeps its size), the totals, the caveats."""
    sugg = facts.get("suggestions") or {}
    for cut in (sugg.get("cuts") or [])[:limit]:
        count = f"{cut['count']} " if cut.get("count") else ""
        yield f"- Cut {count}{bold(cut['card'])}: {cut.get('reason', '')}\n"
    for add in (sugg.get("adds") or [])[:limit]:
        count = f"{add['count']} " if add.get("count") else ""
        yield f"- Add {count}{bold(add['card'])}: {add.get('reason', '')}\n"
    if not sugg.get("cuts") and not sugg.get("adds"):
        yield "- Nothing I would change on the evidence I have.\n"
    elif "size_before" in sugg:
        yield (f"Main deck {sugg['size_before']} → {sugg['size_after']} cards, "
               f"lands {sugg['lands_before']} → {sugg['lands_after']}.\n")
    for note in (sugg.get("notes") or [])[:2]:
        yield f"_{note}_\n"


def _companion_lines(analysis: dict[str, Any]) -> Iterator[str]:
    """Whether each companion's deckbuilding rule holds, and which cards break it."""
    for check in analysis.get("companion_check") or []:
        name, rule = bold(check["companion"]), f"“{check['condition']}”"
        if check["met"] is False:
            breakers = " and ".join(bold(c) for c in check["breaks"][:6])
            more = f" (and {len(check['breaks']) - 6} more)" if len(check["breaks"]) > 6 else ""
            yield (f"- Companion: {name} can't be your companion with this list. Its rule: {rule} "
                   f"{breakers}{more} break it: cut them, or play without it.\n")
        elif check["met"] is None:
            yield (f"- Companion: I can't tell whether {name} is allowed. Its rule: {rule} My card data "
                   f"can't settle it for {' and '.join(bold(c) for c in check['unsure'][:6])}.\n")
        else:
            yield f"- Companion: {name} fits. Its rule: {rule} No card in the main deck breaks it.\n"


def _analyze(intent: Intent, facts: dict[str, Any], *, has_deck: bool, rng: random.Random) -> Iterator[str]:
    analysis = facts["analysis"]
    if intent.query == "companion":
        lines = list(_companion_lines(analysis))
        yield from lines or ["Your list names no companion (a Companion section above the deck), so there is "
                             "nothing to check.\n"]
        return
    yield _deck_line(analysis) + "\n\n"
    yield from _companion_lines(analysis)
    yield from _mana_lines(facts)
    yield from _land_line(facts)
    yield from _curve_line(facts)
    if facts.get("suggestions"):
        yield "\nWhat I would change:\n"
        yield from _suggest_lines(facts, limit=2)
    if analysis.get("unresolved"):
        yield f"\nI left out what I could not read: {', '.join(analysis['unresolved'])}."


def _mana(intent: Intent, facts: dict[str, Any], *, has_deck: bool, rng: random.Random) -> Iterator[str]:
    check = facts.get("mana_check") or {}
    sources = check.get("sources") or {}
    if intent.query == "lands":  # the land count was asked: answer it first, then the colors
        yield from _land_line(facts)
        land_check = facts.get("land_check") or {}
        if land_check.get("reason") and land_check.get("direction") != "incomplete":
            yield f"How I counted: {land_check['reason']}\n\n"
        if sources:
            yield "Colored sources: " + ", ".join(f"{COLOR_NAMES.get(c, c)} {n}" for c, n in sources.items()) + ".\n"
        yield from _mana_lines(facts)
        return
    if sources:
        yield "Colored sources: " + ", ".join(f"{COLOR_NAMES.get(c, c)} {n}" for c, n in sources.items()) + ".\n"
    yield from _mana_lines(facts)
    yield from _land_line(facts)
    check = facts.get("land_check") or {}
    reason = check.get("reason") if check.get("direction") != "incomplete" else None
    if reason:
        yield f"\nHow I counted: {reason}"


def _curve(intent: Intent, facts: dict[str, Any], *, has_deck: bool, rng: random.Random) -> Iterator[str]:
    check = facts.get("curve_check") or {}
    counts = check.get("counts") or {}
    if counts:
        yield "By mana value: " + ", ".join(f"{k}: {v}" for k, v in counts.items() if v) + ".\n"
    avg = check.get("average_mv")
    if avg is not None:
        yield f"Average mana value {avg}.\n"
    yield from _curve_line(facts)
    if check.get("x_spells"):
        yield f"- {_plural(check['x_spells'], 'X spell')} counted at X = 0.\n"


def _suggest(intent: Intent, facts: dict[str, Any], *, has_deck: bool, rng: random.Random) -> Iterator[str]:
    yield from _suggest_lines(facts, limit=4)
    yield from _land_line(facts)


def _archetype(intent: Intent, facts: dict[str, Any], *, has_deck: bool, rng: random.Random) -> Iterator[str]:
    check = facts.get("archetype_check") or {}
    label = " ".join(str(p) for p in (check.get("name"), check.get("style")) if p) or "Nothing I can name"
    yield f"{label}.\n"
    for reason in check.get("reasons", [])[:4]:
        yield f"- {reason}\n"


def _odds(intent: Intent, facts: dict[str, Any], *, has_deck: bool, rng: random.Random) -> Iterator[str]:
    odds = facts.get("odds_answer")
    if odds is None:
        if facts.get("step_errors"):
            yield "No odds this time."  # _failures says why
        elif intent.cards or not has_deck:
            yield from _no_deck(rng)
            yield " Or describe it: a 60-card deck with 24 lands."
        return
    if "error" in odds:
        yield f"I could not compute that: {odds['error']}"
        return
    if odds.get("kind") == "opening_lands":
        counts = " or ".join(str(n) for n in odds["exactly_lands"])
        yield f"With {odds['lands']} lands in {odds['library']} cards, your opening seven holds exactly {counts} lands "
        yield f"{pct(odds['probability'])} of the time."
        return
    if odds.get("kind") == "draw":
        yield from _draw_odds(odds)
        return
    if "card" not in odds and ("trials" in odds or "keepable" in odds):  # the opening hand
        exact = odds.get("exact") or {}
        keep = exact.get("keepable", odds.get("keepable"))
        avg = exact.get("avg_lands", odds.get("avg_lands"))
        yield f"You keep your seven {pct(keep)} of the time"
        yield f", with {avg} lands in the average opener." if avg is not None else "."
        kept_at = exact.get("kept_at") or odds.get("kept_at") or {}
        if kept_at.get("6") is not None:
            yield f" You go to six {pct(kept_at['6'])} of the time."
        if odds.get("rule"):
            yield f"\nThe rule: {odds['rule']}."
        return
    if odds.get("where") == "sideboard":
        yield from _sideboard_cast(odds)
        return
    if "want" not in odds:  # casting a card on curve
        prob = next((odds[k] for k in ("probability", "p", "odds", "chance") if isinstance(odds.get(k), int | float)), None)
        card = odds.get("card")
        if prob is None:
            yield f"I have no on-curve odds for {bold(card)}."
            return
        yield f"You cast {bold(card)} on curve {pct(prob)} of the time, counting lands and colored sources."
        return
    side = "on the play" if odds["on_play"] else "on the draw"
    deck = "your deck's" if odds.get("source") == "deck" else "those"
    yield f"With {deck} {odds['lands']} lands in {odds['deck_size']} cards, {side}, "
    yield f"you have at least {_plural(odds['want'], 'land')} by turn {odds['by_turn']} "
    yield f"{pct(odds['probability'])} of the time. "
    yield f"That counts the {odds['cards_seen']} cards you will have seen."
    if odds.get("probability_with_spell_lands") is not None:
        yield (f" Counting your spell//land cards as lands when you need one ({odds['lands'] + odds['spell_lands']} "
               f"lands in {odds['deck_size']} cards), you have at least {_plural(odds['want'], 'land')} by turn "
               f"{odds['by_turn']} {side} {pct(odds['probability_with_spell_lands'])} of the time.")


def _sideboard_cast(odds: dict[str, Any]) -> Iterator[str]:
    """A sideboard card: no on-curve simulation, but what its colors ask of the deck's sources."""
    card = odds["card"]
    yield f"{bold(card)} is in your sideboard, so my on-curve simulation of the main deck doesn't have it. "
    for row in odds.get("requirements") or []:
        color = COLOR_NAMES.get(row["color"], row["color"])
        short = f" (short by {row['shortfall']})" if row["shortfall"] else ""
        yield (f"\n- On turn {row['turn']}, {bold(card)} wants {row['needed']} {color} sources, "
               f"you have {row['have']}{short}.")
    if not odds.get("requirements"):
        yield "It needs no colored mana: any land casts it."


def _draw_odds(odds: dict[str, Any]) -> Iterator[str]:
    groups = odds.get("groups") or []
    side = "on the play" if odds.get("on_play", True) else "on the draw"
    when = "in your opening hand" if odds.get("opening_hand") else f"by turn {odds['by_turn']} {side}"

    def piece(g: dict[str, Any]) -> str:
        cards = g.get("cards") or []
        need = f"{g['need']} of " if g["need"] > 1 else ""
        if len(cards) == 1 and g["label"] == cards[0]:
            if not need and g["copies"] > 1:  # one of several copies, not all of them
                return f"at least one of your {g['copies']} {bold(cards[0])}"
            return f"{'at least ' + need if need else ''}your {g['copies']} {bold(cards[0])}"
        if " or " in g["label"]:
            return f"{'at least ' + need if need else 'any '}of your {g['copies']} " + " or ".join(bold(c) for c in cards)
        names = ", ".join(bold(c) for c in cards[:6]) + (", ..." if len(cards) > 6 else "")
        return f"{'at least ' + need if need else 'any '}of your {g['copies']} {g['label']} ({names})"

    if len(groups) > 1:
        what = "all of " + " and ".join(f"{bold(g['cards'][0])}" for g in groups)
    elif groups:
        what = piece(groups[0])
    else:
        what = "that"
    yield f"You see {odds['cards_seen']} cards of {odds['library']} {when}, "
    yield f"so your chance to have {what} is {pct(odds['probability'])}."
    if odds.get("mulligan_to") is not None:
        yield f" That counts mulliganing to {odds['mulligan_to']} to look for it ({odds['looks']} hands); "
        yield f"in one seven it is {pct(odds['single_hand'])}."


def _legality(intent: Intent, facts: dict[str, Any], *, has_deck: bool, rng: random.Random) -> Iterator[str]:
    check = facts.get("legality_check")
    if check is None:
        yield from _no_deck(rng)
        return
    fmt = check.get("format")
    if "cards" in check:
        for card, status in check["cards"].items():
            if isinstance(status, str):
                yield f"- {bold(card)}: {_status(status)}{f' in {fmt}' if fmt else ''}.\n"
            else:
                legal = [f for f, s in status.items() if s == "legal"]
                yield f"- {bold(card)}: legal in {', '.join(legal) or 'no format I know of'}.\n"
        if any(s == "unknown" for s in check["cards"].values()):
            yield "\n" + _NO_LEGALITY
        return
    status = check.get("deck")
    if fmt and check.get("tracked") is False:
        yield f"I don't track {fmt}. The formats I know: {', '.join(check.get('formats') or [])}."
        return
    if fmt:
        yield f"Your deck in {fmt}: {_status(status)}.\n"
        for problem in (check.get("problems") or [])[:6]:
            yield f"- {problem}\n"
        if _status_word(status) == "unknown":
            yield "\n" + _NO_LEGALITY
        return
    yield "Your deck, format by format:\n"
    for name, value in (status or {}).items():
        yield f"- {name}: {_status(value)}\n"
    if any(_status_word(v) == "unknown" for v in (status or {}).values()):
        yield "\n" + _NO_LEGALITY


_NO_LEGALITY = (
    "Legality data isn't loaded yet: the card data I carry offline has no format lists, so "
    "'unknown' means I can't tell, not that it is illegal. I load Scryfall's lists by myself "
    "when I can reach Scryfall; the Status tab shows when they are in. Ask again then."
)


def _status_word(status: Any) -> str:
    return str(status.get("status", "unknown")) if isinstance(status, dict) else str(status)


def _status(status: Any) -> str:
    return _status_word(status).replace("_", " ")


def _card(intent: Intent, facts: dict[str, Any], *, has_deck: bool, rng: random.Random) -> Iterator[str]:
    cards = facts.get("cards") or {}
    for card in cards.values():
        cost = f" {card['mana_cost']}" if card.get("mana_cost") else ""
        stats = ""
        if card.get("power") is not None:
            stats = f", {card['power']}/{card['toughness']}"
        elif card.get("loyalty") is not None:
            stats = f", loyalty {card['loyalty']}"
        yield f"{bold(card['name'])}{cost}: {card['type_line']}{stats}, mana value {card['mana_value']}.\n"
        text = (card.get("oracle_text") or "").strip()
        if text:
            yield "> " + text.replace("\n", "\n> ") + "\n\n"
        yield from _card_market(card)
    if not cards:
        yield "I found no such card. Spell it closer and I will try again."


_FORMAT_ORDER = ("standard", "alchemy", "explorer", "pioneer", "historic", "timeless", "brawl", "modern", "legacy",
                 "vintage", "commander", "pauper")


def _card_market(card: dict[str, Any]) -> Iterator[str]:
    """Where a card is legal, whether it is on Arena, and its dated prices (after a Scryfall import)."""
    legal = card.get("legalities") or {}
    if legal:
        formats = [f for f in _FORMAT_ORDER if legal.get(f) == "legal"]
        yield f"Legal in: {', '.join(f.capitalize() for f in formats) or 'no format I track'}.\n"
    if "on_arena" in card:
        yield "On MTG Arena.\n" if card["on_arena"] else "Not on MTG Arena.\n"
    prices = card.get("prices") or {}
    if prices:
        shown = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in prices.items())
        dated = f" (Scryfall, {card['prices_date']})" if card.get("prices_date") else ""
        yield f"Prices: {shown}{dated}.\n"


def _compare(intent: Intent, facts: dict[str, Any], *, has_deck: bool, rng: random.Random) -> Iterator[str]:
    comp = facts.get("comparison")
    if comp is None:
        yield from _card(intent, facts, has_deck=has_deck, rng=rng)
        yield "\nName a second card and I will put them side by side."
        return
    for card in comp["cards"]:
        cost = f" {card['mana_cost']}" if card.get("mana_cost") else ""
        stats = f", {card['power']}/{card['toughness']}" if card.get("power") is not None else ""
        yield f"- {bold(card['name'])}{cost}: {card['type_line']}{stats}, mana value {card['mana_value']}.\n"
        text = (card.get("oracle_text") or "").strip().replace("\n", " ")
        if text:
            yield f"  {text}\n"
    if comp.get("cheaper"):
        yield f"\n{bold(comp['cheaper'])} is cheaper by {comp['mana_value_difference']}. "
        yield "Which is better depends on your deck; the cheaper one rarely loses."
    else:
        yield "\nSame mana value, so the rules text decides. Read it again."


def _search(intent: Intent, facts: dict[str, Any], *, has_deck: bool, rng: random.Random) -> Iterator[str]:
    result = facts.get("search") or {}
    total, rows = result.get("total", 0), result.get("cards") or []
    if not rows:
        yield f"Nothing in the catalog matches {intent.query!r}."
        return
    yield f"{_plural(total, 'card')} match. The first {len(rows)}:\n"
    for row in rows:
        cost = f" {row['mana_cost']}" if row.get("mana_cost") else ""
        yield f"- {bold(row['name'])}{cost}: {row['type_line']}\n"


def _count(intent: Intent, facts: dict[str, Any], *, has_deck: bool, rng: random.Random) -> Iterator[str]:
    count = facts.get("count")
    if count is None:
        if not facts.get("step_errors"):
            yield from _no_deck(rng)
        return
    where = "sideboard" if count.get("section") == "side" else "main deck"
    if not count.get("understood", True):
        words = " ".join(count.get("unknown_words") or [])
        yield f"I don't know what “{words}” means in a deck, so I won't count something else. "
        yield "I count card types, creature and land types, keywords, mana values, colors, "
        yield "removal, counterspells, card draw, and rules text in quotes. Try one of these:\n"
        for reading in ("how many creatures do I run", "how many one drops do I have",
                        "how many cards that say \"draw a card\""):
            yield f"- {reading}\n"
        return
    if count.get("card"):
        name = count["card"]
        n = count["total"]
        if n:
            yield f"You run {n} {bold(name)} in your {where}."
        else:
            yield f"No {bold(name)} in your {where}."
        return
    if not count.get("what") or count.get("what") == "cards":
        yield f"Your {where} holds {count['total']} cards"
        if count.get("section") == "side":
            yield ":\n" if count.get("cards") else "."
            for row in count.get("cards") or []:
                yield f"- {row['count']} {bold(row['card'])}\n"
        else:
            yield f" ({count['distinct']} different)."
            analysis = facts.get("analysis") or {}
            if analysis.get("lands") is not None and analysis.get("nonland") is not None:
                yield f" {analysis['lands']} lands and {analysis['nonland']} nonland cards."
        return
    what = count["what"]
    yield f"{count['total']} {what} in your {where}"
    rows = count.get("cards") or []
    if not rows:
        yield "."
        return
    yield f", {_plural(count['distinct'], 'different card')}:\n"
    for row in rows[:12]:
        yield f"- {row['count']} {bold(row['card'])}\n"
    if len(rows) > 12:
        yield f"- and {len(rows) - 12} more.\n"


def _judge(name: str, ranked: dict[str, Any]) -> Iterator[str]:
    """One card's place in the cut ranking: core (keep every copy) or how cuttable among the flex."""
    core = next((c for c in ranked.get("core") or [] if c.get("card") == name), None)
    if core is not None:
        yield f"Keep every copy of {bold(name)}: it's what the deck is built on ({core.get('reason', '')}). "
        yield "If something has to go, it isn't this."
        return
    flex = ranked.get("flex") or []
    place = next((i for i, c in enumerate(flex) if c.get("card") == name), None)
    if place is None:
        yield f"{bold(name)} isn't a nonland card of your main deck, so I have no ranking for it."
        return
    row = flex[place]
    where = ("the first card I would cut" if place == 0
             else "among the first I would cut" if place < max(2, len(flex) // 3)
             else "in the middle of what I would cut" if place < 2 * len(flex) // 3
             else "among the last I would cut")
    yield f"{bold(name)} is a flex slot, {where}: {row.get('reason', '')}. "
    if place == 0:
        yield f"Trim it first when you need room; the next in line is {bold(flex[1]['card'])}." if len(flex) > 1 else ""
    else:
        yield f"It earns its place before {bold(flex[0]['card'])} does: cut that first."


def _rank(intent: Intent, facts: dict[str, Any], *, has_deck: bool, rng: random.Random) -> Iterator[str]:
    ranked = facts.get("cuts") or {}
    if "error" in ranked:
        yield f"I could not rank that: {ranked['error']}"
        return
    if intent.what == "swap" and intent.cards:
        target = bold(ranked.get("card") or intent.cards[0])
        cuts = ranked.get("cuts") or []
        if ranked.get("more") == 0:
            yield f"Your list has {ranked.get('have')} copies of {target} already: there is nothing to make room for."
            return
        if not cuts:
            for note in (ranked.get("notes") or [])[:1]:
                yield f"{note} "
            yield f"Nothing outside the deck's core is weak enough to cut for {target}."
            return
        more = ranked.get("more")
        room = f"another {target}" if more == 1 else f"more copies of {target}"
        yield f"To make room for {room}:\n"
        for cut in cuts:
            yield f"- Cut {cut['count']} {bold(cut['card'])}: {cut.get('reason', '')}\n"
        yield "The deck keeps its size."
        return
    flex = ranked.get("flex") or []
    if intent.what == "judge" and intent.cards:
        yield from _judge(intent.cards[0], ranked)
        return
    if intent.what == "best":
        yield "I rank cards by what to cut, not by glory. "
        core = ranked.get("core") or []
        if core:
            yield "What the deck is built on:\n"
            for card in core[:4]:
                yield f"- {bold(card['card'])}: {card.get('reason', '')}\n"
        return
    if not flex:
        yield "Every card here is part of the deck's core; none stands out as weak."
        return
    yield f"Your weakest card, on the numbers: {bold(flex[0]['card'])}. {flex[0].get('reason', '')}\n"
    if len(flex) > 1:
        yield "After it:\n"
        for cut in flex[1:3]:
            yield f"- {bold(cut['card'])}: {cut.get('reason', '')}\n"


def _ordinal(n: int) -> str:
    return {1: "st", 2: "nd", 3: "rd"}.get(n if n < 20 else n % 10, "th")


_STRATEGY_WORDS = {
    "sideboard": "a sideboard plan against another deck",
    "matchup": "how a matchup plays out",
    "meta": "what the meta looks like",
    "mulligan": "whether to keep a particular hand",
    "price": "what cards cost",
    "play": "how to play the deck turn by turn",
}


def _strategy(intent: Intent, facts: dict[str, Any], *, has_deck: bool, rng: random.Random) -> Iterator[str]:
    topic = _STRATEGY_WORDS.get(intent.query or "", "that")
    yield f"You are asking about {topic}. Offline I have no matchup, meta or price data, and I don't guess. "
    yield "What I can do from here:\n"
    options = {
        "sideboard": ["what's in my sideboard", "how many removal spells do I run", "what should I cut"],
        "matchup": ["how many removal spells do I run", "odds I draw any of my removal by turn three", "review my deck"],
        "mulligan": ["odds I mulligan this deck", "chance my opening hand has two or three lands", "what's wrong with my mana"],
        "price": ["review my deck", "what should I cut"],
        "meta": ["what archetype is this deck", "review my deck"],
        "play": ["show me my curve", "odds I draw any of my removal by turn three", "what archetype is this deck"],
    }.get(intent.query or "", ["review my deck", "what can you do"])
    for option in options:
        yield f"- ask “{option}”\n"
    yield "\n" + ENABLE_MODEL


def _clarify(intent: Intent, facts: dict[str, Any], *, has_deck: bool, rng: random.Random) -> Iterator[str]:
    if intent.query and intent.query.startswith("“"):
        yield f"{intent.query}. Which do you mean?\n"
    elif intent.query and intent.query.startswith("I could not"):
        yield f"{intent.query}, and I won't answer a different question. Did you mean:\n"
    else:
        yield "I am not sure what you are asking, and I won't answer a different question. Did you mean:\n"
    for reading in intent.readings[:3]:
        yield f"- {reading}\n"


_WRITERS = {
    "greeting": _greeting, "help": _help, "deck_error": _deck_error, "analyze": _analyze,
    "mana": _mana, "curve": _curve, "suggest": _suggest, "archetype": _archetype, "odds": _odds,
    "legality": _legality, "card": _card, "compare": _compare, "search": _search,
    "count": _count, "rank": _rank, "strategy": _strategy, "clarify": _clarify,
    **MARKET_WRITERS,
}
_WRITERS.update(META_WRITERS)  # meta and matchup answers (agent/offline_meta.py)
CAPABILITIES.extend(META_CAPABILITIES)
