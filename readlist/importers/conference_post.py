"""Annotated conference posts (family 000): Jekyll/Hugo Markdown with emoji-rated paper bullets.

A paper is a list item whose first line starts with a link, after at most a task box
(`[x]`, the author's own "read" mark, ignored), a thumbnail image, rating marks or emphasis:
`- [Title](https://openreview.net/forum?id=...) (spotlight) 🔴 — blurb`. Nested bullets are
its notes (Markdown as written) and `「...」` bullets the author's comments.

The rest of that first line:
- rating: the first of the post's marks (coloured circles, squares and hearts, their
  `:red_circle:` shortcodes, and whatever the post's own legend defines, e.g. `- ⭐ must
  read`). A line with several (`🔵🟣`) keeps the first as the rating and all of them, as
  written, at the start of the blurb: the library has one rating, but nothing is lost.
- venue: a bracketed or bold label naming a presentation (oral, spotlight, poster,
  highlight, award, findings, workshop...), its keywords lower-cased and names (ICML) kept.
  `(Hu et al.)` is an author list, not a venue: it stays in the blurb.
- the paper's other links right after the title (`/ [arXiv](...)`, `([code](github))`).
- what is left is the blurb; 「」 groups ending it are comments.

Which link bullets are papers: anchors (`#summary`) and site-relative links never; links
to one paper (arXiv, OpenReview, DOI, a proceedings page, a PDF) always; other pages when
the bullet looks like a paper entry (a mark, a venue label, notes, another paper link) or
shares its section with one that does. So `- [Official paper list](...)` in a closing
section is not a paper. What the author hid in `<!-- -->` comments is reported as skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from readlist.ids import parse_arxiv_id, parse_doi, parse_openreview_id
from readlist.importers.base import (
    DigestDraft,
    Importer,
    PaperDraft,
    ParseError,
    Skipped,
    link_kind,
    web_url,
)
from readlist.importers.markdown_tools import (
    Doc,
    dedent_block,
    find_date,
    link_at,
    normalize,
    parse,
)
from readlist.importers.post_parts import (
    DEFAULT_MARKS,
    SHORTCODES,
    Headings,
    Visible,
    comments_of,
    front_matter,
    is_rating_char,
    legend_marks,
    mark_at,
    rating_in,
    split_comments,
)

if TYPE_CHECKING:
    from markdown_it.token import Token

_PAPER_HOSTS = (
    "openreview.net", "arxiv.org", "aclanthology.org", "proceedings.neurips.cc",
    "papers.nips.cc", "proceedings.mlr.press", "openaccess.thecvf.com", "doi.org",
    "dl.acm.org", "ieeexplore.ieee.org", "huggingface.co/papers", "semanticscholar.org",
)
# Proceedings pages of one paper, by host (their listing pages do not match).
_PAPER_PAGES = (
    (("aclanthology.org",), re.compile(r"/(?=[\w.\-]*\d)[\w.\-]+/?")),  # no backtracking
    (("neurips.cc", "nips.cc"), re.compile(r"/.*/hash/.+")),
    (("thecvf.com", "ecva.net"), re.compile(r"/.+_paper\.\w+")),
    (("mlr.press",), re.compile(r"/v\d+/[^/]+\.html")),
    (("dl.acm.org",), re.compile(r"/doi/(?:abs/|full/|pdf/)?10\..+")),
    (("ieeexplore.ieee.org",), re.compile(r"/(?:abstract/)?document/\d+/?")),
    (("semanticscholar.org",), re.compile(r"/paper/.+")),
    (("aaai.org",), re.compile(r"/.*/article/view/\d.*")),
    (("ijcai.org",), re.compile(r"/proceedings/\d{4}/\d+.*")),
)
_CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "codeberg.org")
_CODE_WORDS = frozenset({"code", "github", "gitlab", "repo", "repository", "コード", "実装"})
_VENUE_WORDS = frozenset({
    "oral", "orals", "spotlight", "spotlights", "poster", "posters", "highlight", "highlights",
    "award", "awards", "outstanding", "findings", "workshop", "workshops", "notable", "demo",
    "tutorial", "keynote", "track",
})
_LABEL_WORDS = _VENUE_WORDS | {
    "best", "paper", "papers", "honorable", "honourable", "mention", "runner", "up", "test",
    "of", "time", "main", "track", "conference", "presentation", "session", "talk", "top",
    "long", "short", "position", "candidate", "finalist", "and",
}
_VENUE_PHRASES = ("best paper", "honorable mention", "honourable mention", "test of time")
_VENUE_CJK = ("口頭", "オーラル", "スポットライト", "ポスター", "ハイライト", "論文賞",
              "最優秀", "口头", "海报", "亮点", "最佳论文")
_SEPARATORS = frozenset("—–-:：|｜/・,")
_CLOSERS = {"(": ")", "（": "）", "[": "]"}
_OPENERS = {")": "(", "）": "（", "]": "["}
_WORD = re.compile(r"\w+")


def venue_label(text: str) -> str | None:
    """`text` as a venue label (`Oral`, `ICML 2024 Spotlight`, `口頭発表`), or None.

    Label words are lower-cased and names kept (`ICML 2024 oral`), so one label is spelt
    one way whatever the capitals of the post.
    """
    plain = text.strip(" \t\n*_`()（）[]")
    folded = plain.casefold()
    if not plain or len(plain) > 60 or "://" in plain or "[" in plain or "et al" in folded:
        return None
    words = _WORD.findall(folded)
    venue = (not _VENUE_WORDS.isdisjoint(words) or any(p in folded for p in _VENUE_PHRASES)
             or any(c in plain for c in _VENUE_CJK))
    if not venue or len(words) > 6:
        return None
    return _WORD.sub(
        lambda m: m[0] if m[0].casefold() not in _LABEL_WORDS
        and any(c.isupper() for c in m[0][1:]) else m[0].casefold(), plain)


def _host(href: str) -> str:
    parts = href.split("/", 3)
    return parts[2].casefold() if len(parts) > 2 else ""


def paper_url(href: str) -> bool:
    """True for a link to one paper: arXiv, OpenReview, DOI, a PDF, a proceedings page."""
    host, path = _host(href), "/" + (href.split("/", 3)[3:] or [""])[0]
    path = path.split("?", 1)[0].split("#", 1)[0]
    if path.casefold().endswith(".pdf"):
        return True
    if "openreview" in host:
        return parse_openreview_id(href) is not None
    if "doi.org" in host:
        return parse_doi(href) is not None
    if "arxiv" in host or "huggingface" in host:
        return parse_arxiv_id(href) is not None
    return any(
        pattern.fullmatch(path)
        for hosts, pattern in _PAPER_PAGES
        if any(host == h or host.endswith("." + h) for h in hosts)
    )


def clean_title(label: str) -> str:
    """The link label as the title: raw (LaTeX, escapes, inner brackets kept), but a wrapped
    line is not part of a title, nor is emphasis wrapping the whole label."""
    title = " ".join(label.split())
    for mark in ("***", "**", "__", "*", "_"):
        n = len(mark)
        if (len(title) > 2 * n and title.startswith(mark) and title.endswith(mark)
                and mark not in title[n:-n] and title[n] not in " *_" and title[-n - 1] != " "):
            return title[n:-n]
    return title


@dataclass
class _Line:
    """What a paper bullet's first line says besides its title and link."""

    marks: list[str] = field(default_factory=list)
    venues: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)  # (kind, href)
    text: str = ""


