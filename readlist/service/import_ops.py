"""Importing: reading and parsing sources outside the lock, then one transaction.

The importers, the identity/merge code and the source readers load on the first import,
not with the Library: `list`, `mark` and the TUI never pay for them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from readlist.errors import ReadlistError
from readlist.gcpause import gc_paused
from readlist.service.base import LibraryBase
from readlist.service.records import now_iso

if TYPE_CHECKING:
    from readlist.service.import_report import ImportReport, ParsedSource
    from readlist.service.sources import SourceError, SourceText

Doc = dict[str, Any]


@dataclass
class ImportOutcome:
    """Reports of the digests imported, and the sources that could not be read or parsed."""

    reports: list[ImportReport]
    errors: list[SourceError]

    @property
    def ok(self) -> bool:
        return not self.errors


class Importing(LibraryBase):
    """The import half of `Library`."""

    def import_sources(
        self,
        specs: Sequence[str],
        *,
        fmt: str | None = None,
        dry_run: bool = False,
        fetch: Callable[[str], bytes] | None = None,
        progress: Callable[[str], None] | None = None,
    ) -> ImportOutcome:
        """Read, parse and import files, folders, `-` (stdin) and URLs.

        Sound sources are imported in one transaction; each unreadable or unparsable one
        becomes an error in the outcome and changes nothing.
        """
        from readlist.importers import get_importer

        if fmt is not None:
            get_importer(fmt)  # an unknown format fails before anything is read
        parsed: list[ParsedSource] = []
        errors: list[SourceError] = []
        with gc_paused():
            self._parse_all(specs, fmt, fetch, progress, parsed, errors)
        reports = self.apply_parsed(parsed, dry_run=dry_run) if parsed else []
        return ImportOutcome(reports, errors)

    def _parse_all(
        self,
        specs: Sequence[str],
        fmt: str | None,
        fetch: Callable[[str], bytes] | None,
        progress: Callable[[str], None] | None,
        parsed: list[ParsedSource],
        errors: list[SourceError],
    ) -> None:
        from readlist.service.sources import SourceError, expand, parse_source

        for spec in specs:
            for item in expand(spec, fetch):
                if isinstance(item, SourceError):
                    errors.append(item)
                    continue
                if progress is not None:
                    progress(item.source)
                try:
                    parsed.append(parse_source(item, fmt))
                except ReadlistError as exc:
                    errors.append(SourceError(item.source, _with_source(item, exc.message)))

    def import_text(
        self, text: str, *, source: str = "<text>", name: str = "text",
        fmt: str | None = None, dry_run: bool = False,
    ) -> ImportReport:
        """Import one digest given as text (the TUI's paste, tests). Raises on a bad digest."""
        from readlist.service.sources import SourceText, parse_source

        parsed = parse_source(SourceText(source, name, text), fmt)
        return self.apply_parsed([parsed], dry_run=dry_run)[0]

    def apply_parsed(self, parsed: Sequence[ParsedSource], *, dry_run: bool = False) -> list[ImportReport]:
        """Write parsed digests into the library in one transaction (or simulate, dry_run)."""
        from readlist.service.identity import PaperIndex
        from readlist.service.import_report import ImportReport
        from readlist.service.importing import apply_digest

        reports: list[ImportReport] = []
        with gc_paused(), self.store.transaction() as tx:
            index = PaperIndex(tx)
            now = now_iso()
            for item in parsed:
                draft = item.draft
                report = ImportReport(
                    source=item.source, family=draft.family, title=draft.title,
                    skipped=list(draft.skipped), warnings=list(draft.warnings), dry_run=dry_run,
                )
                did, existing = _find_digest(tx, item)
                if existing is not None and existing.get("hash") == item.text_hash:
                    report.already_imported = True
                name = str(existing.get("name", item.name)) if existing else _unique_name(tx, item.name)
                doc: Doc = {
                    "name": name,
                    "source": item.source,
                    "family": draft.family,
                    "title": draft.title,
                    "date": draft.date or date_in_name(item.source),
                    "imported_at": existing.get("imported_at", now) if existing else now,
                    "hash": item.text_hash,
                    "sections": list(draft.sections),
                }
                if draft.backup is not None:
                    from readlist.service.backup import restore_backup

                    report.name = "backup"
                    restore_backup(tx, draft.backup, report, legend=self.legend, now=now)
                    reports.append(report)
                    index = PaperIndex(tx)  # the restore may have added any paper
                    continue
                if did is None:
                    did = tx.new_did()
                report.name = name
                report.digest_id = did
                apply_digest(tx, index, draft, report, did=did, digest_doc=doc,
                             legend=self.legend, now=now)
                reports.append(report)
            if dry_run:
                tx.dirty = False  # pending changes live only in the transaction: drop them
        return reports


def _with_source(item: SourceText, message: str) -> str:
    return message if item.source in message else f"{item.source}: {message}"


_NAME_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")


def date_in_name(source: str) -> str | None:
    """The date a file or URL name carries when the digest itself states none: Jekyll
    posts live in `_posts/2024-05-07-iclr2024-picks.md`, daily digests in `2024-06-05.md`."""
    base = source.rstrip("/").rsplit("/", 1)[-1]
    for match in _NAME_DATE.finditer(base):
        try:
            return date(*(int(part) for part in match.groups())).isoformat()
        except ValueError:
            continue
    return None


def _find_digest(tx: Any, item: ParsedSource) -> tuple[int | None, Doc | None]:
    """The digest this source was imported as before: same content, else same source."""
    by_source = None
    for did, doc in tx.iter_digests():
        if doc.get("hash") == item.text_hash:
            return did, doc
        if by_source is None and doc.get("source") == item.source and not item.source.startswith("<"):
            by_source = (did, doc)
    return by_source if by_source is not None else (None, None)


def _unique_name(tx: Any, name: str) -> str:
    taken = {doc.get("name") for _, doc in tx.iter_digests()}
    candidate, n = name, 1
    while candidate in taken:
        n += 1
        candidate = f"{name}-{n}"
    return candidate
