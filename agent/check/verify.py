"""Check each bound claim against the one fact it names.

Rounding tolerance, stated once: a percentage or an average may differ from the fact by half
a unit of its last written digit (45% covers 44.5–45.5%, 45.3% covers 45.25–45.35%), plus
0.005 of a point because the facts themselves are stored rounded (odds to 4 decimals, so a
writer rounding 0.5525 to 55.3% is right although the exact odds are 55.249%). Counts are
exact. A claim whose fact is not in this turn's facts is unverifiable, never verified.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from agent.check.claims import Claim
from agent.check.facts import FactView, letters
from agent.check.vocab import COLOR_WORDS, identity_name
from arena.models import Card

Outcome = tuple[str, str, str]
STORED_SLACK = 0.005  # (status, reason, fact)
_NAMES = {v: k for k, v in COLOR_WORDS.items()}


def close(written: float, decimals: int, fact: float, *, percent: bool = False) -> bool:
    """True when ``written`` is ``fact`` rounded to the digits written (the one tolerance rule)."""
    value = fact * 100 if percent else fact
    return abs(value - written) <= 0.5 * 10 ** (-decimals) + STORED_SLACK


def pct(p: float) -> str:
    return f"{p * 100:.1f}%"


def _ok(fact: str, reason: str = "") -> Outcome:
    return "verified", reason, fact


def _wrong(fact: str, reason: str) -> Outcome:
    return "wrong", reason, fact


def _unknown(reason: str) -> Outcome:
    return "unverifiable", reason, ""


def _equal(claim: Claim, fact: float | None, path: str, what: str) -> Outcome:
    if fact is None:
        return _unknown(f"no {what} in the facts")
    value = claim.args["value"]
    if "decimals" in claim.args:
        good = close(value, claim.args["decimals"], fact)
    else:
        good = abs(value - fact) < 1e-9
    if good:
        return _ok(path)
    return _wrong(path, f"{what} is {fact:g}, not {value:g}")


# ---- odds ------------------------------------------------------------------------------------


def verify_odds(claim: Claim, view: FactView) -> Outcome:
    a = claim.args
    value, decimals, what = a["value"], a["decimals"], a.get("what")
    if what == "keep":
        fact = view.opening.get("keepable")
        if fact is None:
            return _unknown("no opening-hand odds in the facts")
        return _ok("opening_hands.keepable") if close(value, decimals, fact, percent=True) else \
            _wrong("opening_hands.keepable", f"you keep seven {pct(fact)} of the time, not {value:g}%")
    if what == "six":
        fact = (view.opening.get("kept_at") or {}).get("6")
        if fact is None:
            return _unknown("no mulligan-to-six odds in the facts")
        return _ok("opening_hands.kept_at.6") if close(value, decimals, fact, percent=True) else \
            _wrong("opening_hands.kept_at.6", f"going to six is {pct(fact)}, not {value:g}%")
    if what == "curve":
        card: Card | None = a.get("card")
        fact = view.on_curve(card.name) if card else None
        if fact is None:
            return _unknown("no on-curve odds for that card in the facts")
        return _ok("cast_on_curve") if close(value, decimals, fact, percent=True) else \
            _wrong("cast_on_curve", f"{card.name if card else 'it'} is cast on curve {pct(fact)} of the time, not {value:g}%")
    answer = view.odds_answer
    if answer.get("kind") in ("draw", "opening_lands"):
        options = [float(answer[k]) for k in ("probability", "single_hand") if isinstance(answer.get(k), int | float)]
        if any(close(value, decimals, p, percent=True) for p in options):
            return _ok("odds_answer.probability")
        if what != "lands" or "land" not in claim.text.lower():
            return _wrong("odds_answer.probability", f"the odds are {pct(options[0]) if options else 'unknown'}, not {value:g}%")
    if what != "lands":
        return _unknown(f"{value:g}% is not tied to a turn, a keep or a card")
    turn = int(a["turn"])
    want = int(a.get("want", turn))
    odds = view.odds_answer
    stated_lands, stated_size = a.get("lands"), a.get("deck_size")
    if stated_lands is None and odds.get("source") not in (None, "deck") and "lands" in odds:
        stated_lands, stated_size = odds.get("lands"), odds.get("deck_size")
    sides = [a["side"] == "play"] if a.get("side") else [True, False]
    for on_play in sides:
        fact = view.land_probability(want, turn, on_play, lands=stated_lands, deck_size=stated_size)
        if fact is None:
            return _unknown("no land count to compute the odds from")
        if close(value, decimals, fact, percent=True):
            side = "play" if on_play else "draw"
            return _ok(f"odds: at least {want} lands by turn {turn} on the {side}")
    on_play = sides[0]
    fact = view.land_probability(want, turn, on_play, lands=stated_lands, deck_size=stated_size) or 0.0
    other = view.land_probability(want, turn, not on_play, lands=stated_lands, deck_size=stated_size)
    side, other_side = ("play", "draw") if on_play else ("draw", "play")
    path = f"odds: at least {want} lands by turn {turn} on the {side}"
    if a.get("side") and other is not None and close(value, decimals, other, percent=True):
        return _wrong(path, f"{value:g}% is the figure on the {other_side}; on the {side} it is {pct(fact)}")
    return _wrong(path, f"at least {want} lands by turn {turn} on the {side} is {pct(fact)}, not {value:g}%")


def verify_odds_deck(claim: Claim, view: FactView) -> Outcome:
    a = claim.args
    odds = view.odds_answer
    if odds.get("source") not in (None, "deck") and "lands" in odds:
        lands, size = odds.get("lands"), odds.get("deck_size", odds.get("library"))
        path = "odds_answer"
    elif odds.get("kind") == "opening_lands" and "lands" in odds:
        lands, size = odds.get("lands"), odds.get("library")
        path = "odds_answer"
    else:
        lands, size = view.number("lands"), view.library_size
        path = "analysis.lands"
    if lands is None or size is None:
        return _unknown("no land count in the facts")
    counts = {int(lands), int(lands) + int(odds.get("spell_lands") or 0)}  # with spell//lands as lands too
    if a["lands"] in counts and int(size) == a["deck_size"]:
        return _ok(path)
    return _wrong(path, f"the odds are for {int(lands)} lands in {int(size)} cards, not {a['lands']} in {a['deck_size']}")


def verify_cards_seen(claim: Claim, view: FactView) -> Outcome:
    odds = view.odds_answer
    if "cards_seen" in odds:
        return _equal(claim, float(odds["cards_seen"]), "odds_answer.cards_seen", "the cards seen")
    turn, side = claim.args.get("turn"), claim.args.get("side")
    if turn:
        return _equal(claim, float(view.seen(int(turn), side != "draw")), "odds: cards seen", f"the cards seen by turn {turn}")
    return _unknown("no cards-seen count in the facts")


# ---- lands -----------------------------------------------------------------------------------


def verify_lands(claim: Claim, view: FactView) -> Outcome:
    lands = view.number("lands")
    if lands is None:
        return _unknown("no land count in the facts")
    value = claim.args["value"]
    effective = view.land_check.get("effective")
    if value == lands or (effective is not None and abs(float(effective) - value) < 1e-9):
        return _ok("analysis.lands")
    if view.land_check.get("recommended") == value and "curve" in claim.text.lower():
        return _ok("land_check.recommended")
    return _wrong("analysis.lands", f"the deck runs {lands:g} lands, not {value}")


def verify_lands_recommended(claim: Claim, view: FactView) -> Outcome:
    rec = view.land_check.get("recommended")
    return _equal(claim, float(rec) if rec is not None else None, "land_check.recommended", "the recommended land count")


def verify_lands_effective(claim: Claim, view: FactView) -> Outcome:
    eff = view.land_check.get("effective")
    return _equal(claim, float(eff) if eff is not None else None, "land_check.effective", "the land count with spell//lands")


def verify_lands_change(claim: Claim, view: FactView) -> Outcome:
    check = view.land_check
    direction = check.get("direction")
    if direction not in ("add", "cut", "keep"):
        return _unknown("no land recommendation in the facts")
    said, count = claim.args["direction"], claim.args["count"]
    if direction == "keep":
        return _wrong("land_check.direction", f"the land count is close enough; the facts say keep, not {said} {count}")
    if said != direction:
        return _wrong("land_check.direction", f"the facts say {direction} {check.get('difference')} lands, not {said}")
    if check.get("difference") != count:
        return _wrong("land_check.difference", f"the facts say {direction} {check.get('difference')}, not {count}")
    return _ok("land_check")


def verify_avg_lands(claim: Claim, view: FactView) -> Outcome:
    fact = view.opening.get("avg_lands")
    return _equal(claim, float(fact) if fact is not None else None, "opening_hands.avg_lands", "the average lands in the opener")


# ---- deck and curve --------------------------------------------------------------------------


def verify_deck_size(claim: Claim, view: FactView) -> Outcome:
    value = claim.args["value"]
    sizes = {n for k in ("main_count", "deck_size", "library_size") if (n := view.number(k)) is not None}
    odds = view.odds_answer
    if odds.get("deck_size") is not None:
        sizes.add(float(odds["deck_size"]))
    if not sizes:
        return _unknown("no deck size in the facts")
    if value in sizes:
        return _ok("analysis.main_count")
    return _wrong("analysis.main_count", f"the deck has {min(sizes):g} cards, not {value}")


def _curve(view: FactView) -> dict[str, int]:
    curve = view.analysis.get("curve") or {}
    return {k: int(v) for k, v in curve.items() if isinstance(v, int | float) and not isinstance(v, bool)}


def _mv(key: str) -> int:
    return 7 if key.startswith("7") else int(key) if key.isdigit() else 99


def verify_curve_at(claim: Claim, view: FactView) -> Outcome:
    curve = _curve(view)
    if not curve:
        return _unknown("no curve in the facts")
    mv = claim.args["mv"]
    if mv == "x":
        return _equal(claim, float(sum((view.analysis.get("curve") or {}).get("X", {}).values() or [0])), "analysis.curve.X", "the X spells")
    key = mv if mv in curve else ("7+" if _mv(mv) >= 7 else mv)
    return _equal(claim, float(curve[key]) if key in curve else None, f"analysis.curve.{key}", f"the count at mana value {key}")


def verify_curve_range(claim: Claim, view: FactView) -> Outcome:
    curve = _curve(view)
    if not curve:
        return _unknown("no curve in the facts")
    mv, above = claim.args["mv"], claim.args["above"]
    total = sum(v for k, v in curve.items() if (_mv(k) >= mv if above else _mv(k) <= mv))
    return _equal(claim, float(total), "analysis.curve", f"the cards at mana value {mv} or {'more' if above else 'less'}")


def verify_curve_peak(claim: Claim, view: FactView) -> Outcome:
    curve = _curve(view)
    if not curve:
        return _unknown("no curve in the facts")
    top = max(curve.values())
    peaks = [k for k, v in curve.items() if v == top]
    return _ok("analysis.curve") if claim.args["mv"] in peaks else _wrong("analysis.curve", f"the curve peaks at {peaks[0]}, not {claim.args['mv']}")


def verify_average_mv(claim: Claim, view: FactView) -> Outcome:
    return _equal(claim, view.number("average_mv"), "analysis.average_mv", "the average mana value")


def verify_x_spells(claim: Claim, view: FactView) -> Outcome:
    x = (view.analysis.get("curve") or {}).get("X") or {}
    total = sum(int(v) for v in x.values()) if isinstance(x, dict) else 0
    return _equal(claim, float(total), "analysis.curve.X", "the X spells")


# ---- colors ----------------------------------------------------------------------------------


def verify_sources(claim: Claim, view: FactView) -> Outcome:
    color, value = claim.args["color"], claim.args["value"]
    key = "untapped_sources" if claim.args.get("untapped") else "sources"
    if len(color) != 1:
        return _unknown("sources of several colors together are not a single fact")
    fact = view.number(key, color)
    if fact is None:
        return _unknown(f"no {key.replace('_', ' ')} in the facts")
    # Karsten's count for a color may differ from the raw count (one-drops count untapped
    # lands only; some lands count late): the requirement rows of that color say so.
    counted = {int(r.get("have") or 0) for r in view.requirements if letters(r.get("color")) == color}
    if fact == value or (key == "sources" and value in counted):
        return _ok(f"analysis.{key}.{color}")
    return _wrong(f"analysis.{key}.{color}", f"the deck has {fact:g} {_NAMES[color]} {'untapped ' if key != 'sources' else ''}sources, not {value}")


def _requirement(claim: Claim, view: FactView) -> tuple[dict[str, Any] | None, str]:
    card: Card | None = claim.args.get("card")
    if card is None:
        return None, "the card is not in the catalog"
    row = view.requirement(card.name, claim.args.get("color"))
    return row, "" if row else f"no Karsten requirement for {card.name} in the facts"


def verify_needed(claim: Claim, view: FactView) -> Outcome:
    row, why = _requirement(claim, view)
    if row is None:
        return _unknown(why)
    return _equal(claim, float(row.get("needed") or 0), f"requirements[{row.get('card')}].needed", f"what {row.get('card')} needs")


def verify_have(claim: Claim, view: FactView) -> Outcome:
    row, why = _requirement(claim, view)
    if row is None:
        return _unknown(why)
    value = claim.args["value"]
    options = {int(row.get("have") or 0), int(view.number("sources", str(row.get("color"))) or -1)}
    if value in options:
        return _ok(f"requirements[{row.get('card')}].have")
    return _wrong(f"requirements[{row.get('card')}].have", f"the deck has {row.get('have')} of those sources, not {value}")


def verify_untapped(claim: Claim, view: FactView) -> Outcome:
    color = claim.args.get("color")
    if not color:
        return _unknown("no color named")
    untapped, total = view.number("untapped_sources", color), view.number("sources", color)
    if untapped is None or total is None:
        return _unknown("no untapped source counts in the facts")
    if (untapped, total) == (claim.args["untapped"], claim.args["all"]):
        return _ok(f"analysis.untapped_sources.{color}")
    return _wrong(f"analysis.untapped_sources.{color}", f"{untapped:g} of the {total:g} {_NAMES[color]} sources enter untapped")


def verify_shortfall(claim: Claim, view: FactView) -> Outcome:
    card: Card | None = claim.args.get("card")
    color = claim.args.get("color")
    if card is not None:
        row = view.requirement(card.name, color)
        if row is not None:
            return _equal(claim, float(row.get("shortfall") or 0), f"requirements[{card.name}].shortfall", f"{card.name}'s shortfall")
    if color:
        if not view.requirements:
            return _unknown("no requirements in the facts")
        return _equal(claim, float(view.worst_shortfall(color)), f"shortfall.{color}", f"{_NAMES.get(color, color)}'s worst shortfall")
    if view.land_check.get("direction") == "add":
        return _equal(claim, float(view.land_check.get("difference") or 0), "land_check.difference", "the lands short")
    return _unknown("no color or card to bind the shortfall to")


def verify_color_state(claim: Claim, view: FactView) -> Outcome:
    if not view.requirements:
        return _unknown("no requirements in the facts")
    color, short = claim.args["color"], claim.args["short"]
    worst = view.worst_shortfall(color)
    name = " or ".join(_NAMES.get(c, c) for c in color)
    if (worst > 0) == short:
        return _ok(f"shortfall.{color}")
    return _wrong(f"shortfall.{color}", f"{name} is {'short by ' + str(worst) if worst else 'not short'} on Karsten's numbers")


def verify_all_fine(claim: Claim, view: FactView) -> Outcome:
    if not view.requirements:
        return _unknown("no requirements in the facts")
    short = sorted({letters(r.get("color")) for r in view.requirements if int(r.get("shortfall") or 0) > 0})
    if not short:
        return _ok("requirements")
    return _wrong("requirements", "short on Karsten's numbers: " + ", ".join(" or ".join(_NAMES.get(c, c) for c in s) for s in short))


def verify_identity(claim: Claim, view: FactView) -> Outcome:
    colors = view.deck_colors
    if colors is None:
        return _unknown("no deck colors in the facts")
    arche = view.analysis.get("archetype") or {}
    accepted = {colors, "".join(c for c in "WUBRG" if c in str(arche.get("colors") or ""))}
    if claim.args["colors"] in accepted:
        return _ok("analysis.colors")
    return _wrong("analysis.colors", f"the deck is {identity_name(colors)} ({colors or 'colorless'}), not {claim.args['written']}")


# ---- cards and changes -----------------------------------------------------------------------


def verify_card(claim: Claim, view: FactView) -> Outcome:
    card: Card | None = claim.args["card"]
    if card is not None:
        return _ok("catalog", f"{card.name} is a card")
    if claim.args.get("marked"):
        return _wrong("catalog", f"{claim.text!r} is not a card in the catalog")
    return _unknown(f"{claim.text!r} looks like a card name, but no card has it")


def verify_change(claim: Claim, view: FactView, names: list[tuple[str, Card | None, bool]]) -> Outcome:
    written, card, _ = names[claim.args["index"]]
    direction, count = claim.args["direction"], claim.args["count"]
    if card is None:
        return _wrong("catalog", f"{written!r} is not a card in the catalog, so it cannot be {'cut' if direction == 'cut' else 'added'}")
    suggested = view.suggestion(card.name)
    owned = view.copies_of(card.name)
    if direction == "cut":
        if view.knows_copies and owned == 0:
            return _wrong("deck", f"{card.name} is not in the deck")
        if count is not None and view.knows_copies and count > owned:
            return _wrong("deck", f"the deck has {owned} {card.name}, so it cannot cut {count}")
        if suggested and suggested[0] == "add":
            return _wrong("suggestions", f"the suggestions add {card.name}, they do not cut it")
        if suggested and count is not None and suggested[1] not in (None, count):
            return _wrong("suggestions", f"the suggestions cut {suggested[1]} {card.name}, not {count}")
        return _ok("suggestions" if suggested else "deck")
    if suggested and suggested[0] == "cut" and claim.args.get("verb") not in ("play", "run"):
        return _wrong("suggestions", f"the suggestions cut {card.name}, they do not add it")
    if suggested and count is not None and suggested[1] not in (None, count):
        return _wrong("suggestions", f"the suggestions add {suggested[1]} {card.name}, not {count}")
    if owned and not suggested:
        return _ok("deck", f"{card.name} is already in the deck")
    fits = view.fits_colors(card)
    if fits is False:
        return _wrong("analysis.colors", f"{card.name} ({card.mana_cost or ''.join(card.color_identity)}) is outside the deck's colors ({view.deck_colors or 'colorless'})")
    status = view.legal_status(card)
    if status is not None and status != "legal":
        return _wrong(f"legalities.{view.fmt}", f"{card.name} is {status.replace('_', ' ')} in {view.fmt}")
    return _ok("suggestions" if suggested else "analysis.colors")


def verify_card_mv(claim: Claim, view: FactView) -> Outcome:
    card: Card | None = claim.args["card"]
    if card is None:
        return _unknown("not a card")
    return _equal(claim, float(card.mana_value), f"cards[{card.name}].mana_value", f"{card.name}'s mana value")


def verify_pt(claim: Claim, view: FactView) -> Outcome:
    card: Card | None = claim.args["card"]
    if card is None or card.power is None:
        return _unknown("no power and toughness for that card")
    if (claim.args["power"], claim.args["toughness"]) == (card.power, card.toughness):
        return _ok(f"cards[{card.name}].power")
    return _wrong(f"cards[{card.name}].power", f"{card.name} is {card.power}/{card.toughness}")


def verify_loyalty(claim: Claim, view: FactView) -> Outcome:
    card: Card | None = claim.args["card"]
    if card is None or card.loyalty is None or not str(card.loyalty).isdigit():
        return _unknown("no loyalty for that card")
    return _equal(claim, float(card.loyalty), f"cards[{card.name}].loyalty", f"{card.name}'s loyalty")


def verify_cheaper(claim: Claim, view: FactView) -> Outcome:
    comp = view.facts.get("comparison") or {}
    diff = comp.get("mana_value_difference")
    return _equal(claim, float(diff) if diff is not None else None, "comparison.mana_value_difference", "the mana value difference")


def _legal_word(status: str) -> str:
    status = status.lower()
    return "not_legal" if status in ("not legal", "illegal") else status


def verify_card_legality(claim: Claim, view: FactView) -> Outcome:
    card: Card | None = claim.args["card"]
    if card is None:
        return _unknown("not a card")
    said = _legal_word(claim.args["status"])
    for fmt in claim.args["formats"]:
        actual = card.legalities.get(fmt) if card.legalities else None
        if actual is None:
            if said == "unknown":
                continue
            return _unknown(f"the catalog has no {fmt} legality for {card.name}")
        if actual != said and not (said == "not_legal" and actual == "banned"):
            return _wrong(f"cards[{card.name}].legalities.{fmt}", f"{card.name} is {actual.replace('_', ' ')} in {fmt}")
    return _ok(f"cards[{card.name}].legalities")


def verify_deck_legality(claim: Claim, view: FactView) -> Outcome:
    fmt, said = claim.args["format"], _legal_word(claim.args["status"])
    check = view.facts.get("legality_check") or {}
    status: Any = None
    if check.get("format") == fmt:
        status = check.get("deck")
    elif isinstance(check.get("deck"), dict) and fmt in check["deck"]:
        status = check["deck"][fmt]
    if status is None:
        status = (view.analysis.get("legality") or {}).get(fmt)
    if isinstance(status, dict):
        status = status.get("status")
    if status is None:
        return _unknown(f"no {fmt} legality for the deck in the facts")
    if str(status) == said:
        return _ok(f"legality.{fmt}")
    return _wrong(f"legality.{fmt}", f"the deck is {str(status).replace('_', ' ')} in {fmt}")


# ---- searches and deck errors ----------------------------------------------------------------


def verify_search_total(claim: Claim, view: FactView) -> Outcome:
    total = (view.facts.get("search") or {}).get("total")
    return _equal(claim, float(total) if total is not None else None, "search.total", "the number of matches")


def verify_search_shown(claim: Claim, view: FactView) -> Outcome:
    rows = (view.facts.get("search") or {}).get("cards")
    if rows is None:
        return verify_deck_size(claim, view) if view.has_deck else _unknown("no search in the facts")
    return _equal(claim, float(len(rows)), "search.cards", "the cards shown")


def _problems(view: FactView) -> list[dict[str, Any]] | None:
    err = view.facts.get("deck_error")
    return list(err.get("problems") or []) if isinstance(err, dict) else None


def verify_problem_count(claim: Claim, view: FactView) -> Outcome:
    problems = _problems(view)
    return _equal(claim, float(len(problems)) if problems is not None else None, "deck_error.problems", "the lines with problems")


def verify_problem_line(claim: Claim, view: FactView) -> Outcome:
    problems = _problems(view)
    if problems is None:
        return _unknown("no deck problems in the facts")
    lines = {int(p.get("line", -1)) for p in problems}
    if claim.args["value"] in lines:
        return _ok("deck_error.problems")
    return _wrong("deck_error.problems", f"line {claim.args['value']} is not among the problem lines")


def verify_problem_more(claim: Claim, view: FactView) -> Outcome:
    problems = _problems(view)
    return _equal(claim, float(len(problems) - 12) if problems is not None else None, "deck_error.problems", "the further problems")


# ---- the question's own answer: copies, counts, draw odds ---------------------------------


def _count_rows(view: FactView) -> dict[str, int]:
    rows: dict[str, int] = {}
    count = view.facts.get("count")
    if isinstance(count, dict):
        for row in count.get("cards") or []:
            if isinstance(row, dict) and "card" in row:
                rows[str(row["card"]).lower()] = int(row.get("count") or 0)
    for group in view.odds_answer.get("groups") or []:
        if isinstance(group, dict) and len(group.get("cards") or []) == 1:
            rows.setdefault(str(group["cards"][0]).lower(), int(group.get("copies") or 0))
    return rows


def verify_copies(claim: Claim, view: FactView) -> Outcome:
    card: Card | None = claim.args.get("card")
    if card is None:
        return _unknown("not a card the catalog knows")
    value = claim.args["value"]
    rows = _count_rows(view)
    if rows.get(card.name.lower()) == value:
        return _ok("count.cards")
    count = view.facts.get("count")
    if isinstance(count, dict) and count.get("card") and str(count["card"]).lower() == card.name.lower():
        return _equal(claim, float(count.get("total") or 0), "count.total", f"the copies of {card.name}")
    suggested = view.suggestion(card.name)
    if suggested and suggested[1] == value:
        return _ok("suggestions")
    if not view.knows_copies:
        return _unknown("the deck's list is not known")
    owned = view.copies_of(card.name)
    if owned == value:
        return _ok("deck")
    return _wrong("deck", f"the deck has {owned} {card.name}, not {value}")


def verify_library(claim: Claim, view: FactView) -> Outcome:
    odds = view.odds_answer
    sizes = {float(odds[k]) for k in ("library", "deck_size") if isinstance(odds.get(k), int | float)}
    sizes |= {n for k in ("main_count", "library_size") if (n := view.number(k)) is not None}
    if not sizes:
        return _unknown("no deck size in the facts")
    return _ok("odds_answer.library") if claim.args["value"] in sizes else \
        _wrong("odds_answer.library", f"the library has {min(sizes):g} cards, not {claim.args['value']}")


def verify_exact_lands(claim: Claim, view: FactView) -> Outcome:
    wanted = view.odds_answer.get("exactly_lands")
    if not isinstance(wanted, list):
        return _unknown("no exact land counts in the facts")
    if sorted(int(n) for n in wanted) == sorted(claim.args["values"]):
        return _ok("odds_answer.exactly_lands")
    return _wrong("odds_answer.exactly_lands", f"the odds are for exactly {' or '.join(str(n) for n in wanted)} lands")


def verify_answer_number(claim: Claim, view: FactView) -> Outcome:
    key, value = claim.args["key"], claim.args["value"]
    odds, count = view.odds_answer, view.facts.get("count") or {}
    if key == "need":
        needs = {int(g.get("need") or 1) for g in odds.get("groups") or [] if isinstance(g, dict)}
        if not needs:
            return _unknown("no group of cards in the facts")
        return _ok("odds_answer.groups") if value in needs else _wrong("odds_answer.groups", f"the odds are for {min(needs)} of them, not {value}")
    if key == "group_copies":
        options = {int(g.get("copies") or 0) for g in odds.get("groups") or [] if isinstance(g, dict)}
        if isinstance(count, dict) and count.get("total") is not None:
            options.add(int(count["total"]))
        if not options:
            return _unknown("no group of cards in the facts")
        return _ok("odds_answer.groups") if value in options else _wrong("odds_answer.groups", f"the deck has {min(options)} of them, not {value}")
    for source, path in ((odds, "odds_answer"), (count, "count")):
        if isinstance(source, dict) and isinstance(source.get(key), int | float):
            return _equal(claim, float(source[key]), f"{path}.{key}", key.replace("_", " "))
    return _unknown(f"no {key.replace('_', ' ')} in the facts")


def verify_nonland(claim: Claim, view: FactView) -> Outcome:
    return _equal(claim, view.number("nonland"), "analysis.nonland", "the nonland count")


def verify_options(claim: Claim, view: FactView) -> Outcome:
    return _equal(claim, float(claim.args.get("listed", -1)), "the cards listed", "the cards listed")


def verify_count_total(claim: Claim, view: FactView) -> Outcome:
    count = view.facts.get("count")
    if claim.args.get("what") == "cards" and not isinstance(count, dict):
        key = "side_count" if claim.args.get("side") else "main_count"
        return _equal(claim, view.number(key), f"analysis.{key}", "the cards in the " + ("sideboard" if claim.args.get("side") else "main deck"))
    if isinstance(count, dict) and count.get("total") is not None:
        return _equal(claim, float(count["total"]), "count.total", f"the count of {count.get('what') or 'cards'}")
    return _unknown(f"no count of {claim.args.get('what', 'those').strip()} in the facts")


def verify_number(claim: Claim, view: FactView) -> Outcome:
    """A number next to a card name may restate the card's rules text ("deals 3 damage")."""
    written, after = claim.args.get("written", ""), claim.args.get("after", "")
    if after and not written.endswith("%"):
        phrase = re.compile(rf"(?<![\w.]){re.escape(written)}\s+{re.escape(after)}", re.I)
        for card in claim.args.get("cards") or []:
            if phrase.search(card.oracle_text or ""):
                return _ok(f"cards[{card.name}].oracle_text", f"{card.name}'s rules text says {written} {after}")
    return _unknown(claim.reason or "no fact to bind this number to")


