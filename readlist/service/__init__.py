"""The service layer: the one API the CLI and the TUI call."""

from readlist.service.import_ops import ImportOutcome
from readlist.service.importing import ImportReport
from readlist.service.library import DigestSummary, Library, Stats
from readlist.service.triage import Change

__all__ = ["Change", "DigestSummary", "ImportOutcome", "ImportReport", "Library", "Stats"]
