"""The daily arXiv list importer (family 001)."""

from __future__ import annotations

import pytest

from readlist.importers.abstract_split import split_abstract
from readlist.importers.arxiv_daily import ArxivDailyImporter
from readlist.importers.arxiv_table import split_authors
from readlist.importers.base import PaperDraft, ParseError
from tests.importers.helpers import detected, fixture

daily = ArxivDailyImporter()


def test_one_draft_per_paper_in_table_order() -> None:
    draft = daily.parse(fixture("arxiv_daily_traps.md"))
    assert [str(p.arxiv) for p in draft.papers] == [
        "2406.00001v1", "2406.00002v2", "2406.00003v1", "2406.00004v1", "2406.00005v1",
    ]
    assert draft.family == "arxiv-daily"
    assert draft.sections == ["LLM", "Robotics"]
    assert draft.date == "2024-06-05"  # the "Updated on" heading wins over the rows' dates
    assert draft.title is None  # `# of parameters` inside an abstract is not a title


def test_pipes_in_titles_escaped_or_not() -> None:
    papers = daily.parse(fixture("arxiv_daily_traps.md")).papers
    assert papers[0].title == "Escaped | pipe in a title"
    assert papers[1].title == "Unescaped | pipe title"  # the extra cell belongs to the title
    assert papers[1].links["code"] == "https://github.com/bob/pipes"
    assert papers[1].date == "2024-06-04"  # the columns after the title stay aligned


def test_row_fields_null_code_and_latex_title() -> None:
    papers = daily.parse(fixture("arxiv_daily_traps.md")).papers
    first = papers[0]
    assert first.links == {"abstract": "http://arxiv.org/abs/2406.00001v1"}  # `null` is no URL
    assert first.date == "2024-06-04" and first.line == 6
    assert papers[2].links.get("code") is None  # an empty code cell
    latex = papers[3]
    assert latex.title == "$\\mathcal{O}(n^2)$ attention for L$^2$M"
    assert (latex.authors, latex.authors_complete) == (["Dan Dee"], False)  # et.al., no abstract


def test_abstract_blocks_merge_into_the_rows() -> None:
    papers = daily.parse(fixture("arxiv_daily_traps.md")).papers
    first = papers[0]
    assert (first.authors, first.authors_complete) == (["Alice Able", "Al Bee", "Al Cee"], True)
    assert first.abstract == (
        "We study pipes in titles. This abstract is hard-wrapped and one - to improve the "
        "length extension is a line that looks like a list item, and # of parameters is a "
        "line that looks like a heading, and 1. this one looks like an ordered list."
    )
    assert first.abstract_translated == "我們研究標題中的管道。這一行被換行了。"
    second = papers[1]
    assert second.abstract == (
        "An abstract with LaTeX: $x_1 + \\alpha^2$ and $\\mathbf{W}_{q}$ stays as written."
    )
    assert second.abstract_translated == "Un résumé en français, sur deux lignes."


def test_a_paper_in_two_categories_is_one_draft() -> None:
    twice = daily.parse(fixture("arxiv_daily_traps.md")).papers[2]
    assert twice.title == "Listed Under Two Categories"
    assert twice.categories == ["LLM", "Robotics"] and twice.section == "LLM"
    assert twice.also_in == [("Robotics", None)]  # the abstract block adds no place
    assert twice.abstract == "First paragraph of Carol's abstract.\n\nSecond paragraph of Carol's abstract."
    assert twice.abstract_translated == "卡罗尔的摘要。\n\n第二段。"


def test_abstract_without_id_line_merges_by_title_and_orphans_are_skipped() -> None:
    draft = daily.parse(fixture("arxiv_daily_traps.md"))
    robots = draft.papers[4]
    assert robots.abstract == "The robots abstract has no id line but the title matches a table row."
    assert [(s.reason, s.line) for s in draft.skipped] == [
        ("table row has neither a title nor an arXiv id", 16),
        ("abstract without an arXiv id or a matching table row", 54),
    ]


