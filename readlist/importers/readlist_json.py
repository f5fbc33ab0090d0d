"""readlist's own JSON backup (`readlist export json`), restored as a whole.

The importer only reads and validates the file; `readlist.service.backup.restore_backup`
restores it (exactly into an empty library, merging into a non-empty one). The format is
documented in readlist.export.json_backup.
"""

from __future__ import annotations

import re
from typing import ClassVar

from readlist.export.json_backup import BACKUP_FORMAT, BackupError, load_backup
from readlist.importers.base import DigestDraft, Importer, ParseError

# The exporter writes "format" first; a re-indented or key-sorted copy is still accepted.
_HEAD = re.compile(r'\A\ufeff?\s*\{\s*"format"\s*:\s*"' + re.escape(BACKUP_FORMAT) + '"')


class ReadlistJsonImporter(Importer):
    """A complete library backup written by `readlist export json`."""

    name: ClassVar[str] = "readlist-json"
    description: ClassVar[str] = "readlist's own JSON backup (readlist export json)"

    def sniff(self, text: str) -> bool:
        if _HEAD.match(text[:256]):
            return True
        head = text.lstrip("\ufeff \t\r\n")
        return head.startswith("{") and f'"{BACKUP_FORMAT}"' in text

    def parse(self, text: str) -> DigestDraft:
        try:
            payload = load_backup(text)
        except BackupError as exc:
            raise ParseError(exc.message) from None
        return DigestDraft(family="readlist-json", papers=[], title="readlist backup",
                           backup=payload)
