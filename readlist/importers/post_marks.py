"""Rating marks of a conference post (family 000): the coloured emoji every post rates
papers with, their `:shortcode:` spellings, and the marks a post's own legend adds
(`- ⭐ must read`)."""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from readlist.importers.markdown_tools import Doc

# The coloured circle / square / heart / diamond emoji people rate papers with.
_RATING_CODES = (
    0x1F534, 0x1F535, *range(0x1F7E0, 0x1F7EC), 0x26AA, 0x26AB, 0x2B1B, 0x2B1C,
    *range(0x1F536, 0x1F53A), 0x2764, 0x1F9E1, 0x1F49B, 0x1F49A, 0x1F499, 0x1F49C,
    0x1F90E, 0x1F5A4, 0x1F90D, 0x1FA75, 0x1FA76, 0x1FA77,
)
#: Rating marks every post understands; a post's legend adds its own (⭐, 🔥, ◎ ...).
DEFAULT_MARKS = frozenset(chr(code) for code in _RATING_CODES)
#: GitHub/jemoji shortcodes some authors type instead of the emoji.
SHORTCODES = {
    ":red_circle:": "🔴", ":large_blue_circle:": "🔵", ":blue_circle:": "🔵",
    ":yellow_circle:": "🟡", ":purple_circle:": "🟣", ":orange_circle:": "🟠",
    ":green_circle:": "🟢", ":brown_circle:": "🟤", ":black_circle:": "⚫",
    ":white_circle:": "⚪", ":star:": "⭐", ":fire:": "🔥", ":eyes:": "👀", ":heart:": "❤️",
}


def is_rating_char(ch: str) -> bool:
    """One of the default rating marks."""
    return ch in DEFAULT_MARKS


def _cluster_end(text: str, pos: int) -> int:
    """End of the emoji at text[pos] with its variation selector, skin tone, keycap, ZWJ parts."""
    end = pos + 1
    while end < len(text):
        ch = text[end]
        if ch in "\ufe0f\u20e3" or 0x1F3FB <= ord(ch) <= 0x1F3FF:
            end += 1
        elif ch == "\u200d" and end + 1 < len(text):
            end += 2
        else:
            break
    return end


def mark_at(text: str, pos: int, marks: frozenset[str] = DEFAULT_MARKS) -> tuple[str, int] | None:
    """The rating mark at text[pos] (the emoji as written; a shortcode as its emoji) and the
    index after it, or None."""
    if text[pos] == ":":
        for code, emoji in SHORTCODES.items():
            if text.startswith(code, pos) and emoji.replace("\ufe0f", "") in marks:
                return emoji, pos + len(code)
        return None
    end = _cluster_end(text, pos)
    written = text[pos:end]
    return (written, end) if written.replace("\ufe0f", "") in marks else None


def rating_in(text: str, marks: frozenset[str] = DEFAULT_MARKS) -> str | None:
    """The first rating mark in `text`, as written (variation selector kept)."""
    firsts = {mark[0] for mark in marks}
    for i, ch in enumerate(text):
        if ch in firsts or ch == ":":
            found = mark_at(text, i, marks)
            if found is not None:
                return found[0]
    return None


def _is_emoji(ch: str) -> bool:
    return ch in DEFAULT_MARKS or (ord(ch) >= 0x2190 and unicodedata.category(ch) == "So")


def _legend_key(text: str) -> str | None:
    """The mark a legend line defines (`⭐ must read`, `🔴: 主観的興味`, `:fire: hot`), else None."""
    text = text.lstrip()
    if not text:
        return None
    shortcode = next((c for c in SHORTCODES if text.startswith(c)), None)
    if shortcode is not None:
        key, end = SHORTCODES[shortcode], len(shortcode)
    elif _is_emoji(text[0]):
        end = _cluster_end(text, 0)
        key = text[:end]
    else:
        return None
    meaning = text[end:].lstrip(" \t:：=-–—").strip()
    # `🟠🟡🟣` or a bare emoji defines nothing: a meaning must follow the mark.
    if not meaning or not meaning[0].isalnum():
        return None
    return key.replace("\ufe0f", "")


def legend_marks(doc: Doc) -> frozenset[str]:
    """The marks the post's own legend defines: a list with at least two items that each
    start with an emoji (or shortcode) and say what it means. Lists under a bullet with a
    link are a paper's notes (`- ✅ strong results`), not a legend."""
    found: set[str] = set()
    lists: list[list[str]] = []  # legend keys of each open list
    linked: list[bool] = []  # whether each open list item has a link
    tokens = doc.tokens
    for k, tok in enumerate(tokens):
        if tok.type in ("bullet_list_open", "ordered_list_open"):
            lists.append([])
        elif tok.type in ("bullet_list_close", "ordered_list_close") and lists:
            keys = lists.pop()
            if len(keys) >= 2 and not any(linked):
                found.update(keys)
        elif tok.type == "list_item_open":
            linked.append(k + 2 < len(tokens) and "](" in tokens[k + 2].content)
        elif tok.type == "list_item_close" and linked:
            linked.pop()
        elif tok.type == "inline" and lists and k >= 2 and tokens[k - 2].type == "list_item_open":
            key = _legend_key(tok.content)
            if key is not None:
                lists[-1].append(key)
        elif tok.type == "inline" and not lists and _LEGEND_WORD.match(tok.content):
            found.update(_paragraph_legend(tok.content))
    return frozenset(found)


# A paragraph that says it is the legend: `**Legend:** ⭐ = Must Read · 🔥 = hot`.
_LEGEND_WORD = re.compile(r"[*_\s]*(?:legend|key|marks|凡例|記号|图例|圖例|범례)\b", re.IGNORECASE)
_LEGEND_PARTS = re.compile(r"\s[·•|;/]\s|\n|,\s")


def _paragraph_legend(text: str) -> set[str]:
    """The marks a legend paragraph defines, one per part (`⭐ = Must Read`)."""
    match = _LEGEND_WORD.match(text)
    text = text[match.end() if match else 0 :].lstrip("*_:： \t")
    return {key for part in _LEGEND_PARTS.split(text[:2000])
            if (key := _legend_key(part)) is not None}


def _edge_marks(text: str) -> set[str]:
    """The emoji a paper line starts or ends with, outside its links (`🔥 [T](...)`,
    `[T](...) — blurb #🧠`)."""
    found: set[str] = set()
    head = text[: text.find("[")] if "[" in text else ""
    tail = text[text.rfind(")") + 1 :] if ")" in text else ""
    for part in (head, tail[-40:]):
        i = 0
        while i < len(part):
            if _is_emoji(part[i]):
                end = _cluster_end(part, i)
                found.add(part[i:end].replace("\ufe0f", ""))
                i = end
            else:
                i += 1
    return found


def repeated_marks(doc: Doc, known: frozenset[str], least: int = 2) -> frozenset[str]:
    """Marks a post uses without a legend: an emoji at the start or end of at least
    `least` linked list items' first lines (`#🧠` after the papers the author liked).
    Lines holding a `known` mark do not count: beside a rating, an emoji is decoration."""
    counts: dict[str, int] = {}
    tokens = doc.tokens
    for k in range(2, len(tokens)):
        tok = tokens[k]
        if tok.type != "inline" or tokens[k - 2].type != "list_item_open":
            continue
        text = tok.content
        first = text[: text.find("\n")] if "\n" in text else text
        edge = _edge_marks(first) if "](" in first else set()
        if edge and edge.isdisjoint(known):
            for mark in edge:
                counts[mark] = counts.get(mark, 0) + 1
    return frozenset(mark for mark, n in counts.items() if n >= least)
