"""LLM-written paper notes (family 003): a title, its paper link, numbered sections.

Per paper a title heading (`# Title`, or `## Title` under a `#` document title), a line
with the paper's link (`[View Paper](…)`, `論文URL: https://…`, `arXiv:2503.10007v2`, also
in a citation blockquote, a metadata list or table) and numbered sections one level below,
separated by `---`; or unnumbered sections one of which is a summary (`## TL;DR`,
`## 一句话总结`). A one-note file may name its paper, even its title, only in its front
matter. Which headings are papers is the outline's business (notes_outline), how the link
is written notes_refs'. Headings are markdown-it tokens, so `# comment` lines inside fenced
code never start a paper.

The summary is the section whose heading asks for a tweet, a TL;DR, a one-line summary or
a summary (surest first), or a paragraph a surer bold label introduces, else the last
section. Title and date come from front matter when there is one, else from the
document's title heading.
"""

from __future__ import annotations

import bisect
import re

from readlist.importers.base import (
    DigestDraft,
    Importer,
    PaperDraft,
    ParseError,
    link_kind,
    web_url,
)
from readlist.importers.dates import find_date
from readlist.importers.front_matter import blank_front_matter, front_matter_date
from readlist.importers.markdown_tools import (
    Doc,
    dedent_block,
    parse,
    strip_strong,
    unescape_markdown,
)
from readlist.importers.notes_outline import Head, Outline, summary_rank
from readlist.importers.notes_refs import Ref, meta_refs, span_refs

# `論文一｜Title`, `Paper 2: Title`, `第3篇：Title`, `1. Title`: a digest's ordinal label is
# not part of the paper's title (but `1.58-bit LLMs` is).
_ORDINAL = re.compile(
    r"(?:(?:paper|論文|论文|논문|第)\s*[0-9一二三四五六七八九十百]+\s*[篇本]?\s*[｜|:：.．、)\-–—]"
    r"|\d{1,3}\s*[.．、)](?!\d))\s*",
    re.IGNORECASE,
)
_META_SUMMARY = ("tldr", "tl;dr", "summary")  # front matter keys of a note's short summary
_SNIFF_CHARS = 100_000  # notes show their shape in the first note; a prefix parses fast


def _note_end(outline: Outline, start: int, stop: int, end_line: int) -> int:
    """Last line of a note: before the next paper and before its final `---` separator.

    Whatever follows the last separator without a heading of its own (an LLM's "Sure,
    here is the summary:" preamble to the next note) is not part of this note.
    """
    tokens = outline.doc.tokens
    for k in range(stop - 1, start - 1, -1):
        tok = tokens[k]
        if tok.level != 0:
            continue
        if tok.type == "heading_open" and k in outline.closing and tok.map:
            return tok.map[1] - 1  # keep the text, drop the `---`
        if tok.type == "heading_open":
            break
        if tok.type == "hr":
            return (tok.map or [end_line])[0]
    return end_line


def _labelled_summary(doc: Doc, start: int, stop: int) -> tuple[int, str] | None:
    """The surest summary paragraph of tokens[start:stop] that a bold label introduces
    (`**TL;DR:** …`, `**한줄 요약**` over a paragraph), with its rank."""
    tokens = doc.tokens
    best: tuple[int, str] | None = None
    for k in range(start, stop):
        tok = tokens[k]
        content = tok.content
        if tok.type != "inline" or not content.startswith(("**", "__")) or k < 1 \
                or tokens[k - 1].type != "paragraph_open":
            continue
        close = content.find(content[:2], 2)
        label = content[2:close] if close > 2 else ""
        rank = summary_rank(label) if len(label) <= 40 else 0
        if not rank or (best and best[0] >= rank):
            continue
        text = content[close + 2 :].lstrip(" \t:：\n").strip()
        if not text and k + 3 < stop and tokens[k + 3].type == "inline" \
                and tokens[k + 2].type == "paragraph_open":
            text = tokens[k + 3].content.strip()  # the label alone, the summary under it
        if text:
            best = (rank, text)
    return best


def _summary(doc: Doc, sections: list[Head], end_line: int,
             labelled: tuple[int, str] | None = None) -> str | None:
    """The note's one-tweet summary as Markdown: the section whose heading asks for a tweet
    (or a TL;DR, a one-line summary, a summary), or a paragraph a surer label introduces,
    else the last top-level section (`sections`: the headings inside the note)."""
    top: list[Head] = []
    for head in sections:
        if not top or head.level <= top[-1].level:
            top.append(head)
    ranks = [summary_rank(h.raw) for h in top]
    best = max(ranks, default=0)
    if labelled and labelled[0] > best:
        return labelled[1]
    if not top:
        return None
    # The surest summary heading, the last of equals (`## 8. ...tweet`); else the last section.
    chosen = top[len(ranks) - 1 - ranks[::-1].index(best)] if best else top[-1]
    tokens = doc.tokens
    begin = (tokens[chosen.k].map or [0, 0])[1]
    later = [h for h in top if h.k > chosen.k]
    end = (tokens[later[0].k].map or [end_line])[0] if later else end_line
    return dedent_block(doc.source(begin, min(end, end_line))) or None


