"""The six nodes of a turn: understand → plan → act → draft → consensus → respond.

Nodes stream typed events (``agent.events``) through LangGraph's ``get_stream_writer()``; the
runtime reads them with ``stream_mode="custom"``. Per-run clients come from
``runtime.context`` (``agent.state.Context``), never from globals.
"""

from __future__ import annotations

import asyncio
import functools
import itertools
import json
import logging
import re
import time
from collections.abc import Callable, Iterable
from typing import Any

from langgraph.config import get_stream_writer
from langgraph.runtime import Runtime

from agent import check as fact_check
from agent import offline, offline_writer, persona
from agent.events import CheckedClaim, Consensus, Error, Message, Step, Token, ToolCall
from agent.intents import Intent, clarify_if_unsure, classify
from agent.providers.base import ChatTurn, PlannedStep, ProviderError
from agent.state import ChatMessage, Context, State
from agent.tools import REGISTRY, Toolbox, ToolError
from arena.errors import DeckError, DeckParseError, DeckTooLargeError

logger = logging.getLogger(__name__)

Write = Callable[[Any], None]
HISTORY_TURNS = 10
_FAILURE_WORDS = {
    "timeout": "timed out", "rate_limit": "was rate-limited", "server": "had a server error",
    "auth": "rejected the key", "connection": "could not be reached", "bad_response": "sent a malformed answer",
}


def fallback_sentence(exc: ProviderError) -> str:
    """Say in one plain sentence that the model failed and the answer is offline."""
    return f"({exc.provider} {_FAILURE_WORDS.get(exc.kind, 'failed')}; answered offline.)"


def _toolbox(state: State, ctx: Context) -> Toolbox:
    return Toolbox(ctx.catalog, ctx.cache, deck_text=state.get("turn_deck"), trials=ctx.trials,
                   research=ctx.research, history=ctx.history)


# ---- understand ----------------------------------------------------------------------------


