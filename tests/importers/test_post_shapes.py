"""Sibling shapes of the annotated conference post (family 000): papers nested under topic
bullets, entries that do not start with their link, more link separators, section names
from kramdown headings and bold labels, front matter dates, escapes in titles."""

from __future__ import annotations

import pytest

from readlist.importers.base import PaperDraft
from readlist.importers.conference_post import ConferencePostImporter
from readlist.importers.markdown_tools import unescape_markdown
from readlist.importers.post_entry import clean_title
from readlist.service import Library
from tests.importers.helpers import detected, fixture

post = ConferencePostImporter()


def shapes() -> list[PaperDraft]:
    return post.parse(fixture("post_shapes.md")).papers


def by_title() -> dict[str, PaperDraft]:
    return {p.title: p for p in shapes()}


def test_papers_nested_under_topic_bullets_are_found_in_order() -> None:
    assert [p.title for p in shapes()][:4] == [
        "Stream of Search (SoS): Learning to Search in Language",
        "Q*: Improving Multi-step Reasoning for LLMs with Deliberative Planning",
        "Mixture of Depths: Dynamically allocating compute in transformer-based language models",
        "L$^2$M: Mutual Information Scaling Law",
    ]


def test_a_topic_bullet_is_one_level_below_the_headings() -> None:
    papers = shapes()
    # Under `## 論文` (no ###) the topic is the subsection; a topic in a topic goes deeper,
    # and a trailing colon (`- 効率化:`) is not part of the name.
    assert [(p.section, p.subsection) for p in papers[:4]] == [
        ("論文", "推論"), ("論文", "推論"), ("論文", "効率化"), ("論文", "効率化 / 量子化"),
    ]
    assert [(p.author_rating, p.venue) for p in papers[:4]] == [
        ("🔴", None), ("🟡", "spotlight"), ("🔴", None), ("🟣", None)]
    # Under a `###` heading the topic comes after it; with no heading at all it is the section.
    text = "## A\n\n### B\n\n- T\n  - [P](https://arxiv.org/abs/2401.00001) 🔴\n"
    assert [(p.section, p.subsection) for p in post.parse(text).papers] == [("A", "B / T")]
    text = "- Vision\n  - [P](https://arxiv.org/abs/2401.00001) 🔴\n"
    assert [(p.section, p.subsection) for p in post.parse(text).papers] == [("Vision", None)]


def test_bullets_nested_under_a_paper_stay_its_notes() -> None:
    first = shapes()[0]
    assert first.notes == (
        "- 「探索の軌跡を学習」\n"
        "- 関連: [Chain-of-Thought Reasoning Without Prompting](https://arxiv.org/abs/2402.10200)\n"
        "- [Nested Reference Paper](https://arxiv.org/abs/2402.10201) 🔵"
    )
    assert first.comments == ["探索の軌跡を学習"]
    titles = set(by_title())
    assert "Chain-of-Thought Reasoning Without Prompting" not in titles
    assert "Nested Reference Paper" not in titles


def test_a_bold_title_before_labelled_links() -> None:
    paper = by_title()["Retroformer: Retrospective Large Language Agents with Policy Gradient Optimization"]
    assert paper.openreview_id == "KOZu91CzbK"
    assert paper.links == {"abstract": "https://openreview.net/forum?id=KOZu91CzbK",
                           "code": "https://github.com/weirayao/Retroformer"}
    assert (paper.author_rating, paper.blurb, paper.section, paper.subsection) == (
        "🔵", None, "Agents", "Tools")


def test_a_plain_title_before_its_venue_rating_and_link() -> None:
    paper = by_title()["SWE-bench: Can Language Models Resolve Real-World GitHub Issues?"]
    assert (paper.openreview_id, paper.venue, paper.author_rating, paper.blurb) == (
        "VTF8yNQM66", "oral", "🔴", None)
    [plain] = post.parse("## A\n\n- Attention Is All You Need — [arXiv](https://arxiv.org/abs/1706.03762)\n").papers
    assert (plain.title, str(plain.arxiv), plain.blurb) == ("Attention Is All You Need", "1706.03762", None)


def test_a_venue_label_before_the_link() -> None:
    paper = by_title()["Paper Four Title Here"]
    assert (paper.openreview_id, paper.venue, paper.author_rating) == ("AAAAAAAAA4", "poster", "🟣")


