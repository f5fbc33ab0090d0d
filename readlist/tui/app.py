"""ReadlistApp: themes, keymap and the main screen over one Library.

Built by `readlist.tui.create_app` for the CLI and the tests alike.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from typing import ClassVar

from textual.app import App
from textual.binding import BindingType
from textual.theme import Theme

from readlist.config import Config, set_config_value
from readlist.service import Library
from readlist.tui import keys, themes
from readlist.tui.backend import Backend
from readlist.tui.commands import ReadlistCommands
from readlist.tui.main_screen import MainScreen


def has_graphical_browser() -> bool:
    """Whether `webbrowser` would open a window (not a text browser inside our terminal)."""
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


class ReadlistApp(App[None]):
    """The full-screen reading queue."""

    CSS_PATH = "app.tcss"
    TITLE = "readlist"
    BINDINGS: ClassVar[list[BindingType]] = keys.bindings(keys.APP_KEYS)
    COMMANDS = App.COMMANDS | {ReadlistCommands}
    ENABLE_COMMAND_PALETTE = True

    def __init__(self, library: Library, config: Config | None = None) -> None:
        super().__init__()
        self.library = library
        self.config = config or library.config
        self.backend = Backend(library)
        #: How links are opened (tests replace it to record URLs instead).
        self.url_opener: Callable[[str], None] = self._open_in_browser
        loaded = themes.load_all(library.home.themes)
        for theme in loaded.themes:
            self.register_theme(theme)
        self.problems = list(loaded.problems)
        wanted = self.config.theme or themes.DEFAULT_THEME
        if wanted not in self.available_themes:
            self.problems.append(f"theme {wanted!r} not found; using {themes.DEFAULT_THEME}")
            wanted = themes.DEFAULT_THEME
        self.theme = wanted
        self._saved_theme = self.config.theme or themes.DEFAULT_THEME
        self.keymap = keys.check_keymap(self.config.keys)
        self.problems += self.keymap.problems

    def on_mount(self) -> None:
        self.set_keymap(self.keymap.keys)
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self.push_screen(MainScreen(self.backend, self.config, self.keymap))
        if self.problems:
            # Reported once per start, in one notification; the broken parts are skipped.
            self.notify("\n".join(self.problems), title="config", severity="warning",
                        timeout=12, markup=False)

    def _remember_theme(self, theme: Theme) -> None:
        """Persist a theme chosen at runtime in config.toml ([tui] theme)."""
        if theme.name == self._saved_theme:
            return
        self._saved_theme = theme.name
        path = self.library.home.config_file

        def save() -> None:
            set_config_value(path, "tui", "theme", theme.name)

        self.run_worker(save, thread=True, group="config", exit_on_error=False)

    def open_url(self, url: str, *, new_tab: bool = True) -> None:
        self.url_opener(url)

    def _open_in_browser(self, url: str) -> None:
        if not has_graphical_browser():
            # A text browser would take over this terminal: hand the link over instead.
            self.copy_to_clipboard(url)
            self.notify(f"No graphical browser here: copied {url}", timeout=5, markup=False)
            return
        import webbrowser  # lazy: costs a tenth of a second at start-up

        threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()
        self.notify(f"Opening {url}", timeout=3, markup=False)
