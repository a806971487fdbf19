"""Split a draft into claims, each bound to the one fact it asserts.

A draft is read in three passes:

1. masks: code spans (the player's own text), mana symbols, quoted rules text (``>`` lines)
   and any fact string quoted verbatim (a suggestion's reason, the land formula) are not
   claims of their own; a verbatim quote counts as one verified claim;
2. names: bold and quoted names, and plain Title-Case runs the catalog knows, become name
   tokens, so "Add 2 **Negate**" and "add two Negate" read the same;
3. patterns: each clause is read for what it asserts ("N lands", "X% ... by turn T on the
   draw", "N red sources", "**Card** wants N", "cut N **Card**", a guild or format name),
   and each assertion becomes a ``Claim`` naming the fact it binds to. A number no pattern
   binds is an unverifiable claim: matching some other fact proves nothing.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from agent.check.vocab import (
    COLOR_WORDS,
    FORMAT_RE,
    NOT_CARDS,
    NUMBER_WORDS,
    ORDINALS,
    identity_mentions,
)
from arena.mentions import COMMON_WORDS
from arena.models import Card
from arena.names import name_key

NUM = r"(\d+(?:\.\d+)?)"
TOKEN_RE = re.compile(r"⟦(\d+)⟧")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_QUOTED = re.compile(r"[\"“]([A-Z][^\"“”\n]{2,60})[\"”]")
_CODE = re.compile(r"`[^`\n]*`")
_MANA = re.compile(r"\{[^}\s]{1,5}\}")
_LIST_NUMBER = re.compile(r"(?m)^(\s*)\d+[.)]\s")
_QUOTE_MARK = "⟪q⟫"
_SMALL = {"of", "the", "a", "an", "and", "to", "in", "on", "from", "for", "with", "at", "by", "de", "la", "//"}
_CAP_RUN = re.compile(
    r"[A-Z][\w'’\-]*(?:,?\s+(?:(?:of|the|a|an|and|to|in|on|from|for|with|at|by|de|la|//)\s+)*[A-Z][\w'’\-]*)*"
)
_TITLE_WORD = re.compile(r"[A-Z][a-z'’]+(?:-[A-Za-z][a-z'’]*)*")
_EXAMPLE = re.compile(r"\b(?:e\.g\.|for example|for instance|describe it|such as|something like)\b", re.I)
_SENTENCE = re.compile(r"(?<=[.!?;])\s+(?=\S)")
_NUMBER = re.compile(r"(?<![\w.⟦/])(\d+(?:,\d{3})*(?:\.\d+)?)(\s?%)?(?![\w⟧/])")
_CHANGE_VERBS = r"cut|cutting|remove|removing|drop|add|adding|include|including|play|run|bring in|slot in|swap in|put in|try"


@dataclass
class Claim:
    """One assertion of a draft and the fact it is bound to."""

    kind: str
    text: str  # the clause, as written
    args: dict[str, Any] = field(default_factory=dict)
    status: str = "unverifiable"  # verified / wrong / unverifiable
    reason: str = ""
    fact: str = ""  # where in the facts it was checked
    line: int = -1  # which line of the draft, and which clause of it, said it
    clause: int = -1

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "text": self.text, "status": self.status, "reason": self.reason, "fact": self.fact}


@dataclass
class Prepared:
    """A draft after masking and naming: clause texts with ⟦i⟧ tokens, the names, the quotes."""

    lines: list[str]
    names: list[tuple[str, Card | None, bool]]  # (as written, card, bold-or-quoted)
    quotes: list[str]


# ---- pass 1: masks ---------------------------------------------------------------------------


_NAME_KEYS = frozenset({"card", "name", "cheaper", "commander", "companion", "faces"})


def fact_strings(facts: Any, *, min_len: int = 20) -> list[str]:
    """Every string in the facts long enough that quoting it verbatim is quoting a fact.

    Card names are left out: a name in the draft is a card claim of its own, checked as one.
    """
    found: list[str] = []
    _strings(facts, found, min_len)
    return found


def _strings(item: Any, found: list[str], min_len: int) -> None:
    if isinstance(item, str):
        if len(item) >= min_len:
            found.append(item)
    elif isinstance(item, Mapping | list | tuple):
        if len(item) >= _MEMO_MIN:
            found.extend(_MEMO.strings(item, min_len))
        else:
            _container_strings(item, found, min_len)


def _container_strings(item: Any, found: list[str], min_len: int) -> None:
    values = (v for k, v in item.items() if k not in _NAME_KEYS) if isinstance(item, Mapping) else item
    for value in values:
        _strings(value, found, min_len)


_MEMO_MIN = 6


class _StringMemo:
    """The strings of large fact containers, remembered by identity.

    A deck's analysis is computed once and shared by every turn about the deck
    (``arena.deck_service.DeckCache``); walking it again for every check was the check's main
    cost. Each entry keeps its container alive, so an id is never reused while cached, and
    facts are never mutated after a tool returns them.
    """

    def __init__(self, size: int = 4096):
        self._size = size
        self._items: OrderedDict[tuple[int, int], tuple[Any, tuple[str, ...]]] = OrderedDict()
        self._lock = threading.Lock()

    def strings(self, container: Any, min_len: int) -> tuple[str, ...]:
        key = (id(container), min_len)
        with self._lock:
            hit = self._items.get(key)
            if hit is not None and hit[0] is container:
                self._items.move_to_end(key)
                return hit[1]
        found: list[str] = []
        _container_strings(container, found, min_len)
        result = tuple(found)
        with self._lock:
            self._items[key] = (container, result)
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return result


_MEMO = _StringMemo()


def _mask_quotes(draft: str, facts: Mapping[str, Any]) -> tuple[str, list[str]]:
    quotes = []
    for text in sorted(set(fact_strings(facts)), key=len, reverse=True):
        for piece in text.split("\n"):
            piece = piece.strip()
            if len(piece) >= 20 and piece in draft:
                draft = draft.replace(piece, _QUOTE_MARK)
                quotes.append(piece)
    return draft, quotes


# ---- pass 2: names ---------------------------------------------------------------------------


def _looks_like_name(span: str) -> bool:
    words = span.split()
    if not 1 <= len(words) <= 9 or span[-1] in ".:;!?," or not span[0].isupper():
        return False
    return all(w[0].isupper() or w.lower() in _SMALL or not w[0].isalpha() for w in words)


def _vocab_word(word: str) -> bool:
    w = word.lower().strip(",'’").removesuffix("'s").removesuffix("’s")
    return (w in COMMON_WORDS or w in NOT_CARDS or w in COLOR_WORDS or w in _SMALL or bool(identity_mentions(w))
            or w in _STARTERS or w.isdigit())


_STARTERS = frozenset(
    """chance chances probability odds total count counts add cut swap keep lands curve colored every with you your that this these those there here
    what how why when which where who by average nothing however also then so now but and or if
    fine short over too only both each all some many most more fewer less few no not yes sure
    ask changes arithmetic let i i'm it's my mana odds deck decks card cards sources source
    land turn turns play draw hand hands opening mulligan legal illegal banned format formats
    shares share meta metagame tier tournament lists standard modern pioneer historic explorer timeless alchemy
    brawl commander legacy vintage pauper limited""".split()
)


def _name_runs(line: str, lookup: Any, finder: Any) -> Iterator[tuple[str, Card | None]]:
    """Plain card names in a line: Title-Case runs the catalog knows; unknown name-like runs."""
    for match in _CAP_RUN.finditer(line):
        run = match.group(0).rstrip(",")
        words = run.split()
        if all(_vocab_word(w) for w in words):
            continue
        found = _exact_window(words, lookup)
        if found is not None:
            start, size, exact = found
            before = words[start - 1] if start else ""
            after = words[start + size] if start + size < len(words) else ""
            # "Grimhollow Revenant" is not the card Revenant: a name-like word glued to the
            # window makes the whole run one (unknown) name.
            if not any(w and not _vocab_word(w) and _TITLE_WORD.fullmatch(w.rstrip(",")) for w in (before, after)):
                yield " ".join(words[start:start + size]).rstrip(","), exact
                continue
        name_words = [w for w in words if not _vocab_word(w)]
        if len(name_words) >= 2 and all(_TITLE_WORD.fullmatch(w.rstrip(",")) for w in name_words):
            cards = finder(run, 1) if finder is not None else []
            # The finder may spot a shorter card inside the run ("Revenant" in "Grimhollow
            # Revenant"): only a card whose whole name is the run (misspelt at most) names it.
            card = cards[0] if cards and fuzz.ratio(name_key(cards[0].name), name_key(run)) >= 85 else None
            yield (run, card)


def _exact_window(words: list[str], lookup: Any) -> tuple[int, int, Card] | None:
    for size in range(len(words), 0, -1):
        for start in range(0, len(words) - size + 1):
            window = words[start:start + size]
            if size == 1 and (_vocab_word(window[0]) or len(window[0]) < 3):
                continue
            if window[0].lower() in _SMALL or window[-1].lower() in _SMALL:
                continue
            card = lookup(" ".join(window).rstrip(","))
            if card is not None:
                return start, size, card
    return None


def prepare(draft: str, facts: Mapping[str, Any], lookup: Any, finder: Any = None) -> Prepared:
    """Mask what is not a claim, turn card names into ⟦i⟧ tokens, and split into lines."""
    text = _CODE.sub(" ", draft)
    text = "\n".join("" if line.lstrip().startswith(">") else line for line in text.split("\n"))
    text = _LIST_NUMBER.sub(r"\1- ", text)
    names: list[tuple[str, Card | None, bool]] = []

    def token(name: str, card: Card | None, marked: bool) -> str:
        names.append((name, card, marked))
        return f"⟦{len(names) - 1}⟧"

    def bold(m: re.Match[str]) -> str:
        span = m.group(1).strip()
        return token(span, lookup(span), True) if _looks_like_name(span) else span

    text = _BOLD.sub(bold, text)
    text, quotes = _mask_quotes(text, facts)
    text = _QUOTED.sub(lambda m: token(m.group(1), lookup(m.group(1)), True)
                       if len(m.group(1).split()) >= 2 and _looks_like_name(m.group(1)) else m.group(0), text)
    text = _MANA.sub("·", text)
    lines = []
    named_in_facts: list[str] = []  # built on first need: most drafts name only real cards
    for line in text.split("\n"):
        for run, card in list(_name_runs(line, lookup, finder)):
            if card is None:
                if not named_in_facts:
                    named_in_facts.append(_fact_phrases(facts))
                if run.lower() in named_in_facts[0]:
                    continue  # an archetype or a page title the facts name ("Amulet Titan"), not a card
            line = line.replace(run, token(run, card, False), 1)
        lines.append(line)
    return Prepared(lines, names, quotes)


def _fact_phrases(facts: Mapping[str, Any]) -> str:
    """Every short text of the facts, lower case, in one string to search name-like runs in."""
    found: list[str] = []
    _strings(facts, found, 3)
    return "\n".join(found).lower()


# ---- pass 3: patterns ------------------------------------------------------------------------

_COLOR = r"(white|blue|black|red|green)"
_SIDE_RE = re.compile(r"\bon the (play|draw)\b|\b(play|draw)(?:ing)? first\b|\bgoing (first|second)\b", re.I)
_TURN_RE = re.compile(r"\b(?:by|on|in|until|through) turn (\d+|" + "|".join(NUMBER_WORDS) + r")\b|\bturn[- ](\d+)\b", re.I)
_WANT_RE = re.compile(
    r"\bat least (\d+|" + "|".join(NUMBER_WORDS) + r") lands?\b|\b(" + "|".join(ORDINALS) + r") land\b|\b(\d+) lands? by turn\b",
    re.I,
)


def _int(word: str) -> int:
    return int(word) if word.isdigit() else NUMBER_WORDS.get(word.lower(), ORDINALS.get(word.lower(), 0))


def split_clauses(line: str) -> list[str]:
    return [c for c in _SENTENCE.split(line) if c.strip()]


def claims_of(prepared: Prepared) -> list[Claim]:
    """Every claim in a prepared draft, in reading order."""
    out: list[Claim] = [Claim("quote", q[:80], status="verified", reason="quoted from the facts", fact="facts") for q in prepared.quotes]
    where: dict[int, tuple[int, int]] = {}
    for line_no, line in enumerate(prepared.lines):
        for clause_no, clause in enumerate(split_clauses(line)):
            for m in TOKEN_RE.finditer(clause):
                where[int(m.group(1))] = (line_no, clause_no)
    for index, (name, card, marked) in enumerate(prepared.names):
        line_no, clause_no = where.get(index, (-1, -1))
        out.append(Claim("card", name, {"index": index, "card": card, "marked": marked}, line=line_no, clause=clause_no))
    previous = ""
    for line_no, line in enumerate(prepared.lines):
        for clause_no, clause in enumerate(split_clauses(line)):
            for claim in _clause_claims(clause, line, previous, prepared):
                claim.line, claim.clause = line_no, clause_no
                out.append(claim)
        if line.strip():
            previous = line
    return out


def _card_at(clause: str, prepared: Prepared) -> list[tuple[int, str, Card | None]]:
    return [(int(m.group(1)), prepared.names[int(m.group(1))][0], prepared.names[int(m.group(1))][1])
            for m in TOKEN_RE.finditer(clause)]


def _readable(clause: str, prepared: Prepared) -> str:
    return TOKEN_RE.sub(lambda m: prepared.names[int(m.group(1))][0], clause).strip()


def _clause_claims(clause: str, line: str, previous: str, prepared: Prepared) -> list[Claim]:
    """Read one clause; every number in it ends up bound to a claim or reported unbound."""
    text = _readable(clause, prepared)
    if _EXAMPLE.search(clause):
        return []  # a made-up example ("describe it: a 60-card deck with 24 lands") asserts nothing
    used: set[int] = set()  # start offsets of numbers some claim bound
    claims: list[Claim] = []
    cards = _card_at(clause, prepared)
    low = clause.lower()

    def bind(kind: str, match: re.Match[str], group: int = 1, **args: Any) -> None:
        used.add(match.start(group))
        claims.append(Claim(kind, text, args))

    for reader in _READERS:
        reader(clause, low, line, previous, cards, bind, used, claims, text)
    for claim in claims:
        if claim.kind == "options":
            # The readings offered: named cards, or list lines (a reading quoted from the facts
            # is masked as a quote, its card name with it).
            named = len({c.name for _, c, _ in prepared.names if c is not None})
            claim.args["listed"] = max(named, sum(1 for ln in prepared.lines if ln.lstrip().startswith("- ")))
    for m in _NUMBER.finditer(clause):
        if m.start(1) in used or _is_context_number(clause, m):
            continue
        after = re.match(r"\s*([\w'’/+-]+)", clause[m.end():])
        args = {"written": m.group(0).strip(), "after": after.group(1) if after else "",
                "cards": [card for _, _, card in cards if card is not None]}
        claims.append(Claim("number", text, args, reason=f"no fact to bind {m.group(0).strip()!r} to"))
    return claims


def _is_context_number(clause: str, m: re.Match[str]) -> bool:
    before = clause[max(0, m.start() - 8):m.start()].lower()
    return before.endswith(("turn ", "turn-", "line ", "t")) and not m.group(2)


Reader = Any


def _read_percent(clause, low, line, previous, cards, bind, used, claims, text) -> None:  # type: ignore[no-untyped-def]
    for m in re.finditer(r"(?<![\w.])" + NUM + r"\s?%", clause):
        if m.start(1) in used:
            continue  # bound by an earlier reader (agent.check.questions)
        window = low
        side_match = None
        sides = list(_SIDE_RE.finditer(window))
        if sides:  # the side word nearest before the number, else the first after it
            before = [s for s in sides if s.start() < m.start()]
            side_match = before[-1] if before else sides[0]
        side = None
        if side_match:
            word = next(g for g in side_match.groups() if g)
            side = "play" if word.lower() in ("play", "first") else "draw"
        turn_m = _TURN_RE.search(low)
        want_m = _WANT_RE.search(low)
        args: dict[str, Any] = {"value": float(m.group(1)), "decimals": _decimals(m.group(1)), "side": side}
        if turn_m:
            args["turn"] = _int(turn_m.group(1) or turn_m.group(2))
        if want_m:
            args["want"] = _int(next(g for g in want_m.groups() if g))
            for g in range(1, 4):
                if want_m.group(g) and want_m.group(g).isdigit():
                    used.add(want_m.start(g))
        deck_m = re.search(r"(\d+) lands in (\d+)(?: cards)?", low)
        if deck_m:
            args["lands"], args["deck_size"] = int(deck_m.group(1)), int(deck_m.group(2))
        if re.search(r"\bkeep|keepable", low):
            args["what"] = "keep"
        elif re.search(r"\b(go|going|mulligan\w*) (to|down to) (six|6)\b|\bto six\b", low):
            args["what"] = "six"
        elif cards and re.search(r"on curve|on time|cast", low):
            args["what"], args["card"] = "curve", cards[0][2]
        elif "turn" in args:
            args["what"] = "lands"
        bind("odds", m, **args)


def _decimals(written: str) -> int:
    return len(written.split(".")[1]) if "." in written else 0


def _read_lands(clause, low, line, previous, cards, bind, used, claims, text) -> None:  # type: ignore[no-untyped-def]
    deck_m = re.search(r"(\d+) lands in (\d+)(?: cards)?", low)
    if deck_m:
        bind("odds_deck", deck_m, 1, lands=int(deck_m.group(1)), deck_size=int(deck_m.group(2)))
        used.add(deck_m.start(2))
    for m in re.finditer(NUM + r" lands? in (?:the|your|an?) (?:average )?open", low):
        bind("avg_lands", m, value=float(m.group(1)), decimals=_decimals(m.group(1)))
    for m in re.finditer(r"(?:average|avg\.?)[^.;]{0,30}?" + NUM + r" lands|" + NUM + r" lands on average", low):
        g = 1 if m.group(1) else 2
        if m.start(g) not in used:
            bind("avg_lands", m, g, value=float(m.group(g)), decimals=_decimals(m.group(g)))
    for m in re.finditer(r"\b(?:wants?|recommends?|recommended|calls for|should (?:run|play|have)|needs?|asks for|suggests?)\s+(?:about |around )?(\d+)(?! \w+ sources)(?:\s+lands?)?", low):
        if m.start(1) not in used and ("land" in low or "curve" in low or "land" in previous.lower()):
            bind("lands_recommended", m, value=int(m.group(1)))
    for m in re.finditer(r"\b(add|cut|remove|drop)\s+(\d+|" + "|".join(NUMBER_WORDS) + r")(?:\s+(?:more\s+|basic\s+)?lands?\b|\s*(?=[.;,)]|$))", low):
        if m.start(2) not in used and ("land" in low or "land" in line.lower() or "land" in previous.lower()):
            if m.group(2).isdigit():
                used.add(m.start(2))
            claims.append(Claim("lands_change", text, {"direction": "cut" if m.group(1) != "add" else "add", "count": _int(m.group(2))}))
    for m in re.finditer(r"(\d+) (?:more|fewer|too many|too few|extra) lands|(\d+) lands? (?:short|too many|too few|over)", low):
        g = 1 if m.group(1) else 2
        if m.start(g) not in used:
            fewer = bool(re.search(r"fewer|too many|over", m.group(0)))
            bind("lands_change", m, g, direction="cut" if fewer else "add", count=int(m.group(g)))
    for m in re.finditer(NUM + r"\s*(?:\(|lands? )?counting", low):
        if m.start(1) not in used:
            bind("lands_effective", m, value=float(m.group(1)), decimals=_decimals(m.group(1)))
    for m in re.finditer(r"(?<![\d.])(\d+) (?:basic |nonbasic |untapped |tapped )?lands?\b", low):
        if m.start(1) not in used and not re.match(r"\s*(?:by|on) turn", low[m.end():]):
            bind("lands", m, value=int(m.group(1)))
    if "land" in low or (low.strip().startswith(("you run", "you play")) and "land" in line.lower()):
        for m in re.finditer(r"\b(?:you |deck )?(?:run|runs|play|plays|running|playing|have|has)\s+(\d+)\b(?!\s*(?:%|\w+ sources|cards|copies))", low):
            if m.start(1) not in used:
                bind("lands", m, value=int(m.group(1)))


def _read_answers(clause, low, line, previous, cards, bind, used, claims, text) -> None:  # type: ignore[no-untyped-def]
    """Copies of a card, counts of a kind of card, and draw odds: the question's own answer facts."""
    for m in re.finditer(r"(?<![\w.])(\d+)\s+(?:copies of\s+|x\s+)?(?:the\s+)?⟦(\d+)⟧", clause):
        group = re.match(r"\s*(?:,|or)\s*(?:⟦|[A-Z])", clause[m.end():])
        if m.start(1) not in used and not group and not re.search(r"\b(?:" + _CHANGE_VERBS + r")\s*$", clause[:m.start()], re.I):
            index = int(m.group(2))
            card = next((c for i, _, c in cards if i == index), None)
            bind("copies", m, index=index, card=card, value=int(m.group(1)))
    for m in re.finditer(r"\bsee (\d+) cards(?: of (\d+))?", low):
        bind("cards_seen", m, value=int(m.group(1)), turn=_turn_of(low), side=_side_of(low))
        if m.group(2):
            bind("library", m, 2, value=int(m.group(2)))
    for m in re.finditer(r"\bexactly ((?:\d+(?:,? or |, ))*\d+) lands?", low):
        numbers = [int(n) for n in re.findall(r"\d+", m.group(1))]
        for n in re.finditer(r"\d+", m.group(1)):
            used.add(m.start(1) + n.start())
        claims.append(Claim("exact_lands", text, {"values": numbers}))
    for m in re.finditer(r"\b(\d+) of your (?=\d)", low):
        if "untapped" not in low:
            bind("answer_number", m, key="need", value=int(m.group(1)))
    for m in re.finditer(r"\bof your (\d+)\b(?! \w+ ?(?:enter|come|are) untapped| enter| come)", low):
        if m.start(1) not in used:
            bind("answer_number", m, key="group_copies", value=int(m.group(1)))
    for m in re.finditer(r"mulligan\w* to (\d+)", low):
        bind("answer_number", m, key="mulligan_to", value=int(m.group(1)))
    for m in re.finditer(r"\((\d+) hands?\)", low):
        bind("answer_number", m, key="looks", value=int(m.group(1)))
    for m in re.finditer(r"\((\d+) different\)|(\d+) different cards?", low):
        g = 1 if m.group(1) else 2
        bind("answer_number", m, g, key="distinct", value=int(m.group(g)))
    for m in re.finditer(r"(?<![\d.])(\d+) nonland", low):
        bind("nonland", m, value=int(m.group(1)))
    for m in re.finditer(r"holds (\d+) cards", low):
        bind("count_total", m, what="cards", side="sideboard" in low, value=int(m.group(1)))
    for m in re.finditer(r"fits (\d+) cards", low):
        bind("options", m, value=int(m.group(1)))
    for m in re.finditer(r"(?<![\d.])(\d+) ([\w'⟪⟫ -]{2,40}?) in (?:your|the) (main ?deck|sideboard)", low):
        if m.start(1) not in used and not m.group(2).strip().startswith("⟦"):
            what = m.group(2).strip()
            if what not in ("cards", "card") or "holds" not in low:
                bind("count_total", m, what=what, value=int(m.group(1)))