def _own_link(text: str, href: str) -> str | None:
    """"code" or "paper" for a link that belongs to the paper, None for any other page."""
    host = _host(href)
    if text.strip().casefold() in _CODE_WORDS or any(host.endswith(h) for h in _CODE_HOSTS):
        return "code"
    return "paper" if paper_url(href) else None


def _group_end(raw: str, pos: int) -> tuple[int, int]:
    """(end, delimiter width) of the bracketed or emphasised group opening at raw[pos];
    end is -1 when nothing closes it."""
    ch = raw[pos]
    if ch in "*_":
        width = 1
        while raw[pos + width : pos + width + 1] == ch:
            width += 1
        close = raw.find(ch * width, pos + width)
        return (close + width if close > pos + width else -1), width
    depth = 0
    for i in range(pos, len(raw)):
        if raw[i] == ch:
            depth += 1
        elif raw[i] == _CLOSERS[ch]:
            depth -= 1
            if depth == 0:
                return i + 1, 1
    return -1, 1


def _only_links(inner: str, env: dict[str, Any], line: _Line) -> bool:
    """True (and the links added) when `inner` holds only the paper's own links."""
    found = _Line()
    pos = 0
    while pos < len(inner):
        pos = _step(inner, pos, env, frozenset(), found, groups=False)
        if pos < 0:
            return False
    line.links.extend(found.links)
    return bool(found.links) and not found.marks


