"""Hostile and random input: sniff never raises, parse returns a draft or a ParseError."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from readlist.importers.arxiv_daily import ArxivDailyImporter
from readlist.importers.base import DigestDraft, Importer, ParseError
from readlist.importers.conference_post import ConferencePostImporter
from readlist.importers.generic import GenericImporter
from readlist.importers.hf_daily import HfDailyImporter
from readlist.importers.paper_notes import PaperNotesImporter

IMPORTERS: list[Importer] = [
    ConferencePostImporter(), ArxivDailyImporter(), PaperNotesImporter(), HfDailyImporter(),
    GenericImporter(),
]

HOSTILE = [
    "", "\0\0\0", "\ufeff", "[" * 5000, "*" * 5000, "|" * 5000, "#" * 5000, "<!--" * 2000,
    "](" * 3000, "- [" * 2000, "|a|\n|-|\n" + "|\\" * 3000, "---\n" * 2000,
    "- " * 500 + "[x](https://arxiv.org/abs/2406.02543)",
    "##### **T**\n2406.02543v1 by " + "A, " * 3000,
    "# T\n\n[View Paper](http://arxiv.org/abs/2406.02543)\n\n" + "```\n" * 1000,
    "---\ntitle: x\n" + "key: value\n" * 2000,
    "### [" + "]" * 3000 + "(https://arxiv.org/abs/2406.02543)",
    "|Publish Date|Title|\n|---|---|\n" + "|2024-01-01|**x**|\n" * 200 + "| arxiv |",
    "<a href='https://arxiv.org/abs/2406.02543'>" * 500,
    "\r\n".join(["- [A](https://openreview.net/forum?id=abcdefgh) 🔴"] * 300),
]

MARKDOWNISH = st.lists(
    st.sampled_from([
        *"#-*|[]()!<>`~:\n \t\\_1aé摘🔴",
        "https://arxiv.org/abs/2406.02543v1", "<!--", "-->", "](", "---\n", "```",
        "Vote: 3", "Authors: A, B", " by ", "**", "2406.02543v1 by A",
        "[View Paper](http://arxiv.org/abs/2401.00001)", "|Publish Date|Title|",
    ]),
    max_size=60,
).map("".join)


def check(importer: Importer, text: str) -> None:
    assert isinstance(importer.sniff(text), bool)
    try:
        draft = importer.parse(text)
    except ParseError:
        return
    assert isinstance(draft, DigestDraft) and draft.family == importer.name
    for paper in draft.papers:
        assert isinstance(paper.title, str)


@pytest.mark.parametrize("importer", IMPORTERS, ids=lambda i: i.name)
@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_input_is_handled(importer: Importer, text: str) -> None:
    check(importer, text)


@settings(max_examples=150, deadline=None)
@given(MARKDOWNISH)
def test_random_markdown_is_handled(text: str) -> None:
    for importer in IMPORTERS:
        check(importer, text)
