"""Saved views (Inbox, Unread, a digest, a tag…) and the rule for narrowing filters.

A view is a query in the CLI's language plus, for digest views, the digest (and section)
whose papers it covers. The `/` filter then narrows the view's papers.
"""

from __future__ import annotations

from dataclasses import dataclass

from readlist.models import Legend
from readlist.query import Query, Term


@dataclass(frozen=True)
class View:
    """What the paper list shows before the user's own filter."""

    key: str
    label: str
    terms: tuple[Term, ...] = ()
    digest: int | None = None
    section: str | None = None
    #: Walk the papers one by one: every triage key acts and moves on (the Inbox).
    triage: bool = False

    def query(self) -> Query:
        return Query((self.terms,) if self.terms else (), str(Query((self.terms,))))

    @property
    def source(self) -> str:
        """The view as the query language writes it (shown next to the filter)."""
        return str(self.query()) if self.terms else ""


UNTRIAGED = Term("is", "untriaged")
TRIAGED = Term("is", "triaged")

ALL = View("all", "All papers")
INBOX = View("inbox", "Inbox", (UNTRIAGED,), triage=True)


def standard_views(legend: Legend) -> list[View]:
    """The fixed views of the sidebar: Inbox, reading states, priority, one per rating."""
    views = [
        INBOX,
        View("unread", "Unread", (Term("is", "unread"),)),
        View("reading", "Reading", (Term("is", "reading"),)),
        # A priority set, and not done with: a read or skipped paper has left the queue.
        View("to-read", "To read", (Term("priority", "any"), Term("is", "read", True),
                                    Term("is", "skipped", True))),
        View("read", "Read", (Term("is", "read"),)),
        ALL,
    ]
    for rating in legend.ratings:
        views.append(View(f"rating:{rating.emoji}", f"{rating.emoji} {rating.name}",
                          (Term("rating", rating.emoji),)))
    return views


def digest_view(did: int, name: str, section: str | None = None, *, triage: bool = False) -> View:
    """All papers of one digest (or of one of its sections); `triage` keeps the untriaged."""
    label = section if section is not None else name
    terms = (UNTRIAGED,) if triage else ()
    key = f"{'inbox' if triage else 'digest'}:{did}:{section or ''}"
    return View(key, label, terms, digest=did, section=section, triage=triage)


def tag_view(tag: str) -> View:
    return View(f"tag:{tag}", f"#{tag}", (Term("tag", tag),))


def triaged_in_scope(view: View, filter_query: Query) -> Query:
    """The triaged papers of a triage view's scope: what the view and the filter select
    once `is:untriaged` is left out (the Inbox: the whole library). The triage counter
    counts them as done, so it does not start again at 0 after a reload."""
    terms = (*(t for t in view.terms if t != UNTRIAGED), TRIAGED)
    groups = tuple((*terms, *group) for group in (filter_query.groups or ((),)))
    return Query(groups, " OR ".join(" ".join(str(t) for t in g) for g in groups))


def narrows(old: Query, new: Query) -> bool:
    """True when every paper matching `new` also matches `old` (so old's hits can seed new).

    Holds when neither uses OR, each of old's terms is still in new at the same place, and
    only its last term may have grown, as a plain (not negated) word or substring field.
    """
    if old.is_empty or len(old.groups) != 1 or len(new.groups) != 1:
        return False
    before, after = old.groups[0], new.groups[0]
    if len(after) < len(before):
        return False
    for i, term in enumerate(before):
        grown = after[i]
        if grown == term:
            continue
        last = i == len(before) - 1
        growable = term.field in (None, "title", "section", "venue") and not term.negated
        if not (last and growable and grown.field == term.field and not grown.negated
                and term.value.casefold() in grown.value.casefold()):
            return False
    return True
