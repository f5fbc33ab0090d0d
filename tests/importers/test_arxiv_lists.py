"""Daily arXiv lists written as bullets or as one heading per paper (cv-arxiv-daily's
`use_md_table: false` / WeChat output and its `today_md` page), read by the daily importer."""

from __future__ import annotations

from readlist.importers.arxiv_daily import ArxivDailyImporter
from readlist.importers.arxiv_lists import item_draft
from readlist.importers.markdown_tools import parse
from tests.importers.helpers import detected, fixture

daily = ArxivDailyImporter()

WECHAT = """> Updated on 2024.06.05
## SLAM
- 2024-06-04, **Q-SLAM: Quadric Representations for Monocular SLAM**, Chensheng Peng et.al., Paper: [http://arxiv.org/abs/2403.08125](http://arxiv.org/abs/2403.08125)
- 2024-06-03, **GlORIE-SLAM: Globally Optimized RGB-only Implicit Encoding Point Cloud SLAM**, Ganlin Zhang et.al., Paper: [http://arxiv.org/abs/2403.19549](http://arxiv.org/abs/2403.19549), Code: **[https://github.com/zhangganlin/glorie-slam](https://github.com/zhangganlin/glorie-slam)**
"""


def test_the_list_form_is_a_daily_list_with_every_field() -> None:
    assert detected(WECHAT) == "arxiv-daily"
    draft = daily.parse(WECHAT)
    assert (draft.date, draft.sections) == ("2024-06-05", ["SLAM"])
    qslam, glorie = draft.papers
    assert (qslam.title, str(qslam.arxiv), qslam.date) == (
        "Q-SLAM: Quadric Representations for Monocular SLAM", "2403.08125", "2024-06-04")
    assert (qslam.authors, qslam.authors_complete) == (["Chensheng Peng"], False)  # et.al.
    assert qslam.links == {"abstract": "http://arxiv.org/abs/2403.08125"}
    assert glorie.links["code"] == "https://github.com/zhangganlin/glorie-slam"
    assert glorie.categories == ["SLAM"] and glorie.line == 4


def test_list_variants_bold_dates_commas_in_titles_and_two_categories() -> None:
    text = fixture("arxiv_daily_list.md")
    assert detected(text) == "arxiv-daily"
    draft = daily.parse(text)
    assert (draft.date, draft.sections, draft.skipped) == ("2024-06-05", ["SLAM", "SFM"], [])
    qslam, glorie, dense, tfs = draft.papers  # the bullet without an arXiv link is no paper
    assert qslam.title == "Q-SLAM: Quadric Representations, Fast, Robust"
    assert (glorie.date, str(glorie.arxiv)) == ("2024-06-03", "2403.19549v2")  # a bold date
    assert glorie.categories == ["SLAM", "SFM"] and glorie.section == "SLAM"  # one paper
    assert dense.title == "Dense $\\mathcal{SLAM}$ with \\{braces\\} for All"  # as written
    assert (dense.authors, tfs.title) == (["Ana Núñez"], "TFS Recognition: Investigating MPH]{Thai Finger Spelling")
    assert tfs.links == {"abstract": "http://arxiv.org/abs/2201.03170v1"}


def test_an_item_reads_its_fields_whatever_their_order_and_labels() -> None:
    raw = ("**Title First, With Comma**, 2024-06-02, Ann Bee, Cy Dee, "
           "[code](https://github.com/a/b), [2406.00001v2](https://arxiv.org/pdf/2406.00001v2)")
    doc = parse("- " + raw)
    found = item_draft(doc, doc.tokens[3].content, 0, strict=True)
    assert found is not None
    assert (found.title, found.date, found.authors, found.authors_complete) == (
        "Title First, With Comma", "2024-06-02", ["Ann Bee", "Cy Dee"], True)
    assert found.links == {"code": "https://github.com/a/b",
                           "pdf": "https://arxiv.org/pdf/2406.00001v2"}


