"""Player.log reading: every real excerpt against what a person reads in it by hand.

Expected values come from reading each file (see ../shared/realdata/playerlog/SOURCES.tsv
for where each came from), not from the parser's output.
"""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

import pytest

from arena.cli import main
from arena.playerlog import COLLECTION_NOTE, LogReport, read_log
from arena.playerlog.entries import MAX_ENTRY_BYTES, BoundedLines

TABI = "mtgarenalogreader__tabi-cat-room_2026-07_play_bo1.log"
AI_2020 = "mtgarenatool__match-test_2020-07_aipractice_bo1.log"
LOSS_2026 = "hollowmark__match_completed_loss_2026.59.20.log"


def _read(realdata: Path, name: str, **kwargs: object) -> LogReport:
    with (realdata / "playerlog" / name).open("rb") as stream:
        return read_log(stream, **kwargs)  # type: ignore[arg-type]


def _counts(cards: list[dict]) -> dict[int, int]:  # type: ignore[type-arg]
    return {c["arena_id"]: c["count"] for c in cards}


def test_tabi_cat_room_bo1_win_on_the_draw(realdata: Path) -> None:
    report = _read(realdata, TABI)
    assert report.skipped == 0
    (match,) = report.to_json()["matches"]
    # Room event: Chasparos seat/team 1 vs Tabi_Cat seat/team 2, eventId "Play" on each player.
    assert match["match_id"] == "202d2b4e-725b-4dc9-b663-dbc51bb60ab4"
    assert (match["event"], match["player"], match["opponent"]) == ("Play", "Chasparos", "Tabi_Cat")
    # Turn 1 activePlayer 2 (Tabi_Cat chose to start): Chasparos on the draw; winningTeamId 1.
    assert match["games"] == [{"game": 1, "result": "win", "on_play": False}]
    assert match["result"] == "win" and match["complete"] is True
    # Room timestamp 1784749094589 ms = 2026-07-22 19:38:14 UTC (the header says 21:38:14 local).
    assert match["started_at"] == "2026-07-22T19:38:14+00:00"
    main_deck, side = _counts(match["deck"]["main"]), _counts(match["deck"]["side"])
    # ConnectResp deckMessage: 60 main (105178 x9 = basic lands, 105122 x4 ...), 8 side.
    assert sum(main_deck.values()) == 60 and sum(side.values()) == 8
    assert (main_deck[105178], main_deck[105122], main_deck[102556]) == (9, 4, 1)
    assert side == {94043: 2, 102807: 2, 75208: 1, 97396: 1, 68613: 1, 87249: 1}
    # The one public object owned by seat 2 in the excerpt: grpId 95191 (line 49).
    assert [c["arena_id"] for c in match["opponent_cards"]] == [95191]
    assert report.inventory is None


def test_2020_ai_practice_with_deck_name_and_inventory(realdata: Path) -> None:
    report = _read(realdata, AI_2020)
    assert report.skipped == 0
    data = report.to_json()
    (match,) = data["matches"]
    assert match["match_id"] == "4aa81e9f-4cc2-4170-afc3-861a18107930"
    assert (match["event"], match["player"], match["opponent"]) == ("AIBotMatch", "Manuel777#63494", "Sparky")
    # Turn 1 activePlayer 2 (Sparky) -> Manuel on the draw; MatchCompleted winningTeamId 1 = Manuel.
    assert match["games"] == [{"game": 1, "result": "win", "on_play": False}]
    assert match["result"] == "win"
    deck = match["deck"]
    # Deck.UpdateDeckV3 / Event.AIPractice: 'Rakdos M21', mainDeck pairs add to 60, sideboard 15.
    assert deck["name"] == "Rakdos M21"
    main_deck = _counts(deck["main"])
    assert sum(main_deck.values()) == 60 and sum(_counts(deck["side"]).values()) == 15
    assert (main_deck[70228], main_deck[70503], main_deck[70504], main_deck[71870]) == (4, 7, 6, 4)
    assert match["opponent_cards"] == []  # only Manuel's own hand is in the trimmed GRE stream
    # <== PlayerInventory.GetPlayerInventory: wcCommon 22, wcUncommon 46, wcRare 0, wcMythic 0,
    # gold 4075, gems 60
    assert data["inventory"] == {"wildcards": {"common": 22, "uncommon": 46, "rare": 0, "mythic": 0},
                                 "gold": 4075, "gems": 60}


