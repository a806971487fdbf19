"""Streaming import of Scryfall bulk files (gzip detected by magic bytes) into the catalog."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from arena import corpus
from arena.bulk_import import import_bulk, refresh_bulk
from arena.catalog import Catalog
from arena.errors import CatalogError
from tests.fakes.scryfall_server import FakeScryfall, generated_card

_CARD_FILES = (
    "aioscryfall__cards__single",
    "api-types__card_mdfc_Esika",
    "api-types__card_split_Odds_Ends",
    "api-types__card_transform_Invasion_of_New_Phyrexia",
    "api-types__card_alchemy_A-Cauldron_Familiar",
)
_LIST_FILES = (
    "api-types__list_search_t-frog",
    "aioscryfall__cards__forests-page1",
    "riffler_readme__cards_collection_response_docs_example_2018",
)


def real_cards(realdata: Path) -> list[dict[str, Any]]:
    """Every real Scryfall card object in the shared samples."""
    folder = realdata / "scryfall"
    cards = [json.loads((folder / f"{stem}.json").read_text("utf-8")) for stem in _CARD_FILES]
    for stem in _LIST_FILES:
        cards += json.loads((folder / f"{stem}.json").read_text("utf-8"))["data"]
    return cards


def printing(index: int, *, released: str, arena: bool, usd: str) -> dict[str, Any]:
    card = generated_card(index, name="Printing Test")
    card.update({"id": f"printing-{released}-{arena}", "released_at": released, "set": f"s{released[:4]}"})
    card["prices"] = {"usd": usd}
    if not arena:
        card.pop("arena_id")
    return card


def bulk_cards(realdata: Path) -> list[dict[str, Any]]:
    token = {"object": "card", "id": "tok", "name": "Goblin", "layout": "token",
             "type_line": "Token Creature — Goblin", "oracle_text": ""}
    printings = [
        printing(1, released="2019-01-01", arena=True, usd="1.00"),
        printing(1, released="2024-01-01", arena=False, usd="9.00"),  # newer but not on Arena
        printing(1, released="2015-01-01", arena=False, usd="5.00"),
    ]
    return [*real_cards(realdata), token, *printings]


def write(path: Path, cards: list[dict[str, Any]], *, gz: bool) -> Path:
    data = json.dumps(cards, indent=1).encode()
    path.write_bytes(gzip.compress(data) if gz else data)
    return path


@pytest.fixture
def cat(data_dir: Path) -> Iterator[Catalog]:
    with Catalog.open(data_dir) as catalog:
        yield catalog


@pytest.mark.parametrize(("filename", "gz"), [("cards.json", True), ("cards.json.gz", False), ("oracle.gz", True)])
def test_import_detects_gzip_by_magic_bytes(
    realdata: Path, cat: Catalog, tmp_path: Path, filename: str, gz: bool
) -> None:
    cards = bulk_cards(realdata)
    result = import_bulk(cat, write(tmp_path / filename, cards, gz=gz), progress=False, batch_size=7)
    assert result.objects == len(cards)
    assert result.written == len(cards) - 1  # the token is skipped
    esika = cat.get("The Prismatic Bridge")
    assert esika is not None and esika.name == "Esika, God of the Tree // The Prismatic Bridge"
    assert esika.arena_id == 75212 and esika.rarity == "mythic" and esika.set_code
    assert esika.legalities and esika.prices and esika.purchase_uris and esika.image_uri
    assert esika.mana_value == 3
    assert cat.get("Goblin") is None or "Token" not in cat.get("Goblin").type_line  # type: ignore[union-attr]
    info = cat.info()
    assert info.source == "corpus+scryfall" and info.legality_known and info.scryfall_imported_at


def test_default_cards_keep_the_arena_printing(realdata: Path, cat: Catalog, tmp_path: Path) -> None:
    import_bulk(cat, write(tmp_path / "default.json", bulk_cards(realdata), gz=True), progress=False)
    card = cat.get("Printing Test")
    assert card is not None
    assert card.arena_id == 90001 and card.set_code == "s2019" and card.prices["usd"] == "1.00"
    assert len([n for n in cat.names() if n == "Printing Test"]) == 1


def test_without_arena_printing_the_most_recent_wins(cat: Catalog, tmp_path: Path) -> None:
    cards = [printing(2, released=r, arena=False, usd=r[:4]) for r in ("2018-05-01", "2023-05-01", "2020-05-01")]
    import_bulk(cat, write(tmp_path / "p.json", cards, gz=False), progress=False)
    card = cat.get("Printing Test")
    assert card is not None and card.set_code == "s2023"


def test_a_new_import_replaces_the_old_printing_data(cat: Catalog, tmp_path: Path) -> None:
    old = [printing(3, released="2020-01-01", arena=True, usd="2.00")]
    import_bulk(cat, write(tmp_path / "old.json", old, gz=False), progress=False)
    new = [printing(3, released="2020-01-01", arena=True, usd="3.50")]
    new[0]["id"] = "another-printing-same-date"
    import_bulk(cat, write(tmp_path / "new.json", new, gz=False), progress=False)
    assert cat.get("Printing Test").prices["usd"] == "3.50"  # type: ignore[union-attr]


def test_imported_text_is_searchable_and_fuzzy_findable(realdata: Path, cat: Catalog, tmp_path: Path) -> None:
    import_bulk(cat, write(tmp_path / "b.json", bulk_cards(realdata), gz=True), progress=False)
    cards, _ = cat.search("printing test deals damage", limit=5)
    assert cards and cards[0].name == "Printing Test"
    bridge, _ = cat.search("Prismatic Bridge", limit=3)
    assert "Esika, God of the Tree // The Prismatic Bridge" in [c.name for c in bridge]
    assert cat.fuzzy("printing tset")[0].name == "Printing Test"
    odds = cat.get("Odds // Ends")
    assert odds is not None and "\n//\n" in odds.oracle_text and odds.mana_value == 2


def test_import_into_an_empty_catalog_without_the_corpus(
    realdata: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(corpus.importlib.util, "find_spec", lambda name: None)
    monkeypatch.setattr(corpus, "_site_roots", lambda: [str(tmp_path / "nothing")])
    data = tmp_path / "data"
    with Catalog.open(data, allow_empty=True) as cat:
        import_bulk(cat, write(tmp_path / "o.json", real_cards(realdata), gz=True), progress=False)
        assert cat.info().source == "scryfall"
    with Catalog.open(data) as cat:  # no longer empty: opens without allow_empty
        assert cat.get("Urza's Saga") is not None
        assert cat.get("A-Cauldron Familiar").arena_id == 83473  # type: ignore[union-attr]
        assert cat.fuzzy("urzas saga")[0].name == "Urza's Saga"


def test_progress_bar_goes_to_stderr(realdata: Path, cat: Catalog, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    import_bulk(cat, write(tmp_path / "b.json", real_cards(realdata), gz=True), progress=True)
    captured = capsys.readouterr()
    assert "Importing b.json" in captured.err
    assert captured.out == ""


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"object": "list", "data": []}', "not a JSON array"),
        (b"[]", "holds no cards"),
        (b'[{"object": "card", "name": "X", "type_line": "Instant"}, {"broken', "damaged or cut short"),
        (gzip.compress(b'[{"object": "card", "name": "X"}')[:-12], "damaged|cut short|cannot read"),
        (b"", "not a JSON array"),
    ],
)
def test_bad_files_raise_clear_errors(cat: Catalog, tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(CatalogError, match=message):
        import_bulk(cat, path, progress=False)


def test_missing_file(cat: Catalog, tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="no Scryfall bulk file"):
        import_bulk(cat, tmp_path / "nope.json", progress=False)


def test_bom_and_whitespace_before_the_array(realdata: Path, cat: Catalog, tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf\n  " + json.dumps(real_cards(realdata)[:2]).encode())
    assert import_bulk(cat, path, progress=False).written == 2


def test_import_from_url_downloads_into_the_data_folder(realdata: Path, cat: Catalog, tmp_path: Path) -> None:
    payload = gzip.compress(json.dumps(real_cards(realdata)).encode())
    with FakeScryfall(None, generated=0) as fake, httpx.Client() as http:
        fake.files["oracle-cards-20260101.json"] = payload
        result = import_bulk(cat, f"{fake.url}/files/oracle-cards-20260101.json", progress=False, client=http)
        assert result.path == cat.path.parent / "scryfall" / "oracle-cards-20260101.json"
        assert result.path.read_bytes() == payload
        assert fake.requests[0].headers["User-Agent"].startswith("Vawlrathh/")
        with pytest.raises(CatalogError, match="HTTP 404"):
            import_bulk(cat, f"{fake.url}/files/missing.json", progress=False, client=http)
    assert cat.get("Urza's Saga").set_code == "mh2"  # type: ignore[union-attr]
    leftovers = [p.name for p in (cat.path.parent / "scryfall").iterdir()]
    assert leftovers == ["oracle-cards-20260101.json"]


def test_candidates_filter_by_format_once_legalities_are_known(cat: Catalog, tmp_path: Path) -> None:
    before = cat.candidates("R", format="standard", limit=5)
    assert before and not cat.legality_known()  # ignored without legality data
    cards = [generated_card(i) for i in range(4)]
    cards[3]["legalities"] = {"standard": "banned", "historic": "legal"}
    import_bulk(cat, write(tmp_path / "g.json", cards, gz=False), progress=False)
    standard = cat.candidates("R", format="standard", limit=50)
    assert sorted(c.name for c in standard) == [f"Generated Card {i:03d}" for i in range(3)]
    assert all(c.arena_id for c in standard)
    assert len(cat.candidates("RG", format="historic", types=["instant"], limit=50)) == 4
    assert cat.candidates("W", format="standard") == []
    assert cat.candidates("R", format="pioneer") == []


def test_streaming_gzip_import_without_the_real_samples(cat: Catalog, tmp_path: Path) -> None:
    cards = [generated_card(i) for i in range(2500)]
    path = write(tmp_path / "default-cards-no-suffix", cards, gz=True)
    result = import_bulk(cat, path, progress=False, batch_size=1000)
    assert (result.objects, result.written) == (2500, 2500)
    assert cat.get("Generated Card 2499").arena_id == 92499  # type: ignore[union-attr]


def _jsonl(cards: list[dict]) -> bytes:
    return b"\n".join(json.dumps(c).encode() for c in cards) + b"\n"


@pytest.mark.parametrize("shape", ["array", "array.gz", "jsonl", "jsonl.gz"])
def test_refresh_follows_the_bulk_index_in_every_file_shape(cat: Catalog, shape: str) -> None:
    cards = [generated_card(i) for i in range(30)]
    cards[0]["legalities"] = {"standard": "legal", "historic": "legal"}
    body = json.dumps(cards).encode() if shape.startswith("array") else _jsonl(cards)
    if shape.endswith(".gz"):
        body = gzip.compress(body)
    name = f"oracle-cards-20260601.{shape}"
    with FakeScryfall(None, generated=0) as fake, httpx.Client() as http:
        fake.files[name] = body
        fake.bulk_list = {"object": "list", "data": [
            {"object": "bulk_data", "type": "default_cards", "download_uri": f"{fake.url}/files/nope",
             "updated_at": "2026-06-01T09:00:00.000+00:00"},
            {"object": "bulk_data", "type": "oracle_cards", "download_uri": f"{fake.url}/files/{name}",
             "updated_at": "2026-06-01T09:00:00.000+00:00"}]}
        first = refresh_bulk(cat, fake.url, client=http)
        assert first.status == "imported" and first.result is not None and first.result.written == 30
        again = refresh_bulk(cat, fake.url, client=http)
        assert again.status == "current"  # same file, imported less than 24 h ago: no download
        assert len(fake.hits("/files/")) == 1
        assert refresh_bulk(cat, fake.url, client=http, max_age=0).status == "imported"
    assert cat.legality_known() and cat.prices_date() == "2026-06-01"
    assert cat.get("Generated Card 000").legalities["standard"] == "legal"  # type: ignore[union-attr]


def test_json_lines_with_a_bad_line_names_it(cat: Catalog, tmp_path: Path) -> None:
    path = tmp_path / "cards.jsonl"
    path.write_bytes(_jsonl([generated_card(0)]) + b"{broken\n")
    with pytest.raises(CatalogError, match="line 2 is not a JSON object"):
        import_bulk(cat, path, progress=False)
