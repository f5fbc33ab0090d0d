"""Siblings of the Daily Papers digest (family 004): the shapes LLM-written digests take."""

from __future__ import annotations

import pytest

from readlist.importers.hf_body import _block
from readlist.importers.hf_daily import HfDailyImporter
from readlist.importers.hf_heading import HeadingPaper, _link, read_heading
from readlist.importers.hf_labels import meta_of, parse_votes, split_label
from readlist.importers.markdown_tools import dedent_block, link_at, parse
from tests.importers.helpers import detected, fixture

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


def test_headings_that_name_papers_without_linking_them() -> None:
    # hf-daily-paper-newsletter-chinese: `### 1. 译名`, the original title and the links below.
    text = fixture("hf_daily_unlinked.md")
    assert detected(text) == "hf-daily"
    draft = hf.parse(text)
    assert (draft.title, draft.date) == ("Hugging Face 2026-10-08 论文日报", "2026-10-08")
    first, second = draft.papers
    assert first.title == ("STEPQuant: When and Where Errors Matter in Delta-Rule Recurrent "
                           "State Quantization")  # the original title, not the translation
    assert second.title == "Long-WAM：扩展世界-动作模型的上下文"  # numbering gone
    assert (str(first.arxiv), first.line) == ("2609.38169", 11)
    assert first.links == {"abstract": "https://arxiv.org/abs/2609.38169"}  # arXiv's page first
    assert first.summary == first.blurb == "线性注意力用固定大小的递归状态取代不断增长的 KV 缓存。"
    assert [(s.line, s.text) for s in draft.skipped] == [(31, "3. 没有链接的论文")]


def test_numbered_headings_over_a_labelled_link_line() -> None:
    text = fixture("hf_daily_numbered.md")
    assert detected(text) == "hf-daily"  # not a daily arXiv list: it has votes
    draft = hf.parse(text)
    assert (draft.title, draft.date) == ("Daily AI Papers — May 31, 2026", "2026-05-31")
    first, second = draft.papers
    assert (first.title, str(first.arxiv), first.votes) == (
        "AgentDoG 1.5: A Lightweight Alignment Framework for AI Agent Safety", "2605.29801", 127)
    assert second.title.startswith("Is Position Bias") and second.votes == 13
    assert (first.authors, first.authors_complete) == (
        ["Dongrui Liu", "Yu Li", "Zhonghao Yang"], False)  # `et al.` is no author
    assert second.authors_complete
    assert first.blurb == "A taxonomy-guided safety alignment framework for agents."
    assert first.summary is not None and "arXiv:" not in first.summary  # the link line
    assert "Why trending" in first.summary


HIWEI = """\
# 【2023-09-20】Huggingface 每日论文速览

- [Huggingface Daily Papers 2023-09-20](https://huggingface.co/papers?date=2023-09-20) 共推荐 2 篇论文。

## Language Modeling Is Compression

### 论文总结

**1. 介绍本文的主要工作**

本研究聚焦于预测模型与无损压缩器的等价关系。

[到 Huggingface 论文主页查看详情](https://huggingface.co/papers/2309.10668)

## Baichuan 2: Open Large-scale Language Models

**1. 介绍本文的主要工作**

本文主要介绍了一系列名为 Baichuan 2 的大型多语言语言模型。

[到 Huggingface 论文主页查看详情](https://huggingface.co/papers/2309.10305)
"""


def test_a_paper_section_with_subheadings_and_its_link_at_the_end_is_one_paper() -> None:
    assert detected(HIWEI) == "hf-daily"
    draft = hf.parse(HIWEI)
    assert [(p.title, str(p.arxiv)) for p in draft.papers] == [
        ("Language Modeling Is Compression", "2309.10668"),
        ("Baichuan 2: Open Large-scale Language Models", "2309.10305")]
    assert draft.date == "2023-09-20"
    first = draft.papers[0]
    assert first.blurb == "本研究聚焦于预测模型与无损压缩器的等价关系。"  # a bold caption is no blurb
    assert first.summary is not None and first.summary.startswith("**1. 介绍本文的主要工作**")
    assert "查看详情" not in first.summary


ZICHEN = """\
作为一名 AI 研究专家，我为您整理了今天 Hugging Face Daily Papers 的前沿学术成果。

### 🌟 今日整体研究趋势

1. **智能体系统的推理与深度控制正经历爆发式演进**。

### 📝 重点论文深度解读

#### 1. **[ZipSplat: Fewer Gaussians, Better Splats](https://huggingface.co/papers/2606.05102)** (👍 13)
*   **研究机构/作者**：未显式提供
*   **核心痛点与创新点**：本文提出了 **ZipSplat** 框架。

#### 2. **[KletterMix: German Pretraining Data](https://huggingface.co/papers/2606.03773)** (👍 10)
*   **核心痛点与创新点**：本文推出了 **KletterMix**。
"""


def test_vote_counts_beside_bold_heading_links_and_indented_bullets_are_detected() -> None:
    assert detected(ZICHEN) == "hf-daily"
    draft = hf.parse(ZICHEN)
    assert [(p.title, p.votes) for p in draft.papers] == [
        ("ZipSplat: Fewer Gaussians, Better Splats", 13), ("KletterMix: German Pretraining Data", 10)]
    assert draft.papers[0].blurb == "本文提出了 **ZipSplat** 框架。"
    assert draft.title is None  # a section's heading ("research trends") names no digest


