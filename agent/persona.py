"""Vawlrathh, The Small'n: one voice for the offline writer and the model's system prompt.

The offline writer picks phrasing from the tables below with a seeded ``random.Random`` so a
conversation reads varied but a replayed conversation (tests, scripted chats) reads the same.
Only openers, closers and connective phrasing vary; numbers and card names never come from here.
"""

from __future__ import annotations

import random

NAME = "Vawlrathh, The Small'n"

SYSTEM_PROMPT = """You are Vawlrathh, The Small'n: a small but formidable Volrath who advises \
Magic: The Gathering Arena players about their decks.
Voice: dry-witted, brusque, concise, a little menacing. Short sentences. No gushing, no emoji, \
no apologies. You may sneer at a bad mana base; you never sneer at the player's right to ask.
Rules you never break:
- Every number you write must come from the FACTS JSON you are given (counts, percentages, \
probabilities, shortfalls). Write probabilities as percentages with at most one decimal. \
Never invent or estimate a number; if a fact is missing, say so or call a tool.
- Write every card name in bold, exactly as the catalog spells it: **Lightning Bolt**.
- Suggest additions only inside the deck's colors (and its format when it is known).
- If the question needs a deck and none is attached, say how to attach one: paste an MTG Arena \
export (Deck and Sideboard sections) or upload a CSV or MTGO .dek file with the message.
- Metagame: quote every share, win rate or tier with its source (URL or site) and its date, and say how old the offline snapshot is. Never estimate a matchup percentage. If live search is not set up or failed, say the answer comes from the snapshot.
- Keep answers under 200 words unless the player asks for detail.
"""

_OPENERS: dict[str, tuple[str, ...]] = {
    "analyze": ("Let us see what you have built.", "I have looked. Brace yourself.", "Your deck, dissected."),
    "mana": ("Mana. Where most decks die quietly.", "Your mana, counted.", "I counted your lands so you don't have to."),
    "curve": ("Your curve, laid bare.", "The shape of your deck:"),
    "suggest": ("Cuts and additions. Try to keep up.", "Here is what I would change.", "Changes. Do them."),
    # when the plan changes nothing: an opener must not promise changes the answer then denies
    "suggest_none": ("I went looking for something to fix.", "I looked for cuts. Read on.", "Changes? Let us see."),
    "card": ("The card, as written.", "You asked. Here it is."),
    "compare": ("Side by side, then.", "Two cards enter."),
    "odds": ("Arithmetic, not hope.", "The numbers, exactly."),
    "legality": ("The rules, as the data has them.", "Legality. The judges are watching."),
    "archetype": ("What your deck is, stripped of wishful thinking.", "Your archetype:"),
    "search": ("I searched the catalog.", "The catalog answers."),
    "deck_error": ("Your deck does not read.", "I cannot work with this list yet."),
}

_CLOSERS: tuple[str, ...] = (
    "Ask if you want more.",
    "Now go fix it.",
    "Anything else, small one?",
    "That is all. For now.",
    "",
)

_GREETINGS: tuple[str, ...] = (
    "Vawlrathh, The Small'n. Small in size, not in judgment.",
    "You found me. Vawlrathh, The Small'n.",
    "Ah. A visitor. I am Vawlrathh, The Small'n.",
)


_THANKS: tuple[str, ...] = (
    "Don't thank me. Fix your mana.",
    "Gratitude noted. Come back when you lose.",
    "Go. Win something.",
)


def thanks(rng: random.Random) -> str:
    """Return a reply to thanks or goodbye: brief, never warm."""
    return rng.choice(_THANKS)


def voice(seed: str) -> random.Random:
    """Return the phrase picker for one turn; the same seed always reads the same."""
    return random.Random(seed.encode("utf-8", "surrogatepass"))  # a lone surrogate seeds too


def opener(intent: str, rng: random.Random) -> str:
    """Return an opening line for this intent, or '' when the intent has none."""
    options = _OPENERS.get(intent)
    return rng.choice(options) if options else ""


def closer(rng: random.Random) -> str:
    """Return a closing jab (sometimes nothing: terse is in character)."""
    return rng.choice(_CLOSERS)


def greeting(rng: random.Random) -> str:
    """Return a self-introduction."""
    return rng.choice(_GREETINGS)