def test_2026_loss_needs_to_know_who_the_player_is(realdata: Path) -> None:
    unknown = _read(realdata, LOSS_2026).to_json()["matches"][0]
    assert unknown["result"] is None and unknown["opponent"] is None
    assert unknown["games"] == [{"game": 1, "result": None, "on_play": None}]
    for name in ("FakePlayer#00001", "fakeplayer"):
        match = _read(realdata, LOSS_2026, player=name).to_json()["matches"][0]
        # FakeOpponent#00003 is team 1, the winning team; the player is team 2.
        assert (match["event"], match["opponent"], match["result"]) == ("Ladder", "FakeOpponent#00003", "loss")
        assert match["games"] == [{"game": 1, "result": "loss", "on_play": None}]


@pytest.mark.parametrize(("name", "wildcards", "gold", "gems"), [
    # {"InventoryInfo":{Gems 2135, Gold 76875, WildCardCommons 39, UnCommons 25, Rares 9, Mythics 20}}
    ("hollowmark__inventory_updated_2026.59.20.log", (39, 25, 9, 20), 76875, 2135),
    # DTO_InventoryInfo in the next-pack response: Gems 2300, Gold 4500, 68/87/28/12
    ("mtga_draft_17lands__dmu_quickdraft_2024-05_dto_inventoryinfo.log", (68, 87, 28, 12), 4500, 2300),
    # InventoryInfo beside Course after paying 2000 gems for sealed: Gems 350
    ("mtga_draft_17lands__dsk_sealed_2024-09_eventjoin_inventoryinfo.log", (68, 87, 28, 12), 4500, 350),
    # 2019 pretty JSON '<== PlayerInventory.GetPlayerInventory(13)': 15/6/0/1, gold 12750, gems 625
    ("mtgarenatool__output_log_2019-05_login_inventory.txt", (15, 6, 0, 1), 12750, 625),
])
def test_inventory_excerpts(realdata: Path, name: str, wildcards: tuple[int, ...], gold: int, gems: int) -> None:
    report = _read(realdata, name)
    data = report.to_json()
    assert report.skipped == 0 and data["matches"] == []
    assert data["inventory"] == {"wildcards": dict(zip(("common", "uncommon", "rare", "mythic"), wildcards,
                                                       strict=True)), "gold": gold, "gems": gems}


@pytest.mark.parametrize("name", [
    "mtga_draft_17lands__mkm_premierdraft_2024-02_wrapped_payload.log",  # join + pick + notify
    "mtga_draft_17lands__otj_premierdraft_2024-05.log",  # join + business event
    "mtga_draft_17lands__tdm_premierdraft_2025-04.log",  # renamed methods, no match
    "mtgarenalogreader__premier-draft_2026-07_eventsetdeckv3.log",  # draft picks, 7 deck saves
    "mtgatracker__output_log_2018-11-24_Deck.GetDeckLists.txt",  # deck lists, rank info
])
def test_draft_and_deck_list_excerpts_hold_no_match_and_no_inventory(realdata: Path, name: str) -> None:
    report = _read(realdata, name)
    assert report.skipped == 0 and report.entries > 0
    assert report.matches == [] and report.inventory is None


