"""Evaluating a parsed query (readlist.query) over the listing index and the user's states.

Evaluation works on row numbers of the listing index (readlist.libindex) and narrows a
list of surviving rows term by term: each term is one list comprehension specialised for
its field, so Python never calls a function per paper per term. At 100,000 papers a field
query takes a few milliseconds per term; terms after the first only look at survivors.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from readlist import libindex
from readlist.libindex import IndexTable
from readlist.query import Query, Term, year_range

Doc = dict[str, Any]
Rows = list[int]
#: A compiled term: surviving rows in, matching rows out (order kept).
Step = Callable[[Rows], Rows]


@dataclass
class MatchContext:
    """What matching needs: the listing columns, each row's state, digests, text hits.

    `row_states[i]` is the state record of row i of `table` (an empty dict when the user
    never touched the paper: every field then has its default). `text_hits` maps each
    casefolded free word to the papers whose
    indexed text (title, authors, abstract, summary, digest notes) contains it; None means
    "match titles and notes only" (the index was not consulted).
    """

    table: IndexTable
    #: The row states, or a function loading them (only queries on state call it).
    row_states: list[Doc] | Callable[[], list[Doc]]
    #: Digest records by id, or a function loading them (only digest:/family: call it).
    digests: dict[int, Doc] | Callable[[], dict[int, Doc]] = field(default_factory=dict)
    text_hits: dict[str, set[int]] | None = None
    #: Each row's indexed text (casefolded UTF-8), when held in memory (the TUI): free
    #: words are matched against it directly instead of through `text_hits`.
    row_texts: list[bytes] | None = None
    #: Row → casefolded notes of the rows with notes, or a function loading them
    #: (None: derived from the row states).
    row_notes: dict[int, str] | Callable[[], dict[int, str]] | None = None

    def states(self) -> list[Doc]:
        if callable(self.row_states):
            self.row_states = self.row_states()
        return self.row_states

    def notes(self) -> dict[int, str]:
        if self.row_notes is None:
            self.row_notes = notes_by_row(self.states())
        elif callable(self.row_notes):
            self.row_notes = self.row_notes()
        return self.row_notes

    def digest_docs(self) -> dict[int, Doc]:
        if callable(self.digests):
            self.digests = self.digests()
        return self.digests


def notes_by_row(row_states: list[Doc]) -> dict[int, str]:
    """Row → casefolded notes, for the rows whose paper has notes."""
    return {i: notes.casefold() for i, state in enumerate(row_states)
            if (notes := state.get("notes"))}


def select(query: Query, ctx: MatchContext, rows: Sequence[int] | None = None) -> Rows:
    """The rows (of `rows`, default all, in their order) whose paper matches `query`."""
    universe = list(range(len(ctx.table))) if rows is None else list(rows)
    if query.is_empty:
        return universe
    if len(query.groups) == 1:
        return _select_group(query.groups[0], ctx, universe)
    matched: set[int] = set()
    for group in query.groups:
        matched.update(_select_group(group, ctx, universe))
    return [i for i in universe if i in matched]


def _cost(term: Term) -> int:
    """Evaluate selective terms first: later terms only look at what survives them."""
    value = term.value.casefold()
    if term.field is None:
        rank = 3  # a full-text word: the index has been asked already, but it is the widest
    elif (term.field, value) in (("is", "unread"), ("is", "untriaged"), ("rating", "none"),
                                 ("priority", "none")):
        rank = 2  # matches every paper the user never touched
    else:
        rank = 0
    return rank + term.negated


def _select_group(group: Sequence[Term], ctx: MatchContext, universe: Rows) -> Rows:
    survivors = universe
    for term in sorted(group, key=_cost):
        if not survivors:
            break
        matched = _step(term, ctx)(survivors)
        if term.negated:
            hit = set(matched)
            survivors = [i for i in survivors if i not in hit]
        else:
            survivors = matched
    return survivors


def _step(term: Term, ctx: MatchContext) -> Step:
    name, value = term.field, term.value
    folded = value.casefold()
    cols = ctx.table.cols
    if name is None:
        return _word_step(folded, ctx)
    if name in ("digest", "family"):
        wanted = _digests_named(name, folded, ctx.digest_docs())
        digests = cols["digests"]
        return lambda rows: [i for i in rows if any(d in wanted for d in digests[i])]
    if name in ("section", "venue", "title", "year") or (
        name == "has" and folded in _FLAG_OF_HAS
    ) or (name == "is" and folded == "pending"):
        return _column_step(name, folded, value, ctx)
    st = ctx.states()
    if name == "is":
        return _is_step(folded, st)
    if name == "rating":
        if folded == "none":
            return lambda rows: [i for i in rows if st[i].get("rating") is None]
        if folded == "any":
            return lambda rows: [i for i in rows if st[i].get("rating") is not None]
        return lambda rows: [i for i in rows if st[i].get("rating") == value]
    if name == "priority":
        if folded == "any":
            return lambda rows: [i for i in rows if st[i].get("priority", "none") != "none"]
        if folded == "none":
            return lambda rows: [i for i in rows if st[i].get("priority", "none") == "none"]
        return lambda rows: [i for i in rows if st[i].get("priority") == folded]
    if name == "tag":
        return lambda rows: [
            i for i in rows
            if (tags := st[i].get("tags")) and any(t.casefold() == folded for t in tags)
        ]
    return _has_step(folded, st)


def _column_step(name: str, folded: str, value: str, ctx: MatchContext) -> Step:
    """Terms answered by the listing columns alone (no user state needed)."""
    cols = ctx.table.cols
    if name == "is":  # is:pending
        flags = cols["flags"]
        return lambda rows: [i for i in rows if flags[i] & libindex.PENDING]
    if name == "has":
        bit = _FLAG_OF_HAS[folded]
        flags = cols["flags"]
        return lambda rows: [i for i in rows if flags[i] & bit]
    if name == "section":
        sections = cols["sections"]
        return lambda rows: [i for i in rows if sections[i] and folded in sections[i].casefold()]
    if name == "venue":
        venues = cols["venue"]
        return lambda rows: [i for i in rows if venues[i] and folded in venues[i].casefold()]
    if name == "title":
        titles = ctx.table.folded_titles()
        return lambda rows: [i for i in rows if folded in titles[i]]
    low, high = year_range(value)
    dates = cols["date"]
    return lambda rows: [
        i for i in rows
        if dates[i] and dates[i][:4].isdigit() and low <= int(dates[i][:4]) <= high
    ]


def _word_step(folded: str, ctx: MatchContext) -> Step:
    """A free word: the paper's indexed text (or only its title), or the user's notes."""
    noted = {i for i, notes in ctx.notes().items() if folded in notes}
    titles = ctx.table.folded_titles()
    texts = ctx.row_texts
    if texts is not None:
        encoded = folded.encode("utf-8")
        if noted:
            return lambda rows: [i for i in rows if encoded in texts[i] or i in noted
                                 or folded in titles[i]]
        return lambda rows: [i for i in rows if encoded in texts[i] or folded in titles[i]]
    if ctx.text_hits is None:
        if noted:
            return lambda rows: [i for i in rows if folded in titles[i] or i in noted]
        return lambda rows: [i for i in rows if folded in titles[i]]
    hits = ctx.text_hits.get(folded, set())
    pids = ctx.table.cols["pid"]
    return lambda rows: [i for i in rows if pids[i] in hits or folded in titles[i]
                         or i in noted]


def _is_step(folded: str, st: list[Doc]) -> Step:
    if folded == "triaged":
        return lambda rows: [i for i in rows if st[i].get("triaged")]
    if folded == "untriaged":
        return lambda rows: [i for i in rows if not st[i].get("triaged")]
    if folded == "unread":
        return lambda rows: [i for i in rows if st[i].get("state", "unread") == "unread"]
    return lambda rows: [i for i in rows if st[i].get("state") == folded]


_FLAG_OF_HAS = {
    "code": libindex.HAS_CODE,
    "arxiv": libindex.HAS_ARXIV,
    "openreview": libindex.HAS_OPENREVIEW,
    "doi": libindex.HAS_DOI,
    "abstract": libindex.HAS_ABSTRACT,
    "summary": libindex.HAS_SUMMARY,
}


def _has_step(folded: str, st: list[Doc]) -> Step:
    key, empty = {"notes": ("notes", ""), "tags": ("tags", ()), "rating": ("rating", None),
                  "priority": ("priority", "none")}[folded]
    return lambda rows: [
        i for i in rows if st[i].get(key, empty) not in (None, "", (), [], "none")
    ]


def _digests_named(name: str, folded: str, digests: dict[int, Doc]) -> set[int]:
    if name == "family":
        return {did for did, d in digests.items() if d.get("family", "").casefold() == folded}
    if folded.startswith("#") and folded[1:].isdigit():
        return {int(folded[1:])} & set(digests)  # digest:#ID names exactly one digest
    return {
        did for did, d in digests.items()
        if folded == str(did)
        or folded in (d.get("name") or "").casefold()
        or folded in (d.get("title") or "").casefold()
    }
