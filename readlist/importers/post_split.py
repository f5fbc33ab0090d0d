"""Entries of a conference post (family 000) whose title line has no link: the paper's
links follow on a line or in a paragraph of their own, as awesome lists write them:

    - **Why Tabular Foundation Models Should Be a Research Priority** (ICML 2024)
      *Boris van Breugel, Mihaela van der Schaar*
      [Paper](https://arxiv.org/abs/2405.01147) | [Code](https://github.com/...)
      > A seminal position paper ...

The title is the first line (what follows it on that line is read like the rest of a paper
line: marks, venue labels, blurb), the links are the paper's, and the other lines of the
item are its notes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from readlist.importers.post_entry import (
    GROUP_MAX,
    TITLE_MAX,
    Entry,
    clean_title,
    generic_label,
    paper_links,
    scan_lead,
    title_end,
)
from readlist.importers.post_line import SEPARATORS, group_end, read_line

if TYPE_CHECKING:
    from markdown_it.token import Token

    from readlist.importers.markdown_tools import Doc


def read_split_entry(
    title_raw: str, links_raw: str, env: dict[str, Any], marks: frozenset[str], alone: bool,
    strict: bool = False,
) -> Entry | None:
    """The entry of a bullet whose first line is the title and whose links come on a line
    (or paragraph or first nested bullet, `alone`) of their own, as awesome lists write
    them: `- **Title** (ICML 2024)` / `*Authors*` / `[Paper](...) | [Code](...)`. None when
    the lines are not that shape. A plain title needs the links alone (a line holding
    nothing else, or a block): otherwise it is a title wrapped before its link. `strict`
    links must be labelled by kind (`[Paper]`, `[arXiv]`): a nested bullet of titled links
    is a paper under a topic.
    """
    lead = scan_lead(title_raw, env, marks)
    pos = lead.pos
    if lead.link is not None or pos >= len(title_raw) or len(links_raw) > GROUP_MAX:
        return None
    links = paper_links(links_raw, env)
    line = read_line(links_raw, env, marks)
    if not any(kind == "paper" for kind, _ in line.links):
        return None
    # A line of links alone may label them freely (`[Workshop version](...)`); beside
    # words, a link labelled like a title is a paper named in prose.
    if (line.text or strict) and not all(generic_label(text, href) for text, href in links):
        return None
    end, width = group_end(title_raw, pos) if title_raw[pos] in "*_" else (-1, 0)
    if end > 0:
        title, tail = clean_title(title_raw[pos + width : end - width]), title_raw[end:]
    else:
        stop, other_link = title_end(title_raw, pos, env, marks)
        if stop < 0 or other_link or (line.text and not alone):
            return None
        strip = " \t" + "".join(SEPARATORS)
        title, tail = clean_title(title_raw[pos:stop].rstrip(strip)), title_raw[stop:]
    if not title or len(line.text) > TITLE_MAX:
        return None
    head = read_line(tail, env, marks)
    head.marks += line.marks
    head.venues += line.venues
    head.links += line.links
    head.text = f"{head.text} {line.text}".strip()
    return Entry(title, None, lead, head)


def has_link(text: str) -> bool:
    """Whether a line may hold a link (a cheap look: inline, reference or autolink)."""
    return "](" in text or "][" in text or "<http" in text


def _first_linked_item(tokens: list[Token], start: int, end: int) -> tuple[str, int] | None:
    """(text, line) of the first item with a link in the list opening at tokens[start]."""
    level = tokens[start].level + 1
    for k in range(start + 1, end - 1):
        tok = tokens[k]
        if tok.level < level:
            break
        if (tok.type == "list_item_open" and tok.level == level
                and tokens[k + 1].type == "paragraph_open"
                and has_link(text := tokens[k + 2].content)):
            return text, (tokens[k + 1].map or [0, 0])[0]
    return None


def split_entry(
    doc: Doc, tokens: list[Token], start: int, end: int, raw: str, marks: frozenset[str],
) -> tuple[Entry, list[int]] | None:
    """An entry whose title line has no link and whose links follow on a line or in a
    paragraph of their own (awesome lists: `- **Title** (ICML 2024)` / `*Authors*` /
    `[Paper](...) | [Code](...)`), with the lines of the item that are its notes."""
    first, _, rest = raw.partition("\n")
    if has_link(first):
        return None
    para_start = (tokens[start + 1].map or [0, 0])[0]
    item_end = (tokens[start].map or [0, 0])[1]
    for k, text in enumerate(rest.split("\n") if rest else []):
        if has_link(text):
            entry = read_split_entry(first, text.strip(), doc.env, marks, alone=False)
            if entry is None:
                return None
            skip = {para_start, para_start + 1 + k}
            lines = [i for i in range(para_start, item_end) if i not in skip]
            return entry, lines
    after = start + 4
    if rest or after + 1 >= end:
        return None
    if tokens[after].type == "paragraph_open":  # `- **Title**` / blank / `[[Paper](...)]`
        links, link_line = tokens[after + 1].content, (tokens[after].map or [0, 0])[0]
    elif tokens[after].type in ("bullet_list_open", "ordered_list_open"):
        # `- (19 ICLR) Title` / `  - [Paper](...), [Code](...)`: the first nested bullet
        # with a link holds the paper's links (notes may come before it).
        found = _first_linked_item(tokens, after, end)
        if found is None:
            return None
        links, link_line = found
    else:
        return None
    if "\n" in links or not has_link(links):
        return None
    nested = tokens[after].type != "paragraph_open"
    entry = read_split_entry(first, links.strip(), doc.env, marks, alone=True, strict=nested)
    if entry is None:
        return None
    para_end = (tokens[start + 1].map or [0, 0])[1]
    return entry, [i for i in range(para_end, item_end) if i != link_line]
