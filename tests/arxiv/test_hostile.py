"""Against a real (loopback) server: misbehaviour costs bounded time and memory."""

from __future__ import annotations

import itertools
import time

import pytest

from readlist.arxiv import ArxivClient, ArxivUnavailable, fetch_bytes
from readlist.arxiv_cache import RateLimiter
from readlist.errors import NetworkError
from tests.arxiv.conftest import FakeArxiv, Reply


def _client(server: FakeArxiv, **options: object) -> ArxivClient:
    return ArxivClient(server.url, limiter=RateLimiter(0.0), **options)  # type: ignore[arg-type]


def test_normal_answer_out_of_order(arxiv_server: FakeArxiv) -> None:
    with _client(arxiv_server) as client:
        result = client.fetch_ids(["2406.02537", "2406.02543", "2406.02539"])
    assert sorted(result.found) == ["2406.02537", "2406.02539", "2406.02543"]
    assert arxiv_server.count == 1


@pytest.mark.parametrize("mode", ["slow", "drip"])
def test_a_server_that_never_finishes_costs_at_most_the_deadline(arxiv_server: FakeArxiv, mode: str) -> None:
    arxiv_server.mode = mode
    started = time.monotonic()
    with _client(arxiv_server, deadline=1.5) as client, pytest.raises(ArxivUnavailable) as caught:
        client.query({"id_list": "2406.02543"})
    elapsed = time.monotonic() - started
    assert elapsed < 3.0
    assert caught.value.kind == "timeout"
    assert "within 1.5 s" in str(caught.value)


def test_endless_body_is_cut_at_the_size_cap(arxiv_server: FakeArxiv) -> None:
    arxiv_server.mode = "huge"
    with _client(arxiv_server, max_bytes=2**20) as client, pytest.raises(ArxivUnavailable, match="answer larger than 1 MiB"):
        client.query({"id_list": "2406.02543"})


def test_redirect_loop_is_an_error(arxiv_server: FakeArxiv) -> None:
    arxiv_server.mode = "redirect"
    with _client(arxiv_server) as client, pytest.raises(ArxivUnavailable, match="too many redirects"):
        client.query({"id_list": "2406.02543"})
    assert arxiv_server.count == 6  # the first request and five redirects, no more


def test_html_instead_of_atom(arxiv_server: FakeArxiv) -> None:
    arxiv_server.mode = "html"
    with _client(arxiv_server, max_retries=0) as client, pytest.raises(ArxivUnavailable, match="not an Atom feed"):
        client.query({"id_list": "2406.02543"})


def test_503_with_retry_after_then_success(arxiv_server: FakeArxiv) -> None:
    arxiv_server.script = [Reply(503, "busy", {"Retry-After": "1"})]
    started = time.monotonic()
    with _client(arxiv_server) as client:
        result = client.fetch_ids(["2406.02543"])
    assert list(result.found) == ["2406.02543"]
    assert arxiv_server.count == 2
    gap = arxiv_server.requests[1][0] - arxiv_server.requests[0][0]
    assert gap >= 1.0 and time.monotonic() - started < 5


def test_requests_are_spaced_by_the_interval(arxiv_server: FakeArxiv) -> None:
    with ArxivClient(arxiv_server.url, limiter=RateLimiter(0.3), batch_size=1) as client:
        client.fetch_ids(["2406.02543", "2406.02539", "2406.02537"])
    times = [t for t, _, _ in arxiv_server.requests]
    assert len(times) == 3
    assert all(b - a >= 0.29 for a, b in itertools.pairwise(times))


def test_spacing_holds_across_processes_through_the_stamp(arxiv_server: FakeArxiv, tmp_path: object) -> None:
    from pathlib import Path

    stamp = Path(str(tmp_path)) / "last-request"
    for ident in ("2406.02543", "2406.02539"):
        with ArxivClient(arxiv_server.url, limiter=RateLimiter(0.4, stamp=stamp)) as client:
            client.fetch_ids([ident])
    first, second = (t for t, _, _ in arxiv_server.requests)
    assert second - first >= 0.39


def test_connection_refused_is_offline() -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with ArxivClient(f"http://127.0.0.1:{port}/api/query", limiter=RateLimiter(0.0)) as client:
        result = client.fetch_ids(["2406.02543"])
    assert result.outage is not None and result.outage.kind == "offline"
    assert result.outage.message == f"arXiv API unavailable: connection to 127.0.0.1:{port} refused"


def test_fetch_bytes_is_bounded_against_a_drip(arxiv_server: FakeArxiv) -> None:
    arxiv_server.mode = "drip"
    started = time.monotonic()
    with pytest.raises(NetworkError, match="took longer than 1 s"):
        fetch_bytes(arxiv_server.url, max_bytes=10**6, deadline=1.0)
    assert time.monotonic() - started < 2.5
