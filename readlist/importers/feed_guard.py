"""The lexical safety guard every feed passes before any XML parser sees it.

Safety. What this Python does on its own, measured (feedparser 6.0, expat 2.5.0):
  * feedparser.parse(str) treats a string as a URL or file name: we only pass bytes.
  * expat >= 2.4 stops billion-laughs expansion, and feedparser turns off external
    general entities. But feedparser strips the DOCTYPE with regexes and re-declares every
    entity whose value has no "&" — even one written inside a comment, which expat (and a
    defusedxml pre-scan) never sees. When the strict parse fails, its lenient fallback
    parser expands those entities with no limit: a 100 kB feed declaring one 50 kB entity
    used 2,000 times yields a 100 MB title (2 s, 300 MB).
So the guard is lexical and stands in front of every parser: "<!ENTITY" anywhere, in
any case, is refused, in the text and again in every document rebuilt from it for
feedparser. No parser here can declare an entity without that text (parameter entities
need it too; external DTDs are never loaded), so nothing a document declares is ever
expanded, whatever the parsers' regexes think is a comment. DTD internal subsets and
external DTDs are refused as well (only the inert Netscape RSS 0.91 public identifier
passes). Then an expat pass (feed_xml.xml_error) with the handlers defusedxml installs
(entity declarations and external references raise) checks well-formedness and finds the
exact error line: a second net, not the first. Repairs of damaged feeds only ever turn
markup into text. Nothing is ever fetched. The cost: a feed whose CDATA holds the literal
text "<!ENTITY" is refused too.

Kept apart from feed_xml, which reads the feed's structure (root, items, repairs): this
module only refuses. rss_reviews calls `guard` on the text and again on every document it
rebuilds for feedparser, and `check_doctype` on the root feed_xml found.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from readlist.importers.base import ParseError

if TYPE_CHECKING:
    from readlist.importers.feed_xml import Root

_ENTITY_DECL = re.compile(r"<!ENTITY", re.IGNORECASE)
_NETSCAPE_091 = "-//Netscape Communications//DTD RSS 0.91//EN"


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def guard(text: str) -> None:
    """Refuse entity declarations anywhere (see the module docstring for why lexically)."""
    found = _ENTITY_DECL.search(text)
    if found:
        raise ParseError(
            f"refusing feed: it declares XML entities (line {_line_of(text, found.start())}); "
            "entity declarations are blocked against entity-expansion and external-entity attacks"
        )


def check_doctype(root: Root) -> None:
    """Refuse internal DTD subsets and external DTDs but RSS 0.91's (ParseError)."""
    if root.subset:
        raise ParseError("refusing feed: its DOCTYPE has an internal DTD subset; "
                         "DTDs are blocked against entity-expansion and external-entity attacks")
    if not root.doctype:
        return
    public = re.match(r'PUBLIC\s+["\']([^"\']*)["\']', root.doctype, re.IGNORECASE)
    if public and public.group(1) == _NETSCAPE_091:
        return  # RSS 0.91's DTD: never fetched by anything here, and declares no entities
    raise ParseError(
        f"refusing feed: its DOCTYPE names an external DTD ({root.doctype[:80]}); "
        "readlist never loads external resources"
    )
