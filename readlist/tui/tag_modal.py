"""TagModal: add or remove tags of a paper, completing the tags already in the library."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, Static

from readlist.text import safe_line
from readlist.tui import keys
from readlist.tui.cells import clip

TagChange = tuple[list[str], list[str]]


class TagSuggester(Suggester):
    """Completes the word being typed (after any +/-) from the library's tags."""

    def __init__(self, tags: Sequence[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.tags = list(tags)

    async def get_suggestion(self, value: str) -> str | None:
        head, _, word = value.rpartition(" ")
        sign = word[:1] if word[:1] in "+-" else ""
        stem = word[len(sign):].lstrip("#")
        if not stem:
            return None
        for tag in self.tags:
            if tag.casefold().startswith(stem.casefold()) and tag != stem:
                return f"{head} {sign}{tag}".lstrip() if head else f"{sign}{tag}"
        return None


class TagInput(Input):
    """The tags line: tab accepts the suggested completion (when there is one)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "complete", "Complete the tag", show=False),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "complete":
            # Without a suggestion, tab keeps its usual meaning (the next widget).
            return bool(self._suggestion) and self.cursor_at_end
        return super().check_action(action, parameters)

    def action_complete(self) -> None:
        self.action_cursor_right()  # at the end of the line this accepts the suggestion


def parse_tag_input(text: str, current: Sequence[str]) -> TagChange:
    """`x` toggles tag x, `+x` adds it, `-x` removes it; returns (to add, to remove)."""
    add: list[str] = []
    remove: list[str] = []
    for word in text.split():
        sign = word[:1] if word[:1] in "+-" else ""
        tag = word[len(sign):].lstrip("#")
        if not tag:
            continue
        if sign == "-" or (not sign and tag in current):
            if tag not in remove:
                remove.append(tag)
        elif tag not in add:
            add.append(tag)
    return [t for t in add if t not in remove], remove


class TagModal(ModalScreen[TagChange | None]):
    """`t`: edit the tags of the paper under the cursor."""

    CSS_PATH = "dialog.tcss"
    BINDINGS: ClassVar[list[BindingType]] = keys.bindings(keys.MODAL_KEYS)

    def __init__(self, title: str, current: Sequence[str], known: Sequence[str]) -> None:
        super().__init__()
        self.paper_title = title
        self.current = list(current)
        self.known = list(known)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text("Tags", style="bold"), id="dialog-title")
            yield Static(Text(clip(safe_line(self.paper_title), 70)), classes="dialog-prompt")
            now = " ".join(f"#{t}" for t in self.current) or "no tags yet"
            yield Static(Text(f"Now: {now}"), id="tag-current")
            yield TagInput(placeholder="tag  +tag  -tag   (tab completes)",
                           suggester=TagSuggester(self.known), id="dialog-input")
            yield Static(Text("x toggles x · +x adds · -x removes · enter: save · escape: cancel"),
                         id="dialog-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        add, remove = parse_tag_input(event.value, self.current)
        self.dismiss((add, remove) if add or remove else None)

    def action_close(self) -> None:
        self.dismiss(None)
