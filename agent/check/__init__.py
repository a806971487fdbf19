"""The fact check: a draft split into claims, each verified against the fact it asserts.

``check_draft`` is what the graph's consensus node and ``python -m agent.check`` both run.
``claims`` reads a draft (masks, card names, patterns), ``facts`` gives the facts the shape the
verifier asks for, ``verify`` decides each claim, ``badge`` says in words who checked what.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from agent.check.claims import Claim, claims_of, prepare, split_clauses
from agent.check.facts import CardLookup, FactView
from agent.check.verify import verify
from agent.meta_check import unsourced_meta_figures


@dataclass
class Report:
    """Every claim of one draft with its status; ``ok`` when none is wrong or unverifiable."""

    claims: list[Claim] = field(default_factory=list)

    @property
    def verified(self) -> list[Claim]:
        return [c for c in self.claims if c.status == "verified"]

    @property
    def wrong(self) -> list[Claim]:
        return [c for c in self.claims if c.status == "wrong"]

    @property
    def unverifiable(self) -> list[Claim]:
        return [c for c in self.claims if c.status == "unverifiable"]

    @property
    def ok(self) -> bool:
        return not self.wrong and not self.unverifiable

    def notes(self, *, unverifiable: bool = True) -> list[str]:
        """One plain sentence per failing claim: what the draft said and what the facts say."""
        out = [f"wrong: {c.reason} (in: {_short(c.text)})" for c in self.wrong]
        if unverifiable:
            out += [f"could not verify: {c.reason} (in: {_short(c.text)})" for c in self.unverifiable]
        return list(dict.fromkeys(out))

    def to_dict(self) -> dict[str, Any]:
        return {
            "verified": len(self.verified), "wrong": len(self.wrong), "unverifiable": len(self.unverifiable),
            "claims": [c.to_dict() for c in self.claims],
        }


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _NameFinder:
    """The catalog's name finder for plain-text runs, when the catalog has one."""

    def __init__(self, catalog: Any):
        self._find = getattr(catalog, "find_names_in_text", None)

    def __call__(self, text: str, limit: int) -> list[Any]:
        return list(self._find(text, limit)) if self._find is not None else []


def check_draft(
    draft: str,
    facts: Mapping[str, Any],
    catalog: CardLookup,
    *,
    deck_cards: Iterable[tuple[str, int]] = (),
    fmt: str | None = None,
) -> Report:
    """Split ``draft`` into claims and verify each against ``facts`` (and the catalog)."""
    view = FactView.build(facts, catalog, deck_cards=deck_cards, fmt=fmt)
    prepared = prepare(draft, facts, view.card, _NameFinder(catalog))
    claims = [verify(c, view, prepared.names) for c in claims_of(prepared)]
    # A meta share, win rate or tier is only as good as its source and date (agent/meta_check.py).
    claims += [Claim("meta_figure", figure, status="wrong", fact="meta",
                     reason=f"the meta figure {figure!r} is quoted without its source and date")
               for figure in unsourced_meta_figures(draft, dict(facts))]
    return Report(claims)


__all__ = ["Claim", "FactView", "Report", "check_draft", "split_clauses"]
