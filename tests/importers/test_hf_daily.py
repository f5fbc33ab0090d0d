"""The HuggingFace Daily Papers importer (family 004)."""

from __future__ import annotations

import pytest

from readlist.importers.base import ParseError
from readlist.importers.hf_daily import HfDailyImporter
from tests.importers.helpers import detected, fixture

hf = HfDailyImporter()


def test_the_date_heading_dates_the_digest_and_is_not_a_paper() -> None:
    draft = hf.parse(fixture("hf_daily_traps.md"))
    assert draft.family == "hf-daily"
    assert (draft.title, draft.date) == ("Daily Papers (2024-10-11)", "2024-10-11")
    assert len(draft.papers) == 3
    assert all(p.date is None for p in draft.papers)  # featured that day, not published


def test_titles_may_contain_brackets() -> None:
    titles = [p.title for p in hf.parse(fixture("hf_daily_traps.md")).papers]
    assert titles == [
        "MathCoder2]: Better Math Reasoning",
        "Balanced [inner] brackets",
        "A Paper Linked Through Hugging Face",
    ]


def test_ids_votes_authors() -> None:
    first, second, third = hf.parse(fixture("hf_daily_traps.md")).papers
    assert str(first.arxiv) == "2410.08196"
    assert first.links == {"abstract": "https://arxiv.org/abs/2410.08196"}
    assert (first.votes, second.votes, third.votes) == (27, 1234, 0)
    assert first.authors == ["Houxing Ren", "Ke Wang", "Mingjie Zhan"]
    assert third.authors == ["Solo Author"]  # `Vote:` and `Authors:` on adjacent lines
    assert third.arxiv is not None and third.arxiv.id == "2410.03450"
    assert first.line == 3


def test_summary_keeps_every_present_bullet_and_blurb_is_whats_new() -> None:
    first, second, third = hf.parse(fixture("hf_daily_traps.md")).papers
    assert first.summary == (
        "- **What's New**: 새로운 방법을 제안합니다.\n"
        "- **Technical Details**: Details with `code` and $x^2$.\n"
        "- **Performance Highlights**: 38.4% on MATH."
    )
    assert first.blurb == "새로운 방법을 제안합니다."
    assert second.summary == "- **What's New**: Only the first bullet is present."
    assert second.blurb == "Only the first bullet is present."
    assert (third.summary, third.blurb) == (None, None)


def test_several_days_in_one_file_become_sections() -> None:
    text = (
        "## Daily Papers (2024-10-11)\n\n### [A](https://arxiv.org/abs/2410.00001)\n\nVote: 1\n\n"
        "## Daily Papers (2024-10-12)\n\n### [B](https://arxiv.org/abs/2410.00002)\n\nVote: 2\n"
    )
    draft = hf.parse(text)
    assert [(p.title, p.section, p.votes) for p in draft.papers] == [
        ("A", "Daily Papers (2024-10-11)", 1), ("B", "Daily Papers (2024-10-12)", 2)]
    assert draft.date == "2024-10-11"


def test_not_a_daily_papers_digest() -> None:
    with pytest.raises(ParseError):
        hf.parse("## Daily Papers (2024-10-11)\n\nNothing today.\n")


def test_detect_picks_the_hf_importer() -> None:
    assert hf.sniff(fixture("hf_daily_traps.md"))
    assert detected(fixture("hf_daily_traps.md")) == "hf-daily"


def test_sniff_accepts_hugging_face_links_and_needs_votes_or_a_date_heading() -> None:
    assert hf.sniff("### [T](https://huggingface.co/papers/2410.03450)\n\nVote: 3\n")
    assert hf.sniff("## Daily Papers (2024-10-11)\n\n### [T](https://arxiv.org/abs/2410.03450)\n")
    assert not hf.sniff("### [T](https://arxiv.org/abs/2410.03450)\n\nSome text.\n")


ROLLUP = """\
# Weekly papers

## [Daily Papers (2024-11-19)](https://huggingface.co/papers?date=2024-11-19)

### [BlueLM-V-3B: On-device MLLMs](https://arxiv.org/pdf/2411.10640)

Vote: 0

- **What's New**\uff1a\u65e2\u5b58\u306e\u624b\u6cd5\u3092\u6539\u5584\u3002

## [Daily Papers (2024-11-20)](https://huggingface.co/papers?date=2024-11-20)

### [A Japanese-labelled paper](https://huggingface.co/papers/2411.11925)

Authors\uff1aSolo Author

- **\u65b0\u898f\u6027**: \u65b0\u3057\u3044\u30d9\u30f3\u30c1\u30de\u30fc\u30af\u3002
- **\u6280\u8853\u7684\u8a73\u7d30**: \u8a73\u7d30\u3002

---

- [Browse all papers of the day](https://huggingface.co/papers?date=2024-11-20)
"""


def test_a_linked_date_heading_is_a_day_not_a_paper() -> None:
    draft = hf.parse(ROLLUP)
    assert [p.title for p in draft.papers] == ["BlueLM-V-3B: On-device MLLMs",
                                               "A Japanese-labelled paper"]
    assert draft.date == "2024-11-19"
    assert [p.section for p in draft.papers] == ["Daily Papers (2024-11-19)",
                                                 "Daily Papers (2024-11-20)"]


def test_a_pdf_heading_link_is_the_papers_pdf_not_its_page() -> None:
    first, second = hf.parse(ROLLUP).papers
    assert first.links == {"pdf": "https://arxiv.org/pdf/2411.10640"}
    assert str(first.arxiv) == "2411.10640" and first.votes == 0
    assert second.arxiv is not None and second.arxiv.id == "2411.11925"


def test_cjk_colons_and_labels_give_the_blurb_and_authors() -> None:
    first, second = hf.parse(ROLLUP).papers
    assert first.blurb == "\u65e2\u5b58\u306e\u624b\u6cd5\u3092\u6539\u5584\u3002"
    assert second.blurb == "\u65b0\u3057\u3044\u30d9\u30f3\u30c1\u30de\u30fc\u30af\u3002"
    assert second.authors == ["Solo Author"]


def test_a_footer_after_a_rule_is_not_the_last_papers_summary() -> None:
    last = hf.parse(ROLLUP).papers[-1]
    assert last.summary is not None and "Browse all papers" not in last.summary
