"""The abstracts part of a daily arXiv list: `##### **Title**`, `ID by A, B`, abstracts.

The abstracts are plain text pasted into Markdown, so a block is read from the source
lines between its id line and the next structural line (a paper heading, a table, a
category heading), never from markdown-it's paragraphs: a hard-wrapped abstract line can
look like a list item or a heading. The first paragraphs are the English abstract; the
translation starts at a labelled paragraph (`摘要：`, `Translation:`) or at the first
paragraph in another script.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable

from readlist.ids import ArxivId, parse_arxiv_id
from readlist.importers.base import PaperDraft, Skipped
from readlist.importers.markdown_tools import Doc, join_wrapped, strip_strong

#: ASCII labels of a translated abstract (non-ASCII short labels are recognised generally).
_LABELS = {
    "resumen", "resumo", "riassunto", "zusammenfassung", "samenvatting", "sammanfattning",
    "streszczenie", "ozet", "abstrakt", "chinese", "japanese", "korean", "zh", "ja", "ko",
}
_ABSTRACTS = {"abstracts", "abstract", "paper abstracts"}


def looks_like_id_line(line: str) -> bool:
    """Cheap test for `2406.02543v1 by A, B` (also `**id**`, `[id](url)`, `arXiv:id`)."""
    head, sep, _ = line.strip().partition(" by ")
    if not sep or len(head) > 120:
        return False
    head = head.strip("*_`[ ")
    return parse_arxiv_id(head.split("]", 1)[0]) is not None


def _id_line(doc: Doc, line: str) -> tuple[ArxivId, list[str]] | None:
    """`2406.02543v1 by A, B, C` → (id, authors); None for any other line."""
    head, sep, rest = line.strip().partition(" by ")
    if not sep or len(head) > 200:
        return None
    info = doc.inline(strip_strong(head))
    for candidate in (info.text, *(link.href for link in info.links)):
        arxiv = parse_arxiv_id(candidate)
        if arxiv:
            names = [n.strip() for n in rest.split(",")]
            return arxiv, [n for n in names if n]
    return None


def _label(line: str) -> str | None:
    """The paragraph's text after a translation label (`摘要：`, `Translation:`), if any."""
    for sep in ("：", ":"):
        idx = line.find(sep, 0, 40)
        if idx <= 0:
            continue
        label = line[:idx].strip().strip("*_").strip()
        folded = label.casefold()
        if not label or len(label) > 30:
            continue
        if (sep == "：" and len(label) <= 12) or "translat" in folded or folded in _LABELS or (
                not label.isascii() and len(label) <= 16):
            return line[idx + len(sep) :]
    return None


def _foreign_ratio(text: str) -> float:
    """Share of letters outside the Latin script (CJK, Hangul, Cyrillic...)."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for ch in letters if ord(ch) > 0x24F) / len(letters)


def _unwrap(text: str) -> str:
    """Drop a `<paragraph>...</paragraph>`-style wrapper left by translation tools."""
    text = text.strip()
    if text.startswith("<"):
        end = text.find(">")
        tag = text[1:end]
        if 0 < end <= 20 and tag.isalpha():
            text = text[end + 1 :]
            closing = f"</{tag}>"
            if text.rstrip().endswith(closing):
                text = text.rstrip()[: -len(closing)]
    return text.strip()


def split_abstract(lines: list[str]) -> tuple[str | None, str | None]:
    """(English abstract, translated abstract) of one block's source lines."""
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    while paragraphs and (not paragraphs[-1] or paragraphs[-1][0].strip().strip("-*_ ") == ""):
        paragraphs.pop()  # trailing blank or a `---` separator
    english: list[str] = []
    translated: list[str] = []
    for para in paragraphs:
        text = join_wrapped(para)
        if not translated:
            labelled = _label(text)
            if labelled is not None:
                translated.append(labelled.strip())
                continue
            if not english or _foreign_ratio(text) <= 0.5 or _foreign_ratio(english[0]) > 0.5:
                english.append(text)
                continue
        translated.append(text)
    return ("\n\n".join(english) or None), (_unwrap("\n\n".join(translated)) or None)


def _next_nonblank(lines: list[str], start: int) -> int | None:
    for i in range(start, min(len(lines), start + 3)):
        if lines[i].strip():
            return i
    return None


def merge_abstracts(
    doc: Doc,
    add: Callable[[PaperDraft], PaperDraft],
    find: Callable[[PaperDraft], PaperDraft | None],
) -> list[Skipped]:
    """Read every abstract block of `doc` and merge it through `add`; what was skipped."""
    lines = doc.lines
    headings: list[tuple[int, int, str, int]] = []  # (line, level, content, end)
    starts: set[int] = set()
    for i, tok in enumerate(doc.tokens):
        if tok.type == "heading_open" and tok.map:
            headings.append((tok.map[0], int(tok.tag[1:]), doc.tokens[i + 1].content, tok.map[1]))
        elif tok.type in ("gfm_table", "table_open", "html_block", "hr") and tok.map:
            starts.add(tok.map[0])
    blocks: list[tuple[int, str, int, tuple[ArxivId, list[str]] | None]] = []
    levels: set[int] = set()
    for line, level, content, end in headings:
        nxt = _next_nonblank(lines, end)
        ident = _id_line(doc, lines[nxt]) if nxt is not None else None
        if ident:
            blocks.append((line, content, nxt if nxt is not None else end, ident))
            levels.add(level)
    if not blocks:
        return []
    first = blocks[0][0]
    with_id = {b[0] for b in blocks}
    for line, level, content, end in headings:
        nxt = _next_nonblank(lines, end)
        if nxt in starts or strip_strong(content).casefold() in _ABSTRACTS:
            starts.add(line)
        elif level in levels and line > first:
            starts.add(line)
            if line not in with_id:
                blocks.append((line, content, end - 1, None))
    starts.update(b[0] for b in blocks)
    bounds = sorted(starts)
    skipped: list[Skipped] = []
    for line, content, id_line, ident in sorted(blocks):
        stop = bounds[bisect.bisect_right(bounds, id_line)] if bounds[-1] > id_line else len(lines)
        english, translated = split_abstract(lines[id_line + 1 : stop])
        title = strip_strong(content)
        if title.startswith("["):
            title = doc.inline(title).text
        draft = PaperDraft(title=title, abstract=english, abstract_translated=translated,
                           line=line + 1)
        if ident is not None:
            draft.arxiv, draft.authors = ident
        elif find(draft) is None:
            skipped.append(Skipped("abstract without an arXiv id or a matching table row",
                                   line + 1, title))
            continue
        add(draft)
    return skipped