def _turn_of(low: str) -> int | None:
    m = _TURN_RE.search(low)
    return _int(m.group(1) or m.group(2)) if m else None


def _side_of(low: str) -> str | None:
    m = _SIDE_RE.search(low)
    if not m:
        return None
    word = next(g for g in m.groups() if g)
    return "play" if word.lower() in ("play", "first") else "draw"


def _read_cards_counts(clause, low, line, previous, cards, bind, used, claims, text) -> None:  # type: ignore[no-untyped-def]
    for m in re.finditer(r"(\d+) cards? (?:you(?:'ll| will)? (?:have )?seen|seen)|seen (\d+) cards", low):
        g = 1 if m.group(1) else 2
        bind("cards_seen", m, g, value=int(m.group(g)))
    for m in re.finditer(r"mana value (\d+|7\+) with (\d+) cards", low):
        used.add(m.start(1))
        bind("curve_at", m, 2, mv=m.group(1), value=int(m.group(2)))
    for m in re.finditer(r"(\d+) (?:cards? )?(?:cost|costing|at mana value) (\d+) or (less|more|fewer|lower|higher)", low):
        used.add(m.start(2))
        bind("curve_range", m, mv=int(m.group(2)), above=m.group(3) in ("more", "higher"), value=int(m.group(1)))
    for m in re.finditer(r"(\d+) cards? match|(?:found|matches?) (\d+) cards?", low):
        g = 1 if m.group(1) else 2
        bind("search_total", m, g, value=int(m.group(g)))
    for m in re.finditer(r"the first (\d+)", low):
        bind("search_shown", m, value=int(m.group(1)))
    for m in re.finditer(r"(?<![\d.])(\d+) cards?\b", low):
        if m.start(1) in used or re.search(r"\d+ cards? (?:of|in) (?:the|your|a) ", low[m.start():m.end() + 12]):
            continue
        if re.match(r"\s+(?:with|that|which|costing|of)\b", low[m.end():]):
            bind("count_total", m, what=low[m.start(1):m.end() + 30], value=int(m.group(1)))
        else:
            bind("deck_size", m, value=int(m.group(1)))
    if re.search(r"by mana value|curve|mana values?:", low):
        for m in re.finditer(r"(?<![\w.])(\d+\+?|x)\s*:\s*(\d+)", low):
            if m.start(2) not in used:
                used.add(m.start(1))
                bind("curve_at", m, 2, mv=m.group(1), value=int(m.group(2)))
    for m in re.finditer(r"(?:average|avg\.?|mean) mana value (?:of |is |at )?" + NUM + r"|mana value averag\w* " + NUM, low):
        g = 1 if m.group(1) else 2
        if m.start(g) not in used:
            bind("average_mv", m, g, value=float(m.group(g)), decimals=_decimals(m.group(g)))
    for m in re.finditer(r"(?:peaks?|most cards) at (?:mana value )?(\d+|7\+)", low):
        if m.start(1) not in used:
            bind("curve_peak", m, mv=m.group(1))
    for m in re.finditer(r"(\d+) x spells?|x spells?: (\d+)", low):
        g = 1 if m.group(1) else 2
        bind("x_spells", m, g, value=int(m.group(g)))
    for m in re.finditer(r"x ?= ?(0)", low):
        used.add(m.start(1))


