"""LLM-written paper notes (family 003): `# Title`, `[View Paper](arXiv)`, numbered sections.

Papers are the document's top-level `#` headings (ATX or setext) as markdown-it sees them,
so `# comment` lines inside fenced code (``` or ~~~, indented inside list items too) never
start a paper. A heading counts as a paper when a paper link (or a paragraph that is only a
link) follows it before its first section, or when its first section is `## 1.`
or it follows a `---` separator and has sections of its own; any other `#` heading (a
document title over a table of contents, a stray heading) is not a paper.

The summary is the section whose heading asks for a tweet (or a TL;DR), else the last one.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from readlist.ids import parse_arxiv_id, parse_doi, parse_openreview_id
from readlist.importers.base import (
    DigestDraft,
    Importer,
    PaperDraft,
    ParseError,
    link_kind,
    web_url,
)
from readlist.importers.markdown_tools import Doc, dedent_block, normalize, parse

if TYPE_CHECKING:
    from markdown_it.token import Token


def _h1s(tokens: list[Token]) -> list[int]:
    return [k for k, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h1"
            and t.level == 0]


def _head_links(doc: Doc, tokens: list[Token], start: int, stop: int) -> tuple[list[str], bool]:
    """Hrefs of the links between a title and its first `##` section, and whether the
    first paragraph there is nothing but a link (`[View Paper](...)`, whatever its words)."""
    hrefs: list[str] = []
    link_line = False
    for k in range(start, stop):
        tok = tokens[k]
        if tok.type == "heading_open":
            break
        if tok.type == "inline" and tok.level == 1:
            info = doc.inline(tok.content)
            if not hrefs and len(info.links) == 1 and info.text == info.links[0].text:
                link_line = True
            hrefs.extend(link.href for link in info.links)
    return hrefs, link_line


_TWEET_WORDS = ("tweet", "ツイート", "트윗", "推文", "tl;dr", "tldr", "一言で")
_SECTION_ONE = re.compile(r"\s*(?:\*\*)?[1１]\s*[.)．、:]")


def _closes_note(tokens: list[Token], k: int, stop: int) -> bool:
    """`text` right over a `---` line with nothing after it in the note: to Markdown a
    setext heading, to the writer the note's last line and its separator."""
    return tokens[k].markup == "-" and k + 3 >= stop


def _is_section(tokens: list[Token], k: int, stop: int) -> bool:
    """A `##` section heading (ATX, or setext unless it closes the note)."""
    tok = tokens[k]
    return (tok.type == "heading_open" and tok.level == 0 and tok.tag != "h1"
            and not _closes_note(tokens, k, stop))


def _is_paper(tokens: list[Token], k: int, stop: int, hrefs: list[str], link_line: bool) -> bool:
    if link_line or any(parse_arxiv_id(h) or parse_openreview_id(h) for h in hrefs):
        return True
    sections = [j for j in range(k + 3, stop) if _is_section(tokens, j, stop)]
    if not sections:
        return False
    after_rule = k > 0 and tokens[k - 1].type == "hr"
    return after_rule or bool(_SECTION_ONE.match(tokens[sections[0] + 1].content))


def _note_end(tokens: list[Token], start: int, stop: int, end_line: int) -> int:
    """Last line of a note: before the next paper and before its final `---` separator.

    Whatever follows the last separator without a heading of its own (an LLM's "Sure,
    here is the summary:" preamble to the next note) is not part of this note.
    """
    for k in range(stop - 1, start - 1, -1):
        tok = tokens[k]
        if tok.level != 0:
            continue
        if tok.type == "heading_open" and _closes_note(tokens, k, stop) and tok.map:
            return tok.map[1] - 1  # keep the text, drop the `---`
        if tok.type == "heading_open":
            break
        if tok.type == "hr":
            return (tok.map or [end_line])[0]
    return end_line


def _summary(doc: Doc, tokens: list[Token], start: int, stop: int, end_line: int) -> str | None:
    """The note's one-tweet summary section as Markdown: the one whose heading asks for a
    tweet, else the last top-level section."""
    sections: list[int] = []
    for k in range(start, stop):
        tok = tokens[k]
        if _is_section(tokens, k, stop) and (not sections or tok.tag <= tokens[sections[-1]].tag):
            sections.append(k)
    if not sections:
        return None
    tweets = [k for k in sections if any(
        word in tokens[k + 1].content.casefold() for word in _TWEET_WORDS)]
    chosen = tweets[-1] if tweets else sections[-1]
    begin = (tokens[chosen].map or [0, 0])[1]
    later = [k for k in sections if k > chosen]
    end = (tokens[later[0]].map or [end_line])[0] if later else end_line
    return dedent_block(doc.source(begin, min(end, end_line))) or None


