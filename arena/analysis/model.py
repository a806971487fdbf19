"""``DeckAnalysis``: the one typed shape of a deck's facts, read by every consumer.

``analyze(deck)`` returns it; ``model_dump(mode="json")`` is the JSON the agent keeps as
``facts["analysis"]``, the API returns and ``python -m arena analyze --json`` prints. Every key
that the old dict had is here with the same name and meaning; the fields marked *new* carry the
card-reading rules of issue 10 (what each source is and why, the effective cost a card is cast
for, the land-count range where Karsten's formula does not fit, the archetype's evidence).

Field descriptions are the documentation of the JSON keys (docs/ANALYSIS.md points here).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


class SourceDetail(_Model):
    """One distinct mana-making card of the main deck and what it makes in *this* deck."""

    card: str
    copies: int
    colors: str = Field(description='Colors it is counted for, WUBRG order, "C" appended for colorless')
    kind: str = Field(description="How its colors were read: type (basic land types), text (an Add ability), "
                      "any (any color or a chosen color/type), fetch (finds lands of this deck), "
                      "basic_fetch (finds a basic), commander, pool, opponent, pathway, modal (spell//land), "
                      "none")
    tapped: bool = Field(description="Enters tapped always (it makes no mana the turn it is played)")
    inferred: bool = Field(description="Part of its data was inferred (the offline corpus lacks back faces)")
    land: bool = Field(description="The card is a land on its front face (a spell//land modal card is not)")
    untapped_rule: str | None = Field(
        None, description="new: the condition under which it enters untapped (check, fast, slow, shock, "
        "verge...), null when it always or never does")
    finds: list[str] | None = Field(
        None, description="new: for fetchlands, the cards of this deck it can put onto the battlefield")
    explanation: str | None = Field(None, description="new: why it counts for these colors, in words")


class Requirement(_Model):
    """Karsten's sources for one color need of one card, against the sources the deck has."""

    card: str
    copies: int
    color: str = Field(description='"R"; "UR" (gold: any of them); "W/U" (hybrid); "C" (colorless)')
    kind: str = Field(description="color, gold, gold-any, hybrid or colorless")
    cost: str = Field(description="The printed mana cost")
    pattern: str = Field(description='Karsten\'s cost shape used, e.g. "1CC"')
    turn: int = Field(description="The turn the card is cast on curve (its effective mana value, at least 1)")
    needed: int
    have: int = Field(description="Sources counted for it (untapped ones only when it is cast on turn one)")
    shortfall: int = Field(description="Sources the deck lacks for it: a flaw of the deck; 0 for a soft "
                           "requirement (see `short_by`)")
    approximate: bool = Field(description="The cost lies outside Karsten's table; the nearest entry was used")
    soft: bool = Field(False, description="new: a requirement that need not be met on curve (a reactive "
                       "one-mana instant, cycling, an alternative cost): `short_by` is advice, not a flaw")
    short_by: int = Field(0, description="new: needed minus have when positive, soft or not")
    effective_cost: str | None = Field(
        None, description="new: the cost the deck really pays when it differs from the printed one")
    adjustment: str | None = Field(None, description="new: why the effective cost or turn differs")


class ColorSummaryRow(_Model):
    """Per color: the hardest requirement and all sources of that color."""

    needed: int
    have: int
    shortfall: int
    card: str
    pattern: str
    untapped_only: bool
    sources: int = Field(description="All sources of this color (the same number as in `sources`)")
    cards_short: list[str]


class LandRange(_Model):
    """new: the land counts tournament lists of this kind play, when the formula does not fit."""

    low: int
    high: int
    basis: str = Field(description="Which kind of deck and whose lists the range comes from")


class LandRecommendation(_Model):
    recommended: int
    current: int
    effective: float = Field(description="Lands plus spell//land modal cards at Karsten's weight")
    exact: float = Field(description="The formula's unrounded value")
    cheap_draw_ramp: int
    reason: str
    applies: bool = Field(True, description="new: false when Karsten's formula does not fit this deck "
                          "(then `range` holds what lists of its kind play)")
    range: LandRange | None = Field(None, description="new: a land-count range from tournament lists")
    adjustments: list[str] = Field(default_factory=list,
                                   description="new: each change made to the inputs of the formula")
    average_mv_used: float | None = Field(None, description="new: the average mana value the formula used "
                                          "(effective costs), when it differs from `average_mv`")