def _read_sources(clause, low, line, previous, cards, bind, used, claims, text) -> None:  # type: ignore[no-untyped-def]
    card = cards[0][2] if cards else None
    for m in re.finditer(r"(\d+) (untapped )?(?:" + _COLOR + r"(?: or " + _COLOR + r")* )?sources(?: of ((?:white|blue|black|red|green)(?: or (?:white|blue|black|red|green))*))?", low):
        letters = {COLOR_WORDS[c] for c in re.findall(_COLOR, m.group(0))}
        colors = "".join(c for c in "WUBRG" if c in letters)
        needs = re.search(r"\b(wants?|needs?|requires?|asks? for|calls? for)\b[^.;]*$", low[:m.start()])
        if card and needs:
            bind("needed", m, card=card, color=colors or None, value=int(m.group(1)))
        elif colors:
            bind("sources", m, color=colors, untapped=bool(m.group(2)), value=int(m.group(1)))
    if "source" in low or "karsten" in low:
        for m in re.finditer(_COLOR + r"\s*(?::\s*)?(\d+)\b(?!\s*%)", low):
            if m.start(2) not in used:
                bind("sources", m, 2, color=COLOR_WORDS[m.group(1)], untapped=False, value=int(m.group(2)))
    for m in re.finditer(r"you have (\d+)|the deck has (\d+)|(\d+) (?:of your|you have)", low):
        g = next(i for i in (1, 2, 3) if m.group(i))
        if m.start(g) in used:
            continue
        color = _color_in(low) or _color_in(line.lower())
        if card:
            bind("have", m, g, card=card, color=color, value=int(m.group(g)))
    for m in re.finditer(r"(\d+) of your (\d+)(?: \w+)? (?:enter|come in|are) untapped", low):
        used.update({m.start(1), m.start(2)})
        color = _color_in(low) or _color_in(line.lower())
        claims.append(Claim("untapped", text, {"color": color, "untapped": int(m.group(1)), "all": int(m.group(2))}))
    for m in re.finditer(r"short(?:fall)?(?: by| of)? (\d+)|(\d+) short\b", low):
        g = 1 if m.group(1) else 2
        if m.start(g) in used:
            continue
        color = _color_in(low[:m.start()]) or _color_in(line.lower())
        bind("shortfall", m, g, card=card, color=color, value=int(m.group(g)))
    chain = r"((?:white|blue|black|red|green)(?:(?:,| or|, or) (?:white|blue|black|red|green))*)"
    for m in re.finditer(chain + r" (?:is|are|runs?|comes?) (short|fine|enough|over|covered)", low):
        letters = {COLOR_WORDS[c] for c in re.findall(_COLOR, m.group(1))}
        colors = "".join(c for c in "WUBRG" if c in letters)
        claims.append(Claim("color_state", text, {"color": colors, "short": m.group(2) == "short"}))
    if re.search(r"every color (?:meets|is fine|has enough)|no color (?:is )?short", low):
        claims.append(Claim("all_colors_fine", text, {}))