def _group(raw: str, start: int, end: int, width: int, env: dict[str, Any], line: _Line) -> bool:
    """Read the group raw[start:end] into `line`: a venue label or the paper's own links."""
    inner = raw[start + width : end - width]
    label = venue_label(inner)
    if label is not None:
        line.venues.append(label)
        return True
    return raw[start] != "[" and raw[start] not in "*_" and _only_links(inner, env, line)


def _step(
    raw: str, pos: int, env: dict[str, Any], marks: frozenset[str], line: _Line,
    groups: bool = True,
) -> int:
    """Read the piece at raw[pos] into `line`; the index after it, or -1 at prose."""
    ch = raw[pos]
    after = raw[pos + 1 : pos + 2]
    if ch.isspace() or (ch in _SEPARATORS and (after in ("", "[") or after.isspace())):
        return pos + 1  # `— blurb`, `/ [arXiv](...)`; but `-->` or `-based` is text
    if ch == "{" and raw[pos + 1 : pos + 2] in (":", "#", "."):  # kramdown `{:target=...}`
        close = raw.find("}", pos)
        return close + 1 if close > 0 and "\n" not in raw[pos:close] else -1
    mark = mark_at(raw, pos, marks) if marks else None
    if mark is not None:
        line.marks.append(mark[0])
        return mark[1]
    if ch == "[" and (link := link_at(raw, pos, env)) is not None:
        kind = _own_link(link[0], link[1])
        if kind is None:
            return -1
        line.links.append((kind, link[1]))
        return link[2]
    if not groups or (ch not in _CLOSERS and ch not in "*_"):
        return -1
    end, width = _group_end(raw, pos)
    if end < 0:  # a lone `**` closing the emphasis around the title
        return pos + width if ch in "*_" else -1
    return end if _group(raw, pos, end, width, env, line) else -1


def _step_back(raw: str, end: int, env: dict[str, Any], marks: frozenset[str], line: _Line) -> int:
    """Read the piece ending at raw[end - 1] (a mark, a label, an attribute list) into
    `line`; the index where it starts, or -1 at prose."""
    ch = raw[end - 1]
    if ch.isspace():
        return end - 1
    bare = end
    while bare > 0 and raw[bare - 1] == "\ufe0f":
        bare -= 1
    for mark in (*marks, *SHORTCODES):
        if raw.endswith(mark, 0, bare) and mark_at(raw, bare - len(mark), marks):
            line.marks.append(SHORTCODES.get(mark, raw[bare - len(mark) : end]))
            return bare - len(mark)
    if ch == "}":
        start = raw.rfind("{", 0, end)
        return start if start >= 0 and raw[start + 1 : start + 2] in (":", "#", ".") else -1
    if ch == ">":  # a line break the author ended the line with
        start = raw.rfind("<", 0, end)
        return start if raw[start:end].replace(" ", "").casefold() in ("<br>", "<br/>") else -1
    if ch in "*_":
        width = 1
        while width < end and raw[end - width - 1] == ch:
            width += 1
        start = raw.rfind(ch * width, 0, end - width)
    elif ch in _OPENERS:
        depth, start = 0, -1
        for i in range(end - 1, -1, -1):
            depth += (raw[i] == ch) - (raw[i] == _OPENERS[ch])
            if depth == 0:
                start = i
                break
        width = 1
    else:
        return -1
    return start if start >= 0 and _group(raw, start, end, width, env, line) else -1


def _read_line(raw: str, env: dict[str, Any], marks: frozenset[str]) -> _Line:
    """Marks, labels and own links at both ends of what follows the title; the rest is text."""
    line = _Line()
    pos, end = 0, len(raw)
    while pos < end and (after := _step(raw, pos, env, marks, line)) >= 0:
        pos = after
    tail = _Line()
    while end > pos and (before := _step_back(raw, end, env, marks, tail)) >= 0:
        end = before
    line.marks += reversed(tail.marks)
    line.venues += reversed(tail.venues)
    line.links += reversed(tail.links)
    line.text = " ".join(raw[pos:end].split())
    return line


def venue_of(after: str) -> str | None:
    """The venue label in the text after a paper link: `(oral)`, `**Spotlight**`, ..."""
    return next(iter(_read_line(after, {}, DEFAULT_MARKS).venues), None)


