"""Every way people write an arXiv id reaches the same canonical id (and keeps the version)."""

from __future__ import annotations

import pytest

from readlist.ids import find_arxiv_ids, parse_arxiv_id, parse_openreview_id


@pytest.mark.parametrize(
    ("text", "canonical", "version"),
    [
        ("2406.02543", "2406.02543", None),
        ("2406.02543v1", "2406.02543", 1),
        ("1501.00001v12", "1501.00001", 12),
        ("0704.0001", "0704.0001", None),
        ("arXiv:2406.02539v1", "2406.02539", 1),
        ("arxiv:2406.02539", "2406.02539", None),
        ("ARXIV: 2406.02539", "2406.02539", None),
        ("hep-th/9901001", "hep-th/9901001", None),
        ("hep-th/9901001v2", "hep-th/9901001", 2),
        ("math.GT/0309136", "math/0309136", None),
        ("arXiv:math.GT/0309136v1", "math/0309136", 1),
        ("https://arxiv.org/abs/2406.02543", "2406.02543", None),
        ("http://arxiv.org/abs/2406.02543v1", "2406.02543", 1),
        ("https://arxiv.org/pdf/2406.02537.pdf", "2406.02537", None),
        ("https://arxiv.org/pdf/2406.02537v2.pdf", "2406.02537", 2),
        ("https://arxiv.org/pdf/2406.02537", "2406.02537", None),
        ("https://arxiv.org/html/2406.02537v1", "2406.02537", 1),
        ("https://www.arxiv.org/abs/2406.02543/", "2406.02543", None),
        ("https://export.arxiv.org/abs/hep-th/9901001", "hep-th/9901001", None),
        ("http://arxiv.org/abs/math.GT/0309136v1", "math/0309136", 1),
        ("arxiv.org/abs/2406.02543", "2406.02543", None),
        ("https://www.alphaxiv.org/abs/2406.02543", "2406.02543", None),
        ("https://alphaxiv.org/overview/2406.02543v1", "2406.02543", 1),
        ("https://huggingface.co/papers/2410.05258", "2410.05258", None),
        ("<https://arxiv.org/abs/2406.02543>", "2406.02543", None),
        ("  2406.02543  ", "2406.02543", None),
    ],
)
def test_every_id_form_normalises(text: str, canonical: str, version: int | None) -> None:
    parsed = parse_arxiv_id(text)
    assert parsed is not None, text
    assert (parsed.id, parsed.version) == (canonical, version)


@pytest.mark.parametrize(
    "text",
    [
        "not-an-id",
        "",
        "2406",
        "2413.02543",  # month 13
        "2406.025",
        "https://example.org/abs/2406.02543",
        "https://openreview.net/forum?id=abc123XYZ",
        "ftp://arxiv.org/abs/2406.02543",
        "https://arxiv.org/list/cs.CL/recent",
        "10.1000/xyz123",
    ],
)
def test_non_ids_are_refused(text: str) -> None:
    assert parse_arxiv_id(text) is None


def test_invisible_characters_do_not_split_a_title_for_matching() -> None:
    from readlist.ids import normalize_title

    # A soft hyphen (from a blog's HTML) or zero-width space is not a word break.
    plain = normalize_title("FlashAttention-2: Faster Attention")
    assert normalize_title("Flash\u00adAttention-2: Faster\u200b Attention") == plain


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("paper: arxiv.org/abs/2501.12948 (no scheme)", ["2501.12948"]),
        ("(www.arxiv.org/pdf/2501.12948v2.pdf)", ["2501.12948v2"]),
        ("export.arxiv.org/abs/hep-th/9901001, and more", ["hep-th/9901001"]),
        ("https://arxiv.org/abs/2501.12948 once, not twice", ["2501.12948"]),
        ("notarxiv.org/abs/2501.12948 and mirror.site/arxiv.org/abs/2501.12949", []),
    ],
)
def test_arxiv_links_in_text_are_found_with_or_without_a_scheme(text: str, found: list[str]) -> None:
    assert [str(arxiv) for arxiv, _ in find_arxiv_ids(text)] == found


@pytest.mark.parametrize(
    ("url", "forum"),
    [
        ("https://openreview.net/forum?id=eFWG9Cy3WK", "eFWG9Cy3WK"),
        ("https://openreview.net/pdf?id=eFWG9Cy3WK", "eFWG9Cy3WK"),
        ("openreview:eFWG9Cy3WK", "eFWG9Cy3WK"),
        # ICLR 2020's virtual conference named its poster pages after the forum.
        ("https://iclr.cc/virtual_2020/poster_B1xSperKvH.html", "B1xSperKvH"),
        ("https://iclr.cc/virtual/2021/poster/2793", None),  # a number of its own
        ("https://iclr.cc/virtual_2020/papers.html", None),
        ("https://example.org/forum?id=eFWG9Cy3WK", None),
    ],
)
def test_openreview_forums_in_every_form(url: str, forum: str | None) -> None:
    assert parse_openreview_id(url) == forum


@pytest.mark.parametrize("text", ["Paper page", "HF paper page", "到 Huggingface 论文主页查看详情",
                                  "[PDF]", "View on arXiv", "论文链接", "논문 보기"])
def test_link_labels_are_no_titles(text: str) -> None:
    from readlist.ids import is_link_label

    assert is_link_label(text)
    assert not is_link_label("Paper Pages: Long-Context Retrieval")
