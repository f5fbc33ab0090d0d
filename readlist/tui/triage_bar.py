"""TriageBar: the Inbox's progress counter and the keys that act and move on."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

BAR_WIDTH = 16


class TriageBar(Static):
    """"Triage ████░░░ 37 / 205 triaged · 168 left" plus a reminder of the keys."""

    def show_progress(self, done: int, total: int, keys_hint: str) -> None:
        """Redraw the counter: `done` of `total` papers of the queue are triaged."""
        filled = round(BAR_WIDTH * done / total) if total else BAR_WIDTH
        left = max(0, total - done)
        status = f" {done:,} / {total:,} triaged · {left:,} left " if total else " nothing to triage "
        self.update(Content.assemble(
            ("Triage ", "bold"),
            ("█" * filled, "$success"),
            ("░" * (BAR_WIDTH - filled), "$foreground-darken-3"),
            (status, "bold"),
            (keys_hint, "$foreground-muted"),
        ), layout=False)  # one line of a fixed size: no layout needed