def verify_swap_total(claim: Claim, view: FactView) -> Outcome:
    """A swap's size or land total before/after, against the suggestions it summarizes."""
    key = claim.args["key"]
    value = (view.facts.get("suggestions") or {}).get(key)
    return _equal(claim, float(value) if isinstance(value, int | float) else None, f"suggestions.{key}",
                  key.replace("_", " "))


VERIFIERS: dict[str, Callable[[Claim, FactView], Outcome]] = {
    "swap_total": verify_swap_total,
    "odds": verify_odds, "odds_deck": verify_odds_deck, "cards_seen": verify_cards_seen,
    "lands": verify_lands, "lands_recommended": verify_lands_recommended, "lands_effective": verify_lands_effective,
    "lands_change": verify_lands_change, "avg_lands": verify_avg_lands, "deck_size": verify_deck_size,
    "curve_at": verify_curve_at, "curve_range": verify_curve_range, "curve_peak": verify_curve_peak,
    "average_mv": verify_average_mv, "x_spells": verify_x_spells, "sources": verify_sources,
    "needed": verify_needed, "have": verify_have, "untapped": verify_untapped, "shortfall": verify_shortfall,
    "color_state": verify_color_state, "all_colors_fine": verify_all_fine, "identity": verify_identity,
    "card": verify_card, "card_mv": verify_card_mv, "power_toughness": verify_pt, "loyalty": verify_loyalty,
    "cheaper": verify_cheaper, "card_legality": verify_card_legality, "deck_legality": verify_deck_legality,
    "search_total": verify_search_total, "search_shown": verify_search_shown,
    "problem_count": verify_problem_count, "problem_line": verify_problem_line, "problem_more": verify_problem_more,
    "number": verify_number, "copies": verify_copies, "library": verify_library, "exact_lands": verify_exact_lands,
    "answer_number": verify_answer_number, "nonland": verify_nonland, "count_total": verify_count_total, "options": verify_options,
}


def verify(claim: Claim, view: FactView, names: list[tuple[str, Card | None, bool]]) -> Claim:
    """Set the claim's status, reason and fact; returns the same claim."""
    if claim.status == "verified" and claim.kind == "quote":
        return claim
    if claim.kind == "change":
        outcome = verify_change(claim, view, names)
    elif claim.kind.startswith("m_"):
        from agent.check.market import verify_market

        outcome = verify_market(claim, view)
    elif claim.kind.startswith("q_"):
        from agent.check.questions import verify_question

        outcome = verify_question(claim, view)
    else:
        outcome = VERIFIERS[claim.kind](claim, view)
    claim.status, reason, claim.fact = outcome
    claim.reason = reason or claim.reason
    return claim
