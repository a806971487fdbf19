"""Meta questions end to end with live research keys pointing at loopback Tavily / Perplexity."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.script import report, run_files
from tests.fakes.perplexity_server import FakePerplexity
from tests.fakes.tavily_server import FakeTavily

LIVE = Path(__file__).resolve().parents[1] / "chats" / "live"


async def test_tavily_key_and_base_url_reach_the_server_and_the_answer_cites_it(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with FakeTavily(api_key="tvly-chat-key") as fake:
        monkeypatch.setenv("TAVILY_API_KEY", "tvly-chat-key")
        monkeypatch.setenv("TAVILY_BASE_URL", fake.url)
        monkeypatch.setenv("RESEARCH_SITES", "mtggoldfish.com, mtgo.com")
        results = await run_files([LIVE / "meta_live_tavily.yaml"], data_dir=data_dir)
    assert not results[0].failures, report(results)
    [sent] = fake.requests
    assert sent.body["include_domains"] == ["mtggoldfish.com", "mtgo.com"]
    assert "Standard" in sent.body["query"] and "metagame" in sent.body["query"]


async def test_perplexity_cited_answer_and_matchup_search(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with FakePerplexity(api_key="pplx-chat-key") as fake:
        monkeypatch.setenv("PERPLEXITY_API_KEY", "pplx-chat-key")
        monkeypatch.setenv("PERPLEXITY_BASE_URL", fake.url)
        monkeypatch.setenv("PERPLEXITY_MODEL", "sonar")
        results = await run_files([LIVE / "meta_live_perplexity.yaml"], data_dir=data_dir)
    assert not results[0].failures, report(results)
    assert [r.path for r in fake.requests] == ["/chat/completions", "/chat/completions"]
    assert fake.requests[0].body["model"] == "sonar"


async def test_a_refused_key_falls_back_to_the_snapshot_and_says_so(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with FakeTavily(api_key="tvly-right-key") as fake:
        monkeypatch.setenv("TAVILY_API_KEY", "tvly-wrong-key")
        monkeypatch.setenv("TAVILY_BASE_URL", fake.url)
        results = await run_files([LIVE / "meta_live_tavily_refused.yaml"], data_dir=data_dir)
    assert not results[0].failures, report(results)
    assert len(fake.requests) == 1  # a refused key is not retried


async def test_perplexity_search_results_without_a_model(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with FakePerplexity(api_key="pplx-chat-key") as fake:
        monkeypatch.setenv("PERPLEXITY_API_KEY", "pplx-chat-key")
        monkeypatch.setenv("PERPLEXITY_BASE_URL", fake.url)
        results = await run_files([LIVE / "meta_live_perplexity_search.yaml"], data_dir=data_dir)
    assert not results[0].failures, report(results)
    [sent] = fake.requests
    assert sent.path == "/search" and "Modern" in sent.body["query"]
