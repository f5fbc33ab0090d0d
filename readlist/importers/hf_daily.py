"""HuggingFace Daily Papers digests (family 004).

`## Daily Papers (YYYY-MM-DD)` dates the digest; each paper is a heading holding one paper
link, `### [Title](https://arxiv.org/abs/ID)` (numbering, emoji, bold and a vote count
around it are decoration), followed by a thumbnail, votes, authors and the summary, usually
the bullets `**What's New**`, `**Technical Details**`, `**Performance Highlights**`. The
digest date is when the paper was featured, not when it was published, so papers get no
date of their own. hf_heading reads the headings, hf_body what follows them, hf_labels the
labelled lines in any of the digest's languages.
"""

from __future__ import annotations

from dataclasses import dataclass

from readlist.ids import normalize_title
from readlist.importers.base import (
    DigestDraft,
    Importer,
    PaperDraft,
    ParseError,
    Skipped,
    link_kind,
    web_url,
)
from readlist.importers.dates import find_date
from readlist.importers.front_matter import blank_front_matter, front_matter_date
from readlist.importers.hf_body import fill
from readlist.importers.hf_heading import (
    HeadingPaper,
    details_caption,
    paper_href,
    paper_links,
    read_heading,
    strip_numbering,
)
from readlist.importers.hf_labels import DAILY_WORDS, meta_of, split_label
from readlist.importers.markdown_tools import Doc, normalize, parse

_LIST_MARKS = ("- ", "* ", "+ ")


@dataclass
class _Head:
    """A heading of the digest: its token index, level, text and the paper it names."""

    index: int
    level: int
    text: str
    paper: PaperDraft | None = None
    skipped: bool = False
    #: Where the blocks under it start, when not right after a heading (a `<details>` block).
    body: int = 0

    @property
    def start(self) -> int:
        """Index of the first token under the heading."""
        return self.body or self.index + 3


def _key(draft: PaperDraft) -> str:
    if draft.arxiv:
        return "a:" + draft.arxiv.id
    return "o:" + draft.openreview_id if draft.openreview_id else "t:" + normalize_title(draft.title)


def _merge(first: PaperDraft, again: PaperDraft) -> None:
    """A paper on two days of one roll-up: one paper, the first day's listing, the highest
    vote count (it only grows) and whatever the first listing left out."""
    if again.votes is not None and (first.votes is None or again.votes > first.votes):
        first.votes = again.votes
    first.authors = first.authors or again.authors
    first.summary = first.summary or again.summary
    first.blurb = first.blurb or again.blurb
    for kind, url in again.links.items():
        first.links.setdefault(kind, url)


def _dedupe(papers: list[PaperDraft]) -> list[PaperDraft]:
    seen: dict[str, PaperDraft] = {}
    for draft in papers:
        first = seen.setdefault(_key(draft), draft)
        if first is not draft:
            _merge(first, draft)
    return list(seen.values())


def _links_paper(line: str) -> bool:
    """Whether a Markdown line links a paper (`[…](https://arxiv.org/abs/…)`)."""
    at = line.find("](")
    while at >= 0:
        href = line[at + 2 :].split(")", 1)[0].strip().strip("<>")
        if href and paper_href(href.split(" ", 1)[0]) is not None:
            return True
        at = line.find("](", at + 2)
    return False


def _sniff(src: str, titled_daily: bool = False) -> bool:
    """Paper headings, backed by votes (`Vote:` lines, `👍 12` after the link), a `Daily
    Papers` heading (or front matter titled so: `titled_daily`), or authors and labelled
    bullets under most paper headings (a daily arXiv list has neither). Headings that name
    papers without linking them (`## 1. Title` over `**arXiv:** [link](…)`) need votes or a
    Daily Papers heading."""
    papers = followed = votes = unlinked = 0
    daily = int(titled_daily)
    fence = ""
    under_paper = under_plain = False
    for line in src.split("\n"):
        stripped = line.lstrip()
        if fence:
            fence = "" if stripped.startswith(fence) else fence
            continue
        if stripped.startswith(("```", "~~~")) and len(line) - len(stripped) < 4:
            fence = stripped[:3]
            continue
        if line.startswith("#"):
            body = line.lstrip("#")
            if body and not body[0].isspace():
                continue  # a #hashtag, not a heading
            found = read_heading(body, {}) if "](" in body else None
            under_paper = isinstance(found, HeadingPaper)
            papers += under_paper
            votes += isinstance(found, HeadingPaper) and found.votes is not None
            says_daily = _says_daily(body)
            daily += says_daily
            under_plain = found is None and not says_daily and find_date(body) is None
            continue
        if stripped[:8].casefold() == "<summary":  # `<details><summary>Title</summary>`
            caption = details_caption("<details>" + stripped)
            under_plain = bool(caption) and find_date(caption or "") is None
            continue
        bullet = stripped[:2] in _LIST_MARKS
        item = stripped[2:].lstrip() if bullet else stripped
        facts = meta_of(item) if item else None
        votes += any(fact.kind == "votes" for fact in facts or ())
        if under_paper and (facts or (bullet and item[:1] in "*_" and split_label(item))):
            followed += 1
            under_paper = False
        if under_plain and "](" in item and _links_paper(item):
            unlinked += 1
            under_plain = False
    if papers > 0:
        return votes > 0 or daily > 0 or 2 * followed >= papers
    return unlinked > 1 and (votes > 0 or daily > 0)


def _says_daily(text: str) -> bool:
    folded = text.casefold()
    return any(word in folded for word in DAILY_WORDS)


