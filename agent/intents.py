"""Offline understanding: what the player asks, about which cards, in which format.

No model and no network: ordered regular-expression rules over the question, plus the
catalog's ``find_names_in_text`` for card names (misspellings included). The intent names
below are stable; scripted chats and the offline writer depend on them.

| intent      | asks about                                                        |
| ----------- | ----------------------------------------------------------------- |
| greeting    | hello, hi                                                         |
| help        | what can you do                                                   |
| deck_error  | (set by the graph) the attached deck did not parse                |
| odds        | chance to hit the Nth land by turn T; chance to cast a card       |
| legality    | is the deck (or a card) legal in a format                         |
| compare     | two cards side by side                                            |
| suggest     | what to cut, what to add                                          |
| mana        | lands, colors, sources, Karsten shortfalls                        |
| curve       | the mana curve and average mana value                             |
| archetype   | what kind of deck this is                                         |
| analyze     | a full review / what is wrong with the deck                       |
| card        | what a card does                                                  |
| search      | cards matching a text query                                       |
| count       | how many creatures / 1 drops / swamps / copies of X; the sideboard |
| rank        | my worst (or best) card; what to cut for a 3rd copy of X          |
| strategy    | sideboard plans, matchups, the meta, mulligan decisions, prices   |
| clarify     | a question read with low confidence: ask back with likely readings |
| unknown     | anything else: say what I can do and what the player can do here  |

``classify`` runs an ordered list of matchers (``MATCHERS``); the first that returns an
intent wins. Other modules hook in with ``add_matcher`` (meta and market questions), before
the generic fallbacks. Each intent carries a ``confidence``; below ``ASK_BACK_BELOW`` the
agent asks back with ``readings`` (suggested replies) instead of answering something else.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from arena.deck_questions import UnknownCountError, plural, read_phrase
from arena.models import Card
from arena.nicknames import Mention, find_in_deck, nickname

INTENTS: tuple[str, ...] = (
    "greeting", "help", "deck_error", "odds", "legality", "compare", "suggest", "mana",
    "curve", "archetype", "analyze", "card", "search", "count", "rank", "strategy", "clarify",
    "unknown",
)
ASK_BACK_BELOW = 0.5
# Intents whose answer is about the attached deck (legality and odds may also work without one).
DECK_INTENTS = frozenset({"analyze", "mana", "curve", "suggest", "archetype", "count", "rank"})

FORMATS: dict[str, str] = {
    "historic brawl": "historicbrawl", "historicbrawl": "historicbrawl", "standard": "standard",
    "alchemy": "alchemy", "historic": "historic", "explorer": "explorer", "pioneer": "pioneer",
    "timeless": "timeless", "brawl": "brawl", "commander": "commander", "edh": "commander",
    "modern": "modern", "legacy": "legacy", "vintage": "vintage", "pauper": "pauper",
}

_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5,
    "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
}
_NUM = r"(\d+|one|two|three|four|five|six|seven|eight|nine|ten|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)(?:st|nd|rd|th)?"


class NameFinder(Protocol):
    """The part of the catalog understanding needs."""

    def find_names_in_text(self, text: str, limit: int = 5) -> list[Card]: ...

    def get(self, name: str) -> Card | None: ...


@dataclass
class Intent:
    """One understood question; JSON-able so it lives in the thread state."""

    name: str
    cards: list[str] = field(default_factory=list)
    format: str | None = None
    want: int | None = None  # odds: how many lands
    by_turn: int | None = None  # odds: by which turn (1 = opening hand on the play)
    on_play: bool = True
    deck_size: int | None = None  # odds asked about a hypothetical deck ("60 cards, 24 lands")
    lands: int | None = None
    query: str | None = None  # search text; "opening_hands" for odds; "thanks" for greeting
    confidence: float = 1.0  # how sure the reading is; below ASK_BACK_BELOW the agent asks back
    readings: list[str] = field(default_factory=list)  # clarify: the likeliest questions, as replies
    what: str | None = None  # count: the phrase ("1 drops"); odds: a group ("removal"); rank: worst/best/swap
    section: str = "main"  # count: main or side
    need: int = 1  # odds: copies of each named card wanted
    combo: bool = False  # odds: all the named cards (a combo) rather than any one of them
    exactly: list[int] = field(default_factory=list)  # odds: exactly these land counts in the opener
    mulligan_to: int | None = None  # odds: mulligan down to this many cards looking for it
    copies: int | None = None  # rank/swap: "a 3rd copy" -> 3

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Intent:
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in data.items() if k in known})


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_GREETING = _rx(r"^\s*(hi|hello|hey|hiya|howdy|greetings|yo|good (morning|afternoon|evening)|sup)\b[\s!,.?a-z']{0,30}$")
_HELP = _rx(r"\b(help|what can you do|what do you do|how do (i|you) (use|work)|commands|who are you|what are you)\b")
_ODDS = _rx(r"\b(chances?|odds|probability|probabilities|likely|likelihood|how often|percent(age)?)\b")
_MULLIGAN = _rx(r"\b(mulligans?|mull(igan)?ing|keep(able)?|keep my (opening )?hand)\b")
_LEGAL = _rx(r"\b(legal|legality|illegal|banned|allowed|restricted)\b")
_COMPARE = _rx(r"\b(compare|comparison|versus|vs\.?|better than|difference between|or)\b")
_COMPARE_STRONG = _rx(r"\b(compare|comparison|versus|vs\.?|better than|difference between)\b")
_SUGGEST = _rx(r"\b(cut|cuts|add|adds|swap|replace|replacements?|upgrade|improve|suggest(ions?)?|changes?|take out|put in|what should i (play|run))\b")
_MANA = _rx(r"\b(lands?|mana|colou?rs?|sources?|karsten|fixing|screw(ed)?|flood(ed)?|basics?|manabase|shortfalls?)\b")
_CURVE = _rx(r"\b(curve|mana values?|cmc|mv|average cost|top-?heavy|expensive)\b")
_ARCHETYPE = _rx(r"\b(archetype|what (kind|sort|type) of deck|what deck is (this|it)|playstyle|play style|aggro|midrange|control|tempo)\b")
_ANALYZE = _rx(r"\b(analy[sz]e|analysis|review|wrong|rate|evaluate|assess|look at|check|thoughts|opinion|weak(ness(es)?)?|problems?|issues?|how good|how bad|good enough|break ?down|overview|stats|statistics|report)\b")
_MY_MANA = _rx(r"\b(my|the|this|our)\s+(\w+\s+)?(mana|lands?|colou?rs?|sources?|manabase|mana base|fixing)\b")
_CARD = _rx(r"\b(what does|what do|what is|what's|tell me about|explain|how does|oracle|text of|rules text)\b")
_ASKED = _rx(r"\bwhat (?:does|do) (.+?) do\b|\btell me about (.+)$|\bwhat(?: is|'s) (.+?)\??$|\bexplain (.+)$|\bhow does (.+?) work\b")
_SEARCH = _rx(r"\b(find|search|show me|list|look up|lookup|cards? (that|which|with))\b")
_DRAW = _rx(r"\bon the draw\b|\bdrawing first\b")
_TURN = _rx(rf"\b(?:on|by|before|at)\s+(?:the\s+)?turn\s+{_NUM}\b|\b{_NUM}\s+turn\b")
_LANDS_WANT = _rx(rf"\b{_NUM}\s+(?:\w+\s+){{0,2}}lands?\b")
_LAND_DROP = _rx(r"\bland drops?\b|\bmake (?:my|the|every) land\b")
_OPENING = _rx(r"\b(opening hand|opener|opening (seven|7)|in (my|the) (first )?(seven|7))\b")
_THANKS = _rx(r"^\s*(thanks|thank you|thx|ty|cheers|bye|goodbye|see you)\b[\s!,.a-z]{0,30}$")
_HYPO_SIZE = _rx(r"\b(\d{2,3})[- ]cards?\b")
_HYPO_LANDS = _rx(r"\b(?:with|running|playing|has|have)\s+(\d{1,2})\s+lands\b")
_CAST = _rx(r"\bcast(ing)?\b")
_CAN_CAST = _rx(r"\b(?:can|could|will|would|do|does)\b[^?.]{0,20}\b(?:cast|play|land)\b.*\b(?:on curve|on time|on turn|by turn)\b")
_SEARCH_LEAD = _rx(r"^.*?\b(find|search( for)?|show me|list|look up|lookup)\b\s*(me\s+)?(some\s+|any\s+|all\s+)?(cards?\s+)?(that|which|with|for)?\s*")


def _num(token: str) -> int:
    token = token.lower()
    return int(token) if token.isdigit() else _WORD_NUMBERS[token]


def _format(text: str) -> str | None:
    lowered = text.lower()
    for word, fmt in FORMATS.items():  # "historic brawl" is listed before "historic"
        if re.search(rf"\b{word}\b", lowered):
            return fmt
    return None


def _odds_params(text: str, intent: Intent) -> None:
    """Fill want/by_turn/on_play (and a hypothetical deck) from an odds question."""
    intent.on_play = not _DRAW.search(text)
    turn = _TURN.search(text)
    if turn:
        intent.by_turn = _num(next(g for g in turn.groups() if g))
    for match in _LANDS_WANT.finditer(text):
        span_text = match.group(0).lower()
        if re.search(r"\b(with|running|playing|has|have)\s*$", text[: match.start()].lower()):
            continue  # "with 24 lands" describes the deck, not the goal
        if "card" in span_text:
            continue
        intent.want = _num(match.group(1))
        break
    if _OPENING.search(text):
        intent.by_turn = intent.by_turn or 1
        intent.want = intent.want or 1
    if intent.want is None and (intent.by_turn is not None) and _LAND_DROP.search(text):
        intent.want = intent.by_turn  # "make my land drop on turn 4"
    if intent.by_turn is None and intent.want is not None:
        intent.by_turn = intent.want  # "chance to hit my fourth land" means on curve
    size, lands = _HYPO_SIZE.search(text), _HYPO_LANDS.search(text)
    if lands and not size and int(lands.group(1)) < 10:
        lands = None  # "i have 2 lands" is the hand, not a 2-land deck
    if lands:
        intent.lands = int(lands.group(1))
        intent.deck_size = int(size.group(1)) if size else 60


def _search_query(text: str) -> str:
    query = _SEARCH_LEAD.sub("", text, count=1).strip(" ?.!")
    return query or text.strip(" ?.!")


def _asked_card(text: str, catalog: NameFinder | None) -> list[str]:
    """The exact name in "what does X do" / "tell me about X", for names too short to spot in prose."""
    match = _ASKED.search(text)
    if catalog is None or match is None:
        return []
    card = catalog.get(next(g for g in match.groups() if g).strip(" ?!.\"'"))
    return [card.name] if card else []


# ---- players' spelling ---------------------------------------------------------------------

# Question words as players type them; fixed before any rule reads the text.
_TYPOS: dict[str, str] = {
    "wat": "what", "wht": "what", "whta": "what", "waht": "what", "whats": "what's", "wats": "what's",
    "hw": "how", "hwo": "how", "mny": "many", "manny": "many", "mayn": "many", "u": "you", "ur": "your",
    "yur": "your", "r": "are", "im": "i'm", "ive": "i've", "dose": "does", "doe": "does", "teh": "the",
    "da": "the", "chanse": "chance", "chnace": "chance", "chane": "chance", "chances": "chances",
    "probabilty": "probability", "probablity": "probability", "prob": "probability", "oddz": "odds",
    "oppening": "opening", "openning": "opening", "openr": "opener", "opnr": "opener", "openeer": "opener",
    "landz": "lands", "lnds": "lands", "creaturs": "creatures", "creatrues": "creatures", "critters": "creatures",
    "shoud": "should", "shud": "should", "shld": "should", "cna": "can", "plz": "please", "pls": "please",
    "thx": "thanks", "deeck": "deck", "dekc": "deck", "dek": "deck", "decklist": "deck", "sb": "sideboard",
    "sideboad": "sideboard", "sidebaord": "sideboard", "mulli": "mulligan", "mull": "mulligan",
    "mulls": "mulligans", "mulled": "mulliganed", "t1": "turn 1", "t2": "turn 2", "t3": "turn 3",
    "t4": "turn 4", "t5": "turn 5", "t6": "turn 6", "otp": "on the play", "otd": "on the draw",
    "tho": "though", "drawin": "drawing", "runnin": "running", "playin": "playing", "gonna": "going to",
    "wanna": "want to", "abt": "about", "bc": "because", "w/": "with", "w": "with", "hte": "the",
    "anser": "answer", "cmpare": "compare", "compair": "compare", "vs.": "vs",
}
_TYPO_WORD = re.compile(r"[A-Za-z0-9/.']+")


def normalize(text: str) -> str:
    """The question with common misspellings of question words fixed (card names untouched)."""

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        trail = ""
        while word and word[-1] in ".'" and word.lower() not in _TYPOS:
            word, trail = word[:-1], word[-1] + trail
        fixed = _TYPOS.get(word.lower())
        return (fixed if fixed is not None else word) + trail

    return _TYPO_WORD.sub(fix, text)


# ---- the question and the cards it names ---------------------------------------------------


@dataclass
class Question:
    """One question with what the rules need: its text, the deck's names, lazily found cards."""

    raw: str
    text: str
    has_deck: bool
    catalog: NameFinder | None
    deck_names: list[str] = field(default_factory=list)
    deck_subtypes: frozenset[str] = frozenset()
    _found: tuple[list[str], list[Mention]] | None = None
    _mentions: list[Mention] | None = None

    def mentions(self) -> list[Mention]:
        """The deck's cards named in the question (computed once)."""
        if self._mentions is None:
            self._mentions = find_in_deck(self.text, self.deck_names, subtypes=self.deck_subtypes) if self.deck_names else []
        return self._mentions

    def _find(self) -> tuple[list[str], list[Mention]]:
        if self._found is not None:
            return self._found
        lowered = self.text.lower()
        mentions = self.mentions()
        ambiguous = [m for m in mentions if m.alternatives]
        placed: list[tuple[int, str]] = [(m.start, m.card) for m in mentions if not m.alternatives]
        taken = {c for _, c in placed}
        for match in re.finditer(r"[a-z0-9']+", lowered):
            nick = nickname(match.group(0)) or (nickname(match.group(0)[:-1]) if match.group(0).endswith("s") else None)
            if nick and nick not in taken and self.catalog is not None and self.catalog.get(nick):
                placed.append((match.start(), nick))
                taken.add(nick)
        if self.catalog is not None:
            for card in self.catalog.find_names_in_text(self.text, limit=5):
                at = lowered.find(card.name.lower().split(" // ")[0])
                if at >= 0:  # a full name beats a deck card's single word at the same place
                    span = range(at, at + len(card.name))
                    weak = {m.card for m in mentions if m.how in ("word", "fuzzy") and m.start in span}
                    placed = [(s, c) for s, c in placed if c not in weak]
                    ambiguous = [m for m in ambiguous if m.start not in span]
                if card.name in taken:
                    continue
                placed.append((at if at >= 0 else len(lowered), card.name))
                taken.add(card.name)
        placed.sort()
        names: list[str] = []
        for _, name in placed:
            if name not in names:
                names.append(name)
        self._found = (names, ambiguous)
        return self._found

    def cards(self) -> list[str]:
        """Cards named, deck cards first by position; nicknames and short names included."""
        return self._find()[0]

    def deck_cards(self) -> list[str]:
        """Only the deck's cards named (no catalog-wide search: fast, and enough for most questions)."""
        if self._found is not None:
            return [c for c in self._found[0] if c in self.deck_names]
        if any(m.how in ("word", "fuzzy") for m in self.mentions()):
            # "lightning bolt" is not Lightning Strike: a partial name needs the catalog's full names
            return [c for c in self.cards() if c in self.deck_names]
        found = [m.card for m in self.mentions() if not m.alternatives]
        for match in re.finditer(r"[a-z0-9']+", self.text.lower()):
            word = match.group(0)
            nick = nickname(word) or (nickname(word[:-1]) if word.endswith("s") else None)
            if nick in self.deck_names and nick not in found:
                found.append(nick)
        return found

    def ambiguous(self) -> list[Mention]:
        """Short names that fit several cards of the deck ("valkyrie")."""
        if self._found is not None:
            return self._found[1]
        return [m for m in self.mentions() if m.alternatives]

    def search(self, pattern: re.Pattern[str]) -> re.Match[str] | None:
        return pattern.search(self.text)


