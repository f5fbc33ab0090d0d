"""The plain types an import passes around: a parsed source and the report of its import.

Kept apart from the import machinery so callers that only name these types (the CLI's
views, source reading) need not load identity matching or merging.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from readlist.importers.base import DigestDraft, Skipped

Doc = dict[str, Any]


@dataclass
class ParsedSource:
    """A source read and parsed outside the lock, ready to be applied."""

    source: str
    name: str
    text_hash: str
    draft: DigestDraft


def content_hash(text: str) -> str:
    """The hex SHA-256 of `text`: how an import recognises a digest it has already seen."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class ImportReport:
    """What one digest import found and did."""

    source: str
    family: str
    name: str = ""
    title: str | None = None
    found: int = 0
    new: int = 0
    merged: int = 0
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    digest_id: int | None = None
    dry_run: bool = False
    already_imported: bool = False
    error: str | None = None

    def as_json(self) -> Doc:
        return {
            "source": self.source,
            "family": self.family,
            "digest": self.name,
            "title": self.title,
            "found": self.found,
            "new": self.new,
            "merged": self.merged,
            "unchanged": self.unchanged,
            "skipped": [
                {"reason": s.reason, "line": s.line, "text": s.text} for s in self.skipped
            ],
            "warnings": self.warnings,
            "dry_run": self.dry_run,
            "error": self.error,
        }
