"""`add`, `enrich` and `resolve`: library papers completed from the arXiv API.

Network work happens outside the library lock; each batch is then written in one short
transaction, so an interrupted run leaves a consistent library and the next run continues
where it stopped. Identity and merging are importing.py's (`PaperIndex`, `merge_paper`,
`new_key`); the user's state is never overwritten by fetched metadata.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from readlist.arxiv import ArxivClient, api_cache_dir
from readlist.arxiv_cache import AnswerCache, RateLimiter
from readlist.atom import ArxivEntry
from readlist.config import DEFAULT_ARXIV_API
from readlist.errors import UsageError
from readlist.ids import ArxivId, doi_key, normalize_title, parse_arxiv_id, parse_openreview_id
from readlist.importers.base import PaperDraft
from readlist.models import Priority
from readlist.service.identity import PaperIndex, new_key
from readlist.service.library import Library
from readlist.service.paper_docs import merge_paper, new_paper_doc
from readlist.service.records import now_iso, search_text
from readlist.store import Transaction

Doc = dict[str, Any]
Progress = Callable[[int, int], None]

ENRICH_META = "arxiv-enrich"
_ARXIV_FIELDS = ("comment", "journal_ref", "published", "updated", "primary_category")


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


# -- writing entries ---------------------------------------------------------------------------

def entry_draft(entry: ArxivEntry) -> PaperDraft:
    """An API entry in the shape importing.merge_paper folds into a paper."""
    return PaperDraft(
        title=entry.title,
        arxiv=entry.arxiv,
        doi=entry.doi,
        links={"abstract": entry.abs_url, "pdf": entry.pdf_url},
        authors=list(entry.authors),
        abstract=entry.abstract,
        date=(entry.published or "")[:10] or None,
        categories=list(entry.categories),
    )


def apply_entry(
    tx: Transaction, index: PaperIndex | None, entry: ArxivEntry, now: str, pid: int | None = None
) -> tuple[int, str]:
    """Add `entry` as a paper or merge it into paper `pid` (else the one `index` finds).

    Returns (pid, "new" | "merged" | "unchanged"). The user's state is not touched.
    """
    draft = entry_draft(entry)
    if pid is None and index is not None:
        pid = index.find(draft, normalize_title(draft.title))
    if draft.doi and tx.keys().get(doi_key(draft.doi)) not in (None, pid):
        # Another paper holds this DOI: never steal its key; `resolve` can merge the two.
        draft.doi = None
    status = "merged"
    if pid is None or tx.paper(pid) is None:
        pid = tx.new_pid()
        doc, details, status = new_paper_doc(entry.title, now), {}, "new"
        doc["key"] = new_key(tx, draft, pid)
    else:
        old = tx.paper(pid) or {}
        doc = {**old, "links": dict(old.get("links") or {})}
        details = dict(tx.details(pid) or {})
    changed = merge_paper(doc, details, draft)
    for name in _ARXIV_FIELDS:
        value = getattr(entry, name)
        if value and details.get(name) != value:
            details[name] = value
            changed = True
    if doc.get("pending"):
        doc["pending"] = False
        changed = True
    if status == "new" or changed:
        tx.put_paper(pid, doc)
        tx.put_details(pid, details, search_text(doc, details))
        return pid, status
    return pid, "unchanged"


def record_pending(tx: Transaction, arxiv: ArxivId, now: str) -> int:
    """Keep a paper arXiv could not be asked about: key = its id, `pending` until enriched."""
    pid = tx.keys().get(arxiv.id)
    if pid is not None:
        doc = tx.paper(pid) or {}
        if not doc.get("pending") and not (tx.details(pid) or {}).get("published"):
            tx.put_paper(pid, {**doc, "pending": True})
        return pid
    draft = PaperDraft(title="", arxiv=arxiv,
                       links={"abstract": f"https://arxiv.org/abs/{arxiv.id}",
                              "pdf": f"https://arxiv.org/pdf/{arxiv.id}"})
    pid = tx.new_pid()
    doc = new_paper_doc("", now)
    doc["key"] = new_key(tx, draft, pid)
    doc["pending"] = True
    details: Doc = {}
    merge_paper(doc, details, draft)
    tx.put_paper(pid, doc)
    tx.put_details(pid, details, search_text(doc, details))
    return pid


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


# -- enrich ------------------------------------------------------------------------------------

@dataclass
class EnrichReport:
    """What `readlist enrich` did; `remaining` papers still lack metadata (run it again)."""

    todo: int = 0
    enriched: int = 0
    unchanged: int = 0
    missing: list[str] = field(default_factory=list)
    rejected: dict[str, str] = field(default_factory=dict)
    #: Ids arXiv did not know in an earlier run, not asked again (use retry_missing).
    skipped_missing: int = 0
    outage: str | None = None
    remaining: int = 0
    interrupted: bool = False
    requests: int = 0
    cached: int = 0


def papers_to_enrich(library: Library, query: str = "") -> list[str]:
    """arXiv ids of matching papers that lack the API's metadata (pending, or never fetched)."""
    catalog = library.store.papers()
    pids = [p for p in library.query_pids(query) if catalog[str(p)].get("arxiv_id")]
    details = library.store.details(pids)
    ids = [catalog[str(p)]["arxiv_id"] for p in pids
           if catalog[str(p)].get("pending") or not details.get(p, {}).get("published")]
    return list(dict.fromkeys(ids))


def enrich(library: Library, query: str = "", *, client: ArxivClient,
           progress: Progress | None = None, retry_missing: bool = False) -> EnrichReport:
    """Fill in arXiv metadata for matching papers, one committed batch at a time.

    Resumable: papers that have the metadata are never asked for again, so a run that was
    interrupted (Ctrl-C, network down) continues where it stopped.
    """
    report = EnrichReport()
    library.refresh()
    known_missing = dict((library.store.meta_doc(ENRICH_META) or {}).get("missing") or {})
    todo = papers_to_enrich(library, query)
    if not retry_missing:
        report.skipped_missing = sum(1 for i in todo if i in known_missing)
        todo = [i for i in todo if i not in known_missing]
    report.todo = report.remaining = len(todo)
    if progress:
        progress(0, len(todo))
    start = client.requests
    try:
        for i in range(0, len(todo), client.batch_size):
            batch = todo[i : i + client.batch_size]
            result = client.fetch_ids(batch)
            report.cached += result.cached
            with library.store.transaction() as tx:
                now = now_iso()
                keys = tx.keys()
                for ident, entry in result.found.items():
                    pid = keys.get(ident)
                    if pid is None:
                        continue  # removed meanwhile
                    _, status = apply_entry(tx, None, entry, now, pid=pid)
                    report.enriched += status != "unchanged"
                    report.unchanged += status == "unchanged"
                for ident in result.missing:
                    known_missing[ident] = now
                for ident in result.found:
                    known_missing.pop(ident, None)
                tx.put_meta(ENRICH_META, {"missing": known_missing, "last_run": now,
                                          "remaining": report.remaining - len(batch) + len(result.failed)})
            report.missing.extend(result.missing)
            report.rejected.update(result.rejected)
            report.remaining -= len(batch) - len(result.failed)
            if progress:
                progress(report.todo - report.remaining, report.todo)
            if result.outage is not None:
                report.outage = result.outage.message
                break
    except KeyboardInterrupt:
        report.interrupted = True
    report.requests = client.requests - start
    return report