Matcher = Callable[[Question], "Intent | None"]


def _short_name(word: str, catalog: NameFinder | None) -> list[str]:
    """A legendary card's short name without a deck ("ragavan" -> Ragavan, Nimble Pilferer)."""
    fuzzy = getattr(catalog, "fuzzy", None)
    if fuzzy is None or catalog is None or len(word) < 4:
        return []
    key = word.lower().strip(" ?!.\"'")
    hits = [m.name for m in fuzzy(key, limit=10, score_cutoff=60.0) if m.name.lower().split(",")[0] == key]
    return hits[:1]


# ---- the rules, in order -------------------------------------------------------------------

_STRATEGY = (
    (_rx(r"\b(sideboard|side (in|out)|bring in|board (in|out)|side ?board plan)\b.*\b(against|vs\.?|versus|into|for the)\b"), "sideboard"),
    (_rx(r"\bhow (do|can|should|would) (i|you|we) (beat|play against|win against|handle|deal with|fight)\b|\b(bad|good|tough|hard|worst|best) match ?ups?\b|\bmatch ?ups?\b|\b(chances?|odds|win ?rate|winrate) (against|vs\.?|versus|into)\b"), "matchup"),
    (_rx(r"\b(the meta|metagame|meta game|tier ?list|tier [0-9]|best decks?|top decks?|what'?s (good|popular|winning)|is .* (in the )?meta)\b"), "meta"),
    (_rx(r"\bshould i (keep|mulligan)\b|\bkeep or mulligan\b|\bmulligan or keep\b|\bkeep this (hand|7|seven)\b|\bkeepable\?"), "mulligan"),
    (_rx(r"\b(price|prices|how much (is|does|do|would)|cost (me )?in (dollars|money|usd|euros?)|\$\d|usd|eur|tix|tcgplayer|cardmarket|buy)\b"), "price"),
    (_rx(r"\b(how (do|should) i play|play ?pattern|when (do|should) i (cast|play|attack)|game ?plan|how to pilot|tips)\b"), "play"),
)
_COUNT = _rx(r"\b(?:do i have|am i running|am i playing|i have|running) enough\b|\bhow many\b|\bnumber of\b|\bhow much\b(?!\s+(is|does|do|would|are))|\bcount (my|the|all)\b|\bdo i (run|play|have) any\b|\bam i (running|playing) any\b|\bany .+ in (my|the|this) deck\b")
_SIDE_LIST = _rx(r"\bwhat'?s? (is )?in (my|the) (sideboard|side ?board|side|board)\b|\b(show|list|see)( me)? (my|the) (sideboard|side)\b|\bsideboard (list|cards)\b|\bmy sideboard\??$")
_SIDE = _rx(r"\b(sideboard|side ?board|in the side|in my side|on the side|sb)\b")
_COUNT_STOP = _rx(r"\s+(do|does|did|am|are|is|r|will|would|can|should|in|on|i|have|got|that|which|we|there|inside|within|total|altogether|overall|rn)\b.*$")
_AVERAGE = _rx(r"\baverage\b|\bavg\b")
_LAND_COUNT_ASKED = _rx(r"\bhow many lands\b|\blands?\b.*\b(too (many|few)|enough|right|ideal|optimal)\b"
                        r"|\b(too (many|few)|enough)\b.*\blands?\b")
