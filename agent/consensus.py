"""Deterministic checks of a draft against the facts it claims to be built from.

Three checks, each returning plain-English notes (empty when it passes):

- numbers: every number in the draft is a fact, allowing the forms a writer uses
  (0.4532 may read 45.3%, 45% or 0.45); list numbering, bold card names and mana
  symbols like ``{2}{R}`` are not claims and are skipped;
- cards: every **bold** (or Title-Case quoted) name is a card the catalog knows;
- additions: a card the draft tells the player to add is inside the deck's colors,
  and legal in the deck's format when the catalog knows its legality.
"""

from __future__ import annotations

import functools
import math
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from agent.meta_check import unsourced_meta_figures
from arena.models import Card


class CardLookup(Protocol):
    def get(self, name: str) -> Card | None: ...


_BOLD = re.compile(r"\*\*(.+?)\*\*")
_QUOTED = re.compile(r"[\"“]([A-Z][^\"“”\n]{2,60})[\"”]")
_MANA = re.compile(r"\{[^}]*\}")
_CODE = re.compile(r"`[^`\n]*`")
_LIST_NUMBER = re.compile(r"(?m)^\s*\d+[.)]\s")
_NUMBER = re.compile(r"(?<![\w.])[-−]?(\d+(?:,\d{3})*(?:\.\d+)?)(\s?%)?")
_NUMBER_IN_TEXT = re.compile(r"\d+(?:\.\d+)?")
_DIGIT = re.compile(r"\d")
_ADD_TRIGGER = re.compile(r"\b(add|adding|bring in|slot in|include|swap in|put in|play more|replace\b.*?\bwith|in favou?r of)\b", re.I)
_CUT_FOR = re.compile(r"\bcut\b.*?\bfor\b", re.I)
_SMALL_WORDS = {"of", "the", "a", "an", "and", "to", "in", "on", "from", "for", "with", "at", "by", "de", "la"}


@dataclass
class Review:
    """The outcome of the deterministic checks on one draft."""

    notes: list[str] = field(default_factory=list)
    bad_numbers: list[str] = field(default_factory=list)  # as written in the draft
    bad_cards: list[str] = field(default_factory=list)
    bad_additions: list[str] = field(default_factory=list)
    numbers_checked: int = 0
    cards_checked: int = 0
    additions_checked: int = 0

    @property
    def ok(self) -> bool:
        return not self.notes

    @property
    def checked_anything(self) -> bool:
        return bool(self.numbers_checked or self.cards_checked or self.additions_checked)


# ---- numbers -------------------------------------------------------------------------------


def fact_numbers(facts: Any) -> set[float]:
    """Flatten facts to every number they hold: values, numeric keys, numbers inside strings."""
    found: set[float] = set()
    _collect(facts, found)
    return found


def _collect(item: Any, found: set[float]) -> None:
    if isinstance(item, bool) or item is None:
        return
    if isinstance(item, int | float):
        if math.isfinite(item):
            found.add(float(item))
    elif isinstance(item, str):
        found.update(_string_numbers(item))
    elif isinstance(item, dict | list | tuple | set):
        if len(item) >= _MEMO_MIN_ITEMS:
            found.update(_MEMO.numbers(item))
        else:
            _collect_container(item, found)


def _collect_container(item: dict[Any, Any] | list[Any] | tuple[Any, ...] | set[Any], found: set[float]) -> None:
    if isinstance(item, dict):
        for key, value in item.items():
            if isinstance(key, str) and _NUMBER_IN_TEXT.fullmatch(key):
                found.add(float(key))
            elif isinstance(key, str) and key.endswith("+") and key[:-1].isdigit():
                found.add(float(key[:-1]))
            _collect(value, found)
    else:
        for value in item:
            _collect(value, found)