def test_an_autolink_takes_its_title_from_the_words_after_it() -> None:
    paper = by_title()["Let's Verify Step by Step"]
    assert (paper.openreview_id, paper.author_rating, paper.blurb) == ("vtmBAGCY0w", "🔵", None)
    # An arXiv link alone, or labelled only `[arXiv]`, leaves the paper untitled (pending):
    # "arXiv" is no title.
    text = "## A\n\n- <https://arxiv.org/abs/2401.00005> 🔴\n- [arXiv](https://arxiv.org/abs/2401.00006) 🔵\n"
    assert [(p.title, str(p.arxiv)) for p in post.parse(text).papers] == [
        ("", "2401.00005"), ("", "2401.00006")]


def test_a_paper_link_amid_prose_is_reported_not_dropped() -> None:
    draft = post.parse(fixture("post_shapes.md"))
    assert "Mamba" not in {p.title for p in draft.papers}
    [skipped] = draft.skipped
    assert (skipped.line, skipped.text) == (40, "I also liked Mamba, but it was rejected")
    assert "does not start with it" in skipped.reason
    untitled = post.parse("## A\n\n- [P](https://openreview.net/forum?id=abcdefg) 🔴\n"
                          "- <https://doi.org/10.1145/3580305.3599256> 🔵\n")
    assert [p.title for p in untitled.papers] == ["P"]
    assert [(s.reason, s.line) for s in untitled.skipped] == [("a paper link without a title", 4)]


def test_legend_closing_and_prose_bullets_are_not_papers() -> None:
    draft = post.parse(fixture("post_shapes.md"))
    assert draft.sections == ["論文", "Agents"]  # not the legend, not 感想
    titles = {p.title for p in draft.papers}
    assert not {"こちら", "ICLR 2025", "COLM 2024 の採択論文一覧", "記号の意味", "参考"} & titles
    assert len(draft.papers) == 12
    assert post.parse("## A\n\n- [P](https://arxiv.org/abs/2401.00001) 🔴\n"
                      "- **Note**: see [the FAQ](/faq) and [this](https://e.com/x)\n").skipped == []


@pytest.mark.parametrize("separator", ["·", "•", "|", "・"])
def test_separators_between_a_papers_own_links(separator: str) -> None:
    text = (f"## A\n\n- 🔵 [Not All Tokens](https://openreview.net/forum?id=0NMzBwqaAJ) (oral) — "
            f"[arXiv](https://arxiv.org/abs/2404.07965) {separator} [code](https://github.com/microsoft/rho)\n")
    [paper] = post.parse(text).papers
    assert str(paper.arxiv) == "2404.07965" and paper.openreview_id == "0NMzBwqaAJ"
    assert paper.links["code"] == "https://github.com/microsoft/rho"
    assert (paper.blurb, paper.venue, paper.author_rating) == (None, "oral", "🔵")


def test_middle_dots_and_bullets_in_the_fixture() -> None:
    papers = by_title()
    assert str(papers["Not All Tokens Are What You Need for Pretraining"].arxiv) == "2404.07965"
    five = papers["Paper Five Title Here"]
    assert five.links == {"abstract": "https://openreview.net/forum?id=AAAAAAAAA5",
                          "pdf": "https://openreview.net/pdf?id=AAAAAAAAA5",
                          "code": "https://github.com/a/b"}
    assert (five.blurb, five.author_rating) == (None, "🟡")


@pytest.mark.parametrize(("heading", "section"), [
    ("## Architecture {#arch}", "Architecture"),
    ("## Agents {: .no_toc}", "Agents"),
    ("## Vision {.unnumbered}", "Vision"),
    ("## Costs {2024}", "Costs {2024}"),  # not an attribute list
    ("## **[Mamba](https://github.com/state-spaces/mamba)-like** 🐍", "Mamba-like 🐍"),
])
def test_section_names_drop_heading_attribute_lists(heading: str, section: str) -> None:
    [paper] = post.parse(f"{heading}\n\n- [P](https://arxiv.org/abs/2401.00001) 🔴\n").papers
    assert paper.section == section


