"""Feed XML before any parser sees it: the root, the items, well-formedness, repairs.

Lexical and linear-time by construction (regexes that cannot backtrack, `str.find` for
closers), so it is safe on any text, including feeds that are truncated or not XML.

The entity and DTD guard that stands in front of every parser is feed_guard (its
docstring says why it is lexical); `xml_error` here is its second net.
"""

from __future__ import annotations

import html.entities
import re
import xml.parsers.expat
from dataclasses import dataclass, field
from typing import Any

from defusedxml import EntitiesForbidden, ExternalReferenceForbidden

from readlist.importers.base import ParseError

_XML_NAME = re.compile(r"[A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?")
_TAG_REST = re.compile(r"""(?:[^<>"']|"[^"<]*"|'[^'<]*')*+""")
_WS = re.compile(r"\s*")
_SUBSET_END = re.compile(r"\]\s*>")
_DOCTYPE = re.compile(r"<!DOCTYPE\s+[^\s>\[]+\s*([^>\[]*)([>\[]?)", re.IGNORECASE)
_MARKUP = re.compile(r"<(?:!\[CDATA\[|!--|\?|!|/?(?=[A-Za-z_]))")
_SKIPPED = {"<![CDATA[": ("]]>", "a CDATA section"), "<!--": ("-->", "a comment"),
            "<?": ("?>", "a processing instruction"), "<!": (">", "a declaration")}


@dataclass
class Root:
    """The document's root element, and the DOCTYPE before it if any."""

    name: str
    start: int
    tag: str
    doctype: str | None = None
    #: The DOCTYPE has an internal subset ("[...]"): refused, as it is where entities live.
    subset: bool = False


@dataclass
class Span:
    """One item element as found lexically: where it starts and, if it does, ends."""

    start: int
    line: int
    qname: str
    end: int | None = None
    problem: str | None = None


@dataclass
class Skeleton:
    """The items of a feed, found lexically, and what encloses them."""

    spans: list[Span] = field(default_factory=list)
    #: Start tags of the elements around the first item (root first), to rebuild a feed.
    containers: list[tuple[str, str]] = field(default_factory=list)
    first_item: int | None = None


# --- recognition and well-formedness ----------------------------------------------------

def _prolog(text: str, limit: int | None = None) -> Root | str:
    """The root element after the XML declaration, comments, PIs and DOCTYPE, or why not."""
    end = len(text) if limit is None else min(len(text), limit)
    pos = 1 if text.startswith("\ufeff") else 0
    doctype: str | None = None
    subset = False
    while True:
        pos = _WS.match(text, pos, end).end()  # type: ignore[union-attr]
        if pos >= end:
            return "no XML root element"
        for opener, closer in (("<?", "?>"), ("<!--", "-->")):
            if text.startswith(opener, pos):
                close = text.find(closer, pos + len(opener), end)
                if close < 0:
                    return "the XML prolog never ends"
                pos = close + len(closer)
                break
        else:
            declared = _DOCTYPE.match(text, pos, end)
            if declared:
                doctype = " ".join(declared.group(1).split())
                subset = subset or declared.group(2) == "["
                after = _SUBSET_END.search(text, declared.end(), end) if subset else declared
                if after is None or not after.group().endswith(">"):
                    return "the XML prolog never ends"
                pos = after.end()
                continue
            name = _XML_NAME.match(text, pos + 1, end) if text.startswith("<", pos) else None
            if name is None:
                return "it does not start with an XML element"
            rest = _TAG_REST.match(text, name.end(), end)
            tag = text[pos : rest.end() + 1] if rest else text[pos : name.end()]
            return Root(name.group(), pos, tag, doctype, subset)


def feed_root(text: str, limit: int | None = None) -> Root | str:
    """The root of an RSS, Atom or RSS 1.0 (RDF) feed, or why `text` is not one.

    With `limit`, only that many characters are looked at (sniffing stays cheap).
    """
    root = _prolog(text, limit)
    if isinstance(root, str):
        return root
    local = root.name.rpartition(":")[2]
    tag = root.tag.lower()
    if local == "rss" or local == "feed" or (local == "RDF" and ("rss" in tag or "rdf/simple" in tag)):
        return root
    return f"its root element is <{root.name}>"


def xml_error(text: str) -> str | None:
    """Where the text stops being well-formed XML, as "line L, column C: why"; None if it is."""

    def refuse_entity(name: str, *args: Any) -> None:
        raise EntitiesForbidden(name, None, None, None, None, None)

    def refuse_external(context: str, base: str | None, sysid: str | None, pubid: str | None) -> int:
        raise ExternalReferenceForbidden(context, base, sysid, pubid)

    parser = xml.parsers.expat.ParserCreate()
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.EntityDeclHandler = refuse_entity
    parser.UnparsedEntityDeclHandler = refuse_entity
    parser.ExternalEntityRefHandler = refuse_external
    try:
        parser.Parse(text, True)
    except xml.parsers.expat.ExpatError as exc:
        return f"line {exc.lineno}, column {exc.offset + 1}: {xml.parsers.expat.errors.messages[exc.code]}"
    except (EntitiesForbidden, ExternalReferenceForbidden) as exc:
        raise ParseError(f"refusing feed: {exc}") from None
    return None


