"""Network access: the arXiv export API client, and URL fetching for imports.

The only module that imports httpx. Every request is bounded in time and size, whatever the
server does: each one runs on a worker thread that the caller waits for at most the
remaining deadline (a watchdog then closes the stream), so a server that never answers, or
drips one byte a second, costs at most `deadline` seconds. Bodies over `max_bytes` are
refused. Every failure becomes a one-line `NetworkError`; `ArxivUnavailable` marks the
transient ones (offline, timeout, throttled, garbage), after which a paper can wait as
pending. Tests pass `transport=` (an `httpx.MockTransport`) or point `api` at a loopback
server, and inject the rate limiter's clock and sleep.

The httpx-free parts live beside it: `arxiv_policy` judges an answer (retry or not, how long
to wait), `arxiv_batch` turns a list of ids into batched calls and a `FetchResult`,
`arxiv_cache` keeps answers and the request clock, `atom` parses the feed.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from readlist import __version__
from readlist.arxiv_batch import FetchResult, fetch_ids
from readlist.arxiv_cache import AnswerCache, RateLimiter
from readlist.arxiv_policy import Answer, ArxivUnavailable, judge
from readlist.atom import ArxivEntry, Feed
from readlist.errors import NetworkError
from readlist.ids import ArxivId, normalize_title

# The client's vocabulary: ArxivUnavailable is what its callers catch.
__all__ = ["USER_AGENT", "ArxivClient", "ArxivUnavailable", "api_cache_dir", "fetch_bytes"]

USER_AGENT = f"readlist/{__version__} (terminal paper-digest reader; https://github.com/readlist/readlist)"
#: No fetch, retries and waits included, may take longer than this.
DEADLINE = 30.0
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 10.0
MIN_INTERVAL = 3.0  # arXiv's terms: at most one request every three seconds
BATCH_SIZE = 100  # id_list ids per request
MAX_RETRIES = 3
MAX_API_BYTES = 16 * 2**20


# -- one bounded GET -------------------------------------------------------------------------

class _TooLarge(Exception):
    pass


class _Transfer:
    """One GET on a worker thread; `abort` is the watchdog's way to stop it."""

    def __init__(self, client: httpx.Client, url: str, params: Mapping[str, str] | None,
                 max_bytes: int, timeout: float) -> None:
        self.client, self.url, self.params = client, url, params
        self.max_bytes, self.timeout = max_bytes, timeout
        self.cancelled = threading.Event()
        self.response: httpx.Response | None = None
        self.answer: Answer | None = None
        self.error: BaseException | None = None

    def run(self) -> None:
        # A little past the deadline: near it, the watchdog (not a read timeout) ends the wait.
        limit = self.timeout + 1.0
        timeout = httpx.Timeout(min(READ_TIMEOUT, limit), connect=min(CONNECT_TIMEOUT, limit))
        try:
            with self.client.stream("GET", self.url, params=self.params, timeout=timeout) as response:
                self.response = response
                length = response.headers.get("content-length", "")
                if length.isdigit() and int(length) > self.max_bytes:
                    raise _TooLarge
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    if self.cancelled.is_set():
                        return
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise _TooLarge
                    chunks.append(chunk)
                self.answer = Answer(response.status_code, response.reason_phrase,
                                     response.headers, b"".join(chunks))
        except BaseException as exc:  # handed to the waiting thread
            self.error = exc

    def abort(self) -> None:
        self.cancelled.set()
        response = self.response
        if response is not None:
            with contextlib.suppress(Exception):  # the transfer is being abandoned anyway
                response.close()


class _Deadline(Exception):
    pass


def _bounded_get(client: httpx.Client, url: str, *, params: Mapping[str, str] | None,
                 max_bytes: int, seconds: float) -> Answer:
    transfer = _Transfer(client, url, params, max_bytes, seconds)
    worker = threading.Thread(target=transfer.run, name="readlist-http", daemon=True)
    worker.start()
    try:
        worker.join(max(0.0, seconds))
    except BaseException:  # Ctrl-C: stop the transfer, then let the interrupt through
        transfer.abort()
        raise
    if worker.is_alive():
        transfer.abort()
        raise _Deadline
    if transfer.error is not None:
        raise transfer.error
    assert transfer.answer is not None
    return transfer.answer


def _describe(exc: BaseException, where: str, max_bytes: int) -> tuple[str, str]:
    """(message, kind) for a failed request."""
    if isinstance(exc, _TooLarge):
        return f"{where}: answer larger than {max_bytes / 2**20:g} MiB, refused", "bad-answer"
    if isinstance(exc, httpx.ConnectTimeout):
        return f"timed out connecting to {where}", "timeout"
    if isinstance(exc, httpx.TimeoutException):
        return f"{where} stopped answering (timed out)", "timeout"
    if isinstance(exc, httpx.TooManyRedirects):
        return f"{where}: too many redirects", "http"
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return f"{where}: not a valid http(s) URL", "http"
    if isinstance(exc, httpx.ConnectError):
        text = str(exc).lower()
        if any(s in text for s in ("name or service", "name resolution", "nodename", "getaddrinfo",
                                   "no address associated")):
            return f"cannot resolve {where} (no network or DNS failure)", "offline"
        if "refused" in text:
            return f"connection to {where} refused", "offline"
        if "unreachable" in text:
            return f"cannot reach {where}: network is unreachable", "offline"
        return f"cannot connect to {where}", "offline"
    return f"{where}: connection broke off ({exc.__class__.__name__})", "offline"


def _new_client(transport: httpx.BaseTransport | None) -> httpx.Client:
    return httpx.Client(
        transport=transport,
        follow_redirects=True,
        max_redirects=5,
        headers={"User-Agent": USER_AGENT},
    )


