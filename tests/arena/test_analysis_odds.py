"""Exact odds against independently computed values, and Monte Carlo against the exact ones."""

from __future__ import annotations

from fractions import Fraction
from itertools import combinations
from math import comb

import pytest

from arena.analysis import land_odds
from arena.analysis.hands import simulate
from arena.analysis.odds import (
    at_least,
    cards_seen,
    cast_probability,
    land_drops,
    lands_after_bottom,
    lands_in_opening,
    london_chain,
)


def test_one_land_in_seven_from_24_of_60() -> None:
    expected = 1 - Fraction(comb(36, 7), comb(60, 7))
    assert at_least(60, 24, 7, 1) == expected
    assert land_odds(60, 24, 1, 1) == pytest.approx(float(expected), abs=1e-15)
    # 1 - 8,347,680 / 386,206,920 = 0.97838... (the brief's "0.9836" was a slip).
    assert round(float(expected), 4) == 0.9784


def test_fourth_land_on_turn_four_on_the_play_and_draw() -> None:
    # On the play 10 cards are seen by turn 4; on the draw 11.
    def direct(seen: int) -> float:
        return float(sum(Fraction(comb(24, k) * comb(36, seen - k), comb(60, seen)) for k in range(4, seen + 1)))

    assert land_odds(60, 24, 4, 4) == pytest.approx(direct(10), abs=1e-15)
    assert land_odds(60, 24, 4, 4, on_play=False) == pytest.approx(direct(11), abs=1e-15)
    assert land_odds(60, 24, 4, 4, on_play=False) > land_odds(60, 24, 4, 4)


def test_land_drops_match_the_definition_for_each_turn() -> None:
    drops = land_drops(60, 24)
    assert list(drops) == ["1", "2", "3", "4", "5", "6"]
    for turn, p in drops.items():
        t = int(turn)
        seen = 7 + t - 1
        exact = sum(Fraction(comb(24, k) * comb(36, seen - k), comb(60, seen)) for k in range(t, seen + 1))
        assert p == round(float(exact), 4)
    # More lands can only make every land drop likelier.
    assert all(land_drops(60, 26)[t] > drops[t] for t in drops)


