"""Look every entry's name up in the catalog and turn what fails into line problems.

Exact lookups only, cached per deck: a 60-card list costs about 25 ``get`` calls. Fuzzy
matching runs only for names that failed, to offer the closest names.
"""

from __future__ import annotations

import re
from typing import Protocol

from arena.errors import LineProblem
from arena.models import Card, CardMatch, DeckEntry
from arena.parsing.hints import localized_basic, token_reason
from arena.parsing.limits import MAX_COUNT
from arena.parsing.raw import RawEntry, ReadResult
from arena.parsing.sections import Target, similar_header

SUGGESTIONS = 3
MAX_NAME = 200  # the longest printed card name has 141 characters
# MTGO writes split cards with one slash ("Refuse/Cooperate"); the catalog uses " // ".
_SINGLE_SLASH = re.compile(r"\s*(?<!/)/(?!/)\s*")
_MANY_SLASHES = re.compile(r"\s*/{2,}\s*")


class CardResolver(Protocol):
    """The part of ``arena.catalog.Catalog`` that parsing needs."""

    def get(self, name: str) -> Card | None: ...

    def fuzzy(self, query: str, limit: int = 5, score_cutoff: float = 60.0) -> list[CardMatch]: ...


class CachedResolver:
    """Wrap a resolver so each distinct name is looked up once per deck."""

    def __init__(self, catalog: CardResolver) -> None:
        self._catalog = catalog
        self._cache: dict[str, Card | None] = {}

    def get(self, name: str) -> Card | None:
        if name in self._cache:
            return self._cache[name]
        card = self._catalog.get(name)
        if card is None:
            for variant in _variants(name):
                card = self._catalog.get(variant)
                if card is not None:
                    break
        self._cache[name] = card
        return card

    def suggest(self, name: str) -> list[str]:
        return [match.name for match in self._catalog.fuzzy(name, limit=SUGGESTIONS)]


def _variants(name: str) -> list[str]:
    """Other spellings of a name the catalog's own normalisation does not cover."""
    variants = []
    if "/" in name:
        if "//" in name:
            variants.append(_MANY_SLASHES.sub(" // ", name))
        else:
            variants.append(_SINGLE_SLASH.sub(" // ", name))
    return [v for v in variants if v != name]


def resolve(
    read: ReadResult, catalog: CardResolver
) -> tuple[list[tuple[Target, DeckEntry]], list[LineProblem]]:
    """Resolve every raw entry; return the entries that resolved and a problem per bad line."""
    resolver = CachedResolver(catalog)
    # Localized basics ("Wald") betray a non-English export even under English headers.
    languages = set(read.languages)
    languages.update(basic[1] for raw in read.entries if (basic := localized_basic(raw.name)))
    language_hint = _language_hint(languages)
    entries: list[tuple[Target, DeckEntry]] = []
    problems: list[LineProblem] = []
    for raw in read.entries:
        outcome = _check(raw, resolver, language_hint)
        if isinstance(outcome, LineProblem):
            problems.append(outcome)
            continue
        entries.append((raw.section, DeckEntry(
            count=raw.count or 0, name=raw.name, line=raw.line, card=outcome,
            set_code=raw.set_code, collector_number=raw.collector_number, foil=raw.foil,
        )))
    return entries, problems


def _check(raw: RawEntry, resolver: CachedResolver, language_hint: str) -> Card | LineProblem:
    """Return the entry's card, or the problem with its line (count and name both checked)."""
    if len(raw.name) > MAX_NAME:
        return LineProblem(raw.line, raw.text,
                           f"malformed line: a {len(raw.name):,}-character name is not a card name")
    card = resolver.get(raw.name) if raw.name else None
    if raw.count is None and raw.count_error is None:
        return _no_count(raw, card, resolver)
    reasons: list[str] = []
    if raw.count_error:
        reasons.append(raw.count_error)
    elif raw.count is not None and raw.count <= 0:
        reasons.append("count is zero" if raw.count == 0 else f"count {raw.count} is negative")
    elif raw.count is not None and raw.count > MAX_COUNT:
        shown = str(raw.count) if raw.count < 10**7 else f"{str(raw.count)[:6]}…"
        reasons.append(f"count {shown} is absurd (at most {MAX_COUNT} copies on one line)")
    suggestions: list[str] = []
    if card is None:
        reason, suggestions = _unknown(raw, resolver, language_hint)
        reasons.append(reason)
    if reasons:
        return LineProblem(raw.line, raw.text, "; ".join(reasons), suggestions)
    assert card is not None
    return card


def _no_count(raw: RawEntry, card: Card | None, resolver: CachedResolver) -> LineProblem:
    """Explain a text line without a count: a card missing it, a bad header, or noise."""
    if card is not None:
        return LineProblem(raw.line, raw.text,
                           f"count missing (write it as '1 {card.name}')", [card.name])
    header = similar_header(raw.name)
    if header is not None:
        return LineProblem(raw.line, raw.text, "unknown section header", [header])
    return LineProblem(
        raw.line, raw.text,
        "not a card line (expected '<count> <card name>') nor a known section header",
        resolver.suggest(raw.name) if raw.name else [],
    )


def _unknown(raw: RawEntry, resolver: CachedResolver, language_hint: str) -> tuple[str, list[str]]:
    if not raw.name:
        return "no card name", []
    token = token_reason(raw.name, raw.set_name)
    if token is not None:
        return token, []
    basic = localized_basic(raw.name)
    if basic is not None:
        english, language = basic
        return (f"unknown card: '{raw.name}' is the {language} name of {english}; "
                "the catalog knows English card names only"), [english]
    return "unknown card" + language_hint, resolver.suggest(raw.name)


def _language_hint(languages: set[str]) -> str:
    if not languages:
        return ""
    return f" (a {'/'.join(sorted(languages))} Arena export? card names must be English)"
