"""The Market tab: what a deck costs in paper and in wildcards, and the player's own match history.

Everything comes from the API (``/prices``, ``/wildcards``, ``/history/log``, ``/history``);
this module only lays it out. The formatting functions are plain (no Gradio) so they are
tested directly.
"""

from __future__ import annotations

import logging
from typing import Any

import gradio as gr
import pandas as pd

from ui.browser_store import owner_key_of
from ui.client import API_PREFIX, ApiClient, ApiError, ApiUnavailable, DeckRejected

logger = logging.getLogger(__name__)

_SHOPS = {"tcgplayer": "TCGplayer", "cardmarket": "Cardmarket", "cardhoarder": "Cardhoarder"}
_SYMBOL = {"usd": "$", "eur": "€", "tix": "tix "}


def _money(currency: str, value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.2f} tix" if currency == "tix" else f"{_SYMBOL[currency]}{value:.2f}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def shopping_markdown(result: dict[str, Any]) -> str:
    """The shopping list: totals per currency (never added together), warnings, cards with links."""
    totals = result.get("totals") or {}
    lines = [f"### Paper price — as of {result.get('as_of') or 'never imported'}"]
    lines += [f"> ⚠ {w}" for w in result.get("warnings") or []]
    lines.append("**Total:** " + " · ".join(_money(c, totals.get(c)) for c in ("usd", "eur", "tix")))
    for currency, names in (result.get("incomplete") or {}).items():
        lines.append(f"*The {currency.upper()} total leaves out {len(names)} card(s) without a "
                     f"{currency.upper()} price: {', '.join(names)}.*")
    lines += ["", "| Copies | Card | USD | EUR | MTGO | Buy |", "|---:|---|---:|---:|---:|---|"]
    for card in result.get("cards") or []:
        links = " · ".join(f"[{_SHOPS.get(shop, shop)}]({url})" for shop, url in (card.get("links") or {}).items())
        name = _cell(card["card"])
        if not card.get("buyable"):
            name += " *(not sold on paper)*"
        if card.get("note") and card.get("buyable"):
            name += f" — *{_cell(card['note'])}*"
        elif card.get("note"):
            links = _cell(card["note"])
        lines.append(f"| {card['count']} | {name} | {_money('usd', card.get('usd'))} | "
                     f"{_money('eur', card.get('eur'))} | {_money('tix', card.get('tix'))} | {links} |")
    if result.get("missing"):
        lines.append(f"\nNo price known for: {', '.join(result['missing'])}.")
    return "\n".join(lines)


def wildcard_markdown(result: dict[str, Any]) -> str:
    """The wildcard bill by rarity and what to craft first."""
    counts = " · ".join(f"**{result.get(r, 0)}** {r}" for r in ("common", "uncommon", "rare", "mythic"))
    owned = " still to craft (your collection subtracted)" if result.get("collection_used") else ""
    lines = [f"### Wildcards{owned}", counts]
    order = result.get("craft_first") or []
    if order:
        lines += ["", "**Craft first** (most copies in the main deck, cheap spells before lands):", ""]
        lines += [f"{i}. {n['count']}× {n['card']} ({n['rarity']})" for i, n in enumerate(order[:12], start=1)]
    for item in result.get("unknown") or []:
        lines.append(f"- ? {item['count']}× {item['card']}: {item['reason']}")
    return "\n".join(lines)


def history_frame(history: dict[str, Any]) -> pd.DataFrame:
    """One row per stored match, newest first."""
    rows = []
    for match in reversed(history.get("matches") or []):
        games = ", ".join(
            f"{g['result'] or '?'} ({'play' if g['on_play'] else 'draw' if g['on_play'] is False else '?'})"
            for g in match.get("games") or [])
        rows.append({"When": (match.get("started_at") or "")[:16].replace("T", " "),
                     "Event": match.get("event") or "", "Deck": match.get("deck_name") or "",
                     "Opponent": match.get("opponent") or "", "Their deck": match.get("opponent_archetype") or "",
                     "Games": games, "Result": match.get("result") or ""})
    return pd.DataFrame(rows)


