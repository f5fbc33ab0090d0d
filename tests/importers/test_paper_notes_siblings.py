"""Sibling shapes of the LLM-written paper notes (family 003): titles one level down, paper
links written without Markdown, front matter, a link above its title, and what is not notes."""

from __future__ import annotations

import pytest

from readlist.importers.paper_notes import PaperNotesImporter
from tests.importers.helpers import detected, fixture

notes = PaperNotesImporter()


def _note(title: str, link: str | None, tweet: str, level: int = 1) -> str:
    mark, sub = "#" * level, "#" * (level + 1)
    head = f"{mark} {title}\n\n" + (f"{link}\n\n" if link else "")
    return head + (f"{sub} 1. What could previous research not do?\n\nSomething.\n\n"
                   f"{sub} 8. Summarize this paper in a tweet\n\n{tweet}\n")


H2_DIGEST = (
    "# Paper notes — 2025-03-10\n\n"
    + _note("Visual-RFT: Visual Reinforcement Fine-Tuning",
            "[View Paper](https://arxiv.org/abs/2503.01785)", "vision RL 👁️ #RL", level=2)
    + "\n---\n\n"
    + _note("Process-based Self-Rewarding Language Models",
            "[View Paper](https://arxiv.org/abs/2503.03746)", "math judge 🧮 #LLM", level=2)
)


def test_titles_one_level_under_a_document_title_are_the_papers() -> None:
    assert detected(H2_DIGEST) == "paper-notes"
    draft = notes.parse(H2_DIGEST)
    assert [p.title for p in draft.papers] == [
        "Visual-RFT: Visual Reinforcement Fine-Tuning",
        "Process-based Self-Rewarding Language Models",
    ]
    assert [str(p.arxiv) for p in draft.papers] == ["2503.01785", "2503.03746"]
    assert [p.summary for p in draft.papers] == ["vision RL 👁️ #RL", "math judge 🧮 #LLM"]
    assert draft.title == "Paper notes — 2025-03-10" and draft.date == "2025-03-10"
    first = draft.papers[0].notes
    assert first is not None and first.startswith("[View Paper]") and "### 1." in first
    assert not first.endswith("---")  # the separator is not part of the note


def test_a_tweet_right_over_the_separator_closes_a_note_one_level_down() -> None:
    text = H2_DIGEST.replace("vision RL 👁️ #RL\n\n---", "vision RL 👁️ #RL\n---")
    assert "#RL\n---" in text
    first, second = notes.parse(text).papers
    assert first.summary == "vision RL 👁️ #RL"
    assert first.notes is not None and first.notes.endswith("vision RL 👁️ #RL")
    assert second.title == "Process-based Self-Rewarding Language Models"


def test_numbered_sections_are_never_papers_even_with_a_link_under_them() -> None:
    text = _note("Real Paper", "[View Paper](https://arxiv.org/abs/2501.00001)", "t").replace(
        "Something.", "[Attention](https://arxiv.org/abs/1706.03762)")
    [paper] = notes.parse(text).papers
    assert paper.title == "Real Paper" and str(paper.arxiv) == "2501.00001"


def test_a_paper_title_that_starts_with_a_number_is_still_a_paper() -> None:
    text = _note("1.58-bit LLMs", "[View Paper](https://arxiv.org/abs/2402.17764)", "ternary")
    [paper] = notes.parse(text).papers
    assert paper.title == "1.58-bit LLMs" and paper.summary == "ternary"


def test_a_heading_above_the_papers_ends_the_note_before_it() -> None:
    text = H2_DIGEST + "\n# Appendix\n\nUnrelated closing words.\n"
    last = notes.parse(text).papers[-1]
    assert last.notes is not None and "Appendix" not in last.notes
    assert last.summary == "math judge 🧮 #LLM"


