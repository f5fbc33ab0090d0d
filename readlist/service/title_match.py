"""Deciding whether an arXiv search result is the paper a library entry names by title.

A wrong merge is worse than none, so the rule is strict: a candidate is accepted only when
its title equals the library title after normalisation (case, punctuation, markup, LaTeX,
spacing, hyphenation and accents ignored), no other candidate has that title too, the title
is long enough to be specific, and nothing known contradicts it (a different DOI, a first
author who is not among the candidate's authors). Ignoring spacing and accents is safe
because two different papers whose titles differ only there do not occur in practice;
typos ("Langhage") and abbreviations ("CoT" for "Chain-of-Thought") are *not* ignored: such
papers stay unresolved and the best candidate is shown with its similarity score.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

from readlist.atom import ArxivEntry
from readlist.ids import normalize_title
from readlist.service.identity import MIN_TITLE_MATCH

#: Fewer words than this is too generic to match by title alone ("Attention", "GPT-4").
MIN_WORDS = 3


_REVIEW_WORDS = ("review", "리뷰", "논문", "論文", "论文", "読み", "解説", "summary", "요약",
                 "정리", "reading", "paper")
# "[Paper Review] X", "[논문 리뷰] X", "【論文紹介】X"
_TAG_PREFIX = re.compile(r"^\s*[\[(【「]([^\]\)】」]{1,24})[\])】」]\s*")
# "Paper review: X", "논문 리뷰 - X"
_LABEL_PREFIX = re.compile(r"^\s*((?:\w+\s+){0,2}\w+)\s*[:：\-–—|]\s+")
# "X 논문 리뷰", "X review", "X - Paper Review"
_LABEL_SUFFIX = re.compile(r"\s*[-–—|:]?\s*((?:\w+\s+){0,1}(?:review|리뷰|정리|요약))\s*$",
                           re.IGNORECASE)
# "X (NeurIPS 2023)", "X [ICLR'24]"
_VENUE_SUFFIX = re.compile(r"\s*[\[(]\s*[A-Za-z][A-Za-z\- ]{1,20}\s*'?\d{2,4}\s*[\])]\s*$")


def _reviewish(label: str) -> bool:
    folded = label.casefold()
    return any(word in folded for word in _REVIEW_WORDS)


def review_subject(title: str) -> str:
    """The paper's title inside a review post's title, which a blogger often wraps in a
    label ("[Paper Review] X", "논문 리뷰: X", "X 논문 리뷰", "X (NeurIPS 2023)").

    Only labels that say "review"/"paper" (in several languages) or name a venue and year
    are removed; what remains must still be a title (the original is returned otherwise).
    """
    subject = title
    tag = _TAG_PREFIX.match(subject)
    if tag and _reviewish(tag.group(1)):
        subject = subject[tag.end():]
    label = _LABEL_PREFIX.match(subject)
    if label and _reviewish(label.group(1)):
        subject = subject[label.end():]
    suffix = _LABEL_SUFFIX.search(subject)
    if suffix and suffix.start() > 0:
        subject = subject[: suffix.start()]
    venue = _VENUE_SUFFIX.search(subject)
    if venue and venue.start() > 0:
        subject = subject[: venue.start()]
    subject = subject.strip()
    return subject if len(normalize_title(subject).split()) >= 1 else title


def _compact(title: str) -> str:
    norm = unicodedata.normalize("NFKD", normalize_title(title))
    return "".join(ch for ch in norm if not unicodedata.combining(ch) and not ch.isspace())


def same_title(a: str, b: str) -> bool:
    """True when two titles are equal after normalisation (the only automatic match)."""
    compact = _compact(a)
    return bool(compact) and compact == _compact(b)


def title_score(a: str, b: str) -> float:
    """Similarity of two titles in [0, 1]; 1.0 exactly when `same_title` holds."""
    if same_title(a, b):
        return 1.0
    na, nb = normalize_title(a), normalize_title(b)
    if not na or not nb:
        return 0.0
    chars = SequenceMatcher(None, na, nb, autojunk=False).ratio()
    wa, wb = set(na.split()), set(nb.split())
    words = len(wa & wb) / len(wa | wb)
    # Characters weigh more than whole words, so a one-letter typo stays a close candidate.
    return round(min(0.99, (2 * chars + words) / 3), 2)


@dataclass(frozen=True)
class Candidate:
    """An arXiv search result and how closely its title matches."""

    entry: ArxivEntry
    score: float


@dataclass(frozen=True)
class Decision:
    """The accepted entry (None when the match is not certain), the best candidate, why."""

    accepted: ArxivEntry | None
    best: Candidate | None
    reason: str


def _fold(text: str) -> str:
    norm = unicodedata.normalize("NFKD", normalize_title(text))
    return "".join(ch for ch in norm if not unicodedata.combining(ch))


def _authors_agree(first_author: str | None, entry: ArxivEntry) -> bool:
    if not first_author or not entry.authors:
        return True
    words = _fold(first_author).split()
    while words and words[-1] in ("et", "al"):  # "First Author et.al."
        words.pop()
    if not words:
        return True
    surname = words[-1]
    return any(surname in _fold(author).split() for author in entry.authors)


def decide(
    title: str,
    entries: Iterable[ArxivEntry],
    *,
    first_author: str | None = None,
    doi: str | None = None,
) -> Decision:
    """Pick the arXiv entry that is certainly the paper titled `title`, or explain why none is."""
    seen: dict[str, Candidate] = {}
    for entry in entries:
        if entry.arxiv.id not in seen:
            seen[entry.arxiv.id] = Candidate(entry, title_score(title, entry.title))
    ranked = sorted(seen.values(), key=lambda c: -c.score)
    best = ranked[0] if ranked else None
    if best is None:
        return Decision(None, None, "arXiv has no paper with a similar title")
    exact = [c for c in ranked if c.score == 1.0]
    if not exact:
        return Decision(None, best, "no arXiv paper has exactly this title")
    if len(exact) > 1:
        return Decision(None, best, f"{len(exact)} arXiv papers have this title")
    if len(_compact(title)) < MIN_TITLE_MATCH or len(normalize_title(title).split()) < MIN_WORDS:
        return Decision(None, best, "the title is too short to match safely")
    match = exact[0].entry
    if doi and match.doi and doi.lower() != match.doi.lower():
        return Decision(None, best, "the DOIs differ")
    if not _authors_agree(first_author, match):
        return Decision(None, best, "the first author is not among the arXiv paper's authors")
    return Decision(match, best, "same title")
