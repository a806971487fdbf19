"""Errors of the deck engine; every message is safe to show a player.

    ArenaError
     ├── CatalogError            the card catalog cannot be built, opened or imported into
     ├── ScryfallError           the Scryfall API answered with an error object or not at all
     │    └── ScryfallNotFound   404: no card by that name (``ambiguous`` tells the fuzzy case)
     ├── MetaError               the metagame snapshot cannot be found or read
     ├── ResearchError           a live search service (Tavily, Perplexity) failed; ``kind`` says how
     └── DeckError
          ├── DeckTooLargeError  the input is over the size or line limit
          └── DeckParseError     one or more lines could not be read or resolved
"""

from __future__ import annotations

from dataclasses import dataclass, field


class ArenaError(Exception):
    """Base of every deck-engine error; ``str(err)`` is a message for the player."""


class CatalogError(ArenaError):
    """Raised when the card catalog cannot be built, opened or imported into."""


class ScryfallError(ArenaError):
    """Raised when Scryfall answers with an error object, or cannot be reached."""

    def __init__(self, message: str, *, status: int | None = None, code: str | None = None):
        super().__init__(message)
        self.status = status
        self.code = code


class ScryfallNotFound(ScryfallError):
    """Raised on a 404; ``ambiguous`` is true when a fuzzy name matched several cards."""

    def __init__(self, message: str, *, ambiguous: bool = False):
        super().__init__(message, status=404, code="not_found")
        self.ambiguous = ambiguous


class DeckError(ArenaError):
    """Base of errors about a deck the player gave us."""


class DeckTooLargeError(DeckError):
    """Raised before parsing when the input is over ``limit`` (bytes or lines)."""

    def __init__(self, message: str, *, limit: int, unit: str, actual: int):
        super().__init__(message)
        self.limit = limit
        self.unit = unit
        self.actual = actual


@dataclass(frozen=True)
class LineProblem:
    """One line that could not be read: where, what it said, why, and what we'd guess."""

    line: int
    text: str
    reason: str
    suggestions: list[str] = field(default_factory=list)

    def describe(self) -> str:
        hint = f" Did you mean: {', '.join(self.suggestions)}?" if self.suggestions else ""
        return f"line {self.line}: {self.reason}: {self.text!r}.{hint}"


class DeckParseError(DeckError):
    """Raised with every bad line of a deck at once, never just the first."""

    def __init__(self, problems: list[LineProblem], *, source_format: str | None = None):
        self.problems = problems
        self.source_format = source_format
        lines = "\n".join(f"  {p.describe()}" for p in problems)
        noun = "problem" if len(problems) == 1 else "problems"
        super().__init__(f"The deck has {len(problems)} {noun}:\n{lines}")


class MetaError(ArenaError):
    """Raised when the metagame snapshot cannot be found or read."""


class ResearchError(ArenaError):
    """Raised when Tavily or Perplexity cannot answer; ``kind`` is one of ``RESEARCH_FAILURES``.

    The message names the service and what went wrong, never the key.
    """

    def __init__(self, provider: str, kind: str, message: str, *, status: int | None = None):
        super().__init__(message)
        self.provider = provider
        self.kind = kind
        self.status = status


# auth: key missing or refused; rate_limit: 429 after our retries; timeout; server: 5xx after
# retries; connection: unreachable; bad_request: the service refused the query; bad_response:
# an answer we could not read.
RESEARCH_FAILURES = ("auth", "rate_limit", "timeout", "server", "connection", "bad_request", "bad_response")
