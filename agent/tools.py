"""The agent's tools: thin, JSON-in/JSON-out wrappers over the deck engine in ``arena/``.

Every tool returns a JSON-able dict whose ``summary`` is the one line shown in the ``tool``
event; the graph records the rest in the facts under ``FACT_KEYS[name]``. The same tools are
offered to models as ``ToolSpec``s, so an offline turn and a model turn compute identical facts.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from agent.providers.base import ToolSpec
from arena.deck_service import DeckCache, ParsedDeck
from arena.errors import ArenaError
from arena.models import Card

logger = logging.getLogger(__name__)

COLOR_NAMES = {"W": "white", "U": "blue", "B": "black", "R": "red", "G": "green"}

# Where each tool's result lives in the facts; stable: scripted chats address facts by path.
FACT_KEYS: dict[str, str] = {
    "analyze_deck": "analysis",
    "lookup_card": "cards",
    "search_cards": "search",
    "mana_odds": "odds_answer",
    "suggest_changes": "suggestions",
    "compare_cards": "comparison",
    "check_legality": "legality_check",
    "count_cards": "count",
}


class ToolError(Exception):
    """A tool could not do what was asked (bad arguments, no deck); the message is for the player."""


def card_facts(card: Card) -> dict[str, Any]:
    """Return the JSON facts about one card that answers may quote."""
    facts: dict[str, Any] = {
        "name": card.name,
        "mana_cost": card.mana_cost,
        "mana_value": card.mana_value,
        "type_line": card.type_line,
        "oracle_text": card.oracle_text,
        "colors": "".join(card.colors),
        "color_identity": "".join(card.color_identity),
        "keywords": list(card.keywords),
    }
    for attr in ("power", "toughness", "loyalty", "rarity", "set_code"):
        value = getattr(card, attr)
        if value is not None:
            facts[attr] = value
    if card.legalities:
        facts["legalities"] = dict(card.legalities)
    return facts


def color_phrase(code: str) -> str:
    """Name a requirement's color code: 'R' red, 'C' colorless, 'UR' or 'U/R' blue or red."""
    if code == "C":
        return "colorless"
    letters = [c for c in code if c in COLOR_NAMES]
    return " or ".join(COLOR_NAMES[c] for c in letters) or code


def _shortfall_phrase(analysis: dict[str, Any]) -> str:
    """Name the requirement with the worst Karsten shortfall, e.g. 'red short by 3 sources'."""
    worst: dict[str, int] = {}
    for req in analysis.get("requirements") or []:
        short = int(req.get("shortfall") or 0)
        color = str(req.get("color", ""))
        if short > worst.get(color, 0):
            worst[color] = short
    if not worst:
        return "no color short of sources"
    color, short = max(worst.items(), key=lambda kv: kv[1])
    return f"{color_phrase(color)} short by {short} source{'s' if short != 1 else ''}"


