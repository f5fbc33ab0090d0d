"""Daily arXiv lists that give each paper a heading of its own.

cv-arxiv-daily's page of the day's papers (`today_md`) puts a linked title over the
authors, a folded abstract and arXiv's comment:

    ### [Title](http://arxiv.org/abs/2401.12568)
    Ann One, Bo Two
    <details><summary>Abstract</summary> ... </details>
    **comments**: Accepted by ICASSP 2024

Other generators put a plain title over labelled fields, as bullets, paragraphs or a
quote, in English or Chinese:

    #### [new 001] Title
    - **分类: cs.CL; cs.LG**
    - **简介: a summary**
    - **链接: [http://arxiv.org/pdf/2507.18618v1](http://arxiv.org/pdf/2507.18618v1)**
    > **作者:** Ann One; Bo Two
    > **摘要:** The abstract.

Both are read from markdown-it's block tokens, up to the next heading or rule.
"""

from __future__ import annotations

from readlist.ids import parse_arxiv_id
from readlist.importers.abstract_split import split_abstract
from readlist.importers.arxiv_table import add_paper_link, code_href, split_authors
from readlist.importers.base import PaperDraft
from readlist.importers.dates import find_date
from readlist.importers.html_text import plain_text
from readlist.importers.html_tokens import tokens as html_tokens
from readlist.importers.markdown_tools import (
    Doc,
    Link,
    leading_link,
    strip_strong,
    unescape_markdown,
)

_COMMENT_LABELS = {"comments", "comment", "注释", "备注"}
#: Field labels (casefolded, without emphasis) by the field they name.
_FIELDS = {
    **dict.fromkeys(("authors", "author", "作者", "著者", "저자"), "authors"),
    **dict.fromkeys(("abstract", "摘要", "原文摘要", "英文摘要", "中文摘要"), "abstract"),
    **dict.fromkeys(("summary", "tl;dr", "tldr", "简介", "总结", "要約", "요약", "ai summary"),
                    "summary"),
    **dict.fromkeys(_COMMENT_LABELS, "comment"),
    **dict.fromkeys(("categories", "category", "subjects", "subject", "分类", "类别"),
                    "categories"),
    **dict.fromkeys(("link", "links", "链接", "paper", "pdf", "url", "arxiv", "abs",
                     "论文链接", "论文"), "link"),
    **dict.fromkeys(("code", "github", "代码", "code link"), "code"),
    **dict.fromkeys(("date", "published", "publish date", "submitted", "发布日期", "日期"),
                    "date"),
}
_BLOCK_ENDS = frozenset({"heading_open", "hr"})
_LABEL_SPAN = 40  # a label ends within this many characters of its line
_LOOK_AHEAD = 4  # non-blank lines under a heading sniffing looks at for a label


def _folded(html: str) -> tuple[str, str, str] | None:
    """(summary, body, text after) of a `<details>` block, None when it is not one."""
    summary: list[str] = []
    body: list[str] = []
    after: list[str] = []
    state = "before"
    for kind, name, raw in html_tokens(html):
        if state == "before":
            if kind == "start" and name == "details":
                state = "open"
            elif kind != "text" or raw.strip():
                return None
        elif name == "summary" and kind in ("start", "end"):
            state = "summary" if kind == "start" else "body"
        elif state == "summary":
            summary.append(raw if kind == "text" else "")
        elif kind == "end" and name == "details":
            state = "after"
        else:
            (body if state in ("body", "open") else after).append(raw)
    return ("".join(summary), "".join(body), "".join(after)) if state != "before" else None


def _comment(doc: Doc, raw: str) -> str | None:
    """`**comments**: Accepted by ICASSP 2024` -> the comment, None for other text."""
    text = doc.inline(raw.strip()).text if raw.strip() else ""
    label, sep, rest = text.partition(":")
    if sep and label.strip().casefold() in _COMMENT_LABELS:
        return rest.strip() or None
    return None


