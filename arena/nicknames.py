"""Card names as players write them: nicknames ("bolt", "tks"), short legendary names
("ragavan", "omnath"), one distinctive word ("swiftspear"), small misspellings ("ragavn").

``find_in_deck(text, names)`` looks for the cards of one deck first, because "omnath" in a
question about a deck means the Omnath in it. A short name that fits two cards of the deck
("valkyrie" in a deck with Righteous and Youthful Valkyrie) comes back as ambiguous so the
agent can ask which, instead of picking one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process

from arena.deck_questions import singular as _singular
from arena.names import name_key

# Community nicknames whose words are not in the card's name (or are too common to guess).
NICKNAMES: dict[str, str] = {
    "bolt": "Lightning Bolt", "tks": "Thought-Knot Seer", "tkc": "Thought-Knot Seer",
    "goyf": "Tarmogoyf", "bob": "Dark Confidant", "fow": "Force of Will", "snappy": "Snapcaster Mage",
    "snapcaster": "Snapcaster Mage", "swifty": "Monastery Swiftspear", "t3feri": "Teferi, Time Raveler",
    "t3f": "Teferi, Time Raveler", "uro": "Uro, Titan of Nature's Wrath", "oko": "Oko, Thief of Crowns",
    "ewe": "Endurance", "solitude": "Solitude", "fury": "Fury", "grief": "Grief",
    "deluge": "Memory Deluge", "wanderer": "The Wandering Emperor", "emperor": "The Wandering Emperor",
    "twe": "The Wandering Emperor", "karn": "Karn, the Great Creator", "ugin": "Ugin, Eye of the Storms",
    "ulamog": "Ulamog, the Ceaseless Hunger", "emrakul": "Emrakul, the Promised End",
    "map": "Expedition Map", "chalice": "Chalice of the Void", "saga": "Urza's Saga",
    "mox": "Mox Opal", "opal": "Mox Opal", "fable": "Fable of the Mirror-Breaker // Reflection of Kiki-Jiki",
    "kiki": "Fable of the Mirror-Breaker // Reflection of Kiki-Jiki",
    "mammoth": "Kazandu Mammoth", "chariot": "Esika's Chariot", "henge": "The Great Henge",
    "veil": "Snakeskin Veil", "shredder": "Ledger Shredder", "hazard": "Spikefield Hazard",
}
# Words too common in questions to stand for a card on their own.
_COMMON = frozenset(
    """about after again against angel archangel being better black blood board cards chance
    control could creature creatures damage deck decks doing drawing every first green hand
    hands light lands night other power right small spell spells still their there these
    thing think those three until water white which while would island islands forest forests
    mountain mountains plains swamp swamps counter counters legend removal turns opening
    early games hydra shock order force""".split()
)
_WORD = re.compile(r"[a-z0-9][a-z0-9'’\-]*")


@dataclass(frozen=True, slots=True)
class Mention:
    """A card named in the text: where, how sure, and which other deck cards it could be."""

    card: str
    start: int
    how: str  # "full", "nickname", "short", "word", "fuzzy"
    score: float
    alternatives: tuple[str, ...] = field(default=())


def _aliases(name: str) -> list[tuple[str, str]]:
    """(alias key, how) pairs a player may write for one card name."""
    out: list[tuple[str, str]] = []
    faces = [f.strip() for f in name.split("//")]
    for face in faces:
        out.append((name_key(face), "full"))
        head = face.split(",")[0].strip()
        if head != face and len(head) >= 3:
            out.append((name_key(head), "short"))  # "Ragavan, Nimble Pilferer" -> "ragavan"
        for word in re.findall(r"[A-Za-z'\-]+", face):
            key = name_key(word)
            if len(key) >= 5 and key not in _COMMON and key not in {"the", "of"}:
                out.append((key, "word"))
    return out


@lru_cache(maxsize=256)
def _index(names: tuple[str, ...]) -> tuple[dict[str, list[tuple[str, str]]], tuple[tuple[str, re.Pattern[str]], ...]]:
    """Aliases of one deck's names, and a whole-word pattern per name and face (cached per deck)."""
    by_alias: dict[str, list[tuple[str, str]]] = {}
    for name in names:
        for key, how in _aliases(name):
            if (name, how) not in by_alias.setdefault(key, []):
                by_alias[key].append((name, how))
    patterns = []
    for name in sorted(names, key=len, reverse=True):
        faces = [name, *[f.strip() for f in name.split("//")]] if "//" in name else [name]
        alternation = "|".join(re.escape(f.lower()) for f in faces)
        patterns.append((name, re.compile(rf"(?<![\w'])(?:{alternation})(?![\w'])")))
    return by_alias, tuple(patterns)


def find_in_deck(text: str, names: list[str], *, subtypes: frozenset[str] = frozenset()) -> list[Mention]:
    """Cards of ``names`` mentioned in ``text``, in order of appearance.

    ``subtypes`` are the deck's creature/land subtypes in lower case: a plural that is one
    ("elves", "goblins") is a type question, not a card, unless it is the card's full name.
    """
    lowered = text.lower().replace("’", "'")
    tokens = [(m.start(), m.group(0).strip("'-")) for m in _WORD.finditer(lowered)]
    by_alias, patterns = _index(tuple(names))
    found: dict[str, Mention] = {}
    consumed: set[int] = set()

    def add(card: str, start: int, how: str, score: float, alts: tuple[str, ...] = ()) -> None:
        if card not in found or found[card].score < score:
            found[card] = Mention(card, start, how, score, alts)

    # Full names (and faces) first, longest first, as whole words.
    for name, pattern in patterns:
        match = pattern.search(lowered)
        if match and not any(i in consumed for i in range(match.start(), match.end())):
            add(name, match.start(), "full", 100.0)
            consumed.update(range(match.start(), match.end()))
    for start, token in tokens:
        if start in consumed or len(token) < 3:
            continue
        key = name_key(token)
        singular = _singular(key)
        nick = NICKNAMES.get(key) or NICKNAMES.get(singular)
        if nick is not None and nick in names:
            add(nick, start, "nickname", 95.0)
            continue
        hits = by_alias.get(key) or by_alias.get(singular)
        if hits is None and len(key) >= 5:
            best = process.extractOne(key, [a for a in by_alias if len(a) >= 5], scorer=fuzz.ratio, score_cutoff=85)
            if best is not None:
                hits = [(n, "fuzzy") for n, _ in by_alias[best[0]]]
        if not hits:
            continue
        cards = sorted({n for n, _ in hits})
        how = hits[0][1]
        if how in ("word", "fuzzy") and singular != key and singular in subtypes:
            continue  # "elves" asks about the Elf type; "the troll" means the card
        score = {"full": 100.0, "short": 90.0, "word": 80.0, "fuzzy": 70.0}[how]
        if len(cards) == 1:
            add(cards[0], start, how, score)
        else:
            for card in cards:
                add(card, start, how, score / 2, tuple(c for c in cards if c != card))
    return sorted(found.values(), key=lambda m: m.start)


def nickname(text: str) -> str | None:
    """The card a known nickname stands for ("bolt" -> Lightning Bolt), or None."""
    return NICKNAMES.get(name_key(text))