def fetch_bytes(
    url: str,
    *,
    max_bytes: int,
    transport: httpx.BaseTransport | None = None,
    deadline: float = DEADLINE,
) -> bytes:
    """GET `url` and return its body, bounded in size and time (URL imports)."""
    with _new_client(transport) as client:
        try:
            answer = _bounded_get(client, url, params=None, max_bytes=max_bytes, seconds=deadline)
        except _Deadline:
            raise NetworkError(f"{url}: took longer than {deadline:g} s, gave up") from None
        except Exception as exc:
            raise NetworkError(_describe(exc, url, max_bytes)[0]) from None
    if answer.status >= 400:
        raise NetworkError(f"{url}: HTTP {answer.status} {answer.reason}")
    return answer.body


# -- the API client ----------------------------------------------------------------------------

class ArxivClient:
    """The arXiv export API over one connection: batched, spaced, retried, cached, bounded."""

    def __init__(
        self,
        api: str,
        *,
        transport: httpx.BaseTransport | None = None,
        limiter: RateLimiter | None = None,
        cache: AnswerCache | None = None,
        deadline: float = DEADLINE,
        max_retries: int = MAX_RETRIES,
        batch_size: int = BATCH_SIZE,
        max_bytes: int = MAX_API_BYTES,
    ) -> None:
        self.api = api
        self.host = urlsplit(api).netloc or api
        self.transport = transport
        self.limiter = limiter or RateLimiter(MIN_INTERVAL)
        self.cache = cache
        self.deadline = deadline
        self.max_retries = max_retries
        self.batch_size = max(1, min(batch_size, BATCH_SIZE))
        self.max_bytes = max_bytes
        #: Requests actually sent (cache hits are not requests).
        self.requests = 0
        self._client: httpx.Client | None = None

    def __enter__(self) -> ArxivClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._client is not None:
            client, self._client = self._client, None
            with contextlib.suppress(Exception):  # it may be a connection a watchdog abandoned
                client.close()

    def _fail(self, message: str, kind: str) -> ArxivUnavailable:
        return ArxivUnavailable(f"arXiv API unavailable: {message}", kind)

    def query(self, params: Mapping[str, str]) -> Feed:
        """One API call: spaced, retried on 429/5xx (Retry-After) and garbage, within the deadline."""
        give_up_at = time.monotonic() + self.deadline
        attempt = 0
        while True:
            self.limiter.wait()
            remaining = give_up_at - time.monotonic()
            if remaining <= 0:
                raise self._fail(f"no answer from {self.host} within {self.deadline:g} s", "timeout")
            if self._client is None:
                self._client = _new_client(self.transport)
            self.requests += 1
            try:
                answer = _bounded_get(self._client, self.api, params=params,
                                      max_bytes=self.max_bytes, seconds=remaining)
                self.limiter.mark()
            except _Deadline:
                self.close()  # the abandoned worker may still hold the connection
                raise self._fail(f"no complete answer from {self.host} within {self.deadline:g} s",
                                 "timeout") from None
            except Exception as exc:
                raise self._fail(*_describe(exc, self.host, self.max_bytes)) from None
            verdict = judge(answer, self.host, attempt=attempt, interval=self.limiter.interval)
            if verdict.final:
                raise self._fail(verdict.problem, verdict.kind)
            feed = verdict.feed
            if feed is not None and (not feed.truncated or attempt >= self.max_retries
                                     or verdict.wait > give_up_at - time.monotonic()):
                return feed  # a truncated feed still holds its complete entries
            if attempt >= self.max_retries:
                raise self._fail(f"{verdict.problem}, still after {attempt} retries", verdict.kind)
            if verdict.wait > give_up_at - time.monotonic():
                raise self._fail(f"{verdict.problem}; {verdict.give_up_reason()}: try again later",
                                 verdict.kind)
            self.limiter.sleep(verdict.wait)
            attempt += 1

    def fetch_ids(self, ids: Iterable[ArxivId | str]) -> FetchResult:
        """Metadata for papers by id (canonical, no version): cache first, then ≤100 per request.

        Never raises for a network problem: after a transient failure the ids not yet
        fetched are listed in `failed` and no further request is made.
        """
        return fetch_ids(self.query, ids, cache=self.cache, batch_size=self.batch_size)

    def search(self, query: str, *, max_results: int = 10) -> list[ArxivEntry]:
        """Entries matching an API `search_query`, best first (relevance). Cached for a day."""
        if self.cache:
            cached = self.cache.search(query)
            if cached is not None:
                return cached
        feed = self.query({"search_query": query, "start": "0", "max_results": str(max_results),
                           "sortBy": "relevance"})
        if feed.errors:
            raise NetworkError(f"arXiv API refused the search: {feed.errors[0].message}")
        if self.cache:
            self.cache.put_search(query, feed.entries)
        return list(feed.entries)

    def search_title(self, title: str, *, max_results: int = 10) -> list[ArxivEntry]:
        """Papers whose title contains `title` as a phrase (punctuation ignored)."""
        words = normalize_title(title)
        return self.search(f'ti:"{words}"', max_results=max_results) if words else []

    def search_title_words(self, title: str, *, max_results: int = 10) -> list[ArxivEntry]:
        """Papers whose title shares words with `title`, most relevant first (for candidates)."""
        words = [w for w in normalize_title(title).split() if len(w) > 2][:12]
        return self.search(" OR ".join(f"ti:{w}" for w in words), max_results=max_results) if words else []


def api_cache_dir(cache_root: Path, api: str) -> Path:
    """The cache folder of one API endpoint (answers of a test server never leak into another)."""
    return cache_root / "arxiv" / hashlib.sha1(api.encode("utf-8")).hexdigest()[:12]
