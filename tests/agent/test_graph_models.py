"""The graph with a model: its plan and tools, consensus revise/flag, the judge, offline fallback."""

from __future__ import annotations

import json

import pytest

from agent.events import Step, Token
from agent.providers.base import JudgeVerdict, PlannedStep
from tests.agent._agent_support import ScriptedJudge, ScriptedProvider
from tests.agent._decks import IZZET
from tests.agent.test_graph import Harness


def _harness(catalog, provider=None, judge=None) -> Harness:
    return Harness(catalog, provider=provider, judge=judge)


async def test_model_plan_runs_real_tools_and_streams_model_tokens(catalog) -> None:
    provider = ScriptedProvider(
        steps=[PlannedStep("Count the lands", "analyze_deck", {}), PlannedStep("Odds of land four", "mana_odds", {"want": 4, "by_turn": 4})],
        answer=["You run ", "24 lands", ". Fine."],
    )
    harness = _harness(catalog, provider)
    turn = await harness.turn("how are my lands?", deck=IZZET)
    assert turn.step_titles == ["Count the lands", "Odds of land four"]
    assert turn.tools == ["analyze_deck", "mana_odds"]
    assert [t.text for t in turn.of(Token)] == ["You run ", "24 lands", ". Fine."]
    assert turn.verdict.verdict == "agree" and turn.verdict.reviewer == "deterministic"
    question, context, tools = provider.plan_calls[0]
    assert question == "how are my lands?" and "Deck attached: yes" in context
    assert set(tools) == {"analyze_deck", "lookup_card", "search_cards", "mana_odds", "suggest_changes", "compare_cards", "check_legality"}
    system, history, facts_json = provider.answer_calls[0]
    assert "Vawlrathh" in system and history[-1].text == "how are my lands?"
    assert json.loads(facts_json)["analysis"]["lands"] == 24


async def test_model_tool_calls_are_streamed_and_recorded(catalog) -> None:
    provider = ScriptedProvider(
        steps=[PlannedStep("Think", None, {})],
        tool_calls=[("lookup_card", {"name": "lightning bolt"})],
        answer=["**Lightning Bolt** deals 3 damage."],
    )
    turn = await _harness(catalog, provider).turn("what does bolt do?")
    assert turn.tools == ["lookup_card"]
    assert "Lightning Bolt" in turn.facts["cards"]
    assert turn.verdict.verdict == "agree"


async def test_wrong_number_is_revised_by_the_model(catalog) -> None:
    provider = ScriptedProvider(answer=["You run 23 lands."], revised="You run 24 lands.")
    turn = await _harness(catalog, provider).turn("lands?", deck=IZZET)
    assert turn.streamed == "You run 23 lands."
    assert turn.verdict.verdict == "revised"
    note = "wrong: the deck runs 24 lands, not 23 (in: You run 23 lands.)"
    assert note in turn.verdict.notes
    assert turn.text == "You run 24 lands."
    assert turn.verdict.badge == "Revised after the fact check" and turn.verdict.claims_verified == 1
    assert provider.revise_calls == [("You run 23 lands.", [note])]


async def test_unfixable_draft_is_flagged(catalog) -> None:
    provider = ScriptedProvider(answer=["Add **Llanowar Elves**. You run 23 lands."], revised="You run 99 lands.")
    turn = await _harness(catalog, provider).turn("fix my deck", deck=IZZET)
    assert turn.verdict.verdict == "flagged"
    notes = " | ".join(turn.verdict.notes)
    assert "Llanowar Elves ({G}) is outside the deck's colors (UR)" in notes
    assert "the deck runs 24 lands, not 99" in notes
    assert turn.verdict.badge == "Flagged: 1 claim is wrong" and turn.verdict.claims[0].text == "You run 99 lands."


async def test_invented_card_and_failed_revision_fall_back_to_offline_repair(catalog) -> None:
    provider = ScriptedProvider(answer=["You run 24 lands. Play **Bolt of Doom**."], fail_revise="timeout")
    turn = await _harness(catalog, provider).turn("what now?", deck=IZZET)
    assert turn.verdict.verdict == "revised"
    assert any("'Bolt of Doom' is not a card in the catalog" in n for n in turn.verdict.notes)
    assert turn.text == "You run 24 lands."


async def test_unverifiable_claims_of_a_model_go_back_in_the_revise_step(catalog) -> None:
    provider = ScriptedProvider(answer=["You run 24 lands and will win 7 more games."], revised="You run 24 lands.")
    turn = await _harness(catalog, provider).turn("lands?", deck=IZZET)
    assert provider.revise_calls and provider.revise_calls[0][1][0].startswith("could not verify: no fact to bind '7'")
    assert (turn.verdict.verdict, turn.verdict.badge, turn.text) == ("revised", "Revised after the fact check", "You run 24 lands.")


async def test_a_model_claim_left_unverifiable_is_flagged_in_words(catalog) -> None:
    provider = ScriptedProvider(answer=["You will win 7 more games."], revised="You will win 8 more games.")
    turn = await _harness(catalog, provider).turn("lands?", deck=IZZET)
    assert (turn.verdict.verdict, turn.verdict.badge) == ("flagged", "Flagged: 1 claim could not be verified")
    assert turn.verdict.claims_unverifiable == 1 and turn.verdict.claims[0].status == "unverifiable"


