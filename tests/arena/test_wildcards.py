"""Wildcard bills against the fixture bulk file (``market_fixture``), counted by hand."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from arena.catalog import Catalog
from arena.cli import main
from arena.parsing import parse_deck
from arena.wildcards import collection_counts, wildcard_bill
from tests.arena.market_fixture import priced_folder

IZZET = "decks/e2e_forge_about_companion_alchemy_izzet.txt"
XMAGE = "decks/xmage_testdeck.mtga.txt"


@pytest.fixture(scope="module")
def cat(catalog_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Catalog]:
    with Catalog.open(priced_folder(catalog_dir, tmp_path_factory.mktemp("wildcards"))) as catalog:
        yield catalog


def _bill(cat: Catalog, realdata: Path, deck: str, **kwargs: object) -> dict:  # type: ignore[type-arg]
    parsed = parse_deck((realdata / deck).read_bytes(), cat, filename=Path(deck).name)
    return wildcard_bill(parsed, cat, **kwargs).to_json()  # type: ignore[arg-type]


def test_xmage_main_deck(cat: Catalog, realdata: Path) -> None:
    bill = _bill(cat, realdata, XMAGE)
    # Niv 2 mythic; Teferi TR 1 rare; Veto 1 uncommon; Knight 1 rare; Expansion 1 rare;
    # Forest free; Teferi HoD 1 mythic; Benalish Marshal 1+1+1 lines = 3 rare.
    # common 0, uncommon 1, rare 1+1+1+3 = 6, mythic 2+1 = 3
    assert {r: bill[r] for r in ("common", "uncommon", "rare", "mythic")} == {
        "common": 0, "uncommon": 1, "rare": 6, "mythic": 3}
    assert {"card": "Benalish Marshal", "count": 3, "rarity": "rare"} in bill["missing"]
    assert bill["unknown"] == []


def test_xmage_with_sideboard(cat: Catalog, realdata: Path) -> None:
    bill = _bill(cat, realdata, XMAGE, sideboard=True)
    # + Unmoored Ego 3 rare, Beacon Bolt 1 uncommon: uncommon 2, rare 9, mythic 3
    assert (bill["common"], bill["uncommon"], bill["rare"], bill["mythic"]) == (0, 2, 9, 3)


def test_izzet_lowest_arena_rarity_basics_free_and_unknown(cat: Catalog, realdata: Path) -> None:
    bill = _bill(cat, realdata, IZZET)
    # Lurrus (companion) 1 rare; Delver 4 common; Bolt 4 uncommon (its only Arena printing is
    # STA uncommon; the M11 common is paper only); Fire // Ice 2 uncommon; Bonecrusher 3 rare;
    # Valki 1 mythic; A-Luminarch 1 rare; Rampant Growth 1 common (J21, Arena only);
    # Hansk never came to Arena; 20 Island, 23 Mountain free.
    # common 4+1 = 5, uncommon 4+2 = 6, rare 1+3+1 = 5, mythic 1
    assert (bill["common"], bill["uncommon"], bill["rare"], bill["mythic"]) == (5, 6, 5, 1)
    assert [u["card"] for u in bill["unknown"]] == ["Hansk, Slayer Zealot"]
    assert "not on Arena" in bill["unknown"][0]["reason"]
    assert not any(m["card"] in ("Island", "Mountain") for m in bill["missing"])
    # Sideboard: the Lurrus there is the companion itself; Shock 2 common: common 7
    assert _bill(cat, realdata, IZZET, sideboard=True)["common"] == 7


def test_craft_first_ranks_four_ofs_and_cheap_spells_first(cat: Catalog, realdata: Path) -> None:
    order = [n["card"] for n in _bill(cat, realdata, IZZET)["craft_first"]]
    # 4-ofs first (Delver mv 1 common before Bolt mv 1 uncommon), then Bonecrusher (3 copies),
    # Fire // Ice (2), then the 1-ofs by mana value: Valki 2, A-Luminarch 2, Lurrus 3, Rampant 2
    assert order[:4] == ["Delver of Secrets // Insectile Aberration", "Lightning Bolt",
                         "Bonecrusher Giant // Stomp", "Fire // Ice"]


def test_collection_leaves_only_missing_copies(cat: Catalog, realdata: Path, tmp_path: Path) -> None:
    csv = ('"Count","Name","Edition"\n"2","Delver of Secrets","mid"\n"7","Lightning Bolt","sta"\n'
           '"1","Valki, God of Lies","khm"\n')
    owned = collection_counts(parse_deck(csv.encode(), cat, filename="collection.csv"))
    parsed = parse_deck((realdata / IZZET).read_bytes(), cat, filename="izzet.txt")
    bill = wildcard_bill(parsed, cat, owned=owned).to_json()
    # Delver 4-2 = 2 common; Bolt 7 owned >= 4 needed: 0; Valki owned: 0.
    # common 2+1 = 3, uncommon 0+2 = 2, rare 5, mythic 0
    assert (bill["common"], bill["uncommon"], bill["rare"], bill["mythic"]) == (3, 2, 5, 0)
    assert bill["collection_used"] is True


def test_cli_wildcards_json(cat: Catalog, realdata: Path, tmp_path: Path,
                            capsys: pytest.CaptureFixture[str]) -> None:
    collection = tmp_path / "collection.csv"
    collection.write_text('"Count","Name"\n"1","Niv-Mizzet Reborn"\n', encoding="utf-8")
    argv = ["wildcards", str(realdata / XMAGE), "--collection", str(collection), "--json",
            "--data-dir", str(cat.path.parent)]
    assert main(argv) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) >= {"common", "uncommon", "rare", "mythic", "missing", "unknown"}
    assert out["mythic"] == 2  # Niv 2-1 = 1, Teferi HoD 1


def test_a_card_printed_only_on_arena_has_its_arena_rarity(cat: Catalog) -> None:
    bill = wildcard_bill(parse_deck(b"4 Davriel's Withering\n", cat, filename="d.txt"), cat).to_json()
    assert (bill["common"], bill["unknown"]) == (4, [])