@pytest.mark.parametrize(("line", "arxiv", "links"), [
    ("論文URL: https://arxiv.org/abs/2503.04625v1", "2503.04625v1",
     {"abstract": "https://arxiv.org/abs/2503.04625v1"}),
    ("https://arxiv.org/abs/2503.10001", "2503.10001",
     {"abstract": "https://arxiv.org/abs/2503.10001"}),
    ("**arXiv**: https://arxiv.org/pdf/2503.10006v3", "2503.10006v3",
     {"pdf": "https://arxiv.org/pdf/2503.10006v3"}),
    ("arXiv:2503.10007v2", "2503.10007v2", {}),
    ("Paper: <https://arxiv.org/abs/2503.10009>", "2503.10009",
     {"abstract": "https://arxiv.org/abs/2503.10009"}),
    ("[arXiv](https://arxiv.org/abs/2503.10005) | [PDF](https://arxiv.org/pdf/2503.10005v1)",
     "2503.10005", {"abstract": "https://arxiv.org/abs/2503.10005",
                    "pdf": "https://arxiv.org/pdf/2503.10005v1"}),
], ids=["label-bare-url", "bare-url", "bold-label", "arxiv-prefix", "autolink", "two-links"])
def test_paper_links_written_without_a_markdown_link(
        line: str, arxiv: str, links: dict[str, str]) -> None:
    text = _note("Paper One", line, "one") + "\n---\n\n" + _note("Paper Two", line, "two")
    assert detected(text) == "paper-notes"
    first, second = notes.parse(text).papers
    assert str(first.arxiv) == str(second.arxiv) == arxiv
    assert first.links == links
    assert first.summary == "one"


def test_a_number_in_a_sentence_under_the_title_is_not_the_paper_id() -> None:
    text = _note("Paper One", "We improve on 2503.10007 from arXiv by a wide margin overall.",
                 "one")
    [paper] = notes.parse(text).papers
    assert paper.arxiv is None


def test_front_matter_gives_the_title_and_date() -> None:
    body = _note("Paper One", "[View Paper](https://arxiv.org/abs/2501.00001)", "one")
    for key in ("date", "published_at", "created"):
        text = f"---\ntitle: \"Weekly notes\"\n{key}: 2025-03-07T09:00:00+09:00\n---\n\n{body}"
        assert detected(text) == "paper-notes"
        draft = notes.parse(text)
        assert (draft.title, draft.date) == ("Weekly notes", "2025-03-07")
        assert draft.papers[0].line == 6  # the file's own line numbers


def test_a_link_just_above_its_title_after_the_separator_is_that_papers() -> None:
    text = (_note("Paper One", "[View Paper](https://arxiv.org/abs/2501.00001)", "one")
            + "\n---\n\n📄 [View Paper](https://arxiv.org/abs/2503.05000)\n\n"
            + _note("A Title After Its Link", None, "two"))
    first, second = notes.parse(text).papers
    assert str(first.arxiv) == "2501.00001" and str(second.arxiv) == "2503.05000"
    assert first.notes is not None and "2503.05000" not in first.notes


def test_a_link_at_the_end_of_a_note_is_not_given_to_the_next_paper() -> None:
    # The writer put each link at the end of its note, before the separator.
    text = (_note("Paper One", None, "one") + "\n[View Paper](https://arxiv.org/abs/2501.00001)"
            + "\n\n---\n\n" + _note("Paper Two", None, "two")
            + "\n[View Paper](https://arxiv.org/abs/2501.00002)\n")
    first, second = notes.parse(text).papers
    assert first.arxiv is None and second.arxiv is None  # left alone rather than guessed


def test_a_section_less_note_does_not_take_the_next_papers_link_above_it() -> None:
    text = ("# Paper One\n\nJust prose, no sections.\n\n---\n\n"
            "[View Paper](https://arxiv.org/abs/2501.00002)\n\n"
            + _note("Paper Two", None, "two"))
    draft = notes.parse(text)
    assert [str(p.arxiv) for p in draft.papers] == ["2501.00002"]
    assert draft.papers[0].title == "Paper Two"


@pytest.mark.parametrize("text", [
    "# My reading list\n\n- [A](https://arxiv.org/abs/2501.00001)\n"
    "- [B](https://arxiv.org/abs/2501.00002)\n",
    "# My reading list\n\n[A](https://arxiv.org/abs/2501.00001)\n\n"
    "[B](https://arxiv.org/abs/2501.00002)\n\n## Older\n\n[C](https://arxiv.org/abs/2401.00003)\n",
    "# Saved\n\nhttps://arxiv.org/abs/2501.00001\n\nhttps://arxiv.org/abs/2501.00002\n",
], ids=["bullets", "link-paragraphs", "bare-urls"])
def test_a_plain_list_of_links_is_not_paper_notes(text: str) -> None:
    assert not notes.sniff(text)
    assert detected(text) == "generic"


