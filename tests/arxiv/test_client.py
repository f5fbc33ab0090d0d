"""The API client over httpx.MockTransport: batching, spacing, retries, errors, cache."""

from __future__ import annotations

import itertools

import httpx
import pytest

from readlist.arxiv import USER_AGENT, ArxivUnavailable, fetch_bytes
from readlist.arxiv_policy import retry_after
from readlist.errors import NetworkError
from tests.arxiv.conftest import PAPERS, FakeClock, MakeClient, answer_ids, api_handler, error_feed


def _atom(body: str) -> httpx.Response:
    return httpx.Response(200, text=body, headers={"Content-Type": "application/atom+xml"})


def test_several_ids_go_in_one_request_with_a_descriptive_user_agent(mock_client: MakeClient) -> None:
    calls: list[httpx.Request] = []
    client = mock_client(api_handler(calls))
    result = client.fetch_ids(["2406.02543", "2406.02539", "2406.02537"])
    assert sorted(result.found) == ["2406.02537", "2406.02539", "2406.02543"]
    assert len(calls) == 1 and client.requests == 1
    params = calls[0].url.params
    assert params["id_list"] == "2406.02543,2406.02539,2406.02537"
    assert params["max_results"] == "3"
    assert calls[0].headers["user-agent"] == USER_AGENT
    assert "readlist/" in USER_AGENT and "https://" in USER_AGENT


def test_batches_hold_at_most_100_ids_and_are_3_seconds_apart(
    mock_client: MakeClient, clock: FakeClock
) -> None:
    calls: list[httpx.Request] = []
    starts: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        starts.append(clock.now)
        return api_handler(calls)(request)

    client = mock_client(handler)
    ids = [f"2301.{n:05d}" for n in range(250)]
    result = client.fetch_ids(ids)
    assert [len(c.url.params["id_list"].split(",")) for c in calls] == [100, 100, 50]
    assert all(b - a >= 3.0 for a, b in itertools.pairwise(starts))
    assert sorted(result.missing) == sorted(ids)  # none of them exists


def test_one_connection_is_reused(mock_client: MakeClient) -> None:
    client = mock_client(api_handler())
    client.fetch_ids(["2406.02543"])
    first = client._client
    client.fetch_ids(["2406.02539"])
    assert client._client is first


def test_unknown_and_malformed_ids_are_told_apart(mock_client: MakeClient) -> None:
    calls: list[httpx.Request] = []
    client = mock_client(api_handler(calls))
    result = client.fetch_ids(["2406.02543", "2406.99999", "0704.00001x"])
    assert list(result.found) == ["2406.02543"]
    assert result.missing == ["2406.99999"]
    assert result.rejected == {"0704.00001x": "incorrect id format for 0704.00001x"}
    # The Error answer spoils the batch: the rest were asked again without the bad id.
    assert [c.url.params["id_list"] for c in calls] == [
        "2406.02543,2406.99999,0704.00001x", "2406.02543,2406.99999"]


def test_error_naming_no_id_rejects_the_batch(mock_client: MakeClient) -> None:
    client = mock_client(lambda r: _atom(error_feed("something-else")))
    result = client.fetch_ids(["2406.02543"])
    assert result.rejected == {"2406.02543": "incorrect id format for something-else"}
    assert not result.found


def test_retry_after_is_honoured_then_success(mock_client: MakeClient, clock: FakeClock) -> None:
    answers = [httpx.Response(503, headers={"Retry-After": "7"}),
               httpx.Response(429, headers={"Retry-After": "5"}),
               _atom(answer_ids(["2406.02543"]))]
    client = mock_client(lambda r: answers.pop(0))
    result = client.fetch_ids(["2406.02543"])
    assert list(result.found) == ["2406.02543"]
    assert client.requests == 3
    # What the server asked for, not the backoff (which would have been 6 s the second time).
    assert clock.sleeps == [7.0, 5.0]


def test_backoff_is_exponential_and_retries_are_bounded(mock_client: MakeClient, clock: FakeClock) -> None:
    client = mock_client(lambda r: httpx.Response(503), deadline=1000.0)
    with pytest.raises(ArxivUnavailable) as caught:
        client.query({"id_list": "2406.02543"})
    assert caught.value.kind == "throttled"
    assert str(caught.value) == ("arXiv API unavailable: export.arxiv.org is throttling "
                                 "requests (HTTP 503), still after 3 retries")
    assert clock.sleeps == [3.0, 6.0, 12.0]
    assert client.requests == 4


