"""Fixtures for CLI tests: a CliRunner at a stable width, a sample library, a test format.

The sample library holds the untrusted titles the CLI must print literally: Rich markup and
a raw escape sequence.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

import readlist.importers as importers
from readlist.cli import app
from readlist.ids import parse_arxiv_id
from readlist.importers import Entry
from readlist.importers.base import DigestDraft, Importer, PaperDraft, ParseError, Skipped
from readlist.paths import Home
from readlist.service import Library
from tests.conftest import MakeLibrary, paper_draft

#: A title no terminal may interpret: Rich markup and a raw ESC sequence.
EVIL_TITLE = "Evil [bold red]x[/] \x1b[31mRED title"
EVIL_SHOWN = "Evil [bold red]x[/] \\x1b[31mRED title"


@dataclass
class Run:
    """A finished CLI invocation."""

    exit_code: int
    stdout: str
    stderr: str
    result: Result

    def error_line(self) -> str:
        """The single `readlist: ...` line on stderr (asserts there is exactly one)."""
        lines = self.stderr.strip().splitlines()
        assert len(lines) == 1, self.stderr
        assert lines[0].startswith("readlist: "), lines[0]
        return lines[0]


Cli = Callable[..., Run]


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> Cli:
    """Run `readlist ARGS...` in-process at a width of 100 columns, stdout not a terminal."""
    monkeypatch.setenv("COLUMNS", "100")
    runner = CliRunner()

    def run(*args: str, input: str | bytes | None = None, env: dict[str, str] | None = None) -> Run:
        result = runner.invoke(app, list(args), input=input, env=env)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        assert "Traceback" not in result.stdout + result.stderr
        return Run(result.exit_code, result.stdout, result.stderr, result)

    return run


def generation(home: Home) -> int:
    """The library's commit number, read afresh from disk."""
    return Library(home, durable=False).store.generation


@pytest.fixture
def sample(make_library: MakeLibrary) -> Library:
    """Two digests; 2401.00002 is in both. Keys: 2401.00001 (evil title), 2401.00002,
    2402.00003, openreview:abcXYZ."""
    conference = DigestDraft(
        "post",
        [
            paper_draft(EVIL_TITLE, "2401.00001", authors=["Mallory [i]M[/i]"], section="Attacks",
                        blurb="blurb [red]r[/red] \x1b]0;pwn\x07", author_rating="🔴"),
            paper_draft("Diffusion Models for Everything", "2401.00002v2",
                        authors=["Alice Smith", "Bo Chen", "Eva Rossi"], date="2024-01-02",
                        abstract="We diffuse.\nSecond line [b]bold?[/b].", section="Vision",
                        subsection="Generative", comments=["「worth it」"]),
            PaperDraft(title="OpenReview Only Paper", openreview_id="abcXYZ", venue="oral"),
        ],
        title="ICLR 2024 picks",
        date="2024-05-01",
    )
    daily = DigestDraft(
        "arxiv-daily",
        [
            paper_draft("Diffusion Models for Everything", "https://arxiv.org/abs/2401.00002",
                        votes=12, summary="Diffusion, summarised."),
            paper_draft("Another Paper on Graphs", "2402.00003", authors=["Hiro Sato"],
                        date="2024-02-03"),
        ],
        title="Daily 2024-02-03",
        date="2024-02-03",
    )
    return make_library(iclr=conference, daily=daily)


class LinesImporter(Importer):
    """A tiny digest format for CLI tests (the real importers are tested with their code)::

        #test-digest Digest title
        2401.00001 | Title | Author One, Author Two
        - | Title without an id |
        warning: some warning
    """

    name = "test-lines"
    description = "test digests: '#test-digest TITLE', then 'arXiv id | title | authors' lines"

    def sniff(self, text: str) -> bool:
        return text.startswith("#test-digest")

    def parse(self, text: str) -> DigestDraft:
        lines = text.splitlines()
        if not lines or not self.sniff(text):
            raise ParseError("not a test digest")
        papers: list[PaperDraft] = []
        skipped: list[Skipped] = []
        warnings: list[str] = []
        for number, line in enumerate(lines[1:], 2):
            if not line.strip():
                continue
            if line.startswith("warning:"):
                warnings.append(line.removeprefix("warning:").strip())
                continue
            parts = [p.strip() for p in line.split("|")]
            if len(parts) != 3:
                skipped.append(Skipped("not 'id | title | authors'", number, line))
                continue
            ident, title, authors = parts
            papers.append(PaperDraft(
                title=title,
                arxiv=parse_arxiv_id(ident) if ident != "-" else None,
                authors=[a.strip() for a in authors.split(",") if a.strip()],
                line=number,
            ))
        title = lines[0].removeprefix("#test-digest").strip() or None
        return DigestDraft(self.name, papers, title=title, skipped=skipped, warnings=warnings)


@pytest.fixture
def lines_format(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make `test-lines` the only format readlist knows, so import tests do not depend on
    the state of the real importers."""
    entry = Entry(LinesImporter.name, __name__, LinesImporter.__name__, LinesImporter.description)
    monkeypatch.setattr(importers, "REGISTRY", (entry,))
    monkeypatch.setattr(importers, "_cache", {})
    monkeypatch.setattr(importers, "_plugins", list)


def write(path: Path, text: str | bytes) -> Path:
    """Write a test file and return its path."""
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path
