"""Scryfall card objects → our :class:`~arena.models.Card`, shared by the API client and bulk import.

Scryfall puts multi-face data in ``card_faces``; we keep the catalog's conventions: the
front face's cost gives mana value and colors (not Scryfall's ``cmc``, which adds up both
halves of a split card), types come from the front face, oracle text joins every face.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from arena.corpus import EXCLUDED_LAYOUTS, EXCLUDED_TYPES
from arena.mana import ManaCostError, cost_colors, mana_value_int
from arena.models import COLORS, Card, Color
from arena.names import FACE_SEPARATOR

logger = logging.getLogger(__name__)

SUPERTYPES = frozenset({"Basic", "Legendary", "Snow", "World", "Ongoing", "Host", "Elite"})
_SKIP_LAYOUTS = EXCLUDED_LAYOUTS | {"minigame"}


@dataclass(frozen=True, slots=True)
class ScryfallPrinting:
    """Which printing a Scryfall object describes; decides whose set/rarity/price we keep."""

    scryfall_id: str | None
    released_at: str | None
    arena_id: int | None


def split_type_line(type_line: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """``"Legendary Creature — Elf Druid"`` → (types, subtypes, supertypes) of that one face."""
    left, _, right = type_line.partition("—")
    words = left.split()
    supertypes = tuple(w for w in words if w in SUPERTYPES)
    types = tuple(w for w in words if w not in SUPERTYPES)
    return types, tuple(right.split()), supertypes


def _colors(values: Any) -> tuple[Color, ...]:
    found = set(values or ())
    return tuple(c for c in COLORS if c in found)


def _str_or_none(value: Any) -> str | None:
    return None if value is None else str(value)


def card_from_scryfall(obj: dict[str, Any]) -> tuple[Card, ScryfallPrinting] | None:
    """Convert one Scryfall card object; ``None`` for tokens, planes, art cards and the like."""
    if not isinstance(obj, dict) or obj.get("object", "card") != "card" or not obj.get("name"):
        return None
    layout = str(obj.get("layout") or "normal")
    if layout in _SKIP_LAYOUTS:
        return None
    faces_data: list[dict[str, Any]] = [f for f in obj.get("card_faces") or [] if isinstance(f, dict)]
    name = str(obj["name"])
    face_names = tuple(dict.fromkeys(str(f.get("name") or "") for f in faces_data if f.get("name")))
    if layout == "reversible_card" and face_names:
        # Both sides of a reversible printing are the same card (or a known multi-face one).
        name = FACE_SEPARATOR.join(face_names)
    faces = face_names or (name,)
    front = faces_data[0] if faces_data else obj
    full_type = str(obj.get("type_line") or front.get("type_line") or "")
    types, subtypes, supertypes = split_type_line(
        str(front.get("type_line") or full_type.split(FACE_SEPARATOR)[0])
    )
    if set(types) & EXCLUDED_TYPES:
        return None
    cost = str(front.get("mana_cost") if faces_data and front.get("mana_cost") is not None
               else obj.get("mana_cost") or "")
    if FACE_SEPARATOR in cost:
        cost = cost.split(FACE_SEPARATOR)[0]
    try:
        value, colors = mana_value_int(cost), cost_colors(cost)
    except ManaCostError:
        logger.warning("Scryfall card %r has an unreadable cost %r; using its cmc", name, cost)
        value, colors = int(obj.get("cmc") or 0), _colors(obj.get("colors"))
    if faces_data and any("oracle_text" in f for f in faces_data):
        text = "\n//\n".join(str(f.get("oracle_text") or "") for f in faces_data)
    else:
        text = str(obj.get("oracle_text") or "")
    image_uris = obj.get("image_uris") or (faces_data[0].get("image_uris") if faces_data else None) or {}
    arena_id = obj.get("arena_id")
    card = Card(
        name=name,
        faces=faces,
        mana_cost=cost,
        mana_value=value,
        colors=colors,
        color_identity=_colors(obj.get("color_identity")),
        type_line=full_type,
        types=types,
        subtypes=subtypes,
        supertypes=supertypes,
        oracle_text=text,
        layout=layout,
        power=_str_or_none(front.get("power", obj.get("power"))),
        toughness=_str_or_none(front.get("toughness", obj.get("toughness"))),
        loyalty=_str_or_none(front.get("loyalty", obj.get("loyalty"))),
        keywords=tuple(obj.get("keywords") or ()),
        set_code=_str_or_none(obj.get("set")),
        rarity=_str_or_none(obj.get("rarity")),
        legalities={str(k): str(v) for k, v in (obj.get("legalities") or {}).items()},
        arena_id=int(arena_id) if isinstance(arena_id, int) else None,
        prices={str(k): _str_or_none(v) for k, v in (obj.get("prices") or {}).items()},
        purchase_uris={str(k): str(v) for k, v in (obj.get("purchase_uris") or {}).items()},
        image_uri=_str_or_none(image_uris.get("normal")),
        scryfall_uri=_str_or_none(obj.get("scryfall_uri")),
        produced_mana=tuple(str(m) for m in obj.get("produced_mana") or ()),
    )
    printing = ScryfallPrinting(
        scryfall_id=_str_or_none(obj.get("id")),
        released_at=_str_or_none(obj.get("released_at")),
        arena_id=card.arena_id,
    )
    return card, printing