_SETEXT_H1 = re.compile(r" {0,3}=+[ \t]*$")
# `[View Paper](url)`, bold or not, with an emoji or a label before it.
_LINK_LINE = re.compile(r"[^\[\]()]{0,12}\[[^\[\]]{1,80}\]\(<?([^()\s<>]+)>?\)[*_\s]*$")


def _is_link_line(line: str) -> bool:
    found = _LINK_LINE.match(line)
    return bool(found and (parse_arxiv_id(found[1]) or parse_openreview_id(found[1])))


def _close_runaway_fence(doc: Doc) -> tuple[str, int] | None:
    """The text with a closing fence added where an unclosed code block swallows the next
    paper (an LLM cut off mid-block), and that line; None when there is no such block.

    Markdown lets an unclosed fence run to the end of the document, which would fold every
    later paper into this note's code.
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
            if not lines[i].startswith("# "):
                continue
            following = [x.strip() for x in lines[i + 1 : i + 7] if x.strip()][:3]
            if not any(_is_link_line(x) for x in following):
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
        """A title heading (`# Title` or underlined with `===`) whose next lines hold a
        line that is just a link to an arXiv or OpenReview paper (`[View Paper](...)`)."""
        try:
            lines = normalize(text[:300_000]).split("\n")
            for i, line in enumerate(lines):
                if line.startswith("# "):
                    after = i + 1
                elif line.strip() and i + 1 < len(lines) and _SETEXT_H1.match(lines[i + 1]):
                    after = i + 2
                else:
                    continue
                following = [x.strip() for x in lines[after : after + 6] if x.strip()][:3]
                for candidate in following:
                    if candidate.startswith("#"):
                        break
                    if _is_link_line(candidate):
                        return True
            return False
        except Exception:  # sniff must never raise
            return False

    def parse(self, text: str) -> DigestDraft:
        doc = parse(text)
        warnings: list[str] = []
        for _ in range(10):  # each pass closes one runaway code block (a few at most)
            closed = _close_runaway_fence(doc)
            if closed is None:
                break
            fixed, line = closed
            warnings.append(f"a code block is never closed; closed it at line {line}, "
                            "before the next paper")
            doc = parse(fixed)
        tokens = doc.tokens
        heads = _h1s(tokens)
        papers: list[PaperDraft] = []
        starts: list[int] = []  # token index of each paper's heading
        title: str | None = None
        for n, k in enumerate(heads):
            stop = heads[n + 1] if n + 1 < len(heads) else len(tokens)
            hrefs, link_line = _head_links(doc, tokens, k + 3, stop)
            if not _is_paper(tokens, k, stop, hrefs, link_line):
                if not papers and title is None:
                    title = doc.inline(tokens[k + 1].content).text
                continue
            draft = PaperDraft(title=tokens[k + 1].content.strip(),
                               line=(tokens[k].map or [0])[0] + 1)
            for href in hrefs:
                if draft.arxiv is None and (arxiv := parse_arxiv_id(href)):
                    draft.arxiv = arxiv
                    draft.links[link_kind(href)] = web_url(href)
                elif draft.openreview_id is None and (openreview := parse_openreview_id(href)):
                    draft.openreview_id = openreview
                    draft.links.setdefault("abstract", href)
                elif draft.doi is None and (doi := parse_doi(href)):
                    draft.doi = doi
            if link_line and not draft.links:
                draft.links["abstract"] = hrefs[0]  # the paper's page, wherever it is
            papers.append(draft)
            starts.append(k)
        if not papers:
            raise ParseError("not paper notes: no '# Title' followed by a paper link")
        for n, (draft, k) in enumerate(zip(papers, starts, strict=True)):
            stop = starts[n + 1] if n + 1 < len(starts) else len(tokens)
            begin = (tokens[k].map or [0, 0])[1]
            end_line = (tokens[stop].map or [len(doc.lines)])[0] if stop < len(tokens) else len(
                doc.lines)
            end_line = _note_end(tokens, k + 3, stop, end_line)
            draft.notes = dedent_block(doc.source(begin, end_line)) or None
            draft.summary = _summary(doc, tokens, k + 3, stop, end_line)
        return DigestDraft(family=self.name, papers=papers, title=title, warnings=warnings)