_LAND_ADVICE = _rx(r"\b(should|need|recommend(ed)?|too (many|few)|enough|right|ideal|optimal|supposed|karsten|more|less|fewer)\b")
_RANK = _rx(r"\b(worst|weakest|best|strongest|mvp|least (useful|good)|most (useful|important)) (card|cards|one|link|thing|in)\b|\b(worst|weakest|best|strongest)\??$")
_SWAP = _rx(rf"\b(cut|take out|remove|drop)\b.*\b(for|to (fit|make room for|add|play|run))\b.*\b({_NUM}|another|an extra|one more|a)\b|\bmake room for\b|\bwhat (to|should i|do i) cut (for|to)\b")
# "how many Giada should I play", "should I play 3 or 4 Giada", "should I cut a Valkyrie",
# "is Legion Angel worth it": a judgment of one card of the deck, from the cut ranking.
_JUDGE = _rx(r"\bhow many\b.*\bshould (?:i|we) (?:play|run|have|keep)\b|\bshould (?:i|we) (?:play|run) (?:\d|one|two|three|four)\b.*\bor\b"
             r"|\bshould (?:i|we) (?:cut|drop|remove|keep|bench)\b|\bis\b.*\b(?:worth (?:it|playing|a slot|running)|pulling its weight)\b")