class Toolbox:
    """The tools for one turn, bound to the catalog and the thread's current deck."""

    def __init__(self, catalog: Any, cache: DeckCache, *, deck_text: str | None, trials: int = 10000):
        self.catalog = catalog
        self.cache = cache
        self.deck_text = deck_text
        self.trials = trials
        self._handlers: dict[str, Callable[[dict[str, Any]], Awaitable[dict[str, Any]]]] = {
            "analyze_deck": self.analyze_deck,
            "lookup_card": self.lookup_card,
            "search_cards": self.search_cards,
            "mana_odds": self.mana_odds,
            "suggest_changes": self.suggest_changes,
            "compare_cards": self.compare_cards,
            "check_legality": self.check_legality,
            "count_cards": self.count_cards,
        }

    @property
    def names(self) -> list[str]:
        return list(self._handlers)

    async def run(self, name: str, args: dict[str, Any]) -> dict[str, Any]:
        """Run one tool; raises ``ToolError`` with a player-safe reason when it cannot."""
        handler = self._handlers.get(name)
        if handler is None:
            raise ToolError(f"there is no tool named {name!r}; tools: {', '.join(self._handlers)}")
        if not isinstance(args, dict):
            raise ToolError(f"{name} takes an object of arguments, got {type(args).__name__}")
        try:
            return await handler(args)
        except ArenaError as exc:
            raise ToolError(str(exc)) from exc

    # ---- the deck ------------------------------------------------------------------------

    async def parsed(self) -> ParsedDeck:
        """Return the attached deck parsed and analyzed; a ToolError when there is none."""
        if not self.deck_text:
            raise ToolError("no deck is attached to this conversation")
        return await self.cache.parsed(self.deck_text, self.catalog, trials=self.trials)

    async def analyze_deck(self, args: dict[str, Any]) -> dict[str, Any]:
        """Analyze the attached deck: curve, pips, sources, Karsten requirements, odds, archetype."""
        parsed = await self.parsed()
        analysis = dict(parsed.analysis)
        # A model never sees the deck text; the list itself is a fact it may quote.
        analysis["decklist"] = {
            section: [{"card": e.resolved_name, "count": e.count} for e in parsed.deck.section(section)]
            for section in ("commander", "companion", "main", "side")
            if parsed.deck.section(section)
        }
        arche = analysis.get("archetype") or {}
        name = arche.get("name") if isinstance(arche, dict) else None
        analysis["summary"] = (
            f"{analysis.get('main_count', '?')} cards, {analysis.get('lands', '?')} lands"
            + (f", {name}" if name else "")
            + f", {_shortfall_phrase(analysis)}"
        )
        return analysis

    async def suggest_changes(self, args: dict[str, Any]) -> dict[str, Any]:
        """Suggest cuts and adds for the attached deck, in its colors, each with a reason."""
        from arena.suggest import suggest_changes

        parsed = await self.parsed()
        result = dict(suggest_changes(parsed.deck, parsed.analysis, self.catalog))
        cuts, adds = result.get("cuts") or [], result.get("adds") or []
        result["summary"] = f"{len(cuts)} cut{'s' if len(cuts) != 1 else ''}, {len(adds)} add{'s' if len(adds) != 1 else ''}"
        return result

    async def check_legality(self, args: dict[str, Any]) -> dict[str, Any]:
        """Check the deck (or named cards) in a format, from the legality data the catalog has."""
        fmt = str(args.get("format") or "").strip().lower() or None
        names = [str(n) for n in args.get("cards") or []]
        if names:
            cards = [self._card(n) for n in names]
            per_card = {c.name: (c.legalities.get(fmt, "unknown") if fmt else dict(c.legalities) or "unknown") for c in cards}
            summary = ", ".join(f"{n}: {v if isinstance(v, str) else 'see formats'}" for n, v in per_card.items())
            return {"format": fmt, "cards": per_card, "summary": summary + (f" in {fmt}" if fmt else "")}
        analysis = (await self.parsed()).analysis
        legality = analysis.get("legality") or {}
        if fmt and fmt not in legality:
            return {"format": fmt, "deck": "unknown", "tracked": False, "formats": list(legality),
                    "summary": f"{fmt} is not a format I track"}
        if fmt:
            status = legality[fmt]
            details = (analysis.get("legality_details") or {}).get(fmt) or {}
            problems = [p.get("reason", str(p)) if isinstance(p, dict) else str(p) for p in details.get("problems") or []]
            return {"format": fmt, "deck": status, "tracked": True, "problems": problems,
                    "unknown_cards": len(details.get("unknown_cards") or []),
                    "summary": f"deck in {fmt}: {_status_word(status)}"}
        words = ", ".join(f"{f} {_status_word(s)}" for f, s in legality.items())
        return {"format": None, "deck": legality, "summary": words or "no legality data"}

    async def mana_odds(self, args: dict[str, Any]) -> dict[str, Any]:
        """Exact odds: at least ``want`` lands by turn ``by_turn``, or casting a card on curve."""
        if args.get("cards") or args.get("group") or args.get("exactly_lands"):
            from agent import deck_tools

            return await deck_tools.odds(self, args)
        card_name = args.get("card")
        if card_name:
            return await self._cast_odds(str(card_name))
        if args.get("opening_hands"):
            return await self._opening_hands()
        from arena.analysis import land_odds

        want, by_turn = _positive_int(args, "want"), _positive_int(args, "by_turn")
        on_play = bool(args.get("on_play", True))
        if args.get("deck_size") and args.get("lands") is not None:
            deck_size, lands, source = _positive_int(args, "deck_size"), int(args["lands"]), "question"
        else:
            analysis = (await self.parsed()).analysis
            deck_size, lands, source = int(analysis["main_count"]), int(analysis["lands"]), "deck"
        if not 0 <= lands <= deck_size:
            raise ToolError(f"lands ({lands}) must be between 0 and the deck size ({deck_size})")
        seen = 7 + by_turn - 1 + (0 if on_play else 1)
        if seen > deck_size:
            raise ToolError(f"turn {by_turn} would need {seen} cards but the deck has {deck_size}")
        probability = float(land_odds(deck_size, lands, want, by_turn, on_play=on_play))
        return {
            "want": want, "by_turn": by_turn, "on_play": on_play, "deck_size": deck_size,
            "lands": lands, "cards_seen": seen, "probability": round(probability, 4), "source": source,
            "summary": f"P(≥{want} lands by turn {by_turn}, {'play' if on_play else 'draw'}) = {probability:.1%}",
        }

    async def count_cards(self, args: dict[str, Any]) -> dict[str, Any]:
        """Count the deck's cards by type, subtype, keyword, text, mana value, color, or one name."""
        from agent import deck_tools

        return await deck_tools.count(self, args)

    async def _opening_hands(self) -> dict[str, Any]:
        """Keep and mulligan rates of the opener, exact where the analysis has them."""
        hands = dict(((await self.parsed()).analysis.get("odds") or {}).get("opening_hands") or {})
        exact = hands.get("exact") or {}
        keep = exact.get("keepable", hands.get("keepable"))
        if keep is None:
            raise ToolError("the analysis has no opening-hand figures")
        hands["summary"] = f"keepable 7-card hands: {keep:.1%}"
        return hands

    async def _cast_odds(self, name: str) -> dict[str, Any]:
        analysis = (await self.parsed()).analysis
        card = self._card(name)
        rows = (analysis.get("odds") or {}).get("cast_on_curve") or []
        row = next((r for r in rows if str(r.get("card", "")).lower() == card.name.lower()), None)
        if row is None:
            raise ToolError(f"{card.name} is not a nonland card of the attached deck")
        result = dict(row)
        prob = _first_float(row, ("probability", "p", "odds", "chance"))
        result["summary"] = f"{card.name} on curve: {prob:.1%}" if prob is not None else f"{card.name} on curve"
        return result

    # ---- cards ---------------------------------------------------------------------------

    def _card(self, name: str) -> Card:
        card = self.catalog.get(name)
        if card is not None:
            return card
        found = self.catalog.find_names_in_text(name, limit=1)
        if found:
            return found[0]  # type: ignore[no-any-return]
        matches = self.catalog.fuzzy(name, limit=3)
        if matches and matches[0].score >= 85:
            hit = self.catalog.get(matches[0].name)
            if hit is not None:
                return hit  # type: ignore[no-any-return]
        hint = f" Closest: {', '.join(m.name for m in matches)}." if matches else ""
        raise ToolError(f"no card named {name!r} in the catalog.{hint}")

    async def lookup_card(self, args: dict[str, Any]) -> dict[str, Any]:
        """Look a card up by name, forgiving case, accents and misspellings."""
        name = str(args.get("name") or "").strip()
        if not name:
            raise ToolError("lookup_card needs a name")
        card = self._card(name)
        facts = card_facts(card)
        pt = f" {card.power}/{card.toughness}" if card.power is not None else ""
        cost = f" {card.mana_cost}" if card.mana_cost else ""
        facts["summary"] = f"{card.name}{cost}: {card.type_line}{pt}"
        return facts

    async def compare_cards(self, args: dict[str, Any]) -> dict[str, Any]:
        """Put two cards side by side: cost, colors, types, stats and what differs."""
        a, b = str(args.get("a") or ""), str(args.get("b") or "")
        if not a or not b:
            raise ToolError("compare_cards needs two names, a and b")
        first, second = card_facts(self._card(a)), card_facts(self._card(b))
        diffs = {
            key: [first.get(key), second.get(key)]
            for key in ("mana_value", "colors", "type_line", "power", "toughness", "loyalty")
            if first.get(key) != second.get(key)
        }
        cheaper = None
        if first["mana_value"] != second["mana_value"]:
            cheaper = first["name"] if first["mana_value"] < second["mana_value"] else second["name"]
        return {
            "cards": [first, second], "differences": diffs, "cheaper": cheaper,
            "mana_value_difference": abs(first["mana_value"] - second["mana_value"]),
            "summary": f"{first['name']} (MV {first['mana_value']}) vs {second['name']} (MV {second['mana_value']})",
        }

    async def search_cards(self, args: dict[str, Any]) -> dict[str, Any]:
        """Full-text search over card names, type lines and rules text."""
        query = str(args.get("query") or "").strip()
        if not query:
            raise ToolError("search_cards needs a query")
        limit = min(max(int(args.get("limit") or 8), 1), 25)
        cards, total = self.catalog.search(query, limit=limit)
        rows = [{"name": c.name, "mana_cost": c.mana_cost, "type_line": c.type_line} for c in cards]
        return {"query": query, "total": total, "shown": len(rows), "cards": rows,
                "summary": f"{total} card{'s' if total != 1 else ''} match {query!r}"}

    # ---- for models ----------------------------------------------------------------------

    def specs(self) -> list[ToolSpec]:
        """Return the tools as ``ToolSpec``s for a model; each run returns the same dicts."""

        def runner(name: str) -> Callable[[dict[str, Any]], Awaitable[dict[str, Any]]]:
            async def run(args: dict[str, Any]) -> dict[str, Any]:
                try:
                    return await self.run(name, args)
                except ToolError as exc:
                    return {"error": str(exc), "summary": f"failed: {exc}"}
                except Exception as exc:  # the model gets a reason; the log gets the cause
                    logger.exception("tool %s failed", name)
                    return {"error": f"internal error: {type(exc).__name__}", "summary": "failed: internal error"}

            return run

        return [ToolSpec(name, desc, params, runner(name)) for name, (desc, params) in _SPECS.items()]


