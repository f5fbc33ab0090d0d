"""`readlist export markdown`: a shareable post that imports back with every paper (ids,
links, authors, digests and sections) and the user's triage (read state, rating, priority,
tags, notes) intact. Abstracts and the digests' summaries stay out of a post: `export json`
is the complete backup.

The document follows the annotated conference post (seed 000)::

    ---
    title: "ICLR 2024 picks"          # optional front matter (title, date, tags)
    date: 2024-01-25                  # the newest triage (else digest date) of the papers
    tags: ["llm"]
    ---

    <!-- readlist-export {"digests":[...],"format":"readlist-markdown","version":1} -->

    ## Legend

    - 🔴: personal interest
    ...

    ## Section                         # one heading per group (--group-by)

    ### Subsection

    - [ ] [Title](https://openreview.net/forum?id=...) (spotlight) 🔴
      <!-- readlist:paper {"details":{...},"id":7,"record":{...},"state":{...}} -->
      - Authors: Ashish Vaswani, Noam Shazeer, Niki Parmar et al.
      - State: reading                 # only for reading / skipped ([x] means read)
      - Priority: high
      - Tags: #nlp #to-read
      - From iclr2024:                 # --with-summaries: each digest's blurb

        the digest's text, indented
      - Notes:

        the user's notes, Markdown, byte for byte, indented

What is visible is what a reader needs; what it cannot show (every id and link, the full
author list, provenance, timestamps, the exact title) rides in one HTML comment per paper
and one for the document, invisible on GitHub and in Jekyll (encoding: readlist.export.mdtext).
Bulky texts (abstracts, summaries, the digests' notes) stay out of the hidden data: the JSON
backup carries those (`--with-summaries` texts are for readers; the importer skips them).
Import times (`added`, a digest's `imported_at`) are not carried: an import stamps its own.
On import (readlist.importers.readlist_markdown) the visible checkbox,
rating, tags, priority, state, notes, title and link win over the hidden copy when the
user edited them, so a hand-edited list imports as edited.

Output is deterministic: the same records give the same bytes (see readlist.export.grouping
for the order). A document containing `{{` or `{%` (Liquid) is wrapped in
``<!-- {% raw %} -->`` … ``<!-- {% endraw %} -->`` so Jekyll shows it as written.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from readlist.export.grouping import Group, group_papers
from readlist.export.mdtext import (
    DOC_MARKER,
    LABEL_AUTHORS,
    LABEL_FROM,
    LABEL_NOTES,
    LABEL_PRIORITY,
    LABEL_STATE,
    LABEL_SUMMARY,
    LABEL_TAGS,
    MD_FORMAT,
    MD_VERSION,
    PAPER_MARKER,
    block_start,
    canonical_notes,
    display_line,
    escape_inline,
    heading,
    hidden_comment,
    indent_block,
    inline,
    link_destination,
    notes_digest,
    paper_url,
    short_authors,
    trailing,
    visible_title,
)
from readlist.export.snapshot import PaperRecord, Snapshot
from readlist.models import Legend

Doc = dict[str, Any]

DEFAULT_TITLE = "Reading list"
#: Record fields left out of the hidden data: derived, or import times of this library.
_RECORD_SKIP = ("title_norm", "added", "has_abstract", "has_summary")
#: Details carried in the hidden data (small ones; abstracts and notes stay out).
HIDDEN_DETAILS = ("authors", "authors_complete", "categories", "comment", "journal_ref",
                  "published", "updated")
#: Front-matter tags: the most used tags among the exported papers.
FRONT_MATTER_TAGS = 10
_YAML_ESCAPES = {c: f"\\u{c:04x}" for c in (0x7F, 0x2028, 0x2029, 0xFEFF, *range(0x80, 0xA0))}


def export_markdown(
    snapshot: Snapshot,
    *,
    legend: Legend,
    group_by: str = "section",
    title: str | None = None,
    with_summaries: bool = False,
    front_matter: bool = True,
) -> str:
    """The Markdown document of `snapshot` (see the module docstring)."""
    body = [hidden_comment(DOC_MARKER, document_data(snapshot)), "", *legend_lines(legend)]
    groups = group_papers(snapshot, group_by, legend)
    for group in groups:
        body.extend(group_lines(group, snapshot, with_summaries))
    if not groups:
        body.extend(["", "_No papers._"])
    text = "\n".join(body)
    if "{{" in text or "{%" in text:
        body = ["<!-- {% raw %} -->", "", *body, "", "<!-- {% endraw %} -->"]
    head = (front_matter_lines(snapshot, title or DEFAULT_TITLE) if front_matter
            else [f"# {heading(title or DEFAULT_TITLE)}", ""])
    return "\n".join([*head, *body]).rstrip("\n") + "\n"


def document_data(snapshot: Snapshot) -> Doc:
    """The document comment: format, version and the records of the digests used."""
    digests = [
        {"id": did, "record": {k: v for k, v in snapshot.digests[did].items() if k != "imported_at"}}
        for did in snapshot.used_digests()
    ]
    return {"format": MD_FORMAT, "version": MD_VERSION, "digests": digests}


def front_matter_lines(snapshot: Snapshot, title: str) -> list[str]:
    lines = ["---", f"title: {_yaml_string(title)}"]
    # The newest triage among the papers, else the newest digest: both travel with the
    # document, so a re-export after an import keeps the same date.
    stamps = [str(rec.state.get("updated") or "")[:10] for rec in snapshot.papers
              if rec.state and rec.state.get("triaged")]
    if not any(stamps):
        stamps = [str(snapshot.digests[did].get("date") or "")[:10]
                  for did in snapshot.used_digests()]
    newest = max((s for s in stamps if len(s) == 10), default=None)
    if newest:
        lines.append(f"date: {newest}")
    counts: Counter[str] = Counter(
        tag for rec in snapshot.papers for tag in (rec.state or {}).get("tags") or ()
    )
    top = sorted(counts, key=lambda t: (-counts[t], t))[:FRONT_MATTER_TAGS]
    if top:
        lines.append("tags: [" + ", ".join(_yaml_string(t) for t in top) + "]")
    return [*lines, "---", ""]


def _yaml_string(text: str) -> str:
    """A YAML double-quoted scalar (JSON's escapes are a subset of YAML's)."""
    return json.dumps(text, ensure_ascii=False).translate(_YAML_ESCAPES)


def legend_lines(legend: Legend) -> list[str]:
    lines = ["## Legend", ""]
    for rating in legend.ratings:
        lines.append(f"- {block_start(rating.emoji)}: {inline(rating.meaning)}")
    lines.append("- `[x]`: read; `#tag`: the reader's tags")
    return lines


def group_lines(group: Group, snapshot: Snapshot, with_summaries: bool) -> list[str]:
    lines = ["", f"## {heading(group.heading)}"]
    for subheading, papers in group.parts:
        if subheading is not None:
            lines.extend(["", f"### {heading(subheading)}"])
        lines.append("")
        for rec in papers:
            lines.extend(paper_lines(rec, snapshot, with_summaries))
    return lines


def title_markdown(rec: PaperRecord) -> str:
    """The linked title (bold when the paper has no http(s) link)."""
    title = escape_inline(visible_title(str(rec.doc.get("title", ""))))
    destination = link_destination(paper_url(rec.doc))
    if destination:
        return f"[{title}]({destination})"
    # `**` next to whitespace (a no-break space included) does not open or close emphasis:
    # write edge whitespace as character references so the bold, and the title, survive.
    core = title.strip()
    start = len(title) - len(title.lstrip())
    lead = "".join(f"&#{ord(c)};" for c in title[:start])
    trail = "".join(f"&#{ord(c)};" for c in title[start + len(core):])
    return f"**{lead}{core}{trail}**"



def paper_lines(rec: PaperRecord, snapshot: Snapshot, with_summaries: bool) -> list[str]:
    """One paper: the task bullet, its hidden data, then the nested bullets."""
    state = rec.state or {}
    box = "x" if state.get("state") == "read" else " "
    tail = trailing(rec.doc.get("venue"), state.get("rating"), inline)
    lines = [f"- [{box}] {title_markdown(rec)}" + (f" {tail}" if tail else "")]
    lines.append("  " + hidden_comment(PAPER_MARKER, hidden_paper(rec)))
    authors = short_authors(list(rec.details.get("authors") or []),
                            bool(rec.details.get("authors_complete", True)))
    if authors:
        lines.append(f"  - {LABEL_AUTHORS}: {escape_inline(authors)}")
    if state.get("state") in ("reading", "skipped"):
        lines.append(f"  - {LABEL_STATE}: {state['state']}")
    if state.get("priority", "none") != "none":
        lines.append(f"  - {LABEL_PRIORITY}: {state['priority']}")
    tags = [inline(t) for t in state.get("tags") or () if display_line(t)]
    if tags:
        lines.append(f"  - {LABEL_TAGS}: " + " ".join(f"#{t}" for t in tags))
    if with_summaries:
        for label, text in digest_texts(rec, snapshot):
            lines.extend([f"  - {label}:", "", *indent_block(text)])
    notes = canonical_notes(state.get("notes"))
    if notes:
        lines.extend([f"  - {LABEL_NOTES}:", "", *indent_block(notes.rstrip("\n"))])
    return lines


def hidden_paper(rec: PaperRecord) -> Doc:
    """What the visible bullet cannot show, for the importer."""
    hidden: Doc = {
        "id": rec.pid,
        "record": {k: v for k, v in rec.doc.items() if k not in _RECORD_SKIP},
        "details": {k: rec.details[k] for k in HIDDEN_DETAILS if k in rec.details},
        "state": None if rec.state is None else {k: v for k, v in rec.state.items() if k != "notes"},
    }
    if canonical_notes((rec.state or {}).get("notes")):
        hidden["notes_sha"] = notes_digest((rec.state or {}).get("notes"))
    return hidden


def digest_texts(rec: PaperRecord, snapshot: Snapshot) -> list[tuple[str, str]]:
    """(label, Markdown) per digest of the paper: its blurb, else summary, else notes;
    the paper's own summary when no digest has a text. Not read back on import."""
    notes = rec.details.get("notes") or {}
    found = []
    for did in rec.doc.get("digests") or []:
        text = notes.get(str(did)) or {}
        body = next((text[k] for k in ("blurb", "summary", "notes") if text.get(k)), None)
        body = canonical_notes(body) if isinstance(body, str) else ""
        if body:
            found.append((f"{LABEL_FROM} {inline(snapshot.digest_name(did))}", body.rstrip("\n")))
    summary = rec.details.get("summary")
    if not found and isinstance(summary, str) and canonical_notes(summary):
        found.append((LABEL_SUMMARY, canonical_notes(summary).rstrip("\n")))
    return found