def _color_in(text: str) -> str | None:
    """The color a clause is about: "sources of blue or red" and "Blue or red is short" read UR."""
    chain = re.search(r"sources of ((?:white|blue|black|red|green)(?: or (?:white|blue|black|red|green))*)", text) \
        or re.search(r"((?:white|blue|black|red|green)(?: or (?:white|blue|black|red|green))*) (?:is|are) short", text) \
        or re.search(_COLOR, text)
    if not chain:
        return None
    letters = {COLOR_WORDS[c] for c in re.findall(_COLOR, chain.group(0))}
    return "".join(c for c in "WUBRG" if c in letters)


def _read_changes(clause, low, line, previous, cards, bind, used, claims, text) -> None:  # type: ignore[no-untyped-def]
    pattern = re.compile(
        r"\b(" + _CHANGE_VERBS + r")\s+(?:(\d+|" + "|".join(NUMBER_WORDS) + r")\s+(?:more\s+|copies of\s+|x\s+|more copies of\s+)?)?(?:the\s+)?⟦(\d+)⟧",
        re.I,
    )
    for m in pattern.finditer(clause):
        verb = m.group(1).lower()
        direction = "cut" if verb.startswith(("cut", "remov", "drop")) else "add"
        count = _int(m.group(2)) if m.group(2) else None
        if m.group(2) and m.group(2).isdigit():
            used.add(m.start(2))
        claims.append(Claim("change", text, {"direction": direction, "count": count, "index": int(m.group(3)), "verb": verb}))
    for m in re.finditer(r"(?:cut|swap|trade|replace)\s+(?:\d+\s+)?⟦\d+⟧\s+(?:for|with)\s+(?:(\d+)\s+)?⟦(\d+)⟧|in favou?r of\s+(?:(\d+)\s+)?⟦(\d+)⟧", clause, re.I):
        index = int(m.group(2) or m.group(4))
        claims.append(Claim("change", text, {"direction": "add", "count": None, "index": index, "verb": "for"}))


