"""Live metagame research: Tavily and Perplexity clients behind one cached service."""

from arena.research.models import ResearchFailure, ResearchReport, ResearchResult, ResearchSource
from arena.research.perplexity import PerplexityResearch
from arena.research.service import MetaResearch, Researcher
from arena.research.tavily import TavilyResearch

__all__ = [
    "MetaResearch",
    "PerplexityResearch",
    "ResearchFailure",
    "ResearchReport",
    "ResearchResult",
    "ResearchSource",
    "Researcher",
    "TavilyResearch",
]
