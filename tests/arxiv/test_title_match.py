"""Title matching never guesses: only the same title (after normalisation) is accepted."""

from __future__ import annotations

from dataclasses import replace

import pytest

from readlist.atom import ArxivEntry
from readlist.ids import ArxivId
from readlist.service.title_match import decide, review_subject, same_title, title_score


def entry(title: str, ident: str = "2404.16710", authors: tuple[str, ...] = ("Mostafa Elhoushi",),
          doi: str | None = None) -> ArxivEntry:
    return ArxivEntry(ArxivId(ident, 1), title, authors=authors, doi=doi)


@pytest.mark.parametrize(
    ("typed", "on_arxiv"),
    [
        ("LayerSkip : Enabling Early Exit Inference and Self-Speculative Decoding",
         "LayerSkip: Enabling Early Exit Inference and Self-Speculative Decoding"),
        ("L$^2$M: Mutual Information Scaling Law for Long-Context Language Modeling",
         "L2M: Mutual Information Scaling Law for Long-Context Language Modeling"),
        ("Training Neural Networks from  Scratch\nwith Parallel Low-Rank Adapters",
         "Training Neural Networks from Scratch with Parallel Low-Rank Adapters"),
        ("Pre-training Transformers for Molecular Graphs", "Pretraining Transformers for Molecular Graphs"),
        ("Schrödinger Bridges Beat Diffusion Models", "Schrodinger Bridges Beat Diffusion Models"),
        ("SELF-EXPERTISE: Knowledge-Based Instruction Dataset Augmentation",
         "Self-Expertise: Knowledge-based Instruction Dataset Augmentation"),
    ],
)
def test_same_title_after_normalisation_is_accepted(typed: str, on_arxiv: str) -> None:
    assert same_title(typed, on_arxiv)
    decision = decide(typed, [entry(on_arxiv)])
    assert decision.accepted is not None and decision.reason == "same title"
    assert title_score(typed, on_arxiv) == 1.0


@pytest.mark.parametrize(
    ("typed", "on_arxiv"),
    [
        ("A Multi-Task Benchmark for Korean Legal Langhage Understanding and Judgement Prediction",
         "A Multi-Task Benchmark for Korean Legal Language Understanding and Judgement Prediction"),
        ("CoT Reasoning without Prompting", "Chain-of-Thought Reasoning Without Prompting"),
        ("Elements of Worls Knowledge (EWoK)",
         "Elements of World Knowledge (EWOK): A cognition-inspired framework for evaluating "
         "basic world knowledge in language models"),
        ("Repeat After Me:", "Repeat After Me: Transformers are Better than State Space Models at Copying"),
    ],
)
def test_typos_and_abbreviations_stay_unresolved_with_a_scored_candidate(typed: str, on_arxiv: str) -> None:
    decision = decide(typed, [entry(on_arxiv)])
    assert decision.accepted is None
    assert decision.reason == "no arXiv paper has exactly this title"
    assert decision.best is not None and decision.best.entry.title == on_arxiv
    assert 0.0 < decision.best.score < 1.0


def test_typo_scores_higher_than_an_unrelated_title() -> None:
    typo = title_score("Korean Legal Langhage Understanding", "Korean Legal Language Understanding")
    other = title_score("Korean Legal Langhage Understanding", "Diffusion Models Beat GANs")
    assert typo > 0.8 > other


def test_best_candidate_is_the_closest() -> None:
    decision = decide("CoT Reasoning without Prompting", [
        entry("Diffusion Models Beat GANs on Image Synthesis", "2105.05233"),
        entry("Chain-of-Thought Reasoning Without Prompting", "2402.10200"),
    ])
    assert decision.best is not None and decision.best.entry.arxiv.id == "2402.10200"


def test_two_arxiv_papers_with_the_same_title_are_ambiguous() -> None:
    decision = decide("Attention Is All You Need In Speech Separation", [
        entry("Attention is All you Need in Speech Separation", "2010.13154"),
        entry("Attention Is All You Need in Speech Separation", "2307.00001"),
    ])
    assert decision.accepted is None and decision.reason == "2 arXiv papers have this title"


def test_the_same_paper_listed_twice_is_not_ambiguous() -> None:
    found = entry("Attention Is All You Need In Speech Separation", "2010.13154")
    assert decide(found.title, [found, found]).accepted == found


def test_short_titles_are_never_matched_automatically() -> None:
    decision = decide("GPT-4", [entry("GPT-4", "2303.08774")])
    assert decision.accepted is None and decision.reason == "the title is too short to match safely"


def test_a_different_first_author_blocks_the_match() -> None:
    title = "Scaling Laws for Neural Language Models"
    found = entry(title, "2001.08361", authors=("Jared Kaplan", "Sam McCandlish"))
    assert decide(title, [found], first_author="Jared Kaplan et.al.").accepted == found
    assert decide(title, [found], first_author="J. Kaplan").accepted == found
    blocked = decide(title, [found], first_author="Someone Else")
    assert blocked.accepted is None
    assert blocked.reason == "the first author is not among the arXiv paper's authors"


def test_a_different_doi_blocks_the_match() -> None:
    title = "Scaling Laws for Neural Language Models"
    found = entry(title, "2001.08361", doi="10.1000/a")
    assert decide(title, [found], doi="10.1000/b").accepted is None
    assert decide(title, [found], doi="10.1000/A").accepted == found
    assert decide(title, [replace(found, doi=None)], doi="10.1000/b").accepted is not None


def test_no_candidates() -> None:
    decision = decide("Some Paper Nobody Wrote About Anything", [])
    assert decision.accepted is None and decision.best is None
    assert decision.reason == "arXiv has no paper with a similar title"


@pytest.mark.parametrize(("post", "paper"), [
    ("[Paper Review] Attention Is All You Need", "Attention Is All You Need"),
    ("[논문 리뷰] LoRA: Low-Rank Adaptation", "LoRA: Low-Rank Adaptation"),
    ("Paper review: Toolformer (NeurIPS 2023)", "Toolformer"),
    ("Attention Is All You Need 논문 리뷰", "Attention Is All You Need"),
    ("BERT - Paper Review", "BERT"),
    ("GPTScore: Evaluate as You Desire", "GPTScore: Evaluate as You Desire"),  # a real title
    ("[CLS] token is all you need", "[CLS] token is all you need"),
])
def test_review_subject_unwraps_only_review_labels(post: str, paper: str) -> None:
    assert review_subject(post) == paper
