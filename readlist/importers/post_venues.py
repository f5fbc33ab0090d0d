"""Venue labels in a conference post (family 000): which words name a presentation.

A paper's venue is a label naming how it was presented (oral, spotlight, poster,
highlight, award, findings, workshop...) or a venue's name with a year (`ICML 2024`,
`CVPR'24`), written beside the paper (`venue_label`) or over a group of papers as a
heading (`## Oral Papers`, `heading_venue`). `(Hu et al.)` or `(Hu 2023)` names no venue.

Kept apart from post_line, which walks a paper line's pieces (marks, links, groups) and
asks here only whether a bracketed or bold group is a venue; post_tables and post_entry
ask the same of table cells and of the text before a title.
"""

from __future__ import annotations

import re

from readlist.importers.base import PRESENTATION_WORDS, VENUE_NAMES

VENUE_WORDS = PRESENTATION_WORDS
_LABEL_WORDS = VENUE_WORDS | {
    "best", "paper", "papers", "honorable", "honourable", "mention", "runner", "up", "test",
    "of", "time", "main", "track", "conference", "presentation", "session", "talk", "top",
    "long", "short", "position", "candidate", "finalist", "and",
}
VENUE_PHRASES = ("best paper", "honorable mention", "honourable mention", "test of time")
VENUE_CJK = ("口頭", "オーラル", "スポットライト", "ポスター", "ハイライト", "論文賞",
             "最優秀", "口头", "海报", "亮点", "最佳论文")
WORD = re.compile(r"\w+")
_TOKEN = re.compile(r"[^\s,;/·]+")
_YEAR = re.compile(r"(?:19|20)?\d{2}")
_NAME_YEAR = re.compile(r"[A-Za-z]+['’]\d{2}")  # CVPR'24


def _name_and_year(plain: str) -> bool:
    """`ICML 2024`, `19 ICLR`, `NeurIPS 2026; ICML 2026 FMSD`, `CVPR'24`, `22 arxiv`: a
    venue's name (an acronym-like word: two capitals, or a known venue such as arXiv or
    Nature) with a year. `(Hu 2023)` names no venue this way."""
    tokens = _TOKEN.findall(plain)
    if not 1 <= len(tokens) <= 6:
        return False
    name = year = False
    for token in tokens:
        token = token.strip("'’")
        capitals = sum(ch.isupper() for ch in token)
        if _YEAR.fullmatch(token):
            year = True
        elif _NAME_YEAR.fullmatch(token) and capitals >= 2:
            name = year = True
        elif token.isalpha() and (capitals >= 2 or token.casefold() in VENUE_NAMES):
            name = True
        elif token.casefold() not in _LABEL_WORDS:
            return False
    return name and year


_HEADING_VENUES = {"oral": "oral", "orals": "oral", "spotlight": "spotlight",
                   "spotlights": "spotlight", "poster": "poster", "posters": "poster",
                   "highlight": "highlight", "highlights": "highlight"}
_HEADING_FILLER = frozenset("paper papers presentation presentations session sessions track "
                            "talk talks accepted selected and of the".split())


def heading_venue(heading: str | None) -> str | None:
    """The presentation a heading files its papers under (`## Oral Papers`, `### Spotlights`,
    `## ICLR 2024 Orals`), or None for a topic heading ("Reasoning", "Poster sessions I
    liked on diffusion" is a topic too: every word must be about the presentation)."""
    if not heading:
        return None
    words = WORD.findall(heading.casefold())
    if not words or len(words) > 5:
        return None
    kinds = {_HEADING_VENUES[w] for w in words if w in _HEADING_VENUES}
    if len(kinds) != 1:
        return None
    if any(w not in _HEADING_VENUES and w not in _HEADING_FILLER and w not in VENUE_NAMES
           and not w.isdigit() for w in words):
        return None
    return kinds.pop()


def venue_label(text: str) -> str | None:
    """`text` as a venue label (`Oral`, `ICML 2024 Spotlight`, `口頭発表`), or None.

    Label words are lower-cased and names kept (`ICML 2024 oral`), so one label is spelt
    one way whatever the capitals of the post.
    """
    plain = text.strip(" \t\n*_`()（）[]")
    folded = plain.casefold()
    if not plain or len(plain) > 60 or "://" in plain or "[" in plain or "et al" in folded:
        return None
    words = WORD.findall(folded)
    venue = (not VENUE_WORDS.isdisjoint(words) or any(p in folded for p in VENUE_PHRASES)
             or any(c in plain for c in VENUE_CJK) or _name_and_year(plain))
    if not venue or len(words) > 6:
        return None
    return WORD.sub(
        lambda m: m[0] if m[0].casefold() not in _LABEL_WORDS
        and (any(c.isupper() for c in m[0][1:]) or m[0].casefold() in VENUE_NAMES)
        else m[0].casefold(), plain)