def heading_draft(doc: Doc, i: int) -> PaperDraft | None:
    """The paper a heading (token `i`) stands for, `### [Title](arXiv)` over a line of
    author names and a `<details>` block whose summary says Abstract; None otherwise."""
    toks = doc.tokens
    raw = toks[i + 1].content
    if not raw.startswith("[") or "arxiv" not in raw.casefold() or i + 6 >= len(toks):
        return None
    if toks[i + 3].type != "paragraph_open" or toks[i + 6].type != "html_block":
        return None
    folded = _folded(toks[i + 6].content)
    if folded is None or "abstract" not in folded[0].casefold():
        return None
    info = doc.inline(raw)
    names = doc.inline(toks[i + 4].content)
    if len(info.links) != 1 or info.links[0].text != info.text or names.links:
        return None
    link = info.links[0]
    if parse_arxiv_id(link.href) is None or not info.text or ":" in names.text[:20]:
        return None
    label = leading_link(raw, 0, doc.env)  # the title as written, LaTeX escapes kept
    draft = PaperDraft(title=label[0].strip() if label else info.text,
                       line=(toks[i].map or [0])[0] + 1)
    add_paper_link(draft, link)
    draft.authors, draft.authors_complete = split_authors(names.text)
    draft.abstract = plain_text(folded[1]) or None
    draft.comment = _comment(doc, folded[2])
    if draft.comment is None and i + 9 < len(toks) and toks[i + 7].type == "paragraph_open":
        draft.comment = _comment(doc, toks[i + 8].content)
    return draft


def _split_label(line: str) -> tuple[str, str] | None:
    """(field, value as written) of a `**Label:** value` line, None for other lines. The
    field of a bold label naming none of ours is "other:" and the label."""
    ends = [at for sep in (":", "：") if (at := line.find(sep, 0, _LABEL_SPAN)) > 0]
    if not ends:
        return None
    at = min(ends)
    label = line[:at].strip(" *_>-").casefold()
    label = label[next((k for k, ch in enumerate(label) if ch.isalnum()), 0) :]  # `📅 发布日期`
    field = _FIELDS.get(label)
    if field is None:
        bold = line.lstrip(" >-").startswith(("**", "__"))
        return ("other:" + label, "") if bold and label else None
    value = line[at + 1 :].strip()
    if value.startswith("*"):  # the closing `**` of `**Label:**`
        value = value.lstrip("*_").strip()
    elif line.lstrip(" >-").startswith("**") and value.endswith("**"):  # `**Label: value**`
        value = value[:-2].strip()
    return field, value


def _fields(doc: Doc, i: int) -> tuple[dict[str, list[str]], int]:
    """The labelled fields under heading `i` (values by field, lines as written; a line
    without a label continues the field above) and the index of the block ending them."""
    toks = doc.tokens
    fields: dict[str, list[str]] = {}
    current: list[str] | None = None
    k = i + 3
    while k < len(toks) and toks[k].type not in _BLOCK_ENDS:
        tok = toks[k]
        if tok.type == "inline":
            for line in tok.content.split("\n"):
                labelled = _split_label(line)
                if labelled is not None:
                    current = fields.setdefault(labelled[0], [])
                    current.append(labelled[1])
                elif "arxiv" in line.casefold() and _only_links(doc, line):
                    fields.setdefault("link", []).append(line)  # `🔗 [arXiv](url)` alone
                    current = None
                elif current is not None and line.strip():
                    current.append(line.strip())
            if current is not None:
                current.append("")  # a paragraph ends
        elif tok.type == "gfm_table":  # `| 📅 发布日期 | 2026-09-29 |`: one field a row
            for cells in tok.meta["table"].rows:
                if len(cells) == 2 and (labelled := _split_label(":".join(cells))):
                    fields.setdefault(labelled[0], []).append(labelled[1])
        elif tok.type == "html_block" and current is not None:
            current.extend([plain_text(tok.content), ""])
        k += 1
    return fields, k


def _only_links(doc: Doc, line: str) -> bool:
    """Whether a line holds links and nothing else but decoration (`🔗 [Read](url)`)."""
    info = doc.inline(line)
    rest = info.text
    for link in info.links:
        rest = rest.replace(link.text, "", 1)
    return bool(info.links) and not any(ch.isalnum() for ch in rest)