def _name_unlinked(doc: Doc, heads: list[_Head], skipped: list[Skipped]) -> bool:
    """Headings that name a paper without linking it (`## 1. Title`) when the paper's one
    link is in the section under them; a section holding several papers is not one paper
    (outer sections are tried first, so a paper's own `### Summary` stays inside it). A
    numbered heading beside numbered papers that links no paper, or several, is reported,
    not dropped."""
    numbered_levels: set[int] = set()
    unlinked: list[tuple[_Head, int, int]] = []
    n = 0
    while n < len(heads):
        head = heads[n]
        end = n + 1
        while end < len(heads) and heads[end].level > head.level:
            end += 1
        stop = heads[end].index if end < len(heads) else len(doc.tokens)
        if head.text.strip() and not find_date(head.text) and not _says_daily(head.text):
            links = paper_links(doc, head.start, stop)
            ids = {(str(arxiv) if arxiv else openreview) for _, arxiv, openreview in links}
            line = (doc.tokens[head.index].map or [0])[0] + 1
            title = strip_numbering(head.text)
            if len(ids) == 1:
                head.paper = paper = PaperDraft(title=title, line=line)
                paper.arxiv, paper.openreview_id = links[0][1], links[0][2]
                for href, _, _ in sorted(links, key=lambda link: "arxiv" not in link[0]):
                    paper.links.setdefault(link_kind(href), web_url(href))
                if title != head.text.strip():
                    numbered_levels.add(head.level)
                n = end
                continue
            if title != head.text.strip() and not any(h.paper for h in heads[n + 1 : end]):
                unlinked.append((head, line, len(ids)))
        n += 1
    skipped.extend(
        Skipped("numbered heading links several papers" if count else
                "numbered heading links no paper", line, head.text.strip())
        for head, line, count in unlinked if head.level in numbered_levels)
    return bool(numbered_levels) or any(h.paper for h in heads)


def _heads(text: str) -> tuple[list[_Head], list[Skipped]]:
    """Every top-level heading, in order, with the paper it names."""
    doc = parse(text)
    heads: list[_Head] = []
    skipped: list[Skipped] = []
    tokens = doc.tokens
    for k, tok in enumerate(tokens):
        if tok.type != "heading_open" or tok.level != 0:
            if tok.type == "html_block" and tok.level == 0 and "<summary" in tok.content:
                caption = details_caption(tok.content)  # a paper folded under its caption
                if caption:
                    heads.append(_Head(k, 7, caption, body=k + 1))
            continue
        content = tokens[k + 1].content
        line = (tok.map or [0])[0] + 1
        level = int(tok.tag[1:]) if tok.tag[1:].isdigit() else 1
        found = read_heading(content, doc.env) if "](" in content else None
        if isinstance(found, str):
            skipped.append(Skipped(found, line, content.strip()))
            heads.append(_Head(k, level, content, skipped=True))
        elif found is None:
            heads.append(_Head(k, level, doc.inline(content).text))
        else:
            paper = PaperDraft(title=found.title, line=line, votes=found.votes,
                               links={link_kind(found.href): web_url(found.href)})
            paper.arxiv, paper.openreview_id = found.arxiv, found.openreview_id
            heads.append(_Head(k, level, found.title, paper))
    unlinked = not any(h.paper or h.skipped for h in heads) and _name_unlinked(
        doc, heads, skipped)
    # The blocks after each paper heading, up to the next heading that is not inside it.
    for n, head in enumerate(heads):
        if head.paper is None:
            continue
        after = n + 1
        while after < len(heads) and not (
                heads[after].paper or heads[after].skipped or heads[after].level <= head.level):
            after += 1  # a `#### Details` heading inside the paper's own section
        original = fill(doc, head.paper, head.start,
                        heads[after].index if after < len(heads) else len(tokens))
        if unlinked and original:
            head.paper.title = original  # `### 1. 译名` over `**原文标题：** Title`
    return heads, skipped


class HfDailyImporter(Importer):
    """HuggingFace Daily Papers digest: '### [Title](arXiv)', votes, authors, bullets."""

    name = "hf-daily"
    description = "HuggingFace Daily Papers digest: '### [Title](arXiv)', votes, authors, bullets"

    def sniff(self, text: str) -> bool:
        """Headings that are paper links, with votes, a `Daily Papers` heading or labels."""
        try:
            src, meta = blank_front_matter(normalize(text[:300_000]))
            return _sniff(src, "papers" in meta.get("title", "").casefold())
        except Exception:  # sniff must never raise
            return False

    def parse(self, text: str) -> DigestDraft:
        source, meta = blank_front_matter(text)
        heads, skipped = _heads(source)
        papers: list[PaperDraft] = []
        dated = [h for h in heads if h.paper is None and not h.skipped and find_date(h.text)]
        days, dated_ids = [h.text for h in dated], {id(h) for h in dated}
        section: str | None = None
        for head in heads:
            if head.paper is None:
                section = head.text if id(head) in dated_ids else section
                continue
            head.paper.section = section if len(days) > 1 else None
            papers.append(head.paper)
        if not papers:
            raise ParseError("not a Daily Papers digest: no '### [Title](link)' paper heading")
        first_paper = next(n for n, h in enumerate(heads) if h.paper)
        # A document title (`# …`) or a heading naming the digest, not a section's heading.
        named = [h.text for h in heads[:first_paper] if not h.skipped and h.text.strip()
                 and (h.level == 1 or _says_daily(h.text))]
        title = meta.get("title") or (days[0] if days else named[0] if named else None)
        date = front_matter_date(meta) or (find_date(days[0]) if days else None)
        unique = _dedupe(papers)
        return DigestDraft(
            family=self.name,
            papers=unique,
            title=title,
            date=date or (find_date(title) if title else None),
            skipped=skipped,
            sections=list(dict.fromkeys(p.section for p in unique if p.section)),
        )
