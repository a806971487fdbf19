"""Put resolved entries into a ``Deck``, and name its game format when that is obvious."""

from __future__ import annotations

from dataclasses import replace

from arena.errors import DeckParseError, LineProblem
from arena.models import Deck, DeckEntry, SkippedLine
from arena.parsing.raw import ReadResult
from arena.parsing.sections import Target

_FORMAT_ALIASES = {
    "edh": "commander", "cedh": "commander", "commander": "commander",
    "historic brawl": "historicbrawl", "historic_brawl": "historicbrawl",
    "historicbrawl": "historicbrawl", "brawl": "brawl", "standardbrawl": "brawl",
    "standard brawl": "brawl",
}
_SINGLETON_SIZES = {100: "commander", 60: "brawl"}
MAX_SHOWN = 200  # characters of a bad line quoted back in the error


def assemble(
    read: ReadResult, entries: list[tuple[Target, DeckEntry]], problems: list[LineProblem],
    skipped: list[SkippedLine] | None = None,
) -> Deck:
    """Return the deck, or raise one ``DeckParseError`` listing every problem line."""
    problems = sorted((_shorten(p) for p in [*read.problems, *problems]), key=lambda p: p.line)
    if not problems and not any(t in ("main", "commander") for t, _ in entries):
        problems = [_empty_problem(read, entries)]
    if problems:
        raise DeckParseError(problems, source_format=read.source_format)
    deck = Deck(name=read.name, source_format=read.source_format, skipped=list(skipped or []))
    for target, entry in entries:
        if target == "excluded":
            deck.excluded.append(entry)
        elif target != "about":
            deck.section(target).append(entry)
    if read.blank_line_split:
        _commander_after_blank_line(deck)
    deck.format = _format(deck, read.format_hint)
    return deck


def _shorten(problem: LineProblem) -> LineProblem:
    """Cap the quoted text: a 1 MB line should not become a 1 MB error message."""
    if len(problem.text) <= MAX_SHOWN:
        return problem
    return replace(problem, text=problem.text[:MAX_SHOWN] + "…")


def _empty_problem(read: ReadResult, entries: list[tuple[Target, DeckEntry]]) -> LineProblem:
    if entries:
        where = {t for t, _ in entries}
        return LineProblem(entries[0][1].line, "",
                           f"the main deck is empty (cards only in: {', '.join(sorted(where))})")
    if read.line_count == 0:
        return LineProblem(1, "", "the input is empty")
    noun = "line" if read.line_count == 1 else "lines"
    return LineProblem(1, "", f"no card lines in {read.line_count} {noun} of input")


def _commander_after_blank_line(deck: Deck) -> None:
    """Headerless 99+1 (or 59+1 Brawl): the lone card after the blank line is the commander."""
    if len(deck.side) != 1 or deck.side[0].count != 1 or deck.commander:
        return
    lone = deck.side[0].card
    if lone is None or not _can_command(lone.type_line, lone.oracle_text):
        return
    if deck.main_count + 1 in _SINGLETON_SIZES and _singleton(deck.main):
        deck.commander = deck.side
        deck.side = []


def _can_command(type_line: str, oracle_text: str) -> bool:
    front = type_line.split(" // ")[0]
    legendary_creature = "Legendary" in front and ("Creature" in front or "Planeswalker" in front)
    return legendary_creature or "can be your commander" in oracle_text


def _singleton(entries: list[DeckEntry]) -> bool:
    """True when no card but basics (or "any number" cards) appears twice."""
    seen: dict[str, int] = {}
    for entry in entries:
        seen[entry.resolved_name] = seen.get(entry.resolved_name, 0) + entry.count
    for entry in entries:
        card = entry.card
        if seen.get(entry.resolved_name, 0) <= 1 or card is None:
            continue
        if "Basic" in card.supertypes or "any number of cards named" in card.oracle_text:
            continue
        return False
    return True


def _format(deck: Deck, hint: str | None) -> str | None:
    if hint:
        key = hint.strip().casefold()
        return _FORMAT_ALIASES.get(key, key.replace(" ", ""))
    size = deck.main_count + sum(e.count for e in deck.commander)
    if deck.commander:
        return _SINGLETON_SIZES.get(size, "commander")
    if size == 100 and _singleton(deck.main):
        return "commander"
    return None
