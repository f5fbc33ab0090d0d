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
