"""How the generic importer titles a paper whose link text is no title.

A link text is a title when it is real text (`real_text`): not the URL, the bare id, a
date or a label such as "PDF". When it is not, the title is found nearby: the bold text
on the link's line (`- 2024-06-04, **Title**, Paper: [url](url)`, `title_from_bold`),
the first line of the span (`Title<br>[Paper](…) | [Code](…)`, `title_from_lead`), or a
list item's text over nested label links (`- Title` then `  - [Paper](…)`,
`ItemTitles`); each only when the links around it are one paper's (`paper_key`).

Kept apart from generic, which walks the document and collects the links: these rules
only read and retitle what was collected.
"""

from __future__ import annotations

import re

from readlist.ids import is_link_label, parse_arxiv_id
from readlist.ids import parse_openreview_id as _openreview
from readlist.importers.generic_html import Found

_NUMBERS = "0123456789-./:, "
#: What is left around a title once its links are taken out of the line.
_LEAD_JUNK = " \t-–—|:,;·•[]*_"
_VENUE_TAG = re.compile(r"^[(\[][^()\[\]]{2,24}[)\]]\s+(?=\S)")
#: Link labels that also read as words of a sentence ("see [here](…)", "this [link](…)").
_PROSE_LABELS = frozenset({"here", "link", "links", "read", "view", "source", "page",
                           "website", "url", "こちら", "ここ", "链接", "링크", "リンク"})


def _names_the_paper(text: str) -> bool:
    """A link text that says "the paper" (`[Paper]`, `[PDF]`, `[arXiv]`), not prose."""
    label = " ".join(text.split()).casefold().strip("[]()<>:.- ")
    return is_link_label(label) and label not in _PROSE_LABELS


def real_text(text: str, href: str | None) -> bool:
    """Whether a link text is a title (not the URL, the bare id or a word like "PDF")."""
    value = " ".join(text.split())
    folded = value.casefold().strip("[]()<>:.- ")
    if not folded or is_link_label(folded) or value == href:
        return False
    if folded.startswith(("http://", "https://", "www.")) or not folded.strip(_NUMBERS):
        return False  # a URL, or a date or number such as 2024-06-04
    return parse_arxiv_id(value) is None and _openreview(value) is None


def _lead_title(text: str) -> str | None:
    """A title-like line: words, not a label, a date or a bare id (`Title [ ] | [ ]`
    left once its links are taken out is `Title`), without a leading venue tag
    (`(ICLR 2019) Title`, `[CVPR'24] Title`). A line ending in a colon introduces
    what follows: no title."""
    value = " ".join(text.split())
    if value.endswith((":", "：")):
        return None
    value = _VENUE_TAG.sub("", value, count=1).strip(_LEAD_JUNK)
    if len(value) < 10 or " " not in value or not real_text(value, None):
        return None
    return value


def title_from_lead(found: list[Found], lead: str) -> None:
    """A span naming one paper only through label links (`[Paper](…)`, `[PDF](…)`) is
    titled by its first line's text. A link in a sentence (`see [here](…)`) is not."""
    if not found or len({paper_key(item) for item in found}) != 1:
        return
    if any(real_text(item.text, item.href) for item in found):
        return
    if not any(item.href and _names_the_paper(item.text) for item in found):
        return
    title = _lead_title(lead)
    if title is not None:
        for item in found:
            item.text = title


def title_from_bold(found: list[Found], bold: dict[int, list[str]], line: int) -> None:
    """`- 2024-06-04, **Title**, A et.al., Paper: [url](url)`: the bold text names the
    paper its line links to, when the link text does not (and the line links one paper)."""
    by_row: dict[int, list[Found]] = {}
    for item in found:
        by_row.setdefault((item.line or line) - line, []).append(item)
    for row, items in by_row.items():
        names = [text for text in bold.get(row, ()) if real_text(text, None)]
        if names and len({paper_key(item) for item in items}) == 1:
            for item in items:
                if not real_text(item.text, item.href):
                    item.text = names[0]


class ItemTitles:
    """`- Title` over a nested `- [Paper](…)`: a list item's text without links titles the
    untitled links of the items nested under it, when they are all one paper's."""

    def __init__(self) -> None:
        self._open: list[tuple[int, str, list[Found]]] = []  # (level, text, links under it)
        self._all: list[tuple[str, list[Found]]] = []

    def item(self, level: int, text: str, items: list[Found]) -> None:
        """The first line of a list item at nesting `level`, and the papers it links."""
        while self._open and self._open[-1][0] >= level:
            self._open.pop()
        # Its own links (`[Paper](…)`, a bare URL or id), not a link in a sentence.
        untitled = [item for item in items if not real_text(item.text, item.href)
                    and (item.href in (None, item.text) or _names_the_paper(item.text))]
        if untitled and self._open:
            self._open[-1][2].extend(untitled)
        if not items:
            under: list[Found] = []
            self._open.append((level, text, under))
            self._all.append((text, under))

    def apply(self) -> None:
        """Title what each item's nested label links point to (once every item is read)."""
        for text, items in self._all:
            if items and len({paper_key(item) for item in items}) == 1:
                title = _lead_title(text)
                if title is not None:
                    for item in items:
                        item.text = title


def paper_key(item: Found) -> str:
    """Which paper a link is (its arXiv id, else its OpenReview id), to tell one from many."""
    return f"a:{item.arxiv.id}" if item.arxiv else f"o:{item.openreview}"
