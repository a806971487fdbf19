"""Counting questions about a deck, in the words players use: "how many 1 drops", "how many
counterspells do i run", "how many swamps", "red creatures", "cards with flying".

``count_cards(deck, what)`` reads the phrase into predicates (a card type, subtype, supertype,
keyword, interaction category from the rules text, mana value, color, rules-text phrase) that
must all hold, and counts copies in one section. A phrase with a word it cannot place raises
``UnknownCountError`` naming that word: a count of something else would answer a different
question.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from arena.analysis.interaction import categories, normalized_text
from arena.models import Card, Deck

Predicate = Callable[[Card], bool]

CARD_TYPES = ("creature", "instant", "sorcery", "artifact", "enchantment", "planeswalker", "battle", "land", "kindred")
SUPERTYPES = ("legendary", "basic", "snow")
COLOR_WORDS = {"white": "W", "blue": "U", "black": "B", "red": "R", "green": "G"}
# Player words for the interaction categories read from rules text (arena.analysis.interaction).
CATEGORY_WORDS: dict[str, str] = {
    "removal": "removal", "removal spell": "removal", "kill spell": "removal",
    "counterspell": "counterspells", "counter": "counterspells", "counter spell": "counterspells",
    "card draw": "card_draw", "draw spell": "card_draw", "draw": "card_draw", "cantrip": "card_draw",
    "ramp": "ramp", "discard": "discard",
    "board wipe": "board_wipes", "wipe": "board_wipes", "wrath": "board_wipes", "sweeper": "board_wipes",
    "burn": "burn", "burn spell": "burn", "lifegain": "lifegain", "lifegain card": "lifegain",
    "tutor": "tutors", "protection": "protection", "bounce": "bounce", "bounce spell": "bounce",
    "graveyard hate": "graveyard_hate",
}
# Evergreen and common keywords, so "how many cards with flash" is 0, not "what is flash?".
KNOWN_KEYWORDS = frozenset(
    """flying haste trample vigilance reach lifelink deathtouch menace ward flash defender
    hexproof indestructible prowess first-strike double-strike convoke cascade flashback kicker
    cycling landfall scry surveil mill treasure food clue equip crew delve affinity""".split()
)
STOP_WORDS = frozenset(
    """a an the my in of i do does have has run running play playing are is there cards card
    copies copy total do deck decks main maindeck mainboard list how many much with that which
    who those got ive i've im i'm we our this all any some count me tell please pls plz
    currently right now count main-deck 60 actually like u you ur your under on over at
    mana permanents permanent and""".split()
)
# Subtypes players count that a deck may hold none of ("how many swamps" is 0, not a puzzle).
KNOWN_SUBTYPES = frozenset(
    """plains island swamp mountain forest desert gate cave town sphere urza's angel human elf
    goblin zombie vampire wizard warrior knight soldier cleric rogue dragon merfolk spirit
    elemental beast dinosaur cat dog bird faerie demon devil giant horror insect sliver
    treefolk wolf werewolf pirate ninja samurai shaman druid monk mouse rabbit squirrel hydra
    phyrexian eldrazi construct golem thopter equipment aura saga vehicle class food clue
    treasure shrine curse room case adventure lesson trap""".split()
)
_IRREGULAR = {"elves": "elf", "dwarves": "dwarf", "wolves": "wolf", "sorceries": "sorcery",
              "mice": "mouse", "fungi": "fungus", "fish": "fish", "sphinxes": "sphinx",
              "foxes": "fox", "oxen": "ox", "wipes": "wipe", "counters": "counter",
              "lives": "life", "knives": "knife", "leaves": "leaf"}
_NUM_WORDS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
              "eight": 8, "nine": 9, "ten": 10}


class UnknownCountError(ValueError):
    """The phrase has words that name nothing countable; ``words`` lists them."""

    def __init__(self, what: str, words: list[str]):
        self.what, self.words = what, words
        super().__init__(f"I can't count {' '.join(words)!r}: it is no card type, subtype, keyword, "
                         "mana value, color or rules text I know")


@dataclass(frozen=True, slots=True)
class CountAnswer:
    """How many copies in ``section`` fit everything the phrase asked for."""

    what: str  # the phrase as read back ("creatures", "mana value 1", "counterspells")
    section: str  # "main" or "side"
    total: int
    cards: list[tuple[str, int]] = field(default_factory=list)
    distinct: int = 0
    section_size: int = 0

    def to_dict(self) -> dict[str, object]:
        return {"what": self.what, "section": self.section, "total": self.total, "distinct": self.distinct,
                "section_size": self.section_size,
                "cards": [{"card": name, "count": n} for name, n in self.cards]}


def singular(word: str) -> str:
    """Player plurals to the singular a type line uses: elves -> elf, swamps -> swamp."""
    word = word.lower()
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


_CATEGORY_LABELS = {
    "removal": "removal spells", "counterspells": "counterspells", "card_draw": "card draw spells",
    "ramp": "ramp cards", "discard": "discard spells", "board_wipes": "board wipes", "burn": "burn spells",
    "lifegain": "lifegain cards", "tutors": "tutors", "protection": "protection cards", "bounce": "bounce spells",
    "graveyard_hate": "graveyard hate cards",
}


def plural(word: str) -> str:
    """The plural a player reads: creature -> creatures, sorcery -> sorceries, Elf -> Elves."""
    irregular = {v: k for k, v in _IRREGULAR.items() if v not in ("counter", "wipe", "life")}
    if word.lower() in irregular:
        out = irregular[word.lower()]
        return out.capitalize() if word[:1].isupper() else out
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    return word + "s"


def _number(token: str) -> int | None:
    token = token.lower()
    if token.isdigit():
        return int(token)
    return _NUM_WORDS.get(token)


_MV_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b(\d+|zero|one|two|three|four|five|six|seven)[- ]?(?:drops?|cmc|mv|mana value|mana|costs?|cost)\b(?:\s+(or less|or lower|or more|or higher|and up|and under|\+))?"), "n_first"),
    (re.compile(r"\b(?:mana value|cmc|mv|cost(?:ing)?|costs?)\s+(?:of\s+)?(\d+|zero|one|two|three|four|five|six|seven)\b(?:\s+(or less|or lower|or more|or higher|and up|and under|\+))?"), "n_last"),
)


def _mv_predicate(phrase: str) -> tuple[str, Predicate, str] | None:
    for pattern, _ in _MV_PATTERNS:
        match = pattern.search(phrase)
        if not match:
            continue
        n = _number(match.group(1))
        if n is None:
            continue
        tail = (match.group(2) or "").strip()
        if tail in ("or less", "or lower", "and under"):
            return match.group(0), (lambda c, n=n: not c.is_land and c.mana_value <= n), f"mana value {n} or less"
        if tail in ("or more", "or higher", "and up", "+"):
            return match.group(0), (lambda c, n=n: not c.is_land and c.mana_value >= n), f"mana value {n} or more"
        return match.group(0), (lambda c, n=n: not c.is_land and c.mana_value == n), f"mana value {n}"
    return None


def _has_type(kind: str) -> Predicate:
    title = kind.capitalize()
    return lambda c: title in c.types or any(title in face for face in c.type_line.split(" // "))


def _has_sub(sub: str) -> Predicate:
    return lambda c: any(s.lower() == sub for s in c.subtypes)


def _has_keyword(word: str) -> Predicate:
    spaced = word.replace("-", " ")
    return lambda c: any(k.lower() == spaced for k in c.keywords) or bool(
        re.search(rf"(^|\n|, ){re.escape(spaced)}\b", c.oracle_text.lower()))


def _is_dork(card: Card) -> bool:
    return "Creature" in card.types and re.search(r"\{t\}[^.:]*: add", normalized_text(card)) is not None


def _has_super(name: str) -> Predicate:
    return lambda c: name in c.supertypes


def _in_category(cat: str) -> Predicate:
    return lambda c: cat in categories(c)


def _has_text(phrase: str) -> Predicate:
    return lambda c: phrase in normalized_text(c)


def _color(code: str) -> Predicate:
    return lambda c: code in c.colors


_TEXT_RE = re.compile(r"\b(?:that|which)\s+(?:say|says|read|reads|mention|mentions)\s+[\"'“]?(.+?)[\"'”]?\s*$|\bwith\s+[\"'“](.+?)[\"'”]")


def read_phrase(what: str, deck_cards: list[Card]) -> tuple[str, list[Predicate]]:
    """Turn the phrase into (a label, predicates that must all hold); raises UnknownCountError."""
    phrase = " " + re.sub(r"[?!.,]", " ", what.lower()).replace("’", "'") + " "
    labels: list[str] = []  # adjectives, in the order read
    nouns: list[str] = []
    tails: list[str] = []
    preds: list[Predicate] = []
    quoted = _TEXT_RE.search(phrase)
    if quoted:
        text = (quoted.group(1) or quoted.group(2)).strip()
        preds.append(_has_text(text))
        tails.append(f"with “{text}” in their text")
        phrase = phrase[: quoted.start()] + " " + phrase[quoted.end():]
    dork = re.search(r" (?:mana )?(?:dorks?|creatures? that (?:tap for|make|makes|add|adds) mana|mana creatures?) ", phrase)
    if dork:  # a creature that taps for mana (Llanowar Elves), not every ramp card
        preds.append(_is_dork)
        nouns.append("mana dorks")
        phrase = phrase[: dork.start()] + " " + phrase[dork.end():]
    mv = _mv_predicate(phrase)
    if mv:
        span, pred, label = mv
        preds.append(pred)
        tails.append("of " + label)
        phrase = phrase.replace(span, " ")
    for words in sorted(CATEGORY_WORDS, key=len, reverse=True):
        for form in (words + "s", words):
            if f" {form} " in phrase:
                preds.append(_in_category(CATEGORY_WORDS[words]))
                nouns.append(_CATEGORY_LABELS[CATEGORY_WORDS[words]])
                phrase = phrase.replace(f" {form} ", " ")
    if " x spell" in phrase or " x spells" in phrase:
        preds.append(lambda c: c.has_x)
        nouns.append("X spells")
        phrase = re.sub(r" x spells? ", " ", phrase)
    if re.search(r" (?:non-?land|nonlands) ", phrase):
        preds.append(lambda c: not c.is_land)
        labels.append("nonland")
        phrase = re.sub(r" (?:non-?land|nonlands) ", " ", phrase)
    if " basics " in phrase:
        preds += [lambda c: "Basic" in c.supertypes, _has_type("land")]
        nouns.append("basic lands")
        phrase = phrase.replace(" basics ", " ")
    if re.search(r" (?:multicolou?r(?:ed)?|gold) ", phrase):
        preds.append(lambda c: len(c.colors) >= 2)
        labels.append("multicolored")
        phrase = re.sub(r" (?:multicolou?r(?:ed)?|gold) ", " ", phrase)
    if re.search(r" colou?rless ", phrase):
        preds.append(lambda c: not c.colors and not c.is_land)
        labels.append("colorless")
        phrase = re.sub(r" colou?rless ", " ", phrase)
    subtypes = {s.lower() for c in deck_cards for s in c.subtypes} | KNOWN_SUBTYPES
    keywords = {k.lower().replace(" ", "-") for c in deck_cards for k in c.keywords} | KNOWN_KEYWORDS
    unknown: list[str] = []
    for raw in phrase.replace("first strike", "first-strike").replace("double strike", "double-strike").split():
        word = raw.strip("'\"")
        if not word or word in STOP_WORDS:
            continue
        one = singular(word)
        if one in ("flyer", "flier"):
            preds.append(_has_keyword("flying"))
            tails.append("with flying")
        elif one == "spell":
            preds.append(lambda c: not c.is_land)
            nouns.append("spells")
        elif word in COLOR_WORDS:
            preds.append(_color(COLOR_WORDS[word]))
            labels.append(word)
        elif one in CARD_TYPES:
            preds.append(_has_type(one))
            nouns.append(plural(one))
        elif one in SUPERTYPES:
            preds.append(_has_super(one.capitalize()))
            labels.append(one)
        elif one in subtypes or word in subtypes:
            preds.append(_has_sub(one if one in subtypes else word))
            nouns.append(plural(one.capitalize()))
        elif word in keywords or one in keywords:
            preds.append(_has_keyword(word if word in keywords else one))
            tails.append(f"with {word.replace('-', ' ')}")
        else:
            unknown.append(word)
    if unknown:
        raise UnknownCountError(what, unknown)
    label = " ".join([*labels, *(nouns or ["cards"]), *tails])
    return label, preds


def count_cards(deck: Deck, what: str = "", *, section: str = "main", card: str | None = None) -> CountAnswer:
    """Count the copies in ``section`` ("main" or "side") that fit ``what`` (or one named card)."""
    if section not in ("main", "side"):
        raise ValueError(f"section must be main or side, got {section!r}")
    entries = [e for e in (deck.main if section == "main" else deck.side) if e.card is not None]
    copies: dict[str, int] = {}
    for entry in entries:
        assert entry.card is not None
        copies[entry.card.name] = copies.get(entry.card.name, 0) + entry.count
    cards_by_name = {e.card.name: e.card for e in entries if e.card is not None}
    size = sum(copies.values())
    if card is not None:
        n = copies.get(card, 0)
        return CountAnswer(card, section, n, [(card, n)] if n else [], 1 if n else 0, size)
    label, preds = read_phrase(what, list(cards_by_name.values()))
    hits = [(name, n) for name, n in copies.items() if all(p(cards_by_name[name]) for p in preds)]
    hits.sort(key=lambda kv: (-kv[1], kv[0]))
    return CountAnswer(label, section, sum(n for _, n in hits), hits, len(hits), size)
