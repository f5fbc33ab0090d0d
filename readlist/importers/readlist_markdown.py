"""readlist's own Markdown export (`readlist export markdown`), read back with its papers
and their triage intact (abstracts and digests' summaries are not in a post).

Recognised by its document comment ``<!-- readlist-export {...} -->`` (format and version),
never by file name. The document is parsed with markdown-it tokens; each top-level task
bullet (``- [ ]`` / ``- [x]``) is a paper, with its hidden ``<!-- readlist:paper ... -->``
comment, nested ``Authors/State/Priority/Tags/Notes`` bullets and the notes read back from
the source lines (so their bytes survive; convention in readlist.export.mdtext). The
bullets are read in readlist_md_bullets; this module weighs them against their hidden copy.

The result is a backup payload (readlist.export.json_backup), restored by the service like
a JSON backup: the export never becomes a digest of its own, and the papers keep the
names of the digests they came from. The visible checkbox, rating, tags, priority, state,
notes, title and link are authoritative: when they differ from what the exporter wrote for
the hidden copy, the user edited them and the edit wins (state changes are stamped with the
import time). A task bullet without hidden data (added by hand) becomes a new paper.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any, ClassVar

from readlist.export.json_backup import BACKUP_FORMAT, BACKUP_VERSION, BackupError, validate_backup
from readlist.export.mdtext import (
    DOC_MARKER,
    MD_FORMAT,
    MD_VERSION,
    PAPER_MARKER,
    apply_link,
    display_line,
    is_hidden,
    link_destination,
    notes_digest,
    paper_url,
    parse_authors,
    parse_hidden,
    split_trailing,
    trailing,
    visible_title,
)
from readlist.importers.base import DigestDraft, Importer, ParseError, Skipped
from readlist.importers.markdown_tools import md, parse
from readlist.importers.readlist_md_bullets import Visible, paper_bullets

if TYPE_CHECKING:
    from markdown_it.token import Token

Doc = dict[str, Any]

_SNIFF = re.compile(r"^<!-- " + re.escape(DOC_MARKER) + r" \{", re.MULTILINE)
_STATES = ("unread", "reading", "read", "skipped")
_PRIORITIES = ("high", "medium", "low", "none")


class ReadlistMarkdownImporter(Importer):
    """A document written by `readlist export markdown` (possibly edited by hand)."""

    name: ClassVar[str] = "readlist"
    description: ClassVar[str] = "readlist's own Markdown export (readlist export markdown)"

    def sniff(self, text: str) -> bool:
        return _SNIFF.search(text) is not None

    def parse(self, text: str) -> DigestDraft:
        source = parse(text)
        info = _document_info(source.tokens)
        draft = DigestDraft(family="readlist", papers=[], title=_front_matter_title(source.lines))
        entries: list[Doc] = []
        ids: set[int] = set()
        for visible in paper_bullets(source):
            entry = _entry(visible, draft)
            if entry is None:
                continue
            if entry["id"] is not None and entry["id"] in ids:
                draft.warnings.append(f"line {visible.line}: the same paper twice; kept the first")
                continue
            if entry["id"] is not None:
                ids.add(entry["id"])
            entries.append(entry)
        payload = {"format": BACKUP_FORMAT, "version": BACKUP_VERSION, "complete": False,
                   "digests": info.get("digests", []), "papers": entries}
        try:
            draft.backup = validate_backup(payload)
        except BackupError as exc:
            raise ParseError(exc.message.replace("readlist backup", "readlist Markdown export")) from None
        return draft


def _document_info(tokens: list[Token]) -> Doc:
    for token in tokens:
        if token.type == "html_block" and token.level == 0 and is_hidden(token.content, DOC_MARKER):
            try:
                info = parse_hidden(token.content, DOC_MARKER)
            except ValueError:
                raise ParseError("readlist Markdown export: its readlist-export comment is "
                                 "damaged (not valid JSON)") from None
            if not isinstance(info, dict) or info.get("format") != MD_FORMAT:
                raise ParseError("not a readlist Markdown export (unknown format marker)")
            version = info.get("version")
            if not isinstance(version, int) or version < 1:
                raise ParseError(f"readlist Markdown export: unknown version {version!r}")
            if version > MD_VERSION:
                raise ParseError(f"this Markdown export has format version {version}, newer "
                                 f"than this readlist reads ({MD_VERSION}): upgrade readlist")
            return info
    raise ParseError("not a readlist Markdown export: no <!-- readlist-export --> comment")


def _front_matter_title(lines: list[str]) -> str | None:
    if not lines or lines[0].strip() != "---":
        return None
    for line in lines[1:50]:
        if line.strip() == "---":
            break
        if line.startswith("title:"):
            value = line[6:].strip()
            try:
                return str(json.loads(value)) if value.startswith('"') else value or None
            except ValueError:
                return value
    return None


def _entry(visible: Visible, draft: DigestDraft) -> Doc | None:
    """The backup entry of one bullet: hidden data, overridden by visible edits."""
    hidden = _hidden(visible, draft)
    if hidden is None and not visible.title.strip() and not visible.href:
        draft.skipped.append(Skipped("task bullet without a title or link", visible.line))
        return None
    record: Doc = dict(hidden["record"]) if hidden else {"title": display_line(visible.title)}
    details: Doc = (dict(hidden.get("details") or {}) if hidden
                    else parse_authors(visible.labels.get("authors", "")))
    base: Doc | None = hidden.get("state") if hidden else None
    if display_line(visible.title) != visible_title(str(record.get("title", ""))):
        record["title"] = display_line(visible.title)
    if visible.href and visible.href != _expected_href(paper_url(record), visible.href):
        apply_link(record, visible.href)
    fields = _state_edits(visible, record, base or {}, hidden)
    notes = visible.notes
    if notes_digest(notes) != (hidden or {}).get("notes_sha", notes_digest("")):
        fields["notes"] = notes
    state = None if base is None and not fields else {**(base or {}), **fields, "notes": notes}
    return {"id": hidden.get("id") if hidden else None, "record": record, "details": details,
            "state": state, "edited": bool(fields)}


def _expected_href(url: str | None, href: str) -> str | None:
    """The href markdown-it reads from the link the exporter writes for `url`."""
    destination = link_destination(url)
    if destination is None or destination == href:  # the common case: nothing to normalise
        return destination
    for token in md().parseInline(f"[x]({destination})", {}):
        for child in token.children or []:
            if child.type == "link_open":
                return str(child.attrs.get("href", ""))
    return None


def _hidden(visible: Visible, draft: DigestDraft) -> Doc | None:
    if visible.hidden is None:
        return None
    try:
        hidden = parse_hidden(visible.hidden, PAPER_MARKER)
    except ValueError:
        hidden = None
    if isinstance(hidden, dict) and isinstance(hidden.get("record"), dict):
        return hidden
    draft.warnings.append(f"line {visible.line}: damaged readlist:paper comment; "
                          "imported what the bullet shows")
    return None


def _state_edits(visible: Visible, record: Doc, base: Doc, hidden: Doc | None) -> Doc:
    """State fields whose visible form differs from the hidden copy's (hand edits)."""
    fields: Doc = {}
    if visible.trailing is not None or hidden is None:
        shown = display_line(visible.trailing or "")
        if shown != trailing(record.get("venue"), base.get("rating")):
            venue, rating = split_trailing(shown)
            if venue != (display_line(record.get("venue") or "") or None):
                record["venue"] = venue
            if rating != (display_line(base.get("rating") or "") or None):
                fields["rating"], fields["rating_source"] = rating, "user"
    line_state = visible.labels.get("state", "").lower()
    state = "read" if visible.checked else (line_state if line_state in _STATES else "unread")
    if state != base.get("state", "unread"):
        fields["state"] = state
    priority = visible.labels.get("priority", "none").lower() or "none"
    if priority in _PRIORITIES and priority != base.get("priority", "none"):
        fields["priority"] = priority
    tags = [t[1:] if t.startswith("#") else t for t in visible.labels.get("tags", "").split()]
    tags = list(dict.fromkeys(t for t in tags if t))
    if tags != [display_line(t) for t in base.get("tags") or () if display_line(t)]:
        fields["tags"] = tags
    return fields