def _lead(raw: str, env: dict[str, Any], marks: frozenset[str]) -> tuple[list[str], str, str, int] | None:
    """(marks before it, raw label, href, end) of the link a paper line starts with, or None."""
    pos = 4 if raw[:3] in ("[ ]", "[x]", "[X]") and raw[3:4] in (" ", "\t") else 0
    found: list[str] = []
    images = 0
    while pos < len(raw):
        ch = raw[pos]
        if ch.isspace() or ch in "*_":
            pos += 1
        elif ch == "[" or (ch == "!" and images < 3):
            link = link_at(raw, pos, env)
            if link is None:
                return None
            if ch == "[":
                return found, link[0], link[1], link[2]
            pos, images = link[2], images + 1  # a thumbnail before the title
        elif (mark := mark_at(raw, pos, marks)) is not None:
            found.append(mark[0])
            pos = mark[1]
        else:
            return None  # prose that mentions a link
    return None


def _add_link(draft: PaperDraft, href: str, kind: str | None = None) -> None:
    """File a link of the paper under its kind, and the id it carries (the first one wins)."""
    url = web_url(href)
    draft.links.setdefault(kind if kind == "code" else link_kind(url), url)
    if kind == "code":
        return
    host = _host(url)
    # Only the parser the host calls for: URL parsing is most of the cost of a big post.
    if "openreview" in host:
        draft.openreview_id = draft.openreview_id or parse_openreview_id(url)
    elif "doi" in host:
        draft.doi = draft.doi or parse_doi(url)
    elif draft.arxiv is None:
        draft.arxiv = parse_arxiv_id(url)


def _item_end(tokens: list[Token], start: int) -> int:
    """Index of the list_item_close matching the list_item_open at `start`."""
    level = tokens[start].level
    k = start + 1
    while not (tokens[k].type == "list_item_close" and tokens[k].level == level):
        k += 1
    return k


def _external(href: str) -> bool:
    return web_url(href).startswith(("http://", "https://"))


def _paper(
    doc: Doc, tokens: list[Token], start: int, end: int, marks: frozenset[str],
    blanked: frozenset[int],
) -> tuple[PaperDraft, bool] | None:
    """The paper a list item describes and whether it surely is one; None for prose."""
    if start + 2 >= end or tokens[start + 1].type != "paragraph_open":
        return None
    raw = tokens[start + 2].content
    lead = _lead(raw, doc.env, marks)
    if lead is None or not _external(lead[2]):
        return None  # anchors and site-relative links are the post's own pages
    before, label, href, link_end = lead
    line = _read_line(raw[link_end:], doc.env, marks)
    draft = PaperDraft(title=clean_title(label), line=(tokens[start].map or [0])[0] + 1)
    _add_link(draft, href)
    for kind, other in line.links:
        _add_link(draft, other, kind)
    seen = before + line.marks
    draft.author_rating = seen[0] if seen else rating_in(line.text, marks)
    draft.venue = ", ".join(dict.fromkeys(line.venues)) or None
    comments, text = split_comments(line.text)
    if len(seen) > 1:
        text = f"{''.join(seen)} {text}".strip()
    draft.blurb = text or None
    para_end = (tokens[start + 1].map or [0, 0])[1]
    item_end = (tokens[start].map or [0, 0])[1]
    notes = "\n".join(doc.lines[i] for i in range(para_end, item_end) if i not in blanked)
    draft.notes = dedent_block(notes) or None
    draft.comments = comments + comments_of(tokens[start + 3 : end])
    sure = paper_url(web_url(href)) or bool(
        draft.author_rating or line.venues or line.links or draft.notes
    )
    return draft, sure


def _hidden_entries(hidden: list[tuple[int, str]], marks: frozenset[str]) -> list[Skipped]:
    """Paper bullets inside commented-out parts, reported as skipped."""
    found: list[Skipped] = []
    for first_line, text in hidden:
        if "[" not in text:
            continue
        doc = parse(text)
        for k, tok in enumerate(doc.tokens[:-2]):
            if tok.type != "list_item_open" or tok.level != 1:
                continue
            if doc.tokens[k + 1].type != "paragraph_open":
                continue
            lead = _lead(doc.tokens[k + 2].content, doc.env, marks)
            if lead is not None and _external(lead[2]):
                line = first_line + (tok.map or [0])[0] + 1
                found.append(Skipped("hidden in an HTML comment", line, clean_title(lead[1])))
    return found


