"""HuggingFace Daily Papers digests (family 004).

`## Daily Papers (YYYY-MM-DD)` dates the digest; each paper is a heading holding one link,
`### [Title](https://arxiv.org/abs/ID)`, followed by a thumbnail, `Vote: N`,
`Authors: A, B` and bullets (`**What's New**`, `**Technical Details**`,
`**Performance Highlights**`; often only the first). The digest date is when the paper
was featured, not when it was published, so papers get no date of their own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from readlist.ids import parse_arxiv_id, parse_openreview_id
from readlist.importers.base import (
    DigestDraft,
    Importer,
    PaperDraft,
    ParseError,
    link_kind,
    web_url,
)
from readlist.importers.markdown_tools import (
    Doc,
    dedent_block,
    find_date,
    leading_link,
    normalize,
    parse,
    strip_strong,
)

if TYPE_CHECKING:
    from markdown_it.token import Token

_VOTE_LABELS = ("vote", "votes", "upvote", "upvotes", "likes")
_AUTHOR_LABELS = ("authors", "author")


def _heading_link(doc: Doc, content: str) -> tuple[str, str] | None:
    """(raw title, href) of a heading that is one link, `]` in the title allowed."""
    raw = content.strip()
    if not raw.startswith("[") or not raw.endswith(")"):
        return None
    found = leading_link(raw, 0, doc.env)
    info = doc.inline(raw)
    if found and len(info.links) == 1 and raw[found[1] : found[1] + 1] == "(":
        return found[0].strip(), info.links[0].href
    # An unbalanced `]` in the title breaks the Markdown link: the URL is the last `](...)`.
    split = raw.rfind("](")
    href = raw[split + 2 : -1].strip()
    if split > 1 and href and " " not in href:
        return raw[1:split].strip(), href
    return None


def _labelled(line: str, labels: tuple[str, ...]) -> str | None:
    """The value of a `Label: value` line whose label is one of `labels`."""
    label, sep, value = strip_strong(line).replace("：", ":").partition(":")
    if sep and strip_strong(label).strip().casefold() in labels:
        return value.strip().strip("*").strip()
    return None


_COLONS = ":：﹕"  # ASCII, full-width (CJK digests) and small colon


def _bullet_text(content: str) -> tuple[str, str]:
    """(label, text) of a `**What's New**: text` bullet (`**新規性**：text` too)."""
    if content.startswith("**"):
        close = content.find("**", 2)
        if close > 2:
            rest = content[close + 2 :].lstrip()
            label = content[2:close].strip().rstrip(_COLONS)
            return label, rest[1:].strip() if rest[:1] in _COLONS and rest else rest
    return "", content.strip()


def _fill(doc: Doc, draft: PaperDraft, tokens: list[Token], start: int, stop: int) -> None:
    """Votes, authors and the summary bullets of the blocks after a paper heading."""
    k = start
    blurb_is_new = False
    while k < stop:
        tok = tokens[k]
        if tok.type == "inline" and tok.level == 1:
            for line in tok.content.split("\n"):
                votes = _labelled(line, _VOTE_LABELS)
                authors = _labelled(line, _AUTHOR_LABELS)
                if votes is not None and draft.votes is None:
                    digits = votes.replace(",", "").split()[0] if votes.split() else ""
                    draft.votes = int(digits) if digits.isdigit() else None
                elif authors:
                    draft.authors = [a.strip() for a in authors.split(",") if a.strip()]
        elif tok.type in ("bullet_list_open", "ordered_list_open") and tok.level == 0:
            begin, end = tok.map or (0, 0)
            summary = dedent_block(doc.source(begin, end))
            draft.summary = f"{draft.summary}\n\n{summary}" if draft.summary else summary
            for j in range(k + 1, stop):
                item = tokens[j]
                if item.type == "inline" and tokens[j - 2].type == "list_item_open":
                    label, text = _bullet_text(item.content)
                    # The blurb is the "What's New" bullet, whatever its wording or
                    # language: the first bullet unless a later one says "new".
                    if text and (draft.blurb is None or (
                            "new" in label.casefold() and not blurb_is_new)):
                        draft.blurb, blurb_is_new = text, "new" in label.casefold()
                if item.type.endswith("_list_close") and item.level == 0:
                    k = j
                    break
        elif tok.type == "hr" and draft.summary:
            break  # a rule after the bullets closes the paper: what follows is a footer
        k += 1


class HfDailyImporter(Importer):
    """HuggingFace Daily Papers digest: '### [Title](arXiv)', votes, authors, bullets."""

    name = "hf-daily"
    description = "HuggingFace Daily Papers digest: '### [Title](arXiv)', votes, authors, bullets"

    def sniff(self, text: str) -> bool:
        """Headings that are paper links, with `Vote:` lines or a `Daily Papers` heading."""
        try:
            lines = normalize(text[:300_000]).split("\n")
            linked = votes = dated = 0
            for line in lines:
                if line.startswith("#"):
                    body = line.lstrip("#").strip()
                    folded = body.casefold()
                    if body.startswith("[") and "](" in body and (
                            "arxiv" in folded or "huggingface.co/papers" in folded):
                        linked += 1
                    elif "daily papers" in folded:
                        dated += 1
                elif _labelled(line, _VOTE_LABELS) is not None:
                    votes += 1
            return linked > 0 and (votes > 0 or dated > 0)
        except Exception:  # sniff must never raise
            return False

    def parse(self, text: str) -> DigestDraft:
        doc = parse(text)
        tokens = doc.tokens
        # Every top-level heading, in order: a paper (with its draft) or a date/other heading.
        heads: list[tuple[int, PaperDraft | None, str]] = []
        for k, tok in enumerate(tokens):
            if tok.type != "heading_open" or tok.level != 0:
                continue
            content = tokens[k + 1].content
            found = _heading_link(doc, content)
            if found is None:
                heads.append((k, None, doc.inline(content).text))
                continue
            title, href = found
            arxiv = parse_arxiv_id(href)
            openreview = None if arxiv else parse_openreview_id(href)
            if arxiv is None and openreview is None and find_date(title):
                # `## [Daily Papers (2024-11-19)](https://huggingface.co/papers?date=…)`
                heads.append((k, None, doc.inline(content).text))
                continue
            paper = PaperDraft(title=title, line=(tok.map or [0])[0] + 1,
                               links={link_kind(href): web_url(href)})
            paper.arxiv, paper.openreview_id = arxiv, openreview
            heads.append((k, paper, title))
        dated = [text for _, draft, text in heads if draft is None and find_date(text)]
        papers: list[PaperDraft] = []
        section: str | None = None
        for n, (k, draft, heading) in enumerate(heads):
            if draft is None:
                section = heading if find_date(heading) else section
                continue
            stop = heads[n + 1][0] if n + 1 < len(heads) else len(tokens)
            _fill(doc, draft, tokens, k + 3, stop)
            draft.section = section if len(dated) > 1 else None
            papers.append(draft)
        if not papers:
            raise ParseError("not a Daily Papers digest: no '### [Title](link)' paper heading")
        return DigestDraft(
            family=self.name,
            papers=papers,
            title=dated[0] if dated else None,
            date=find_date(dated[0]) if dated else None,
            sections=list(dict.fromkeys(p.section for p in papers if p.section)),
        )
