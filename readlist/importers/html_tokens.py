"""A linear-time HTML tokenizer for untrusted fragments (readlist.importers.html_text).

Each character is scanned a bounded number of times whatever the input: Python 3.11's
`HTMLParser` takes quadratic time on inputs like `<a <a <a ...` and raises
`AssertionError` on `<![<![...`. Comments, doctypes and processing instructions are
skipped; the content of raw-text elements (scripts, styles...) is skipped with them.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterator

_NAME = re.compile(r"[A-Za-z][^\t\n\f\r />]*")
_HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)
_TAG_STOP = re.compile(r"[>\"']")
# A whole tag whose quotes are closed. When it does not match (an unclosed quote, no ">"),
# the careful path in `tokens` takes over; the possessive group never backtracks.
_SIMPLE_TAG = re.compile(r"""<(/?)([A-Za-z][^\t\n\f\r />]*)(?:[^>"']|"[^"]*"|'[^']*')*+>""")

# Elements whose content is never text for a reader (and is raw text to the tokenizer).
RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "iframe", "noembed",
                      "noframes", "noscript", "plaintext"})
# Elements that never have content.
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                  "param", "source", "track", "wbr", "frame", "keygen", "image"})

# Every element name HTML knows, current and obsolete. A `<y and y>` in text written as
# Markdown ("x<y and y>z") has a tag's shape but names no element: it is text.
HTML_ELEMENTS = RAW_TEXT | VOID | frozenset({
    "a", "abbr", "acronym", "address", "applet", "article", "aside", "audio", "b", "basefont",
    "bdi", "bdo", "bgsound", "big", "blink", "blockquote", "body", "button", "canvas",
    "caption", "center", "cite", "code", "colgroup", "data", "datalist", "dd", "del",
    "details", "dfn", "dialog", "dir", "div", "dl", "dt", "em", "fieldset", "figcaption",
    "figure", "font", "footer", "form", "frameset", "h1", "h2", "h3", "h4", "h5", "h6",
    "head", "header", "hgroup", "html", "i", "ins", "kbd", "label", "legend", "li", "main",
    "map", "mark", "marquee", "math", "menu", "menuitem", "meter", "nav", "nobr", "ol",
    "object", "optgroup", "option", "output", "p", "picture", "pre", "progress", "q", "rb",
    "rp", "rt", "rtc", "ruby", "s", "samp", "search", "section", "select", "slot", "small",
    "spacer", "span", "strike", "strong", "sub", "summary", "sup", "svg", "table", "tbody",
    "td", "template", "tfoot", "th", "thead", "time", "tr", "tt", "u", "ul", "var", "video",
})


@functools.cache
def href_of(tag: str) -> str:
    """The `href` of a start tag as written (`<a href="x?a=1&amp;b=2">` → `x?a=1&b=2`)."""
    match = _HREF.search(tag)
    return html.unescape(next(g for g in match.groups() if g is not None)) if match else ""


def _raw_text_end(name: str) -> re.Pattern[str]:
    return re.compile(rf"</{re.escape(name)}[\s/>]", re.IGNORECASE)


def tokens(s: str) -> Iterator[tuple[str, str, str]]:
    """(kind, name, raw): kind is "text", "start", "end" or "void" (self-closing start)."""
    n = len(s)
    no_quote = {'"': n + 1, "'": n + 1}  # from these offsets on, that quote never occurs

    def tag_end(start: int) -> int:
        j = start
        while True:
            m = _TAG_STOP.search(s, j)
            if m is None:
                return -1
            if m.group() == ">":
                return m.start()
            quote, after = m.group(), m.end()
            k = -1 if after >= no_quote[quote] else s.find(quote, after)
            if k < 0:  # an unclosed quote: end the tag at the next ">" as a browser would not
                no_quote[quote] = min(no_quote[quote], after)
                return s.find(">", after)
            j = k + 1

    # The next `<` and `>` after an offset; offsets only grow, so each is found once.
    ahead = {"<": -2, ">": -2}

    def next_of(mark: str, start: int) -> int:
        if ahead[mark] != -1 and ahead[mark] < start:
            ahead[mark] = s.find(mark, start)
        return n if ahead[mark] == -1 else ahead[mark]

    pos = 0
    while pos < n:
        lt = s.find("<", pos)
        if lt < 0:
            yield "text", "", s[pos:]
            return
        if lt > pos:
            yield "text", "", s[pos:lt]
        if s.startswith("<!--", lt):
            end = s.find("-->", lt + 4)
            if end < 0:
                return
            pos = end + 3
            continue
        named = _NAME.match(s, lt + 1)
        if named is not None and named.group().lower() not in HTML_ELEMENTS:
            stop = next_of("<", named.end())
            if stop < next_of(">", named.end()):
                # `x<y and y>z </p>`: a "tag" naming no element that runs into the next
                # `<` is text, not a tag that swallows everything up to `</p>`'s `>`.
                yield "text", "", s[lt:stop]
                pos = stop
                continue
        simple = _SIMPLE_TAG.match(s, lt)  # the common case, in one regex step
        if simple is not None:
            closing, name, raw, pos = simple.group(1) == "/", simple.group(2).lower(), simple.group(), simple.end()
        else:
            nxt = s[lt + 1 : lt + 2]
            if nxt in ("!", "?"):  # doctype, CDATA marker, processing instruction: not text
                end = s.find(">", lt + 2)
                if end < 0:
                    return
                pos = end + 1
                continue
            closing = nxt == "/"
            m = _NAME.match(s, lt + 2 if closing else lt + 1)
            if m is None:
                yield "text", "", "<"
                pos = lt + 1
                continue
            end = tag_end(m.end())
            if end < 0:
                yield "text", "", s[lt:]
                return
            name, raw, pos = m.group().lower(), s[lt : end + 1], end + 1
        if closing:
            yield "end", name, raw
        elif name in RAW_TEXT:
            close = _raw_text_end(name).search(s, pos)
            pos = n if close is None else close.start()
        else:
            yield ("void" if raw.endswith("/>") or name in VOID else "start"), name, raw
