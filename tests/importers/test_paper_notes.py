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


def _note(title: str, link: str | None, tweet: str, extra: str = "") -> str:
    head = f"# {title}\n\n" + (f"{link}\n\n" if link else "")
    return head + f"## 1. What could previous research not do?\n\nSomething.\n\n{extra}" \
        f"## 8. Summarize in one tweet\n\n{tweet}\n"


def test_a_note_without_a_link_is_still_a_paper_when_nothing_separates_the_notes() -> None:
    text = (_note("Paper One", "[View Paper](https://arxiv.org/abs/2501.00001)", "one #LLM")
            + "\n" + _note("Native Sparse Attention", None, "nsa #DeepSeek")
            + "\n" + _note("Paper Three", "[View Paper](https://arxiv.org/abs/2501.00003)", "three"))
    papers = notes.parse(text).papers
    assert [p.title for p in papers] == ["Paper One", "Native Sparse Attention", "Paper Three"]
    assert [p.summary for p in papers] == ["one #LLM", "nsa #DeepSeek", "three"]


def test_a_document_title_over_a_table_of_contents_is_not_a_paper() -> None:
    text = ("# Paper notes — 2025-03-07\n\nGenerated automatically.\n\n## Papers in this digest\n\n"
            "1. [Paper One](#paper-one)\n\n---\n\n"
            + _note("Paper One", "[View Paper](https://arxiv.org/abs/2501.00001)", "one"))
    draft = notes.parse(text)
    assert draft.title == "Paper notes — 2025-03-07"
    assert [p.title for p in draft.papers] == ["Paper One"]


def test_a_tweet_right_over_the_separator_is_the_summary_not_a_heading() -> None:
    text = (_note("Paper One", "[View Paper](https://arxiv.org/abs/2501.00001)", "one 🚀 #LLM")
            + "---\n\n" + _note("Paper Two", "[View Paper](https://arxiv.org/abs/2501.00002)", "two"))
    first, second = notes.parse(text).papers
    assert first.summary == "one 🚀 #LLM" and second.summary == "two"
    assert first.notes is not None and first.notes.endswith("one 🚀 #LLM")


def test_the_summary_is_the_tweet_section_even_when_it_is_not_last() -> None:
    text = _note("Paper One", "[View Paper](https://arxiv.org/abs/2501.00001)", "the tweet") + (
        "\n## 9. Key references to read\n\n*   **Attention Is All You Need**\n")
    [paper] = notes.parse(text).papers
    assert paper.summary == "the tweet"


@pytest.mark.parametrize("head", [
    "Setext Title\n============\n\n[View Paper](https://arxiv.org/abs/2501.00001v1)",
    "# Bold Link\n\n**[View Paper](https://arxiv.org/abs/2501.00001v1)**",
    "# Emoji First\n\n📄 [View Paper](https://arxiv.org/abs/2501.00001v1)",
    "# Authors First\n\n**Authors:** A. Author, B. Author\n\n[View Paper](https://arxiv.org/abs/2501.00001v1)",
    "# OpenReview Paper\n\n[View Paper](https://openreview.net/forum?id=wg1PCg3CUP)",
], ids=["setext", "bold-link", "emoji", "authors-line", "openreview"])
def test_layout_variants_are_recognised_as_paper_notes(head: str) -> None:
    text = head + "\n\n## 1. What could previous research not do?\n\nX.\n\n## 8. Tweet\n\nshort\n"
    assert detected(text) == "paper-notes"
    [paper] = notes.parse(text).papers
    assert paper.summary == "short"


def test_a_references_table_in_a_note_does_not_make_it_a_daily_list() -> None:
    table = ("| Title | Authors | arXiv |\n|---|---|---|\n"
             "| Self-Refine | Madaan et al. | [2303.17651](https://arxiv.org/abs/2303.17651) |\n\n")
    text = _note("Paper One", "[View Paper](https://arxiv.org/abs/2501.00001)", "one", table)
    assert detected(text) == "paper-notes"


def test_a_link_without_a_scheme_is_stored_as_a_web_address() -> None:
    text = _note("Paper One", "[View Paper](arxiv.org/pdf/2501.00001v2.pdf)", "one")
    [paper] = notes.parse(text).papers
    assert paper.links == {"pdf": "https://arxiv.org/pdf/2501.00001v2.pdf"}
    assert str(paper.arxiv) == "2501.00001v2"


def test_an_unclosed_code_block_does_not_swallow_the_next_paper() -> None:
    first = _note("Paper One", "[View Paper](https://arxiv.org/abs/2501.00001)", "one",
                  "```python\n# training loop\nfor step in range(n):\n")
    second = _note("Paper Two", "[View Paper](https://arxiv.org/abs/2501.00002)", "two")
    draft = notes.parse(first + "\n---\n\n" + second)
    assert [p.title for p in draft.papers] == ["Paper One", "Paper Two"]
    assert draft.papers[1].line == (first + "\n---\n\n").count("\n") + 1
    assert draft.papers[1].summary == "two"
    assert len(draft.warnings) == 1 and "never closed" in draft.warnings[0]
