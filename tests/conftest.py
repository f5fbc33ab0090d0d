"""Fixtures shared by every test: a private READLIST_HOME, a library, libraries from drafts.

Every test runs with READLIST_HOME in its own temporary folder and without the developer's
editor, debug or colour settings, so nothing reads or writes the user's real files.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest

from readlist.cli import load_commands
from readlist.ids import parse_arxiv_id
from readlist.importers.base import DigestDraft, PaperDraft
from readlist.paths import Home
from readlist.service import Library
from readlist.service.import_report import ParsedSource, content_hash

# The console script registers only the command it runs; tests drive the whole app.
load_commands()

#: Environment variables of the developer's that would change what readlist does or prints.
PRIVATE_ENV = ("READLIST_DEBUG", "VISUAL", "EDITOR", "NO_COLOR", "FORCE_COLOR",
               "TTY_COMPATIBLE", "TTY_INTERACTIVE", "COLUMNS", "LINES")

MakeLibrary = Callable[..., Library]


@pytest.fixture(autouse=True)
def _private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    root = tmp_path / "readlist-home"
    monkeypatch.setenv("READLIST_HOME", str(root))
    for name in PRIVATE_ENV:
        monkeypatch.delenv(name, raising=False)
    yield root


@pytest.fixture
def home(_private_home: Path) -> Home:
    """The test's READLIST_HOME (already set in the environment)."""
    return Home.at(_private_home)


@pytest.fixture
def library(home: Home) -> Library:
    """An empty library in the test's READLIST_HOME."""
    return Library(home, durable=False)


def paper_draft(title: str, arxiv: str | None = None, **fields: object) -> PaperDraft:
    """A paper as an importer would describe it; `arxiv` in any accepted form."""
    return PaperDraft(title=title, arxiv=parse_arxiv_id(arxiv) if arxiv else None, **fields)  # type: ignore[arg-type]


def as_parsed(draft: DigestDraft, name: str) -> ParsedSource:
    """A digest draft as the service receives it from an importer, from `/digests/<name>.md`."""
    text = repr(draft)
    return ParsedSource(f"/digests/{name}.md", name, content_hash(text), draft)


@pytest.fixture
def make_library(library: Library) -> MakeLibrary:
    """Build the test's library from digest drafts: `make_library(draft, ...)` or
    `make_library(name=draft, ...)`; unnamed drafts are called digest-1, digest-2, ..."""

    def build(*drafts: DigestDraft, **named: DigestDraft) -> Library:
        parsed: Sequence[ParsedSource] = [
            *(as_parsed(d, f"digest-{i}") for i, d in enumerate(drafts, 1)),
            *(as_parsed(d, name) for name, d in named.items()),
        ]
        library.apply_parsed(parsed)
        return library

    return build