def _title(doc: Doc, raw: str) -> str:
    """A field heading's title as written, without a leading `[new 001]`-style tag or a
    `12.` number."""
    title = strip_strong(raw.strip())
    if title.startswith("[") and not doc.inline(title).links:
        close = title.find("]")
        if 0 < close < len(title) - 1 and title[close + 1] == " ":
            title = strip_strong(title[close + 1 :].strip())
    number, dot, rest = title.partition(". ")
    if dot and number.isdigit() and len(number) <= 3 and rest.strip():
        title = strip_strong(rest.strip())
    return unescape_markdown(title)


def field_draft(doc: Doc, i: int, strict: bool = False) -> tuple[PaperDraft, int] | None:
    """The paper a heading (token `i`) over labelled fields stands for: an arXiv link in
    the heading or a link field, and at least two fields among authors, abstract, summary,
    categories, comment and date; with the index of the token ending its fields. `strict`
    (sniffing) asks for a plain title over an arXiv link field, authors and an abstract,
    summary or categories."""
    if i + 3 >= len(doc.tokens) or doc.tokens[i + 3].type not in (
            "bullet_list_open", "paragraph_open", "blockquote_open", "gfm_table"):
        return None
    fields, end = _fields(doc, i)
    known = fields.keys() & {"authors", "abstract", "summary", "categories", "comment", "date"}
    if "link" not in fields or len(known) < 2:
        return None
    raw = doc.tokens[i + 1].content
    heading = doc.inline(raw)
    if strict and (heading.links or "authors" not in fields or not known & {
            "abstract", "summary", "categories"} or any("vote" in f for f in fields)):
        return None  # a vote count makes a Daily Papers digest (the hf-daily importer's)
    draft = PaperDraft(title=_title(doc, raw), line=(doc.tokens[i].map or [0])[0] + 1)
    for link in [*heading.links, *doc.inline(" ".join(fields["link"])).links]:
        add_paper_link(draft, link)
    for word in " ".join(fields["link"]).split():
        if parse_arxiv_id(word):
            add_paper_link(draft, Link(word, word))
    if draft.arxiv is None or not draft.title:
        return None
    if heading.links and heading.text == heading.links[0].text:
        draft.title = (leading_link(raw, 0, doc.env) or (heading.text, 0))[0].strip()
    _fill(doc, draft, fields)
    return draft, end


def _fill(doc: Doc, draft: PaperDraft, fields: dict[str, list[str]]) -> None:
    """What the fields other than the link say about the paper."""
    def text(field: str) -> str:  # Markdown escapes (`glove\-design`) are the generator's
        return unescape_markdown("\n".join(fields.get(field, [])).strip())

    if names := doc.inline(" ".join(fields.get("authors", []))).text:
        draft.authors, draft.authors_complete = split_authors(names)
    if "abstract" in fields:
        draft.abstract, draft.abstract_translated = split_abstract(text("abstract").split("\n"))
    draft.summary = text("summary") or None
    draft.comment = doc.inline(text("comment")).text or None
    draft.date = find_date(text("date")) if "date" in fields else None
    for category in doc.inline(text("categories")).text.replace(";", ",").split(","):
        if category.strip() and category.strip() not in draft.categories:
            draft.categories.append(category.strip())
    if "code" in fields and (code := code_href(doc, text("code"))):
        draft.links["code"] = code


def looks_like_fields(lines: list[str], k: int) -> bool:
    """Whether one of the first non-blank lines after line `k` (a heading, maybe quoted)
    opens with a field label (above it may stand a `[arXiv](url)` line or a table's
    header): cheap, before any parsing. A table row `| 📅 Date | 2026-09-29 |` counts."""
    seen = 0
    for line in lines[k + 1 : k + 8]:
        text = line.strip().lstrip(">").strip()
        if text:
            if text.startswith("|"):
                text = ":".join(cell.strip() for cell in text.strip("|").split("|", 1))
            if _split_label(text) is not None:
                return True
            seen += 1
            if seen == _LOOK_AHEAD:
                break
    return False
