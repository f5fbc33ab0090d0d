"""The arXiv paper a review links (family 002): taken when it is the only one, or the one
labelled as the paper; none when the review cites several papers without saying which."""

from __future__ import annotations

import time

import pytest

from readlist.importers.review_links import linked_arxiv, linked_openreview
from readlist.importers.rss_reviews import RssReviewsImporter

A = "https://arxiv.org/abs/2501.12948"
B = "https://arxiv.org/abs/2106.09685"
C = "https://arxiv.org/pdf/2001.00001v2.pdf"


@pytest.mark.parametrize(("html", "expected"), [
    (f'<blockquote><p>Paper: <a href="{A}">{A}</a></p></blockquote>', "2501.12948"),
    (f'<p>Read it <a href="{A}">here</a>. Also on <a href="{A}v2">v2</a>.</p>', "2501.12948v2"),
    (f'<p>Paper: <a href="{A}">link</a></p><p>builds on <a href="{B}">LoRA</a> and <a href="{C}">X</a></p>',
     "2501.12948"),
    (f'<p>논문: <a href="{A}">{A}</a></p><p>관련 연구 <a href="{B}">LoRA</a></p>', "2501.12948"),
    (f'<p>論文：<a href="{A}">タイトル</a></p><p><a href="{B}">LoRA</a></p>', "2501.12948"),
    (f'<p>arXiv: <a href="{A}">2501.12948</a>, compare <a href="{B}">LoRA</a></p>', "2501.12948"),
    (f'<p>see <a href="{B}">LoRA</a> and the <a href="{A}">paper</a></p>', "2501.12948"),
    (f'<p>📄 Paper <a href="{A}">DeepSeek-R1</a></p><p><a href="{B}">LoRA</a></p>', "2501.12948"),
    (f"<p>Paper: {A}</p><p>related: {B}</p>", "2501.12948"),  # bare URLs in the text
    ('<p>HF: <a href="https://huggingface.co/papers/2501.12948">page</a></p>', "2501.12948"),
])
def test_the_reviews_paper_is_found(html: str, expected: str) -> None:
    assert str(linked_arxiv([(html, True)])) == expected


@pytest.mark.parametrize("html", [
    f'<p>Builds on <a href="{A}">R1</a> and <a href="{B}">LoRA</a>.</p>',
    f'<p>Unlike the previous paper <a href="{A}">R1</a>, see <a href="{B}">LoRA</a>.</p>',
    f'<p>Paper: <a href="{A}">R1</a> and Paper: <a href="{B}">LoRA</a></p>',  # two labelled
    "<p>cites arXiv:2501.12948 and arXiv:2106.09685</p>",
    '<p>No links at all, only <a href="https://github.com/x/y">code</a>.</p>',
    '<p><a href="https://arxiv.org/list/cs.CL/recent">a listing page</a></p>',
])
def test_no_paper_when_the_review_does_not_say_which(html: str) -> None:
    assert linked_arxiv([(html, True)]) is None


def test_plain_text_reviews_and_labels_per_line() -> None:
    text = f"My notes.\nPaper: {A}\nRelated: {B}\n"
    assert str(linked_arxiv([(text, False)])) == "2501.12948"
    assert linked_arxiv([(f"Related: {A}\nAlso {B}", False)]) is None


def test_links_are_read_from_every_body_of_the_item() -> None:
    bodies = [(f'<p>Excerpt about <a href="{B}">LoRA</a></p>', True), (f"<p>Paper: {A}</p>", True)]
    assert str(linked_arxiv(bodies)) == "2501.12948"


def test_a_long_block_full_of_links_is_read_in_linear_time() -> None:
    filler = "word " * 80  # 400 characters of text before every link, in one block
    links = [f'{filler}<a href="https://arxiv.org/abs/2401.{i:05d}">x</a> ' for i in range(5_000)]
    text = " ".join(f"{filler}arXiv:2401.{i:05d}" for i in range(5_000))
    start = time.perf_counter()
    assert linked_arxiv([("<p>" + "".join(links) + "</p>", True)]) is None
    assert linked_arxiv([(text, False)]) is None  # one 2 MB line
    assert time.perf_counter() - start < 5  # re-reading the block before each link: minutes