def _bullet_body(line: str) -> str:
    """The text of a top-level list item line (`- x`, `* x`, `1. x`), else ""."""
    if line[:2] in ("- ", "* ", "+ "):
        return line[2:]
    digits = len(line) - len(line.lstrip("0123456789"))
    if 0 < digits < 10 and line[digits : digits + 2] in (". ", ") "):
        return line[digits + 2 :]
    return ""


def _link_start(body: str) -> int:
    """Where the link a paper bullet starts with begins (after a task box, thumbnails,
    ratings and emphasis), or -1. A cheap look for sniff()."""
    pos = 4 if body[:3] in ("[ ]", "[x]", "[X]") else 0
    while pos < len(body):
        ch = body[pos]
        if ch == "[":
            return pos
        if body.startswith("![", pos):
            close = body.find("](", pos)
            pos = body.find(")", close) + 1 if close > 0 else 0
            if pos <= 0:
                return -1
        elif ch in " \t*_\ufe0f" or is_rating_char(ch):
            pos += 1
        else:
            return -1
    return -1


class ConferencePostImporter(Importer):
    """Annotated conference post: Jekyll Markdown with emoji-rated paper bullets."""

    name = "post"
    description = "annotated conference post: Jekyll Markdown with emoji-rated paper bullets"

    def sniff(self, text: str) -> bool:
        """Front matter plus a paper bullet, or a paper bullet with a rating or venue label."""
        try:
            head = normalize(text[:300_000])
            if "[View Paper](" in head:
                return False  # LLM paper notes, whatever else they contain
            lines = head.split("\n")
            has_front_matter = front_matter(lines)[1] > 0
            papers = rated = others = 0
            for line in lines:
                body = _bullet_body(line)
                if not body or "](" not in body:
                    continue
                if (start := _link_start(body)) < 0:
                    others += any(host in body for host in _PAPER_HOSTS)
                    continue
                after = body[body.find(")", body.find("](", start)) + 1 :]
                marked = rating_in(body) is not None or venue_of(after) is not None
                rated += marked
                papers += marked or any(host in body for host in _PAPER_HOSTS)
            # Front matter alone is any blog post: its link bullets must look like papers.
            # Without it, a rated or labelled paper bullet is this family's mark, unless most
            # paper links sit inside bullets (`- **T** [[paper](...)]`: a list for generic).
            return (has_front_matter and papers > 0) or (rated >= 1 and papers >= others)
        except Exception:  # sniff must never raise
            return False

    def parse(self, text: str) -> DigestDraft:
        lines = normalize(text).split("\n")
        meta, body_start = front_matter(lines)
        # Blank the front matter instead of cutting it, so line numbers stay the file's.
        visible = Visible.of("\n".join([""] * body_start + lines[body_start:]))
        doc = visible.doc
        marks = DEFAULT_MARKS | legend_marks(doc)
        tokens = doc.tokens
        headings = Headings.of(doc)
        found: list[tuple[PaperDraft, bool]] = []
        k = 0
        while k < len(tokens):
            tok = tokens[k]
            if tok.level == 0 and tok.type == "heading_open":
                headings.enter(tok, tokens[k + 1].content)
            elif tok.level == 0 and tok.type in ("bullet_list_open", "ordered_list_open"):
                k += 1
                while tokens[k].type == "list_item_open":
                    end = _item_end(tokens, k)
                    entry = _paper(doc, tokens, k, end, marks, visible.blanked)
                    if entry is not None:
                        entry[0].section, entry[0].subsection = headings.section, headings.subsection
                        found.append(entry)
                    k = end + 1
            k += 1
        # A bare link to some page is a paper only beside entries that surely are.
        sure = {draft.section for draft, is_sure in found if is_sure}
        papers = [draft for draft, is_sure in found if is_sure or draft.section in sure]
        skipped = _hidden_entries(visible.hidden, marks)
        if not papers and not skipped:
            raise ParseError("not a conference post: no bullet starts with a paper link")
        return DigestDraft(
            family=self.name,
            papers=papers,
            title=meta.get("title") or headings.title,
            date=find_date(meta.get("date", "")),
            skipped=skipped,
            sections=list(dict.fromkeys(d.section for d in papers if d.section)),
        )
