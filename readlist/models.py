"""Plain data types shared by every layer: papers, user state, digests, provenance, ratings.

Nothing here does I/O. The store keeps these as JSON documents; the service turns documents
into these types for the front ends.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any


class ReadState(enum.StrEnum):
    """Where a paper is in the user's reading queue."""

    UNREAD = "unread"
    READING = "reading"
    READ = "read"
    SKIPPED = "skipped"


class Priority(enum.StrEnum):
    """How soon the user wants to read a paper."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    NONE = "none"

    @property
    def rank(self) -> int:
        """Sort rank: high first, none last."""
        return _PRIORITY_RANK[self]

    def next(self) -> Priority:
        """The next level in the cycle none → high → medium → low → none."""
        order = [Priority.NONE, Priority.HIGH, Priority.MEDIUM, Priority.LOW]
        return order[(order.index(self) + 1) % len(order)]


_PRIORITY_RANK = {Priority.HIGH: 0, Priority.MEDIUM: 1, Priority.LOW: 2, Priority.NONE: 3}

PRIORITY_MARK = {Priority.HIGH: "!!!", Priority.MEDIUM: "!!", Priority.LOW: "!", Priority.NONE: ""}


@dataclass(frozen=True)
class Rating:
    """One entry of the rating legend: an emoji, a short name and what it means."""

    emoji: str
    name: str
    meaning: str
    aliases: tuple[str, ...] = ()


DEFAULT_LEGEND: tuple[Rating, ...] = (
    Rating("🔴", "personal", "personal interest", ("red",)),
    Rating("🔵", "objective", "objective interest", ("blue",)),
    Rating("🟡", "later", "may like later", ("yellow",)),
    Rating("🟣", "related", "related to my work", ("purple",)),
)


@dataclass(frozen=True)
class Legend:
    """The user's rating legend (config.toml), in display order."""

    ratings: tuple[Rating, ...] = DEFAULT_LEGEND

    def lookup(self, value: str) -> Rating | None:
        """Find a rating by emoji, name, alias or 1-based position; None if unknown."""
        text = value.strip()
        folded = text.casefold()
        for rating in self.ratings:
            if text == rating.emoji or text.rstrip("\ufe0f") == rating.emoji.rstrip("\ufe0f"):
                return rating
            if folded == rating.name.casefold() or folded in (a.casefold() for a in rating.aliases):
                return rating
        if text.isdigit() and 1 <= int(text) <= len(self.ratings):
            return self.ratings[int(text) - 1]
        return None

    def rank(self, emoji: str | None) -> int:
        """Sort rank of a rating: legend order, unrated last."""
        if emoji is None:
            return len(self.ratings) + 1
        for i, rating in enumerate(self.ratings):
            if rating.emoji == emoji:
                return i
        return len(self.ratings)


@dataclass
class UserState:
    """The user's own, often-changed state for one paper."""

    state: ReadState = ReadState.UNREAD
    priority: Priority = Priority.NONE
    rating: str | None = None
    #: "user" once the user set the rating; "digest" while it is the digest author's rating.
    rating_source: str | None = None
    tags: list[str] = field(default_factory=list)
    notes: str = ""
    created: str | None = None
    updated: str | None = None
    #: True once the user acted on the paper (any triage action); the Inbox holds the rest.
    triaged: bool = False

    def to_doc(self) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "state": self.state.value,
            "priority": self.priority.value,
            "rating": self.rating,
            "rating_source": self.rating_source,
            "tags": list(self.tags),
            "notes": self.notes,
            "created": self.created,
            "updated": self.updated,
            "triaged": self.triaged,
        }
        return doc

    @classmethod
    def from_doc(cls, doc: dict[str, Any] | None) -> UserState:
        if not doc:
            return cls()
        return cls(
            state=ReadState(doc.get("state", "unread")),
            priority=Priority(doc.get("priority", "none")),
            rating=doc.get("rating"),
            rating_source=doc.get("rating_source"),
            tags=list(doc.get("tags", [])),
            notes=doc.get("notes", "") or "",
            created=doc.get("created"),
            updated=doc.get("updated"),
            triaged=bool(doc.get("triaged", False)),
        )