class InteractionRow(_Model):
    count: int
    cards: list[str]


class Evidence(_Model):
    """new: one card or fact that shows an archetype."""

    card: str | None = None
    copies: int = 0
    why: str


class CompanionRule(_Model):
    """new: a companion's deckbuilding condition read against the starting deck."""

    companion: str
    condition: str = Field(description="The condition as printed")
    met: bool | None = Field(description="false: cards break it; null: the card data cannot settle it")
    breaks: list[str] = Field(description="Starting-deck cards that break the condition")
    unsure: list[str] = Field(description="Cards whose data cannot settle it (a split card offline)")


class Archetype(_Model):
    colors: str
    name: str
    style: str = Field(description="aggro, burn, prowess, tempo, midrange, control, ramp, tron, landfall, "
                       "storm, affinity, cascade, reanimator, domain, combo, or unclear")
    reasons: list[str]
    evidence: list[Evidence] = Field(default_factory=list, description="new: the cards that show the style")
    confidence: Literal["high", "medium", "low"] | None = Field(
        None, description="new: how clearly the cards show it; low goes with style 'unclear'")


class LegalityProblem(_Model):
    card: str | None
    reason: str


class LegalityDetail(_Model):
    status: str
    problems: list[LegalityProblem]
    unknown_cards: list[str]


class CastRow(_Model):
    card: str
    turn: int
    target: float
    probability: float
    given_lands: float
    method: str
    trials: int | None = None


class OpeningHands(_Model):
    trials: int
    seed: int
    rule: str
    method: str
    keepable: float | None
    mulligan: float | None
    avg_lands: float | None
    lands_in_7: dict[str, float]
    kept_at: dict[str, float]
    avg_cards_kept: float | None
    exact: dict[str, Any]


class Odds(_Model):
    land_drops: dict[str, float] = Field(description='P(a land drop every turn through T), "1".."6", on the play')
    land_drops_on_draw: dict[str, float]
    cast_on_curve: list[CastRow]
    opening_hands: OpeningHands


class DeckAnalysis(_Model):
    """Every fact about a deck. The keys are the contract in docs/ARCHITECTURE.md."""

    name: str | None
    format: str | None
    source_format: str
    main_count: int
    side_count: int
    deck_size: int
    library_size: int
    minimum_size: int = Field(60, description="The fewest cards a whole deck of this format has "
                              "(arena.analysis.size); a smaller deck_size is not a whole deck")
    commander: list[str]
    companion: list[str]
    unresolved: list[str]
    colors: str = Field(description="The colors the deck's costs need, WUBRG order (hybrid counts once)")
    lands: int = Field(description="Land cards in the main deck (spell//land modal cards not included)")
    nonland: int
    curve: dict[str, int | dict[str, int]] = Field(
        description='Nonland copies by printed mana value "0".."6", "7+"; "X" maps mana value to X-spell copies')
    average_mv: float
    pips: dict[str, int]
    sources: dict[str, int] = Field(description="Copies that make each color in this deck (see source_detail)")
    untapped_sources: dict[str, int]
    colorless_sources: int
    source_detail: list[SourceDetail]
    karsten_table: int
    requirements: list[Requirement]
    color_summary: dict[str, ColorSummaryRow]
    land_recommendation: LandRecommendation
    types: dict[str, int]
    interaction: dict[str, InteractionRow]
    archetype: Archetype
    legality: dict[str, str]
    legality_details: dict[str, LegalityDetail]
    wildcards: dict[str, int] | None
    odds: Odds
    notes: list[str]
    mdfc_rule: str | None = Field(
        None, description="new: how spell//land modal cards are counted, when the deck has any")
    companion_check: list[CompanionRule] = Field(
        default_factory=list, description="new: whether each companion's condition holds for this deck")

    def facts(self) -> dict[str, Any]:
        """The JSON dict the agent keeps as ``facts["analysis"]``."""
        return self.model_dump(mode="json")