def rates_frame(rows: list[dict[str, Any]], label: str, unit: str) -> pd.DataFrame:
    """Win rates with game counts and the 95% interval, "too few" marked."""
    out = []
    for row in rows:
        low, high = row["interval_95"]
        out.append({label: row["key"], unit.capitalize(): row[unit], "Won": row["wins"],
                    "Win rate": f"{row['win_rate']:.0%}" if row["win_rate"] is not None else "—",
                    "95% interval": f"{low:.0%}–{high:.0%}",
                    "Note": "too few to judge" if row["too_few"] else ""})
    return pd.DataFrame(out)


def trend_frame(history: dict[str, Any]) -> pd.DataFrame:
    """Running win rate after each match, for the plot."""
    points, wins, played = [], 0, 0
    for match in history.get("matches") or []:
        if match.get("result") not in ("win", "loss", "draw"):
            continue
        played += 1
        wins += match["result"] == "win"
        points.append({"Match": played, "Win rate": round(wins / played, 4)})
    return pd.DataFrame(points, columns=["Match", "Win rate"])


def archetype_frame(history: dict[str, Any]) -> pd.DataFrame:
    """Win rate per opponent archetype, for the bar plot."""
    rows = (history.get("summary") or {}).get("by_opponent_archetype") or []
    return pd.DataFrame([{"Opponent": r["key"], "Win rate": r["win_rate"] or 0.0} for r in rows],
                        columns=["Opponent", "Win rate"])


def summary_markdown(history: dict[str, Any]) -> str:
    overall = (history.get("summary") or {}).get("overall")
    inventory = history.get("inventory")
    lines = []
    if overall:
        low, high = overall["interval_95"]
        lines.append(f"**{overall['wins']}–{overall['losses']}** in {overall['matches']} matches "
                     f"({overall['win_rate']:.0%}, 95% interval {low:.0%}–{high:.0%})"
                     + (" — too few matches to judge yet." if overall["too_few"] else "."))
    else:
        lines.append("No matches stored yet: upload your Player.log.")
    if inventory and inventory.get("wildcards"):
        wc = ", ".join(f"{n} {r}" for r, n in inventory["wildcards"].items())
        lines.append(f"Wildcards in your last log: {wc}; gold {inventory.get('gold')}, gems {inventory.get('gems')}.")
    lines.append(f"*{history.get('collection_note', '')}*")
    return "\n\n".join(lines)


def _error_text(exc: Exception) -> str:
    if isinstance(exc, DeckRejected):
        return f"⚠ I couldn't read that deck: {exc.message}"
    if isinstance(exc, ApiUnavailable):
        return f"⚠ Can't reach the API: {exc.message}"
    if isinstance(exc, ApiError):
        return f"⚠ The API refused (`{exc.code}`): {exc.message}"
    logger.exception("Market request failed", exc_info=exc)
    return "⚠ That failed unexpectedly; the details are in the UI's log."


