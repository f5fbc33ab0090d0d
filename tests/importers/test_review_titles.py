"""Review post titles reduced to the paper's title (family 002): what is stripped, what must
stay, and what it buys: the review merges with the same paper from another digest."""

from __future__ import annotations

import pytest

from readlist.importers.review_titles import is_review_label, paper_title
from readlist.importers.rss_reviews import RssReviewsImporter
from readlist.service import Library

LORA = "LoRA: Low-Rank Adaptation of Large Language Models"
COT = "Chain-of-Thought Prompting Elicits Reasoning in Large Language Models"
AIAYN = "Attention Is All You Need"


@pytest.mark.parametrize(("post", "paper"), [
    (f"[논문 리뷰] {LORA}", LORA),
    (f"[Paper Review] {AIAYN}", AIAYN),
    (f"【論文紹介】{AIAYN}", AIAYN),
    (f"[리뷰] {AIAYN}", AIAYN),
    (f"[NLP] {AIAYN}", AIAYN),
    (f"[ICLR 2024] {AIAYN}", AIAYN),
    (f"[딥러닝] {AIAYN}", AIAYN),  # a tag in another script than the title
    (f"[NLP][논문 리뷰] {LORA} (ICLR 2022 Oral)", LORA),
    (f"Paper Review: {AIAYN}", AIAYN),
    (f"Review: {AIAYN}", AIAYN),
    (f"논문 리뷰 - {AIAYN}", AIAYN),
    (f"논문 리뷰: {AIAYN}", AIAYN),
    (f"論文紹介: {AIAYN}", AIAYN),
    # Review labels in other languages, and tag spellings from Medium/Tistory categories.
    (f"Rezension: {LORA}", LORA),
    (f"Обзор: {AIAYN}", AIAYN),
    (f"Reseña - {AIAYN}", AIAYN),
    (f"[paper-review] {AIAYN}", AIAYN),
    (f"[PaperReview] {LORA}", LORA),
    # Parenthesised tags, and a series part after a decorated title.
    (f"(논문 리뷰) {AIAYN}", AIAYN),
    (f"（論文紹介）{AIAYN}", AIAYN),
    (f"[Paper Review] {AIAYN} (NIPS 2017) - 1", AIAYN),
    (f"[Paper Review] {LORA} Part 2", LORA),
    (f"{AIAYN} 리뷰 2편", AIAYN),
    (f"[리뷰] {AIAYN} 1/3", AIAYN),
    (f"{COT} (NeurIPS 2022)", COT),
    (f"{COT} (ICLR'24)", COT),
    (f"{COT} (arXiv 2023)", COT),
    (f"{COT} [Findings of EMNLP 2023]", COT),
    (f"{AIAYN} 리뷰", AIAYN),
    (f"{AIAYN} - 논문 리뷰", AIAYN),
    (f'"{AIAYN}" 논문 리뷰', AIAYN),
    ("“Why Can’t Transformers Learn Multiplication?” – A Review",
     "Why Can’t Transformers Learn Multiplication?"),
    ("GPT-4 Technical Report — review", "GPT-4 Technical Report"),
    (f"「{AIAYN}」を読んだ", AIAYN),
])
def test_blog_decorations_are_stripped(post: str, paper: str) -> None:
    assert paper_title(post) == paper


@pytest.mark.parametrize("title", [
    "Elements of Worls Knowledge (EWoK)",  # the seed's, typo and acronym included
    "Scaling Instruction Following (SoS)",
    "[CLS] Token Tells Everything Needed for Training-free Efficient MLLMs",
    "[Re] Reproducing Sparse Upcycling",
    "[NLP] BERT",  # a topic tag must be followed by a real title
    "[논문 리뷰]",  # nothing follows the tag
    "Deep Learning in Medicine: A Systematic Review",
    "Deep Learning: A Review",
    "Automating Code Review",
    "Review-Guided Decoding for Summaries",
    "Adaptive Curriculum Learning (ACL)",  # a venue's name without a year is an acronym
    '"Why Should I Trust You?": Explaining the Predictions of Any Classifier',
    '"Attention" and "Memory" in Transformers',
    "LayerSkip : Enabling Early Exit Inference and Self-Speculative Decoding",
    "Q&A over Tables: <TAPAS> & Friends",
    "한국어 법률 문서 요약 리뷰",  # a Korean paper may end in 리뷰
    "[Transformer Circuits] A Mathematical Framework",  # unknown words in the tag
    "Results (Extended Version)",
    "GPT-4 Technical Report (2)",  # a part number alone is no sign of a review
    "Llama 2 - 1",
    "(Almost) Free Lunch for Transformers",
    "(Un)fairness in Recommender Systems",
])
def test_titles_that_may_be_the_papers_own_stay(title: str) -> None:
    assert paper_title(title) == title


