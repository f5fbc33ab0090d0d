"""The service layer: the one API the CLI and the TUI call.

`ImportReport` is loaded on first use (it pulls in the import machinery, which commands
that only read or triage never need).
"""

from typing import Any

from readlist.service.import_ops import ImportOutcome
from readlist.service.library import Library
from readlist.service.summaries import DigestSummary, Stats
from readlist.service.triage import Change

__all__ = ["Change", "DigestSummary", "ImportOutcome", "ImportReport", "Library", "Stats"]


def __getattr__(name: str) -> Any:
    if name == "ImportReport":
        from readlist.service.import_report import ImportReport

        return ImportReport
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
