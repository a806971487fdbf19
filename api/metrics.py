"""Prometheus metrics, one registry per app so two apps in one process never share counts.

Under ``python -m api --workers N`` (``PROMETHEUS_MULTIPROC_DIR`` set by ``api.serve``) every
worker writes its values to files in that folder and ``/metrics`` reads them all, so a scrape
that reaches any worker sees the whole server.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

# Chat latencies range from a few ms offline to tens of seconds with a remote model.
_TURN_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120)
_HTTP_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)


@dataclass
class Metrics:
    """Every metric the API records; read by ``/metrics``."""

    registry: CollectorRegistry
    http_requests: Counter
    http_latency: Histogram
    websockets_open: Gauge
    websockets_total: Counter
    turns: Counter
    errors: Counter
    first_token: Histogram
    turn_duration: Histogram

    def render(self) -> bytes:
        """The Prometheus text exposition: this app's registry, or every worker's files."""
        if not multiprocess_mode():
            return generate_latest(self.registry)
        merged = CollectorRegistry()
        multiprocess.MultiProcessCollector(merged)
        return generate_latest(merged)

    def close(self) -> None:
        """On a worker's shutdown: its open-connection gauge stops counting."""
        if multiprocess_mode():
            multiprocess.mark_process_dead(os.getpid())


def multiprocess_mode() -> bool:
    return bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))


def create_metrics() -> Metrics:
    """Build a fresh registry with every metric registered in it."""
    registry = CollectorRegistry(auto_describe=True)
    return Metrics(
        registry=registry,
        http_requests=Counter(
            "vawlrathh_http_requests_total", "HTTP requests answered, by route template and status",
            ["method", "route", "status"], registry=registry,
        ),
        http_latency=Histogram(
            "vawlrathh_http_request_duration_seconds", "Time to answer an HTTP request",
            ["method", "route"], buckets=_HTTP_BUCKETS, registry=registry,
        ),
        websockets_open=Gauge(
            "vawlrathh_websockets_open", "WebSocket chat connections open now", registry=registry,
            multiprocess_mode="livesum",  # summed over the workers alive now
        ),
        websockets_total=Counter(
            "vawlrathh_websockets_total", "WebSocket chat connections accepted", registry=registry,
        ),
        turns=Counter(
            "vawlrathh_turns_total", "Chat turns run, by transport and how they ended",
            ["transport", "outcome"], registry=registry,
        ),
        errors=Counter(
            "vawlrathh_errors_total", "Errors answered to clients (HTTP and WebSocket), by code",
            ["code"], registry=registry,
        ),
        first_token=Histogram(
            "vawlrathh_time_to_first_token_seconds", "From a user message to the first answer token",
            ["transport"], buckets=_TURN_BUCKETS, registry=registry,
        ),
        turn_duration=Histogram(
            "vawlrathh_turn_duration_seconds", "From a user message to done",
            ["transport"], buckets=_TURN_BUCKETS, registry=registry,
        ),
    )
