"""`enrich`: arXiv metadata filled in for library papers that lack it, batch by batch.

Network work happens outside the library lock; each batch is then written in one short
transaction, so an interrupted run leaves a consistent library and the next run continues
where it stopped. Ids arXiv did not know are remembered (ENRICH_META) and not asked again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from readlist.arxiv import ArxivClient
from readlist.service.arxiv_entries import apply_entry
from readlist.service.arxiv_ops import Progress
from readlist.service.library import Library
from readlist.service.records import now_iso

ENRICH_META = "arxiv-enrich"


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