def test_retry_after_beyond_the_deadline_gives_up_at_once(mock_client: MakeClient, clock: FakeClock) -> None:
    client = mock_client(lambda r: httpx.Response(503, headers={"Retry-After": "3600"}))
    result = client.fetch_ids(["2406.02543", "2406.02539"])
    assert result.outage is not None and result.outage.kind == "throttled"
    assert "asks to wait 3600 s" in result.outage.message
    assert set(result.failed) == {"2406.02543", "2406.02539"}
    assert clock.sleeps == [] and client.requests == 1


def test_garbage_body_is_retried_then_reported(mock_client: MakeClient) -> None:
    client = mock_client(lambda r: httpx.Response(200, text="Rate exceeded."), deadline=1000.0)
    result = client.fetch_ids(["2406.02543"])
    assert result.outage is not None and result.outage.kind == "bad-answer"
    assert result.outage.message == ("arXiv API unavailable: export.arxiv.org sent something that "
                                     "is not an Atom feed: 'Rate exceeded.', still after 3 retries")
    assert not result.found


def test_garbage_then_good_answer_succeeds(mock_client: MakeClient) -> None:
    answers = [httpx.Response(200, text="Rate exceeded."), _atom(answer_ids(["2406.02543"]))]
    client = mock_client(lambda r: answers.pop(0))
    assert list(client.fetch_ids(["2406.02543"]).found) == ["2406.02543"]


def test_truncated_answer_keeps_complete_entries_and_fails_the_rest(mock_client: MakeClient) -> None:
    body = answer_ids(["2406.02543", "2406.02537"])
    cut = body[: body.index("2406.02537v1</id>")]
    client = mock_client(lambda r: _atom(cut), max_retries=1)
    result = client.fetch_ids(["2406.02543", "2406.02537"])
    assert list(result.found) == ["2406.02543"]
    assert result.failed == {"2406.02537": "arXiv API answer was cut off (truncated feed)"}
    assert result.missing == []  # never "not on arXiv" just because the answer broke off


@pytest.mark.parametrize(
    ("error", "message", "kind"),
    [
        (httpx.ConnectError("[Errno -2] Name or service not known"),
         "arXiv API unavailable: cannot resolve export.arxiv.org (no network or DNS failure)", "offline"),
        (httpx.ConnectError("[Errno 111] Connection refused"),
         "arXiv API unavailable: connection to export.arxiv.org refused", "offline"),
        (httpx.ConnectError("[Errno 101] Network is unreachable"),
         "arXiv API unavailable: cannot reach export.arxiv.org: network is unreachable", "offline"),
        (httpx.ConnectTimeout("timed out"),
         "arXiv API unavailable: timed out connecting to export.arxiv.org", "timeout"),
        (httpx.ReadTimeout("timed out"),
         "arXiv API unavailable: export.arxiv.org stopped answering (timed out)", "timeout"),
        (httpx.RemoteProtocolError("peer closed connection"),
         "arXiv API unavailable: export.arxiv.org: connection broke off (RemoteProtocolError)", "offline"),
    ],
)
def test_network_failures_become_one_line(
    mock_client: MakeClient, error: Exception, message: str, kind: str
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise error

    client = mock_client(handler)
    result = client.fetch_ids(["2406.02543", "2406.02539"])
    assert result.outage is not None
    assert (result.outage.message, result.outage.kind) == (message, kind)
    assert result.failed == dict.fromkeys(["2406.02543", "2406.02539"], message)
    assert client.requests == 1  # offline is offline: no hammering


def test_an_outage_stops_the_remaining_batches(mock_client: MakeClient) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno -3] Temporary failure in name resolution")

    client = mock_client(handler, batch_size=2)
    result = client.fetch_ids(["2406.02543", "2406.02539", "2406.02537"])
    assert client.requests == 1 and len(result.failed) == 3


def test_http_error_status_is_reported(mock_client: MakeClient) -> None:
    client = mock_client(lambda r: httpx.Response(404))
    with pytest.raises(ArxivUnavailable, match=r"export.arxiv.org answered HTTP 404 Not Found"):
        client.query({"id_list": "2406.02543"})


