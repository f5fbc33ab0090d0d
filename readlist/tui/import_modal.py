"""ImportModal: import a digest from a file, a folder or a URL."""

from __future__ import annotations

from readlist.tui.prompt_modal import PromptModal


class ImportModal(PromptModal):
    """`i`: any digest readlist knows (the format is recognised by content)."""

    TITLE_TEXT = "Import a digest"
    PROMPT = "File, folder or http(s) URL:"
    PLACEHOLDER = "~/digests/iclr2024.md  or  https://example.org/feed.xml"
    HINT = "enter: import · escape: cancel"
