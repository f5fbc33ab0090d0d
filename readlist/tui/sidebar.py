"""Sidebar: saved views, digests with their sections and progress, tags with counts."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import BindingType
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from readlist.models import Legend
from readlist.service import Stats
from readlist.text import safe_line
from readlist.tui import keys
from readlist.tui.backend_records import Overview
from readlist.tui.cells import clip
from readlist.tui.views import View, digest_view, standard_views, tag_view


class Sidebar(Tree[View]):
    """Every way into the library; choosing an entry (enter, click) switches the view."""

    BINDINGS: ClassVar[list[BindingType]] = keys.bindings(keys.SIDEBAR_KEYS)

    class ViewSelected(Message):
        """The user chose a view."""

        def __init__(self, view: View) -> None:
            super().__init__()
            self.view = view

    def __init__(self, legend: Legend, *, id: str | None = None) -> None:
        super().__init__(Text("readlist"), id=id)
        self.legend = legend
        self.show_root = False
        self.auto_expand = False
        self.guide_depth = 2
        self._expanded: set[str] = {"group:Views", "group:Digests", "group:Tags"}
        self.overview: Overview | None = None

    def on_mount(self) -> None:
        self.rebuild()

    def update(self, overview: Overview, current: View | None = None) -> None:
        """Show new counts, keeping what was expanded and where the cursor was."""
        self.overview = overview
        self.rebuild(current)

    def rebuild(self, current: View | None = None) -> None:
        cursor = self.cursor_node.data if self.cursor_node is not None else current
        if self.root.children:
            self._expanded = {_node_key(n) for n in self._walk(self.root) if n.is_expanded}
        self.clear()
        self._views_group()
        self._digests_group()
        self._tags_group()
        if cursor is not None:
            for node in self._walk(self.root):
                if node.data is not None and node.data.key == cursor.key:
                    self.move_cursor(node)
                    break

    def _walk(self, node: TreeNode[View]) -> list[TreeNode[View]]:
        found: list[TreeNode[View]] = []
        for child in node.children:
            found.append(child)
            found.extend(self._walk(child))
        return found

    def _group(self, label: str) -> TreeNode[View]:
        return self.root.add(Text(label, style="bold"), data=None,
                             expand=f"group:{label}" in self._expanded)

    def _label(self, name: str, count: str, width: int = 24) -> Text:
        """`name` and a right-aligned `count` in `width` cells."""
        room = max(4, width - len(count) - 1) if count else width
        text = Text(clip(safe_line(name), room), no_wrap=True)
        if count:
            text.pad_right(max(1, width - text.cell_len - len(count)))
            text.append(count, style="dim")
        return text

    def _views_group(self) -> None:
        views = self._group("Views")
        stats = self.overview.stats if self.overview else None
        for view in standard_views(self.legend):
            count = ""
            if stats is not None:
                count = f"{_view_count(view, stats):,}"
            if view.key == "inbox":
                node = views.add(self._label(view.label, count, 22), data=view,
                                 expand=view.key in self._expanded)
                self._inbox_children(node)
            else:
                views.add_leaf(self._label(view.label, count), data=view)

    def _inbox_children(self, node: TreeNode[View]) -> None:
        if self.overview is None:
            return
        for summary in self.overview.digests:
            left = self.overview.untriaged_by_digest.get(summary.digest.id, 0)
            if left:
                digest = summary.digest
                view = digest_view(digest.id, digest.title or digest.name, triage=True)
                node.add_leaf(self._label(digest.title or digest.name, f"{left:,}", 20), data=view)

    def _digests_group(self) -> None:
        group = self._group("Digests")
        if self.overview is None:
            return
        for summary in self.overview.digests:
            digest = summary.digest
            name = digest.title or digest.name
            view = digest_view(digest.id, name)
            progress = f"{summary.read}/{summary.papers}"
            if digest.sections:
                node = group.add(self._label(name, progress, 22), data=view,
                                 expand=view.key in self._expanded)
                for section in digest.sections:
                    node.add_leaf(self._label(section, "", 20),
                                  data=digest_view(digest.id, name, section))
            else:
                group.add_leaf(self._label(name, progress), data=view)

    def _tags_group(self) -> None:
        group = self._group("Tags")
        if self.overview is None:
            return
        if not self.overview.tags:
            group.add_leaf(Text("no tags yet (t)", style="dim"), data=None)
        for tag, count in self.overview.tags.items():
            group.add_leaf(self._label("#" + tag, f"{count:,}"), data=tag_view(tag))

    def on_tree_node_selected(self, event: Tree.NodeSelected[View]) -> None:
        event.stop()
        if event.node.data is not None:
            self.post_message(self.ViewSelected(event.node.data))
        else:
            event.node.toggle()


def _node_key(node: TreeNode[View]) -> str:
    return node.data.key if node.data is not None else f"group:{node.label}"


def _view_count(view: View, stats: Stats) -> int:
    """A view's size from the library stats (no extra pass over the papers)."""
    key = view.key
    if key == "inbox":
        return stats.papers - stats.triaged
    if key == "all":
        return stats.papers
    if key in ("unread", "reading", "read"):
        return stats.by_state.get(key, 0)
    if key == "to-read":
        return stats.papers - stats.by_priority.get("none", 0)
    if key.startswith("rating:"):
        return stats.by_rating.get(key.split(":", 1)[1], 0)
    return 0