@pytest.mark.parametrize(("line", "facts"), [
    ("**Upvotes:** 127 | **Sources:** HuggingFace Daily Papers, arXiv", [("votes", "127")]),
    ("Vote: 3 · Comments: 4 · Authors: A", [("votes", "3"), ("authors", "A")]),
    ("**原文标题：** Janus: Decoupling", [("title", "Janus: Decoupling")]),
    ("**What's New**: a | b", None),
    ("**Sources:** HF | **Upvotes:** 3", None),
])
def test_a_metadata_line_may_carry_labels_readlist_does_not_keep(
        line: str, facts: list[tuple[str, str]] | None) -> None:
    found = meta_of(line)
    assert ([(f.kind, f.value) for f in found] if found else None) == facts


@pytest.mark.parametrize("raw", [
    "[Plain Title: A Study](https://arxiv.org/abs/2410.00001)",
    "[A *b* & c_d $x^2$](https://arxiv.org/abs/2410.00001) 👍 3",
    "[T](https://arxiv.org/abs/2410.00001 \"titled\")",
    "[T](<https://arxiv.org/abs/2410.00001>)",
    "[MathCoder2]: Better](https://arxiv.org/abs/2410.00001)",
    "[A \\[x\\]](https://arxiv.org/abs/2410.00001)",
    "[`code`](https://arxiv.org/abs/2410.00001)",
])
def test_the_heading_link_shortcut_reads_links_as_markdown_it_does(raw: str) -> None:
    found = link_at(raw, 0, {})
    heading = read_heading(raw, {})
    if found is None:  # an unbalanced `]`: the URL is the last `](…)`, as before
        assert isinstance(heading, HeadingPaper) and heading.href.endswith("2410.00001")
        return
    assert isinstance(heading, HeadingPaper) and heading.href == found[1]
    assert _link(raw, 0, {}) == found


@pytest.mark.parametrize("source", [
    "- a\n- b\n", "- a\n\n  more\n- b\n", "  - a\n  - b\n", "- a\n\t- b\n", "1. a\n2. b\n\n\n",
])
def test_list_source_is_what_dedent_block_gives(source: str) -> None:
    doc = parse(source)
    assert _block(doc, 0, len(doc.lines)) == dedent_block(source)


@pytest.mark.parametrize(("value", "names", "complete"), [
    ("Dongrui Liu, Yu Li et al.", ["Dongrui Liu", "Yu Li"], False),
    ("A One、B Two，C Three", ["A One", "B Two", "C Three"], True),
    ("**Solo Author**", ["Solo Author"], True),
])
def test_an_abbreviated_author_list_is_kept_as_incomplete(
        value: str, names: list[str], complete: bool) -> None:
    paper = hf.parse(HEAD.replace("Vote: 1", f"Authors: {value}")).papers[0]
    assert (paper.authors, paper.authors_complete) == (names, complete)


def test_a_bold_caption_paragraph_is_summary_but_not_the_blurb() -> None:
    paper = hf.parse(HEAD + "**1. Main contribution**\n\nIt compresses.\n").papers[0]
    assert paper.blurb == "It compresses."
    assert paper.summary == "**1. Main contribution**\n\nIt compresses."


def test_a_section_heading_before_the_papers_is_not_the_digest_title() -> None:
    text = ("### 🌟 Research trends\n\nAgents everywhere.\n\n"
            "### [Janus](https://arxiv.org/abs/2410.13848)\n\nVote: 3\n")
    assert hf.parse(text).title is None
    assert hf.parse("# My digest\n\n" + text).title == "My digest"


def test_papers_folded_under_details_captions() -> None:
    # Daily-HuggingFace-AI-Papers' README: `<details><summary><b>1. Title</b> ⭐ 0</summary>`.
    text = fixture("hf_daily_details.md")
    assert detected(text) == "hf-daily"
    first, second = hf.parse(text).papers
    assert (first.title, str(first.arxiv)) == (
        "Stratagem: Learning Transferable Reasoning via Game Self-Play", "2604.17696")
    assert first.links == {"abstract": "https://arxiv.org/abs/2604.17696",
                           "pdf": "https://arxiv.org/pdf/2604.17696",
                           "code": "https://github.com/ydyyyy/Stratagem"}
    assert first.summary == first.blurb == "Happy to share our latest paper: STRATAGEM."
    assert (second.title, second.authors) == ("The Geometric Canary & Drift", ["Prashant C. Raju"])


def test_a_quoted_paragraph_is_summary_and_a_code_link_line_is_the_code() -> None:
    paper = hf.parse(HEAD + "**Code:** [GitHub](https://github.com/u/r)\n\n> It works.\n").papers[0]
    assert (paper.summary, paper.links.get("code")) == ("It works.", "https://github.com/u/r")


def test_a_numbered_heading_linking_several_papers_is_reported_not_guessed() -> None:
    text = ("# Hugging Face 每日论文 2024-10-18\n\n"
            "## 1. Janus\n\n**arXiv:** [2410.13848](https://arxiv.org/abs/2410.13848)\n\n"
            "## 2. Pangea\n\n**arXiv:** [2410.16153](https://arxiv.org/abs/2410.16153)\n\n"
            "## 3. Two links\n\n[A](https://arxiv.org/abs/2410.00001) builds on "
            "[B](https://arxiv.org/abs/2410.00002).\n")
    draft = hf.parse(text)
    assert [p.title for p in draft.papers] == ["Janus", "Pangea"]
    assert [(s.line, s.reason) for s in draft.skipped] == [
        (11, "numbered heading links several papers")]
