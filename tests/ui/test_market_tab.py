"""The Market tab's layout functions, on API-shaped answers written by hand."""

from __future__ import annotations

from ui.market_tab import (
    history_frame,
    rates_frame,
    shopping_markdown,
    trend_frame,
    wildcard_markdown,
)

PRICES = {
    "as_of": "2026-12-01T10:00:00+00:00", "stale": True,
    "totals": {"usd": 22.9, "eur": 18.75, "tix": 3.34}, "incomplete": {"tix": ["Hansk, Slayer Zealot"]},
    "cards": [
        {"card": "Lightning Bolt", "count": 4, "usd": 6.0, "eur": 4.8, "tix": 0.04, "buyable": True,
         "links": {"tcgplayer": "https://shop.test/t/1"}, "note": None},
        {"card": "A-Luminarch Aspirant", "count": 1, "usd": None, "eur": None, "tix": None, "buyable": False,
         "links": {}, "note": "Alchemy card: Arena only, never printed on paper; the paper card is Luminarch Aspirant"},
    ],
    "missing": [], "warnings": ["Prices are from 2026-12-01 (2 day(s) old)"],
}


def test_shopping_list_shows_each_currency_links_and_what_cannot_be_bought() -> None:
    text = shopping_markdown(PRICES)
    assert "$22.90 · €18.75 · 3.34 tix" in text
    assert "[TCGplayer](https://shop.test/t/1)" in text
    assert "not sold on paper" in text and "the paper card is Luminarch Aspirant" in text
    assert "2 day(s) old" in text and "Hansk, Slayer Zealot" in text


def test_wildcard_bill_lists_craft_order() -> None:
    bill = {"common": 5, "uncommon": 6, "rare": 5, "mythic": 1, "unknown": [
        {"card": "Hansk, Slayer Zealot", "count": 1, "reason": "not on Arena"}],
        "craft_first": [{"card": "Delver of Secrets", "count": 4, "rarity": "common"}]}
    text = wildcard_markdown(bill)
    assert "**5** common · **6** uncommon · **5** rare · **1** mythic" in text
    assert "1. 4× Delver of Secrets (common)" in text and "not on Arena" in text


def test_history_tables_and_trend() -> None:
    history = {"matches": [
        {"match_id": "a", "started_at": "2026-07-22T19:38:14+00:00", "result": "win", "opponent": "X",
         "games": [{"game": 1, "result": "win", "on_play": False}]},
        {"match_id": "b", "started_at": "2026-07-23T19:38:14+00:00", "result": "loss", "opponent": "Y",
         "games": [{"game": 1, "result": "loss", "on_play": True}]},
    ]}
    frame = history_frame(history)
    assert list(frame["Opponent"]) == ["Y", "X"]  # newest first
    assert list(frame["Games"]) == ["loss (play)", "win (draw)"]
    assert trend_frame(history).to_dict("records") == [{"Match": 1, "Win rate": 1.0}, {"Match": 2, "Win rate": 0.5}]
    rates = rates_frame([{"key": "on the play", "games": 8, "wins": 6, "losses": 2, "draws": 0,
                          "win_rate": 0.75, "interval_95": [0.4093, 0.9285], "too_few": True}], "Against", "games")
    assert rates.to_dict("records")[0]["95% interval"] == "41%–93%"
    assert rates.to_dict("records")[0]["Note"] == "too few to judge"