@dataclass(frozen=True)
class Digest:
    """One imported digest file or URL."""

    id: int
    name: str
    source: str
    family: str
    title: str | None
    date: str | None
    imported_at: str
    content_hash: str
    paper_count: int = 0
    sections: tuple[str, ...] = ()


@dataclass(frozen=True)
class Provenance:
    """Where one paper appeared in one digest, and what that digest said about it."""

    digest_id: int
    digest_name: str
    family: str
    section: str | None = None
    subsection: str | None = None
    #: Other (section, subsection) places of the same digest listing the paper again.
    also_in: tuple[tuple[str | None, str | None], ...] = ()
    position: int = 0
    #: The digest author's own rating emoji (the 000 post's 🔴 etc.).
    author_rating: str | None = None
    blurb: str | None = None
    notes: str | None = None
    summary: str | None = None
    comments: tuple[str, ...] = ()

    @property
    def own_notes(self) -> str | None:
        """The notes, unless they only repeat the blurb (a short review is its own blurb)."""
        notes, blurb = self.notes, self.blurb
        if notes and blurb and " ".join(notes.split()) == " ".join(blurb.split()):
            return None
        return notes


@dataclass(frozen=True)
class Links:
    """A paper's links; any may be missing."""

    abstract: str | None = None
    pdf: str | None = None
    code: str | None = None
    review: str | None = None


def best_url(abstract: str | None, arxiv_id: str | None, openreview_id: str | None,
             doi: str | None, review: str | None) -> str | None:
    """The page to open for a paper: its abstract page, else one derived from its ids,
    else the review that listed it."""
    if abstract:
        return abstract
    if arxiv_id:
        return f"https://arxiv.org/abs/{arxiv_id}"
    if openreview_id:
        return f"https://openreview.net/forum?id={openreview_id}"
    if doi:
        return f"https://doi.org/{doi}"
    return review


@dataclass(frozen=True)
class Paper:
    """A paper as the front ends see it: imported metadata joined with the user's state.

    `details_loaded` is False when only the lean catalog was read (lists); `show` loads the
    bulky fields (authors, abstract, summary, provenance texts) too.
    """

    pid: int
    key: str
    title: str
    arxiv_id: str | None
    arxiv_version: int | None
    openreview_id: str | None
    doi: str | None
    links: Links
    first_author: str | None
    author_count: int
    date: str | None
    added: str
    venue: str | None
    votes: int | None
    digest_ids: tuple[int, ...]
    pending: bool
    user: UserState
    details_loaded: bool = False
    authors: tuple[str, ...] = ()
    abstract: str | None = None
    abstract_translated: str | None = None
    summary: str | None = None
    categories: tuple[str, ...] = ()
    comment: str | None = None
    journal_ref: str | None = None
    published: str | None = None
    updated: str | None = None
    provenance: tuple[Provenance, ...] = ()

    @property
    def display_title(self) -> str:
        """The title to show (raw; escape it for the terminal): a placeholder when arXiv
        has not been asked yet about a paper added offline."""
        if self.title.strip():
            return self.title
        if self.pending:
            label = self.arxiv_id or self.key
            return f"({label}: metadata pending, run `readlist enrich`)"
        return f"({self.key})"

    @property
    def url(self) -> str | None:
        """The best page to open for this paper."""
        return best_url(self.links.abstract, self.arxiv_id, self.openreview_id, self.doi,
                        self.links.review)

    @property
    def pdf_url(self) -> str | None:
        """The PDF link, derived from the arXiv/OpenReview id when the digest gave none."""
        if self.links.pdf:
            return self.links.pdf
        if self.arxiv_id:
            return f"https://arxiv.org/pdf/{self.arxiv_id}"
        if self.openreview_id:
            return f"https://openreview.net/pdf?id={self.openreview_id}"
        return None

    @property
    def year(self) -> int | None:
        date = self.date or self.published
        if date and len(date) >= 4 and date[:4].isdigit():
            return int(date[:4])
        return None