def test_the_today_page_one_heading_per_paper() -> None:
    text = fixture("arxiv_daily_today.md")
    assert detected(text) == "arxiv-daily"  # the <details> table of contents first
    draft = daily.parse(text)
    nerf, editing, slam = draft.papers
    assert draft.sections == ["NeRF", "SLAM"]
    assert nerf.title == "NeRF-AD: Neural Radiance Field with Attention-based Disentanglement"
    assert (nerf.authors, nerf.authors_complete) == (["Chongke Bi", "Xiaoxing Liu", "Zhilei Liu"], True)
    assert nerf.abstract == "Talking face synthesis driven by audio & video, where x<y and $a<b$."
    assert (nerf.comment, nerf.categories) == ("Accepted by ICASSP 2024", ["NeRF"])
    assert editing.title == "Exploration of $\\mathcal{N}$eRF-based Scene Editing"
    assert (str(editing.arxiv), editing.comment) == ("2401.12456v2", "12 pages, 4 figures")
    assert (slam.comment, slam.categories, slam.abstract) == (None, ["SLAM"], "We map.")


POST = """---
title: ICML 2024 picks
date: 2024-07-20
---
## Legend
- 🔴 personal interest
## LLM
- **[Scaling Laws for Precision](https://arxiv.org/abs/2411.04330)** (oral) 🔴
  - 2024-07-01: **great** talk, see [slides](https://arxiv.org/abs/2411.04330)
- 2024-07-02 **[Self-Play Preference Optimization](https://arxiv.org/abs/2405.00675)** 🔵
- [Chain-of-Thought Reasoning Without Prompting](https://arxiv.org/abs/2402.10200) 🟡
"""


def test_posts_with_bullets_links_and_emoji_are_no_daily_lists() -> None:
    assert not daily.sniff(POST)
    assert detected(POST) == "post"
    note = "- 2024-07-01, **Great Talk**, Ann Bee, see [slides](https://arxiv.org/abs/2411.04330)"
    assert not daily.sniff(note)  # the link is not written as a generated list writes it
    assert daily.sniff(note.replace("see [slides]", "Paper: [slides]"))
    assert not daily.sniff(fixture("hf_daily_traps.md"))  # `### [Title](arXiv)` + Authors:
    assert not daily.sniff(fixture("post_siblings.md"))


def test_a_heading_link_without_the_abstract_block_is_no_paper_heading() -> None:
    text = "## NeRF\n\n### [A Title](http://arxiv.org/abs/2401.12568)\nAnn One, Bo Two\n\nText.\n"
    assert not daily.sniff(text)


def test_links_before_the_title_count_too() -> None:
    doc = parse("- [PDF](https://arxiv.org/pdf/2406.00002) 2024-06-01 **A Title Last**, Ann Bee")
    found = item_draft(doc, doc.tokens[3].content, 0)
    assert found is not None and str(found.arxiv) == "2406.00002"
    assert (found.title, found.date, found.authors) == ("A Title Last", "2024-06-01", ["Ann Bee"])


def test_a_heading_over_labelled_fields_is_a_paper() -> None:
    text = fixture("arxiv_daily_fields.md")
    assert detected(text) == "arxiv-daily"
    draft = daily.parse(text)
    trprompt, gmtp = draft.papers  # "Further reading" has no arXiv paper under it
    assert (draft.title, draft.sections, draft.skipped) == ("自然语言处理 cs.CL", ["最新发布", "更新"], [])
    assert trprompt.title == "TRPrompt: Bootstrapping Query-Aware Prompt Optimization from Textual Rewards"
    assert str(trprompt.arxiv) == "2507.18618v2"  # the newer version listed under 更新
    assert trprompt.authors == ["Andreea Nica", "Ivan Zakazov", "Nicolas Mario Baldwin"]
    assert trprompt.abstract == (
        "Prompt optimization improves the reasoning abilities of large language models (LLMs) "
        "without requiring parameter updates: $\\mathcal{L}_{\\text{task}}$ stays as written.")
    assert trprompt.summary == "论文提出TRPrompt框架，用于优化大语言模型的提示（prompt）。"
    assert trprompt.categories == ["最新发布", "cs.CL", "cs.LG", "更新"]
    assert trprompt.also_in == [("更新", None)] and trprompt.section == "最新发布"
    assert (gmtp.comment, gmtp.links) == ("18 pages, accepted to ACL Findings 2025",
                                          {"pdf": "http://arxiv.org/pdf/2507.18202v1"})


