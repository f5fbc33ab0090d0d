"""The importer registry: every digest family, in detection order, in one place.

Importers load lazily (a command that imports nothing never pays for markdown-it or
feedparser). Third-party importers can register through the `readlist.importers` entry
point group; one that fails to load is reported and skipped.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from readlist.errors import UsageError
from readlist.importers.base import DigestDraft, Importer, PaperDraft, ParseError, Skipped

__all__ = [
    "REGISTRY",
    "DigestDraft",
    "Importer",
    "PaperDraft",
    "ParseError",
    "Skipped",
    "detect",
    "get_importer",
    "known_formats",
]


@dataclass(frozen=True)
class Entry:
    name: str
    module: str
    cls: str
    description: str


# Detection order matters: specific families first, the generic link importer last. A feed
# is known by its XML root element, the surest sign, so it goes before the Markdown families
# (a review may quote a Markdown table or list); LLM notes go before the daily arXiv list
# (a note may hold a references table).
REGISTRY: tuple[Entry, ...] = (
    Entry("readlist-json", "readlist.importers.readlist_json", "ReadlistJsonImporter",
          "readlist's own JSON backup (readlist export json)"),
    Entry("readlist", "readlist.importers.readlist_markdown", "ReadlistMarkdownImporter",
          "readlist's own Markdown export (readlist export markdown)"),
    Entry("rss", "readlist.importers.rss_reviews", "RssReviewsImporter",
          "RSS/Atom feed of paper reviews, one paper per item"),
    Entry("paper-notes", "readlist.importers.paper_notes", "PaperNotesImporter",
          "LLM-written paper notes: '# Title', [View Paper](arXiv link), numbered sections"),
    Entry("post", "readlist.importers.conference_post", "ConferencePostImporter",
          "annotated conference post: Jekyll Markdown with emoji-rated paper bullets"),
    Entry("arxiv-daily", "readlist.importers.arxiv_daily", "ArxivDailyImporter",
          "daily arXiv list: Markdown tables per category plus abstracts"),
    Entry("hf-daily", "readlist.importers.hf_daily", "HfDailyImporter",
          "HuggingFace Daily Papers digest: '### [Title](arXiv)', votes, authors, bullets"),
    Entry("generic", "readlist.importers.generic", "GenericImporter",
          "any Markdown/HTML/text file: every distinct arXiv or OpenReview link"),
)

_cache: dict[str, Importer] = {}
_plugin_errors: list[str] = []


def _load(entry: Entry) -> Importer:
    importer = _cache.get(entry.name)
    if importer is None:
        module = importlib.import_module(entry.module)
        importer = getattr(module, entry.cls)()
        _cache[entry.name] = importer
    return importer


def _plugins() -> list[Importer]:
    """Importers registered by other packages (entry point group `readlist.importers`)."""
    from importlib.metadata import entry_points

    found: list[Importer] = []
    for ep in entry_points(group="readlist.importers"):
        if ep.name in _cache:
            found.append(_cache[ep.name])
            continue
        try:
            cls = ep.load()
            importer = cls()
            if not isinstance(importer, Importer):
                raise TypeError("not an Importer subclass")
        except Exception as exc:  # a broken plugin must not break readlist
            message = f"importer plugin {ep.name!r} failed to load: {exc}"
            if message not in _plugin_errors:
                _plugin_errors.append(message)
            continue
        _cache[ep.name] = importer
        found.append(importer)
    return found


def plugin_errors() -> list[str]:
    """Messages about plugins that failed to load (shown once by the front ends)."""
    return list(_plugin_errors)


def known_formats() -> list[tuple[str, str]]:
    """(name, description) of every importer, built-in first."""
    names = [(e.name, e.description) for e in REGISTRY]
    names.extend((p.name, p.description) for p in _plugins() if p.name not in dict(names))
    return names


def get_importer(name: str) -> Importer:
    """The importer called `name`; UsageError listing the known formats otherwise."""
    for entry in REGISTRY:
        if entry.name == name:
            return _load(entry)
    for plugin in _plugins():
        if plugin.name == name:
            return plugin
    known = ", ".join(n for n, _ in known_formats())
    raise UsageError(f"unknown format {name!r}; known formats: {known}")


def detect(text: str) -> Importer:
    """The first importer whose sniff() accepts `text` (the generic importer accepts links)."""
    generic = None
    for entry in REGISTRY:
        importer = _load(entry)
        if entry.name == "generic":
            generic = importer
            continue
        if importer.sniff(text):
            return importer
    for plugin in _plugins():
        if plugin.sniff(text):
            return plugin
    if generic is not None and generic.sniff(text):
        return generic
    raise ParseError("not a digest readlist knows: no known format and no arXiv/OpenReview links")