def test_a_daily_papers_digest_is_not_paper_notes() -> None:
    text = ("# Daily Papers 2024-10-18\n\n## [Janus](https://huggingface.co/papers/2410.13848)\n\n"
            "Vote: 32\n\n## 2. [SemiEvol](https://arxiv.org/abs/2410.14745)\n\n"
            "[View Paper](https://arxiv.org/abs/2410.14745)\n\nVote: 20\n")
    assert not notes.sniff(text)


def test_markdown_escapes_in_a_title_are_syntax_as_in_the_other_families() -> None:
    text = _note("Q\\*: Planning with $\\alpha$-Search \\[Tech Report\\]",
                 "[View Paper](https://arxiv.org/abs/2406.14283)", "plan")
    [paper] = notes.parse(text).papers
    assert paper.title == "Q*: Planning with $\\alpha$-Search [Tech Report]"


# -- real siblings: single-paper note files, unnumbered sections, digests of notes -----------


def test_a_single_paper_note_with_its_link_in_a_citation_blockquote() -> None:
    # Obsidian vault notes: a citation blockquote ending in `> [View paper](…)`.
    text = fixture("paper_notes_single.md")
    assert notes.sniff(text)
    draft = notes.parse(text)
    [paper] = draft.papers  # not the cited paper, not the code comment
    assert paper.title.startswith("Optimal and heuristic strategies")
    assert str(paper.arxiv) == "2609.24398v1"
    assert paper.links == {"abstract": "http://arxiv.org/abs/2609.24398v1"}
    assert paper.summary == "Once coordinated accounts are found, how much did they *influence* the cascade?"
    assert paper.notes is not None and paper.notes.startswith("> Marco, N. D.")
    assert "# influence of a coordinated set" in paper.notes
    assert paper.notes.endswith("[[Nizzoli2020-cf]].")


def test_a_digest_of_notes_with_labelled_titles_and_a_tldr_section() -> None:
    text = fixture("paper_notes_digest_tldr.md")
    assert notes.sniff(text)
    draft = notes.parse(text)
    assert (draft.title, draft.date) == ("AI Agent Arxiv Digest — 2026-07-29", "2026-07-29")
    assert [p.title for p in draft.papers] == [
        "A Comparative Study of MCP and A2A for Inter-Agent Coordination",
        "ChannelGuard: Safe Models Do Not Compose into Safe Multi-Agent Systems",
    ]
    assert [str(p.arxiv) for p in draft.papers] == ["2607.23884", "2607.19430"]
    assert [p.links for p in draft.papers] == [
        {"abstract": "https://arxiv.org/abs/2607.23884"},
        {"abstract": "https://arxiv.org/abs/2607.19430"}]
    # The TL;DR section, not the take-away list that comes last.
    assert draft.papers[1].summary == "把幾個「安全的」模型串在一起，整條 pipeline 不會自動變安全。"
    last = draft.papers[1].notes
    assert last is not None and "參考資料" not in last and last.endswith("換 backend 後測一次安全性")


@pytest.mark.parametrize(("link", "arxiv"), [
    ("- **학회:** ICLR 2026 Poster\n- **링크:** https://arxiv.org/abs/2505.10565 / "
     "https://prior-depth-anything.github.io/\n- **코드:** https://github.com/x/y", "2505.10565"),
    ("> [← Daily summary](../2026-07-14.md) · [Hugging Face](https://huggingface.co/papers/"
     "2607.05394) · [arXiv](https://arxiv.org/abs/2607.05394)", "2607.05394"),
    ("**会议**: AAAI 2026  \n**arXiv**: [2508.01766](https://arxiv.org/abs/2508.01766)  \n"
     "**代码**: [github.com/farlit/VPN](https://github.com/farlit/VPN)", "2508.01766"),
], ids=["metadata-list", "link-blockquote", "labelled-lines"])
def test_one_paper_notes_with_unnumbered_sections_and_a_summary_heading(
        link: str, arxiv: str) -> None:
    text = (f"# Paper Title\n\n{link}\n\n## One-sentence takeaway\n\nThe gist.\n\n"
            "## Method\n\n### Key design\n\n#### 1. Step one\n\nx\n\n#### 2. Step two\n\ny\n\n"
            "## Limitations\n\nSome.\n")
    assert notes.sniff(text)
    [paper] = notes.parse(text).papers  # not `Key design`, whose sections are numbered
    assert paper.title == "Paper Title" and str(paper.arxiv) == arxiv
    assert paper.links == {"abstract": f"https://arxiv.org/abs/{arxiv}"}  # arXiv's own page
    assert paper.summary == "The gist."