# --- in the importer ----------------------------------------------------------------------

def _item(description: str, link: str = "https://velog.io/@me/r1") -> str:
    return (f"<item><title><![CDATA[DeepSeek-R1: Incentivizing Reasoning]]></title><link>{link}</link>"
            f"<description><![CDATA[{description}]]></description></item>")


def _feed(*items: str) -> str:
    return ('<?xml version="1.0"?><rss version="2.0"><channel><title>ml_notes.log</title>'
            + "".join(items) + "</channel></rss>")


def test_a_reviews_paper_link_gives_the_arxiv_id_and_keeps_the_review() -> None:
    (paper,) = RssReviewsImporter().parse(_feed(_item(f'<blockquote><p>Paper: <a href="{A}">{A}</a></p>'
                                                       "</blockquote><p>GRPO.</p>"))).papers
    assert str(paper.arxiv) == "2501.12948"
    assert paper.links == {"abstract": A, "review": "https://velog.io/@me/r1"}
    assert paper.notes is not None and "GRPO." in paper.notes


def test_a_review_citing_several_papers_gets_no_id() -> None:
    (paper,) = RssReviewsImporter().parse(_feed(_item(f'<p><a href="{A}">a</a>, <a href="{B}">b</a></p>'))).papers
    assert paper.arxiv is None and "abstract" not in paper.links


def test_the_items_own_link_wins_over_links_in_its_review() -> None:
    item = _item(f'<p>Paper: <a href="{A}">{A}</a></p>', link="https://openreview.net/forum?id=aBcD3fGh1J")
    (paper,) = RssReviewsImporter().parse(_feed(item)).papers
    assert (paper.arxiv, paper.openreview_id) == (None, "aBcD3fGh1J")


OR_A = "https://openreview.net/forum?id=1vDArHJ68h"
OR_B = "https://openreview.net/pdf?id=nZeVKeeFYf9"


@pytest.mark.parametrize(("html", "expected"), [
    (f'<p>논문: <a href="{OR_A}">OpenReview</a></p><p>관련: <a href="{OR_B}">DreamerV3</a></p>', "1vDArHJ68h"),
    (f'<p>Read the <a href="{OR_B}">paper</a>.</p>', "nZeVKeeFYf9"),
    (f"<p>OpenReview: {OR_A}</p>", "1vDArHJ68h"),  # a bare URL after its label
    (f'<p><a href="{OR_A}">one</a> and <a href="{OR_B}">two</a></p>', None),  # which one?
    ('<p>no link at all</p>', None),
])
def test_the_openreview_forum_a_review_is_about(html: str, expected: str | None) -> None:
    assert linked_openreview([(html, True)]) == expected


def test_an_iclr_review_linking_its_openreview_forum_gets_its_id() -> None:
    feed = ('<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>[논문 리뷰] '
            "Mastering Memory Tasks with World Models (ICLR 2024 Oral)</title><link>https://b.example/r2i</link>"
            f'<description><![CDATA[<p>논문: <a href="{OR_A}">OpenReview</a></p>]]></description></item>'
            "</channel></rss>")
    [paper] = RssReviewsImporter().parse(feed).papers
    assert (paper.title, paper.openreview_id) == ("Mastering Memory Tasks with World Models", "1vDArHJ68h")
    assert paper.links == {"abstract": OR_A, "review": "https://b.example/r2i"}
    # An arXiv link wins over an OpenReview one: the arXiv id is the stronger key.
    both = feed.replace("</p>]]>", f' <a href="{A}">arXiv</a></p>]]>')
    [paper] = RssReviewsImporter().parse(both).papers
    assert (str(paper.arxiv), paper.openreview_id) == ("2501.12948", None)