_TOTALS = re.compile(r"main deck (\d+)\s*(?:→|->|to)\s*(\d+) cards?, lands (\d+)\s*(?:→|->|to)\s*(\d+)", re.I)


def _read_totals(clause, low, line, previous, cards, bind, used, claims, text) -> None:  # type: ignore[no-untyped-def]
    """'Main deck 60 → 60 cards, lands 24 → 24': a swap's totals, bound to the suggestion's."""
    for m in _TOTALS.finditer(clause):
        keys = ("size_before", "size_after", "lands_before", "lands_after")
        for group, key in enumerate(keys, start=1):
            used.add(m.start(group))
            claims.append(Claim("swap_total", text, {"key": key, "value": float(m.group(group))}))


def _read_card_stats(clause, low, line, previous, cards, bind, used, claims, text) -> None:  # type: ignore[no-untyped-def]
    if not cards:
        return
    card = cards[0][2]
    for m in re.finditer(r"mana value (?:of )?(\d+)|(\d+) mana\b|costs? (\d+)\b", low):
        g = next(i for i in (1, 2, 3) if m.group(i))
        if m.start(g) not in used:
            bind("card_mv", m, g, card=card, value=int(m.group(g)))
    for m in re.finditer(r"(?<![\w/])([\d*+\-]+)/([\d*+\-]+)(?![\w/])", clause):
        for g in (1, 2):
            for d in re.finditer(r"\d+", m.group(g)):
                used.add(m.start(g) + d.start())
        claims.append(Claim("power_toughness", text, {"card": card, "power": m.group(1), "toughness": m.group(2)}))
    for m in re.finditer(r"loyalty (\d+)", low):
        bind("loyalty", m, card=card, value=int(m.group(1)))
    for m in re.finditer(r"cheaper by (\d+)", low):
        bind("cheaper", m, card=card, value=int(m.group(1)))
    fmt = re.compile(r"\b(not legal|illegal|banned|restricted|legal|unknown)\b(?: in ([\w, ]+))?", re.I)
    for m in fmt.finditer(low):
        formats = re.findall(FORMAT_RE, m.group(2) or "")
        if formats:
            claims.append(Claim("card_legality", text, {"card": card, "status": m.group(1), "formats": formats}))