def test_sibling_columns_are_mapped_by_header_name() -> None:
    draft = daily.parse(fixture("arxiv_daily_sibling.md"))
    mirror, linked, old = draft.papers
    assert draft.title == "arxiv-daily" and draft.sections == ["Physics", "Vision"]
    assert str(mirror.arxiv) == "2406.12816v1"
    assert mirror.links == {"pdf": "http://arxiv.org/pdf/2406.12816v1"}
    assert (mirror.authors, mirror.authors_complete) == (["Berthy T. Feng"], True)  # no et.al.
    assert linked.title == "A Linked Title" and str(linked.arxiv) == "2406.12839v3"
    assert linked.date == "2024-06-17"
    assert (linked.authors, linked.authors_complete) == (["Ann One", "Bo Two"], True)
    assert old.arxiv is not None and old.arxiv.id == "math/0309136"
    assert old.authors == ["Cy Three", "Di Four"]
    assert draft.date == "2024-08-14"  # "Automated deployment @ ...", not the newest row


def test_translation_detection() -> None:
    english, translated = split_abstract(["An English", "abstract.", "", "要約：日本語の", "要約。"])
    assert (english, translated) == ("An English abstract.", "日本語の要約。")
    english, translated = split_abstract(["English.", "", "没有标签的中文摘要。", "", "---"])
    assert (english, translated) == ("English.", "没有标签的中文摘要。")
    assert split_abstract(["Background: one", "", "Results: two"]) == (
        "Background: one\n\nResults: two", None)


def test_not_a_daily_list() -> None:
    with pytest.raises(ParseError):
        daily.parse("| a | b |\n|---|---|\n| 1 | 2 |\n")


@pytest.mark.parametrize("name", ["arxiv_daily_traps.md", "arxiv_daily_sibling.md",
                                  "arxiv_daily_columns.md", "arxiv_daily_layouts.md",
                                  "arxiv_daily_legacy.md"])
def test_detect_picks_the_daily_importer(name: str) -> None:
    assert daily.sniff(fixture(name))
    assert detected(fixture(name)) == "arxiv-daily"


def test_a_pipe_inside_math_or_a_link_splits_no_cell() -> None:
    first, linked, _ = daily.parse(fixture("arxiv_daily_columns.md")).papers
    assert str(first.arxiv) == "2406.08001v1" and first.links["code"] == "https://github.com/ann/pim"
    assert linked.title == "Posterior Inference with $p(y|x)$" and str(linked.arxiv) == "2406.08002v2"


def test_an_abstract_column_holds_the_abstract_or_a_link() -> None:
    details, chinese, linked = daily.parse(fixture("arxiv_daily_columns.md")).papers
    assert details.abstract == "We learn $\\pi_\\theta(a|s)$ and $p(y|x)$ directly."
    assert (chinese.abstract, chinese.abstract_translated) == (None, "我们直接计算后验 $p(y|x)$。")
    assert str(linked.arxiv) == "2406.08003v1"
    assert linked.links == {"abstract": "http://arxiv.org/abs/2406.08003v1"}
    assert linked.abstract is None


def test_truncated_author_lists_are_incomplete_and_a_solo_author_is_complete() -> None:
    assert split_authors("Ann Bee, Cy Dee, ...") == (["Ann Bee", "Cy Dee"], False)
    assert split_authors("Ann Bee, …") == (["Ann Bee"], False)
    assert split_authors("Ann Bee et al. ...") == (["Ann Bee"], False)
    assert split_authors("Sweet al") == (["Sweet al"], True)  # a name, not "et al"
    first, solo, _ = daily.parse(fixture("arxiv_daily_columns.md")).papers
    # the abstract block's full list beats the row's `A, B, ...`
    assert (first.authors, first.authors_complete) == (["Ann Bee", "Cy Dee", "Eve Eff"], True)
    assert (solo.authors, solo.authors_complete) == (["Xin Solo"], True)


def test_an_updated_on_blockquote_dates_the_list() -> None:
    assert daily.parse(fixture("arxiv_daily_columns.md")).date == "2024-06-05"


def _layouts() -> dict[str, PaperDraft]:
    return {p.title: p for p in daily.parse(fixture("arxiv_daily_layouts.md")).papers}


def test_english_openings_that_look_like_labels_stay_english() -> None:
    papers = _layouts()
    assert papers["Naive Labels"].abstract == "Naïve RL: train a large policy, then distil it."
    speech = papers["Speech-to-Speech Translation Model"]
    assert speech.abstract == "Speech-to-speech translation: we present a direct model."
    assert speech.abstract_translated == "我们提出了一种直接模型。"