def build_market_tab(client: ApiClient, owner: gr.BrowserState) -> None:
    """Render the Market tab inside the current Blocks context; the history is ``owner``'s."""

    async def cost(text: str, sideboard: bool) -> tuple[str, str]:
        if not text or not text.strip():
            return "Paste a deck first.", ""
        try:
            _, prices = await client.request("POST", f"{API_PREFIX}/prices", json_body={"text": text})
            _, bill = await client.request("POST", f"{API_PREFIX}/wildcards",
                                           json_body={"text": text, "sideboard": sideboard})
        except Exception as exc:  # every failure becomes a message on the page
            return _error_text(exc), ""
        return shopping_markdown(prices), wildcard_markdown(bill)

    async def refresh(stored_owner: Any) -> tuple[Any, ...]:
        try:
            _, history = await client.request("GET", f"{API_PREFIX}/history", owner_key=owner_key_of(stored_owner))
        except Exception as exc:
            return _error_text(exc), pd.DataFrame(), pd.DataFrame(), pd.DataFrame(), trend_frame({}), archetype_frame({})
        summary = history.get("summary") or {}
        return (summary_markdown(history), history_frame(history),
                rates_frame(summary.get("by_deck") or [], "Deck", "matches"),
                pd.concat([rates_frame(summary.get("by_opponent_archetype") or [], "Against", "matches"),
                           rates_frame(summary.get("play_draw") or [], "Against", "games")], ignore_index=True),
                trend_frame(history), archetype_frame(history))

    async def upload(path: str | None, player: str, stored_owner: Any) -> tuple[Any, ...]:
        if not path:
            return ("Choose your Player.log first.", *(gr.skip() for _ in range(5)))
        fields = {"player": player.strip()} if player and player.strip() else None
        try:
            result = await client.upload(f"{API_PREFIX}/history/log", path, fields=fields,
                                         owner_key=owner_key_of(stored_owner))
        except Exception as exc:
            return (_error_text(exc), *(gr.skip() for _ in range(5)))
        note = (f"Read {result['entries']} entries ({result['skipped_entries']} unreadable, skipped): "
                f"{result['matches_in_log']} match(es), {result['added']} new, "
                f"{result['already_stored']} already stored.")
        for item in result.get("not_stored") or []:
            note += f"\n\n- Not stored: {item['match_id']} — {item['reason']}."
        refreshed = await refresh(stored_owner)
        return (note + "\n\n" + refreshed[0], *refreshed[1:])

    with gr.Row(equal_height=False):
        with gr.Column(scale=2, min_width=300):
            deck = gr.Textbox(label="Deck", lines=14, max_lines=30, elem_id="market-deck",
                              placeholder="Paste an Arena export to price it and count its wildcards")
            sideboard = gr.Checkbox(label="Count the sideboard in wildcards (best-of-three)", value=False)
            go = gr.Button("Price it", variant="primary", elem_id="market-price")
        with gr.Column(scale=3, min_width=360):
            shopping = gr.Markdown("The shopping list and the wildcard bill appear here.", elem_id="market-shopping")
            wildcards = gr.Markdown(elem_id="market-wildcards")
    gr.Markdown("## Your match history")
    with gr.Row(equal_height=False):
        with gr.Column(scale=2, min_width=300):
            log_file = gr.File(label="Player.log", type="filepath", file_count="single", elem_id="market-log")
            player = gr.Textbox(label="Your Arena screen name (only if the log doesn't say)", max_lines=1)
            send = gr.Button("Upload log", variant="primary", elem_id="market-upload")
            reload = gr.Button("Refresh history", size="sm", variant="secondary")
        with gr.Column(scale=3, min_width=360):
            status = gr.Markdown(elem_id="market-history-summary")
            trend = gr.LinePlot(x="Match", y="Win rate", title="Win rate over time (running)", height=220,
                                y_lim=[0, 1], elem_id="market-trend")
            by_arch = gr.BarPlot(x="Opponent", y="Win rate", title="Win rate by opponent archetype",
                                 height=220, y_lim=[0, 1], elem_id="market-archetypes")
    decks = gr.Dataframe(label="By deck", interactive=False)
    against = gr.Dataframe(label="By opponent archetype, and on the play vs on the draw", interactive=False)
    matches = gr.Dataframe(label="Matches", interactive=False, max_height=320)
    outputs = [status, matches, decks, against, trend, by_arch]
    go.click(cost, [deck, sideboard], [shopping, wildcards], api_visibility="undocumented")
    send.click(upload, [log_file, player, owner], outputs, api_visibility="undocumented")
    reload.click(refresh, [owner], outputs, api_visibility="undocumented")