def test_a_daily_papers_digest_is_no_heading_over_fields() -> None:
    hf = ("## Daily Papers (2024-10-11)\n\n### [A Title](https://arxiv.org/abs/2410.08196)\n\n"
          "Authors: Ann One, Bo Two\n\n- **Abstract**: We study things.\n")
    assert not daily.sniff(hf)  # a linked title: the Daily Papers importer's
    numbered = ("## 1. AgentDoG 1.5: Alignment for Agent Safety\n\n**Authors:** Ann One, Bo Two\n"
                "**arXiv:** [arxiv.org/abs/2605.29801](https://arxiv.org/abs/2605.29801)\n"
                "**Upvotes:** 127 | **Sources:** HuggingFace Daily Papers\n\n"
                "**Summary:** A safety framework.\n\n**Why trending:** Top paper of the day.\n")
    assert not daily.sniff(numbered)  # votes: a Daily Papers digest
    found = daily.parse(numbered).papers[0]  # when asked for, still read whole
    assert (str(found.arxiv), found.summary) == ("2605.29801", "A safety framework.")
    assert found.title == "AgentDoG 1.5: Alignment for Agent Safety"  # no "1. "


REPORTER = """# UnWeaving the knots of GraphRAG -- turns out VectorRAG is almost enough

**Authors**: Ryszard Tuora, Mateusz Galiński

**Link**: [PDF](https://arxiv.org/pdf/2603.29875)

**Abstract**: One of the key problems in RAG systems is that chunk-based retrieval
pipelines represent the source chunks as atomic objects.

---
# UltRAG: a Universal Simple Scalable Recipe for Knowledge Graph RAG

**Authors**: Dobrik Georgiev, Kheeran Naidu

**Link**: [PDF](https://arxiv.org/pdf/2603.28773)

**Abstract**: Large language models (LLMs) frequently generate confident yet factually incorrect content.

---
"""


def test_english_labelled_fields_under_a_title_heading() -> None:
    assert detected(REPORTER) == "arxiv-daily"
    unweaving, ultrag = daily.parse(REPORTER).papers
    assert unweaving.title == "UnWeaving the knots of GraphRAG -- turns out VectorRAG is almost enough"
    assert (str(unweaving.arxiv), unweaving.authors) == ("2603.29875", ["Ryszard Tuora", "Mateusz Galiński"])
    assert unweaving.abstract == ("One of the key problems in RAG systems is that chunk-based retrieval "
                                  "pipelines represent the source chunks as atomic objects.")
    assert ultrag.links == {"pdf": "https://arxiv.org/pdf/2603.28773"}


TEMPLATED = """# daily-papers

## 2025-06-10

### Scaling Laws for Precision

[arXiv](http://arxiv.org/abs/2411.04330v2)

**Authors:** Tanishq Kumar, Zachary Ankner

**Category:** cs.LG

**Summary:** We devise precision-aware scaling laws.

---
"""


def test_an_arxiv_link_above_the_fields_and_a_day_heading() -> None:
    assert detected(TEMPLATED) == "arxiv-daily"
    (paper,) = daily.parse(TEMPLATED).papers
    assert (str(paper.arxiv), paper.date, paper.categories) == ("2411.04330v2", "2025-06-10", ["cs.LG"])
    assert (paper.authors, paper.summary) == (["Tanishq Kumar", "Zachary Ankner"],
                                              "We devise precision-aware scaling laws.")


QUOTED = """## 📑 论文列表

> ### 3. A Multi\\-Dataset Benchmark of YOLO\\-Based Weed Detection
>
> | 属性 | 内容 |
> |:---:|:---|
> | 📅 发布日期 | 2026-09-27 |
> | 👤 作者 | Hristina Zdraveska |
>
> **📄 英文摘要：**
> Weed detection matters, with an in\\-domain mAP$\\_\\{50:95\\}$ of 0.603 \\(or less\\).
>
> 🔗 [阅读论文](http://arxiv.org/abs/2609.33991v1)

---
"""


def test_a_quoted_heading_over_a_field_table_and_a_link_line() -> None:
    assert detected(QUOTED) == "arxiv-daily"
    (paper,) = daily.parse(QUOTED).papers
    assert paper.title == "A Multi-Dataset Benchmark of YOLO-Based Weed Detection"  # unescaped
    assert (str(paper.arxiv), paper.date, paper.authors) == ("2609.33991v1", "2026-09-27", ["Hristina Zdraveska"])
    # the link line is not part of the abstract; escapes go, except in math
    assert paper.abstract == "Weed detection matters, with an in-domain mAP$\\_\\{50:95\\}$ of 0.603 (or less)."
