"""Colored sources: which main-deck cards make each color *in this deck*, and why.

The counting rules, after Frank Karsten ("How Many Sources Do You Need to Consistently Cast
Your Spells? A 2022 Update", TCGplayer Infinite, 2022), read from each card's own text:

- a land counts as a source of every color it can make: its basic land types, its Add
  abilities, "one mana of any color", a chosen color or a chosen basic land type (Thriving
  lands, Multiversal Passage) count for every color;
- a fetchland counts for the colors of the lands *of this deck* it can find: "a Mountain or
  Plains card" finds the deck's Mountains, Plains, and typed duals, shocks, surveil lands and
  triomes with those types; "a basic land card" finds the deck's basics. Arid Mesa in a deck
  without a Mountain or a Plains makes nothing;
- a land whose mana may only be spent on some spells (Cavern of Souls) is a source of those
  colors for those spells only (see :meth:`SourceCount.have`);
- on turn one only lands that can enter untapped with no other land in play count (Karsten's
  convention for one-drops): basics, shocks (pay 2 life), fast lands, pain lands; not check
  lands, slow lands or taplands; a Verge's second color needs another land, so it is not a
  turn-one source of that color;
- a spell//land modal card (MDFC) is counted one way everywhere: a full source of its land
  face's colors here and in every requirement, a spell on the curve, and 0.38 of a land (0.74
  if mythic) in the land count (Karsten, "How Many Lands Do You Need", 2022). ``MDFC_RULE``
  says so in the analysis.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from arena.analysis.cardfacts import BASIC_LAND_TYPES, is_basic
from arena.analysis.deckview import DeckView, Slot
from arena.analysis.production import LandMana, land_mana
from arena.models import COLORS

MDFC_RULE = (
    "Spell//land modal cards are counted one way everywhere: each copy is a full source of its "
    "land side's colors (in sources and in every requirement), a spell on the curve, and 0.38 of "
    "a land (0.74 if mythic) in the land count, as Karsten's 2022 land article weighs them. They "
    "are not counted as lands in the draw odds."
)


@dataclass(frozen=True, slots=True)
class Source:
    """One distinct mana-making card of the library with the colors it makes in this deck."""

    name: str
    copies: int
    colors: frozenset[str]
    colorless: bool
    tapped: bool
    kind: str
    inferred: bool
    is_land: bool
    turn_one_colors: frozenset[str] = frozenset()
    turn_one: bool = False
    restricted: frozenset[str] = frozenset()
    restricted_to: frozenset[str] = frozenset()
    untapped_rule: str | None = None
    finds: tuple[str, ...] | None = None
    explanation: str = ""

    def makes(self, colors: frozenset[str], *, turn_one: bool, card_types: frozenset[str] | None) -> bool:
        """Whether this source pays one of ``colors`` ("C" = colorless) for a card of ``card_types``
        (None: any card), on turn one or later."""
        made = self.turn_one_colors if turn_one else self.colors
        if card_types is not None and self.restricted and not (card_types & self.restricted_to):
            made = made - self.restricted
        colorless = self.colorless and (self.turn_one or not turn_one)
        return bool(made & colors) or ("C" in colors and colorless)


@dataclass(slots=True)
class SourceCount:
    sources: dict[str, int]
    untapped: dict[str, int]
    colorless: int
    detail: list[Source]
    notes: list[str] = field(default_factory=list)
    _have: dict[tuple[frozenset[str], bool, frozenset[str] | None], int] = field(default_factory=dict)

    def have(self, colors: frozenset[str], *, untapped_only: bool = False,
             card_types: frozenset[str] | None = None) -> int:
        """Copies that make at least one of ``colors`` ("C" = colorless): on turn one when
        ``untapped_only``, for a card of ``card_types`` (restricted mana counts only for them)."""
        key = (colors, untapped_only, card_types)
        if key not in self._have:
            self._have[key] = sum(s.copies for s in self.detail
                                  if s.makes(colors, turn_one=untapped_only, card_types=card_types))
        return self._have[key]

    def restricted_for(self, colors: frozenset[str], card_types: frozenset[str]) -> list[Source]:
        """Sources of ``colors`` whose mana a card of ``card_types`` may not spend."""
        if not self.any_restricted:
            return []
        return [s for s in self.detail if s.restricted & colors and not (card_types & s.restricted_to)
                and not ((s.colors - s.restricted) & colors)]

    @property
    def any_restricted(self) -> bool:
        return any(s.restricted for s in self.detail)

    def to_detail(self) -> list[dict[str, Any]]:
        return [
            {"card": s.name, "copies": s.copies, "colors": color_string(s.colors) + ("C" if s.colorless else ""),
             "kind": s.kind, "tapped": s.tapped, "inferred": s.inferred, "land": s.is_land,
             "untapped_rule": s.untapped_rule, "finds": list(s.finds) if s.finds is not None else None,
             "explanation": s.explanation}
            for s in self.detail
        ]


def color_string(colors: frozenset[str] | set[str]) -> str:
    return "".join(c for c in COLORS if c in colors)


def _turn_one_colors(mana: LandMana, colors: frozenset[str]) -> frozenset[str]:
    return colors - mana.late_colors if mana.turn_one and not mana.tapped else frozenset()


def _fetch_targets(mana: LandMana, lands: list[tuple[Slot, LandMana]]) -> list[tuple[Slot, LandMana]]:
    """The deck's lands a fetch can find: with a basic land type it names (and basic, when it
    says "basic"), or any basic for "a basic land card"."""
    found = []
    for slot, other in lands:
        card = slot.card
        if not card.is_land or (mana.fetch_basic and not is_basic(card)):
            continue
        if mana.fetch_types and not (set(card.subtypes) & mana.fetch_types):
            continue
        found.append((slot, other))
    return found


def _explain(mana: LandMana, colors: frozenset[str], subtypes: tuple[str, ...]) -> str:
    shown = color_string(colors) or "no color"
    kind = mana.kind
    if kind == "type":
        types = " ".join(t for t in subtypes if t in BASIC_LAND_TYPES)
        text = f"Its basic land types ({types}) make {shown}."
    elif kind == "any":
        text = "Makes any color (or a color or basic land type chosen as it enters): counted for every color."
    elif kind == "text":
        text = f"Its mana abilities make {shown}."
    elif kind == "none":
        text = "Makes no colored mana."
    elif kind == "pathway":
        text = f"A land//land modal card: each copy is played as one side; counted for both ({shown})."
    else:
        text = ""
    if mana.late_colors & colors:
        text += (f" It makes {color_string(mana.late_colors & colors)} only once you control another "
                 "land of the right type, so not on turn one.")
    if mana.restricted:
        text += (f" Its {color_string(mana.restricted)} mana may only be spent on "
                 f"{' or '.join(sorted(t.lower() for t in mana.restricted_to)) or 'some'} spells: "
                 "not counted for other spells.")
    if mana.untapped_rule:
        text += f" Enters {mana.untapped_rule}."
    elif mana.tapped:
        text += " Always enters tapped: not a turn-one source."
    return text.strip()


def count_sources(view: DeckView, deck_colors: frozenset[str]) -> SourceCount:
    """Count sources per color, resolving lands whose colors depend on the rest of the deck."""
    found: list[tuple[Slot, LandMana]] = []
    for slot in view.main:
        mana = land_mana(slot.card)
        if mana is not None:
            found.append((slot, mana))
    commander_colors = frozenset().union(*(frozenset(s.card.color_identity) for s in view.commander))
    fixed = frozenset().union(*(m.colors for _, m in found
                                if m.kind not in ("pool", "fetch", "basic_fetch", "commander", "opponent")))
    notes: list[str] = []
    detail: list[Source] = []
    for slot, mana in found:
        name, copies, card = slot.card.name, slot.copies, slot.card
        colors = mana.colors
        turn_one = _turn_one_colors(mana, colors)
        finds: tuple[str, ...] | None = None
        explanation = _explain(mana, colors, card.subtypes)
        if mana.kind in ("fetch", "basic_fetch"):
            targets = _fetch_targets(mana, [(s, m) for s, m in found if m.kind not in ("fetch", "basic_fetch")])
            finds = tuple(s.card.name for s, _ in targets)
            colors = frozenset().union(*(m.colors for _, m in targets))
            turn_one = (frozenset().union(*(_turn_one_colors(m, m.colors) for _, m in targets))
                        if mana.turn_one and not mana.tapped else frozenset())
            wanted = (" or ".join(t for t in BASIC_LAND_TYPES if t in mana.fetch_types)
                      + (" (basic)" if mana.fetch_basic else "")) if mana.fetch_types else "a basic land"
            explanation = (f"Fetches {wanted}; in this deck it can find {', '.join(finds)}, so it counts "
                           f"for {color_string(colors) or 'no color'}." if finds else
                           f"Fetches {wanted}, but this deck has no such land: it makes no color here.")
            if mana.tapped:
                explanation += " The land it finds enters tapped."
            elif colors - turn_one:
                explanation += (f" On turn one it gives only {color_string(turn_one) or 'no color'} "
                                "untapped (the other lands it finds enter tapped).")
        elif mana.kind == "commander":
            colors = commander_colors
            turn_one = _turn_one_colors(mana, colors)
            explanation = f"Makes your commander's colors ({color_string(colors) or 'none: no commander'})."
        elif mana.kind == "pool":
            colors = fixed
            turn_one = frozenset()
            explanation = f"Copies what your other lands make ({color_string(colors) or 'no color'})."
        elif mana.kind == "opponent":
            colors = deck_colors
            turn_one = _turn_one_colors(mana, colors)
            explanation = ("Depends on the opponent's lands; counted as a source of the deck's colors "
                           f"({color_string(colors)}); Karsten counts it as three-quarters of a source.")
        elif mana.kind == "modal":
            explanation = (f"A spell//land modal card: counted as a full {color_string(colors)} source, as "
                           "a spell on the curve, and as part of a land in the land count.")
        detail.append(Source(name, copies, colors, mana.colorless, mana.tapped, mana.kind, mana.inferred,
                             card.is_land, turn_one_colors=turn_one,
                             turn_one=mana.turn_one and not mana.tapped,
                             restricted=mana.restricted & colors, restricted_to=mana.restricted_to,
                             untapped_rule=mana.untapped_rule, finds=finds, explanation=explanation))
        notes.extend(_note(name, mana, colors, view))
    sources: dict[str, int] = {c: sum(s.copies for s in detail if c in s.colors) for c in COLORS}
    untapped: dict[str, int] = {c: sum(s.copies for s in detail if c in s.turn_one_colors) for c in COLORS}
    colorless = sum(s.copies for s in detail if s.colorless)
    return SourceCount(sources, untapped, colorless, detail, notes)


def _note(name: str, mana: LandMana, colors: frozenset[str], view: DeckView) -> list[str]:
    """Honest caveats for sources whose colors we did not read straight off the card."""
    shown = color_string(colors) or "no color"
    if mana.kind == "modal" and mana.inferred:
        return [f"{name}: the offline card data has only its front face, so its land side ({shown}) "
                "was inferred from its colors and assumed to enter tapped."]
    if mana.kind == "pathway":
        extra = (" (its back face is not in the offline data; its other color comes from the card's "
                 "color identity)" if mana.inferred else "")
        return [f"{name} counts as a source of both {shown} colors, though each copy is played as "
                f"one side{extra}. Karsten counts a Pathway as a full source of each in a two-color "
                "deck, two-thirds in decks of three or more colors."]
    if mana.kind in ("fetch", "basic_fetch") and len(colors) >= 3:
        return [f"{name} can find lands of {shown}: counted as a source of each. In a deck of three or "
                "more colors Karsten counts a fetch as two-thirds of a source of each, since you must "
                "choose."]
    if mana.kind == "commander" and not view.commander:
        return [f"{name} makes only your commander's colors; the deck has no commander, so it "
                "makes none here."]
    return []
