"""Exports as the front ends call them: a Library and a query in, text (or a file) out.

Only the exported papers' records are read (their shards, their state and the digest
records); the pure renderers live in readlist.export. An empty query exports the whole
library, and the JSON backup then holds every digest too.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from readlist.errors import ReadlistError, UsageError
from readlist.export import bibtex, csl, json_backup, markdown
from readlist.export.grouping import GROUP_BY
from readlist.export.snapshot import PaperRecord, Snapshot
from readlist.service.library import Library
from readlist.service.records import to_paper
from readlist.storage import atomic_write_bytes


def snapshot(library: Library, query: str = "", pids: Iterable[int] | None = None) -> Snapshot:
    """The records of the papers matching `query` (all when empty), in paper-id order.

    With `pids`, exactly those papers (the ones still in the library) instead: a front end
    exporting what it shows, which re-running its query later may not give back.
    """
    wanted = sorted(set(pids) if pids is not None else library.query_pids(query))
    store = library.store
    rows = store.rows(wanted)
    details = store.details(wanted)
    digests = {int(k): v for k, v in store.digests().items()}
    records = []
    for pid in wanted:
        doc = rows.get(pid)
        if doc is None:
            continue  # removed by another process meanwhile
        state = store.state(pid)
        found = details.get(pid, {})
        paper = to_paper(pid, doc, state, found, digests)
        records.append(PaperRecord(pid, doc, found, state, paper))
    return Snapshot(tuple(records), digests, complete=pids is None and not query.strip())


def export_markdown(
    library: Library,
    query: str = "",
    *,
    group_by: str = "section",
    title: str | None = None,
    with_summaries: bool = False,
    front_matter: bool = True,
) -> str:
    """`readlist export markdown` (format: readlist.export.markdown)."""
    if group_by not in GROUP_BY:
        raise UsageError(f"unknown grouping {group_by!r}; use one of: {', '.join(GROUP_BY)}")
    return markdown.export_markdown(
        snapshot(library, query), legend=library.legend, group_by=group_by, title=title,
        with_summaries=with_summaries, front_matter=front_matter,
    )


def write_markdown_of(library: Library, pids: Iterable[int], path: Path, *,
                      force: bool = False) -> int:
    """The Markdown export of exactly these papers (what a front end shows) written to
    `path`; how many were written. Nothing is written when none of them is left
    (ReadlistError), nor over an existing file without `force` (UsageError)."""
    papers = snapshot(library, pids=pids)
    if not papers.papers:
        raise ReadlistError("none of these papers is in the library any more; nothing written")
    write_export(path, markdown.export_markdown(papers, legend=library.legend), force=force)
    return len(papers.papers)


def export_json(library: Library, query: str = "") -> str:
    """`readlist export json`: the versioned backup (readlist.export.json_backup)."""
    return json_backup.export_json(snapshot(library, query))


def export_bibtex(library: Library, query: str = "") -> str:
    """`readlist export bibtex` (readlist.export.bibtex)."""
    return bibtex.export_bibtex(snapshot(library, query))


def export_csl(library: Library, query: str = "") -> str:
    """`readlist export csl`: CSL-JSON (readlist.export.csl)."""
    return csl.export_csl(snapshot(library, query))


def write_export(path: Path, text: str, *, force: bool = False) -> None:
    """Write an export atomically; an existing file is only replaced with `force`."""
    if path.is_dir():
        raise UsageError(f"{path} is a directory")
    if path.exists() and not force:
        raise UsageError(f"{path} already exists; use --force to overwrite it")
    if not path.parent.is_dir():
        # A typo in a folder name should not quietly create a new tree of folders.
        raise UsageError(f"cannot write {path}: the folder {path.parent} does not exist")
    try:
        atomic_write_bytes(path, text.encode("utf-8"))
    except OSError as exc:
        raise ReadlistError(f"cannot write {path}: {exc.strerror or exc}") from None
