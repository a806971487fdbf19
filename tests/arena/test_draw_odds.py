"""Draw odds for named cards, groups and combos: exact fractions against hand arithmetic."""

from __future__ import annotations

from fractions import Fraction

import pytest

from arena.analysis.draw_odds import DrawOddsError, Group, all_groups, draw_odds, lands_in_hand


def test_one_four_of_in_the_opener_is_one_minus_the_miss() -> None:
    # 1 - C(56,7)/C(60,7) = 1 - (53*52*51*50)/(60*59*58*57) = 1 - 7027800/11703240
    result = draw_odds(60, [Group("Ragavan", 4)])
    assert result.probability == 1 - Fraction(7027800, 11703240)
    assert result.cards_seen == 7 and result.by_turn is None


def test_a_three_of_is_the_figure_players_quote() -> None:
    # 1 - (53*52*51)/(60*59*58) = 1 - 140556/205320 = 64764/205320 = 5397/17110 (31.5%)
    assert draw_odds(60, [Group("Ragavan", 3)]).probability == Fraction(5397, 17110)


def test_turns_count_draws_on_the_play_and_the_draw() -> None:
    assert draw_odds(60, [Group("x", 4)], by_turn=3, on_play=True).cards_seen == 9
    assert draw_odds(60, [Group("x", 4)], by_turn=3, on_play=False).cards_seen == 10


def test_two_pieces_of_a_combo_by_hand_enumeration() -> None:
    # Both of two 4-ofs in 7 cards of 60: sum over a,b >= 1 of C(4,a)C(4,b)C(52,7-a-b) / C(60,7)
    from math import comb

    hits = sum(comb(4, a) * comb(4, b) * comb(52, 7 - a - b) for a in range(1, 5) for b in range(1, 5) if a + b <= 7)
    expected = Fraction(hits, comb(60, 7))
    assert all_groups(60, (Group("a", 4), Group("b", 4)), 7) == expected
    assert draw_odds(60, [Group("a", 4), Group("b", 4)]).probability == expected


def test_tron_by_turn_three_on_the_play_is_ten_percent() -> None:
    # Urza's Mine, Power Plant and Tower, 4 each, 59 cards, 9 seen: tests/chats/by_hand.py gives
    # 114068456/1142333751.
    result = draw_odds(59, [Group("Mine", 4), Group("Plant", 4), Group("Tower", 4)], by_turn=3)
    assert result.probability == Fraction(114068456, 1142333751)


def test_need_two_copies() -> None:
    # P(X >= 2), X ~ Hyp(60, 4, 9): (C(4,2)C(56,7) + C(4,3)C(56,6) + C(56,5)) / C(60,9) = 3354/32509
    assert draw_odds(60, [Group("x", 4, need=2)], by_turn=3).probability == Fraction(3354, 32509)


def test_a_mulligan_to_six_is_a_second_look() -> None:
    one = 1 - Fraction(7027800, 11703240)
    result = draw_odds(60, [Group("x", 4)], mulligan_to=6)
    assert result.probability == 1 - (1 - one) ** 2 and result.looks == 2 and result.single_hand == one
    assert draw_odds(60, [Group("x", 4)], mulligan_to=5).looks == 3


def test_a_mulligan_is_refused_for_later_turns_and_impossible_asks_say_why() -> None:
    with pytest.raises(DrawOddsError, match="opening hand only"):
        draw_odds(60, [Group("x", 4)], by_turn=3, mulligan_to=6)
    with pytest.raises(DrawOddsError, match="name at least one card"):
        draw_odds(60, [])
    with pytest.raises(DrawOddsError, match="library has 8"):
        draw_odds(8, [Group("x", 1)], by_turn=5)


def test_exact_land_counts_in_the_opener() -> None:
    from math import comb

    # exactly 2 or 3 of 20 lands in 7 of 60
    expected = Fraction(comb(20, 2) * comb(40, 5) + comb(20, 3) * comb(40, 4), comb(60, 7))
    assert lands_in_hand(60, 20, {2, 3}) == expected == Fraction(9139, 15399)


def test_facts_keep_enough_digits_to_round_once() -> None:
    # 38962/97527 = 0.3994996...: four places would read 0.3995 and round up to 40.0%.
    facts = draw_odds(60, [Group("x", 4)]).to_dict()
    assert facts["fraction"] == "38962/97527" and facts["probability"] < 0.3995
