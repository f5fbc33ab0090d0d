"""DialogTasks: the backend's long tasks, run for the dialogs (add, import, export).

These may take seconds (network, big files). They run on a Library of their own, like
a CLI command in another terminal would: the UI's library is never locked meanwhile,
and the next poll (or the reload the dialog asks for) picks up what they committed.
They share nothing with the backend's reads and writes but its `Library`'s home and
settings, which is why they sit in a base of `Backend` of their own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from readlist.errors import ReadlistError
from readlist.service import Library


class DialogTasks:
    """Base of `Backend`: the dialogs' tasks, each on a side `Library`."""

    library: Library
    #: Extra arguments for the arXiv client (set in `Backend.__init__`).
    arxiv_options: dict[str, Any]

    def side_library(self) -> Library:
        lib = self.library
        return Library(lib.home, config=lib.config, durable=lib.store.durable)

    def add_arxiv(self, text: str, progress: Callable[[str], None]) -> str:
        """Add papers by arXiv id/URL (space separated); a one-line summary, or ReadlistError."""
        from readlist.service import arxiv_ops

        specs = text.replace(",", " ").split()
        progress(f"Asking arXiv about {len(specs)} paper{'s' if len(specs) != 1 else ''}…")
        library = self.side_library()
        with arxiv_ops.open_client(library, **self.arxiv_options) as client:
            report = arxiv_ops.add_papers(library, specs, client=client)
        if not report.papers:
            reason = report.outage or (report.failed[0][1] if report.failed else "nothing added")
            typed = report.failed[0][0] if report.failed else text
            raise ReadlistError(f"{typed}: {reason}")
        done = ", ".join(f"{p.key} ({p.status})" for p in report.papers[:3])
        more = f" and {len(report.papers) - 3} more" if len(report.papers) > 3 else ""
        failed = f"; not added: {', '.join(f for f, _ in report.failed)}" if report.failed else ""
        outage = f"; arXiv unreachable ({report.outage}), kept as pending" if report.outage else ""
        return f"Added {done}{more}{failed}{outage}"

    def import_source(self, spec: str, progress: Callable[[str], None]) -> str:
        """Import a file, folder or URL; a one-line summary, or ReadlistError."""
        from pathlib import Path

        if not spec.lower().startswith(("http://", "https://")):
            spec = str(Path(spec).expanduser())
        outcome = self.side_library().import_sources(
            [spec], progress=lambda source: progress(f"Reading {source}…"))
        if not outcome.reports:
            raise ReadlistError(outcome.errors[0].message if outcome.errors else "nothing to import")
        parts = []
        for r in outcome.reports:
            label = r.title or r.name or r.source
            skipped = f", {len(r.skipped)} skipped" if r.skipped else ""
            parts.append(f"{label}: {r.new} new, {r.merged} merged, {r.unchanged} unchanged"
                         f"{skipped} ({r.family})")
        errors = f"; {len(outcome.errors)} failed: {outcome.errors[0].message}" if outcome.errors else ""
        return "Imported " + "; ".join(parts) + errors

    def export_markdown(self, pids: list[int], path: str, progress: Callable[[str], None], *,
                        force: bool = False) -> str:
        """Write these papers as `readlist export markdown` would; a summary, or ReadlistError
        (an existing file is only replaced with `force`)."""
        from pathlib import Path

        from readlist.service import export_ops

        target = Path(path).expanduser()
        progress("Writing the Markdown export…")
        count = export_ops.write_markdown_of(self.side_library(), pids, target, force=force)
        return f"Exported {count:,} paper{'s' if count != 1 else ''} to {target}"