def test_a_note_file_naming_its_paper_only_in_front_matter_and_a_links_section() -> None:
    text = ('---\ntitle: "Intelligence from Learnable Novelty"\narxiv_id: "2607.18433"\n---\n\n'
            "# Intelligence from Learnable Novelty\n\n## Summary\n\nLearnable novelty.\n\n"
            "## Key Results\n\n- rule 110 first\n\n## Links\n\n"
            "- [AlphaXiv](https://www.alphaxiv.org/abs/2607.18433)\n"
            "- [arXiv](https://arxiv.org/abs/2607.18433)\n")
    assert notes.sniff(text)
    [paper] = notes.parse(text).papers
    assert paper.title == "Intelligence from Learnable Novelty"
    assert str(paper.arxiv) == "2607.18433" and paper.summary == "Learnable novelty."


@pytest.mark.parametrize(("sections", "summary"), [
    ("## Summary\n\nlong\n\n## TL;DR\n\nshort\n\n## Notes\n\nn\n", "short"),
    ("## 一句话总结\n\n一句\n\n## 方法详解\n\nm\n", "一句"),
    ("## 1. 요약\n\n요약문\n\n## 2. 방법\n\nm\n", "요약문"),
    ("## 1. Summary of prior work\n\nx\n\n## 8. Sum it up in 140 characters\n\nshort\n", "short"),
    ("## 1. 既存研究では何ができなかったのか\n\nx\n\n## 8. この論文を140字以内で要約するとどうなりますか？"
     "\n\n百四十字\n\n## 9. 参考\n\nr\n", "百四十字"),
], ids=["tldr-over-summary", "chinese", "korean", "140-characters", "no-tweet-word"])
def test_the_summary_is_the_section_that_says_so_in_any_language(
        sections: str, summary: str) -> None:
    text = "# Paper\n\n[View Paper](https://arxiv.org/abs/2501.00001)\n\n" + sections
    [paper] = notes.parse(text).papers
    assert paper.summary == summary


@pytest.mark.parametrize(("heading", "title"), [
    ("# 1. Attention Is All You Need", "Attention Is All You Need"),
    ("# Paper 2: **Attention Is All You Need**", "Attention Is All You Need"),
    ("# 第3篇：Attention Is All You Need", "Attention Is All You Need"),
    ("# 1.58-bit LLMs", "1.58-bit LLMs"),
], ids=["number", "paper-n-bold", "chinese-ordinal", "number-in-title"])
def test_a_digests_ordinal_label_is_not_part_of_the_title(heading: str, title: str) -> None:
    text = _note("x", "[View Paper](https://arxiv.org/abs/2501.00001)", "t").replace("# x", heading)
    [paper] = notes.parse(text).papers
    assert paper.title == title


def test_a_heading_over_a_list_of_papers_is_a_list_not_a_note() -> None:
    text = ("# My reading list\n\n- [A](https://arxiv.org/abs/2501.00001)\n"
            "- [B](https://arxiv.org/abs/2501.00002)\n\n## Summary\n\nTwo papers.\n")
    assert not notes.sniff(text)


