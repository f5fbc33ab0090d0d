"""PaneFocus: the main screen's keys that move the focus (panes, filter, sidebar) or leave.

Also decides which bindings the footer offers and when `/` is text rather than a key.
"""

from __future__ import annotations

from textual.binding import ActiveBinding
from textual.widget import Widget
from textual.widgets import Input

from readlist.tui import keys
from readlist.tui.main_screen_base import MainScreenBase
from readlist.tui.views import INBOX


class PaneFocus(MainScreenBase):
    """Base of PaperActions: the `action_*` methods that move between panes and views."""

    # -- focus ----------------------------------------------------------------------------

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        # Bindings whose keys all went to remaps are bound to a key no terminal sends:
        # the footer must not offer them.
        return {k: v for k, v in super().active_bindings.items() if k != keys.UNBOUND}

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "filter" and isinstance(self.focused, Input):
            # `/` is a priority binding (keys.py) and Textual does not see that an input
            # takes a typed slash: in the filter itself, it is text.
            return False
        return super().check_action(action, parameters)

    def action_filter(self) -> None:
        # At once (Widget.focus waits for the message queue): the keys right after `/`
        # are sent to whatever has the focus when the app reads them (see keys.py).
        self.set_focus(self.filter_bar.input)

    def action_focus_detail(self) -> None:
        self.detail.focus()

    def _panes(self) -> list[Widget]:
        panes: list[Widget] = [self.papers, self.detail]
        if not self.has_class("-narrow") or self.has_class("-show-sidebar"):
            panes.insert(0, self.sidebar)
        return panes

    def _cycle(self, step: int) -> None:
        panes = self._panes()
        focused = self.focused
        index = panes.index(focused) if focused in panes else 0
        target = panes[(index + step) % len(panes)]
        if target is not self.sidebar:
            self.remove_class("-show-sidebar")
        target.focus()

    def action_next_pane(self) -> None:
        self._cycle(1)

    def action_previous_pane(self) -> None:
        self._cycle(-1)

    def action_views(self) -> None:
        if self.focused is self.sidebar:
            self.focus_list()
            return
        self.add_class("-show-sidebar")
        self.sidebar.focus()

    def action_inbox(self) -> None:
        self.show_view(INBOX)

    def action_back(self) -> None:
        if self.focused is self.papers:
            if self.filter_bar.text:
                self.filter_bar.set_text("")
                self.request(text="")
            return
        self.focus_list()

    def action_quit(self) -> None:
        self.app.exit()
