"""`add`, and the arXiv client every arXiv command uses, set up from env and config.

Network work happens outside the library lock; each batch is then written in one short
transaction, so an interrupted run leaves a consistent library and the next run continues
where it stopped. Fetched entries are written by service.arxiv_entries; `enrich` and
`resolve` live in service.arxiv_enrich and service.arxiv_resolve. The user's state is never
overwritten by fetched metadata.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from readlist.arxiv import ArxivClient, api_cache_dir
from readlist.arxiv_cache import AnswerCache, RateLimiter
from readlist.config import DEFAULT_ARXIV_API
from readlist.errors import UsageError
from readlist.ids import ArxivId, parse_arxiv_id, parse_openreview_id
from readlist.models import Priority
from readlist.service.arxiv_entries import apply_entry, record_pending
from readlist.service.identity import PaperIndex
from readlist.service.library import Library
from readlist.service.records import now_iso

Doc = dict[str, Any]
Progress = Callable[[int, int], None]


def arxiv_api(library: Library, environ: dict[str, str] | None = None) -> str:
    """The API endpoint: READLIST_ARXIV_API, else config.toml's [arxiv] api, else arXiv's."""
    env = os.environ if environ is None else environ
    api = (env.get("READLIST_ARXIV_API") or library.config.arxiv_api or DEFAULT_ARXIV_API).strip()
    if not api.lower().startswith(("http://", "https://")):
        raise UsageError(f"arXiv API endpoint {api!r} is not an http(s) URL (READLIST_ARXIV_API "
                         "or [arxiv] api in config.toml)")
    return api


def open_client(library: Library, **overrides: Any) -> ArxivClient:
    """An `ArxivClient` set up from the environment and config.toml, caching in Home.cache.

    `[arxiv] delay` may shorten the 3-second spacing only for endpoints other than arXiv's
    own (test servers, mirrors); `[arxiv] timeout` sets the total deadline per request.
    """
    api = arxiv_api(library)
    delay = library.config.arxiv_delay
    interval = 3.0 if delay is None else max(0.0, delay)
    if (urlsplit(api).hostname or "").endswith("arxiv.org"):
        interval = max(3.0, interval)  # arXiv's terms of use
    timeout = library.config.arxiv_timeout
    cache_dir = api_cache_dir(library.home.cache, api)
    kwargs: dict[str, Any] = {
        "limiter": RateLimiter(interval, stamp=cache_dir / "last-request"),
        "cache": AnswerCache(cache_dir),
    }
    if timeout is not None:
        kwargs["deadline"] = timeout
    kwargs.update(overrides)
    return ArxivClient(api, **kwargs)


# -- add ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class UserOptions:
    """--tag/--rating/--priority/--note of `add`, validated before any network request."""

    tags: tuple[str, ...] = ()
    rating: str | None = None
    priority: str | None = None
    note: str | None = None

    @classmethod
    def checked(cls, library: Library, tags: Sequence[str] = (), rating: str | None = None,
                priority: str | None = None, note: str | None = None) -> UserOptions:
        if tags:
            tags = tuple(library.check_tags(tags))
        emoji = library.rating_emoji(rating) if rating is not None else None
        level = None
        if priority is not None:
            try:
                level = Priority(priority.strip().lower()).value
            except ValueError:
                choices = ", ".join(p.value for p in Priority)
                raise UsageError(f"unknown priority {priority!r}; use one of: {choices}") from None
        return cls(tuple(t.strip().lstrip("#") for t in tags), emoji, level,
                   note.strip() if note and note.strip() else None)

    def apply(self, library: Library, pids: Sequence[int]) -> None:
        if not pids or not (self.tags or self.rating or self.priority or self.note):
            return

        def mutate(doc: Doc) -> None:
            for tag in self.tags:
                if tag not in doc["tags"]:
                    doc["tags"] = [*doc["tags"], tag]
            if self.rating is not None:
                doc["rating"], doc["rating_source"] = self.rating, "user"
            if self.priority is not None:
                doc["priority"] = self.priority
            if self.note and self.note not in (doc.get("notes") or ""):
                old = (doc.get("notes") or "").rstrip()
                doc["notes"] = f"{old}\n\n{self.note}\n" if old else f"{self.note}\n"

        library.update_states(pids, mutate, "add")


@dataclass(frozen=True)
class AddedPaper:
    pid: int
    key: str
    title: str
    #: "new", "merged" (gained metadata), "unchanged" or "pending".
    status: str


@dataclass
class AddReport:
    """What `readlist add` did, per paper, and which ids failed and why."""

    papers: list[AddedPaper] = field(default_factory=list)
    #: (what the user typed, one-line reason) for each id that was not added.
    failed: list[tuple[str, str]] = field(default_factory=list)
    #: Why arXiv could not be asked, when papers were recorded as pending.
    outage: str | None = None
    requests: int = 0
    cached: int = 0

    @property
    def ok(self) -> bool:
        return not self.failed and self.outage is None


def add_papers(library: Library, specs: Sequence[str], *, client: ArxivClient,
               options: UserOptions | None = None) -> AddReport:
    """Add papers by arXiv id or URL, fetching their metadata in batched requests."""
    report = AddReport()
    wanted: dict[str, ArxivId] = {}
    typed: dict[str, str] = {}
    for spec in specs:
        arxiv = parse_arxiv_id(spec)
        if arxiv is None:
            hint = " (an OpenReview link: try `readlist resolve`)" if parse_openreview_id(spec) else ""
            report.failed.append((spec, f"not an arXiv id or URL{hint}"))
            continue
        wanted.setdefault(arxiv.id, arxiv)
        typed.setdefault(arxiv.id, spec)
    if not wanted:
        return report
    requests = client.requests
    result = client.fetch_ids(wanted.values())
    report.requests, report.cached = client.requests - requests, result.cached
    for ident in result.missing:
        report.failed.append((typed[ident], "no such paper on arXiv"))
    for ident, message in result.rejected.items():
        report.failed.append((typed[ident], f"rejected by arXiv: {message}"))
    if result.failed:
        report.outage = result.outage.message if result.outage else next(iter(result.failed.values()))
    with library.store.transaction() as tx:
        index = PaperIndex(tx)
        now = now_iso()
        for ident, arxiv in wanted.items():
            entry = result.found.get(ident)
            if entry is not None:
                pid, status = apply_entry(tx, index, entry, now)
            elif ident in result.failed:
                pid, status = record_pending(tx, arxiv, now), "pending"
            else:
                continue
            doc = tx.paper(pid) or {}
            report.papers.append(AddedPaper(pid, doc.get("key", ident), doc.get("title", ""), status))
    (options or UserOptions()).apply(library, [p.pid for p in report.papers])
    return report