def test_latin_script_translation_labels() -> None:
    papers = _layouts()
    assert papers["Naive Labels"].abstract_translated == (
        "RL naïf : entraîner une grande politique, puis la distiller.")
    assert papers["Latin Labels"].abstract_translated == "Contamos as línguas."
    assert split_abstract(["English.", "", "Zusammenfassung: Deutsch."]) == (
        "English.", "Deutsch.")


def test_translation_first_or_on_the_next_line() -> None:
    papers = _layouts()
    first = papers["Translation First"]
    assert (first.abstract, first.abstract_translated) == (
        "We put the translation first.", "我们把译文放在前面。")
    glued = papers["No Blank Line"]
    assert (glued.abstract, glued.abstract_translated) == (
        "We study abstracts without a blank line.", "我们研究没有空行的摘要。")
    # a wrapped English line opening with an English label word is no translation
    assert split_abstract(["We study speech-to-speech", "translation: a direct model."]) == (
        "We study speech-to-speech translation: a direct model.", None)


def test_a_category_heading_ends_the_last_abstract_even_over_a_shortcode() -> None:
    papers = daily.parse(fixture("arxiv_daily_layouts.md")).papers
    only = next(p for p in papers if p.arxiv and p.arxiv.id == "2406.09006")
    # neither `## NeRF` nor the `{{< table >}}` shortcode under it
    assert (only.abstract, only.abstract_translated) == (
        "An abstract without a table row.", "没有表格行的摘要。")


def test_footer_reference_definitions_are_not_part_of_an_abstract() -> None:
    last = _layouts()["Last Paper"]
    assert last.abstract_translated == "页脚之前的最后一个摘要。"


def test_a_paper_only_in_the_abstracts_takes_its_category() -> None:
    draft = daily.parse(fixture("arxiv_daily_layouts.md"))
    only = {p.title: p for p in draft.papers}["Only In Abstracts | Escaped"]
    # the `# of languages` abstract line above it is no heading that ends the category
    assert (only.categories, only.section) == (["SLAM"], "SLAM")
    assert draft.sections == ["SLAM", "NeRF"]


def test_an_escaped_pipe_in_an_abstract_heading_is_unescaped() -> None:
    assert "Only In Abstracts | Escaped" in _layouts()


def test_the_legacy_layout_with_day_headings() -> None:
    text = fixture("arxiv_daily_legacy.md")
    draft = daily.parse(text)
    vit, detic = draft.papers
    assert draft.date == "2022-01-04" and draft.sections == []
    assert (vit.date, vit.categories, vit.links["code"]) == (
        "2022-01-04", [], "https://github.com/LeapLabTHU/DAT")  # listed on two days: one paper
    assert (detic.date, str(detic.arxiv), detic.links.get("code")) == (
        "2022-01-03", "2201.02605v2", None)
    assert detected(text) == "arxiv-daily"


def test_sniff_does_not_claim_a_table_parse_cannot_read() -> None:
    bad = ("## LLM\n|Publish Date|Title|Authors|PDF|Code|\n|---|---|---|---|\n"
           "|**2024-06-04**|**A Paper**|Ann et.al.|[2406.02511](http://arxiv.org/abs/2406.02511)|null|\n")
    assert not daily.sniff(bad)
    with pytest.raises(ParseError):
        daily.parse(bad)
    assert detected(bad) == "generic"
    good = bad.replace("|---|---|---|---|", "|---|---|---|---|---|")
    assert daily.sniff(good)
    assert not daily.sniff(good.replace("## LLM\n", "```\n") + "```\n")  # code, not a table


def test_a_last_update_paragraph_dates_the_list_and_comments_are_kept() -> None:
    draft = daily.parse(fixture("arxiv_daily_dailyarxiv.md"))
    assert (draft.title, draft.date) == ("Daily Papers", "2025-04-25")  # not the newest row
    online, pca, gnn = draft.papers
    assert (online.comment, online.categories) == ("8 pages, 5 figures", ["Time Series", "Spatio Temporal"])
    assert pca.comment == "Accepted to ICCS 2025"  # the folded cell's text, not its summary
    assert gnn.comment is None and gnn.blurb is None  # an empty cell
    assert gnn.title == "ST-GNN: Graphs <and> Grids"


def test_text_between_angle_brackets_that_is_no_tag_stays_in_an_abstract_cell() -> None:
    gnn = daily.parse(fixture("arxiv_daily_dailyarxiv.md")).papers[2]
    assert gnn.abstract == "We study x<y and y>z, bold and $\\sum_{\\tau<t}$."