_COPIES = _rx(r"\b(2nd|3rd|4th|second|third|fourth|2|3|4)\s+(copy|copies|one|of)\b|\b(2nd|3rd|4th|second|third|fourth)\b")
_WORDS_FOR = {v: k for k, v in _WORD_NUMBERS.items() if not k.endswith(("st", "nd", "rd", "th"))}
_ORDINALS = {"2nd": 2, "second": 2, "3rd": 3, "third": 3, "4th": 4, "fourth": 4}
_MULL_TO = _rx(r"\bmulligan(?:ing|s)?\s+(?:down\s+)?to\s+(\d|six|five|four)\b|\bmull(?:igan)? (?:to )?(6|5|4)\b|\bgoing to (6|six|5|five)\b|\bto (6|six|5|five) cards\b")
_LAND_NUM = r"(?:\d|one|two|three|four|five|six|seven)"
_EXACT_LANDS = _rx(rf"\b(?:exactly\s+)?({_LAND_NUM}(?:\s*(?:,|or|and|to|-)\s*{_LAND_NUM})+)\s+lands?\b|\bexactly\s+({_LAND_NUM})\s+lands?\b")
_TRON = _rx(r"\b(natural\s+)?tron\b|\burza (lands|tron)\b|\ball (three|3) urza\b")
_COMBO = _rx(r"\bboth\b|\btogether\b|\bcombo\b|\bassemble\b|\ball (of )?(them|three|two|3|2)\b|\b(and|&|\+)\b")
_ANY = _rx(r"\b(any|either|one) of\b|\beither\b|\bat least one\b|\bor\b")
_NEED = _rx(r"\b(2|3|4|two|three|four|both)\s+(copies|of them|of those|of my)\b|\b(two|2) ([a-z',\- ]+?)s\b")
_GROUP = _rx(r"\b(?:any|a|one|some|my)\s+(?:of\s+)?(?:my\s+|the\s+)?(?:\d+\s+)?((?:mana )?dorks?|removal(?: spells?)?|counterspells?|counters?|card draw|draw spells?|ramp|burn(?: spells?)?|board wipes?|wipes?|sweepers?|wraths?|discard|tutors?|bounce|(?:one|two|three|1|2|3)[- ]drops?|creatures?|instants?|sorcer(?:y|ies)|planeswalkers?|[a-z]+ (?:creatures?|spells?|cards?))\b")
_DRAW_WORD = _rx(r"\b(draw|drawing|drew|have|hold|holding|get|see|find|hit|open|start with|in (my|the) (opener|opening hand|hand))\b")


