"""Live metagame research: Tavily and Perplexity clients behind one cached service.

The clients live in ``arena.research.tavily`` and ``arena.research.perplexity``; import them
only when a key is set (the Perplexity SDK alone takes about two seconds to import).
"""

from arena.research.models import ResearchFailure, ResearchReport, ResearchResult, ResearchSource
from arena.research.service import MetaResearch, Researcher

__all__ = [
    "MetaResearch",
    "ResearchFailure",
    "ResearchReport",
    "ResearchResult",
    "ResearchSource",
    "Researcher",
]