def test_a_date_in_prose_is_not_the_lists_date() -> None:
    text = fixture("arxiv_daily_dailyarxiv.md").replace(
        "Last update: 2025-04-25", "We started on 2020-01-01 and updated it since.")
    assert daily.parse(text).date == "2025-04-23"  # no "update" opening a line: the newest row


MILL413 = """## 小目标

| Publish Date | Title | Authors | PDF | Code |   |
| :--- | :--- | :--- | :--- | :--- | :--- |
| **2024/01/11** | The chiral phase transition | Robert D. Pisarski et al. | 2401.06130v1 | http://arxiv.org/abs/2401.06130v1 | **NULL** |
| **2024/01/11** | Shifted With Code | Ann Bee et al. | 2401.06131v1 | http://arxiv.org/abs/2401.06131v1 | [link](https://github.com/a/b) |
| **2024/01/11** | PDF In The Code Column | Bo Dee et al. | 2401.06132v1 | [pdf](https://arxiv.org/pdf/2401.06132v1) |  |
"""


def test_an_arxiv_link_in_the_code_column_is_the_papers_page_never_its_code() -> None:
    chiral, shifted, pdf = daily.parse(MILL413).papers
    assert chiral.links == {"abstract": "http://arxiv.org/abs/2401.06130v1"}
    assert (chiral.date, chiral.authors, chiral.authors_complete) == (
        "2024-01-11", ["Robert D. Pisarski"], False)
    assert shifted.links == {"abstract": "http://arxiv.org/abs/2401.06131v1",
                             "code": "https://github.com/a/b"}  # shifted into the spare column
    assert pdf.links == {"pdf": "https://arxiv.org/pdf/2401.06132v1"}


def test_a_row_wrapped_over_several_lines_is_one_paper_with_its_abstract() -> None:
    draft = daily.parse(fixture("arxiv_daily_wrapped.md"))
    twisted, tabular, one_line = draft.papers
    assert (draft.sections, draft.skipped) == (["LLM", "Robotics"], [])
    assert twisted.title == "Probabilistic Inference in Language Models via Twisted Sequential Monte Carlo"
    assert (str(twisted.arxiv), twisted.date, twisted.authors) == ("2404.17546v1", "2024-04-26", ["Stephen Zhao"])
    assert twisted.abstract == (
        "Numerous capability and safety techniques of Large Language Models (LLMs), including "
        "RLHF, automated red-teaming, prompt engineering, and infilling, can be cast as "
        "sampling from an unnormalized target distribution.")
    assert twisted.links == {"abstract": "http://arxiv.org/abs/2404.17546v1"}
    # a wrapped line that looks like a list item ends no table
    assert tabular.abstract is not None and "- to improve it, we corrupt" in tabular.abstract
    assert tabular.links["code"] == "https://github.com/willtop/tabular-class-conditioned-ssl"
    assert (tabular.categories, tabular.also_in) == (["LLM", "Robotics"], [("Robotics", None)])
    assert (str(one_line.arxiv), one_line.authors, one_line.abstract) == ("2404.17001v2", ["Ann Bee"], None)


def test_html_tables_under_day_headings_are_read_like_markdown_ones() -> None:
    text = fixture("arxiv_daily_html.md")
    assert detected(text) == "arxiv-daily"
    draft = daily.parse(text)
    coderag, racap, slides = draft.papers
    assert (draft.title, draft.date, draft.skipped) == ("📚 RAG Paper Daily", "2025-09-19", [])
    assert (coderag.title, str(coderag.arxiv), coderag.date) == (
        "CodeRAG: Finding Relevant & Necessary Knowledge", "2509.16112v1", "2025-09-19")
    assert coderag.abstract == ("Repository-level code completion automatically predicts the "
                                "unfinished code based on the broader information from the repository.")
    assert coderag.summary == "这篇论文提出了一个名为CodeRAG的框架。"
    # a blank line inside a cell ends markdown-it's HTML block, not the table
    assert racap.abstract == ("Recent methods incorporate external knowledge, where x<y and $a<b$."
                              "\n\nWe propose RACap, a relation-aware model.")
    assert racap.summary == "这篇论文提出了RACap模型。" and racap.line == 5  # its <tr> line
    assert (slides.date, slides.summary) == ("2025-09-18", "本文研究幻灯片检索。")  # no <think>