def _turn(text: str) -> int | None:
    match = _TURN.search(text)
    return _num(next(g for g in match.groups() if g)) if match else None


def _match_empty(q: Question) -> Intent | None:
    if not q.text.strip():
        return Intent("analyze" if q.has_deck else "help")
    return None


def _match_greeting(q: Question) -> Intent | None:
    if _GREETING.match(q.text):
        return Intent("greeting")
    if _THANKS.match(q.text):
        return Intent("greeting", query="thanks")
    return None


def _match_market(q: Question) -> Intent | None:
    # Price, wildcards, craft, history: agent/intents_market.py (imported here: it imports Intent).
    from agent.intents_market import classify_market

    return classify_market(q.text, has_deck=q.has_deck)


def _match_meta(q: Question) -> Intent | None:
    from agent.intents_meta import classify_meta  # meta and matchup questions

    return classify_meta(q.text, has_deck=q.has_deck)


def _match_help(q: Question) -> Intent | None:
    if _HELP.search(q.text) and not _MANA.search(q.text) and not _COUNT.search(q.text):
        return Intent("help")
    return None


def _match_strategy(q: Question) -> Intent | None:
    for pattern, topic in _STRATEGY:
        if pattern.search(q.text):
            return Intent("strategy", query=topic, cards=q.cards()[:2], format=_format(q.text), confidence=0.8)
    return None


def _ask_back(q: Question, template: str) -> Intent | None:
    """When a short name fits several deck cards, ask which with one reading per card."""
    amb = q.ambiguous()
    if not amb:
        return None
    first = amb[0]
    options = [first.card, *first.alternatives][:3]
    readings = [template.format(card=c) for c in options]
    return Intent("clarify", cards=options, readings=readings, confidence=0.3,
                  query=f"“{q.text[first.start:].split()[0]}” fits {len(options)} cards of your deck")


def _match_side_list(q: Question) -> Intent | None:
    if _SIDE_LIST.search(q.text) and not _COUNT.search(q.text):
        return Intent("count", what="", section="side", confidence=0.9)
    return None


# "what removal do I have", "which counterspells am I running": a listing is a count too.
_WHAT_DO_I_HAVE = _rx(r"^\s*(?:what|which)\s+(?P<what>[a-z0-9' -]{3,40}?)\s+(?:do|am|are)\s+(?:i|we)\s+"
                      r"(?:have|run|play|running|playing|got)\b")


def _count_phrase(q: Question) -> str:
    listing = _WHAT_DO_I_HAVE.search(q.text)
    if listing:
        return listing.group("what").strip()
    match = re.search(r"\b(?:how many|number of|how much|count (?:my|the|all)|do i (?:run|play|have) any|am i (?:running|playing) any|enough)\s+(.*)$", q.text, re.I)
    phrase = match.group(1) if match else q.text
    phrase = re.sub(r"^(of\s+)?(my|the|those)\s+", "", phrase.strip(), flags=re.I)
    quoted = re.search(r"\b(that|which)\s+(say|says|read|reads|mention|mentions)\b.*$|[\"“].*$", phrase, re.I)
    tail = quoted.group(0) if quoted else ""
    head = phrase[: quoted.start()] if quoted else phrase
    return (_COUNT_STOP.sub("", " " + head).strip(" ?!.") + " " + tail).strip(" ?!.")