def test_a_bold_paragraph_over_a_list_names_its_papers() -> None:
    text = ("凡例: 🔴 主観的興味 / 🔵 客観的興味\n\n**評価**\n\n"
            "- [A](https://aclanthology.org/2023.emnlp-main.1/) 🔴\n\n**効率化:**\n\n"
            "- [B](https://aclanthology.org/2023.emnlp-main.391/) 🔵\n\nSome prose.\n\n"
            "- [C](https://aclanthology.org/2023.emnlp-main.392/) 🔵\n")
    draft = post.parse(text)
    assert [(p.section, p.subsection) for p in draft.papers] == [
        ("評価", None), ("効率化", None), ("効率化", None)]
    assert draft.sections == ["評価", "効率化"]
    # Under a heading it is a subsection, until the next heading; bold prose is no label.
    memgpt = by_title()["MemGPT: Towards LLMs as Operating Systems"]
    assert (memgpt.section, memgpt.subsection) == ("Agents", "Tools / Memory")
    text = ("## A\n\n**Bold** and more words\n\n- [P](https://arxiv.org/abs/2401.00001) 🔴\n\n"
            "**Label**\n\n- [Q](https://arxiv.org/abs/2401.00002) 🔴\n\n## B\n\n"
            "- [R](https://arxiv.org/abs/2401.00003) 🔴\n")
    assert [(p.section, p.subsection) for p in post.parse(text).papers] == [
        ("A", None), ("A", "Label"), ("B", None)]


@pytest.mark.parametrize(("line", "date"), [
    ("date: 2024-07-20 00:00:00 +0900", "2024-07-20"),
    ("published_at: 2023-12-20 09:00", "2023-12-20"),
    ("published: 2024-01-02", "2024-01-02"),
    ("pubDate: '2024-03-04'", "2024-03-04"),
    ("created: 2024/05/06", "2024-05-06"),
    ("published: true", None),
])
def test_front_matter_dates_under_every_generators_key(line: str, date: str | None) -> None:
    text = f"---\ntitle: t\n{line}\n---\n\n## A\n\n- [P](https://arxiv.org/abs/2401.00001) 🔴\n"
    assert post.parse(text).date == date


def test_the_fixtures_zenn_date_beside_a_boolean_published() -> None:
    assert post.parse(fixture("post_shapes.md")).date == "2024-10-01"


@pytest.mark.parametrize(("raw", "title"), [
    ("Q\\*: Improving", "Q*: Improving"),
    ("L$^2$M: Scaling", "L$^2$M: Scaling"),
    ("\\[CLS\\] Token", "[CLS] Token"),
    ("Beyond \\alpha-Divergence", "Beyond \\alpha-Divergence"),  # no escape: stays
    ("Math $\\{x_i\\}$ and \\_", "Math $\\{x_i\\}$ and _"),  # LaTeX in $...$ is as written
    ("Code `a\\*b` here", "Code `a\\*b` here"),
    ("A \\\\ B", "A \\ B"),
    ("**Bold \\* Title**", "Bold * Title"),
])
def test_backslash_escapes_in_titles_are_syntax(raw: str, title: str) -> None:
    assert clean_title(raw) == title
    assert unescape_markdown("no backslash") == "no backslash"


def test_a_paper_listed_in_two_sections_is_drafted_under_each() -> None:
    stream = [p for p in shapes() if p.openreview_id == "2cop2jmQVL"]
    assert [(p.section, p.subsection, p.notes is not None) for p in stream] == [
        ("論文", "推論", True), ("Agents", "Tools", True)]


def test_a_paper_listed_twice_is_one_library_paper(library: Library) -> None:
    report = library.import_text(fixture("post_shapes.md"), source="/p/shapes.md", name="shapes", fmt="post")
    assert (report.found, report.new) == (11, 11)


def test_a_zenn_container_in_a_paper_bullet_is_a_note_not_its_blurb() -> None:
    memgpt = by_title()["MemGPT: Towards LLMs as Operating Systems"]
    assert memgpt.blurb is None
    assert memgpt.notes == ":::details メモ\nvirtual context management\n:::"


def test_sniff_finds_posts_of_nested_or_bold_entries() -> None:
    nested = ("---\ntitle: t\n---\n\n## 論文\n\n- 推論\n"
              "  - [Stream of Search](https://openreview.net/forum?id=2cop2jmQVL) 🔴\n")
    assert post.sniff(nested) and detected(nested) == "post"
    bold = ("## Agents\n\n- **Retroformer** [[OpenReview](https://openreview.net/forum?id=KOZu91CzbK)] 🔵\n"
            "- **SWE-bench** [[OpenReview](https://openreview.net/forum?id=VTF8yNQM66)] 🔴\n")
    assert post.sniff(bold) and detected(bold) == "post"
    awesome = "".join(f"- **T{i}** [[paper](https://arxiv.org/abs/2401.0000{i})]\n" for i in range(3))
    assert not post.sniff(awesome)  # unrated bold entries are a plain list: generic's
    assert detected(fixture("post_shapes.md")) == "post"