def test_a_huge_title_is_left_alone_quickly() -> None:
    title = "[" * 200_000 + "x" + "(2024)" * 10_000
    assert paper_title(title) == title


# --- in the importer ----------------------------------------------------------------------

def _velog(*items: tuple[str, str]) -> str:
    body = "".join(
        f"<item><title><![CDATA[{title}]]></title><link>https://velog.io/@me/{i}</link>"
        f"<guid>https://velog.io/@me/{i}</guid><pubDate>Mon, 10 Mar 2025 09:00:00 GMT</pubDate>"
        f"<description><![CDATA[{html}]]></description></item>\n"
        for i, (title, html) in enumerate(items)
    )
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
            f"<title>me.log</title><link>https://velog.io/</link>\n{body}</channel></rss>\n")


def test_the_post_title_stays_visible_in_the_blurb() -> None:
    draft = RssReviewsImporter().parse(_velog(
        (f"[논문 리뷰] {LORA}", "<p>LoRA freezes the weights.</p>"),
        ("[논문 리뷰] Mamba", ""),
        ("Elements of Worls Knowledge (EWoK)", "<p>EWoK review.</p>"),
    ))
    lora, mamba, ewok = draft.papers
    assert (lora.title, lora.blurb) == (LORA, f"Post title: [논문 리뷰] {LORA}\n\nLoRA freezes the weights.")
    assert lora.notes == "LoRA freezes the weights."  # the review itself is unchanged
    assert (mamba.title, mamba.blurb) == ("Mamba", "Post title: [논문 리뷰] Mamba")
    assert (ewok.title, ewok.blurb) == ("Elements of Worls Knowledge (EWoK)", "EWoK review.")


def test_arxiv_listing_titles_are_never_touched() -> None:
    text = ('<?xml version="1.0"?><rss version="2.0"><channel><title>cs.CL updates on arXiv.org</title>'
            "<link>http://rss.arxiv.org/rss/cs.CL</link><item><title>Review: A Survey (ICLR 2024)</title>"
            "<link>https://arxiv.org/abs/2403.00946</link><description>arXiv:2403.00946v1 Announce "
            "Type: new Abstract: x</description><guid>oai:arXiv.org:2403.00946v1</guid></item>"
            "</channel></rss>")
    (paper,) = RssReviewsImporter().parse(text).papers
    assert paper.title == "Review: A Survey (ICLR 2024)"


DAILY = """## cs.CL

|Publish Date|Title|Authors|PDF|Code|
|---|---|---|---|---|
|**2021-06-17**|**LoRA: Low-Rank Adaptation of Large Language Models**|Edward J. Hu et.al.|[2106.09685](http://arxiv.org/abs/2106.09685)|null|
|**2022-01-28**|**Chain-of-Thought Prompting Elicits Reasoning in Large Language Models**|Jason Wei et.al.|[2201.11903](http://arxiv.org/abs/2201.11903)|null|
"""


def test_a_decorated_review_merges_with_the_paper_from_a_daily_list(library: Library) -> None:
    library.import_text(DAILY, source="/d/daily.md", name="daily", fmt="arxiv-daily")
    report = library.import_text(_velog(
        (f"[논문 리뷰] {LORA}", "<p>no link here</p>"),
        (f"{COT} (NeurIPS 2022)", "<p>CoT 리뷰</p>"),
        ("[Paper Review] Some Other Paper Entirely", "<p>x</p>"),
    ), source="/d/velog.xml", name="velog", fmt="rss")
    assert (report.found, report.merged, report.new) == (3, 2, 1)
    by_title = {p.title: p for p in library.query("")}
    assert by_title[LORA].arxiv_id == "2106.09685" and len(by_title[LORA].digest_ids) == 2
    assert by_title[COT].arxiv_id == "2201.11903" and len(by_title[COT].digest_ids) == 2
    assert set(by_title) == {LORA, COT, "Some Other Paper Entirely"}


@pytest.mark.parametrize(("label", "review"), [
    ("Paper Review", True), ("paper-review", True), ("논문 리뷰/NLP", True), ("PaperReview", True),
    ("Papers", True), ("kaggle", False), ("Deep Learning", False), ("cs.CL", False), ("", False),
])
def test_review_labels(label: str, review: bool) -> None:
    assert is_review_label(label) is review