@pytest.mark.parametrize("link", [
    "Paper: [arXiv:2503.00001](https://arxiv.org/abs/2503.00001), Code: [GitHub](https://github.com/a/b)",
    "| Field | Value |\n|---|---|\n| arXiv | [2503.00001](https://arxiv.org/abs/2503.00001) |\n"
    "| Code | [GitHub](https://github.com/a/b) |",
], ids=["labelled-links-on-one-line", "metadata-table"])
def test_the_paper_link_among_other_labelled_links(link: str) -> None:
    text = f"# Title\n\n{link}\n\n## TL;DR\n\nshort\n\n## Method\n\nm\n"
    assert notes.sniff(text)
    [paper] = notes.parse(text).papers
    assert str(paper.arxiv) == "2503.00001" and paper.summary == "short"


def test_a_title_over_a_table_of_several_papers_is_not_a_note() -> None:
    text = ("# Title\n\n| # | Paper |\n|---|---|\n| 1 | [A](https://arxiv.org/abs/2503.00001) |\n"
            "| 2 | [B](https://arxiv.org/abs/2503.00002) |\n\n## 1. Problem\n\nx\n\n## 2. Tweet\n\nt\n")
    assert not notes.sniff(text)  # sniffing it and failing to parse it would be worse


@pytest.mark.parametrize(("body", "summary"), [
    ("**TL;DR:** one line.\n\n## Summary\n\nlong\n\n## Method\n\nm\n", "one line."),
    ("## Korean Summary\n\n**한줄 요약**\n\n짧은 요약.\n\n**핵심 아이디어**\n\n아이디어.\n\n"
     "## English Summary\n\nLong.\n", "짧은 요약."),
    ("## 1. Q\n\n**Summary**: not this\n\n## 8. Tweet\n\nthe tweet\n", "the tweet"),
], ids=["tldr-label", "label-over-paragraph", "tweet-section-wins"])
def test_a_bold_labelled_summary_paragraph(body: str, summary: str) -> None:
    text = "# Title\n\n[arXiv](https://arxiv.org/abs/2501.00001)\n\n" + body
    [paper] = notes.parse(text).papers
    assert paper.summary == summary


def test_a_note_titled_only_by_its_front_matter() -> None:
    # daily-paper-reader style: title, pdf and tldr in front matter, the note below.
    text = ('---\ntitle: Localizing RL-Induced Tool Use to a Single Crosscoder Feature\n'
            'date: 2026-06-25\npdf: "https://arxiv.org/pdf/2606.26474v1"\n'
            "tldr: RL features steer tool use.\n---\n\n## Abstract\nFine-tuning through RL.\n")
    assert notes.sniff(text)
    draft = notes.parse(text)
    [paper] = draft.papers
    assert paper.title == "Localizing RL-Induced Tool Use to a Single Crosscoder Feature"
    assert str(paper.arxiv) == "2606.26474v1"
    assert paper.links == {"pdf": "https://arxiv.org/pdf/2606.26474v1"}
    assert paper.summary == "RL features steer tool use." and draft.date == "2026-06-25"
    assert paper.notes == "## Abstract\nFine-tuning through RL." and paper.line == 8


def test_an_untitled_note_takes_its_one_line_summary_label() -> None:
    text = ('---\ntitle: "TurboQuant"\nsource: https://arxiv.org/abs/2504.19874\n---\n\n'
            "TurboQuant\n\n## Korean Summary\n\n**한줄 요약**\n\nKV 캐시를 3비트로.\n\n"
            "**핵심 아이디어**\n\n두 단계.\n\n## English Summary\n\nLong.\n")
    [paper] = notes.parse(text).papers
    assert (paper.title, str(paper.arxiv)) == ("TurboQuant", "2504.19874")
    assert paper.summary == "KV 캐시를 3비트로."


@pytest.mark.parametrize("text", [
    '---\ntitle: "My week"\n---\n\n## Summary\n\nRead [A](https://arxiv.org/abs/2501.00001).\n',
    '---\ntitle: "A paper"\nsource: https://arxiv.org/abs/2501.00001\n---\n\n# A paper\n\nProse.\n',
], ids=["no-paper-in-front-matter", "no-summary"])
def test_front_matter_alone_does_not_make_a_note(text: str) -> None:
    assert not notes.sniff(text)


def test_a_digest_of_notes_with_a_references_list_is_detected_as_notes() -> None:
    assert detected(fixture("paper_notes_digest_tldr.md")) == "paper-notes"
