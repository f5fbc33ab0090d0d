"""The parts of a conference post (family 000) around its papers: what the author hid in
`<!-- -->` comments, and the headings that make sections (front matter: front_matter.py)."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from readlist.importers.markdown_tools import Doc, inline_from_tokens, parse
from readlist.importers.md_comments import comment_spans

if TYPE_CHECKING:
    from markdown_it.token import Token

# Block tokens whose lines can hold a comment; a code block can only close one.
_LEAVES = frozenset({"inline", "html_block", "fence", "code_block", "gfm_table"})


def _cut(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` without the spans, their line breaks kept."""
    parts: list[str] = []
    pos = 0
    for begin, end in spans:
        parts.append(text[pos:begin])
        parts.append("\n" * text.count("\n", begin, end))
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


@dataclass
class Visible:
    """A post as its reader sees it: the document parsed without its `<!-- -->` comments
    (line numbers kept), the lines a comment emptied, and each hidden part with the line it
    starts on.

    Comments are found in the source, as Jekyll's kramdown reads them (a comment opened in
    one list item hides what follows until `-->`), except inside code spans and code blocks.
    """

    doc: Doc
    blanked: frozenset[int] = frozenset()
    hidden: list[tuple[int, str]] = field(default_factory=list)

    @classmethod
    def of(cls, text: str) -> Visible:
        """Parse `text` and cut its comments out."""
        doc = parse(text)
        if "<!--" not in text:
            return cls(doc)
        starts = [0]
        for line in doc.lines[:-1]:
            starts.append(starts[-1] + len(line) + 1)
        regions: list[tuple[int, int]] = []
        opened: int | None = None  # where a comment still open began
        # Whether every comment is a whole HTML block or lies inside one paragraph: then
        # the parse stands, and only those paragraphs lose their comments.
        local = True
        for tok in doc.tokens:
            if tok.type not in _LEAVES or not tok.map:
                continue
            base = starts[tok.map[0]]
            block = text[base : starts[tok.map[1] - 1] + len(doc.lines[tok.map[1] - 1])]
            if tok.type in ("fence", "code_block"):
                close = block.find("-->")
                if opened is not None and close >= 0:
                    regions.append((opened, base + close + 3))
                    opened = None
                continue
            spans, still_open = comment_spans(block, opened is not None, tok.type != "html_block")
            whole = len(block) - len(block.lstrip()), len(block.rstrip())
            local = local and not still_open and (opened is None) and (
                tok.type != "html_block" or spans in ([], [whole]))
            for n, (begin, end) in enumerate(spans):
                start = opened if opened is not None and n == 0 else base + begin
                opened = None
                if still_open and n == len(spans) - 1:
                    opened = start
                else:
                    regions.append((start, base + end))
        if opened is not None:
            regions.append((opened, len(text)))
        lines = _cut(text, regions).split("\n")
        blanked: set[int] = set()
        hidden: list[tuple[int, str]] = []
        for begin, end in regions:
            first = bisect.bisect_right(starts, begin) - 1
            inner = text[begin + 4 : end - 3 if text.endswith("-->", 0, end) else end]
            inner = inner.removeprefix(" ").replace("<!-- ", "").replace("<!--", "")
            hidden.append((first, inner.replace("-->", "")))
            for i in range(first, bisect.bisect_right(starts, end)):
                lines[i] = lines[i].rstrip()
                if not lines[i].strip():
                    lines[i] = ""
                    blanked.add(i)
        if not local:
            return cls(parse("\n".join(lines)), frozenset(blanked), hidden)
        for tok in doc.tokens:
            if tok.type == "inline" and "<!--" in tok.content:
                tok.content = _cut(tok.content, comment_spans(tok.content)[0])
        return cls(Doc("\n".join(lines), lines, doc.tokens, doc.env), frozenset(blanked), hidden)


def heading_text(doc: Doc, content: str) -> str:
    """A heading's plain text, without the attribute list kramdown and Pandoc let it end
    with (`## Architecture {#arch}`, `{: .no_toc}`, `{.unnumbered}`)."""
    content = content.rstrip()
    if content.endswith("}"):
        start = content.rfind("{")
        if start > 0 and content[start + 1 : start + 2] in ("#", ":", ".", "-"):
            content = content[:start].rstrip()
    if "![" in content:
        # `# Awesome X [![Awesome](badge.svg)](...)`: a badge's alt text is not the title.
        words = inline_from_tokens(
            [tok for tok in doc.inline_tokens(content) if tok.type != "image"]).text
        if words:
            return words
    return doc.inline(content).text


@dataclass
class Headings:
    """Where the walk through a post stands: the section and subsections its headings (the
    shallowest level, or the one below a lone h1) and bold labels make."""

    doc: Doc
    section_level: int
    title_line: int | None = None
    title: str | None = None
    section: str | None = None
    path: dict[int, str] = field(default_factory=dict)
    #: A bold paragraph over a list (`**評価**`), until the next heading or label.
    label: str | None = None

    @classmethod
    def of(cls, doc: Doc) -> Headings:
        heads = [
            ((tok.map or [0])[0], int(tok.tag[1:]), doc.tokens[k + 1].content)
            for k, tok in enumerate(doc.tokens)
            if tok.type == "heading_open" and tok.level == 0
        ]
        levels = [level for _, level, _ in heads]
        title_line = title = None
        if levels.count(1) == 1 and any(level > 1 for level in levels):
            title_line, _, content = next(h for h in heads if h[1] == 1)
            title = heading_text(doc, content)
            levels = [level for level in levels if level > 1]
        return cls(doc, min(levels, default=2), title_line, title)

    def enter(self, tok: Token, content: str) -> None:
        """Follow a top-level heading."""
        if (tok.map or [0])[0] == self.title_line:
            return
        level, text = int(tok.tag[1:]), heading_text(self.doc, content)
        self.label = None
        if level <= self.section_level:
            self.section, self.path = text, {}
        else:
            self.path = {lv: t for lv, t in self.path.items() if lv < level}
            self.path[level] = text

    def place(self, topics: list[str]) -> tuple[str | None, str | None]:
        """(section, subsection) of an entry under the headings, the bold label and the
        topic bullets (`- 推論` over nested paper bullets) it stands under: each is one
        level deeper, and the first of them is the section when no heading made one."""
        levels = [self.path[lv] for lv in sorted(self.path)]
        levels += [self.label, *topics] if self.label else topics
        if self.section is None and not self.path and levels:
            return levels[0], " / ".join(levels[1:]) or None
        return self.section, " / ".join(levels) or None


def bold_label(doc: Doc, content: str) -> str | None:
    """The text of a paragraph that is only bold text (`**評価**`, `__Vision:__`), else None."""
    text = content.strip()
    if text[:2] not in ("**", "__") or "\n" in text:
        return None
    children = [tok for tok in doc.inline_tokens(text) if tok.type != "text" or tok.content]
    closes = [k for k, tok in enumerate(children) if tok.type == "strong_close"]
    if not children or children[0].type != "strong_open" or len(closes) != 1:
        return None
    tail = "".join(tok.content for tok in children[closes[0] + 1 :]).strip()
    if tail not in ("", ":", "："):
        return None
    return doc.inline(text).text.rstrip(":：").strip() or None
