"""The paper one feed item is: an arXiv listing's fields, or a blog's review of a paper.

An item that links arXiv (an arXiv feed, or a listing-shaped entry) is read as a listing
(feed_entry). Any other item is a review: its text is the blogger's, its title the post's,
reduced to the paper's title when decorated (review_titles), and its paper found through
the links in the review (review_links). A post filed only under categories no review of
the feed has is reported, not imported.

Kept apart from rss_reviews, which gets the items out of the feed (feedparser, damaged
feeds, lines, duplicates): this module sees one entry at a time.
"""

from __future__ import annotations

from typing import Any

from readlist.ids import parse_doi, parse_openreview_id
from readlist.importers.base import PaperDraft, Skipped
from readlist.importers.feed_entry import (
    arxiv_fields,
    arxiv_of,
    field,
    is_arxiv_listing,
    iso_date,
    related_arxiv,
    tags,
    text_blocks,
    title_of,
    updated,
)
from readlist.importers.html_blurb import blurb
from readlist.importers.review_links import arxiv_in_path, linked_arxiv, linked_openreview
from readlist.importers.review_titles import paper_title


def _bodies(entry: Any) -> tuple[list[tuple[str, str]], tuple[str, str]]:
    """The item's non-empty content elements and its summary, each as (value, declared type)."""
    content = [(field(c, "value"), field(c, "type") or "text/html")
               for c in entry.get("content") or [] if isinstance(c, dict)]
    summary = (field(entry, "summary"), field(entry.get("summary_detail"), "type") or "text/html")
    return [c for c in content if c[0]], summary


def _not_a_review(entry: Any, draft: PaperDraft, post_title: str, topics: set[str]) -> Skipped | None:
    """A post filed only under categories no review has ("Kaggle", "공지"), linking no paper,
    its title undecorated: reported, not imported. Uncategorised posts stay."""
    filed = tags(entry)
    if (not filed or topics & {t.casefold() for t in filed} or draft.title != post_title
            or draft.arxiv or draft.openreview_id or draft.doi):
        return None
    return Skipped(f"not a paper review: filed under {', '.join(filed)[:80]}, not with the "
                   "feed's reviews", draft.line, post_title)


def item_paper(entry: Any, line: int | None, arxiv_feed: bool,
               review_topics: set[str] | None = None) -> PaperDraft | Skipped:
    """The paper feedparser's `entry` (at `line`) is, or why it is skipped; `review_topics`
    are the categories the feed files its reviews under (none: every post is kept)."""
    link = field(entry, "link").strip()
    guid = field(entry, "id").strip()
    title = title_of(entry)
    if not title:
        return Skipped("item has no title", line, link or guid or None)
    draft = PaperDraft(title=title, line=line)
    draft.date = iso_date(entry.get("published")) or iso_date(updated(entry))
    arxiv = arxiv_of(link, guid)
    openreview = next((o for o in map(parse_openreview_id, (link, guid)) if o), None)
    draft.doi = next((d for d in map(parse_doi, (link, guid)) if d), None)
    is_review = bool(link) and not (arxiv_of(link) or parse_openreview_id(link) or parse_doi(link))
    if arxiv and not is_review and (arxiv_feed or is_arxiv_listing(entry)):
        arxiv_fields(entry, draft, arxiv)
        return draft
    # A blog item: its text is the blogger's review, its title the post's (decorated, maybe).
    content, summary = _bodies(entry)
    if arxiv is None and openreview is None:  # the review's links, its related links, its address
        bodies = [(value, "html" in kind) for value, kind in (*content, summary)]
        arxiv = (linked_arxiv(bodies) or related_arxiv(entry)
                 or (arxiv_in_path(link) if is_review else None))
        openreview = None if arxiv else linked_openreview(bodies)
    if arxiv:
        draft.arxiv = arxiv
        draft.links["abstract"] = f"https://arxiv.org/abs/{arxiv.id}"
    elif openreview:
        draft.openreview_id = openreview
        draft.links["abstract"] = f"https://openreview.net/forum?id={openreview}"
    elif draft.doi:
        draft.links["abstract"] = f"https://doi.org/{draft.doi}"
    if is_review:
        draft.links["review"] = link
    # The longest content element is the whole review (WordPress's description is an excerpt).
    notes, blocks = text_blocks(*max(content, key=lambda c: len(c[0])) if content else summary)
    draft.notes = notes or None
    draft.blurb = blurb(blocks)
    draft.title = paper_title(title)
    if draft.title != title:  # the post's own title stays visible with the digest's text
        draft.blurb = f"Post title: {title}" + (f"\n\n{draft.blurb}" if draft.blurb else "")
    return (_not_a_review(entry, draft, title, review_topics) if review_topics else None) or draft


def paper_key(draft: PaperDraft) -> str:
    """What makes two items the same paper: its arXiv or OpenReview id, its review's
    address, else its title."""
    if draft.arxiv:
        return f"arxiv:{draft.arxiv.id}"
    if draft.openreview_id:
        return f"openreview:{draft.openreview_id}"
    review = draft.links.get("review")
    return f"review:{review}" if review else "title:" + " ".join(draft.title.casefold().split())
