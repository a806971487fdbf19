"""Card-name normalisation, so players can type names the way they remember them.

Two levels of key, tried in order by the catalog:

- :func:`name_key` folds case, accents (``Lim-Dûl`` → ``lim-dul``, ``Æ`` → ``ae``), curly
  quotes and dashes, spacing, and the split-card separator (``Refuse/Cooperate`` and
  ``Refuse // Cooperate`` are the same key). Commas and hyphens still count, which keeps
  ``Lava Axe`` and ``Lava, Axe`` apart.
- :func:`loose_key` also drops every punctuation mark and space, so ``sheoldred the
  apocalypse`` finds ``Sheoldred, the Apocalypse``. The Alchemy ``a-`` marker survives.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process

FACE_SEPARATOR = " // "
ALCHEMY_PREFIX = "a-"

# Letters NFKD does not split into base + accent.
_LIGATURES = str.maketrans({"æ": "ae", "œ": "oe", "ø": "o", "ß": "ss", "ð": "d", "þ": "th", "ł": "l"})
# Apostrophe look-alikes and dash look-alikes players paste from web pages.
_QUOTES = str.maketrans({c: "'" for c in "’‘`´ʼ′"} | {c: '"' for c in "“”„″"})
_DASHES = str.maketrans({c: "-" for c in "‐‑‒–—―−"})
_SLASHES_RE = re.compile(r"\s*/+\s*")
_SPACE_RE = re.compile(r"\s+")
_NON_ALNUM_RE = re.compile(r"[^0-9a-z]+")
_NON_ALNUM_SPACE_RE = re.compile(r"[^0-9a-z ]+")
_ALCHEMY_RE = re.compile(r"^a\s*-\s*")


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """Exact-lookup key: case, accents, quote/dash styles, spacing and "/" vs "//" folded."""
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.translate(_LIGATURES).translate(_QUOTES).translate(_DASHES)
    text = _SLASHES_RE.sub(FACE_SEPARATOR, text)
    text = _SPACE_RE.sub(" ", text).strip()
    return _ALCHEMY_RE.sub(ALCHEMY_PREFIX, text)


def loose_key(name: str) -> str:
    """Punctuation-blind key for a second try; keeps the Alchemy ``a-`` marker."""
    key = name_key(name)
    if key.startswith(ALCHEMY_PREFIX):
        return ALCHEMY_PREFIX + _NON_ALNUM_RE.sub("", key[len(ALCHEMY_PREFIX):])
    return _NON_ALNUM_RE.sub("", key)


def split_faces(name: str) -> tuple[str, ...]:
    """Face names of a catalog name ``"A // B"`` (duplicates removed, order kept)."""
    faces = [part.strip() for part in name.split(FACE_SEPARATOR)]
    return tuple(dict.fromkeys(f for f in faces if f))


def strip_alchemy(key: str) -> str | None:
    """For a :func:`name_key` starting with ``a-``, the plain card's key; else ``None``."""
    if key.startswith(ALCHEMY_PREFIX) and len(key) > len(ALCHEMY_PREFIX):
        return key[len(ALCHEMY_PREFIX):]
    return None


def is_alchemy(name: str) -> bool:
    """True for Alchemy rebalanced names like ``A-Cauldron Familiar``."""
    return name_key(name).startswith(ALCHEMY_PREFIX) and len(name) > 2 and name[1] == "-"


class NameIndex:
    """Fuzzy name matching that stays under a millisecond over ~40k names.

    Scoring every name with rapidfuzz's WRatio takes tens of milliseconds, so a trigram
    index first picks the ~150 names sharing the most 3-letter pieces with the query
    (typos leave most trigrams intact, partial names keep all of theirs), and only those are
    scored. Keys must already be :func:`name_key` strings.
    """

    def __init__(self, keys: list[str], *, shortlist: int = 150):
        self.keys = keys
        self._forms = [fuzzy_form(k) for k in keys]
        self._shortlist = shortlist
        postings: dict[str, list[int]] = {}
        for index, form in enumerate(self._forms):
            for gram in _trigrams(form):
                postings.setdefault(gram, []).append(index)
        self._postings = {g: np.asarray(ids, dtype=np.int32) for g, ids in postings.items()}

    def extract(self, query: str, limit: int, score_cutoff: float) -> list[tuple[int, float]]:
        """Return ``(key index, score)`` of the best matches, best first, score ≥ cutoff."""
        key = fuzzy_form(name_key(query))
        arrays = [self._postings[g] for g in _trigrams(key) if g in self._postings]
        if not arrays:
            return []
        counts = np.bincount(np.concatenate(arrays), minlength=len(self.keys))
        shortlist = self._best(counts)
        choices = [self._forms[i] for i in shortlist]
        # Rank a few more than asked for: ties at the top are broken below.
        scored = process.extract(
            key, choices, scorer=fuzz.WRatio, processor=None, limit=max(4 * limit, 40),
            score_cutoff=score_cutoff,
        )
        words = set(key.split())
        ranked = []
        for choice, score, pos in scored:
            if len(choice) * 1.5 <= len(key):
                # A name much shorter than the query is a piece of it ("Apocalypse" in
                # "sheoldred the apocalypse"): no partial credit, plain similarity only.
                score = fuzz.ratio(key, choice)
                if score < score_cutoff:
                    continue
            # WRatio ties partial matches at 90 ("bolt" in every *Bolt): prefer names that
            # contain the query's words whole, then the closer overall spelling.
            whole = len(words & set(choice.split()))
            ranked.append((-score, -whole, -fuzz.ratio(key, choice), choice, int(shortlist[pos])))
        ranked.sort()
        return [(index, -neg_score) for neg_score, _, _, _, index in ranked[:limit]]

    def _best(self, counts: np.ndarray) -> np.ndarray:
        """Indices of the names sharing the most trigrams (about ``shortlist`` of them).

        A histogram of the counts gives the threshold directly; argpartition is slow here
        because almost every count ties at 0.
        """
        histogram = np.bincount(counts)
        at_least = np.cumsum(histogram[::-1])[::-1]  # at_least[t] = names with count >= t
        threshold = 1
        while threshold + 1 < len(at_least) and at_least[threshold + 1] >= self._shortlist:
            threshold += 1
        above = np.flatnonzero(counts > threshold)
        tied = np.flatnonzero(counts == threshold)[: max(0, self._shortlist - len(above))]
        return np.concatenate((above, tied))


def fuzzy_form(key: str) -> str:
    """What fuzzy scoring compares: apostrophes dropped, other punctuation as spaces."""
    return _SPACE_RE.sub(" ", _NON_ALNUM_SPACE_RE.sub(" ", key.replace("'", ""))).strip()


def _trigrams(form: str) -> set[str]:
    text = f"  {form} "
    return {text[i : i + 3] for i in range(len(text) - 2)}
