"""`resolve`: papers known only by title or OpenReview id, matched to arXiv by title search.

Only a certain match is attached (see `title_match`); the rest are listed with their best
candidate and its score, and the user accepts one with `resolve TARGET --accept ARXIV_ID`.
When the arXiv paper is already in the library, the two papers merge (`merging`).
Each attachment is its own short transaction, so Ctrl-C loses nothing already done.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from readlist.arxiv import ArxivClient, ArxivUnavailable
from readlist.atom import ArxivEntry
from readlist.errors import NetworkError, NotFoundError, UsageError
from readlist.ids import parse_arxiv_id
from readlist.service.arxiv_entries import apply_entry
from readlist.service.arxiv_ops import Progress
from readlist.service.library import Library
from readlist.service.merging import merge_papers
from readlist.service.records import now_iso
from readlist.service.title_match import Decision, decide, review_subject, title_score
from readlist.store import Transaction

Doc = dict[str, Any]


@dataclass(frozen=True)
class Match:
    """A paper that gained an arXiv id (`merged`: it joined a paper already in the library)."""

    pid: int
    old_key: str
    key: str
    title: str
    arxiv_id: str
    score: float
    merged: bool


@dataclass(frozen=True)
class Unresolved:
    """A paper left as it was, why, and the closest arXiv paper found (if any)."""

    pid: int
    key: str
    title: str
    reason: str
    best_id: str | None = None
    best_title: str | None = None
    best_score: float | None = None


@dataclass
class ResolveReport:
    todo: int = 0
    resolved: list[Match] = field(default_factory=list)
    unresolved: list[Unresolved] = field(default_factory=list)
    outage: str | None = None
    remaining: int = 0
    interrupted: bool = False
    dry_run: bool = False
    requests: int = 0


def papers_to_resolve(library: Library, query: str = "") -> list[int]:
    """Matching papers without an arXiv id that have a title to search for."""
    catalog = library.store.papers()
    return [p for p in library.query_pids(query)
            if not catalog[str(p)].get("arxiv_id") and catalog[str(p)].get("title", "").strip()]


def attach(tx: Transaction, pid: int, entry: ArxivEntry) -> tuple[int, bool]:
    """Give paper `pid` the arXiv entry's id and metadata, merging into the library's own
    copy of that arXiv paper if there is one. Returns (remaining pid, merged)."""
    now = now_iso()
    other = tx.keys().get(entry.arxiv.id)
    if other is not None and other != pid and tx.paper(other) is not None:
        kept = merge_papers(tx, other, pid)
        apply_entry(tx, None, entry, now, pid=kept)
        return kept, True
    apply_entry(tx, None, entry, now, pid=pid)
    return pid, False


def _candidates(client: ArxivClient, doc: Doc) -> Decision:
    """The decision for the paper's title as written, else for the title inside a review
    post's label ("[Paper Review] X" reviews X; "X: A Review" is itself a title, tried first)."""
    decision: Decision | None = None
    for title in dict.fromkeys([doc["title"], review_subject(doc["title"])]):
        found = _decide_title(client, title, doc)
        if found.accepted is not None:
            return found
        if decision is None or (found.best and (decision.best is None
                                                or found.best.score > decision.best.score)):
            decision = found
    assert decision is not None
    return decision


def _decide_title(client: ArxivClient, title: str, doc: Doc) -> Decision:
    entries = client.search_title(title)
    decision = decide(title, entries, first_author=doc.get("first_author"), doi=doc.get("doi"))
    if decision.best is None or decision.best.score < 1.0:
        # A phrase search misses typos and punctuation quirks: ask by words for candidates.
        entries = entries + client.search_title_words(title)
        decision = decide(title, entries, first_author=doc.get("first_author"), doi=doc.get("doi"))
    return decision


def resolve_titles(library: Library, query: str = "", *, client: ArxivClient,
                   progress: Progress | None = None, dry_run: bool = False) -> ResolveReport:
    """Search arXiv for each matching paper's title; attach the certain matches."""
    pids = papers_to_resolve(library, query)
    report = ResolveReport(todo=len(pids), remaining=len(pids), dry_run=dry_run)
    start = client.requests
    if progress:
        progress(0, len(pids))
    try:
        for done, pid in enumerate(pids, 1):
            doc = library.store.paper(pid)
            if doc is not None and not doc.get("arxiv_id"):
                try:
                    decision = _candidates(client, doc)
                except ArxivUnavailable as exc:
                    report.outage = exc.message
                    break
                except NetworkError as exc:
                    report.unresolved.append(Unresolved(pid, doc["key"], doc["title"], exc.message))
                else:
                    _record(library, report, pid, doc, decision, dry_run)
            report.remaining -= 1
            if progress:
                progress(done, len(pids))
    except KeyboardInterrupt:
        report.interrupted = True
    report.requests = client.requests - start
    return report


def _record(library: Library, report: ResolveReport, pid: int, doc: Doc, decision: Decision,
            dry_run: bool) -> None:
    best = decision.best
    entry = decision.accepted
    if entry is not None:
        try:
            if dry_run:
                kept, merged = pid, library.store.keys().get(entry.arxiv.id) is not None
            else:
                with library.store.transaction() as tx:
                    kept, merged = attach(tx, pid, entry)
        except UsageError as exc:
            report.unresolved.append(Unresolved(pid, doc["key"], doc["title"], exc.message,
                                                entry.arxiv.id, entry.title, 1.0))
            return
        key = entry.arxiv.id if dry_run else (library.store.paper(kept) or {}).get("key", "")
        report.resolved.append(Match(kept, doc["key"], key, doc["title"], entry.arxiv.id, 1.0, merged))
        return
    report.unresolved.append(Unresolved(
        pid, doc["key"], doc["title"], decision.reason,
        best.entry.arxiv.id if best else None, best.entry.title if best else None,
        best.score if best else None,
    ))


def accept_match(library: Library, target: str, arxiv_text: str, *, client: ArxivClient) -> Match:
    """The user's choice: paper TARGET is arXiv paper ARXIV_ID (fetched, then attached)."""
    pid = library.resolve(target)
    arxiv = parse_arxiv_id(arxiv_text)
    if arxiv is None:
        raise UsageError(f"{arxiv_text!r} is not an arXiv id or URL")
    doc = library.store.paper(pid) or {}
    if doc.get("arxiv_id") and doc["arxiv_id"] != arxiv.id:
        raise UsageError(f"{doc['key']} already has arXiv id {doc['arxiv_id']}")
    result = client.fetch_ids([arxiv])
    entry = result.found.get(arxiv.id)
    if entry is None:
        if arxiv.id in result.missing:
            raise NotFoundError(f"{arxiv.id}: no such paper on arXiv")
        if arxiv.id in result.rejected:
            raise UsageError(f"{arxiv.id}: rejected by arXiv: {result.rejected[arxiv.id]}")
        raise result.outage or NetworkError(result.failed.get(arxiv.id, "arXiv gave no answer"))
    with library.store.transaction() as tx:
        kept, merged = attach(tx, pid, entry)
        key = (tx.paper(kept) or {}).get("key", arxiv.id)
    return Match(kept, doc.get("key", ""), key, doc.get("title", ""), arxiv.id,
                 title_score(doc.get("title", ""), entry.title), merged)
