"""What colors a land can make, read from its own type line and rules text.

Karsten counts a land as a source of every color it can produce (fetch lands: every color they
can find). We read that from the card: basic land types, ``Add {R} or {G}``, ``one mana of any
color``, a chosen color or basic land type, ``any type that a land you control could produce``,
fetch text, its enters-tapped rule, and the land side of modal double-faced cards. What depends
on the rest of the deck (the lands a fetch finds, basics for Evolving Wilds, the commander for
Command Tower, other lands for Reflecting Pool) is resolved in :mod:`arena.analysis.sources`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from arena.analysis.cardfacts import BASIC_LAND_TYPES, ModalLand, card_key, face_texts, modal_land
from arena.models import COLORS, Card

_ALL = frozenset(COLORS)
_SYMBOL_RE = re.compile(r"\{([WUBRGC])\}")
_ADD_RE = re.compile(r"(?<!instead )\badd\b([^.]*)", re.IGNORECASE)
_FETCH_RE = re.compile(r"search your library for ([^.]*?)cards?\b", re.IGNORECASE)
_TAPPED_RE = re.compile(r"\benters( the battlefield)? tapped\b", re.IGNORECASE)
_UNLESS_RE = re.compile(r"\benters(?: the battlefield)? tapped unless ([^.]*)", re.IGNORECASE)
_IF_TAPPED_RE = re.compile(r"\bif ([^,.]*), (?:this land|it|[^,.]*?) enters(?: the battlefield)? tapped", re.IGNORECASE)
_PAY_RE = re.compile(r"you may pay ([^.]*?)\. if you don't, it enters tapped", re.IGNORECASE)
_FETCH_TAPPED_RE = re.compile(r"onto the battlefield tapped", re.IGNORECASE)
_BASIC_WORD_RE = re.compile(r"\b(" + "|".join(BASIC_LAND_TYPES) + r")\b")
_CHOSEN_TYPE_RE = re.compile(r"choose a basic land type[^.]*\.(?:[^.]*\.)*?[^.]*is the chosen type", re.IGNORECASE)
_COLORED_ACTIVATION_RE = re.compile(r"^[^:]*\{(?!T\})[^}]+\}[^:]*:\s*add\b", re.IGNORECASE)
_SPEND_ONLY_RE = re.compile(r"spend this mana only to cast (?:an? )?([^.]*?)spells?\b", re.IGNORECASE)
_CARD_TYPES = ("artifact", "creature", "enchantment", "instant", "sorcery", "planeswalker", "battle",
               "legendary")


@dataclass(frozen=True, slots=True)
class LandMana:
    """What one land card offers as a mana source.

    ``kind`` says how we know: ``type`` (basic land types), ``text`` (an Add ability),
    ``any`` (any color, or a chosen color or basic land type), ``fetch`` (finds lands with the
    basic land types it names: which colors that gives depends on this deck's lands),
    ``basic_fetch`` (finds a basic: colors of the deck's basics), ``commander`` (colors of the
    commander), ``pool`` (colors of the deck's other lands), ``opponent`` (colors opponents'
    lands make: unknown, counted as the deck's colors), ``modal`` (the land side of a
    spell//land MDFC), ``none`` (no colored mana).

    ``colors`` are what the card could make in any deck (a fetch: the colors of the types it
    names); :func:`arena.analysis.sources.count_sources` narrows them to this deck.
    ``turn_one``: it can enter untapped with no other land in play (shock, fast land, basic),
    ``late_colors``: colors only made once another land is in play (a Verge's second color),
    ``restricted``: colors whose mana may only be spent on spells of ``restricted_to`` types
    (Cavern of Souls: creature spells). ``untapped_rule`` words a conditional land's rule.
    """

    colors: frozenset[str]
    colorless: bool
    tapped: bool
    kind: str
    inferred: bool = False
    turn_one: bool = True
    untapped_rule: str | None = None
    late_colors: frozenset[str] = frozenset()
    restricted: frozenset[str] = frozenset()
    restricted_to: frozenset[str] = frozenset()
    fetch_types: frozenset[str] = frozenset()
    fetch_basic: bool = False


@dataclass(frozen=True, slots=True)
class _Production:
    colors: set[str]
    colorless: bool
    dependency: str | None
    late: set[str]
    restricted: set[str]
    restricted_to: set[str]


def _text_production(text: str) -> _Production:
    """Colors, colorless, a dependency kind, and conditions, from the Add abilities in ``text``.

    Read one line (one ability) at a time, so "Activate only if you control ..." (Verges) and
    "Spend this mana only to cast a creature spell" (Cavern of Souls) apply to that ability only.
    "If <condition>, instead add ..." (Gemstone Caverns' luck counter) is not counted: the land
    makes what its ability adds without the condition.
    """
    made: dict[str, tuple[bool, bool]] = {}  # color -> (conditional, restricted) over its best ability
    colorless = False
    dependency: str | None = None
    restricted_to: set[str] = set()
    for line in text.split("\n"):
        lowered_line = line.lower()
        # "Activate only if you control ..." (Verges) or a mana activation cost (filter lands'
        # "{U/B}, {T}: Add {U}{U}...", Crystal Grotto's "{1}, {T}: Add one mana of any color")
        # need another land first: not a turn-one color.
        conditional = "activate only if" in lowered_line or bool(_COLORED_ACTIVATION_RE.match(line))
        spend = _SPEND_ONLY_RE.search(line)
        restricted = spend is not None
        if spend:
            restricted_to |= {t.capitalize() for t in _CARD_TYPES if t in spend.group(1).lower()}
        for clause in _ADD_RE.findall(line):
            lowered = clause.lower()
            colors: set[str] = set()
            if "commander" in lowered:
                dependency = "commander"
            elif "opponent controls could produce" in lowered:
                dependency = "opponent"
            elif "could produce" in lowered:
                dependency = "pool"
            elif "any color among" in lowered:
                pass  # the colors of permanents you control: nothing on an empty board
            elif "any color" in lowered or "any one color" in lowered or "chosen color" in lowered:
                colors |= _ALL
            for symbol in _SYMBOL_RE.findall(clause):
                if symbol == "C":
                    colorless = True
                else:
                    colors.add(symbol)
            for color in colors:
                old = made.get(color)
                new = (conditional, restricted)
                # Keep the freest way to make the color: unconditional and unrestricted first.
                made[color] = new if old is None else (old[0] and new[0], old[1] and new[1])
    return _Production(
        colors=set(made),
        colorless=colorless,
        dependency=dependency,
        late={c for c, (cond, _) in made.items() if cond},
        restricted={c for c, (_, res) in made.items() if res},
        restricted_to=restricted_to,
    )


def _untapped(text: str) -> tuple[bool, bool, str | None]:
    """(always tapped, can be untapped on turn one, the conditional rule in words).

    Read from the card's own words: "enters tapped unless you control two or fewer other lands"
    (fast lands) is untapped on turns 1-3; "... two or more other lands" (slow lands) from turn 3;
    "... unless you control a Plains or an Island" (check lands) never on turn one, when you
    control no land yet; "you may pay 2 life. If you don't, it enters tapped" (shock lands,
    Multiversal Passage) whenever you pay.
    """
    unless = _UNLESS_RE.search(text)
    if unless:
        condition = unless.group(1).strip().rstrip(".")
        lowered = condition.lower()
        if "two or fewer other lands" in lowered:
            return False, True, f"untapped while {condition} (turns 1-3 on curve)"
        if "or more other lands" in lowered:
            return False, False, f"untapped once {condition} (turn 3 on curve), tapped before"
        if "first, second, or third turn" in lowered:
            return False, True, f"untapped unless {condition}".replace("unless it's", "on")
        if "reveal" in lowered:
            return False, True, f"untapped if {condition}"
        if lowered.startswith("you control"):
            return False, False, f"untapped when {condition} (never on turn one)"
        return False, False, f"untapped only if {condition}"
    pay = _PAY_RE.search(text)
    if pay:
        return False, True, f"untapped if you pay {pay.group(1)}"
    when = _IF_TAPPED_RE.search(text)
    if when:
        condition = when.group(1).strip()
        if condition.lower().startswith("you control"):
            return False, True, f"untapped unless {condition} (you control no land on turn one)"
        return False, False, f"tapped if {condition}"
    if _TAPPED_RE.search(text):
        return True, False, None
    return False, True, None


def _fetch_targets(text: str) -> tuple[set[str], bool, bool]:
    """Basic land types named in a "search your library for ... card" clause, whether the card
    must be basic, and whether the clause finds a land at all."""
    types: set[str] = set()
    basic = False
    found = False
    for target in _FETCH_RE.findall(text):
        lowered = target.lower()
        words = set(_BASIC_WORD_RE.findall(target))
        if words:
            types |= words
            found = True
            basic = basic or "basic" in lowered
        elif "land" in lowered and "basic" in lowered:
            found = basic = True
    return types, basic, found


def _land_mana(subtypes: tuple[str, ...], is_land: bool, texts: tuple[str, ...],
               modal: ModalLand | None) -> LandMana | None:
    """What a card's land face makes, from its front (a land) or its modal back."""
    if not is_land:
        if modal is None:
            return None
        if modal.back_text:
            made = _text_production(modal.back_text)
            tapped, turn_one, rule = _untapped(modal.back_text)
            return LandMana(frozenset(made.colors) or modal.colors, made.colorless, tapped, "modal",
                            turn_one=turn_one, untapped_rule=rule)
        # Only the front is known; most spell//land backs enter tapped, the rare ones may not.
        return LandMana(modal.colors, False, True, "modal", inferred=modal.inferred, turn_one=False)
    front = texts[0]
    colors = {BASIC_LAND_TYPES[t] for t in subtypes if t in BASIC_LAND_TYPES}
    kind = "type" if colors else "none"
    made = _text_production(front)
    if _CHOSEN_TYPE_RE.search(front):
        made = _Production(set(_ALL), made.colorless, made.dependency, set(), set(), set())
    if made.colors - colors:
        kind = "any" if made.colors == _ALL else "text"
    colors |= made.colors
    tapped, turn_one, rule = _untapped(front)
    fetch_types, fetch_basic, fetches = _fetch_targets(front)
    if fetches:
        colors |= {BASIC_LAND_TYPES[t] for t in fetch_types}
        kind = "fetch" if fetch_types else "basic_fetch"
        if _FETCH_TAPPED_RE.search(front):
            tapped, turn_one = True, False
    if made.dependency and not colors:
        kind = made.dependency
    return LandMana(frozenset(colors), made.colorless, tapped, kind, turn_one=turn_one and not tapped,
                    untapped_rule=rule, late_colors=frozenset(made.late - {BASIC_LAND_TYPES[t] for t in subtypes
                                                                           if t in BASIC_LAND_TYPES}),
                    restricted=frozenset(made.restricted), restricted_to=frozenset(made.restricted_to),
                    fetch_types=frozenset(fetch_types), fetch_basic=fetch_basic)


_CACHE: dict[tuple[tuple[str, str, str, str], str], LandMana | None] = {}
_CACHE_LIMIT = 8192


def land_mana(card: Card) -> LandMana | None:
    """What ``card`` offers as a land (cached by the card's identity); see :func:`_compute`."""
    key = (card_key(card), card.layout)
    try:
        return _CACHE[key]
    except KeyError:
        pass
    # Compute outside the dict so a concurrent clear() by another thread cannot lose it.
    mana = _compute(card)
    if len(_CACHE) >= _CACHE_LIMIT:
        _CACHE.clear()
    _CACHE[key] = mana
    return mana


def _compute(card: Card) -> LandMana | None:
    """What ``card`` offers as a land (None for a nonland card without a land side).

    Pathways and other land//land modal cards show only the front's Add ability in the offline
    corpus; their back makes the other color of the card's identity, so both are counted.
    """
    modal = modal_land(card)
    result = _land_mana(card.subtypes, card.is_land, tuple(face_texts(card)), modal)
    if result is not None and card.is_land and card.layout == "modal_dfc":
        texts = face_texts(card)
        back_colors: set[str] = set()
        if len(texts) > 1:
            back_colors = _text_production(texts[1]).colors
        else:
            back_colors = set(card.color_identity)
        return LandMana(result.colors | frozenset(back_colors), result.colorless, result.tapped,
                        "pathway", inferred=len(texts) == 1, turn_one=result.turn_one,
                        untapped_rule=result.untapped_rule)
    return result
