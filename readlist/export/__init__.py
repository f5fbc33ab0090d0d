"""Exports: the library (or a query's papers) as Markdown, a JSON backup, BibTeX or CSL-JSON.

Every module here is pure: records in (a `Snapshot`), text out. No I/O, no store, no
clock; the service (readlist.service.export_ops) loads the records and writes files.
Exporting the same records twice gives the same bytes.
"""

from readlist.export.snapshot import PaperRecord, Snapshot

__all__ = ["PaperRecord", "Snapshot"]