THINK = """## Reinforcement Learning

| Publish Date | Title | Authors | PDF | Code | 摘要 | TL;DR |
|:---------|:-----------------------|:---------|:------|:------|:------|:------|
|**2026-05-01**|**Learning while Deploying**|Yi Wang et.al.|[2605.00416](http://arxiv.org/abs/2605.00416)|null|<think> 好的，我现在需要帮用户总结这篇论文。 </think> 问题：离线数据不足。|<think>Unclosed reasoning|
|**2026-04-29**|**ATLAS: An Annotation Tool**|Sergej Stanovcic et.al.|[2604.26637](http://arxiv.org/abs/2604.26637)|null|An English abstract.|Short <b>summary</b>.|
"""


def test_abstract_and_summary_columns_drop_a_models_reasoning() -> None:
    deploying, atlas = daily.parse(THINK).papers
    assert (deploying.abstract, deploying.abstract_translated) == (None, "问题：离线数据不足。")
    assert deploying.summary is None  # nothing but reasoning, never closed
    assert (atlas.abstract, atlas.summary) == ("An English abstract.", "Short summary.")


MONTHLY = """## 最新论文

### 2026年06月

| &nbsp;Date&nbsp;&nbsp; | Paper | Links & Summary |
| --- | --- | --- |
| <span style='width: 42px;'>06-08</span> | **AGENTSERVESIM: A Simulator**<br><sub>机构: University of Central Florida<br>本文提出了 AGENTSERVESIM 模拟器。</sub>| <div>[![arXiv](https://img.shields.io/badge/arXiv-Paper-%23D2691E?logo=arxiv)](https://arxiv.org/pdf/2606.09613v1)</div><div>[![Summary](https://img.shields.io/badge/Sum.-Read-blue)](summary/2026-06/2606.09613.md) <div>[![GitHub](https://img.shields.io/badge/GitHub-View-brightgreen?logo=github)](https://github.com/ann/agentservesim)</div> |

### 2025年12月

| &nbsp;Date&nbsp;&nbsp; | Paper | Links & Summary |
| --- | --- | --- |
| <span>12/31</span> | **Vortex: Sparse Attention Serving** | [![arXiv](https://img.shields.io/badge/arXiv-Paper)](https://arxiv.org/pdf/2512.06453v1) |
"""


def test_a_month_headed_table_of_badges_and_title_notes() -> None:
    agent, vortex = daily.parse(MONTHLY).papers
    assert (agent.title, str(agent.arxiv), agent.date) == (
        "AGENTSERVESIM: A Simulator", "2606.09613v1", "2026-06-08")  # the heading's year
    assert agent.links == {"pdf": "https://arxiv.org/pdf/2606.09613v1",
                           "code": "https://github.com/ann/agentservesim"}  # the GitHub badge
    assert agent.summary == "机构: University of Central Florida\n本文提出了 AGENTSERVESIM 模拟器。"
    assert (vortex.date, vortex.summary, vortex.links.get("code")) == ("2025-12-31", None, None)


SCROLL = """---
title: arXiv·cs.CV 中文要点汇总 - 2025-10-12
---

# arXiv·cs.CV 中文要点汇总（2025-10-12）

| # | 题目 | 一句话要点 | 关键词 |
|---:|---|---|---|
| 1 | [StreamingVLM: Real-Time Understanding](./papers/251009608v1-streamingvlm.html) | 提出StreamingVLM以解决延迟问题 | 视频流理解, KV缓存 |
| 2 | [VITA-VLA: Teaching Models to Act](./papers/251009607v1-vita-vla.html) | 提出动作专家蒸馏框架 | 知识蒸馏 |
"""


def test_chinese_headers_and_titles_linked_to_the_lists_own_pages() -> None:
    assert detected(SCROLL) == "arxiv-daily"  # no arXiv link, but an arXiv list by its title
    draft = daily.parse(SCROLL)
    streaming, vita = draft.papers
    assert (streaming.title, streaming.arxiv, streaming.links) == (
        "StreamingVLM: Real-Time Understanding", None, {})  # a relative link is not the paper's
    assert (streaming.summary, vita.summary) == ("提出StreamingVLM以解决延迟问题", "提出动作专家蒸馏框架")
    assert draft.date == "2025-10-12"
    assert not daily.sniff(SCROLL.replace("arXiv·", ""))  # any table of titles is not a list
