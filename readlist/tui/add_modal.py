"""AddModal: add papers by arXiv id or URL (the fetch runs in a worker, with progress)."""

from __future__ import annotations

from readlist.tui.prompt_modal import PromptModal


class AddModal(PromptModal):
    """`a`: one or more arXiv ids or URLs, separated by spaces."""

    TITLE_TEXT = "Add from arXiv"
    PROMPT = "arXiv ids or URLs, separated by spaces:"
    PLACEHOLDER = "2406.02543  or  https://arxiv.org/abs/2406.02543"
    HINT = "enter: fetch from arXiv · escape: cancel"
