"""Acceptance: the real seed digests give exactly what FORMATS.md counts (skipped if absent)."""

from __future__ import annotations

from collections import Counter

import pytest

from readlist.importers.arxiv_daily import ArxivDailyImporter
from readlist.importers.conference_post import ConferencePostImporter
from readlist.importers.hf_daily import HfDailyImporter
from readlist.importers.paper_notes import PaperNotesImporter
from readlist.service import Library
from tests.importers.helpers import SEEDS, detected, seed

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="seed digests not available")

MINE = {"000": "post", "001": "arxiv-daily", "003": "paper-notes", "004": "hf-daily"}
PAPERS = {"000": 39, "001": 100, "003": 21, "004": 25}


def text_of(family: str) -> str:
    text = seed(family)
    if text is None:
        pytest.skip(f"seed {family} not available")
    return text


def test_conference_post_seed() -> None:
    draft = ConferencePostImporter().parse(text_of("000"))
    assert len(draft.papers) == 39
    assert len(draft.skipped) == 3  # the 42 - 39 commented-out entries
    assert Counter(p.author_rating for p in draft.papers) == {"🔴": 8, "🔵": 17, "🟡": 7, "🟣": 7}
    assert Counter(p.venue for p in draft.papers if p.venue) == {"oral": 3, "spotlight": 10}
    assert len(draft.sections) == 9
    assert all(p.openreview_id and p.links["abstract"].endswith(p.openreview_id)
               for p in draft.papers)
    assert draft.date == "2024-01-25" and draft.title == "ICLR2024 の気になる論文一覧"
    assert sum(len(p.comments) for p in draft.papers) >= 15


def test_daily_arxiv_seed() -> None:
    draft = ArxivDailyImporter().parse(text_of("001"))
    assert len(draft.papers) == 100
    assert len({p.arxiv.id for p in draft.papers if p.arxiv}) == 100
    assert draft.sections == ["LLM"] and draft.date == "2024-06-04" and not draft.skipped
    assert all(p.abstract and p.abstract_translated and p.authors_complete for p in draft.papers)
    assert not any(p.abstract_translated.startswith(("摘要", "<")) or "paragraph>" in
                   p.abstract_translated for p in draft.papers if p.abstract_translated)
    assert sum("code" in p.links for p in draft.papers) == 33
    assert not any("null" in p.links.values() for p in draft.papers)


def test_paper_notes_seed() -> None:
    text = text_of("003")
    assert sum(line.startswith("# ") for line in text.splitlines()) == 32
    draft = PaperNotesImporter().parse(text)
    assert len(draft.papers) == 21
    assert all(p.arxiv and p.notes and p.summary for p in draft.papers)
    assert all("#" in (p.summary or "") for p in draft.papers)  # the tweets end with hashtags


def test_hf_daily_seed() -> None:
    draft = HfDailyImporter().parse(text_of("004"))
    assert len(draft.papers) == 25 and draft.date == "2024-10-11"
    assert all(p.arxiv and p.votes is not None and p.authors and p.blurb for p in draft.papers)
    assert draft.papers[0].votes == 27


@pytest.mark.parametrize("family", sorted(MINE))
def test_detect_picks_the_family_importer(family: str) -> None:
    assert detected(text_of(family)) == MINE[family]


def test_detect_leaves_the_rss_seed_to_others() -> None:
    assert detected(text_of("002")) not in MINE.values()


@pytest.mark.parametrize("family", sorted(MINE))
def test_seed_imports_into_a_library_idempotently(family: str, library: Library) -> None:
    text = text_of(family)
    report = library.import_text(text, source=f"/seeds/{family}.md", name=family, fmt=MINE[family])
    assert (report.family, report.found, report.new) == (MINE[family], PAPERS[family], PAPERS[family])
    again = library.import_text(text, source=f"/seeds/{family}.md", name=family, fmt=MINE[family])
    assert (again.new, again.merged, again.unchanged) == (0, 0, PAPERS[family])
