"""readlist's own Markdown export (`readlist export markdown`), read back with its papers
and their triage intact (abstracts and digests' summaries are not in a post).

Recognised by its document comment ``<!-- readlist-export {...} -->`` (format and version),
never by file name. The document is parsed with markdown-it tokens; each top-level task
bullet (``- [ ]`` / ``- [x]``) is a paper, with its hidden ``<!-- readlist:paper ... -->``
comment, nested ``Authors/State/Priority/Tags/Notes`` bullets and the notes read back from
the source lines (so their bytes survive; convention in readlist.export.mdtext).

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
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from readlist.export.json_backup import BACKUP_FORMAT, BACKUP_VERSION, BackupError, validate_backup
from readlist.export.mdtext import (
    DOC_MARKER,
    MD_FORMAT,
    MD_VERSION,
    PAPER_MARKER,
    apply_link,
    canonical_notes,
    dedent_block,
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
from readlist.importers.markdown_tools import Doc as Markdown
from readlist.importers.markdown_tools import md, parse

if TYPE_CHECKING:
    from markdown_it.token import Token

Doc = dict[str, Any]

_SNIFF = re.compile(r"^<!-- " + re.escape(DOC_MARKER) + r" \{", re.MULTILINE)
_CHECKBOX = re.compile(r"^ {0,3}[-*+][ \t]+\[([ xX])\](?:[ \t]|$)")
_CHECKBOX_TEXT = re.compile(r"^\[[ xX]\][ \t]*")
_LABEL = re.compile(r"(authors|state|priority|tags|notes)[ \t]*:[ \t]*(.*)", re.I | re.S)
_NOTES_LINE = re.compile(r"^\s*[-*+][ \t]+notes[ \t]*:[ \t]?(.*)$", re.I)
_STATES = ("unread", "reading", "read", "skipped")
_PRIORITIES = ("high", "medium", "low", "none")


@dataclass
class Visible:
    """What a reader sees of one paper bullet."""

    line: int
    checked: bool
    title: str = ""
    href: str | None = None
    trailing: str | None = None
    hidden: str | None = None
    labels: dict[str, str] = field(default_factory=dict)
    notes: str = ""


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
        for visible in _paper_bullets(source):
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


def _paper_bullets(source: Markdown) -> list[Visible]:
    """Every top-level task bullet, read into a `Visible`."""
    found = []
    depth = 0
    for i, token in enumerate(source.tokens):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif token.type == "list_item_open" and token.level == 1 and depth == 1 and token.map:
            match = _CHECKBOX.match(source.lines[token.map[0]])
            if match:  # other top-level bullets (the legend, prose) are not papers
                found.append(_read_item(source, i, match.group(1) != " "))
    return found


def _item_end(tokens: list[Token], start: int) -> int:
    level = tokens[start].level
    for j in range(start + 1, len(tokens)):
        if tokens[j].type == "list_item_close" and tokens[j].level == level:
            return j
    return len(tokens)


def _read_item(source: Markdown, start: int, checked: bool) -> Visible:
    tokens = source.tokens
    item = tokens[start]
    assert item.map is not None
    visible = Visible(line=item.map[0] + 1, checked=checked)
    end = _item_end(tokens, start)
    first_inline = True
    for j in range(start + 1, end):
        token = tokens[j]
        if token.type == "inline" and token.level == 3 and first_inline:
            first_inline = False
            _read_title(source.inline_tokens(token.content), visible)
        elif token.type == "html_block" and token.level == 2 and is_hidden(token.content, PAPER_MARKER):
            visible.hidden = visible.hidden or token.content
        elif token.type == "list_item_open" and token.level == 3 and token.map:
            _read_label(source, j, visible)
    return visible


def _plain(tokens: list[Token]) -> str:
    parts = []
    for token in tokens:
        if token.type in ("text", "text_special", "code_inline"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)


def _read_title(children: list[Token], visible: Visible) -> None:
    rest = list(children)
    if rest and rest[0].type == "text" and _CHECKBOX_TEXT.match(rest[0].content):
        from markdown_it.token import Token

        head = Token("text", "", 0, content=_CHECKBOX_TEXT.sub("", rest[0].content, count=1))
        rest = [head, *rest[1:]] if head.content else rest[1:]
    elif rest and rest[0].type == "link_open":  # `[x]` taken for a reference link
        close = next(k for k, t in enumerate(rest) if t.type == "link_close")
        rest = rest[close + 1:]
    while rest and rest[0].type == "text" and not rest[0].content.strip():
        rest = rest[1:]
    if rest and rest[0].type in ("link_open", "strong_open"):
        close_type = rest[0].type.replace("_open", "_close")
        close = next((k for k, t in enumerate(rest) if t.type == close_type), len(rest))
        if rest[0].type == "link_open":
            visible.href = str(rest[0].attrs.get("href", "")) or None
        visible.title = _plain(rest[1:close])
        visible.trailing = _plain(rest[close + 1:])
    else:
        visible.title = _plain(rest)


def _read_label(source: Markdown, start: int, visible: Visible) -> None:
    item, lines = source.tokens[start], source.lines
    assert item.map is not None
    inline = next((t for t in source.tokens[start + 1:start + 4] if t.type == "inline"), None)
    match = _LABEL.match(_plain(source.inline_tokens(inline.content)) if inline else "")
    if match is None:
        return
    label = match.group(1).lower()
    if label != "notes":
        visible.labels.setdefault(label, match.group(2).strip())
        return
    region = lines[item.map[0] + 1:item.map[1]]
    if region and not region[0].strip():
        region = region[1:]
    same_line = _NOTES_LINE.match(lines[item.map[0]])
    first = [same_line.group(1)] if same_line and same_line.group(1).strip() else []
    visible.notes = canonical_notes("\n".join([*first, dedent_block(region)]))


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
