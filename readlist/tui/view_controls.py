"""ViewControls: what picking a view, typing a filter or choosing a sort does to the list.

Each becomes a request to MainScreen's loader; the list changes when its answer arrives.
"""

from __future__ import annotations

from readlist.tui.filter_bar import FilterBar
from readlist.tui.paper_actions import PaperActions
from readlist.tui.sidebar import Sidebar
from readlist.tui.views import View


class ViewControls(PaperActions):
    """Base of MainScreen: the sidebar's and the filter bar's messages, the sort, focus."""

    def show_view(self, view: View) -> None:
        """Switch to `view` (the filter is cleared); the cursor starts at the top."""
        self.filter_bar.set_text("")
        self.result = None
        self.request(view=view, text="")
        self.papers.focus()

    def on_sidebar_view_selected(self, message: Sidebar.ViewSelected) -> None:
        self.remove_class("-show-sidebar")
        self.show_view(message.view)

    def on_filter_bar_changed(self, message: FilterBar.Changed) -> None:
        self.request(text=message.text)  # at once: superseded answers are dropped

    def on_filter_bar_done(self, message: FilterBar.Done) -> None:
        self.papers.focus()

    def set_sort(self, sort: str, reverse: bool) -> None:
        self.sort, self.reverse = sort, reverse
        self.request()

    def focus_list(self) -> None:
        self.remove_class("-show-sidebar")
        self.papers.focus()