def _add_links(draft: PaperDraft, refs: list[Ref], link_line: bool) -> None:
    """The paper's ids and links from the refs that go with its title (link line first,
    arXiv's own pages before mirrors such as Hugging Face or alphaXiv)."""
    first = next((ref.arxiv.id for ref in refs if ref.arxiv is not None), None)
    for ref in sorted(refs, key=lambda r: not (r.arxiv and r.arxiv.id == first and r.on_arxiv)):
        if ref.arxiv is not None and draft.arxiv is None:
            draft.arxiv = ref.arxiv
            if ref.href:
                draft.links[link_kind(ref.href)] = web_url(ref.href)
        elif ref.arxiv and ref.href and draft.arxiv and ref.arxiv.id == draft.arxiv.id:
            draft.links.setdefault(link_kind(ref.href), web_url(ref.href))  # `| [PDF](…)`
        elif ref.openreview is not None and draft.openreview_id is None:
            draft.openreview_id = ref.openreview
            if ref.href:
                draft.links.setdefault("abstract", ref.href)
        elif ref.doi is not None and draft.doi is None:
            draft.doi = ref.doi
    if link_line and not draft.links and refs and refs[0].href:
        draft.links["abstract"] = refs[0].href  # the paper's page, wherever it is


_ATX = re.compile(r" {0,3}#{1,6}[ \t]")


def _close_runaway_fence(doc: Doc) -> tuple[str, int] | None:
    """The text with a closing fence added where an unclosed code block swallows the next
    paper (an LLM cut off mid-block), and that line; None when there is no such block.

    Markdown lets an unclosed fence run to the end of the document, which would fold every
    later paper into this note's code. Inside it markdown-it sees no headings, so a title
    is an ATX heading line with a paper link line among the next three lines.
    """
    lines = doc.lines
    end = len(lines) - 1 if lines and not lines[-1] else len(lines)  # text ends with \n
    for tok in doc.tokens:
        if tok.type != "fence" or not tok.map or tok.map[1] < end:
            continue
        last = lines[tok.map[1] - 1].strip()
        if len(lines) - tok.map[0] > 1 and last.startswith(tok.markup) and not last.strip(
                tok.markup[0]):
            continue  # closed on the document's last line
        for i in range(tok.map[0] + 1, len(lines)):
            if not _ATX.match(lines[i]):
                continue
            following = [x.strip() for x in lines[i + 1 : i + 7] if x.strip()][:3]
            if not any(any(r.paper for r in span_refs(doc, x).line) for x in following):
                continue
            cut = i
            while cut > tok.map[0] + 1 and lines[cut - 1].strip() in ("", "---", "***", "___"):
                cut -= 1
            indent = lines[tok.map[0]][: len(lines[tok.map[0]]) - len(lines[tok.map[0]].lstrip())]
            # On a blank line when there is one, so the lines after keep their numbers.
            rest = lines[cut + 1 :] if not lines[cut].strip() else lines[cut:]
            return "\n".join([*lines[:cut], indent + tok.markup, *rest]), cut + 1
    return None