def test_cards_seen() -> None:
    assert cards_seen(1) == 7
    assert cards_seen(3) == 9
    assert cards_seen(3, on_play=False) == 10


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((0, 0, 1, 1), "deck_size"),
        ((60, 61, 1, 1), "lands"),
        ((60, 24, 1, 0), "by_turn"),
        ((60, 24, -1, 1), "want"),
    ],
)
def test_land_odds_refuses_impossible_questions(args: tuple[int, int, int, int], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        land_odds(*args)


def test_opening_distribution_sums_to_one_and_matches_comb() -> None:
    dist = lands_in_opening(40, 17)
    assert sum(dist) == 1
    assert dist[3] == Fraction(comb(17, 3) * comb(23, 4), comb(40, 7))


def _brute_force(library: list[frozenset[str]], draws: int, pips: dict[str, int], lands_needed: int) -> Fraction:
    """Enumerate every hand of ``draws`` cards; a card is a land making some colors or a blank (None)."""
    castable = total = 0
    for hand in combinations(range(len(library)), draws):
        total += 1
        lands = [library[i] for i in hand if library[i] is not None]
        if len(lands) < lands_needed:
            continue
        # Try every assignment of lands to pips: small enough to brute force.
        need = [c for c, n in pips.items() for _ in range(n)]
        if _assignable(need, lands):
            castable += 1
    return Fraction(castable, total)


def _assignable(need: list[str], lands: list[frozenset[str]]) -> bool:
    if not need:
        return True
    first, rest = need[0], need[1:]
    return any(first in land and _assignable(rest, lands[:i] + lands[i + 1:]) for i, land in enumerate(lands))


def test_cast_probability_equals_brute_force_on_a_small_library() -> None:
    u, r, ur = frozenset("U"), frozenset("R"), frozenset("UR")
    library: list[frozenset[str] | None] = [u] * 3 + [r] * 2 + [ur] * 2 + [frozenset()] + [None] * 6
    # A {1}{U}{R}-like card by turn 3 with 8 cards seen out of 14.
    needs = (
        (frozenset("U"), 1),
        (frozenset("R"), 1),
        (frozenset("RU"), 2),
    )
    categories = ((3, u), (2, r), (2, ur), (1, frozenset()))
    castable, enough = cast_probability(14, categories, needs, 3, 8)
    assert castable == _brute_force(library, 8, {"U": 1, "R": 1}, 3)  # type: ignore[arg-type]
    lands = 8
    assert enough == at_least(14, lands, 8, 3)


def test_cast_probability_double_pip() -> None:
    # {U}{U} by turn 2 on the play (8 cards) from 60 with 20 blue lands and 4 other lands:
    # P(at least 2 blue among 8) since any 2 blue lands are also the 2 lands needed.
    castable, _ = cast_probability(60, ((20, frozenset("U")), (4, frozenset())),
                                   ((frozenset("U"), 2),), 2, 8)
    assert castable == at_least(60, 20, 8, 2)


def test_bottoming_follows_karstens_policy() -> None:
    assert lands_after_bottom(4, 6) == 4  # three spells: bottom a spell
    assert lands_after_bottom(5, 6) == 4  # two spells: bottom a land
    assert lands_after_bottom(3, 5) == 3  # four spells: bottom two spells
    assert lands_after_bottom(4, 5) == 3  # three spells: a spell and a land
    assert lands_after_bottom(6, 5) == 4  # one spell: two lands


def test_london_chain_sums_to_one_and_keeps_most_sevens() -> None:
    chain = london_chain(60, 24)
    assert sum(chain.values()) == pytest.approx(1.0)
    dist = lands_in_opening(60, 24)
    assert chain["7"] == pytest.approx(float(sum(dist[2:6])))


@pytest.mark.parametrize(("library", "lands"), [(60, 24), (40, 17), (99, 38), (60, 20)])
def test_monte_carlo_agrees_with_exact(library: int, lands: int) -> None:
    result = simulate(library, lands, trials=20000, seed=7)
    exact = result["exact"]
    # 20,000 trials: the standard error of a rate near 0.8 is about 0.003; allow 4 sigma.
    assert result["keepable"] == pytest.approx(exact["keepable"], abs=0.012)
    assert result["avg_lands"] == pytest.approx(exact["avg_lands"], abs=0.03)
    for k in range(8):
        assert result["lands_in_7"][str(k)] == pytest.approx(exact["lands_in_7"][str(k)], abs=0.012)
    for size in ("7", "6", "5", "4"):
        assert result["kept_at"][size] == pytest.approx(exact["kept_at"][size], abs=0.012)
    assert result["trials"] == 20000
    assert result["mulligan"] == pytest.approx(1 - result["keepable"], abs=1e-9)


def test_monte_carlo_is_seeded() -> None:
    assert simulate(60, 24, 5000, 3) == simulate(60, 24, 5000, 3)
    assert simulate(60, 24, 5000, 3)["lands_in_7"] != simulate(60, 24, 5000, 4)["lands_in_7"]


def test_monte_carlo_refuses_zero_trials() -> None:
    with pytest.raises(ValueError, match="trials"):
        simulate(60, 24, 0, 0)


def test_pure_python_deals_agree_with_exact() -> None:
    # The fallback used where numpy is missing: same policy, random.sample deals.
    from arena.analysis.hands import _tally_python

    histogram, counts, mean = _tally_python(60, 24, 6000, 11)
    exact = simulate(60, 24, 10, 0)["exact"]
    assert sum(histogram) == sum(counts) == 6000
    assert counts[0] / 6000 == pytest.approx(exact["keepable"], abs=0.02)
    assert mean == pytest.approx(exact["avg_lands"], abs=0.05)


def test_shared_deals_agree_with_the_exact_sum() -> None:
    from arena.analysis.deals import SharedDeals

    w, u, b, wu, ub = (frozenset(c) for c in ("W", "U", "B", "WU", "UB"))
    kinds = [(7, w), (6, u), (5, b), (4, wu), (3, ub)]
    # A {W}{U}{B}-like card by turn 3 on the play: Hall's sets over W, U, B.
    needs = tuple(
        (frozenset(s), len(s)) for s in ("W", "U", "B", "WU", "WB", "UB", "WUB")
    )
    exact, enough = cast_probability(60, tuple(kinds), needs, 3, 9)
    deals = SharedDeals(kinds, 60, 9, 20000, 5)
    castable, enough_mc = deals.rates(9, needs, 3)
    assert castable == pytest.approx(float(exact), abs=0.012)
    assert enough_mc == pytest.approx(float(enough), abs=0.012)


def test_exact_sum_refuses_work_past_its_budget() -> None:
    from arena.analysis.odds import TooManyStates

    kinds = tuple((6, frozenset(c)) for c in ("W", "U", "B", "R", "WU", "BR", "WB", "UR"))
    needs = tuple((frozenset(s), len(s)) for s in ("W", "U", "B", "R", "WU", "WB", "WR", "UB",
                                                   "UR", "BR", "WUB", "WUR", "WBR", "UBR", "WUBR"))
    with pytest.raises(TooManyStates):
        cast_probability(99, kinds, needs, 7, 13, 1000)
