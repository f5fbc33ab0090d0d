"""`<!-- -->` comments in Markdown, found as CommonMark reads them: a `<!--` inside a code
span is text. The conference post hides its author's commented-out entries with these.
"""

from __future__ import annotations

import bisect
import re

_TICKS = re.compile(r"`+")


def _escaped(text: str, pos: int) -> bool:
    """True when text[pos] is backslash-escaped (an odd run of backslashes before it)."""
    run = pos
    while run > 0 and text[run - 1] == "\\":
        run -= 1
    return (pos - run) % 2 == 1


def comment_spans(
    text: str, inside: bool = False, code: bool = True
) -> tuple[list[tuple[int, int]], bool]:
    """[start, end) of each `<!-- -->` comment in `text`, and whether the last is left open.

    `inside`: the text starts in a comment opened before it (the first span starts at 0).
    With `code` (Markdown text, not a raw HTML block) a `<!--` inside a code span is text,
    as CommonMark reads it: a note about "`<!--` comments" hides nothing.
    """
    if not inside and "<!--" not in text:
        return [], False
    runs = [(m.start(), m.end()) for m in _TICKS.finditer(text)] if code and "`" in text else []
    by_length: dict[int, list[int]] = {}
    for index, (begin, end) in enumerate(runs):
        by_length.setdefault(end - begin, []).append(index)
    spans: list[tuple[int, int]] = []
    pos = run = start = 0
    while True:
        if inside:
            close = text.find("-->", pos)
            if close < 0:
                spans.append((start, len(text)))
                return spans, True
            spans.append((start, close + 3))
            pos, inside = close + 3, False
            run = bisect.bisect_left(runs, (pos, -1))
            continue
        start = text.find("<!--", pos)
        if start < 0:
            return spans, False
        pos, inside = start + 4, True
        # Code spans opening before the comment: one that is still open at it hides it.
        while run < len(runs) and runs[run][0] < start:
            length = runs[run][1] - runs[run][0] - _escaped(text, runs[run][0])
            same = by_length.get(length, [])
            after = bisect.bisect_right(same, run)
            if length == 0 or after == len(same):
                run += 1  # an escaped backtick or a run nothing closes: plain text
                continue
            closer = same[after]
            run = closer + 1
            if runs[closer][0] > start:
                pos, inside = runs[closer][1], False
                break