async def understand(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    """Read the new deck if one came, and work out what is being asked about which cards."""
    ctx, write = runtime.context, get_stream_writer()
    deck_text, new_deck = state.get("deck_text"), state.get("new_deck")
    turn_facts: dict[str, Any] = {}
    problems: list[dict[str, Any]] = []
    if new_deck and new_deck.strip():
        try:
            await ctx.cache.parsed(new_deck, ctx.catalog, trials=ctx.trials)  # cached, and computed once per text
            deck_text = new_deck
        except DeckParseError as exc:
            problems = [
                {"line": p.line, "text": p.text, "reason": p.reason, "suggestions": list(p.suggestions)}
                for p in exc.problems
            ]
            turn_facts["deck_error"] = {"problems": problems, "message": str(exc)}
            write(Error(code="deck_parse_error", message=str(exc), details=problems))
        except DeckError as exc:
            code = "deck_too_large" if isinstance(exc, DeckTooLargeError) else "deck_error"
            turn_facts["deck_error"] = {"problems": [], "message": str(exc)}
            write(Error(code=code, message=str(exc)))
    question = state.get("question", "")
    if "deck_error" in turn_facts:
        intent = Intent("deck_error")
    else:
        intent = await _classify(question, ctx, deck_text=deck_text)
        if intent.name == "clarify":  # the likeliest readings, for a client to offer as replies
            turn_facts["clarify"] = {"readings": list(intent.readings), "confidence": intent.confidence}
    return {
        "turn_deck": deck_text, "intent": intent.to_dict(),
        "turn_facts": turn_facts, "notes": [], "fallback": False, "plan": [], "draft": "",
        "verdict": {}, "answer": "",
    }


# A short question classifies in well under a millisecond, less than a hop to a worker thread
# and back costs; the fuzzy name search grows with the text (~100 ms for 2,000 characters).
INLINE_CLASSIFY_CHARS = 160


def _deck_words(ctx: Context, deck_text: str | None) -> tuple[list[str], frozenset[str]]:
    """The attached deck's card names and subtypes: "omnath" means the Omnath in the deck."""
    parsed = ctx.cache.get(deck_text) if deck_text else None
    if parsed is None:
        return [], frozenset()
    cards = [e.card for _, e in parsed.deck.entries() if e.card is not None]
    typed = [c for c in cards if "Creature" in c.types or "Land" in c.types]  # "elves", "swamps"; not "elspeth"
    return list(dict.fromkeys(c.name for c in cards)), frozenset(s.lower() for c in typed for s in c.subtypes)


async def _classify(question: str, ctx: Context, *, deck_text: str | None) -> Intent:
    names, subtypes = _deck_words(ctx, deck_text)
    if len(question) <= INLINE_CLASSIFY_CHARS:
        return clarify_if_unsure(classify(question, ctx.catalog, has_deck=bool(deck_text), deck_names=names, deck_subtypes=subtypes))
    intent = await asyncio.to_thread(classify, question, ctx.catalog, has_deck=bool(deck_text), deck_names=names, deck_subtypes=subtypes)
    return clarify_if_unsure(intent)


# ---- plan ----------------------------------------------------------------------------------


def _plan_context(state: State, intent: Intent) -> str:
    """What the model needs to plan: whether a deck is attached and the recent conversation."""
    lines = [f"Deck attached: {'yes' if state.get('turn_deck') else 'no'}."]
    lines.append(f"Offline reading of the question: intent={intent.name}, cards={intent.cards}, format={intent.format}.")
    for msg in (state.get("messages") or [])[-4:]:
        lines.append(f"{msg['role']}: {msg['text'][:300]}")
    return "\n".join(lines)


def _step_dict(step: PlannedStep) -> dict[str, Any]:
    return {"title": step.title, "tool": step.tool, "args": dict(step.args)}


async def plan(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    """Make this question's reasoning steps: the model's plan, or the intent's offline plan."""
    ctx = runtime.context
    intent = Intent.from_dict(state["intent"])
    has_deck = bool(state.get("turn_deck"))
    offline_plan = offline.plan_for(intent, has_deck=has_deck)
    if ctx.provider is None or intent.name == "deck_error":
        return {"plan": [_step_dict(s) for s in offline_plan]}
    try:
        steps = await ctx.provider.plan(state.get("question", ""), _plan_context(state, intent), _toolbox(state, ctx).specs())
    except ProviderError as exc:
        logger.warning("plan failed, answering offline: %s", exc)
        return {"plan": [_step_dict(s) for s in offline_plan], "fallback": True, "notes": [fallback_sentence(exc)]}
    return {"plan": [_step_dict(s) for s in steps]}


# ---- act -----------------------------------------------------------------------------------


def record(facts: dict[str, Any], tool: str, result: dict[str, Any]) -> None:
    """Store a tool result in the facts under its tool's stable key (one per value of ``keyed_by``)."""
    declared = REGISTRY.tools.get(tool)
    key = declared.fact_key if declared else tool
    by = declared.keyed_by if declared else None
    if by is not None and by in result:
        facts.setdefault(key, {})[result[by]] = result
    else:
        facts[key] = result


def _computed(facts: dict[str, Any], tool: str) -> bool:
    """Whether a tool's result is in the facts already (a keyed tool's never is: it varies by call)."""
    declared = REGISTRY.tools.get(tool)
    return declared is not None and declared.keyed_by is None and declared.fact_key in facts


async def run_steps(
    steps: list[dict[str, Any]], toolbox: Toolbox, facts: dict[str, Any], write: Write, *, first_id: int = 1,
    shown: list[dict[str, Any]] | None = None,
) -> None:
    """Run steps in order, streaming each start and end; a failed step is reported, not fatal.

    Each finished step is also appended to ``shown`` (title, status, detail) for the thread.
    """
    for index, step in enumerate(steps, start=first_id):
        sid, title = f"s{index}", step["title"]
        write(Step(id=sid, title=title, status="running"))
        started = time.perf_counter()
        status, detail = "done", ""
        try:
            tool, args = step.get("tool"), dict(step.get("args") or {})
            if tool:
                result = await toolbox.run(tool, args)
                record(facts, tool, result)
                detail = str(result.get("summary", ""))
                write(ToolCall(name=tool, summary=detail))
            elif "derive" in args:
                key, derive = offline.DERIVATIONS[args["derive"]]
                if "analysis" not in facts:
                    raise ToolError("this step needs the deck analysis, which did not run")
                result = derive(facts)
                facts[key] = result
                detail = str(result.get("summary", ""))
            else:
                detail = "reasoned over the facts"
        except ToolError as exc:
            status, detail = "error", str(exc)
        except Exception as exc:  # a bug in a tool must not kill the turn; say which step broke
            logger.exception("step %r failed", title)
            status, detail = "error", f"internal error: {type(exc).__name__}"
        if status == "error":
            facts.setdefault("step_errors", []).append({"step": title, "error": detail})
        elapsed = round((time.perf_counter() - started) * 1000, 2)
        write(Step(id=sid, title=title, status=status, detail=detail or None, duration_ms=elapsed))  # type: ignore[arg-type]
        if shown is not None:
            shown.append({"title": title, "status": status, "detail": detail})


async def act(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    """Run each planned step over the real tools and record its result in the facts."""
    facts = dict(state.get("turn_facts") or {})
    await run_steps(state.get("plan") or [], _toolbox(state, runtime.context), facts, get_stream_writer(),
                    shown=runtime.context.shown_steps)
    return {"turn_facts": facts}


# ---- draft ---------------------------------------------------------------------------------


async def stream_text(pieces: Iterable[str], write: Write) -> str:
    """Stream each piece (a clause or list line) as one token the moment it is composed.

    One event per piece, not per word: every event crosses LangGraph's thread-safe stream
    writer (a wake-up of the event loop each), and the offline writer composes a whole
    clause at once, so word-sized events cost CPU under load and show the player nothing more.
    """
    parts: list[str] = []
    for piece in pieces:
        if piece:
            write(Token(text=piece))
            parts.append(piece)
        await asyncio.sleep(0)  # let the consumer take the token now, and let a cancel land
    return "".join(parts)


def _voice_seed(state: State, ctx: Context) -> str:
    return f"{ctx.thread_id}:{len(state.get('messages') or [])}:{state.get('question', '')}"


async def draft_offline(state: State, ctx: Context, facts: dict[str, Any], write: Write, *, prefix: str = "") -> str:
    """Write the offline answer from the facts, streaming as it is composed."""
    intent = Intent.from_dict(state["intent"])
    pieces = offline_writer.write(intent, facts, has_deck=bool(state.get("turn_deck")), rng=persona.voice(_voice_seed(state, ctx)))
    head = [prefix] if prefix else []
    return await stream_text(itertools.chain(head, pieces), write)  # lazily: stream as composed


async def _offline_facts(state: State, ctx: Context, facts: dict[str, Any], write: Write) -> None:
    """Compute what the offline writer needs that a model's plan did not (after a fallback)."""
    intent = Intent.from_dict(state["intent"])
    wanted = offline.plan_for(intent, has_deck=bool(state.get("turn_deck")))
    missing = [
        _step_dict(s) for s in wanted
        if not (s.tool and _computed(facts, s.tool))
        and not (s.args.get("derive") and offline.DERIVATIONS[s.args["derive"]][0] in facts)
    ]
    done = sum(1 for _ in state.get("plan") or [])
    await run_steps(missing, _toolbox(state, ctx), facts, write, first_id=done + 1, shown=ctx.shown_steps)


def history(state: State) -> list[ChatTurn]:
    """The conversation so far for a model, ending with this turn's question."""
    turns = [ChatTurn(m["role"], m["text"]) for m in (state.get("messages") or [])[-HISTORY_TURNS:]]  # type: ignore[arg-type]
    return [*turns, ChatTurn("user", state.get("question", ""))]


def thread_facts(state: State) -> dict[str, Any]:
    """Facts from earlier turns, unless this turn brought a new deck (they were about the old one)."""
    if state.get("turn_deck") != state.get("deck_text"):
        return {}
    return dict(state.get("facts") or {})


def facts_for_model(state: State, facts: dict[str, Any]) -> str:
    return json.dumps({**thread_facts(state), **facts}, default=str)


def _releasing(write: Write, ctx: Context) -> Write:
    """A writer that gives up the turn's place in the first-answers gate at its first token."""
    if not ctx.ticket.held:
        return write

    def write_and_release(event: Any) -> None:
        write(event)
        if isinstance(event, Token):
            ctx.ticket.release()

    return write_and_release


async def draft(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    """Write the answer in Vawlrathh's voice from the facts, streaming each delta."""
    ctx = runtime.context
    write = _releasing(get_stream_writer(), ctx)
    facts = dict(state.get("turn_facts") or {})
    notes = list(state.get("notes") or [])
    provider = ctx.provider
    if provider is None or state.get("fallback") or state["intent"]["name"] == "deck_error":
        if notes:
            await _offline_facts(state, ctx, facts, write)
        prefix = " ".join(notes) + "\n\n" if notes else ""
        text = await draft_offline(state, ctx, facts, write, prefix=prefix)
        return {"draft": text, "turn_facts": facts, "fallback": bool(notes) or bool(state.get("fallback"))}

    toolbox = _toolbox(state, ctx)

    async def on_tool(name: str, args: dict[str, Any], result: dict[str, Any]) -> None:
        if "error" not in result:
            record(facts, name, result)
        write(ToolCall(name=name, summary=str(result.get("summary", ""))))
        ctx.shown_steps.append({"title": f"⚙ {name}", "status": "done", "detail": str(result.get("summary", ""))})

    parts: list[str] = []
    stream = provider.stream_answer(persona.SYSTEM_PROMPT, history(state), facts_for_model(state, facts), toolbox.specs(), on_tool)
    try:
        async for delta in stream:
            if delta:
                parts.append(delta)
                write(Token(text=delta))
    except ProviderError as exc:
        logger.warning("answer failed, answering offline: %s", exc)
        sentence = fallback_sentence(exc)
        await _offline_facts(state, ctx, facts, write)
        prefix = ("\n\n" if parts else "") + sentence + "\n\n"
        text = await draft_offline(state, ctx, facts, write, prefix=prefix)
        return {"draft": sentence + "\n\n" + text.removeprefix(prefix), "turn_facts": facts,
                "fallback": True, "notes": [*notes, sentence]}
    finally:
        closer = getattr(stream, "aclose", None)
        if closer is not None:  # a cancelled turn must not leave the SDK's HTTP stream open
            await closer()
    return {"draft": "".join(parts), "turn_facts": facts}


# ---- consensus -----------------------------------------------------------------------------


def _deck_cards(state: State, ctx: Context) -> list[tuple[str, int]]:
    """(card, copies) of the deck the turn is about: what a "cut N" is checked against."""
    deck_text = state.get("turn_deck")
    parsed = ctx.cache.get(deck_text) if deck_text else None
    if parsed is None:
        return []
    return [(e.resolved_name, e.count) for section, e in parsed.deck.entries() if section in ("main", "commander", "companion")]


def _deck_format(state: State, ctx: Context) -> str | None:
    intent_fmt = (state.get("intent") or {}).get("format")
    deck_text = state.get("turn_deck")
    parsed = ctx.cache.get(deck_text) if deck_text else None
    return intent_fmt or (parsed.deck.format if parsed else None)


def strip_claims(draft_text: str, report: fact_check.Report) -> str:
    """Offline repair: drop each sentence (or list line) that carries a wrong claim."""
    bad: dict[int, set[int]] = {}
    for claim in report.wrong:
        if claim.line >= 0:
            bad.setdefault(claim.line, set()).add(claim.clause)
    kept = []
    for index, line in enumerate(draft_text.split("\n")):
        if index not in bad:
            kept.append(line)
            continue
        sentences = fact_check.split_clauses(line)
        good = [s for i, s in enumerate(sentences) if i not in bad[index] and not line.lstrip().startswith("-")]
        if good:
            kept.append(" ".join(good))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def badge(verdict: str, report: fact_check.Report, *, judge_ran: bool, judge_revised: bool = False) -> str:
    """Say what checked the answer, and only what really did."""
    who = "the fact check and Claude" if judge_revised else "the fact check"
    if verdict == "revised":
        return f"Revised after {who}"
    if verdict == "flagged":
        parts = []
        if report.wrong:
            parts.append(f"{_plural(len(report.wrong), 'claim')} {'is' if len(report.wrong) == 1 else 'are'} wrong")
        if report.unverifiable:
            n = len(report.unverifiable)
            parts.append(f"{_plural(n, 'claim') if not parts else n} could not be verified")
        return "Flagged: " + (", ".join(parts) if parts else "Claude disagrees")
    if judge_ran:
        return "Fact check + Claude: agree"
    return f"Fact check: {_plural(len(report.verified), 'claim')} verified"


def _outcome(verdict: str, report: fact_check.Report, notes: list[str], *, judge_ran: bool,
             judge_revised: bool = False) -> Consensus:
    failing = [c for c in report.claims if c.status != "verified"]
    return Consensus(
        verdict=verdict,  # type: ignore[arg-type]
        reviewer="deterministic+claude" if judge_ran else "deterministic",
        notes=notes,
        badge=badge(verdict, report, judge_ran=judge_ran, judge_revised=judge_revised),
        claims_verified=len(report.verified), claims_wrong=len(report.wrong),
        claims_unverifiable=len(report.unverifiable),
        claims=[CheckedClaim(text=c.text, status=c.status, reason=c.reason, kind=c.kind) for c in failing[:20]],  # type: ignore[arg-type]
    )


async def consensus(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    """Fact-check the draft claim by claim, ask Claude when a judge exists, revise once or flag."""
    ctx, write = runtime.context, get_stream_writer()
    ctx.ticket.release()  # a draft without tokens must not wait on itself
    if ctx.gate is not None:
        await ctx.gate.wait()  # the player already has the draft; others' first words come first
    text = state.get("draft", "")
    turn_facts = state.get("turn_facts") or {}
    facts = {**thread_facts(state), **turn_facts}
    model_wrote = ctx.provider is not None and not state.get("fallback")
    deck_cards, fmt = _deck_cards(state, ctx), _deck_format(state, ctx)

    def check(draft_text: str) -> fact_check.Report:
        return fact_check.check_draft(draft_text, facts, ctx.catalog, deck_cards=deck_cards, fmt=fmt)

    first = check(text)
    if state["intent"].get("name") == "deck_error" or (not model_wrote and not first.claims):
        why = "the deck did not parse: nothing in this answer is a claim about it" if "deck_error" in turn_facts \
            else "nothing to check: this answer makes no claim about cards or facts"
        skipped = Consensus(verdict="skipped", reviewer="none", notes=[why])
        write(skipped)
        return {"verdict": skipped.model_dump(), "answer": text}

    judge_ran, judge_notes = False, []

    @functools.cache
    def facts_json() -> str:  # only a judge or a model revision reads it
        return json.dumps(facts, default=str)

    async def ask_judge(draft_text: str) -> list[str]:
        nonlocal judge_ran
        if ctx.judge is None:
            return []
        try:
            opinion = await ctx.judge.judge(state.get("question", ""), draft_text, facts_json())
        except ProviderError as exc:
            logger.warning("judge failed: %s", exc)
            judge_notes.append(f"claude judge did not run ({exc.kind})")
            return []
        judge_ran = True
        if opinion.verdict != "revise":
            return []
        return [f"claude: {r}" for r in opinion.reasons] or ["claude: revise"]

    # A model's unverifiable claims go back to it; offline drafts only lose what is wrong.
    notes = first.notes(unverifiable=model_wrote)
    judge_revised = False
    if not notes:
        notes = await ask_judge(text)
        judge_revised = bool(notes)
    if not notes:
        outcome = _outcome("agree" if first.ok else "flagged", first, [*_passed(first), *first.notes(), *judge_notes], judge_ran=judge_ran)
        write(outcome)
        return {"verdict": outcome.model_dump(), "answer": text}

    revised = await _revise(text, notes, first, facts_json, model_wrote, ctx)
    if revised.strip() == text.strip() or not revised.strip():
        # Nothing changed (or nothing left): calling it revised would be a lie.
        outcome = _outcome("flagged", first, [*notes, "the revision could not fix this", *judge_notes],
                           judge_ran=judge_ran, judge_revised=judge_revised)
        write(outcome)
        return {"verdict": outcome.model_dump(), "answer": text}
    second = check(revised)
    second_notes = second.notes() or await ask_judge(revised)
    outcome = _outcome("revised" if not second_notes else "flagged", second, [*notes, *second_notes, *judge_notes], judge_ran=judge_ran, judge_revised=judge_revised)
    write(outcome)
    return {"verdict": outcome.model_dump(), "answer": revised}


def _passed(report: fact_check.Report) -> list[str]:
    return [f"{_plural(len(report.verified), 'claim')} verified against the facts"]


async def _revise(
    text: str, notes: list[str], report: fact_check.Report, facts_json: Callable[[], str], model_wrote: bool, ctx: Context
) -> str:
    """Revise a draft once: the model when it wrote it, else remove the wrong claims."""
    if model_wrote and ctx.provider is not None:
        try:
            return await ctx.provider.revise(persona.SYSTEM_PROMPT, text, facts_json(), notes)
        except ProviderError as exc:
            logger.warning("revise failed, repairing offline: %s", exc)
    return strip_claims(text, report)


# ---- respond -------------------------------------------------------------------------------


async def respond(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    """Send the final answer with its facts, and commit the turn to the thread."""
    answer = state.get("answer") or state.get("draft", "")
    turn_facts = state.get("turn_facts") or {}
    ctx = runtime.context
    answered_by = ctx.provider.name if ctx.provider is not None and not state.get("fallback") else "offline"
    get_stream_writer()(Message(text=answer, facts=turn_facts, answered_by=answered_by))
    kept = thread_facts(state)
    kept.update({k: v for k, v in turn_facts.items() if k not in ("deck_error", "step_errors")})
    said: ChatMessage = {"role": "assistant", "text": answer, "steps": list(ctx.shown_steps),
                         "answered_by": answered_by}
    if state.get("verdict"):
        said["verdict"] = dict(state["verdict"])
    return {
        "messages": [{"role": "user", "text": state.get("question", "")}, said],
        "deck_text": state.get("turn_deck"),
        "facts": kept,
        **_SPENT_TURN,
    }


# This turn's working fields, emptied as the turn ends: the message event carried what a client
# needs, the next turn overwrites them anyway, and keeping them doubled each saved checkpoint
# (the turn's facts are also in the thread's facts).
_SPENT_TURN: dict[str, Any] = {
    "question": "", "new_deck": None, "turn_deck": None, "intent": {}, "plan": [], "turn_facts": {},
    "notes": [], "fallback": False, "draft": "", "verdict": {}, "answer": "",
}
