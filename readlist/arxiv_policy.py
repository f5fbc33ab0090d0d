"""How the arXiv client judges one answer: usable, worth retrying (and after how long), or not.

No I/O and no httpx: `readlist.arxiv` makes the request, hands the `Answer` to `judge`, and
acts on the `Verdict` (return the feed, sleep `wait` and retry, or give up). `ArxivUnavailable`
is the transient failure a caller may wait out.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

from readlist.atom import AtomError, Feed, parse_feed
from readlist.errors import NetworkError

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class ArxivUnavailable(NetworkError):
    """arXiv could not be asked or gave no usable answer; trying again later may work.

    `kind` is one of "offline", "timeout", "throttled", "http", "bad-answer".
    """

    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass
class Answer:
    """A complete HTTP answer, read within the size and time bounds."""

    status: int
    reason: str
    headers: Mapping[str, str]
    body: bytes


@dataclass(frozen=True)
class Verdict:
    """What to do with one answer.

    `feed` is set when the answer parsed (a truncated feed still holds its complete entries);
    `problem`/`kind` say what is wrong when it is not fully usable, `wait` how long to wait
    before asking again, `asked` what the server's Retry-After asked for. `final` marks an
    error that no retry will fix.
    """

    feed: Feed | None = None
    problem: str = ""
    kind: str = ""
    wait: float = 0.0
    asked: float | None = None
    final: bool = False

    def give_up_reason(self) -> str:
        """Why a retry does not fit in the time left."""
        return f"it asks to wait {self.asked:g} s" if self.asked is not None else "no time left to retry"


def retry_after(value: str | None, now: Callable[[], float] = time.time) -> float | None:
    """Seconds a Retry-After header asks for (delta-seconds or an HTTP date), else None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - now())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def judge(answer: Answer, host: str, *, attempt: int, interval: float) -> Verdict:
    """The verdict on `answer`, the reply to retry number `attempt` (0 for the first request).

    Waits back off exponentially from `interval`; a 429/5xx with Retry-After waits what the
    server asks (never less than `interval`).
    """
    wait = interval * 2**attempt
    if answer.status in RETRY_STATUSES:
        asked = retry_after(answer.headers.get("retry-after"))
        if asked is not None:
            wait = max(interval, asked)
        throttled = answer.status in (429, 503)
        busy = "is throttling requests" if throttled else "is failing"
        return Verdict(problem=f"{host} {busy} (HTTP {answer.status})",
                       kind="throttled" if throttled else "http", wait=wait, asked=asked)
    if answer.status >= 400:
        return Verdict(problem=f"{host} answered HTTP {answer.status} {answer.reason}", kind="http",
                       final=True)
    try:
        feed = parse_feed(answer.body)
    except AtomError as exc:
        return Verdict(problem=f"{host} sent {exc}", kind="bad-answer", wait=wait)
    if feed.truncated:
        return Verdict(feed=feed, problem="truncated feed", kind="bad-answer", wait=wait)
    return Verdict(feed=feed, wait=wait)
