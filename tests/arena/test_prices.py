"""Paper shopping lists against a Scryfall bulk file imported from the loopback fake.

Every expected total below is added up by hand from ``market_fixture.PRINTINGS``; the
arithmetic is written next to it. Currencies are never added together.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from arena.catalog import Catalog
from arena.cli import main
from arena.parsing import parse_deck
from arena.prices import shopping_list
from tests.arena.market_fixture import priced_folder

IZZET = "decks/e2e_forge_about_companion_alchemy_izzet.txt"
XMAGE = "decks/xmage_testdeck.mtga.txt"


@pytest.fixture(scope="module")
def cat(catalog_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Catalog]:
    with Catalog.open(priced_folder(catalog_dir, tmp_path_factory.mktemp("prices"))) as catalog:
        yield catalog


def _list(cat: Catalog, realdata: Path, deck: str, **kwargs: object) -> dict:  # type: ignore[type-arg]
    parsed = parse_deck((realdata / deck).read_bytes(), cat, filename=Path(deck).name)
    return shopping_list(parsed, cat, **kwargs).to_json()  # type: ignore[arg-type]


def test_xmage_deck_totals_per_currency(cat: Catalog, realdata: Path) -> None:
    result = _list(cat, realdata, XMAGE)
    # USD: Niv 2x1.50=3.00, Teferi TR 8.00 (WAR, not the 12.00 promo), Veto 0.30, Knight 0.80,
    # Expansion 1.00, Forest free, Teferi HoD 9.00, Marshal 3x0.40=1.20 (three lines, DOM
    # cheaper than PDOM 1.10), Ego 3x0.25=0.75, Beacon Bolt 0.10
    # = 3.00+8.00+0.30+0.80+1.00+9.00+1.20+0.75+0.10 = 24.15
    # EUR: 2.00+7.00+0.20+0.60+0.90+8.00+0.90+0.60+0.08 = 20.28
    # TIX: 0.20+5.00+0.05+0.04+0.20+3.00+0.06+0.09+0.01 = 8.65
    assert result["totals"] == {"usd": 24.15, "eur": 20.28, "tix": 8.65}
    assert result["missing"] == [] and result["incomplete"] == {}
    marshal = next(c for c in result["cards"] if c["card"] == "Benalish Marshal")
    assert (marshal["count"], marshal["usd"], marshal["unit"]["usd"]) == (3, 1.20, 0.40)
    assert marshal["sets"]["usd"] == "dom"
    forest = next(c for c in result["cards"] if c["card"] == "Forest")
    assert (forest["usd"], forest["eur"], forest["tix"], forest["buyable"]) == (0.0, 0.0, 0.0, True)


def test_xmage_main_only_and_basics_when_asked(cat: Catalog, realdata: Path) -> None:
    # Without the sideboard (Ego 0.75/0.60/0.09, Beacon Bolt 0.10/0.08/0.01):
    # USD 24.15-0.75-0.10 = 23.30; with the Forest at its cheapest 0.10: 23.40
    result = _list(cat, realdata, XMAGE, sideboard=False, include_basics=True)
    assert result["totals"]["usd"] == 23.40
    # EUR 20.28-0.60-0.08 = 19.60, + Forest 0.05 = 19.65
    assert result["totals"]["eur"] == 19.65


def test_izzet_deck_totals_alchemy_and_paper_only(cat: Catalog, realdata: Path) -> None:
    result = _list(cat, realdata, IZZET)
    # Lurrus once (companion and sideboard are the same card): 2.10 / 1.80 / 0.40
    # Delver 4 x MID 0.25/0.10/0.02 = 1.00/0.40/0.08
    # Bolt 4 x (M11 1.50 / M11 1.20 / ME4 0.01, an MTGO-only set) = 6.00/4.80/0.04
    # Fire // Ice 2 x 0.30/0.25/0.03 = 0.60/0.50/0.06
    # Bonecrusher 3 x (PLST 0.90 / ELD 0.80 / ELD 0.50) = 2.70/2.40/1.50
    # Valki 4.00/3.50/1.20; Hansk 6.00/5.00/no tix; A-Luminarch not buyable
    # Rampant Growth 0.20/0.15/0.02; Islands and Mountains free; Shock 2 x 0.15/0.10/0.02
    # USD 2.10+1.00+6.00+0.60+2.70+4.00+6.00+0.20+0.30 = 22.90
    # EUR 1.80+0.40+4.80+0.50+2.40+3.50+5.00+0.15+0.20 = 18.75
    # TIX 0.40+0.08+0.04+0.06+1.50+1.20+0.02+0.04 = 3.34 (Hansk has no MTGO printing)
    assert result["totals"] == {"usd": 22.90, "eur": 18.75, "tix": 3.34}
    assert result["incomplete"] == {"tix": ["Hansk, Slayer Zealot"]}
    cards = {c["card"]: c for c in result["cards"]}
    assert cards["Lurrus of the Dream-Den"]["count"] == 1
    alchemy = cards["A-Luminarch Aspirant"]
    assert alchemy["buyable"] is False and alchemy["usd"] is None
    assert alchemy["paper_original"] == "Luminarch Aspirant"
    assert "Luminarch Aspirant" in alchemy["note"]
    bonecrusher = cards["Bonecrusher Giant // Stomp"]
    assert bonecrusher["sets"] == {"usd": "plst", "eur": "eld", "tix": "eld"}
    assert bonecrusher["links"]["tcgplayer"].startswith("https://shop.test/tcgplayer/plst/")
    assert bonecrusher["links"]["cardmarket"].startswith("https://shop.test/cardmarket/eld/")
    assert cards["Island"]["count"] == 20 and cards["Island"]["usd"] == 0.0


def test_prices_are_dated_and_old_ones_warned(cat: Catalog, realdata: Path) -> None:
    fresh = _list(cat, realdata, XMAGE)
    assert fresh["as_of"] and fresh["stale"] is False and fresh["warnings"] == []
    imported = datetime.fromisoformat(fresh["as_of"])
    old = _list(cat, realdata, XMAGE, now=imported + timedelta(days=3))
    assert old["stale"] is True and "3 day(s) old" in old["warnings"][0]


def test_without_an_import_nothing_is_priced(data_dir: Path, realdata: Path) -> None:
    with Catalog.open(data_dir) as catalog:
        result = _list(catalog, realdata, XMAGE, now=datetime.now(UTC))
    assert result["as_of"] is None and result["stale"] is True
    assert result["totals"] == {"usd": 0.0, "eur": 0.0, "tix": 0.0}
    assert "Teferi, Time Raveler" in result["missing"]
    assert "imported" in result["warnings"][0]


def test_cli_price_json(cat: Catalog, realdata: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["price", str(realdata / XMAGE), "--json", "--data-dir", str(cat.path.parent)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) >= {"as_of", "totals", "cards", "missing"}
    assert set(out["cards"][0]) >= {"card", "count", "usd", "eur", "tix", "links", "buyable"}
    assert out["totals"]["usd"] == 24.15


def test_a_digital_only_card_is_not_buyable(cat: Catalog) -> None:
    deck = parse_deck(b"4 Davriel's Withering\n4 Lightning Bolt\n", cat, filename="deck.txt")
    result = shopping_list(deck, cat).to_json()
    withering = result["cards"][0]
    assert withering["buyable"] is False and "digital-only" in withering["note"]
    assert withering["paper_original"] is None and withering["usd"] is None
    # Only the Bolts count: 4 x 1.50 / 1.20 / 0.01
    assert result["totals"] == {"usd": 6.00, "eur": 4.80, "tix": 0.04}
    assert result["missing"] == []