def _read_deck_legality(clause, low, line, previous, cards, bind, used, claims, text) -> None:  # type: ignore[no-untyped-def]
    if cards:
        return
    m = re.search(r"\b(?:deck|list)\b[^.]*?\bin (" + FORMAT_RE + r")\b[^.]*?\b(not legal|illegal|legal|unknown|banned)\b", low) \
        or re.search(r"\b(?:deck|list)\b[^.]*?\b(not legal|illegal|legal|unknown)\b in (" + FORMAT_RE + r")\b", low)
    if m:
        groups = m.groups()
        fmt, status = (groups[0], groups[1]) if groups[0] in FORMAT_RE.split("|") else (groups[1], groups[0])
        claims.append(Claim("deck_legality", text, {"format": fmt, "status": status}))
    elif (m := re.match(r"\s*-?\s*(" + FORMAT_RE + r")\s*:\s*(not legal|illegal|legal|unknown|banned)\b", low)):
        claims.append(Claim("deck_legality", text, {"format": m.group(1), "status": m.group(2)}))


def _read_identity(clause, low, line, previous, cards, bind, used, claims, text) -> None:  # type: ignore[no-untyped-def]
    if re.search(r"\b(against|versus|vs\.?|opponents?|meta|field|matchup|facing)\b", low):
        return
    for written, colors in identity_mentions(clause):
        claims.append(Claim("identity", text, {"written": written, "colors": colors}))


def _read_problems(clause, low, line, previous, cards, bind, used, claims, text) -> None:  # type: ignore[no-untyped-def]
    for m in re.finditer(r"(\d+) lines?\b", low):
        bind("problem_count", m, value=int(m.group(1)))
    for m in re.finditer(r"\bline (\d+)", low):
        bind("problem_line", m, value=int(m.group(1)))
    for m in re.finditer(r"and (\d+) more", low):
        bind("problem_more", m, value=int(m.group(1)))


def _read_market(*args: Any) -> None:
    from agent.check.market import read_market  # it imports this module

    read_market(*args)


def _read_questions(*args: Any) -> None:
    from agent.check.questions import read_questions  # it imports this module

    read_questions(*args)


_READERS: list[Reader] = [
    _read_market, _read_questions, _read_totals, _read_percent, _read_problems, _read_changes, _read_answers, _read_sources,
    _read_lands,
    _read_card_stats, _read_cards_counts,
    _read_deck_legality, _read_identity,
]
