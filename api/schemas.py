"""Every REST body the API reads or writes, each field described with an example.

Names say the role: ``DeckCreate`` comes in, ``DeckPublic`` goes out. Converters from the
deck engine's dataclasses live next to the models they fill.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from agent.events import Consensus, Step, ToolCall
from arena.analysis.model import DeckAnalysis
from arena.models import Card, Deck, DeckEntry

THREAD_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.:\-]{0,127}$"
DECK_ID_PATTERN = r"^[0-9a-f]{32}$"

_SAMPLE_DECK = "Deck\n4 Lightning Bolt (M11) 149\n20 Mountain\n\nSideboard\n2 Abrade"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


# ---- errors -----------------------------------------------------------------------------


class ErrorBody(_Model):
    code: str = Field(..., description="Stable machine-readable code", examples=["deck_parse_error"])
    message: str = Field(..., description="What went wrong, safe to show a player")
    details: Any | None = Field(None, description="Structured details: deck problems by line, validation errors...")


class ErrorResponse(_Model):
    """The one shape of every error the API answers with."""

    error: ErrorBody


# ---- decks ------------------------------------------------------------------------------


class DeckCreate(_Model):
    """A deck as text, with an optional name and game format that override the file's own."""

    text: str = Field(
        ...,
        min_length=1,
        description="The deck: MTG Arena export, CSV export, MTGO .dek XML or JSON",
        examples=[_SAMPLE_DECK],
    )
    name: str | None = Field(None, max_length=200, description="A name for the deck", examples=["Mono-Red Aggro"])
    format: str | None = Field(
        None, max_length=40, pattern=r"^[a-z0-9_]+$", description="Game format", examples=["standard"]
    )
    filename: str | None = Field(
        None, max_length=255, description="Original file name; its extension hints the input format", examples=["deck.dek"]
    )


class DeckEntryPublic(_Model):
    count: int = Field(..., description="Copies", examples=[4])
    name: str = Field(..., description="The name as written", examples=["lightning bolt"])
    resolved_name: str | None = Field(None, description="The catalog's name, null when unresolved", examples=["Lightning Bolt"])
    set: str | None = Field(None, description="Set code as written", examples=["M11"])
    collector_number: str | None = Field(None, description="Collector number as written", examples=["149"])
    foil: bool = Field(False, description="Marked foil in the input")
    line: int = Field(..., description="1-based line (or CSV row) in the input", examples=[2])
    mana_cost: str | None = Field(None, description="Front face mana cost", examples=["{R}"])
    type_line: str | None = Field(None, description="Type line", examples=["Instant"])

    @classmethod
    def from_entry(cls, entry: DeckEntry) -> DeckEntryPublic:
        card = entry.card
        return cls(
            count=entry.count,
            name=entry.name,
            resolved_name=card.name if card else None,
            set=entry.set_code,
            collector_number=entry.collector_number,
            foil=entry.foil,
            line=entry.line,
            mana_cost=card.mana_cost if card else None,
            type_line=card.type_line if card else None,
        )


class DeckSections(_Model):
    commander: list[DeckEntryPublic] = Field(default_factory=list)
    companion: list[DeckEntryPublic] = Field(default_factory=list)
    main: list[DeckEntryPublic] = Field(default_factory=list)
    side: list[DeckEntryPublic] = Field(default_factory=list)


class ParsedDeck(_Model):
    """The deck as the engine read it: every entry with the line it came from."""

    name: str | None = Field(None, examples=["Mono-Red Aggro"])
    format: str | None = Field(None, examples=["standard"])
    source_format: str = Field(..., description="arena, csv, mtgo_dek, json or text", examples=["arena"])
    main_count: int = Field(..., examples=[60])
    side_count: int = Field(..., examples=[15])
    sections: DeckSections

    @classmethod
    def from_deck(cls, deck: Deck) -> ParsedDeck:
        return cls(
            name=deck.name,
            format=deck.format,
            source_format=deck.source_format,
            main_count=deck.main_count,
            side_count=deck.side_count,
            sections=DeckSections(
                commander=[DeckEntryPublic.from_entry(e) for e in deck.commander],
                companion=[DeckEntryPublic.from_entry(e) for e in deck.companion],
                main=[DeckEntryPublic.from_entry(e) for e in deck.main],
                side=[DeckEntryPublic.from_entry(e) for e in deck.side],
            ),
        )


