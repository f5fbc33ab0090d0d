"""Dates as digests write them, read as ISO `YYYY-MM-DD`."""

from __future__ import annotations

import re
from datetime import date

_MONTHS = {name: n for n, names in enumerate((
    ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
    ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
    ("oct", "october"), ("nov", "november"), ("dec", "december")), start=1) for name in names}
_MONTH = "(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
# Every form starts at a digit or a month name and the month names are rare in text, so the
# search stays cheap; it only runs on text that has a digit at all.
_DATE = re.compile(
    r"(?<!\d)(\d{4})[-./](\d{1,2})[-./](\d{1,2})(?!\d)"  # 2024-06-04, 2024.6.4, 2024/06/04
    r"|(?<!\d)(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]"  # 2024年6月4日
    rf"|\b({_MONTH})\s+{_DAY},?\s+(\d{{4}})(?!\d)"  # Jun 4, 2024 / June 4th 2024
    rf"|(?<![\w.]){_DAY}\s+({_MONTH}),?\s+(\d{{4}})(?!\d)"  # 4 Jun 2024
    r"|(?<![\d.])((?:19|20)\d\d)(\d\d)(\d\d)(?![\d.])",  # 20240604
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")


def _ymd(groups: tuple[str | None, ...]) -> tuple[int, int, int]:
    """(year, month, day) of a _DATE match, whichever form matched."""
    g = groups
    if g[0] or g[3] or g[12]:
        base = 0 if g[0] else 3 if g[3] else 12
        return int(g[base] or 0), int(g[base + 1] or 0), int(g[base + 2] or 0)
    if g[6]:
        month = _MONTHS[g[6].casefold().rstrip(".")]
        return int(g[8] or 0), month, int(g[7] or 0)
    return int(g[11] or 0), _MONTHS[(g[10] or "").casefold().rstrip(".")], int(g[9] or 0)


def find_date(text: str) -> str | None:
    """The first valid calendar date in `text`, as ISO: 2024-06-04, 2024.06.04, 2024/6/4,
    2024年6月4日 (and 2024년 6월 4일), Jun 4, 2024, June 4th 2024, 4 Jun 2024, 20240604."""
    if len(text) == 10 and text[4] == text[7] == "-" and text[:4].isdigit():
        try:  # the usual case, ten times cheaper than the search below
            return date.fromisoformat(text).isoformat()
        except ValueError:
            pass
    if not _DIGIT.search(text):
        return None  # most headings have no digit, and this is a fraction of the search
    for match in _DATE.finditer(text):
        try:
            return date(*_ymd(match.groups())).isoformat()
        except ValueError:
            continue
    return None