def _status_word(status: Any) -> str:
    if isinstance(status, dict):
        return str(status.get("status", "unknown")).replace("_", " ")
    return str(status).replace("_", " ")


def _positive_int(args: dict[str, Any], key: str) -> int:
    try:
        value = int(args[key])
    except (KeyError, TypeError, ValueError):
        raise ToolError(f"{key} must be a whole number") from None
    if value < 1:
        raise ToolError(f"{key} must be at least 1, got {value}")
    return value


def _first_float(row: dict[str, Any], keys: tuple[str, ...]) -> float | None:
    for key in keys:
        value = row.get(key)
        if isinstance(value, int | float):
            return float(value)
    return None


_OBJ = "object"
_SPECS: dict[str, tuple[str, dict[str, Any]]] = {
    "analyze_deck": (
        "Analyze the deck attached to this conversation: counts, curve, colored pips and sources, "
        "Karsten source requirements and shortfalls, land recommendation, odds, archetype, legality.",
        {"type": _OBJ, "properties": {}, "additionalProperties": False},
    ),
    "lookup_card": (
        "Look up one card by name (misspellings are forgiven): cost, type, rules text, stats.",
        {"type": _OBJ, "properties": {"name": {"type": "string"}}, "required": ["name"]},
    ),
    "search_cards": (
        "Full-text search of the card catalog by name, type line or rules text.",
        {"type": _OBJ, "properties": {"query": {"type": "string"}, "limit": {"type": "integer", "minimum": 1, "maximum": 25}}, "required": ["query"]},
    ),
    "mana_odds": (
        "Exact hypergeometric odds of having at least `want` lands by turn `by_turn` (on the play "
        "unless on_play is false) for the attached deck or a given deck_size/lands; with `card`, "
        "the odds of casting that card of the deck on curve; with opening_hands, keep/mulligan rates; "
        "with `cards` (names in the deck), the odds of drawing them by `by_turn` (omit it for the opening "
        "hand): any one of them, or all of them with combo=true, `need` copies each, optionally "
        "mulligan_to 6 or 5; with `group` (e.g. 'removal', 'creatures', '1 drops'), any card of that group; "
        "with exactly_lands (e.g. [2, 3]), the chance the opening seven holds exactly that many lands.",
        {"type": _OBJ, "properties": {
            "want": {"type": "integer", "minimum": 1}, "by_turn": {"type": "integer", "minimum": 1},
            "on_play": {"type": "boolean"}, "deck_size": {"type": "integer"}, "lands": {"type": "integer"},
            "card": {"type": "string"}, "opening_hands": {"type": "boolean"},
            "cards": {"type": "array", "items": {"type": "string"}}, "combo": {"type": "boolean"},
            "need": {"type": "integer", "minimum": 1}, "group": {"type": "string"},
            "mulligan_to": {"type": "integer", "minimum": 1, "maximum": 6},
            "exactly_lands": {"type": "array", "items": {"type": "integer", "minimum": 0, "maximum": 7}}}},
    ),
    "count_cards": (
        "Count cards of the attached deck: `what` in the player's words (creatures, instants, 1 drops, "
        "mana value 3 or less, elves, swamps, counterspells, removal, cards with flying, red creatures, "
        "cards that say \"draw a card\"; empty for every card), or copies of one `card`; section main or side.",
        {"type": _OBJ, "properties": {"what": {"type": "string"}, "card": {"type": "string"},
                                      "section": {"type": "string", "enum": ["main", "side"]}}},
    ),
    "suggest_changes": (
        "Suggest cuts and additions for the attached deck, inside its colors and format, with reasons.",
        {"type": _OBJ, "properties": {}, "additionalProperties": False},
    ),
    "compare_cards": (
        "Compare two cards side by side.",
        {"type": _OBJ, "properties": {"a": {"type": "string"}, "b": {"type": "string"}}, "required": ["a", "b"]},
    ),
    "check_legality": (
        "Check the attached deck, or the listed cards, in a format (standard, historic, explorer, "
        "pioneer, timeless, alchemy, brawl, historicbrawl...).",
        {"type": _OBJ, "properties": {"format": {"type": "string"}, "cards": {"type": "array", "items": {"type": "string"}}}},
    ),
}