def awesome() -> dict[str, PaperDraft]:
    return {p.title: p for p in post.parse(fixture("post_awesome.md")).papers}


def test_a_title_line_over_a_line_of_links_is_one_entry() -> None:
    # Awesome lists: `- **Title** (ICML 2024)` / `*Authors*` / `[Paper](...) | [Code](...)`.
    # The title had the venue and the author line run into it ("…(ICML 2024)Boris van …").
    papers = awesome()
    paper = papers["Why Tabular Foundation Models Should Be a Research Priority"]
    assert (str(paper.arxiv), paper.venue, paper.blurb) == ("2405.01147", "ICML 2024", None)
    assert paper.notes == (
        "*Boris van Breugel, Mihaela van der Schaar*\n"
        "> A seminal position paper arguing for developing Large Tabular Models (LTMs).")
    pfn = papers["Transformers Can Do Bayesian Inference"]
    assert (pfn.openreview_id, pfn.links["code"]) == ("KSugKcbNf9", "https://github.com/automl/PFNs")
    # On a line of links alone, any label is a link of the paper (it was skipped as prose).
    causal = papers["CausalTab: Pretraining Across Causal Environments for Tabular Causal Discovery"]
    assert causal.openreview_id == "eg7EMDLpBt"
    assert causal.venue == "NeurIPS 2026; ICML 2026 FMSD workshop"


def test_links_in_a_paragraph_of_their_own_belong_to_the_title_over_them() -> None:
    # `- **Title**` / blank line / `NeurIPS 2024. [[Paper](...)]`: the post found no entry.
    papers = awesome()
    judged = papers["Self-Consuming Generative Models with Curated Data Provably Optimize Human Preferences"]
    assert (str(judged.arxiv), judged.blurb, judged.section, judged.subsection) == (
        "2407.09499", "NeurIPS 2024.", "Papers", "Judges")
    rest = papers["ReST-MCTS*: LLM Self-Training via Process Reward Guided Tree Search"]
    assert (str(rest.arxiv), rest.venue) == ("2406.03816", "spotlight")


def test_a_plain_title_over_its_links_is_not_cut_from_a_wrapped_one() -> None:
    papers = awesome()
    assert str(papers["A Plain Title The Editor Wrapped Before Its Link"].arxiv) == "2401.00009"
    over = papers["A Plain Title Over Its Link"]
    assert (str(over.arxiv), over.links["code"]) == ("2401.00010", "https://github.com/a/plain")


def test_a_bold_title_keeps_a_bracketed_aside_out_of_it() -> None:
    text = "- **Some Title** (with code) [Paper](https://arxiv.org/abs/2405.01147) 🔴\n"
    [paper] = post.parse(text).papers
    assert (paper.title, paper.blurb, paper.author_rating) == ("Some Title", "(with code)", "🔴")


@pytest.mark.parametrize(("aside", "venue"), [
    ("(ICML 2024)", "ICML 2024"), ("(NeurIPS 2023 Spotlight)", "NeurIPS 2023 spotlight"),
    ("(CVPR'24)", "CVPR'24"), ("(22 arXiv)", "22 arXiv"),
    ("(Nature, 2025)", "Nature, 2025"), ("(Hu 2023)", None), ("(Vaswani et al., 2017)", None),
])
def test_a_venue_name_with_a_year_is_the_venue(aside: str, venue: str | None) -> None:
    # `(ICML 2024)` stayed in the blurb (or in the title when it led the line).
    [paper] = post.parse(f"- [T](https://arxiv.org/abs/2405.01147) {aside} 🔴\n").papers
    assert (paper.venue, paper.blurb) == (venue, None if venue else aside)


def test_a_title_bullet_over_a_nested_bullet_of_links_is_one_entry() -> None:
    # `- (19 ICLR) Title` / `  - [Paper](...), [Code](...)`: the titles were lost (the
    # nested links became untitled papers under a topic named after the title).
    papers = post.parse(fixture("post_nested_links.md")).papers
    assert [(p.title, p.venue) for p in papers] == [
        ("Simple Black-box Adversarial Attacks", "19 ICML"),
        ("signSGD via Zeroth-Order Oracle", "19 ICLR"),
        ("CryptoNAS: Private Inference on a ReLU Budget", "20 NIPS"),
        ("DeepReDuce: ReLU Reduction for Fast Private Inference", "21 ICML"),
        ("SENet (LEARNING TO LINEARIZE DEEP NEURAL NETWORKS FOR SECURE AND EFFICIENT PRIVATE "
         "INFERENCE)", "23 ICLR"),
        ("ViT: An Image is Worth 16x16 Words", None),  # titled links: a paper under a topic
    ]
    assert papers[5].subsection == "Topics / Vision"
    attacks = papers[0]
    assert (str(attacks.arxiv), attacks.links["code"], attacks.section) == (
        "1905.07121", "https://github.com/cg563/simple-blackbox-attack", "Literature Attack Methods")
    assert papers[3].blurb == "Pretrained models available"
    assert papers[4].notes == "- We use the trained mask to create a partial ReLU (PR) model."
    assert (papers[2].section, papers[2].subsection) == ("Literature PNN Methods", "Constrained Nonlinearity")


