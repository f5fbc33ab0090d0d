"""ReadlistCommands: the command palette's readlist entries (views, sort, dialogs, themes)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from readlist.config import SORT_KEYS
from readlist.text import safe_line
from readlist.tui.views import View, digest_view, standard_views, tag_view

Command = tuple[str, str, Callable[[], object]]


def literal(text: str) -> str:
    """Untrusted text for the palette, which reads its entries as Textual markup."""
    return safe_line(text).replace("[", "\\[")


class ReadlistCommands(Provider):
    """Every view, digest and tag; every sort; add, import, export, undo, help."""

    def _commands(self) -> list[Command]:
        from readlist.tui.main_screen import MainScreen

        screen = self.screen
        if not isinstance(screen, MainScreen):
            return []
        commands: list[Command] = []

        def view(v: View) -> Callable[[], None]:
            return partial(screen.show_view, v)

        for v in standard_views(screen.legend):
            commands.append((f"View: {v.label}", "show these papers", view(v)))
        if screen.overview is not None:
            for summary in screen.overview.digests:
                d = summary.digest
                name = literal(d.title or d.name)
                commands.append((f"Digest: {name}", f"{summary.read}/{summary.papers} read",
                                 view(digest_view(d.id, d.title or d.name))))
                left = screen.overview.untriaged_by_digest.get(d.id, 0)
                if left:
                    commands.append((f"Triage: {name}", f"{left} untriaged papers, one by one",
                                     view(digest_view(d.id, d.title or d.name, triage=True))))
            for tag, count in screen.overview.tags.items():
                commands.append((f"Tag: #{literal(tag)}", f"{count} papers", view(tag_view(tag))))
        for key in SORT_KEYS:
            commands.append((f"Sort by {key}", "sort the paper list",
                             partial(screen.set_sort, key, False)))
        commands.append(("Sort: reverse", "reverse the current order",
                         lambda: screen.set_sort(screen.sort, not screen.reverse)))
        for label, help_text, action in (
            ("Add papers from arXiv…", "by arXiv id or URL (a)", screen.action_add),
            ("Import a digest…", "a file, folder or URL (i)", screen.action_import_source),
            ("Export this view to Markdown…", "to a file you name (e)", screen.action_export),
            ("Undo", "take back the last change (u)", screen.action_undo),
            ("Keys", "every key binding (?)", screen.action_help),
            ("Filter", "type a query (/)", screen.action_filter),
        ):
            commands.append((label, help_text, action))
        return commands

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
