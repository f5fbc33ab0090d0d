"""`readlist export bibtex`: entries Zotero, JabRef, cobib, papis and biber import.

- A paper with a DOI and a journal reference is ``@article`` (journal, doi, plus the arXiv
  eprint fields when it has an arXiv id); every other paper is ``@misc``: arXiv papers
  with ``eprint``, ``archivePrefix = {arXiv}``, ``primaryClass`` (when a real arXiv
  category is known) and ``url``; others with ``url``, ``doi`` and the venue as ``note``.
- Keys are ``<first author's family name><year><first significant title word>``, ASCII
  folded (``vaswani2017attention``); the year falls back to the one an arXiv id encodes.
  Without authors the title word leads (``attention2017``; ``paper`` when there is none).
  Keys shared by several papers all get ``a``, ``b``, … in (date, library key) order, so
  the same library always gives the same keys.
- Text is escaped by readlist.export.latex; titles keep acronyms in braces. An author
  list the digest abbreviated ends with ``and others``.

Entries are sorted by key; the output is deterministic.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from readlist.export.latex import ascii_fold, clean, escape_latex, escape_title
from readlist.export.snapshot import PaperRecord, Snapshot

#: Words skipped when picking the title word of a key.
STOPWORDS = frozenset(
    "a an the on of for in to and with via from by towards toward is are do does how what "
    "why when where which who we our your can at as its into vs versus not no beyond".split()
)
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_ARXIV_CATEGORY = re.compile(
    r"^(cs|math|physics|stat|q-bio|q-fin|eess|econ|astro-ph|cond-mat|gr-qc|hep-ex|hep-lat|"
    r"hep-ph|hep-th|math-ph|nlin|nucl-ex|nucl-th|quant-ph)(\.[A-Za-z-]+)?$"
)
_URL_BRACES = str.maketrans({"{": "%7B", "}": "%7D", "\\": "%5C"})


@dataclass(frozen=True)
class Citation:
    """One exported paper with its citation key (shared by BibTeX and CSL-JSON)."""

    key: str
    rec: PaperRecord

    @property
    def authors(self) -> list[str]:
        return [clean(a) for a in self.rec.details.get("authors") or () if clean(a)]

    @property
    def authors_complete(self) -> bool:
        return bool(self.rec.details.get("authors_complete", True))

    @property
    def year(self) -> int | None:
        return paper_year(self.rec)

    @property
    def url(self) -> str | None:
        """The canonical abstract page for arXiv papers, else the paper's link."""
        paper = self.rec.paper
        if paper.arxiv_id:
            return f"https://arxiv.org/abs/{paper.arxiv_id}"
        url = paper.url
        return url if url and url.lower().startswith(("http://", "https://")) else None

    @property
    def journal(self) -> str | None:
        ref = self.rec.details.get("journal_ref")
        return clean(ref) if isinstance(ref, str) and clean(ref) else None

    @property
    def category(self) -> str | None:
        for category in self.rec.details.get("categories") or ():
            if isinstance(category, str) and _ARXIV_CATEGORY.match(category):
                return category
        return None


def paper_year(rec: PaperRecord) -> int | None:
    """The publication year: the paper's date, else the year its arXiv id encodes."""
    if rec.paper.year:
        return rec.paper.year
    arxiv = rec.paper.arxiv_id or ""
    match = re.match(r"^(?:[a-z-]+/)?(\d{2})(\d{2})", arxiv)
    if match is None:
        return None
    yy = int(match.group(1))
    return (1900 if yy >= 91 else 2000) + yy  # arXiv began in 1991


def family_name(name: str) -> str:
    """The family name a key starts with: before a comma, else the last word (not Jr.)."""
    name = clean(name)
    if "," in name:
        return name.split(",", 1)[0]
    words = name.split(" ")
    while len(words) > 1 and ascii_fold(words[-1]) in _SUFFIXES:
        words.pop()
    return words[-1] if words else ""


def base_key(rec: PaperRecord) -> str:
    authors = rec.details.get("authors") or []
    family = ascii_fold(family_name(authors[0])) if authors else ""
    year = str(paper_year(rec) or "")
    word = next(
        (w for w in (ascii_fold(w) for w in clean(rec.doc.get("title", "")).split(" "))
         if w and w not in STOPWORDS),
        "",
    )
    if not family:  # a key should not start with a digit: title word first
        return f"{word}{year}" if word else f"paper{year}"
    return f"{family}{year}{word}"


def citations(papers: Iterable[PaperRecord]) -> list[Citation]:
    """Every paper with a unique, stable key, sorted by key."""
    groups: dict[str, list[PaperRecord]] = {}
    for rec in papers:
        groups.setdefault(base_key(rec), []).append(rec)
    taken = set(groups)
    result = []
    for base in sorted(groups):
        members = sorted(groups[base], key=lambda r: (r.paper.date or "", r.paper.key, r.pid))
        if len(members) == 1:
            result.append(Citation(base, members[0]))
            continue
        for n, rec in enumerate(members):
            key = base + _suffix(n)
            while key in taken:  # another base already looks like this suffixed key
                key += "x"
            taken.add(key)
            result.append(Citation(key, rec))
    return sorted(result, key=lambda c: c.key)


def _suffix(n: int) -> str:
    letters = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def url_field(url: str) -> str:
    """URLs are verbatim in biblatex; only braces and backslashes would break the field."""
    return url.strip().translate(_URL_BRACES)


def entry(citation: Citation) -> str:
    """One BibTeX entry."""
    rec, paper = citation.rec, citation.rec.paper
    fields: list[tuple[str, str]] = []
    title = clean(rec.doc.get("title", ""))
    if title:
        fields.append(("title", escape_title(title)))
    authors = citation.authors
    if authors:
        names = [_author(a) for a in authors]
        if not citation.authors_complete:
            names.append("others")
        fields.append(("author", " and ".join(names)))
    kind = "article" if paper.doi and citation.journal else "misc"
    if kind == "article" and citation.journal:
        fields.append(("journal", escape_latex(citation.journal)))
    if citation.year:
        fields.append(("year", str(citation.year)))
    if paper.arxiv_id:
        fields.append(("eprint", paper.arxiv_id))
        fields.append(("archivePrefix", "arXiv"))
        if citation.category:
            fields.append(("primaryClass", citation.category))
    if paper.doi:
        fields.append(("doi", url_field(paper.doi)))
    if citation.url:
        fields.append(("url", url_field(citation.url)))
    if kind == "misc" and paper.venue and clean(paper.venue):
        fields.append(("note", escape_latex(paper.venue)))
    body = "".join(f"  {name} = {{{value}}},\n" for name, value in fields)
    return f"@{kind}{{{citation.key},\n{body}}}\n"


def _author(name: str) -> str:
    escaped = escape_latex(name, brace_specials=True)
    # "and" inside one name, or more than one comma, would split or misparse it.
    if re.search(r"\band\b", name, re.IGNORECASE) or name.count(",") > 1:
        return "{" + escaped + "}"
    return escaped


def export_bibtex(snapshot: Snapshot) -> str:
    """`readlist export bibtex`: one entry per paper, blank-line separated."""
    return "\n".join(entry(c) for c in citations(snapshot.papers))
