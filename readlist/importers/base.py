"""The importer interface: text in, drafts out, no I/O.

Every digest family is one module with one `Importer` subclass, registered in
`readlist.importers.REGISTRY`. The service turns drafts into library records, applying
paper identity and merging (FORMATS.md) in one place, so importers only describe what a
digest says.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, ClassVar

from readlist.errors import ImportFailed
from readlist.ids import ArxivId

_HOST_PATH = re.compile(r"(?:[a-z0-9-]+\.)+[a-z]{2,}/", re.IGNORECASE)


def web_url(href: str) -> str:
    """A link as a browser needs it: `arxiv.org/abs/…` and `//host/…` gain `https:`."""
    if href.startswith(("http://", "https://")):
        return href
    if href.startswith("//"):
        return "https:" + href
    return "https://" + href if _HOST_PATH.match(href) else href


#: Hosts whose pages are a paper's code (never its page: an arXiv URL is not code).
CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "gitee.com")


def host_of(url: str) -> str:
    """The host of an absolute URL, lower-case, without `www.`, user or port ("" if none)."""
    host = url.partition("://")[2].split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    return host.rsplit("@", 1)[-1].split(":", 1)[0].casefold().removeprefix("www.")


def is_code_url(url: str) -> bool:
    """Whether a URL is on a code host (github.com, gist.github.com, gitlab.com …)."""
    host = host_of(url)
    return any(host == h or host.endswith("." + h) for h in CODE_HOSTS)


def link_kind(href: str) -> str:
    """Whether a paper link is its PDF ("pdf") or its page ("abstract")."""
    folded = href.casefold().split("?", 1)[0].split("#", 1)[0]
    return "pdf" if "/pdf/" in folded or folded.endswith((".pdf", "/pdf")) else "abstract"


class ParseError(ImportFailed):
    """The text is not a digest of this family at all (nothing could be imported)."""


#: Words that say how a venue presented a paper (`(oral)`, `[Spotlight]`, `Findings`): a
#: post's venue label, and part of the venue tag a review blog puts after a title.
PRESENTATION_WORDS = frozenset({
    "oral", "orals", "spotlight", "spotlights", "poster", "posters", "highlight", "highlights",
    "award", "awards", "outstanding", "findings", "workshop", "workshops", "notable", "demo",
    "tutorial", "keynote", "track",
})
#: Names of venues (conferences, journals, archives) as people abbreviate them, casefolded:
#: a review title's venue tag `(NeurIPS 2023)`, a post's `(Nature, 2020)`.
VENUE_NAMES = frozenset(
    "iclr neurips nips icml acl emnlp naacl eacl aacl coling tacl lrec conll cvpr iccv eccv "
    "wacv bmvc accv aaai ijcai kdd www sigir cikm wsdm recsys icra iros corl uai aistats colt "
    "interspeech icassp miccai mlsys colm tmlr jmlr tpami ijcv nature science arxiv openreview "
    "siggraph chi uist sigmod vldb icde osdi sosp nsdi ccs".split())
#: A vote count past this is a typo or an attack, not votes (and would not fit the store's
#: 64-bit integers): importers and the service drop it.
MAX_VOTES = 10**9


@dataclass
class PaperDraft:
    """One paper as one digest describes it. Every field but the title is optional."""

    title: str
    arxiv: ArxivId | None = None
    openreview_id: str | None = None
    doi: str | None = None
    #: Links by kind: "abstract", "pdf", "code", "review".
    links: dict[str, str] = field(default_factory=dict)
    authors: list[str] = field(default_factory=list)
    #: False when the digest abbreviates the list ("First Author et.al.").
    authors_complete: bool = True
    abstract: str | None = None
    abstract_translated: str | None = None
    summary: str | None = None
    venue: str | None = None
    votes: int | None = None
    #: Publication date, ISO "YYYY-MM-DD".
    date: str | None = None
    categories: list[str] = field(default_factory=list)
    #: The paper's own comment line, as arXiv lists carry it ("8 pages, accepted to ICCS").
    comment: str | None = None
    # -- provenance: where and how this digest lists the paper
    section: str | None = None
    subsection: str | None = None
    #: Further (section, subsection) places where the same digest lists the paper again (a
    #: paper cross-listed under two categories); filled when a digest's drafts are merged.
    also_in: list[tuple[str | None, str | None]] = field(default_factory=list)
    #: The digest's short text about the paper (Markdown).
    blurb: str | None = None
    #: Longer Markdown notes (nested bullets, a review, an LLM-written note).
    notes: str | None = None
    #: The digest author's own comments (the 000 post's 「」 bullets).
    comments: list[str] = field(default_factory=list)
    #: The digest author's own rating emoji.
    author_rating: str | None = None
    #: Only readlist's own exports carry the user's state, to restore it.
    user: dict[str, Any] | None = None
    #: Where in the source the entry was found (line number), for messages.
    line: int | None = None

    def listed_again(self, other: PaperDraft) -> None:
        """The digest lists this paper again as `other` (merged into this draft): keep
        other's section and subsection in `also_in` when they are another place."""
        place = (other.section, other.subsection)
        if any(place) and place != (self.section, self.subsection) and place not in self.also_in:
            self.also_in.append(place)


@dataclass
class Skipped:
    """An entry the importer saw but could not import, and why."""

    reason: str
    line: int | None = None
    text: str | None = None


@dataclass
class DigestDraft:
    """What one digest contains."""

    family: str
    papers: list[PaperDraft]
    title: str | None = None
    #: ISO date of the digest ("YYYY-MM-DD"), when it says.
    date: str | None = None
    skipped: list[Skipped] = field(default_factory=list)
    #: Sections in order of appearance (for the TUI's sidebar).
    sections: list[str] = field(default_factory=list)
    #: Human-readable warnings (e.g. "used the generic importer").
    warnings: list[str] = field(default_factory=list)
    #: A window onto a stream (a feed): re-importing it adds what is new and keeps the papers
    #: that have scrolled out of it, instead of dropping them from the digest.
    rolling: bool = False
    #: A complete library backup (readlist's JSON export): restored as a whole by the
    #: service (readlist.service.backup) instead of being merged paper by paper.
    backup: dict[str, Any] | None = None


class Importer(ABC):
    """One digest family.

    Subclasses set `name` (used by `--format`) and `description`, and implement `sniff`
    and `parse`. Both take the whole text and must not do any I/O.
    """

    name: ClassVar[str]
    description: ClassVar[str]

    @abstractmethod
    def sniff(self, text: str) -> bool:
        """True when `text` looks like a digest of this family.

        Args:
            text: the whole source, decoded.
        Returns:
            Whether this importer should parse it. Must be cheap and never raise.
        """

    @abstractmethod
    def parse(self, text: str) -> DigestDraft:
        """Extract every paper of the digest.

        Args:
            text: the whole source, decoded.
        Returns:
            The digest's papers in order, with what was skipped and why.
        Raises:
            ParseError: when nothing of this family can be read from `text`.
        """