def test_every_excerpt_is_covered(realdata: Path) -> None:
    listed = {line.split("\t")[0] for line in
              (realdata / "playerlog" / "SOURCES.tsv").read_text("utf-8").splitlines()[1:] if line}
    on_disk = {p.name for p in (realdata / "playerlog").iterdir() if p.name != "SOURCES.tsv"}
    assert listed == on_disk and len(on_disk) == 12  # the 12 files the tests above read by name


def test_arena_ids_are_named_and_unmapped_listed(realdata: Path) -> None:
    names = {105178: "Mountain", 95191: "Opponent Card"}
    report = _read(realdata, TABI, name_for=names.get)
    data = report.to_json()
    assert data["matches"][0]["opponent_cards"] == [{"card": "Opponent Card", "arena_id": 95191, "count": 1}]
    assert 105178 not in data["unmapped_ids"] and 105122 in data["unmapped_ids"]
    assert data["unmapped_ids"] == sorted(set(data["unmapped_ids"]))
    assert data["collection"] is None and data["collection_note"] == COLLECTION_NOTE


def test_a_repeated_match_in_one_log_is_one_match(realdata: Path) -> None:
    text = (realdata / "playerlog" / TABI).read_bytes()
    report = read_log(io.BytesIO(text + b"\n" + text))
    assert len(report.matches) == 1


def _fuzzed(data: bytes, rng: random.Random) -> bytes:
    choice = rng.randrange(4)
    if choice == 0:  # cut anywhere
        return data[: rng.randrange(len(data))]
    buf = bytearray(data)
    if choice == 1:  # flip bytes
        for _ in range(rng.randrange(1, 40)):
            buf[rng.randrange(len(buf))] = rng.randrange(256)
        return bytes(buf)
    lines = data.split(b"\n")
    if choice == 2:  # drop lines
        return b"\n".join(line for line in lines if rng.random() > 0.2)
    rng.shuffle(lines)  # shuffle lines
    return b"\n".join(lines)


@pytest.mark.parametrize("name", [TABI, AI_2020, "mtgarenatool__output_log_2019-05_login_inventory.txt",
                                  "mtga_draft_17lands__mkm_premierdraft_2024-02_wrapped_payload.log"])
def test_fuzzed_logs_never_crash(realdata: Path, name: str) -> None:
    data = (realdata / "playerlog" / name).read_bytes()
    rng = random.Random(name)
    for _ in range(25):
        report = read_log(io.BytesIO(_fuzzed(data, rng)))
        json.dumps(report.to_json())
        assert report.skipped <= report.entries


def test_truncated_entry_is_skipped_and_counted(realdata: Path) -> None:
    data = (realdata / "playerlog" / TABI).read_bytes()
    last_brace = data.rindex(b"{ \"transactionId\"")  # the MatchCompleted room event
    report = read_log(io.BytesIO(data[: last_brace + 200]))
    assert report.skipped == 1
    (match,) = report.matches
    # The game-over state message came before the cut: the game and match are known, but the
    # room never said "completed".
    assert match.games[0].result == "win" and match.complete is False


def test_overlong_line_is_dropped_without_being_held(realdata: Path) -> None:
    stream = io.BytesIO(b"{\"a\": \"" + b"x" * 100_000 + b"\"}\n" + (realdata / "playerlog" / TABI).read_bytes())
    lines = BoundedLines(stream, limit=60_000)
    assert sum(1 for _ in lines) > 0 and lines.dropped == 1
    assert MAX_ENTRY_BYTES >= 1 << 20  # real 2026 inventory lines run past 200 KB


def test_cli_log_json(realdata: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["log", str(realdata / "playerlog" / AI_2020), "--json", "--data-dir", str(data_dir)]
    assert main(argv) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) >= {"matches", "inventory", "unmapped_ids"}
    assert set(out["matches"][0]) >= {"match_id", "event", "opponent", "games", "result", "deck"}
    assert set(out["inventory"]) == {"wildcards", "gold", "gems"}
    assert len(out["unmapped_ids"]) > 0  # the offline corpus has no Arena ids
