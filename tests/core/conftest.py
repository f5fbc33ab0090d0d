"""Fixtures for core tests: a library in a temporary READLIST_HOME and draft builders."""

from __future__ import annotations

from pathlib import Path

import pytest

from readlist.ids import parse_arxiv_id
from readlist.importers.base import DigestDraft, PaperDraft
from readlist.paths import Home
from readlist.service import Library
from readlist.service.import_report import ParsedSource, content_hash


@pytest.fixture
def core_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Home:
    monkeypatch.setenv("READLIST_HOME", str(tmp_path))
    return Home.at(tmp_path)


@pytest.fixture
def lib(core_home: Home) -> Library:
    return Library(core_home, durable=False)


def paper(title: str, arxiv: str | None = None, **kwargs: object) -> PaperDraft:
    """A draft with an optional arXiv id in any accepted form."""
    return PaperDraft(title=title, arxiv=parse_arxiv_id(arxiv) if arxiv else None, **kwargs)  # type: ignore[arg-type]


def digest(family: str, papers: list[PaperDraft], source: str, **kwargs: object) -> ParsedSource:
    """A parsed source as the service receives it from an importer."""
    draft = DigestDraft(family, papers, **kwargs)  # type: ignore[arg-type]
    text = source + "|" + "|".join(p.title + str(p.arxiv) + str(p.author_rating) for p in papers)
    return ParsedSource(source, Path(source).stem, content_hash(text), draft)


