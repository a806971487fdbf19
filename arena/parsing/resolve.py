"""Look every entry's name up in the catalog and turn what fails into line problems.

Exact lookups only, cached per deck: a 60-card list costs about 25 ``get`` calls. Fuzzy
matching runs only for names that failed, to offer the closest names.
"""

from __future__ import annotations

import re
from typing import Protocol

from rapidfuzz import fuzz, utils

from arena.errors import LineProblem
from arena.models import Card, CardMatch, DeckEntry, SkippedLine
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
        """The closest names, only those a misspelling or a shortening could explain."""
        matches = self._catalog.fuzzy(name, limit=SUGGESTIONS * 2)
        return [m.name for m in matches if is_close(name, m.name)][:SUGGESTIONS]


# Whole-string similarity that a typo, a swapped word order or a translation of similar words
# leaves; the fuzzy search's own score also rewards any shared substring, which is how a made-up
# name used to be offered the 141-character "Our Market Research Shows…".
CLOSE_SCORE = 75


def is_close(query: str, name: str) -> bool:
    """True when ``name`` is a plausible reading of ``query``: a misspelling, or a shortening."""
    q, n = utils.default_process(query), utils.default_process(name)
    if not q or not n:
        return False
    face = utils.default_process(name.split(" // ")[0])
    if max(fuzz.ratio(q, n), fuzz.ratio(q, face), fuzz.token_sort_ratio(q, face)) >= CLOSE_SCORE:
        return True
    # "Sheoldred" for "Sheoldred, the Apocalypse": every word of the query opens the name.
    if len(q) >= 4 and (n.startswith(q) or set(q.split()) <= set(n.split())):
        return True
    # "Valki, Gott der Lügen" for "Valki, God of Lies", "Niv-Mizzet revenu à la vie" for
    # "Niv-Mizzet Reborn": a character's own name kept, the rest translated.
    own, own_face = _own_name(query), _own_name(name)
    return own is not None and own == own_face


def _own_name(name: str) -> str | None:
    """The proper name that opens a card name: 'Valki' in 'Valki, ...', 'Niv-Mizzet' in 'Niv-Mizzet ...'."""
    first = name.split()[0] if name.split() else ""
    if len(first.rstrip(",")) < 4 or not (first.endswith(",") or "-" in first):
        return None
    return first.rstrip(",").casefold()


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
) -> tuple[list[tuple[Target, DeckEntry]], list[LineProblem], list[SkippedLine]]:
    """Resolve every raw entry: the entries that resolved, a problem per bad line, and the
    token rows (collection exports list them beside the cards) left out with a note."""
    resolver = CachedResolver(catalog)
    # Localized basics ("Wald") betray a non-English export even under English headers.
    languages = set(read.languages)
    languages.update(basic[1] for raw in read.entries if (basic := localized_basic(raw.name)))
    language_hint = _language_hint(languages)
    entries: list[tuple[Target, DeckEntry]] = []
    problems: list[LineProblem] = []
    skipped: list[SkippedLine] = []
    for raw in read.entries:
        token = _token(raw, resolver)
        if token is not None:
            skipped.append(SkippedLine(raw.line, raw.text, token))
            continue
        outcome = _check(raw, resolver, language_hint)
        if isinstance(outcome, LineProblem):
            problems.append(outcome)
            continue
        entries.append((raw.section, DeckEntry(
            count=raw.count or 0, name=raw.name, line=raw.line, card=outcome,
            set_code=raw.set_code, collector_number=raw.collector_number, foil=raw.foil,
        )))
    return entries, problems, skipped


def _token(raw: RawEntry, resolver: CachedResolver) -> str | None:
    """Why a well-formed row is a token and not a card, or None (a card with that name wins)."""
    if not raw.name or raw.count is None or raw.count_error or raw.count <= 0 or raw.count > MAX_COUNT:
        return None
    if resolver.get(raw.name) is not None:
        return None
    return token_reason(raw.name, raw.set_name)


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
