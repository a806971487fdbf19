"""Turn Player.log entries into matches and inventory, whatever the client's vintage.

Who the local player is matters for every result, and the log says it in several ways; in
order of trust: the seat the game server addressed its ``ConnectResp`` to (sent only to
you), the user id in ``Match to USERID:`` headers or the login line, then the screen name
(logged in, or given by the caller). A log excerpt that says none of these (a lone
``MatchCompleted`` line) yields the match with an unknown result rather than a guess.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from arena.playerlog.entries import Entry
from arena.playerlog.model import DeckCard, Game, Inventory, LogReport, Match

NameFor = Callable[[int], str | None]

_LOGIN = re.compile(r"Successfully logged in to account:\s*(?P<name>\S.*?)\s*$")
_ACCOUNT = re.compile(r"DisplayName:(?P<name>[^,]+),\s*AccountID:(?P<id>\w+)")
_MATCH_TO = re.compile(r"^Match to (?P<id>\w+):")
_TO_MATCH = re.compile(r"^(?P<id>\w+) to Match:")
_MAX_UNWRAP = 6
_DOTNET_EPOCH = datetime(1, 1, 1, tzinfo=UTC)

OLD_WILDCARDS = {"common": "wcCommon", "uncommon": "wcUncommon", "rare": "wcRare", "mythic": "wcMythic"}
NEW_WILDCARDS = {"common": "WildCardCommons", "uncommon": "WildCardUnCommons",
                 "rare": "WildCardRares", "mythic": "WildCardMythics"}


def unwrap(value: Any, depth: int = 0) -> Any:
    """Decode JSON that the client wrapped in strings (``request``, ``Payload``, a deck...)."""
    if depth > _MAX_UNWRAP * 8:
        return value
    if isinstance(value, str):
        text = value.strip()
        if len(text) >= 2 and text[0] in "{[" and text[-1] in "}]":
            try:
                return unwrap(json.loads(text), depth + 8)
            except ValueError:
                return value
        return value
    if isinstance(value, dict):
        return {k: unwrap(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [unwrap(v, depth + 1) for v in value]
    return value


def _dict(value: dict[str, Any], key: str) -> dict[str, Any]:
    """``value[key]`` when it is an object, else an empty one (logs are not to be trusted)."""
    inner = value.get(key)
    return inner if isinstance(inner, dict) else {}


def _timestamp(value: Any) -> str | None:
    """ISO time of a JSON ``timestamp``: milliseconds since 1970, or .NET ticks (older clients)."""
    try:
        number = int(str(value))
    except ValueError:
        return None
    if 10**12 <= number < 10**14:
        when = datetime.fromtimestamp(number / 1000, UTC)
    elif number >= 10**17:
        when = _DOTNET_EPOCH + timedelta(microseconds=number // 10)
    else:
        return None
    return when.isoformat(timespec="seconds")


def _deck_counts(ids: Any) -> list[DeckCard]:
    """Counts from a list of repeated Arena ids (``deckMessage``)."""
    counts = Counter(i for i in ids if isinstance(i, int)) if isinstance(ids, list) else Counter()
    return [DeckCard(arena_id=i, count=n) for i, n in counts.items()]


def _submitted_cards(value: Any) -> list[DeckCard]:
    """A submitted deck's cards: ``[id, count, id, count]`` (2019-2020) or ``[{cardId, quantity}]``."""
    if not isinstance(value, list):
        return []
    if value and all(isinstance(v, int) for v in value):
        pairs = zip(value[::2], value[1::2], strict=False)
        return [DeckCard(arena_id=i, count=n) for i, n in pairs if n > 0]
    cards = []
    for item in value:
        if isinstance(item, dict):
            card_id = item.get("cardId", item.get("grpId", item.get("Id", item.get("id"))))
            count = item.get("quantity", item.get("Quantity"))
            if isinstance(card_id, int) and isinstance(count, int) and count > 0:
                cards.append(DeckCard(arena_id=card_id, count=count))
    return cards


