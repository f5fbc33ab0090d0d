"""A sample library for newcomers: `readlist demo` opens the TUI on it.

Five small digests written for readlist, one of each family it imports (an annotated
conference post, a daily arXiv list, an RSS feed of reviews, LLM-written paper notes, a
HuggingFace daily digest), are imported into a fresh temporary READLIST_HOME, and a few
papers get a state, a tag or a note, so every part of the TUI has something to show. The
user's own library is never opened.
"""

from __future__ import annotations

import tempfile
from importlib import resources
from pathlib import Path

from readlist.models import Priority, ReadState
from readlist.paths import Home
from readlist.service import Library

__all__ = ["DIGESTS", "build_demo_home", "demo_digests"]

#: The sample digests, in import order (files in readlist/demo/digests/).
DIGESTS = (
    "000-conference-post.md",
    "001-arxiv-daily.md",
    "002-reviews-feed.xml",
    "003-paper-notes.md",
    "004-hf-daily.md",
)


def demo_digests() -> list[tuple[str, str]]:
    """(file name, text) of every sample digest."""
    folder = resources.files("readlist.demo") / "digests"
    return [(name, (folder / name).read_text(encoding="utf-8")) for name in DIGESTS]


def build_demo_home(root: Path | None = None) -> Home:
    """Import the sample digests into a new library (in `root`, else a new temporary folder).

    Returns the Home; the caller removes the folder when done (`readlist demo` does).
    """
    folder = Path(tempfile.mkdtemp(prefix="readlist-demo-")) if root is None else root
    home = Home.at(folder)
    library = Library(home, durable=False)
    for name, text in demo_digests():
        library.import_text(text, source=f"readlist-demo/{name}", name=name.rsplit(".", 1)[0])
    _sample_state(library)
    return home


def _sample_state(library: Library) -> None:
    """Some papers read, tagged, prioritised and annotated; the rest wait in the Inbox."""

    def pid(target: str) -> int:
        return library.resolve(target)

    classic = pid("attention-is-all-you-need")
    lora = pid("lora-low-rank-adaptation-of-large-language-models")
    dpo = pid("direct-preference-optimization-your-language-model-is")
    matmul, block = pid("2406.02528"), pid("2406.02657")
    library.mark([classic, lora], ReadState.READ)
    library.tag([classic], ["classic"])
    library.tag([lora, dpo], ["finetuning"])
    library.tag([matmul, block], ["efficiency"])
    library.mark([dpo], ReadState.READING)
    library.set_priority([dpo], Priority.HIGH)
    library.set_priority([block], Priority.MEDIUM)
    library.rate([dpo], "related")
    library.set_note(dpo, "Compare with our reward-model pipeline.\n\n- try the β sweep from §5\n")