def test_code_repositories_are_not_papers_for_sharing_a_section_with_one() -> None:
    # `- **[TabPFN](github)**: the library` beside `- **[TabTune](arXiv)**` became a paper
    # keyed `tabpfn`; a repository the author rates is still an entry.
    papers = post.parse(fixture("post_awesome.md")).papers
    assert [p.title for p in papers if p.section == "Software & Code"] == ["TabTune"]
    assert len(papers) == 9
    rated = "- [Mamba](https://github.com/state-spaces/mamba) 🔴\n- [P](https://arxiv.org/abs/2401.00001) 🔵\n"
    assert [p.title for p in post.parse(rated).papers] == ["Mamba", "P"]


def test_a_badge_in_the_title_heading_is_not_part_of_the_title() -> None:
    assert post.parse(fixture("post_awesome.md")).title == "Awesome Tabular Foundation Models"


def test_the_conference_page_of_one_paper_is_a_paper_link() -> None:
    # icml.cc/virtual/2025/poster/N: the post was "not a digest readlist knows".
    text = fixture("post_virtual_pages.md")
    assert detected(text) == "post"
    papers = post.parse(text).papers
    assert [p.links["abstract"] for p in papers] == [
        "https://icml.cc/virtual/2025/poster/44561",
        "https://icml.cc/virtual/2025/poster/43836",
        "https://neurips.cc/virtual/2023/oral/73874",
        "https://iclr.cc/virtual_2020/poster_H1gax6VtDB.html",
    ]
    assert papers[1].title == "MIB: A Mechanistic Interpretability Benchmark"
    assert papers[1].notes and papers[1].notes.startswith("* **Abstract summary**")


def test_an_emoji_ending_several_paper_lines_is_the_posts_mark() -> None:
    # No legend, `#🧠` after the liked papers: the mark was lost and `#` left in the blurb.
    papers = post.parse(fixture("post_tags.md")).papers
    assert [p.author_rating for p in papers] == ["🧠", None, "🧠", "🧠", "🧠"]
    assert papers[2].blurb and papers[2].blurb.endswith("encoded as orthogonality")
    assert (papers[2].section, papers[2].subsection) == ("Domain", "LLM / Embedding")
    # Once is no mark; beside a rating an emoji is decoration, not a second legend.
    once = "- [A](https://arxiv.org/abs/2401.00001) 🧠\n- [B](https://arxiv.org/abs/2401.00002)\n"
    assert [p.author_rating for p in post.parse(once).papers] == [None, None]
    rated = "".join(f"- [P{i}](https://arxiv.org/abs/2401.0000{i}) ✨ 🔴\n" for i in range(3))
    assert [p.author_rating for p in post.parse(rated).papers] == ["🔴"] * 3


def test_papers_in_a_table_are_read_with_the_bullets() -> None:
    # Table rows were lost: the post importer read lists only. And the post went to the
    # generic importer: its bullets open with the post's own mark (`- ⭐ **[Title](…)**`).
    assert detected(fixture("post_tables.md")) == "post"
    papers = post.parse(fixture("post_tables.md")).papers
    assert [(p.title, p.section) for p in papers] == [
        ("TD-MPC2: Scalable, Robust World Models for Continuous Control", "Planning with Learned Models"),
        ("DreamerV2: Mastering Atari with Discrete World Models", "Planning with Learned Models"),
        ("GAIA-1: A Generative World Model for Autonomous Driving", "Planning with Learned Models"),
        ("V-JEPA 2: Self-Supervised Video Models Enable Understanding, Prediction and Planning",
         "Planning with Learned Models"),
        ("Tree of Thoughts: Deliberate Problem Solving with Large Language Models", "Prompting"),
        ("Evaluating Cognitive Maps and Planning in Large Language Models with CogEval", "Prompting"),
    ]  # MuZero links no paper page readlist knows, the template row nothing
    td = papers[0]
    assert (str(td.arxiv), td.author_rating, td.venue, td.blurb) == (
        "2310.16828", "⭐", "ICLR 2024", "将 latent dynamics 与 model predictive control 结合。")
    assert td.links["code"] == "https://github.com/nicklashansen/tdmpc2"
    tot, cogeval = papers[4], papers[5]
    # The paper's OpenReview page, not the conference's page of the talk, is its page.
    assert tot.links["abstract"] == "https://openreview.net/forum?id=5Xc1ecxO1h"
    assert cogeval.notes == (
        "[NeurIPS link - Short Video & Abstract](https://neurips.cc/virtual/2023/poster/71431)\n"
        "_Notes:CogEval, a cognitive science-inspired protocol._")


