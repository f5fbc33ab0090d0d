"""Siblings of the Daily Papers digest (family 004): the shapes LLM-written digests take."""

from __future__ import annotations

import pytest

from readlist.importers.hf_daily import HfDailyImporter
from readlist.importers.hf_labels import meta_of, parse_votes, split_label
from tests.importers.helpers import detected

hf = HfDailyImporter()

DECORATED = """\
## Daily Papers (2024-10-18)

### 1. [Janus: Decoupling](https://arxiv.org/abs/2410.13848)

Vote: 32

- **What's New**: Janus.

### **[CompassJudger-1: Judge](https://arxiv.org/abs/2410.16256)**

- **What's New**: Compass.

### 📄 [Pangea: Multilingual](https://arxiv.org/abs/2410.16153)

- **What's New**: Pangea.

### [SemiEvol: Semi-supervised](https://huggingface.co/papers/2410.14745) 👍 20

- **What's New**: SemiEvol.

### [Movie Gen](https://arxiv.org/abs/2410.13720) (▲ 42)

- **What's New**: Movie.
"""


def test_numbering_emoji_bold_and_a_vote_count_around_the_link_are_decoration() -> None:
    draft = hf.parse(DECORATED)
    assert [(p.title, str(p.arxiv), p.votes) for p in draft.papers] == [
        ("Janus: Decoupling", "2410.13848", 32),
        ("CompassJudger-1: Judge", "2410.16256", None),
        ("Pangea: Multilingual", "2410.16153", None),
        ("SemiEvol: Semi-supervised", "2410.14745", 20),
        ("Movie Gen", "2410.13720", 42),
    ]
    assert draft.skipped == []


def test_a_paper_heading_that_cannot_be_read_is_reported_not_dropped() -> None:
    text = ("## Daily Papers (2024-10-18)\n\n### [A](https://arxiv.org/abs/2410.00001)\n\n"
            "### See the paper [Janus](https://arxiv.org/abs/2410.13848) today\n\n"
            "### [B](https://arxiv.org/abs/2410.00002) [C](https://arxiv.org/abs/2410.00003)\n")
    draft = hf.parse(text)
    assert [p.title for p in draft.papers] == ["A"]
    assert [(s.line, s.reason) for s in draft.skipped] == [
        (5, "heading has words around its paper link"),
        (7, "heading holds more than one link")]


def test_numbered_headings_alone_are_still_detected() -> None:
    text = ("# HuggingFace 每日论文 2024-10-18\n\n"
            "### 1. [Janus](https://huggingface.co/papers/2410.13848)\n\n👍 点赞：32\n\n"
            "作者：Chengyue Wu, Xiaokang Chen\n\n- **创新点**：解耦。\n")
    assert detected(text) == "hf-daily"
    paper = hf.parse(text).papers[0]
    assert (paper.votes, paper.authors, paper.blurb) == (32, ["Chengyue Wu", "Xiaokang Chen"], "解耦。")


@pytest.mark.parametrize("line", [
    "Vote: 7", "**Vote:** 7", "**Vote**: 7", "*Vote:* 7", "__Vote:__ 7", "Upvotes: 7",
    "点赞：7", "👍 点赞：7", "추천수: 7", "投票数: 7", "좋아요: 7", "赞: 7", "👍 7", "7 votes",
])
def test_vote_labels_in_every_spelling(line: str) -> None:
    assert meta_of(line) is not None and parse_votes(meta_of(line)[0].value) == 7  # type: ignore[index]


def test_label_emphasis_and_prose_are_told_apart() -> None:
    assert split_label("**Authors:** C Three") == ("Authors", "C Three")
    assert meta_of("저자: Kim, Lee") is not None
    assert meta_of("著者: Taro Yamada") is not None
    assert meta_of("Janus decouples visual encoding: two paths.") is None
    assert meta_of("**What's New**: a vote of 7") is None


@pytest.mark.parametrize("value", ["99999999999999999999999", "-3", "1000000001", "x", ""])
def test_a_vote_count_that_is_not_sane_is_no_count(value: str) -> None:
    assert parse_votes(value) is None
    text = f"## Daily Papers (2024-10-18)\n\n### [T](https://arxiv.org/abs/2410.13848)\n\nVote: {value}\n"
    assert hf.parse(text).papers[0].votes is None


def test_metadata_as_bullets_is_not_summary_and_the_summary_bullet_is() -> None:
    text = ("## Daily Papers (2024-10-18)\n\n### [Janus](https://arxiv.org/abs/2410.13848)\n\n"
            "- **Authors**: A One, B Two\n- **Upvotes**: 32\n- **Summary**: Janus decouples.\n\n"
            "### [T2](https://arxiv.org/abs/2410.50002)\n\n- Vote: 3\n- Authors: C Three\n"
            "- **What's New**: n2\n")
    first, second = hf.parse(text).papers
    assert (first.authors, first.votes) == (["A One", "B Two"], 32)
    assert (first.summary, first.blurb) == ("Janus decouples.", "Janus decouples.")
    assert (second.votes, second.authors, second.summary) == (3, ["C Three"], "- **What's New**: n2")


HEAD = "## Daily Papers (2024-10-18)\n\n### [P](https://arxiv.org/abs/2410.13848)\n\nVote: 1\n\n"