class DeckSummary(_Model):
    id: str = Field(..., description="Deck id", examples=["3f2b6c0e9a4d4f1e8b7a6c5d4e3f2a1b"])
    name: str | None = Field(None, examples=["Mono-Red Aggro"])
    format: str | None = Field(None, examples=["standard"])
    source_format: str = Field(..., examples=["arena"])
    main_count: int = Field(..., examples=[60])
    side_count: int = Field(..., examples=[15])
    created_at: datetime = Field(..., description="When it was stored (UTC)")


class DeckPublic(DeckSummary):
    """A stored deck: its summary, the parsed sections and the text it was parsed from."""

    deck: ParsedDeck
    text: str = Field(..., description="The deck text as uploaded", examples=[_SAMPLE_DECK])


class DeckCreated(DeckPublic):
    """What ``POST /decks`` answers: the stored deck and its analysis, so a client parses once."""

    analysis: DeckAnalysis = Field(..., description="The facts of GET /decks/{id}/analysis for this deck")


class DeckPage(_Model):
    items: list[DeckSummary]
    total: int = Field(..., description="Decks stored in all", examples=[3])
    page: int = Field(..., examples=[1])
    page_size: int = Field(..., examples=[20])


# ---- cards ------------------------------------------------------------------------------


class CardPublic(_Model):
    """One card: oracle data, plus set, rarity, legality and prices after a Scryfall import."""

    name: str = Field(..., examples=["Lightning Bolt"])
    faces: list[str] = Field(..., examples=[["Lightning Bolt"]])
    mana_cost: str = Field(..., examples=["{R}"])
    mana_value: int = Field(..., examples=[1])
    colors: list[str] = Field(..., examples=[["R"]])
    color_identity: list[str] = Field(..., examples=[["R"]])
    type_line: str = Field(..., examples=["Instant"])
    types: list[str] = Field(..., examples=[["Instant"]])
    subtypes: list[str] = Field(default_factory=list)
    supertypes: list[str] = Field(default_factory=list)
    oracle_text: str = Field(..., examples=["Lightning Bolt deals 3 damage to any target."])
    layout: str = Field(..., examples=["normal"])
    power: str | None = None
    toughness: str | None = None
    loyalty: str | None = None
    keywords: list[str] = Field(default_factory=list)
    set: str | None = Field(None, examples=["m11"])
    rarity: str | None = Field(None, examples=["common"])
    legalities: dict[str, str] = Field(default_factory=dict, examples=[{"historic": "legal"}])
    arena_id: int | None = None
    prices: dict[str, str | None] = Field(default_factory=dict, examples=[{"usd": "1.02"}])
    purchase_uris: dict[str, str] = Field(default_factory=dict)
    image_uri: str | None = None
    scryfall_uri: str | None = None

    @classmethod
    def from_card(cls, card: Card) -> CardPublic:
        return cls(
            name=card.name,
            faces=list(card.faces),
            mana_cost=card.mana_cost,
            mana_value=card.mana_value,
            colors=list(card.colors),
            color_identity=list(card.color_identity),
            type_line=card.type_line,
            types=list(card.types),
            subtypes=list(card.subtypes),
            supertypes=list(card.supertypes),
            oracle_text=card.oracle_text,
            layout=card.layout,
            power=card.power,
            toughness=card.toughness,
            loyalty=card.loyalty,
            keywords=list(card.keywords),
            set=card.set_code,
            rarity=card.rarity,
            legalities=dict(card.legalities),
            arena_id=card.arena_id,
            prices=dict(card.prices),
            purchase_uris=dict(card.purchase_uris),
            image_uri=card.image_uri,
            scryfall_uri=card.scryfall_uri,
        )


class CardPage(_Model):
    query: str = Field(..., examples=["deals 3 damage"])
    items: list[CardPublic]
    total: int = Field(..., description="Matches in all", examples=[120])
    page: int = Field(..., examples=[1])
    page_size: int = Field(..., examples=[20])


# ---- chat and threads -------------------------------------------------------------------


class ChatRequest(_Model):
    """One turn of a conversation, answered whole (the WebSocket streams the same turn)."""

    thread_id: str | None = Field(
        None, pattern=THREAD_ID_PATTERN, description="Continue this thread; a new one starts when absent", examples=["t-4f2a"]
    )
    text: str = Field(..., min_length=1, max_length=8000, description="What the player says", examples=["What's wrong with my mana?"])
    deck: str | None = Field(None, description="Raw deck text to attach to the thread", examples=[_SAMPLE_DECK])
    deck_id: str | None = Field(None, pattern=DECK_ID_PATTERN, description="A deck stored through POST /api/v1/decks")