# --- items, found lexically ---------------------------------------------------------------

def scan(text: str, root: Root) -> Skeleton:
    """Find every item element, complete or not, in linear time (CDATA/comments skipped)."""
    items = {"entry"} if root.name.rpartition(":")[2] == "feed" else {"item"}
    out = Skeleton()
    stack: list[tuple[str, str]] = []
    counts: dict[str, int] = {}
    current: Span | None = None
    depth = 0
    line, line_pos = 1, 0
    eof_in = ""
    pos, n = root.start, len(text)
    while True:
        found = _MARKUP.search(text, pos)  # a stray "<" is skipped inside the regex engine
        if found is None:
            break
        lt, opener = found.start(), found.group()
        if opener in _SKIPPED:
            closer, what = _SKIPPED[opener]
            close = text.find(closer, found.end())
            if close < 0:
                eof_in = what
                break
            pos = close + len(closer)
            continue
        closing = opener == "</"
        name = _XML_NAME.match(text, found.end())
        if name is None:
            pos = found.end()
            continue
        rest = _TAG_REST.match(text, name.end())
        end = rest.end() if rest else name.end()
        if end >= n:
            eof_in = "a tag"
            break
        pos = end + 1 if text[end] == ">" else end
        if text[end] != ">":
            continue  # a broken tag: the XML check reports it
        qname = name.group()
        if closing:
            while counts.get(qname, 0):
                popped = stack.pop()[0]
                counts[popped] -= 1
                if current is not None and len(stack) < depth:
                    if qname == current.qname:
                        current.end = pos
                    else:
                        current.problem = f"item not closed before </{qname}>"
                    current = None
                if popped == qname:
                    break
            continue
        self_closing = text[end - 1] == "/"
        local = qname.rpartition(":")[2]
        starts_item = (current is None and local in items and len(stack) <= 2) or (
            current is not None and qname == current.qname
        )
        if starts_item:
            if current is not None:
                current.problem = "item not closed before the next item begins"
                while len(stack) >= depth:
                    counts[stack.pop()[0]] -= 1
            if out.first_item is None:
                out.first_item, out.containers = lt, list(stack)
            line += text.count("\n", line_pos, lt)
            line_pos = lt
            current = Span(lt, line, qname)
            out.spans.append(current)
            if self_closing:
                current.end, current = pos, None
                continue
        if not self_closing:
            stack.append((qname, text[lt:pos]))
            counts[qname] = counts.get(qname, 0) + 1
            if starts_item:
                depth = len(stack)
    if current is not None:
        where = f" (inside {eof_in})" if eof_in else ""
        current.problem = f"item truncated: feed ends inside it{where}"
    if out.first_item is None:
        out.containers = stack
    return out


# HTML's named entities (not XML's five), and "&" that starts no reference at all.
_HTML_ENTITY = re.compile(r"&(?!(?:amp|lt|gt|quot|apos);)([A-Za-z][A-Za-z0-9]*);")
_BARE_AMP = re.compile(r"&(?![A-Za-z][A-Za-z0-9]*;|#[0-9]+;|#x[0-9A-Fa-f]+;)")
_STRAY_LT = re.compile(r"<(?![A-Za-z_:/!?])")
_NOT_XML_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _html_entity(match: re.Match[str]) -> str:
    value = html.entities.html5.get(f"{match.group(1)};")
    return "".join(f"&#{ord(ch)};" for ch in value) if value else "&amp;" + match.group()[1:]


def _fix_markup(segment: str) -> str:
    segment = _HTML_ENTITY.sub(_html_entity, segment)
    return _STRAY_LT.sub("&lt;", _BARE_AMP.sub("&amp;", segment))


def repair(text: str) -> str:
    """Fix the commonest reasons a real feed is not XML, so that its items parse strictly.

    Outside CDATA: a bare "&" becomes "&amp;", an HTML entity (&nbsp;) a character
    reference, a "<" that starts no markup "&lt;"; everywhere, characters XML forbids
    (control characters, lone surrogates) become spaces. Linear; it only ever turns markup
    into text, never text into markup.
    """
    text = _NOT_XML_CHAR.sub(" ", text)  # a space, so "<!\0ENTITY" cannot become a declaration
    out: list[str] = []
    pos = 0
    while pos < len(text):
        start = text.find("<![CDATA[", pos)
        stop = len(text) if start < 0 else start
        out.append(_fix_markup(text[pos:stop]))
        if start < 0:
            break
        end = text.find("]]>", start + 9)
        end = len(text) if end < 0 else end + 3
        out.append(text[start:end])
        pos = end
    return "".join(out)