def _match_count(q: Question) -> Intent | None:
    text = q.text
    if _JUDGE.search(text) and q.has_deck and len(q.deck_cards()) == 1:
        return None  # "how many Giada should I play" asks for a judgment (_match_rank), not a count
    section = "side" if _SIDE.search(text) and not re.search(r"\bmain\b", text, re.I) else "main"
    if _WHAT_DO_I_HAVE.search(text) and q.has_deck and not _ODDS.search(text):
        phrase = _count_phrase(q)
        if phrase.lower() not in ("deck", "archetype", "colors", "format") and _reads_as_count(phrase):
            return Intent("count", what=phrase, section=section, confidence=0.85)
    if not _COUNT.search(text) or _ODDS.search(text) or _MULLIGAN.search(text):
        return None
    if _AVERAGE.search(text):
        return Intent("curve", confidence=0.9)
    if re.search(r"\bsources?\b|\bcolou?rs? (of )?mana\b", text, re.I):
        return Intent("mana", format=_format(text), confidence=0.8)
    if re.search(r"\b(lands?|mana)\b", text, re.I) and _LAND_ADVICE.search(text):
        return Intent("mana", format=_format(text), confidence=0.85)
    phrase = _count_phrase(q)
    typed = re.search(r"\b(creatures?|instants?|sorcer|lands?|drops?|spells?|cards with)\b", phrase, re.I)
    cards = q.deck_cards() if q.has_deck else q.cards()
    if cards and not typed:
        return Intent("count", cards=cards[:1], section=section, what=phrase, confidence=0.9)
    if q.ambiguous():
        return _ask_back(q, "how many {card} do I run")
    if q.has_deck and not typed and not _reads_as_count(phrase) and q.cards():
        # a card that is not in the deck: the count is zero, and saying so answers the question
        return Intent("count", cards=q.cards()[:1], section=section, what=phrase, confidence=0.8)
    return Intent("count", what=phrase, section=section, confidence=0.8)


def _reads_as_count(phrase: str) -> bool:
    """Whether the counting vocabulary alone reads the phrase (then no card search is needed)."""
    try:
        read_phrase(phrase, [])
    except UnknownCountError:
        return False
    return True


def _mulligan_to(text: str) -> int | None:
    match = _MULL_TO.search(text)
    if not match:
        return None
    return _num(next(g for g in match.groups() if g))


def _match_odds(q: Question) -> Intent | None:
    text = q.text
    asks = _ODDS.search(text) or re.search(r"\bwhat are the odds\b|\bhow likely\b|\bwhat % \b|\b%\s*(chance|to)\b", text, re.I)
    if _MULLIGAN.search(text) and (asks or re.search(r"\bhow (many|much|often)\b", text, re.I)) and not _MULL_TO.search(text):
        return Intent("odds", query="opening_hands", confidence=0.9)
    if not asks and _CAN_CAST.search(text) and q.cards():  # "can I cast Omnath on curve?" (cheap test first)
        return Intent("odds", cards=q.cards()[:1], format=_format(text), query="cast", confidence=0.8)
    if not asks:
        return None
    fmt = _format(text)
    on_play = not _DRAW.search(text)
    opener = bool(_OPENING.search(text)) or bool(re.search(r"\b(opening|starting) (hand|7|seven)\b|\bin (my|the) hand\b", text, re.I))
    turn = _turn(text)
    by_turn = None if opener and turn is None else turn
    exact = _EXACT_LANDS.search(text)
    if exact and (opener or turn is None) and not re.search(r"\bby turn\b", text, re.I):
        spec = exact.group(1) or exact.group(2)
        nums = [_num(t) for t in re.findall(_LAND_NUM, spec, re.I)]
        counts = sorted(set(nums))
        if re.search(r"\bto\b|-", spec):  # "2 to 4 lands": the whole range
            counts = list(range(min(nums), max(nums) + 1))
        return Intent("odds", exactly=counts, on_play=on_play, confidence=0.9)
    if _CAST.search(text) and q.cards() and not _MULL_TO.search(text):
        return Intent("odds", cards=q.cards()[:1], format=fmt, query="cast", confidence=0.85)
    tron = _TRON.search(text)
    tron_lands = [n for n in ("Urza's Mine", "Urza's Power Plant", "Urza's Tower") if n in q.deck_names or not q.deck_names]
    if tron:
        return Intent("odds", cards=tron_lands, combo=True, by_turn=by_turn, on_play=on_play,
                      mulligan_to=_mulligan_to(text), what="Tron", confidence=0.9)
    lands_asked = _LANDS_WANT.search(text) or _LAND_DROP.search(text) or re.search(r"\blands?\b", text, re.I)
    group = _GROUP.search(text)
    cards = q.deck_cards() or ([] if (lands_asked or group) and q.has_deck else q.cards())
    if q.ambiguous() and not cards:
        when = "in my opener" if by_turn is None else f"by turn {_WORDS_FOR.get(by_turn, by_turn)}"
        return _ask_back(q, "odds I draw {card} " + when)
    if cards and not (lands_asked and not any(c in q.deck_names for c in cards) and not _DRAW_WORD.search(text)):
        need_match = _NEED.search(text)
        need = 1
        if need_match and need_match.group(1):
            need = 2 if need_match.group(1).lower() == "both" else _num(need_match.group(1))
        elif need_match and need_match.group(3):
            need = 2
        combo = len(cards) >= 2 and bool(_COMBO.search(text)) and not re.search(r"\b(any|either|one) of\b|\beither\b|\bor\b", text, re.I)
        if len(cards) >= 2 and need_match and need_match.group(1) and need_match.group(1).lower() == "both":
            combo, need = True, 1
        confidence = 0.85 if (turn is not None or opener) else 0.6
        return Intent("odds", cards=cards[:4], need=need, combo=combo, by_turn=by_turn, on_play=on_play,
                      mulligan_to=_mulligan_to(text), format=fmt, confidence=confidence)
    if group and q.has_deck and not re.search(r"\b(\d+|one|two|three|four|five|six)(st|nd|rd|th)?\s+(\w+\s+){0,2}lands?\b|\bland drops?\b", text, re.I):
        phrase = group.group(1)
        return Intent("odds", what=phrase, by_turn=by_turn, on_play=on_play, mulligan_to=_mulligan_to(text),
                      confidence=0.8 if (turn is not None or opener) else 0.6)
    if lands_asked and group and q.has_deck and not re.search(r"\blands?\b", group.group(1), re.I):
        # "2 lands and a 1 drop in my opener": two conditions at once; asking beats answering one
        when = "in my opener" if by_turn is None else f"by turn {_WORDS_FOR.get(by_turn, by_turn)}"
        things = group.group(1) if group.group(1).endswith("s") or group.group(1) in ("removal", "ramp", "burn", "card draw") else plural(group.group(1))
        return Intent("clarify", readings=[f"odds I draw any of my {things} {when}",
                                           "chance my opening hand has two or three lands",
                                           "how often I mulligan this deck"], confidence=0.3,
                      query="I could not tell which one thing you want the odds of")
    if not (_MANA.search(text) or _TURN.search(text) or _OPENING.search(text)):
        # "what are my chances": odds of what? Ask rather than guess.
        return Intent("clarify", readings=readings_for(Intent("odds")), confidence=0.3,
                      query="I could not tell what you want the odds of")
    if not q.has_deck and not (lands_asked or _MANA.search(text)):
        return Intent("odds", confidence=0.8)  # about the player's cards: the answer asks for the deck
    if not (lands_asked or _MANA.search(text)):
        # Odds of something that is neither a card we found nor lands: asking beats a land figure.
        return Intent("clarify", readings=readings_for(Intent("odds")), confidence=0.3,
                      query="I could not tell which cards you mean")
    intent = Intent("odds", format=fmt, confidence=0.85)
    _odds_params(text, intent)
    if intent.want is None:
        intent.want, intent.by_turn = intent.by_turn or 4, intent.by_turn or 4
        intent.confidence = 0.6
    return intent


