"""A transient progress display for `readlist import`, on stderr.

It appears only when it helps: as soon as a second source starts, or when the import has
taken longer than a moment. Quick single-file imports never flash a spinner.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from readlist.text import safe_line

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress, TaskID

#: Seconds before a single, slow source gets a spinner.
DELAY = 0.4


class _Display:
    def __init__(self, console: Console) -> None:
        self.console = console
        self.lock = threading.Lock()
        self.progress: Progress | None = None
        self.task: TaskID | None = None
        self.count = 0
        self.current = "reading sources"
        self.closed = False

    def start(self) -> None:
        from rich.progress import Progress, SpinnerColumn, TextColumn

        with self.lock:
            if self.progress is not None or self.closed:
                return
            self.progress = Progress(
                SpinnerColumn(),
                TextColumn("{task.description}", markup=False),
                console=self.console,
                transient=True,
            )
            self.task = self.progress.add_task(self._description())
            self.progress.start()

    def _description(self) -> str:
        done = f"[{self.count}] " if self.count > 1 else ""
        return f"importing {done}{self.current}"

    def tick(self, source: str) -> None:
        self.count += 1
        self.current = safe_line(source)
        if self.count >= 2:
            self.start()
        with self.lock:
            if self.progress is not None and self.task is not None:
                self.progress.update(self.task, description=self._description())

    def stop(self) -> None:
        with self.lock:
            self.closed = True
            if self.progress is not None:
                self.progress.stop()


@contextlib.contextmanager
def import_progress(console: Console, *, enabled: bool = True) -> Iterator[Callable[[str], None]]:
    """Yield the `progress` callback for `Library.import_sources`."""
    if not enabled or not console.is_terminal:
        yield lambda source: None
        return
    display = _Display(console)
    timer = threading.Timer(DELAY, display.start)
    timer.daemon = True
    timer.start()
    try:
        yield display.tick
    finally:
        timer.cancel()
        display.stop()
