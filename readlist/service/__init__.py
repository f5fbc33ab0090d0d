"""The service layer: the one API the CLI and the TUI call."""

from readlist.service.importing import ImportReport
from readlist.service.library import Change, DigestSummary, ImportOutcome, Library, Stats

__all__ = ["Change", "DigestSummary", "ImportOutcome", "ImportReport", "Library", "Stats"]