async def test_judge_agreeing_is_named_as_a_reviewer(catalog) -> None:
    judge = ScriptedJudge()
    turn = await _harness(catalog, ScriptedProvider(answer=["You run 24 lands."]), judge).turn("lands?", deck=IZZET)
    assert (turn.verdict.verdict, turn.verdict.reviewer) == ("agree", "deterministic+claude")
    assert turn.verdict.badge == "Fact check + Claude: agree"
    assert judge.calls == ["You run 24 lands."]


async def test_judge_asking_for_revision_revises_once(catalog) -> None:
    judge = ScriptedJudge([JudgeVerdict("revise", ["say the land count"]), JudgeVerdict("agree", [])])
    provider = ScriptedProvider(answer=["Your lands are fine."], revised="You run 24 lands; fine.")
    turn = await _harness(catalog, provider, judge).turn("lands?", deck=IZZET)
    assert (turn.verdict.verdict, turn.verdict.reviewer) == ("revised", "deterministic+claude")
    assert turn.verdict.notes == ["claude: say the land count"]
    assert provider.revise_calls[0][1] == ["claude: say the land count"]
    assert turn.text == "You run 24 lands; fine."


async def test_judge_that_fails_is_not_reported_as_a_reviewer(catalog) -> None:
    judge = ScriptedJudge(fail="rate_limit")
    turn = await _harness(catalog, ScriptedProvider(answer=["You run 24 lands."]), judge).turn("lands?", deck=IZZET)
    assert (turn.verdict.verdict, turn.verdict.reviewer) == ("agree", "deterministic")
    assert turn.verdict.badge == "Fact check: 1 claim verified"  # never a second opinion that did not run
    assert "claude judge did not run (rate_limit)" in turn.verdict.notes


async def test_offline_turns_are_judged_too_when_a_judge_exists(catalog) -> None:
    judge = ScriptedJudge()
    turn = await _harness(catalog, None, judge).turn("what's wrong with my mana?", deck=IZZET)
    assert turn.verdict.reviewer == "deterministic+claude" and len(judge.calls) == 1


@pytest.mark.parametrize(("kind", "words"), [("timeout", "timed out"), ("rate_limit", "was rate-limited"), ("server", "had a server error"), ("auth", "rejected the key")])
async def test_plan_failure_falls_back_to_offline_and_says_so(catalog, kind: str, words: str) -> None:
    provider = ScriptedProvider(fail_plan=kind)
    turn = await _harness(catalog, provider).turn("what's wrong with my mana?", deck=IZZET)
    assert turn.text.startswith(f"(openai {words}; answered offline.)")
    assert turn.step_titles == ["Analyze the deck", "Check colored sources against Karsten", "Weigh the land count"]
    assert provider.answer_calls == []  # the model is not asked again in the same turn
    assert turn.verdict.verdict == "agree"
    assert "Colored sources" in turn.text


async def test_answer_failure_mid_stream_falls_back_with_offline_facts(catalog) -> None:
    provider = ScriptedProvider(
        steps=[PlannedStep("Look around", None, {})], answer=["Your deck ", "is"], fail_answer="server", fail_answer_after=1,
    )
    turn = await _harness(catalog, provider).turn("what's wrong with my mana?", deck=IZZET)
    assert turn.streamed.startswith("Your deck \n\n(openai had a server error; answered offline.)")
    assert turn.text.startswith("(openai had a server error; answered offline.)")
    # the offline writer needed the deck analysis the model's plan did not compute: steps ran for it
    assert turn.step_titles == ["Look around", "Analyze the deck", "Check colored sources against Karsten", "Weigh the land count"]
    ids = [s.id for s in turn.of(Step) if s.status == "running"]
    assert ids == ["s1", "s2", "s3", "s4"]
    assert turn.verdict.verdict == "agree"


async def test_greeting_with_a_model_is_checked_not_skipped(catalog) -> None:
    provider = ScriptedProvider(steps=[PlannedStep("Say hello", None, {})], answer=["Hello. I am small."])
    turn = await _harness(catalog, provider).turn("hello")
    assert turn.verdict.verdict == "agree" and turn.verdict.reviewer == "deterministic"


async def test_judge_objection_the_offline_writer_cannot_fix_is_flagged_not_revised(catalog) -> None:
    judge = ScriptedJudge([JudgeVerdict("revise", ["too rude"])])
    turn = await _harness(catalog, None, judge).turn("what's wrong with my mana?", deck=IZZET)
    assert (turn.verdict.verdict, turn.verdict.reviewer) == ("flagged", "deterministic+claude")
    assert turn.verdict.notes == ["claude: too rude", "the revision could not fix this"]
    assert turn.text == turn.streamed  # the answer stands as written, with the flag beside it


async def test_model_returning_the_same_draft_is_flagged(catalog) -> None:
    provider = ScriptedProvider(answer=["You run 23 lands."], revised="You run 23 lands.")
    turn = await _harness(catalog, provider).turn("lands?", deck=IZZET)
    assert turn.verdict.verdict == "flagged"
