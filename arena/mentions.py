"""Find card names mentioned in a player's free text ("compare Shock and lighting bolt").

Word windows are tried longest first against exact name keys, then (for what is left)
fuzzily with a high cutoff. Many card names are ordinary words ("Never", "Return",
"Island", "Opt"), so a single word only counts as a card when it looks like one:

- capitalised mid-sentence, or a full card name of 4+ letters that rules text rarely uses;
- never a face of a split card on its own unless capitalised ("never" ≠ Never // Return),
  nor lowercase faces run together ("never return");
- a fuzzy single word must be long (7+) and not just an inflection ("threats" ≠ Threat).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from arena.names import is_alchemy, name_key, strip_alchemy

# Words that are card names (or parts of them) but mean something else in a question.
COMMON_WORDS = frozenset(
    """a an and any are as at be best better build but by can card cards cast counter creature
    creatures deck decks do does draw for from game good has have how i if in is it land lands
    life make mana me more my no not of on one or play player removal should so spell spells
    that the this to turn up use vs want what when which who why will win with you your
    about all also aggro control combo ramp tempo midrange cut add side sideboard main
    mainboard arena standard historic alchemy explorer pioneer timeless brawl commander
    format meta color colors black white blue red green colorless artifact enchantment
    instant sorcery planeswalker battle token tokens attack block damage graveyard hand
    library discard sacrifice exile flying trample haste vigilance reach first strike
    double lifelink deathtouch menace ward flash defender hexproof indestructible
    think need help tell explain compare versus against over under first second third
    again other another better worse run running swap time rules rule
    """.split()
)
# Sentence words that never start or end a card name worth guessing at fuzzily.
EDGE_WORDS = frozenset(
    "a an and are as can compare cast deck do does for how i in is it my of or play run "
    "should than to vs versus what when which why with you your".split()
)
MAX_WINDOW_WORDS = 8
MAX_FUZZY_WORDS = 5
FUZZY_BUDGET = 100  # fuzzy window lookups per text: a pasted deck list must stay fast
FUZZY_CUTOFF = 88.0
_WORD_RE = re.compile(r"[\w'’\-]+,?")
_EDGE_PUNCT = ",'’‘-"


@dataclass(frozen=True, slots=True)
class Hit:
    """A name-key match: the card, and whether the key was its full name (not just a face)."""

    card_id: int
    full_name: bool
    joined_faces: bool = False  # "never return" matched "Never // Return" without the "//"


Lookup = Callable[[str], Hit | None]
FuzzyLookup = Callable[[str], list[tuple[str, Hit]]]  # (matched key, hit), best first


class MentionFinder:
    """Card mentions in text, given exact and fuzzy lookups and words frequent in rules text."""

    def __init__(self, lookup: Lookup, fuzzy: FuzzyLookup, frequent_words: frozenset[str]):
        self._lookup = lookup
        self._fuzzy = fuzzy
        self._frequent = frequent_words

    def find(self, text: str, limit: int) -> list[int]:
        """Card ids mentioned in ``text``, in the order they appear, at most ``limit``."""
        words = [(m.start(), m.end()) for m in _WORD_RE.finditer(text)]
        used = [False] * len(words)
        found: list[tuple[int, int]] = []  # (word position, card id)
        budget = [FUZZY_BUDGET]
        for fuzzy_pass in (False, True):
            if fuzzy_pass and len(found) >= limit:
                break  # exact names already fill the answer; skip the costly pass
            for size in range(min(MAX_WINDOW_WORDS, len(words)), 0, -1):
                for start in range(len(words) - size + 1):
                    if any(used[start : start + size]):
                        continue
                    begin, end = words[start][0], words[start + size - 1][1]
                    phrase = text[begin:end].strip(_EDGE_PUNCT)
                    initial = _sentence_initial(text, begin)
                    card_id = self._match(phrase, size, initial, fuzzy_pass, budget)
                    if card_id is None or any(card_id == c for _, c in found):
                        continue
                    found.append((start, card_id))
                    used[start : start + size] = [True] * size
        found.sort()
        return [card_id for _, card_id in found[:limit]]

    def _match(self, phrase: str, size: int, initial: bool, fuzzy_pass: bool,
               budget: list[int]) -> int | None:
        key = name_key(phrase)
        words = [w for w in re.split(r"[\s,]+", key) if w]
        if not words or all(w in COMMON_WORDS for w in words):
            return None
        capitalised = phrase[:1].isupper() and not initial
        if not fuzzy_pass:
            hit = self._lookup(key)
            if hit is None and is_alchemy(phrase):
                hit = self._lookup(strip_alchemy(key) or "")
            if hit is None:
                return None
            if hit.joined_faces and not phrase[:1].isupper():
                return None  # "I never return" is a sentence, not Never // Return
            if size == 1 and not capitalised and not self._plausible_word(key, hit):
                return None
            return hit.card_id
        if size > MAX_FUZZY_WORDS or len(key.replace(" ", "")) < (7 if size == 1 else 9):
            return None
        if words[0] in EDGE_WORDS or words[-1] in EDGE_WORDS:
            return None
        if 2 * sum(w in COMMON_WORDS or w in EDGE_WORDS for w in words) > len(words):
            return None  # mostly everyday words: a sentence, not a misspelt name
        if size == 1 and key in self._frequent:
            return None
        if budget[0] <= 0:
            return None
        budget[0] -= 1
        for candidate, hit in self._fuzzy(key):
            # WRatio forgives partial matches; require the whole names to be close too.
            if not _similar_length(candidate, key):
                continue
            if size == 1 and (not hit.full_name or candidate.startswith(key) or key.startswith(candidate)):
                continue  # a face alone, or an inflection ("threats" / "Threat")
            return hit.card_id
        return None

    def _plausible_word(self, key: str, hit: Hit) -> bool:
        """A lowercase single word names a card only if it is a whole, unusual card name."""
        return hit.full_name and len(key) >= 4 and key not in self._frequent


def _sentence_initial(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t\"'“‘(")
    return not before or before[-1] in ".!?\n:"


def _similar_length(candidate: str, key: str) -> bool:
    return abs(len(candidate) - len(key)) <= max(2, len(key) // 5)