@functools.lru_cache(maxsize=16384)
def _string_numbers(text: str) -> tuple[float, ...]:
    """The numbers in one fact string; cached, as the same strings come back every turn."""
    if not _DIGIT.search(text):  # most fact strings are names and words
        return ()
    cleaned = _MANA.sub(" ", text)
    numbers = [float(m) for m in _NUMBER_IN_TEXT.findall(cleaned)]
    # read "6,161" the way draft_numbers reads it, too
    numbers.extend(float(m.group(1).replace(",", "")) for m in _NUMBER.finditer(cleaned))
    return tuple(numbers)


_MEMO_MIN_ITEMS = 4


class _ContainerMemo:
    """The numbers of large fact containers, remembered by identity.

    A deck's analysis is computed once and shared by every turn that asks about the deck
    (``arena.deck_service.DeckCache``); flattening it again each turn was the consensus check's
    main cost. Entries keep their container alive, so an id is never reused while cached.
    Facts are never mutated after a tool returns them, which is what makes this sound.
    """

    def __init__(self, size: int = 2048):
        self._size = size
        self._items: OrderedDict[int, tuple[Any, frozenset[float]]] = OrderedDict()
        self._lock = threading.Lock()

    def numbers(self, container: dict[Any, Any] | list[Any] | tuple[Any, ...] | set[Any]) -> frozenset[float]:
        key = id(container)
        with self._lock:
            hit = self._items.get(key)
            if hit is not None and hit[0] is container:
                self._items.move_to_end(key)
                return hit[1]
        found: set[float] = set()
        _collect_container(container, found)
        numbers = frozenset(found)
        with self._lock:
            self._items[key] = (container, numbers)
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return numbers


_MEMO = _ContainerMemo()


@dataclass(frozen=True)
class Mention:
    text: str
    value: float
    decimals: int
    percent: bool


def draft_numbers(draft: str) -> list[Mention]:
    """Return the numeric claims of a draft, skipping names, mana symbols and list numbering."""
    cleaned = _BOLD.sub(" ", draft)
    cleaned = _MANA.sub(" ", cleaned)
    cleaned = _CODE.sub(" ", cleaned)
    cleaned = _LIST_NUMBER.sub(" ", cleaned)
    mentions = []
    for match in _NUMBER.finditer(cleaned):
        digits = match.group(1).replace(",", "")
        decimals = len(digits.split(".")[1]) if "." in digits else 0
        mentions.append(Mention(match.group(0).strip(), float(digits), decimals, bool(match.group(2))))
    return mentions


def _matches(mention: Mention, facts: set[float]) -> bool:
    tolerance = 0.5 * 10 ** (-mention.decimals) + 1e-9
    targets = [mention.value]
    if mention.percent:
        targets.append(mention.value / 100)
        # a fact 0.4532 written 45% or 45.3%: compare on the percent scale
        if any(abs(f * 100 - mention.value) <= tolerance for f in facts if 0 <= f <= 1):
            return True
    for target in targets:
        scale_tol = tolerance if target == mention.value else tolerance / 100
        if any(abs(f - target) <= scale_tol for f in facts):
            return True
    return False


def check_numbers(draft: str, facts: dict[str, Any]) -> tuple[list[str], int]:
    """Return the numbers in the draft that no fact supports, and how many were checked."""
    known = fact_numbers(facts)
    mentions = draft_numbers(draft)
    bad = [m.text for m in mentions if not _matches(m, known)]
    return list(dict.fromkeys(bad)), len(mentions)


# ---- cards ---------------------------------------------------------------------------------


def _looks_like_name(span: str) -> bool:
    words = span.split()
    if not 1 <= len(words) <= 8 or span[-1] in ".:;!?," or not span[0].isupper():
        return False
    return all(w[0].isupper() or w.lower() in _SMALL_WORDS or not w[0].isalpha() for w in words)


def named_cards(draft: str) -> list[str]:
    """Return the spans the draft presents as card names: bold text and Title-Case quotes."""
    spans = [m.group(1).strip() for m in _BOLD.finditer(draft)]
    # Quoted rules text ("> ..." lines) quotes abilities, not card names.
    prose = "\n".join(line for line in draft.split("\n") if not line.lstrip().startswith(">"))
    prose = _CODE.sub(" ", prose)  # `quoted input` is the player's text, not a claim
    spans += [m.group(1).strip() for m in _QUOTED.finditer(prose) if len(m.group(1).split()) >= 2]
    return [s for s in dict.fromkeys(spans) if _looks_like_name(s)]