class ChatResponse(_Model):
    thread_id: str = Field(..., examples=["t-4f2a"])
    message: str = Field(..., description="Vawlrathh's whole answer")
    steps: list[Step] = Field(default_factory=list, description="The reasoning steps, each in its final state")
    tools: list[ToolCall] = Field(default_factory=list, description="Tools the turn ran, in order")
    consensus: Consensus | None = Field(None, description="The second opinion on the answer")
    facts: dict[str, Any] = Field(default_factory=dict, description="The facts the answer was built from")
    errors: list[ErrorBody] = Field(default_factory=list, description="Problems reported during the turn (e.g. deck lines that did not parse)")
    provider: str = Field(..., examples=["offline"])
    elapsed_ms: float = Field(..., examples=[42.5])


class ShownStep(_Model):
    title: str
    status: str = Field("done", examples=["done", "error"])
    detail: str = ""


class ThreadMessage(_Model):
    role: Literal["user", "assistant"]
    text: str
    steps: list[ShownStep] = Field(default_factory=list, description="Assistant turns: the reasoning steps shown")
    verdict: dict[str, Any] | None = Field(None, description="Assistant turns: the consensus event")
    answered_by: str | None = Field(None, description="Assistant turns: the provider that wrote the answer")


class ThreadMessages(_Model):
    thread_id: str = Field(..., examples=["t-4f2a"])
    messages: list[ThreadMessage]
    deck: str | None = Field(None, description="The deck text attached to the thread, if any")


# ---- health and status ------------------------------------------------------------------


class Health(_Model):
    status: Literal["healthy"] = "healthy"
    timestamp: datetime = Field(..., description="Server time (UTC)")
    version: str = Field(..., examples=["0.1.0"])


class Readiness(_Model):
    status: Literal["ready", "not_ready"]
    checks: dict[str, str] = Field(
        ..., description='Each dependency: "ok" or why it is not ready',
        examples=[{"database": "ok", "catalog": "ok", "checkpointer": "ok"}],
    )


class Liveness(_Model):
    status: Literal["alive"] = "alive"


class CatalogStatus(_Model):
    card_count: int = Field(..., examples=[34632])
    source: str = Field(..., examples=["corpus"])
    built_at: str | None = Field(None, description="When the catalog was built")
    scryfall_imported_at: str | None = Field(None, description="When Scryfall data was last imported")
    legality_known: bool = Field(False, description="Whether format legality (and Arena availability) is loaded")
    prices_date: str | None = Field(None, description="Date of the imported prices (the bulk file's date)")
    scryfall_import: dict[str, Any] | None = Field(
        None, description="The background bulk import: state (waiting, checking, downloading, importing, "
                          "current, imported, failed, off), detail, cards_written, bulk_updated_at, "
                          "last_checked_at, next_check_at, error")


class ResearchStatus(_Model):
    """Live metagame research and the offline snapshot: whether each key is set, never the key."""

    keys: dict[str, bool] = Field(..., examples=[{"TAVILY_API_KEY": False, "PERPLEXITY_API_KEY": False}])
    perplexity_mode: str = Field(..., description="search, or answer when PERPLEXITY_MODEL is set", examples=["search"])
    sites: int = Field(..., description="How many sites live research is restricted to", examples=[10])
    cache_ttl_s: float = Field(..., examples=[3600.0])
    snapshot_as_of: str | None = Field(None, description="The offline snapshot's date; None when it is not installed",
                                       examples=["June 2026"])


class Status(_Model):
    """What the UI's status tab shows: never a key, only whether one is set."""

    version: str = Field(..., examples=["0.1.0"])
    provider: str = Field(..., description="Who answers a chat with no per-connection keys", examples=["offline"])
    keys: dict[str, bool] = Field(
        ..., description="Whether each provider setting is configured on the server",
        examples=[{"OPENAI_API_KEY": False, "ANTHROPIC_API_KEY": False, "OPENAI_BASE_URL": False}],
    )
    catalog: CatalogStatus
    research: ResearchStatus | None = Field(None, description="Live metagame research keys and the offline snapshot")
