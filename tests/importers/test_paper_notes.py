"""The LLM-written paper notes importer (family 003)."""

from __future__ import annotations

import pytest

from readlist.importers.base import ParseError
from readlist.importers.paper_notes import PaperNotesImporter
from tests.importers.helpers import detected, fixture

notes = PaperNotesImporter()


def test_papers_are_h1_headings_outside_code_fences() -> None:
    text = fixture("paper_notes_traps.md")
    assert sum(line.startswith("# ") for line in text.splitlines()) == 6
    draft = notes.parse(text)
    assert [p.title for p in draft.papers] == [
        "L$^2$M: Mutual Information Scaling Law for Long-Context Language Modeling",
        "Second Paper With Other Wording",
        "Third Paper Linked To A PDF",
    ]
    assert draft.title == "Notes for 2025-03-07"  # a heading with no link and no sections
    assert [p.line for p in draft.papers] == [3, 38, 52]


def test_the_paper_link_gives_the_arxiv_id_and_version() -> None:
    first, second, third = notes.parse(fixture("paper_notes_traps.md")).papers
    assert str(first.arxiv) == "2503.04725v1"
    assert first.links == {"abstract": "http://arxiv.org/abs/2503.04725v1"}
    assert str(second.arxiv) == "2503.00002"
    assert str(third.arxiv) == "2503.00003v2"
    assert third.links == {"pdf": "https://arxiv.org/pdf/2503.00003v2.pdf"}


def test_notes_are_the_whole_note_up_to_the_separator() -> None:
    first, _, third = notes.parse(fixture("paper_notes_traps.md")).papers
    assert first.notes is not None
    assert first.notes.startswith("[View Paper](http://arxiv.org/abs/2503.04725v1)\n\n## 1. ")
    assert "    # a comment in a fence indented inside a list item" in first.notes
    assert first.notes.endswith("LLMの長文モデリング！ #LLM #AI")  # no `---`, no chatter after it
    assert "承知" not in first.notes
    assert third.notes == (
        "[View Paper](https://arxiv.org/pdf/2503.00003v2.pdf)\n\n## Summary\n\nThe only section."
    )


def test_summary_is_the_last_section_whatever_its_wording() -> None:
    first, second, third = notes.parse(fixture("paper_notes_traps.md")).papers
    assert first.summary == "LLMの長文モデリング！ #LLM #AI"
    assert second.summary == "Tweet two. #ML"
    assert third.summary == "The only section."


def test_a_stray_h1_inside_a_note_stays_in_the_note() -> None:
    text = (
        "# Real Paper\n\n[View Paper](https://arxiv.org/abs/2401.00001)\n\n## 1. A\n\n"
        "# not a paper, the model used the wrong level\n\ntext\n\n## 8. Tweet\n\nshort\n"
    )
    [paper] = notes.parse(text).papers
    assert paper.notes is not None and "# not a paper" in paper.notes
    assert paper.summary == "short"


def test_not_paper_notes() -> None:
    with pytest.raises(ParseError):
        notes.parse("```\n# only code\n```\n")


def test_detect_picks_the_notes_importer() -> None:
    assert notes.sniff(fixture("paper_notes_traps.md"))
    assert detected(fixture("paper_notes_traps.md")) == "paper-notes"


def test_a_stray_h1_followed_by_an_ordinary_link_stays_in_the_note() -> None:
    text = (
        "# Real Paper\n\n[View Paper](https://arxiv.org/abs/2401.00001)\n\n## 1. A\n\n---\n\n"
        "# Appendix\n\nSee the [project page](https://example.com) for more.\n\n"
        "# Next Paper\n\n[Read it](https://example.com/paper.pdf)\n\n## 1. B\n"
    )
    first, second = notes.parse(text).papers
    assert first.notes is not None and "# Appendix" in first.notes
    assert second.title == "Next Paper" and second.arxiv is None
    assert second.links == {"abstract": "https://example.com/paper.pdf"}
