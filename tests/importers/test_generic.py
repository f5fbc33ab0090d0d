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


def test_a_link_whose_text_is_its_url_takes_the_bold_title_of_its_line() -> None:
    text = ("## SLAM\n"
            "- 2024-06-04, **Q-SLAM: Quadric SLAM**, Chensheng Peng et.al., Paper: "
            "[http://arxiv.org/abs/2403.08125](http://arxiv.org/abs/2403.08125)\n"
            "- **2024-06-03**, **GlORIE-SLAM: Globally Optimized**, Ganlin Zhang et.al., Paper: "
            "[http://arxiv.org/abs/2403.19549](http://arxiv.org/abs/2403.19549), Code: "
            "**[https://github.com/z/g](https://github.com/z/g)**\n"
            "- **Two Papers On One Line** [https://arxiv.org/abs/2401.00001](https://arxiv.org/abs/2401.00001) "
            "[https://arxiv.org/abs/2401.00002](https://arxiv.org/abs/2401.00002)\n\n"
            "A paragraph: **Bold Named Paper**\nhttps://arxiv.org/abs/2401.00003 on the next line.\n")
    assert [(p.title, str(p.arxiv), p.section) for p in generic.parse(text).papers] == [
        ("Q-SLAM: Quadric SLAM", "2403.08125", "SLAM"),
        ("GlORIE-SLAM: Globally Optimized", "2403.19549", "SLAM"),  # not the bold date
        ("", "2401.00001", "SLAM"),  # the bold text cannot tell which of two papers it names
        ("", "2401.00002", "SLAM"),
        ("", "2401.00003", "SLAM"),  # the bold text is on another line
    ]


TODAY = """<details>
  <summary><b>TOC</b></summary>
  <ol>
    <li><a href=#nerf>NeRF</a></li>
  </ol>
</details>

## NeRF

### [NeRF-AD: Neural Radiance Field with Attention-based Disentanglement](http://arxiv.org/abs/2401.12568)
Chongke Bi, Xiaoxing Liu, Zhilei Liu
"""


def test_markdown_that_opens_with_an_html_block_is_markdown() -> None:
    draft = generic.parse(TODAY)
    [paper] = draft.papers
    assert paper.title == "NeRF-AD: Neural Radiance Field with Attention-based Disentanglement"
    assert (paper.section, draft.sections) == ("NeRF", ["NeRF"])  # the titled link is no section


def test_an_html_fragment_without_markdown_is_still_html() -> None:
    fragment = ('<div class="papers">\n<p><a href="https://arxiv.org/abs/1706.03762">Attention Is '
                'All You Need</a></p>\n\n<a href="https://arxiv.org/abs/2106.09685">LoRA: Low-Rank '
                'Adaptation</a> is another.\n\n    <a href="https://arxiv.org/abs/2401.00001">'
                'Indented Paper Title</a>\n</div>\n')
    assert [p.title for p in generic.parse(fragment).papers] == [
        "Attention Is All You Need", "LoRA: Low-Rank Adaptation", "Indented Paper Title"]


def test_field_lines_over_a_separator_are_no_heading() -> None:
    text = ("# 2024-09-05 arXiv daily\n\n---\n### Attention Heads of Large Language Models\n"
            "**link**: https://arxiv.org/pdf/2409.03752\n**date**: 2024-09-05\n---\n"
            "### LongCite: Fine-grained Citations\n**link**: https://arxiv.org/pdf/2409.02897v2\n---\n")
    assert [(p.title, p.section) for p in generic.parse(text).papers] == [
        ("Attention Heads of Large Language Models", "Attention Heads of Large Language Models"),
        ("LongCite: Fine-grained Citations", "LongCite: Fine-grained Citations"),
    ]


def test_a_title_line_over_label_links_names_the_paper() -> None:
    text = """# World models

- **TD-MPC2: Scalable World Models** [[Paper](https://arxiv.org/abs/2310.16828)] [[Code](https://github.com/x/y)]
- (ICLR 2019) Learning Latent Dynamics for Planning
  - [Paper](https://arxiv.org/abs/1811.04551)
- Mastering Diverse Domains through World Models<br>
  [Paper](https://arxiv.org/abs/2301.04104) | [Code](https://github.com/d/v3)
- [CVPR 2024] Rich Human Feedback for Generation [[PDF](https://arxiv.org/abs/2312.10240)]

| Title | Links |
|---|---|
| Genie: Generative Interactive Environments<br>Bruce et al. | [Paper](https://arxiv.org/abs/2402.15391) |
"""
    titles = {str(p.arxiv): p.title for p in generic.parse(text).papers}
    assert titles == {
        "2310.16828": "TD-MPC2: Scalable World Models",
        "1811.04551": "Learning Latent Dynamics for Planning",
        "2301.04104": "Mastering Diverse Domains through World Models",
        "2312.10240": "Rich Human Feedback for Generation",
        "2402.15391": "Genie: Generative Interactive Environments",
    }


def test_intros_sentences_and_shared_items_name_no_paper() -> None:
    text = """# Notes

- Background reading for the week:
  - [Paper](https://arxiv.org/abs/2401.00001)
- See the paper [here](https://arxiv.org/abs/2401.00002) for details.
- Papers on scaling
  - [Paper](https://arxiv.org/abs/2401.00003)
  - [Paper](https://arxiv.org/abs/2401.00004)
"""
    assert [p.title for p in generic.parse(text).papers] == ["", "", "", ""]  # pending