@dataclass(slots=True)
class _Submitted:
    name: str | None
    main: list[DeckCard]
    side: list[DeckCard]


@dataclass(slots=True)
class _MatchState:
    match: Match
    seats: dict[int, dict[str, Any]] = field(default_factory=dict)  # seat -> reservedPlayers entry
    connect_seat: int | None = None
    addressed: Counter[int] = field(default_factory=Counter)
    first_player: dict[int, int] = field(default_factory=dict)  # game number -> seat on the play
    game_results: list[dict[str, Any]] = field(default_factory=list)
    match_result: dict[str, Any] | None = None
    seen: dict[int, dict[int, None]] = field(default_factory=dict)  # owner seat -> grpIds (ordered)
    game_number: int = 1
    submitted: _Submitted | None = None


class LogParser:
    """Feed it entries in order, then ask for the :class:`LogReport`."""

    def __init__(self, *, name_for: NameFor | None = None, player: str | None = None) -> None:
        self._name_for = name_for
        self._player = player.strip() if player else None
        self._screen_name: str | None = None
        self._user_id: str | None = None
        self._matches: dict[str, _MatchState] = {}
        self._current: _MatchState | None = None
        self._pending_connect: tuple[int | None, list[DeckCard], list[DeckCard]] | None = None
        self._submitted: _Submitted | None = None
        self._inventory: Inventory | None = None
        self.entries = 0
        self.skipped = 0

    # ------------------------------------------------------------------ feeding

    def feed(self, entry: Entry) -> None:
        """Read one entry; an unreadable one is counted and skipped."""
        self.entries += 1
        if not entry.complete:
            self.skipped += 1
            return
        self._read_label(entry.label)
        if not entry.json_text:
            return
        try:
            value = entry.value if entry.decoded else json.loads(entry.json_text)
            if '\\"' in entry.json_text:
                value = unwrap(value)
            self._read(value, entry)
        except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
            self.skipped += 1

    def _read_label(self, label: str) -> None:
        if m := _MATCH_TO.match(label) or _TO_MATCH.match(label):
            self._user_id = m.group("id")
        elif m := _ACCOUNT.search(label):
            self._screen_name, self._user_id = m.group("name").strip(), m.group("id")
        elif m := _LOGIN.search(label):
            self._screen_name = m.group("name")

    def _read(self, value: Any, entry: Entry) -> None:
        if not isinstance(value, dict):
            return
        self._read_inventory(value, entry.line)
        self._read_submission(value)
        room = value.get("matchGameRoomStateChangedEvent")
        if isinstance(room, dict):
            self._read_room(room, value.get("timestamp"))
        gre = value.get("greToClientEvent")
        if isinstance(gre, dict):
            for message in gre.get("greToClientMessages") or []:
                if isinstance(message, dict):
                    self._read_gre(message)
        elif value.get("type") == "GREMessageType_ConnectResp":  # the pretty "ConnectResp {" dump
            self._read_gre(value)

    # ------------------------------------------------------------------ inventory and decks

    def _read_inventory(self, value: dict[str, Any], line: int) -> None:
        found = _find_inventory(value, 0)
        if found is None:
            return
        info, names = found
        wildcards = {rarity: int(info[key]) for rarity, key in names.items() if isinstance(info.get(key), int)}
        gold = info.get("Gold", info.get("gold"))
        gems = info.get("Gems", info.get("gems"))
        self._inventory = Inventory(
            wildcards=wildcards, gold=gold if isinstance(gold, int) else None,
            gems=gems if isinstance(gems, int) else None, line=line,
        )

    def _read_submission(self, value: dict[str, Any]) -> None:
        request = value.get("request")
        if not isinstance(request, dict):
            return
        params = _dict(request, "params") or request
        deck = params.get("deck", params.get("Deck"))
        if not isinstance(deck, dict):
            return
        summary = _dict(params, "Summary")
        name = deck.get("name") or summary.get("Name")
        main = _submitted_cards(deck.get("mainDeck", deck.get("MainDeck")))
        if main:
            side = _submitted_cards(deck.get("sideboard", deck.get("Sideboard")))
            self._submitted = _Submitted(str(name) if name else None, main, side)

    # ------------------------------------------------------------------ matches

    def _state(self, match_id: str) -> _MatchState:
        state = self._matches.get(match_id)
        if state is None:
            state = _MatchState(Match(match_id=match_id), submitted=self._submitted)
            if self._pending_connect is not None:
                seat, main, side = self._pending_connect
                state.connect_seat = seat
                state.match.main, state.match.side = main, side
                self._pending_connect = None
            self._matches[match_id] = state
        self._current = state
        return state

    def _read_room(self, room: dict[str, Any], timestamp: Any) -> None:
        info = _dict(room, "gameRoomInfo")
        config = _dict(info, "gameRoomConfig")
        final = _dict(info, "finalMatchResult")
        match_id = config.get("matchId") or final.get("matchId")
        if not isinstance(match_id, str):
            return
        state = self._state(match_id)
        match = state.match
        for player in config.get("reservedPlayers") or []:
            if isinstance(player, dict) and isinstance(player.get("systemSeatId"), int):
                state.seats[player["systemSeatId"]] = player
        if match.event is None:
            match.event = config.get("eventId") or next(
                (p.get("eventId") for p in state.seats.values() if p.get("eventId")), None)
        if match.started_at is None:
            match.started_at = _timestamp(timestamp)
        results = final.get("resultList")
        if isinstance(results, list):
            games = [r for r in results if isinstance(r, dict) and r.get("scope") == "MatchScope_Game"]
            if games:
                state.game_results = games
            state.match_result = next((r for r in results if isinstance(r, dict)
                                       and r.get("scope") == "MatchScope_Match"), state.match_result)
            match.complete = True

    def _read_gre(self, message: dict[str, Any]) -> None:
        kind = message.get("type")
        seats = message.get("systemSeatIds")
        if kind == "GREMessageType_ConnectResp":
            connect = _dict(message, "connectResp")
            deck = _dict(connect, "deckMessage")
            seat = seats[0] if isinstance(seats, list) and len(seats) == 1 else None
            main, side = _deck_counts(deck.get("deckCards")), _deck_counts(deck.get("sideboardCards"))
            current = self._current
            if current is not None and not current.match.complete:
                current.connect_seat = current.connect_seat or seat
                if not current.match.main:
                    current.match.main, current.match.side = main, side
            else:
                self._pending_connect = (seat, main, side)
            return
        if kind != "GREMessageType_GameStateMessage":
            return
        game = message.get("gameStateMessage")
        if not isinstance(game, dict):
            return
        info = _dict(game, "gameInfo")
        if isinstance(info.get("matchID"), str):
            self._state(info["matchID"])
        state = self._current
        if state is None or state.match.complete:
            return
        if isinstance(seats, list) and len(seats) == 1 and isinstance(seats[0], int):
            state.addressed[seats[0]] += 1
        if isinstance(info.get("gameNumber"), int):
            state.game_number = info["gameNumber"]
        results = info.get("results")
        if isinstance(results, list):
            games = [r for r in results if isinstance(r, dict) and r.get("scope") == "MatchScope_Game"]
            if len(games) >= len(state.game_results):
                state.game_results = games
        turn = _dict(game, "turnInfo")
        if turn.get("turnNumber") == 1 and isinstance(turn.get("activePlayer"), int):
            state.first_player.setdefault(state.game_number, turn["activePlayer"])
        for obj in game.get("gameObjects") or []:
            if (isinstance(obj, dict) and obj.get("type", "GameObjectType_Card") == "GameObjectType_Card"
                    and obj.get("visibility") == "Visibility_Public"
                    and isinstance(obj.get("grpId"), int) and isinstance(obj.get("ownerSeatId"), int)):
                state.seen.setdefault(obj["ownerSeatId"], {})[obj["grpId"]] = None

    # ------------------------------------------------------------------ the report

    def _local_seat(self, state: _MatchState) -> int | None:
        if state.connect_seat is not None:
            return state.connect_seat
        for seat, player in state.seats.items():
            if self._user_id and player.get("userId") == self._user_id:
                return seat
        for name in (self._player, self._screen_name):
            if not name:
                continue
            for seat, player in state.seats.items():
                full = str(player.get("playerName") or "")
                if name.casefold() in (full.casefold(), full.split("#")[0].casefold()):
                    return seat
        if len(state.addressed) == 1:
            return next(iter(state.addressed))
        return None

    def _finish(self, state: _MatchState) -> Match:
        match = state.match
        seat = self._local_seat(state)
        match.local_seat = seat
        if seat is not None:
            me = state.seats.get(seat, {})
            match.player = me.get("playerName") or self._screen_name
            team = me.get("teamId", seat)
            others = [p for s, p in state.seats.items() if s != seat]
            match.opponent = others[0].get("playerName") if others else None
            match.result = _outcome(state.match_result, team)
            match.games = [
                Game(number=i, result=_outcome(r, team),
                     on_play=(state.first_player[i] == seat) if i in state.first_player else None)
                for i, r in enumerate(state.game_results, start=1)
            ]
            for number in sorted(state.first_player):
                if number > len(match.games):  # a game still going when the log ends
                    match.games.append(Game(number, None, state.first_player[number] == seat))
            opponent_ids = [i for s, ids in state.seen.items() if s != seat for i in ids]
            match.opponent_cards = [DeckCard(arena_id=i, count=1) for i in opponent_ids]
        else:
            match.games = [Game(number=i, result=None, on_play=None)
                           for i, _ in enumerate(state.game_results, start=1)]
        submitted = state.submitted
        if submitted is not None:
            same = not match.main or _multiset(match.main) == _multiset(submitted.main)
            if not match.main:
                match.main, match.side = submitted.main, submitted.side
            match.deck_name = submitted.name if same else None
        return match

    def report(self) -> LogReport:
        """Every match seen (in log order), the latest inventory and the ids that did not map."""
        matches = [self._finish(s) for s in self._matches.values()]
        unmapped: set[int] = set()
        for match in matches:
            for card in (*match.main, *match.side, *match.opponent_cards):
                card.card = self._name_for(card.arena_id) if self._name_for else None
                if card.card is None:
                    unmapped.add(card.arena_id)
        player = self._player or self._screen_name or next((m.player for m in matches if m.player), None)
        return LogReport(matches=matches, inventory=self._inventory, unmapped_ids=sorted(unmapped),
                         entries=self.entries, skipped=self.skipped, player=player)


def _multiset(cards: list[DeckCard]) -> Counter[int]:
    counts: Counter[int] = Counter()
    for card in cards:
        counts[card.arena_id] += card.count
    return counts


def _outcome(result: dict[str, Any] | None, team: Any) -> str | None:
    if not result:
        return None
    if result.get("result") == "ResultType_Draw":
        return "draw"
    winner = result.get("winningTeamId")
    if not isinstance(winner, int):
        return None
    return "win" if winner == team else "loss"


def _find_inventory(value: dict[str, Any], depth: int) -> tuple[dict[str, Any], dict[str, str]] | None:
    """The inventory object in a response, new (``InventoryInfo``) or old (``wcCommon``) style."""
    if "wcCommon" in value and ("gold" in value or "gems" in value):
        return value, OLD_WILDCARDS
    for key in ("InventoryInfo", "DTO_InventoryInfo"):
        info = value.get(key)
        if isinstance(info, dict) and any(k in info for k in NEW_WILDCARDS.values()):
            return info, NEW_WILDCARDS
    if depth < 2:
        for key in ("payload", "Payload"):
            inner = value.get(key)
            if isinstance(inner, dict):
                return _find_inventory(inner, depth + 1)
    return None