def test_oversized_answer_is_refused(mock_client: MakeClient) -> None:
    client = mock_client(lambda r: httpx.Response(200, content=b"<feed>" + b"x" * 5000), max_bytes=1000)
    with pytest.raises(ArxivUnavailable, match="answer larger than"):
        client.query({"id_list": "2406.02543"})


def test_cache_answers_a_repeated_fetch_without_a_request(
    mock_client: MakeClient, clock: FakeClock
) -> None:
    calls: list[httpx.Request] = []
    first = mock_client(api_handler(calls), cache=True)
    first.fetch_ids(["2406.02543", "2406.02539"])
    second = mock_client(api_handler(calls), cache=True)
    result = second.fetch_ids(["2406.02543", "2406.02539", "2406.02537"])
    assert sorted(result.found) == ["2406.02537", "2406.02539", "2406.02543"]
    assert result.cached == 2
    assert [c.url.params["id_list"] for c in calls] == ["2406.02543,2406.02539", "2406.02537"]
    clock.now += 25 * 3600  # a day later the cache has expired
    third = mock_client(api_handler(calls), cache=True)
    assert third.fetch_ids(["2406.02543"]).cached == 0 and len(calls) == 3


def test_search_is_cached_too(mock_client: MakeClient) -> None:
    calls: list[httpx.Request] = []
    client = mock_client(api_handler(calls), cache=True)
    hits = client.search_title("LayerSkip : Enabling Early Exit Inference and Self-Speculative Decoding")
    assert [e.arxiv.id for e in hits] == ["2404.16710"]
    assert calls[0].url.params["search_query"] == (
        'ti:"layerskip enabling early exit inference and self speculative decoding"')
    assert client.search_title("LayerSkip: Enabling Early Exit Inference and Self-Speculative Decoding") == hits
    assert len(calls) == 1


def test_versioned_ids_are_asked_for_without_version(mock_client: MakeClient) -> None:
    from readlist.ids import parse_arxiv_id

    calls: list[httpx.Request] = []
    client = mock_client(api_handler(calls))
    arxiv = parse_arxiv_id("arXiv:2406.02539v1")
    assert arxiv is not None
    result = client.fetch_ids([arxiv])
    assert calls[0].url.params["id_list"] == "2406.02539"
    assert result.found["2406.02539"].arxiv.version == PAPERS["2406.02539"]["version"]


def test_retry_after_parsing() -> None:
    assert retry_after("120") == 120.0
    assert retry_after(None) is None and retry_after("soon") is None
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=lambda: 1445412470.0) == 10.0


def test_fetch_bytes_bounds_size_and_reports_http_errors() -> None:
    ok = httpx.MockTransport(lambda r: httpx.Response(200, content=b"hello"))
    assert fetch_bytes("https://example.org/d.md", max_bytes=100, transport=ok) == b"hello"
    big = httpx.MockTransport(lambda r: httpx.Response(200, content=b"x" * 2000))
    with pytest.raises(NetworkError, match="larger than"):
        fetch_bytes("https://example.org/d.md", max_bytes=1000, transport=big)
    gone = httpx.MockTransport(lambda r: httpx.Response(404))
    with pytest.raises(NetworkError, match=r"^https://example.org/d.md: HTTP 404 Not Found$"):
        fetch_bytes("https://example.org/d.md", max_bytes=100, transport=gone)


def test_a_tiny_retry_after_still_respects_the_interval(mock_client: MakeClient, clock: FakeClock) -> None:
    answers = [httpx.Response(503, headers={"Retry-After": "0"}), _atom(answer_ids(["2406.02543"]))]
    client = mock_client(lambda r: answers.pop(0))
    assert list(client.fetch_ids(["2406.02543"]).found) == ["2406.02543"]
    assert clock.sleeps == [3.0]


def test_other_server_errors_are_retried_too(mock_client: MakeClient, clock: FakeClock) -> None:
    client = mock_client(lambda r: httpx.Response(502), deadline=1000.0)
    with pytest.raises(ArxivUnavailable, match=r"export.arxiv.org is failing \(HTTP 502\), still after 3 retries"):
        client.query({"id_list": "2406.02543"})
    assert clock.sleeps == [3.0, 6.0, 12.0]
