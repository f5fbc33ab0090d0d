"""Paper identity: arXiv/OpenReview/DOI ids in every form people write them, and title keys.

Shared by every importer, by `readlist add`, and by TARGET arguments, so that a paper is
recognised the same way wherever it comes from.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

# New-style ids: YYMM.NNNN (2007-2014) or YYMM.NNNNN (2015-), optional version.
_NEW_ID = r"(?P<new>(?P<yy>\d{2})(?P<mm>0[1-9]|1[0-2])\.(?P<num>\d{4,5}))"
# Old-style ids: archive(.SUBJ)/YYMMNNN, e.g. hep-th/9901001, math.GT/0309136.
_OLD_ID = r"(?P<old>(?P<archive>[a-z]+(?:-[a-z]+)*)(?:\.[A-Za-z]{2})?/(?P<oldnum>\d{7}))"
_VERSION = r"(?:v(?P<version>\d+))?"
_ID_RE = re.compile(rf"(?:{_NEW_ID}|{_OLD_ID}){_VERSION}")
_BARE_RE = re.compile(rf"^(?:arxiv:\s*)?(?:{_NEW_ID}|{_OLD_ID}){_VERSION}$", re.IGNORECASE)

_ARXIV_HOSTS = {
    "arxiv.org",
    "www.arxiv.org",
    "export.arxiv.org",
    "alphaxiv.org",
    "www.alphaxiv.org",
    "huggingface.co",
    "hf.co",
    "ar5iv.labs.arxiv.org",
    "ar5iv.org",
}
_ARXIV_PATH_PREFIXES = ("/abs/", "/pdf/", "/html/", "/papers/", "/overview/", "/format/")

_OPENREVIEW_HOSTS = {"openreview.net", "www.openreview.net"}
_OPENREVIEW_ID = re.compile(r"^[A-Za-z0-9_\-]{5,}$")
_ICLR_POSTER = re.compile(r"/virtual_20\d\d/poster_([A-Za-z0-9_\-]{5,})\.html")

_DOI_RE = re.compile(r"^(?:doi:\s*)?(10\.\d{4,9}/\S+)$", re.IGNORECASE)

# Text scanning (generic importer): URLs and arXiv:-prefixed ids inside prose.
_URL_IN_TEXT = re.compile(r"https?://[^\s<>\"'`)\]]+", re.IGNORECASE)
_PREFIXED_IN_TEXT = re.compile(
    rf"\barxiv:\s*(?:{_NEW_ID}|{_OLD_ID}){_VERSION}", re.IGNORECASE
)
# An arXiv link written without its scheme ("see arxiv.org/abs/2501.12948"); the lookbehind
# leaves the host of a full URL to _URL_IN_TEXT.
_SCHEMELESS_IN_TEXT = re.compile(
    r"(?<![\w/.@-])(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/[^\s<>\"'`)\]]+", re.IGNORECASE
)


@dataclass(frozen=True)
class ArxivId:
    """A canonical arXiv id (no version) and the version seen, if any."""

    id: str
    version: int | None = None

    def __str__(self) -> str:
        return self.id if self.version is None else f"{self.id}v{self.version}"


def _from_match(match: re.Match[str]) -> ArxivId:
    version = int(match.group("version")) if match.group("version") else None
    if match.group("new"):
        return ArxivId(match.group("new"), version)
    return ArxivId(f"{match.group('archive').lower()}/{match.group('oldnum')}", version)


def parse_arxiv_id(text: str) -> ArxivId | None:
    """Parse an arXiv id in any form: bare, `arXiv:`-prefixed, or an abs/pdf/html URL.

    Also accepts the common mirrors (alphaxiv, huggingface.co/papers). Returns None when
    the text is not an arXiv id. `math.GT/0309136` canonicalises to `math/0309136`.
    """
    value = text.strip().strip("<>")
    if not value:
        return None
    bare = _BARE_RE.match(value)
    if bare:
        return _from_match(bare)
    if "://" not in value and value.lower().startswith(tuple(h + "/" for h in _ARXIV_HOSTS)):
        value = "https://" + value
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or (parts.hostname or "") not in _ARXIV_HOSTS:
        return None
    path = unquote(parts.path)
    for prefix in _ARXIV_PATH_PREFIXES:
        if path.lower().startswith(prefix):
            rest = path[len(prefix) :]
            break
    else:
        return None
    rest = rest.rstrip("/")
    if rest.lower().endswith(".pdf"):
        rest = rest[:-4]
    match = _BARE_RE.match(rest)
    return _from_match(match) if match else None


def parse_openreview_id(text: str) -> str | None:
    """The OpenReview id of a forum/pdf URL or an `openreview:ID` string, else None."""
    value = text.strip()
    if value.lower().startswith("openreview:"):
        candidate = value.split(":", 1)[1].strip()
        return candidate if _OPENREVIEW_ID.match(candidate) else None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https"):
        return None
    if (parts.hostname or "") in ("iclr.cc", "www.iclr.cc"):
        # ICLR 2020's virtual site named each poster page after its OpenReview forum.
        poster = _ICLR_POSTER.fullmatch(parts.path)
        return poster.group(1) if poster else None
    if (parts.hostname or "") not in _OPENREVIEW_HOSTS:
        return None
    if parts.path.rstrip("/") not in ("/forum", "/pdf", "/attachment"):
        return None
    ids = parse_qs(parts.query).get("id")
    if ids and _OPENREVIEW_ID.match(ids[0]):
        return ids[0]
    return None


def parse_doi(text: str) -> str | None:
    """A DOI (lower-cased, as DOIs are case-insensitive) from `10.x/y`, `doi:` or a doi.org URL."""
    value = text.strip()
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme.lower() in ("http", "https") and (parts.hostname or "") in (
        "doi.org",
        "dx.doi.org",
        "www.doi.org",
    ):
        value = unquote(parts.path.lstrip("/"))
    match = _DOI_RE.match(value)
    return match.group(1).rstrip(".,;").lower() if match else None


def find_arxiv_ids(text: str) -> list[tuple[ArxivId, int]]:
    """Every arXiv id linked or cited in free text, with its offset, in order of appearance."""
    found: list[tuple[ArxivId, int]] = []
    for match in _URL_IN_TEXT.finditer(text):
        parsed = parse_arxiv_id(match.group(0).rstrip(".,;:"))
        if parsed:
            found.append((parsed, match.start()))
    for match in _PREFIXED_IN_TEXT.finditer(text):
        found.append((_from_match(match), match.start()))
    for match in _SCHEMELESS_IN_TEXT.finditer(text):
        parsed = parse_arxiv_id("https://" + match.group(0).rstrip(".,;:"))
        if parsed:
            found.append((parsed, match.start()))
    found.sort(key=lambda item: item[1])
    return found


def find_openreview_ids(text: str) -> list[tuple[str, int]]:
    """Every OpenReview forum/pdf link in free text, with its offset."""
    found: list[tuple[str, int]] = []
    for match in _URL_IN_TEXT.finditer(text):
        parsed = parse_openreview_id(match.group(0).rstrip(".,;:"))
        if parsed:
            found.append((parsed, match.start()))
    return found


# --- titles -----------------------------------------------------------------------------

_LATEX_COMMAND = re.compile(r"\\[A-Za-z]+\*?|\\.")
_MARKUP = re.compile(r"<[^>\n]{0,200}>|[*_`~$^{}]")


_ASCII_NON_ALNUM = {c: " " for c in range(128) if not chr(c).isalnum()}


def normalize_title(title: str) -> str:
    """The matching form of a title: casefolded, markup/LaTeX/punctuation stripped, spaces collapsed.

    `L$^2$M: Mutual ...` and `L2M: mutual ...` normalise the same; "CoT" and
    "Chain-of-Thought" do not (abbreviations are not guessed).
    """
    text = unicodedata.normalize("NFKC", title)
    text = _LATEX_COMMAND.sub(" ", text)
    text = _MARKUP.sub("", text).casefold()
    if text.isascii():
        # Most titles: one C-level pass instead of a category lookup per character.
        return " ".join(text.translate(_ASCII_NON_ALNUM).split())
    out: list[str] = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat[0] in "LN":
            out.append(ch)
        elif cat[0] == "M" or cat == "Cf":  # accents; soft hyphens and zero-width spaces
            continue
        else:
            out.append(" ")
    return " ".join("".join(out).split())


#: Link texts that name a kind of link rather than a paper (`[View on arXiv](…)`, `[PDF]`,
#: `[查看论文]`), in normalize_title's form: the one list every importer and the service use.
_LINK_LABELS = frozenset({
    "arxiv", "pdf", "paper", "papers", "link", "links", "abs", "abstract", "here", "code",
    "html", "openreview", "project", "page", "website", "url", "view", "read", "preprint",
    "source", "forum", "review", "reviews", "proceedings", "anthology", "doi", "hf",
    "huggingface", "alphaxiv", "cvf", "pmlr", "full text", "view paper", "view the paper",
    "view on arxiv", "read paper", "read the paper", "arxiv link", "arxiv paper", "arxiv pdf",
    "pdf link", "paper link", "openreview link", "acl anthology", "semantic scholar",
    "hugging face", "huggingface papers", "hf papers", "project page", "source code",
    "paper page", "hf paper page", "hugging face paper page", "huggingface paper page",
    "到 huggingface 论文主页查看详情", "论文主页", "查看详情",
    "论文", "查看论文", "论文链接", "链接", "阅读原文", "原文", "論文", "論文リンク", "リンク",
    "こちら", "ここ", "논문", "링크", "원문", "논문 보기", "논문보기",
})


def is_link_label(title: str) -> bool:
    """Whether a text only names a kind of link (`[View on arXiv](…)`), not a paper."""
    if len(title) > 40:  # labels are short; most titles stop here
        return False
    return normalize_title(title) in _LINK_LABELS


def title_slug(title: str, max_len: int = 60) -> str:
    """A readable library key for a paper known only by its title."""
    words = normalize_title(title).split()
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_len:
            break
        slug = candidate
    if not slug and words:
        slug = words[0][:max_len]
    return slug or "untitled"


def openreview_key(openreview_id: str) -> str:
    return f"openreview:{openreview_id}"


def doi_key(doi: str) -> str:
    return f"doi:{doi}"


@dataclass(frozen=True)
class Target:
    """A parsed TARGET argument: exactly one of its fields is set."""

    arxiv: ArxivId | None = None
    openreview: str | None = None
    doi: str | None = None
    key: str | None = None


def parse_target(text: str) -> Target:
    """Interpret a TARGET: arXiv id in any form, OpenReview id/URL, DOI, or a library key."""
    arxiv = parse_arxiv_id(text)
    if arxiv:
        return Target(arxiv=arxiv)
    openreview = parse_openreview_id(text)
    if openreview:
        return Target(openreview=openreview)
    doi = parse_doi(text)
    if doi:
        return Target(doi=doi)
    return Target(key=text.strip())