def test_a_legend_written_as_a_paragraph_defines_marks() -> None:
    # `**Legend:** ⭐ = Must Read · ...` above a table: ⭐ was no mark (legends were lists).
    text = ("**Legend:** ⭐ = Must Read · `[Paper]` = 论文 · 🔥 = hot\n\n"
            "| Work | Resources |\n| --- | --- |\n"
            "| ⭐ **TD-MPC2: Scalable, Robust World Models** | [Paper](https://arxiv.org/abs/2310.16828) |\n"
            "| **DreamerV2** 🔥 | [Paper](https://arxiv.org/abs/2010.02193) |\n")
    papers = post.parse(text).papers
    assert [(p.title, p.author_rating) for p in papers] == [
        ("TD-MPC2: Scalable, Robust World Models", "⭐"), ("DreamerV2", "🔥")]
    # A paragraph that is no legend defines nothing.
    assert post.parse(text.replace("**Legend:**", "Also:")).papers[0].author_rating is None


def test_a_name_before_a_link_labelled_with_a_citation_key_is_the_title() -> None:
    # `- Transfusion [ChuntingZhou2025ICLR](...) combines ...` was skipped as prose.
    first = post.parse(fixture("post_tags.md")).papers[0]
    assert (first.title, first.openreview_id) == ("Transfusion", "SI2hI0frk6")
    assert first.blurb and first.blurb.startswith("combines _next-token prediction_")
    prose = "- I also liked [Kim2024](https://arxiv.org/abs/2401.00001) a lot\n"
    assert post.parse(prose).skipped and not post.parse(prose).papers


def test_lines_after_a_hard_break_in_a_paper_line_are_notes() -> None:
    # `- ⭐ **[T](arXiv)** — *Venue*` + two spaces: the description under it ran into the
    # blurb; a line of the paper's links under it still files them.
    text = ("- 🔴 **[V-JEPA 2: Self-Supervised Video Models](https://arxiv.org/abs/2506.09985)** — *Meta FAIR, 2025*  \n"
            "  用大规模互联网视频预训练 predictive representation。  \n"
            "  [Code + Models](https://github.com/facebookresearch/vjepa2)\n"
            "- [Wrapped](https://arxiv.org/abs/2401.00001) 🔵 a blurb the editor\n"
            "  wrapped onto a second line\n")
    first, wrapped = post.parse(text).papers
    assert (first.title, first.author_rating, first.blurb) == (
        "V-JEPA 2: Self-Supervised Video Models", "🔴", "*Meta FAIR, 2025*")
    assert first.notes == ("用大规模互联网视频预训练 predictive representation。  \n"
                           "[Code + Models](https://github.com/facebookresearch/vjepa2)")
    assert first.links["code"] == "https://github.com/facebookresearch/vjepa2"
    assert (wrapped.blurb, wrapped.notes) == ("a blurb the editor wrapped onto a second line", None)


def test_a_presentation_heading_gives_its_papers_their_venue() -> None:
    text = """## Legend

- 🔴 personal interest

## ICLR 2024 Oral Papers

- [Paper One](https://openreview.net/forum?id=aaaaa1) 🔴
- [Paper Two](https://openreview.net/forum?id=aaaaa2) (spotlight) 🔴

## Spotlights

### Vision

- [Paper Three](https://openreview.net/forum?id=aaaaa3) 🔴

## Posters on reasoning I liked

- [Paper Four](https://openreview.net/forum?id=aaaaa4) 🔴
"""
    venues = [p.venue for p in post.parse(text).papers]
    # A paper's own label wins; a topic heading that mentions posters gives none.
    assert venues == ["oral", "spotlight", "spotlight", None]