def _match_rank(q: Question) -> Intent | None:
    text = q.text
    swap = _SWAP.search(text)
    if swap and q.has_deck:
        cards = q.cards()
        copies_match = _COPIES.search(text)
        copies = None
        if copies_match:
            token = next(g for g in copies_match.groups() if g).lower()
            copies = _ORDINALS.get(token) or (int(token) if token.isdigit() else None)
        return Intent("rank", what="swap", cards=cards[:1], copies=copies, confidence=0.85 if cards else 0.5)
    if _JUDGE.search(text) and q.has_deck:
        named = q.deck_cards()
        if len(named) == 1:
            return Intent("rank", what="judge", cards=named, confidence=0.85)
        if q.ambiguous():
            return _ask_back(q, "should I cut {card}")
    rank = _RANK.search(text)
    if rank and (q.has_deck or re.search(r"\bdeck\b", text, re.I)):
        best = re.search(r"\b(best|strongest|mvp|most)\b", rank.group(0), re.I) is not None
        return Intent("rank", what="best" if best else "worst", confidence=0.8)
    return None


def _match_legality(q: Question) -> Intent | None:
    fmt = _format(q.text)
    if q.has_deck and re.search(r"\bcompanion\b", q.text, re.I):  # its deckbuilding rule, not a format
        return Intent("analyze", query="companion", format=fmt)
    if _LEGAL.search(q.text) or (fmt and re.search(r"\b(play|playable|use|run)\b.*\bin\b", q.text, re.I)):
        return Intent("legality", cards=q.cards() if not re.search(r"\b(my|this|the) deck\b", q.text, re.I) else [], format=fmt)
    return None


_SIDES = _rx(r"^(?:is |are |compare |so |what'?s |what is )?(?:the )?(?:diff\w* between )?(.+?)\s+(?:or|vs\.?|versus|and|better than|worse than|over)\s+(.+?)(?:\s+(?:for|in|on|which|,|\?)\b.*|\?)?$")


def _both_sides(q: Question) -> list[str]:
    """Cards on each side of "X or Y" / "X vs Y", for short names prose search won't take ("opt")."""
    match = _SIDES.search(q.text.strip(" ?!."))
    if match is None or q.catalog is None:
        return []
    found: list[str] = []
    for side in match.groups():
        side = side.strip(" ,?!.\"'")
        card = q.catalog.get(side) or (q.catalog.get(nickname(side) or "") if nickname(side) else None)
        names = [card.name] if card else _short_name(side, q.catalog)
        if not names:
            return []
        found.append(names[0])
    return found


def _match_compare(q: Question) -> Intent | None:
    if not (_COMPARE_STRONG.search(q.text) or _COMPARE.search(q.text)):
        return None
    found = q.cards()
    if len(found) < 2:
        found = _both_sides(q) or found
    if len(found) >= 2:
        return Intent("compare", cards=found[:2], confidence=0.9)
    if _COMPARE_STRONG.search(q.text) and found:
        return Intent("compare", cards=found, confidence=0.6)
    return None


