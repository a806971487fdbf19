"""Write Player.log matches in the 2026 client's shapes (as in the tabi-cat-room excerpt).

Real excerpts hold one best-of-one win each; history tests need many matches, best-of-three
ones and losses, so this writes them with the same entry layout: a room ``Playing`` event,
``Match to USER: GreToClientEvent`` headers over ConnectResp / GameStateMessage JSON, game
results in ``gameInfo.results`` and the room's ``MatchCompleted`` with ``finalMatchResult``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

ME_ID, OPP_ID = "5F76616E63D581C8", "OPPONENT0000000000000000"


@dataclass
class FakeGame:
    on_play: bool
    won: bool


@dataclass
class FakeMatch:
    match_id: str
    opponent: str
    games: list[FakeGame]
    deck: list[int]  # Arena ids, repeated per copy
    opponent_cards: list[int] = field(default_factory=list)
    timestamp_ms: int = 1784749094589
    event: str = "Ladder"


def _header(kind: str) -> str:
    return f"[UnityCrossThreadLogger]2026-07-22 21:38:14: Match to {ME_ID}: {kind}"


def _players(match: FakeMatch) -> list[dict[str, Any]]:
    return [
        {"userId": ME_ID, "playerName": "Chasparos", "systemSeatId": 1, "teamId": 1, "eventId": match.event},
        {"userId": OPP_ID, "playerName": match.opponent, "systemSeatId": 2, "teamId": 2, "eventId": match.event},
    ]


def _room(match: FakeMatch, state: str, results: list[dict[str, Any]] | None = None) -> str:
    info: dict[str, Any] = {"gameRoomConfig": {"reservedPlayers": _players(match), "matchId": match.match_id},
                            "stateType": f"MatchGameRoomStateType_{state}"}
    if results is not None:
        info["finalMatchResult"] = {"matchId": match.match_id, "resultList": results}
    return json.dumps({"transactionId": "t", "timestamp": str(match.timestamp_ms),
                       "matchGameRoomStateChangedEvent": {"gameRoomInfo": info}})


def _gre(*messages: dict[str, Any]) -> str:
    return json.dumps({"transactionId": "t", "greToClientEvent": {"greToClientMessages": list(messages)}})


def _state(match: FakeMatch, number: int, **extra: Any) -> dict[str, Any]:
    game: dict[str, Any] = {"gameInfo": {"matchID": match.match_id, "gameNumber": number}}
    game.update(extra)
    return {"type": "GREMessageType_GameStateMessage", "systemSeatIds": [1], "gameStateMessage": game}


def write_match(match: FakeMatch) -> str:
    """The log lines of one whole match."""
    lines = [_header("MatchGameRoomStateChangedEvent"), _room(match, "Playing")]
    connect = {"type": "GREMessageType_ConnectResp", "systemSeatIds": [1],
               "connectResp": {"deckMessage": {"deckCards": match.deck, "sideboardCards": []}}}
    lines += [_header("GreToClientEvent"), _gre(connect)]
    results: list[dict[str, Any]] = []
    for number, game in enumerate(match.games, start=1):
        first = 1 if game.on_play else 2
        objects = [{"instanceId": 100 + i, "grpId": grp, "type": "GameObjectType_Card", "ownerSeatId": 2,
                    "visibility": "Visibility_Public"} for i, grp in enumerate(match.opponent_cards)]
        turn = _state(match, number, turnInfo={"turnNumber": 1, "activePlayer": first}, gameObjects=objects)
        results.append({"scope": "MatchScope_Game", "result": "ResultType_WinLoss",
                        "winningTeamId": 1 if game.won else 2})
        over = _state(match, number)
        over["gameStateMessage"]["gameInfo"]["results"] = list(results)
        lines += [_header("GreToClientEvent"), _gre(turn), _header("GreToClientEvent"), _gre(over)]
    wins = sum(g.won for g in match.games)
    final = [*results, {"scope": "MatchScope_Match", "result": "ResultType_WinLoss",
                        "winningTeamId": 1 if wins * 2 > len(match.games) else 2}]
    lines += [_header("MatchGameRoomStateChangedEvent"), _room(match, "MatchCompleted", final)]
    return "\n".join(lines) + "\n"


def write_log(matches: list[FakeMatch]) -> bytes:
    """A whole log: a login line, then every match."""
    text = "[Accounts - Client] Successfully logged in to account: Chasparos\n"
    return (text + "".join(write_match(m) for m in matches)).encode()
