"""The generic link importer: any Markdown, HTML or text file with arXiv/OpenReview links."""

from __future__ import annotations

import pytest

from readlist.importers.base import ParseError
from readlist.importers.generic import WARNING, GenericImporter
from tests.importers.helpers import detected, fixture

generic = GenericImporter()


def summary(name: str) -> list[tuple[str, str | None, str | None]]:
    return [(p.title, str(p.arxiv) if p.arxiv else None, p.openreview_id)
            for p in generic.parse(fixture(name)).papers]


def test_markdown_links_text_and_tables() -> None:
    draft = generic.parse(fixture("generic_links.md"))
    assert draft.warnings == [WARNING]
    assert draft.title == "Reading list"
    assert summary("generic_links.md") == [
        ("Attention Is All You Need", "1706.03762v7", None),  # one paper, newest version
        ("Transformers", "2106.09685", None),  # the link text is the URL: nearest heading
        ("Reviews", "2406.02543", None),  # cited as arXiv:ID in prose
        ("Reviews", None, "eFWG9Cy3WK"),  # a bare OpenReview URL
        ("Reviews", "2401.00001", None),  # a table cell whose link text is the id
    ]
    attention = draft.papers[0]
    assert attention.links == {"abstract": "https://arxiv.org/abs/1706.03762v5",
                               "pdf": "https://arxiv.org/pdf/1706.03762v7.pdf"}
    assert draft.sections == ["Transformers", "Reviews"]


def test_html_links_with_their_text() -> None:
    draft = generic.parse(fixture("generic_page.html"))
    assert draft.title == "Lab reading group"
    assert summary("generic_page.html") == [
        ("Attention Is All You Need", "1706.03762", None),
        ("Week 1", "2106.09685", None),  # "PDF" is not a title
        ("Week 1", "2301.00001", None),  # cited in text (script contents ignored)
        ("Merge, Then Compress", None, "eFWG9Cy3WK"),
    ]


def test_plain_text_without_headings_uses_the_id() -> None:
    assert summary("generic_plain.txt") == [
        ("arXiv:2406.02543", "2406.02543v1", None),
        ("arXiv:2301.00001", "2301.00001", None),
    ]


def test_sniff_needs_a_paper_link() -> None:
    assert generic.sniff("see https://arxiv.org/abs/2406.02543")
    assert generic.sniff("<a href='https://openreview.net/forum?id=abcdefgh'>x</a>")
    assert not generic.sniff("see https://example.com and 2406 things")
    with pytest.raises(ParseError):
        generic.parse("no links at all")


@pytest.mark.parametrize("name", ["generic_links.md", "generic_page.html", "generic_plain.txt"])
def test_detect_falls_back_to_the_generic_importer(name: str) -> None:
    assert detected(fixture(name)) == "generic"
