"""HTML fragments (feed descriptions, blog reviews) as readable Markdown-ish text.

Feed HTML is untrusted, so it is read with a small tokenizer that is linear in the input
by construction (readlist.importers.html_tokens) instead of `html.parser`.

Rendering keeps the structure a reader needs: headings become `#` lines, list items
`- ` / `1. ` lines indented by nesting, paragraphs are separated by blank lines, `<pre>`
becomes a fenced block, `<code>` backticks, `<em>`/`<strong>` `_`/`**`, links
`text (URL)`. Images, scripts, styles and embedded media are dropped. Entities are
decoded once (the HTML's own escaping), and tags no HTML knows (a review writing
`<nexa_4>` about a model's special token) are kept as the literal text they are.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from readlist.importers.html_inline import BR, CODE, EMPHASIS, InlineWriter
from readlist.importers.html_tokens import RAW_TEXT, VOID, href_of, tokens

_BACKTICKS = re.compile(r"`{3,}")

# Elements whose content is dropped with them: images and embedded media.
# Images are dropped, so their captions (figcaption) would be orphan lines like "Figure 1.".
_DROPPED = frozenset({"svg", "math", "video", "audio", "object", "template", "canvas",
                      "picture", "map", "select", "head", "button", "datalist", "figcaption"})
_BLOCK = frozenset({"p", "div", "section", "article", "header", "footer", "aside", "nav",
                    "main", "figure", "address", "center", "details", "summary",
                    "form", "fieldset", "legend", "dl", "dt", "dd", "hgroup", "caption", "body",
                    "html", "table", "thead", "tbody", "tfoot", "colgroup", "search", "dialog"})
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_LISTS = frozenset({"ul", "ol", "menu", "dir"})
# Handled one by one in _Writer.start/end.
_STRUCTURE = frozenset({"a", "li", "pre", "blockquote", "tr", "td", "th"})
# Inline elements whose text is kept as it is (no Markdown for them).
_PLAIN_INLINE = frozenset({"span", "sub", "sup", "small", "big", "u", "ins", "mark", "abbr",
                           "acronym", "time", "font", "label", "q", "bdi", "bdo", "data",
                           "nobr", "ruby", "rt", "rp", "rb", "output", "meter", "progress",
                           "blink", "marquee", "optgroup", "option"})
_KNOWN = (RAW_TEXT | _DROPPED | VOID | _BLOCK | _LISTS | CODE | _STRUCTURE | _PLAIN_INLINE
          | set(_HEADINGS) | set(EMPHASIS))
_SAFE_SCHEMES = ("http://", "https://", "mailto:", "ftp://")
_MAX_DEPTH = 8  # deeper lists and quotes are not indented further (output stays linear)


@dataclass(frozen=True)
class Block:
    """One rendered block: kind is heading, paragraph, item, row, quote, code or rule."""

    kind: str
    text: str
    #: Its words are link texts and their labels ("Paper link · Code link", "논문 링크 : URL",
    #: a citation linked piece by piece): navigation, not prose, so a blurb passes over it.
    links_only: bool = False


@dataclass(frozen=True)
class Rendered:
    """A fragment rendered as Markdown-ish text, and the blocks it is made of."""

    text: str
    blocks: tuple[Block, ...]


@dataclass
class _List:
    ordered: bool
    indent: str
    run: int
    count: int = 0
    in_item: bool = False
    bullet_done: bool = False

    def marker(self) -> str:
        return f"{self.count}. " if self.ordered else "- "


@dataclass
class _Writer(InlineWriter):
    """Turns tokens into lines; `plain` drops Markdown markers (for titles and names).

    The block being written gathers its inline text in InlineWriter (html_inline).
    """

    lines: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    lists: list[_List] = field(default_factory=list)
    quote: int = 0
    heading: int = 0
    runs: int = 0
    table_run: int | None = None
    cells: int = 0
    last_run: int | None = None
    last_quote: int = 0
    skip: str | None = None
    skip_depth: int = 0

    # -- blocks --------------------------------------------------------------------------
    def flush(self, kind: str = "paragraph") -> None:
        if not self.buf:
            return
        raw, links_only = self.take_inline()
        if raw.isspace():
            return
        parts = [" ".join(p.split()) for p in raw.split(BR)]
        while parts and not parts[0]:
            parts.pop(0)
        while parts and not parts[-1]:
            parts.pop()
        if not parts:
            return
        if self.heading:
            parts = ["#" * self.heading + " " + " ".join(parts)]
            kind = "heading"
        elif self.lists and self.lists[-1].in_item:
            kind = "item"
        elif self.table_run is not None:
            kind = "row"
        elif self.quote:
            kind = "quote"
        self.emit(kind, parts, links_only)

    def emit(self, kind: str, parts: list[str], links_only: bool = False) -> None:
        first = cont = ""
        run: int | None = None
        current = self.lists[-1] if self.lists else None
        if current is not None and current.in_item and kind != "heading":
            cont = current.indent + " " * len(current.marker())
            first = cont if current.bullet_done else current.indent + current.marker()
            current.bullet_done = True
            run = self.lists[0].run
        elif self.table_run is not None:
            run = self.table_run
        quote = "> " * min(self.quote, _MAX_DEPTH)
        if self.lines and (run is None or run != self.last_run):
            # a blank line, inside the quote only when the line before was in it too
            self.lines.append(("> " * min(self.quote, self.last_quote, _MAX_DEPTH)).rstrip())
        self.last_run, self.last_quote = run, self.quote
        for i, part in enumerate(parts):
            self.lines.append((quote + (first if i == 0 else cont) + part).rstrip())
        text = "\n".join(parts[1:-1]) if kind == "code" else " ".join(parts)
        self.blocks.append(Block(kind, text, links_only))

    def end_pre(self) -> None:
        if self.pre is None:
            return
        code = "".join(self.pre)
        self.pre = None
        code = code[1:] if code.startswith("\n") else code
        code = code.rstrip()
        if not code.strip():
            return
        if self.plain:
            self.buf.append(" " + code + " ")
            return
        fence = "`" * max(3, 1 + max((len(run) for run in _BACKTICKS.findall(code)), default=0))
        self.emit("code", [fence, *code.split("\n"), fence])

    def start_list(self, ordered: bool) -> None:
        self.flush()
        parent = self.lists[-1] if self.lists else None
        if parent is None:
            self.runs += 1
            self.lists.append(_List(ordered, "", self.runs))
        else:
            indent = parent.indent
            if len(self.lists) < _MAX_DEPTH:
                indent += " " * len(parent.marker())
            self.lists.append(_List(ordered, indent, parent.run))

    def start_item(self) -> None:
        self.flush()
        if not self.lists:
            self.start_list(False)
        current = self.lists[-1]
        current.count += 1
        current.in_item = True
        current.bullet_done = False

    # -- dispatch ------------------------------------------------------------------------
    def feed(self, kind: str, name: str, raw: str) -> None:
        if self.skip is not None:
            if name == self.skip and kind in ("start", "end"):
                self.skip_depth += 1 if kind == "start" else -1
                if self.skip_depth == 0:
                    self.skip = None
            return
        if kind == "text":
            self.text(raw)
        elif name not in _KNOWN:
            self.text(html.escape(raw, quote=False))  # literal text such as "<nexa_4>"
        elif kind == "end":
            self.end(name)
        else:
            self.start(name, raw, void=kind == "void")

    def start(self, name: str, raw: str, void: bool) -> None:
        if name in _DROPPED:
            if not void:
                self.skip, self.skip_depth = name, 1
        elif self.pre is not None:
            if name == "br":
                self.pre.append("\n")
        elif name == "br":
            self.buf.append(BR)
        elif name in _HEADINGS:
            self.flush()
            self.heading = _HEADINGS[name]
        elif name in _LISTS:
            self.start_list(name == "ol")
        elif name == "li":
            self.start_item()
        elif name == "pre":
            self.flush()
            self.pre = []
        elif name == "blockquote":
            self.flush()
            self.quote += 1
        elif name == "hr":
            self.flush()
            if not self.plain:
                self.emit("rule", ["---"])
        elif name == "table":
            self.flush()
            self.runs += 1
            self.table_run = self.runs
        elif name == "tr":
            self.flush()
            self.cells = 0
        elif name in ("td", "th"):
            if self.cells:
                self.buf.append(" | ")
            self.cells += 1
        elif name == "a":
            href = href_of(raw)
            self.open_mark("a", href.strip() if href.strip().lower().startswith(_SAFE_SCHEMES) else "")
        elif name in EMPHASIS or name in CODE:
            self.open_mark(name)
        elif name in _BLOCK:
            self.flush()

    def end(self, name: str) -> None:
        if name == "pre":
            self.end_pre()
        elif self.pre is not None:
            return
        elif name in _HEADINGS:
            self.flush()
            self.heading = 0
        elif name in _LISTS:
            self.flush()
            if self.lists:
                self.lists.pop()
        elif name == "li":
            self.flush()
            if self.lists:
                self.lists[-1].in_item = False
        elif name == "blockquote":
            self.flush()
            self.quote = max(0, self.quote - 1)
        elif name == "tr":
            self.flush()
        elif name == "table":
            self.flush()
            self.table_run = None
        elif name == "a" or name in EMPHASIS or name in CODE:
            self.close_mark(name)
        elif name in _BLOCK:
            self.flush()


def _write(fragment: str, plain: bool) -> _Writer:
    writer = _Writer(plain=plain)
    for kind, name, raw in tokens(fragment):
        writer.feed(kind, name, raw)
    writer.end_pre()
    writer.flush()
    return writer


def render(fragment: str) -> Rendered:
    """Render an HTML fragment as Markdown-ish text (see the module docstring)."""
    writer = _write(fragment, plain=False)
    return Rendered("\n".join(writer.lines).strip("\n"), tuple(writer.blocks))


def plain_text(fragment: str) -> str:
    """The text of an HTML fragment on one line: tags dropped, entities decoded."""
    writer = _write(fragment, plain=True)
    return " ".join(" ".join(b.text for b in writer.blocks).split())
