"""TriageBar: the Inbox's progress counter and the keys that act and move on."""

from __future__ import annotations

from collections.abc import Callable

from rich.cells import cell_len
from textual.content import Content
from textual.widget import Widget

from readlist.tui import keys

BAR_WIDTH = 16
#: The bar's width when the line is short (below this many cells).
NARROW = 70
SEPARATOR = " · "

#: A key hint: (text, importance: when space is short the lowest numbers are kept).
Hint = tuple[str, int]

#: The triage keys the bar reminds of: binding ids, label, importance. Skip and later come
#: first: the footer shows the others.
TRIAGE_HINTS: tuple[tuple[tuple[str, ...], str, int], ...] = (
    (("rate_1", "rate_2", "rate_3", "rate_4"), "rate", 2),
    (("cycle_priority",), "priority", 4),
    (("toggle_read",), "read", 3),
    (("skip",), "skip", 0),
    (("next_untriaged",), "later", 1),
    (("undo",), "undo", 5),
)


def triage_hints(keymap: keys.Keymap, display: Callable[[str], str]) -> list[Hint]:
    """The hints with the keys as remapped ("1-4 rate", "x skip"); `display` formats a key.

    A binding left without keys is not offered."""
    by_id = {k.id: k for k in keys.ALL_KEYS}
    hints: list[Hint] = []
    for ids, label, rank in TRIAGE_HINTS:
        first = [found[0] for found in (keymap.keys_of(by_id[i]) for i in ids) if found]
        if not first:
            continue
        shown = "1-4" if first == ["1", "2", "3", "4"] else "/".join(display(k) for k in first)
        hints.append((f"{shown} {label}", rank))
    return hints


class TriageBar(Widget):
    """"Triage ████░░░ 37 / 205 triaged · 168 left" plus a reminder of the keys.

    Drawn for its width: on a narrow terminal the bar shrinks and the least important key
    hints are left out rather than cut in the middle.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.done = 0
        self.total = 0
        self.hints: list[Hint] = []

    def show_progress(self, done: int, total: int, hints: list[Hint]) -> None:
        """Redraw the counter: `done` of `total` papers of the queue are triaged."""
        if (done, total, hints) != (self.done, self.total, self.hints):
            self.done, self.total, self.hints = done, total, hints
            self.refresh()  # one line of a fixed size: no layout needed

    def render(self) -> Content:
        width = self.content_size.width
        done, total = self.done, self.total
        bar = BAR_WIDTH if width >= NARROW else BAR_WIDTH // 2
        filled = round(bar * done / total) if total else 0
        if total:
            status = f" {done:,} / {total:,} triaged · {max(0, total - done):,} left"
        else:
            status = " nothing to triage"
        used = cell_len("Triage ") + bar + cell_len(status)
        return Content.assemble(
            ("Triage ", "bold"),
            ("█" * filled, "$success"),
            ("░" * (bar - filled), "$foreground-darken-3"),
            (status, "bold"),
            (self._hint_text(width - used) if total else "", "$foreground-muted"),
        )

    def _hint_text(self, room: int) -> str:
        """The most important hints that fit in `room` cells, in their own order."""
        kept: set[int] = set()
        for index in sorted(range(len(self.hints)), key=lambda i: self.hints[i][1]):
            trial = kept | {index}
            line = SEPARATOR + SEPARATOR.join(self.hints[i][0] for i in sorted(trial))
            if cell_len(line) <= room:
                kept = trial
        if not kept:
            return ""
        return SEPARATOR + SEPARATOR.join(self.hints[i][0] for i in sorted(kept))