class PaperNotesImporter(Importer):
    """LLM-written paper notes: '# Title', [View Paper](arXiv link), numbered sections."""

    name = "paper-notes"
    description = (
        "LLM-written paper notes: '# Title', [View Paper](arXiv link), numbered sections"
    )

    def sniff(self, text: str) -> bool:
        """A title heading with a paper link line right under it (or just above it, after
        a `---`) and numbered sections one level below, in the first 100,000 characters.
        A heading over a list of links is not a note."""
        try:
            head = text[:_SNIFF_CHARS]
            if len(text) > _SNIFF_CHARS:
                head = head[: head.rfind("\n") + 1]
            source, meta = blank_front_matter(head)
            outline = Outline(parse(source))
            return outline.notes_shape(meta_refs(meta)) or _untitled_note(outline, meta)
        except Exception:  # sniff must never raise
            return False

    def parse(self, text: str) -> DigestDraft:
        source, meta = blank_front_matter(text)
        doc = parse(source)
        warnings: list[str] = []
        for _ in range(10):  # each pass closes one runaway code block (a few at most)
            closed = _close_runaway_fence(doc)
            if closed is None:
                break
            fixed, line = closed
            warnings.append(f"a code block is never closed; closed it at line {line}, "
                            "before the next paper")
            doc = parse(fixed)
        outline = Outline(doc)
        fallback = meta_refs(meta)
        level, sole = outline.paper_level(fallback), outline.sole_title()
        papers: list[PaperDraft] = []
        starts: list[int] = []  # index in outline.heads of each paper's heading
        ends: list[int] = []  # the headings that end a note: papers, headings above them
        title: str | None = None
        for i, head in enumerate(outline.heads):
            if head.level > level:
                continue
            refs = outline.refs(head)
            above = [] if refs.refs else outline.above(head)
            if not (refs.refs or above) and i == sole:
                above = fallback  # a one-note file names its paper in its front matter
            if head.level < level or not outline.is_paper(i, refs, above):
                if not papers and title is None:
                    title = doc.inline(head.raw).text
                if head.level < level or outline.lists_papers(refs):
                    ends.append(i)  # a heading over the papers, or a list of them
                continue
            draft = PaperDraft(title=_title(head.raw), line=(doc.tokens[head.k].map or [0])[0] + 1)
            _add_links(draft, refs.refs or above, refs.link_line or bool(above))
            papers.append(draft)
            starts.append(i)
            ends.append(i)
        if not papers and _untitled_note(outline, meta):
            return self._untitled(outline, meta, warnings)
        if not papers:
            raise ParseError("not paper notes: no title heading followed by a paper link")
        for draft, i in zip(papers, starts, strict=True):
            after = bisect.bisect_right(ends, i)
            _fill_note(outline, level, draft, i, ends[after] if after < len(ends) else None)
        return DigestDraft(family=self.name, papers=papers, title=meta.get("title") or title,
                           date=_date(meta, title), warnings=warnings)


    def _untitled(self, outline: Outline, meta: dict[str, str], warnings: list[str]) -> DigestDraft:
        """A note file titled by its front matter: the whole body is the note."""
        doc = outline.doc
        first = next((n for n, line in enumerate(doc.lines) if line.strip()), 0)
        draft = PaperDraft(title=unescape_markdown(meta["title"]).strip(), line=first + 1)
        _add_links(draft, meta_refs(meta), True)
        draft.notes = dedent_block(doc.source(first, len(doc.lines))) or None
        summary = next((meta[key] for key in _META_SUMMARY if meta.get(key)), None)
        labelled = _labelled_summary(doc, 0, len(doc.tokens))
        draft.summary = summary or _summary(doc, outline.heads, len(doc.lines), labelled)
        return DigestDraft(family=self.name, papers=[draft], title=meta["title"],
                           date=_date(meta, None), warnings=warnings)


def _untitled_note(outline: Outline, meta: dict[str, str]) -> bool:
    """One paper's note titled only by its front matter (`title:` and `source: <arXiv>` or
    `pdf:`), with no `#` title heading, and a summary: a `tldr:` key, a summary heading
    (`## Korean Summary`) or a bold summary label."""
    if not meta.get("title") or not meta_refs(meta) or any(h.level == 1 for h in outline.heads):
        return False
    return (any(meta.get(key) for key in _META_SUMMARY)
            or any(summary_rank(h.raw) for h in outline.heads[:40])
            or _labelled_summary(outline.doc, 0, len(outline.doc.tokens)) is not None)


def _fill_note(outline: Outline, level: int, draft: PaperDraft, i: int, j: int | None) -> None:
    """The note of the paper at heads[i] (up to heads[j], the next paper or a heading above
    the papers, or the end) and its summary section."""
    doc, tokens, heads = outline.doc, outline.doc.tokens, outline.heads
    stop = heads[j].k if j is not None else len(tokens)
    begin = (tokens[heads[i].k].map or [0, 0])[1]
    end_line = (tokens[stop].map or [len(doc.lines)])[0] if stop < len(tokens) else len(doc.lines)
    end_line = _note_end(outline, heads[i].k + 3, stop, end_line)
    draft.notes = dedent_block(doc.source(begin, end_line)) or None
    sections = [h for h in heads[i + 1 : j] if h.level > level]
    draft.summary = _summary(doc, sections, end_line, _labelled_summary(doc, heads[i].k, stop))


def _title(raw: str) -> str:
    """A paper heading's title: Markdown emphasis, escapes and an ordinal label dropped."""
    text = unescape_markdown(strip_strong(raw)).strip()
    label = _ORDINAL.match(text)
    if label and label.end() < len(text):
        text = unescape_markdown(strip_strong(text[label.end():])).strip()
    return text


def _date(meta: dict[str, str], title: str | None) -> str | None:
    """The digest's date: the front matter's, else one written in its title heading."""
    return front_matter_date(meta) or find_date(meta.get("title") or "") or find_date(title or "")
