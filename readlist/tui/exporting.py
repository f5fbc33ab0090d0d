"""Exporting exactly the papers the list shows (the TUI's `e`).

The service's exports take a query; the TUI must export the papers on screen, which a
query re-run later does not give back (papers triaged since the list was loaded stay on
screen until the next reload, but no longer match `is:untriaged`). `export_ops.snapshot`
has no way to take paper ids yet, so `papers_snapshot` reads the same records it would
(the change asked of the service: an optional `pids` argument there and in
`export_ops.export_markdown`, after which this module reduces to that call).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from readlist.errors import ReadlistError
from readlist.export import markdown
from readlist.export.snapshot import PaperRecord, Snapshot
from readlist.service import Library, export_ops
from readlist.service.records import to_paper


def papers_snapshot(library: Library, pids: Iterable[int]) -> Snapshot:
    """The export records of these papers (those still in the library), in id order."""
    wanted = sorted(set(pids))
    store = library.store
    rows = store.rows(wanted)
    details = store.details(wanted)
    digests = {int(k): v for k, v in store.digests().items()}
    records = []
    for pid in wanted:
        doc = rows.get(pid)
        if doc is None:
            continue  # removed by another process since the list was loaded
        state = store.state(pid)
        found = details.get(pid, {})
        records.append(PaperRecord(pid, doc, found, state, to_paper(pid, doc, state, found, digests)))
    return Snapshot(tuple(records), digests, complete=False)


def export_papers(library: Library, pids: Iterable[int], target: Path, *,
                  force: bool = False) -> int:
    """Write the Markdown export of these papers to `target`; how many were written.

    Nothing is written when none of them is left (ReadlistError), nor over an existing
    file without `force` (UsageError)."""
    snapshot = papers_snapshot(library, pids)
    if not snapshot.papers:
        raise ReadlistError("none of these papers is in the library any more; nothing written")
    export_ops.write_export(target, markdown.export_markdown(snapshot, legend=library.legend),
                            force=force)
    return len(snapshot.papers)
