"""ExportModal: write the papers of the current view to a Markdown file."""

from __future__ import annotations

from readlist.tui.prompt_modal import PromptModal


class ExportModal(PromptModal):
    """`e`: the same Markdown as `readlist export markdown`, to a file the user names."""

    TITLE_TEXT = "Export to Markdown"
    PROMPT = "File to write:"
    PLACEHOLDER = "readlist-export.md"
    HINT = "enter: write the file · escape: cancel"
