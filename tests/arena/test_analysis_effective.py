"""Effective costs on real cards: what a deck really pays, and on which turn (from oracle text)."""

from __future__ import annotations

import pytest

from arena.analysis.effective import DeckContext, effective_cost
from arena.catalog import Catalog

# A Domain Zoo mana base (a triome and a shock give 5 basic land types with two lands) and an
# affinity deck's 12+ artifacts costing 0-1.
CONTEXT = DeckContext(domain_types=5, cheap_artifacts=12)


@pytest.mark.parametrize(
    ("name", "mana_value", "turn", "soft", "cast"),
    [
        ("Street Wraith", 0, 1, True, True),  # "Cycling—Pay 2 life": printed 5
        ("Generous Ent", 1, 1, True, True),  # "Forestcycling {1}": printed 6
        ("Waker of Waves", 2, 2, True, True),  # "{1}{U}, Discard this card: ...": printed 7
        ("Curator of Mysteries", 1, 1, True, True),  # "Cycling {U}": printed 4
        ("Scion of Draco", 2, 2, False, True),  # {12}, "{2} less for each basic land type": 12 - 2×5
        ("Leyline Binding", 1, 2, False, True),  # {5}{W}, "{1} less" ×5 → {W}, with two lands out
        ("Thoughtcast", 2, 2, False, True),  # {4}{U}, affinity for artifacts with 3 in play → {1}{U}
        ("Murktide Regent", 4, 4, False, True),  # {5}{U}{U}, delve 3 → {2}{U}{U}
        ("Wan Shi Tong, Librarian", 4, 4, False, True),  # {X}{U}{U} with X = 2
        ("Spell Pierce", 1, 1, True, True),  # a reactive one-mana instant
        ("Force of Negation", 3, 3, True, True),  # "exile a blue card ... rather than pay"
        ("Living End", 0, 1, False, False),  # no mana cost: suspended or cascaded into
        ("Monastery Swiftspear", 1, 1, False, True),  # a one-drop creature is cast on turn one
        ("Kitchen Finks", 3, 3, False, True),  # nothing to adjust
    ],
)
def test_effective_cost(catalog: Catalog, name: str, mana_value: int, turn: int, soft: bool, cast: bool) -> None:
    card = catalog.get(name)
    assert card is not None
    eff = effective_cost(card, CONTEXT)
    assert (eff.mana_value, eff.turn, eff.soft, eff.cast) == (mana_value, turn, soft, cast)
    if (eff.mana_value, eff.turn) != (card.mana_value, max(card.mana_value, 1)) or not cast:
        assert eff.adjustment  # every change says why


def test_without_enablers_nothing_is_reduced(catalog: Catalog) -> None:
    bare = DeckContext(domain_types=0, cheap_artifacts=0)
    for name in ("Scion of Draco", "Thoughtcast"):
        card = catalog.get(name)
        assert card is not None
        assert effective_cost(card, bare).mana_value == card.mana_value