def check_cards(draft: str, catalog: CardLookup) -> tuple[list[str], int]:
    """Return the names the catalog does not know, and how many names were checked."""
    names = named_cards(draft)
    return [name for name in names if catalog.get(name) is None], len(names)


# ---- additions -----------------------------------------------------------------------------


def suggested_additions(draft: str) -> list[str]:
    """Return the card names the draft tells the player to add (bold names after an add verb)."""
    found: list[str] = []
    for sentence in re.split(r"(?<=[.!?])\s+|\n", draft):
        trigger = _ADD_TRIGGER.search(sentence) or _CUT_FOR.search(sentence)
        if not trigger:
            continue
        tail = sentence[trigger.end():] if not _CUT_FOR.search(sentence) else sentence[_CUT_FOR.search(sentence).end():]  # type: ignore[union-attr]
        found.extend(m.group(1).strip() for m in _BOLD.finditer(tail))
    return list(dict.fromkeys(found))


def check_additions(
    draft: str,
    catalog: CardLookup,
    *,
    deck_colors: Iterable[str] | None,
    deck_cards: Iterable[str] = (),
    fmt: str | None = None,
) -> tuple[list[tuple[str, str]], int]:
    """Return (card, why) for additions outside the deck's colors or format, and how many were checked."""
    if deck_colors is None:
        return [], 0
    colors = set(deck_colors)
    in_deck = {n.lower() for n in deck_cards}
    notes: list[tuple[str, str]] = []
    checked = 0
    for name in suggested_additions(draft):
        card = catalog.get(name)
        if card is None or card.name.lower() in in_deck:
            continue
        checked += 1
        outside = [c for c in card.color_identity if c not in colors]
        if outside:
            notes.append((name, f"{card.name} is suggested but its colors ({''.join(card.color_identity)}) are outside the deck's ({''.join(c for c in 'WUBRG' if c in colors) or 'colorless'})"))
        if fmt and card.legalities and card.legalities.get(fmt, "not_legal") != "legal":
            notes.append((name, f"{card.name} is suggested but is {card.legalities.get(fmt, 'not_legal').replace('_', ' ')} in {fmt}"))
    return notes, checked


def deck_colors_of(analysis: dict[str, Any] | None) -> list[str] | None:
    """Return the deck's colors from its analysis (accepts 'UR', ['U','R'] or the archetype)."""
    if not analysis:
        return None
    colors = analysis.get("colors")
    if colors is None and isinstance(analysis.get("archetype"), dict):
        colors = analysis["archetype"].get("colors")
    if colors is None:
        return None
    return [c for c in (colors if isinstance(colors, list | tuple) else str(colors)) if c in "WUBRG"]


def review(
    draft: str,
    facts: dict[str, Any],
    catalog: CardLookup,
    *,
    deck_cards: Iterable[str] = (),
    fmt: str | None = None,
) -> Review:
    """Run every deterministic check on a draft."""
    bad_numbers, numbers = check_numbers(draft, facts)
    bad_cards, cards = check_cards(draft, catalog)
    bad_adds, adds = check_additions(
        draft, catalog, deck_colors=deck_colors_of(facts.get("analysis")), deck_cards=deck_cards, fmt=fmt
    )
    notes = [f"the number {n} is not in the facts" for n in bad_numbers]
    notes += [f"{name!r} is not a card in the catalog" for name in bad_cards]
    notes += [why for _, why in bad_adds]
    unsourced = unsourced_meta_figures(draft, facts)  # agent/meta_check.py
    notes += [f"the meta figure {f!r} is quoted without its source and date" for f in unsourced]
    bad_numbers += [f for f in unsourced if f not in bad_numbers]
    return Review(
        notes, bad_numbers, bad_cards, list(dict.fromkeys(n for n, _ in bad_adds)),
        numbers_checked=numbers, cards_checked=cards, additions_checked=adds,
    )
