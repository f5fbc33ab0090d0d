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
from readlist.importers.front_matter import blank_front_matter, front_matter_date
from readlist.importers.hf_body import fill
from readlist.importers.hf_heading import HeadingPaper, read_heading
from readlist.importers.hf_labels import meta_of, split_label
from readlist.importers.markdown_tools import find_date, normalize, parse

_LIST_MARKS = ("- ", "* ", "+ ")


@dataclass
class _Head:
    """A heading of the digest: its token index, level, text and the paper it names."""

    index: int
    level: int
    text: str
    paper: PaperDraft | None = None
    skipped: bool = False


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


def _sniff(src: str, titled_daily: bool = False) -> bool:
    """Paper headings, backed by `Vote:` lines, a `Daily Papers` heading (or front matter
    titled so: `titled_daily`), or authors and labelled bullets under most paper headings
    (a daily arXiv list has neither)."""
    papers = followed = votes = 0
    daily = int(titled_daily)
    fence = ""
    under_paper = False
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
            daily += "daily papers" in body.casefold()
            continue
        item = stripped[2:] if stripped[:2] in _LIST_MARKS else stripped
        facts = meta_of(item) if item else None
        votes += any(fact.kind == "votes" for fact in facts or ())
        if under_paper and (facts or (item is not stripped and item[:1] in "*_"
                                      and split_label(item))):
            followed += 1
            under_paper = False
    return papers > 0 and (votes > 0 or daily > 0 or 2 * followed >= papers)


def _heads(text: str) -> tuple[list[_Head], list[Skipped]]:
    """Every top-level heading, in order, with the paper it names."""
    doc = parse(text)
    heads: list[_Head] = []
    skipped: list[Skipped] = []
    tokens = doc.tokens
    for k, tok in enumerate(tokens):
        if tok.type != "heading_open" or tok.level != 0:
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
    # The blocks after each paper heading, up to the next heading that is not inside it.
    for n, head in enumerate(heads):
        if head.paper is None:
            continue
        after = n + 1
        while after < len(heads) and not (
                heads[after].paper or heads[after].skipped or heads[after].level <= head.level):
            after += 1  # a `#### Details` heading inside the paper's own section
        fill(doc, head.paper, head.index + 3,
             heads[after].index if after < len(heads) else len(tokens))
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
        named = [h.text for h in heads[:first_paper] if not h.skipped and h.text.strip()]
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
