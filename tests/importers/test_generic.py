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
        # The link text is the URL, and the heading over it is shared: no title (pending).
        ("", "2106.09685", None),
        ("", "2406.02543", None),  # cited as arXiv:ID in prose
        ("openreview:eFWG9Cy3WK", None, "eFWG9Cy3WK"),  # a bare OpenReview URL
        ("Table Paper", "2401.00001", None),  # the link text is the id: the row names it
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
        ("", "2106.09685", None),  # "PDF" is not a title, nor is a heading shared by three
        ("", "2301.00001", None),  # cited in text (script contents ignored)
        ("Merge, Then Compress", None, "eFWG9Cy3WK"),
    ]


def test_plain_text_without_headings_leaves_titles_to_enrich() -> None:
    assert summary("generic_plain.txt") == [
        ("", "2406.02543v1", None),
        ("", "2301.00001", None),
    ]


def test_a_heading_over_one_paper_is_its_title() -> None:
    text = "# Notes\n\n## Scaling Laws for Precision\n\n[PDF](https://arxiv.org/pdf/2411.04330)\n"
    assert [(p.title, p.section) for p in generic.parse(text).papers] == [
        ("Scaling Laws for Precision", "Scaling Laws for Precision")]


def test_sniff_needs_a_paper_link() -> None:
    assert generic.sniff("see https://arxiv.org/abs/2406.02543")
    assert generic.sniff("<a href='https://openreview.net/forum?id=abcdefgh'>x</a>")
    assert not generic.sniff("see https://example.com and 2406 things")
    with pytest.raises(ParseError):
        generic.parse("no links at all")


@pytest.mark.parametrize("name", ["generic_links.md", "generic_page.html", "generic_plain.txt"])
def test_detect_falls_back_to_the_generic_importer(name: str) -> None:
    assert detected(fixture(name)) == "generic"
