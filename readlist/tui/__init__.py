"""The full-screen reading queue (Textual), a thin front end over `readlist.service`.

Importing this package is cheap: Textual loads only when `run` or `create_app` is called,
so the CLI can offer the TUI without paying for it on every command.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from readlist.config import Config
    from readlist.service import Library
    from readlist.tui.app import ReadlistApp

__all__ = ["create_app", "run"]

#: Longest wait for edits still being saved when the app closes.
SAVE_TIMEOUT = 30.0


def create_app(library: Library, config: Config | None = None) -> ReadlistApp:
    """The app over `library` (config: the library's own unless given). Used by CLI and tests."""
    from readlist.tui.app import ReadlistApp

    return ReadlistApp(library, config)


def run(library: Library) -> None:
    """Run the TUI until the user quits; every change is saved before this returns."""
    app = create_app(library)
    try:
        app.run()
    finally:
        app.backend.wait_idle(SAVE_TIMEOUT)