@pytest.mark.parametrize(("body", "summary", "blurb"), [
    ("**What's New**: New thing.\n\n**Technical Details**: How.\n",
     "**What's New**: New thing.\n\n**Technical Details**: How.", "New thing."),
    ("Plain prose about the paper.\nIt goes on.\n",
     "Plain prose about the paper.\nIt goes on.", "Plain prose about the paper.\nIt goes on."),
    ("| | |\n|---|---|\n| **Technical Details** | How. |\n| **What's New** | New thing. |\n",
     "- **Technical Details**: How.\n- **What's New**: New thing.", "New thing."),
    ("<details>\n<summary>Summary</summary>\n- **What's New**: New thing.\n"
     "- **Technical Details**: How.\n</details>\n",
     "- **What's New**: New thing.\n- **Technical Details**: How.", "New thing."),
])
def test_the_summary_in_paragraphs_tables_and_details(body: str, summary: str, blurb: str) -> None:
    paper = hf.parse(HEAD + body).papers[0]
    assert (paper.summary, paper.blurb, paper.votes) == (summary, blurb, 1)


def test_prose_after_the_labelled_summary_is_a_footer() -> None:
    paper = hf.parse(HEAD + "- **What's New**: x\n\nGenerated with an LLM.\n").papers[0]
    assert paper.summary == "- **What's New**: x"


def test_a_trending_digest_without_votes_or_daily_papers_heading_is_detected() -> None:
    text = ("# 🤗 HF Trending Papers — 2024-10-18\n\n"
            "### [Janus](https://huggingface.co/papers/2410.13848)\n\nAuthors: A, B\n\n"
            "- **What's New**: Janus.\n\n"
            "### [SemiEvol](https://huggingface.co/papers/2410.14745)\n\nAuthors: C\n\n"
            "- **What's New**: SemiEvol.\n")
    assert detected(text) == "hf-daily"
    draft = hf.parse(text)
    assert (draft.title, draft.date) == ("🤗 HF Trending Papers — 2024-10-18", "2024-10-18")


def test_paper_headings_over_a_bare_author_line_are_not_a_daily_papers_digest() -> None:
    # cv-arxiv-daily's today list: a paper heading, authors unlabelled, an abstract.
    text = ("## NeRF\n\n### [NeRF-AD](http://arxiv.org/abs/2401.12568)\nChongke Bi, Xiaoxing Liu\n"
            "**comments**: Accepted by ICASSP 2024\n\n"
            "### [Exploration](http://arxiv.org/abs/2401.12456v2)\nShun Fang, Ming Cui\n")
    assert not hf.sniff(text)


@pytest.mark.parametrize(("heading", "date"), [
    ("## Daily Papers (Oct 21, 2024)", "2024-10-21"),
    ("## Daily Papers (18 Oct 2024)", "2024-10-18"),
    ("## Daily Papers (2024年10月18日)", "2024-10-18"),
    ("## Daily Papers (20241018)", "2024-10-18"),
    ("## Daily Papers (sometime)", None),
])
def test_digest_date_forms_and_the_title_without_a_date(heading: str, date: str | None) -> None:
    draft = hf.parse(heading + "\n\n" + HEAD.split("\n\n", 1)[1])
    assert (draft.title, draft.date) == (heading[3:], date)


def test_front_matter_gives_title_and_date_not_a_heading() -> None:
    text = ('---\ntitle: "HF Daily Papers 2024-10-18"\ndate: 2024-10-19\ntags: [papers]\n---\n\n'
            "### [Janus](https://arxiv.org/abs/2410.13848)\n\nVote: 32\n")
    draft = hf.parse(text)
    assert (draft.title, draft.date) == ("HF Daily Papers 2024-10-18", "2024-10-19")
    assert draft.papers[0].line == 7 and detected(text) == "hf-daily"


def test_a_paper_on_two_days_is_one_paper_with_its_first_day_and_highest_votes() -> None:
    text = ("## Daily Papers (2024-10-14)\n\n### [Baichuan](https://arxiv.org/abs/2410.08565)\n\n"
            "Vote: 1,024\n\n- **What's New**: first.\n\n"
            "## Daily Papers (2024-10-15)\n\n### [Baichuan](https://arxiv.org/abs/2410.08565)\n\n"
            "Vote: 1,100\n\n- **What's New**: again.\n")
    (paper,) = hf.parse(text).papers
    assert (paper.votes, paper.section, paper.blurb) == (1100, "Daily Papers (2024-10-14)", "first.")


def test_markdown_escapes_leave_the_title_latex_stays() -> None:
    text = ("## Daily Papers (2024-10-18)\n\n"
            "### [VideoGen \\[Tech Report\\]: A\\_B \\*star\\*](https://arxiv.org/abs/2410.30001)\n\n"
            "### [L$^2$M: $\\{x\\}$ \\alpha](https://arxiv.org/abs/2410.30002)\n\n"
            "### [Saved page](/papers/2410.30003)\n\nVote: 1\n")
    first, second, third = hf.parse(text).papers
    assert first.title == "VideoGen [Tech Report]: A_B *star*"
    assert second.title == "L$^2$M: $\\{x\\}$ \\alpha"
    assert third.links == {"abstract": "https://huggingface.co/papers/2410.30003"}
