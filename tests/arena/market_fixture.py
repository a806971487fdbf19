"""A small Scryfall bulk file with prices, rarities, Arena ids and games for two realdata decks.

The oracle data of each object is the offline corpus' own card (so importing it changes no
rule text); the printing data (set, rarity, Arena id, games, prices, links) are FIXTURE
numbers chosen to exercise the rules: several printings per card (cheapest per currency
may come from different printings), paper-only, MTGO-only and Arena-only printings, an
Alchemy ``A-`` card, a paper-only card that never came to Arena. They are not real prices.

Decks: ``e2e_forge_about_companion_alchemy_izzet.txt`` and ``xmage_testdeck.mtga.txt``.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

from arena.catalog import Catalog

PAPER_MTGO = ["paper", "mtgo"]
ALL_GAMES = ["paper", "mtgo", "arena"]

# name, set, rarity, arena_id, games, usd, eur, tix
PRINTINGS: list[tuple[str, str, str, int | None, list[str], str | None, str | None, str | None]] = [
    # --- Izzet deck
    ("Lurrus of the Dream-Den", "iko", "rare", 70370, ALL_GAMES, "2.10", "1.80", "0.40"),
    ("Delver of Secrets", "mid", "common", 78412, ALL_GAMES, "0.25", "0.10", "0.02"),
    ("Delver of Secrets", "isd", "common", None, PAPER_MTGO, "0.60", "0.45", None),
    ("Lightning Bolt", "m11", "common", None, PAPER_MTGO, "1.50", "1.20", "0.05"),
    ("Lightning Bolt", "sta", "uncommon", 73000, ALL_GAMES, "2.75", "2.40", "0.10"),
    ("Lightning Bolt", "me4", "common", None, ["mtgo"], None, None, "0.01"),  # MTGO-only set
    ("Fire // Ice", "mh2", "uncommon", 77000, ALL_GAMES, "0.30", "0.25", "0.03"),
    ("Bonecrusher Giant", "eld", "rare", 70180, ALL_GAMES, "1.00", "0.80", "0.50"),
    ("Bonecrusher Giant", "plst", "rare", None, ["paper"], "0.90", "1.10", None),
    ("Valki, God of Lies", "khm", "mythic", 75300, ALL_GAMES, "4.00", "3.50", "1.20"),
    ("Hansk, Slayer Zealot", "slx", "rare", None, ["paper"], "6.00", "5.00", None),
    ("Luminarch Aspirant", "znr", "rare", 73100, ALL_GAMES, "3.50", "2.90", "0.80"),
    ("Rampant Growth", "m10", "common", None, PAPER_MTGO, "0.20", "0.15", "0.02"),
    ("Rampant Growth", "j21", "common", 78200, ["arena"], None, None, None),  # Arena-only set
    ("Island", "dar", "common", 67000, ALL_GAMES, "0.10", "0.05", "0.01"),
    ("Mountain", "dar", "common", 67001, ALL_GAMES, "0.10", "0.05", "0.01"),
    ("Shock", "m21", "common", 71500, ALL_GAMES, "0.15", "0.10", "0.02"),
    # --- xmage deck
    ("Niv-Mizzet Reborn", "war", "mythic", 69700, ALL_GAMES, "1.50", "1.00", "0.10"),
    ("Teferi, Time Raveler", "war", "rare", 69760, ALL_GAMES, "8.00", "7.00", "5.00"),
    ("Teferi, Time Raveler", "pwar", "rare", None, ["paper"], "12.00", "9.50", None),
    ("Dovin's Veto", "war", "uncommon", 69730, ALL_GAMES, "0.30", "0.20", "0.05"),
    ("Knight of Autumn", "grn", "rare", 68700, ALL_GAMES, "0.80", "0.60", "0.04"),
    ("Expansion // Explosion", "grn", "rare", 68724, ALL_GAMES, "1.00", "0.90", "0.20"),
    ("Forest", "xln", "common", 66500, ALL_GAMES, "0.10", "0.05", "0.01"),
    ("Teferi, Hero of Dominaria", "dom", "mythic", 67200, ALL_GAMES, "9.00", "8.00", "3.00"),
    ("Benalish Marshal", "dom", "rare", 67006, ALL_GAMES, "0.40", "0.30", "0.02"),
    ("Benalish Marshal", "pdom", "rare", None, ["paper"], "1.10", None, None),
    ("Unmoored Ego", "grn", "rare", 68800, ALL_GAMES, "0.25", "0.20", "0.03"),
    ("Beacon Bolt", "grn", "uncommon", 68650, ALL_GAMES, "0.10", "0.08", "0.01"),
    # --- a card printed only for Arena (Jumpstart: Historic Horizons), no paper printing at all
    ("Davriel's Withering", "j21", "common", 79500, ["arena"], None, None, None),
]

ALCHEMY_ASPIRANT = 79000  # Arena id of A-Luminarch Aspirant in this fixture


def scryfall_object(catalog: Catalog, name: str, set_code: str, rarity: str, arena_id: int | None,
                    games: list[str], usd: str | None, eur: str | None, tix: str | None,
                    *, serial: int) -> dict[str, Any]:
    """A Scryfall card object: the corpus' oracle data plus this printing's data."""
    card = catalog.get(name)
    assert card is not None, name
    obj: dict[str, Any] = {
        "object": "card", "id": f"fixture-{serial:04d}", "name": card.name, "layout": card.layout,
        "released_at": "2024-01-01", "mana_cost": card.mana_cost, "type_line": card.type_line,
        "oracle_text": card.oracle_text, "colors": list(card.colors),
        "color_identity": list(card.color_identity), "keywords": list(card.keywords),
        "legalities": {"standard": "not_legal", "historic": "legal"}, "set": set_code,
        "rarity": rarity, "games": games, "digital": "paper" not in games,
        "prices": {"usd": usd, "usd_foil": None, "eur": eur, "tix": tix},
        "purchase_uris": {
            "tcgplayer": f"https://shop.test/tcgplayer/{set_code}/{serial}",
            "cardmarket": f"https://shop.test/cardmarket/{set_code}/{serial}",
            "cardhoarder": f"https://shop.test/cardhoarder/{set_code}/{serial}",
        },
    }
    if len(card.faces) > 1:
        obj["card_faces"] = [{"name": face} for face in card.faces]
    if arena_id is not None:
        obj["arena_id"] = arena_id
    return obj


def alchemy_aspirant(catalog: Catalog) -> dict[str, Any]:
    """``A-Luminarch Aspirant``: Arena-only, no prices, no purchase links (as Scryfall has it)."""
    obj = scryfall_object(catalog, "Luminarch Aspirant", "yznr", "rare", ALCHEMY_ASPIRANT,
                          ["arena"], None, None, None, serial=9999)
    obj["name"] = "A-Luminarch Aspirant"
    obj["purchase_uris"] = None
    return obj


def bulk_objects(catalog: Catalog) -> list[dict[str, Any]]:
    """Every printing above, in order, plus the Alchemy card."""
    objs = [scryfall_object(catalog, *row, serial=i) for i, row in enumerate(PRINTINGS)]
    return [*objs, alchemy_aspirant(catalog)]


def write_bulk(catalog: Catalog, path: Path) -> bytes:
    """The bulk file as gzip bytes, also written to ``path``."""
    data = gzip.compress(json.dumps(bulk_objects(catalog)).encode())
    path.write_bytes(data)
    return data


def import_through_fake(catalog: Catalog, tmp_path: Path) -> None:
    """Serve the bulk file from the loopback Scryfall fake and import it by URL, as players do."""
    import httpx

    from arena.bulk_import import import_bulk
    from tests.fakes.scryfall_server import FakeScryfall

    payload = write_bulk(catalog, tmp_path / "bulk.json.gz")
    with FakeScryfall(None, generated=0) as fake, httpx.Client() as http:
        fake.files["default-cards-fixture.json"] = payload
        import_bulk(catalog, f"{fake.url}/files/default-cards-fixture.json", progress=False, client=http)


def priced_folder(catalog_dir: Path, folder: Path) -> Path:
    """A data folder holding a copy of the test catalog with the fixture's prices and rarities imported."""
    import shutil

    from arena.paths import CATALOG_FILENAME

    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(catalog_dir / CATALOG_FILENAME, folder / CATALOG_FILENAME)
    with Catalog.open(folder) as catalog:
        import_through_fake(catalog, folder)
    return folder
