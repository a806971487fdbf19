"""Claims of the counting and card-odds answers (``count_cards``, ``mana_odds`` with cards, a
group or exact opening lands), read and verified like the others: each number bound to the
fact that names it (``facts["count"]``, ``facts["odds_answer"]``)."""

from __future__ import annotations

import re
from typing import Any

from agent.check.claims import NUM, Claim, _decimals
from agent.check.facts import FactView

Outcome = tuple[str, str, str]


def read_questions(clause, low, line, previous, cards, bind, used, claims, text) -> None:  # type: ignore[no-untyped-def]
    """Bind the numbers of count and draw-odds sentences before the general readers see them."""
    for m in re.finditer(r"you see (\d+) cards of (\d+)", low):
        bind("q_seen", m, 1, value=int(m.group(1)))
        bind("q_library", m, 2, value=int(m.group(2)))
    for m in re.finditer(r"exactly ((?:\d+)(?: or \d+)*) lands", low):
        for n in re.finditer(r"\d+", m.group(1)):
            used.add(m.start(1) + n.start())
        claims.append(Claim("q_exact", text, {"counts": [int(n) for n in re.findall(r"\d+", m.group(1))]}))
    if "chance to have" in low or "holds exactly" in low:
        for m in re.finditer(r"(?<![\w.])" + NUM + r"\s?%", low):
            if "in one seven" in low[max(0, m.start() - 20):m.start()]:
                bind("q_single", m, value=float(m.group(1)), decimals=_decimals(m.group(1)))
            else:
                bind("q_prob", m, value=float(m.group(1)), decimals=_decimals(m.group(1)))
        for m in re.finditer(r"\byour (\d+) ", low):
            bind("q_copies", m, value=int(m.group(1)))
        for m in re.finditer(r"at least (\d+) of", low):
            bind("q_need", m, value=int(m.group(1)))
    for m in re.finditer(r"in one seven it is " + NUM + r"\s?%", low):
        if m.start(1) not in used:
            bind("q_single", m, value=float(m.group(1)), decimals=_decimals(m.group(1)))
    for m in re.finditer(r"mulliganing to (\d+)", low):
        bind("q_mull", m, value=int(m.group(1)))
    for m in re.finditer(r"\((\d+) hands\)", low):
        bind("q_looks", m, value=int(m.group(1)))
    # counts
    for m in re.finditer(r"^(\d+) [^.;]*? in your (?:main deck|sideboard)", low):
        bind("q_total", m, value=int(m.group(1)))
    for m in re.finditer(r"\byou run (\d+) ⟦|\bholds (\d+) cards", low):
        g = 1 if m.group(1) else 2
        bind("q_total", m, g, value=int(m.group(g)))
    for m in re.finditer(r"\(?(\d+) different(?: cards?)?\b", low):
        bind("q_distinct", m, value=int(m.group(1)))
    for m in re.finditer(r"^\s*-\s*(\d+) ⟦(\d+)⟧", clause):
        if m.start(1) in used:
            continue  # a price or craft row (agent.check.market)
        card = cards[0][2] if cards else None
        bind("q_row", m, value=int(m.group(1)), card=card.name if card else None)
    for m in re.finditer(r"(\d+) nonland cards", low):
        bind("q_nonland", m, value=int(m.group(1)))


def _count(view: FactView) -> dict[str, Any]:
    value = view.facts.get("count")
    return value if isinstance(value, dict) else {}


def _same(claim: Claim, fact: Any, path: str, what: str) -> Outcome:
    if fact is None:
        return "unverifiable", f"no {what} in the facts", ""
    value = claim.args["value"]
    if abs(float(value) - float(fact)) < 1e-9:
        return "verified", "", path
    return "wrong", f"{what} is {fact:g}, not {value:g}" if isinstance(fact, float) else f"{what} is {fact}, not {value}", path


def _percent(claim: Claim, fact: Any, path: str, what: str) -> Outcome:
    from agent.check.verify import close

    if not isinstance(fact, int | float):
        return "unverifiable", f"no {what} in the facts", ""
    if close(claim.args["value"], claim.args["decimals"], float(fact), percent=True):
        return "verified", "", path
    return "wrong", f"{what} is {float(fact) * 100:.1f}%, not {claim.args['value']:g}%", path


def verify_question(claim: Claim, view: FactView) -> Outcome:
    """Check one count or draw-odds claim against its fact."""
    odds, count, kind = view.odds_answer, _count(view), claim.kind
    if kind == "q_seen":
        return _same(claim, odds.get("cards_seen"), "odds_answer.cards_seen", "the cards seen")
    if kind == "q_library":
        return _same(claim, odds.get("library"), "odds_answer.library", "the library")
    if kind == "q_exact":
        fact = odds.get("exactly_lands")
        ok = fact is not None and sorted(fact) == sorted(claim.args["counts"])
        return ("verified", "", "odds_answer.exactly_lands") if ok else \
            ("wrong" if fact is not None else "unverifiable", f"the odds are for exactly {fact} lands", "odds_answer.exactly_lands")
    if kind == "q_prob":
        return _percent(claim, odds.get("probability"), "odds_answer.probability", "the chance")
    if kind == "q_single":
        return _percent(claim, odds.get("single_hand"), "odds_answer.single_hand", "the chance in one seven")
    if kind == "q_copies":
        copies = [g.get("copies") for g in odds.get("groups") or []]
        ok = claim.args["value"] in copies
        return ("verified", "", "odds_answer.groups.copies") if ok else \
            ("wrong" if copies else "unverifiable", f"the copies counted are {copies}", "odds_answer.groups")
    if kind == "q_need":
        needs = [g.get("need") for g in odds.get("groups") or []]
        ok = claim.args["value"] in needs
        return ("verified", "", "odds_answer.groups.need") if ok else ("wrong", f"the copies wanted are {needs}", "odds_answer.groups")
    if kind == "q_mull":
        return _same(claim, odds.get("mulligan_to"), "odds_answer.mulligan_to", "the mulligan")
    if kind == "q_looks":
        return _same(claim, odds.get("looks"), "odds_answer.looks", "the hands looked at")
    if kind == "q_total":
        return _same(claim, count.get("total"), "count.total", "the count")
    if kind == "q_distinct":
        return _same(claim, count.get("distinct"), "count.distinct", "the different cards")
    if kind == "q_row":
        rows = {r.get("card"): r.get("count") for r in count.get("cards") or []}
        return _same(claim, rows.get(claim.args.get("card")), "count.cards", f"the copies of {claim.args.get('card')}")
    if kind == "q_nonland":
        return _same(claim, view.analysis.get("nonland"), "analysis.nonland", "the nonland cards")
    return "unverifiable", "unknown claim", ""


KINDS = ("q_seen", "q_library", "q_exact", "q_prob", "q_single", "q_copies", "q_need", "q_mull", "q_looks",
         "q_total", "q_distinct", "q_row", "q_nonland")
