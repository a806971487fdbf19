"""The fact check's metagame rule: a share, win rate or tier is quoted with its source and date.

A number can be in the facts and still mislead: "Izzet is 26% of the meta" without saying
whose count and when reads as today's truth. In a turn whose facts hold metagame data, every
paragraph that quotes a percentage, a win rate or a tier must also name a source the facts
know (a URL, or a site the snapshot or a search named) and a date. Paragraphs, not lines, so
a header ("Shares as reported by mtgtop8 (June 2026):") covers the list under it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

META_FACT_KEYS = ("meta", "research", "matchup")
_FIGURE = re.compile(r"\d+(?:\.\d+)?\s?%|\bwin ?rates?\b|\btier ?(?:\d|one|two|three)\b", re.I)
_URL = re.compile(r"https?://[^\s)\]]+")
_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DATE = re.compile(rf"\b\d{{4}}-\d{{2}}(?:-\d{{2}})?\b|\b{_MONTHS}\s+\d{{4}}\b|\b\d{{1,2}}\s+{_MONTHS}\s+\d{{4}}\b", re.I)


def _sources(facts: dict[str, Any]) -> set[str]:
    """Every source name the facts know, lower case: snapshot sites, share sources, page hosts."""
    names: set[str] = set()

    def add_url(url: Any) -> None:
        if isinstance(url, str) and url:
            host = (urlsplit(url).hostname or "").removeprefix("www.")
            if host:
                names.add(host)
                names.add(host.split(".")[-2] if host.count(".") >= 1 else host)

    meta = facts.get("meta") or {}
    for share in meta.get("shares") or []:
        for part in re.split(r"[,/]", str(share.get("source") or "")):
            word = part.strip().lower()
            if word and not word[0].isdigit():  # "2-week window", "90-day" are windows, not sites
                names.add(word)
    for deck in [*(meta.get("decks") or []), (facts.get("matchup") or {}).get("opponent") or {}]:
        add_url(deck.get("source_url"))
    for result in (facts.get("research") or {}).get("results") or []:
        for source in result.get("sources") or []:
            add_url(source.get("url"))
    return {n for n in names if len(n) >= 3}


def _paragraphs(text: str) -> Iterator[str]:
    for block in re.split(r"\n\s*\n", text):
        if block.strip():
            yield block


def unsourced_meta_figures(draft: str, facts: dict[str, Any]) -> list[str]:
    """The figures ('26%', 'win rate', 'tier 1') quoted without a known source and a date."""
    if not any(facts.get(k) for k in META_FACT_KEYS):
        return []
    sources = _sources(facts)
    bad: list[str] = []
    for block in _paragraphs(draft):
        figures = [m.group(0) for m in _FIGURE.finditer(block)]
        if not figures:
            continue
        lowered = block.lower()
        sourced = bool(_URL.search(block)) or any(s in lowered for s in sources)
        if not (sourced and _DATE.search(block)):
            bad.extend(figures)
    return list(dict.fromkeys(bad))