def _match_deck_topics(q: Question) -> Intent | None:
    text, fmt = q.text, _format(q.text)
    if q.has_deck and re.search(r"\bcompanion\b", text, re.I):
        return Intent("analyze", query="companion", format=fmt)
    if re.search(r"\bhow many lands\b", text, re.I):
        return Intent("mana", format=fmt)
    if _SUGGEST.search(text) and (q.has_deck or re.search(r"\b(my|the) deck\b", text, re.I)):
        return Intent("suggest", format=fmt)
    if _ARCHETYPE.search(text) and (q.has_deck or re.search(r"\bdeck\b", text, re.I)):
        return Intent("archetype")
    if _CURVE.search(text) and not re.search(r"\bmana base|manabase\b", text, re.I):
        return Intent("curve")
    if _MANA.search(text) and (_MY_MANA.search(text) or not _CARD.search(text)):
        return Intent("mana", format=fmt)
    if _ANALYZE.search(text) and (q.has_deck or re.search(r"\bdeck|list\b", text, re.I)) and not (_CARD.search(text) and q.cards()):
        return Intent("analyze", format=fmt)
    return None


def _match_search(q: Question) -> Intent | None:
    if _SEARCH.search(q.text) and not _CARD.search(q.text):
        return Intent("search", query=_search_query(q.text))
    return None


def _match_card(q: Question) -> Intent | None:
    found = q.cards() or _asked_card(q.text, q.catalog)
    if not found:
        asked = _ASKED.search(q.text)
        if asked:
            found = _short_name(next(g for g in asked.groups() if g), q.catalog)
    if found:
        return Intent("card", cards=found[:3], confidence=0.85 if _CARD.search(q.text) else 0.6)
    if q.ambiguous():
        return _ask_back(q, "what does {card} do")
    return None


def _match_fallback(q: Question) -> Intent | None:
    text = q.text
    if _MANA.search(text):
        return Intent("mana", format=_format(text), confidence=0.6)
    if re.search(r"\b(my|this|the) deck\b", text, re.I):
        return Intent("analyze", format=_format(text), confidence=0.6)
    return Intent("unknown", confidence=0.0)


MATCHERS: list[tuple[str, Matcher]] = [
    ("empty", _match_empty), ("greeting", _match_greeting), ("market", _match_market), ("meta", _match_meta),
    ("strategy", _match_strategy),
    ("side_list", _match_side_list), ("odds", _match_odds), ("count", _match_count), ("rank", _match_rank),
    ("help", _match_help), ("legality", _match_legality), ("compare", _match_compare),
    ("deck_topics", _match_deck_topics), ("search", _match_search), ("card", _match_card),
    ("fallback", _match_fallback),
]


def add_matcher(name: str, matcher: Matcher, *, before: str = "strategy") -> None:
    """Hook another module's rules in (meta, market questions) ahead of ``before``."""
    names = [n for n, _ in MATCHERS]
    if name in names:
        MATCHERS[names.index(name)] = (name, matcher)
        return
    MATCHERS.insert(names.index(before), (name, matcher))


def classify(text: str, catalog: NameFinder | None, *, has_deck: bool,
             deck_names: list[str] | None = None, deck_subtypes: frozenset[str] = frozenset()) -> Intent:
    """Return the intent of one question; ``catalog`` finds card names, ``deck_names`` the deck's first."""
    raw = text.strip()
    question = Question(raw, normalize(raw), has_deck, catalog, list(deck_names or []), deck_subtypes)
    for _, matcher in MATCHERS:
        intent = matcher(question)
        if intent is not None:
            if intent.name == "mana" and intent.query is None and _LAND_COUNT_ASKED.search(question.text):
                intent.query = "lands"  # "is 24 lands too many?": the land count answers first
            return intent
    return Intent("unknown", confidence=0.0)


def readings_for(intent: Intent) -> list[str]:
    """The two or three likeliest questions behind an unsure reading, as suggested replies."""
    card = intent.cards[0] if intent.cards else None
    if intent.name == "odds" and card:
        return [f"odds I draw {card} in my opening hand", f"odds I draw {card} by turn three on the play",
                f"how many {card} do I run"]
    if intent.name == "odds":
        return ["chance to hit my fourth land on turn four", "how often I mulligan this deck",
                "chance my opening hand has two or three lands"]
    if intent.name == "card" and card:
        return [f"what does {card} do", f"odds I draw {card} in my opening hand", f"how many {card} do I run"]
    if intent.name == "compare" and card:
        return [f"what does {card} do", f"compare {card} and <another card>"]
    if intent.name == "rank":
        return ["what should I cut", "what's my worst card", "review my deck"]
    if intent.name in ("mana", "analyze"):
        return ["what's wrong with my mana", "review my deck", "how many lands should I run"]
    return ["review my deck", "what's wrong with my mana", "what can you do"]


def clarify_if_unsure(intent: Intent) -> Intent:
    """Turn a reading below ``ASK_BACK_BELOW`` into a question back, with likely readings."""
    if intent.name in ("clarify", "unknown") or intent.confidence >= ASK_BACK_BELOW:
        return intent
    return Intent("clarify", cards=list(intent.cards), readings=readings_for(intent), confidence=intent.confidence,
                  query=f"I read this as a {intent.name} question, but not surely")
