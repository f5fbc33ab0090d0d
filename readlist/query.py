"""The query language shared by `readlist list`, `--where`, and the TUI's `/` filter.

Grammar (parsed once, here)::

    query  := group ("OR" group)*
    group  := term+                       terms in a group must all match
    term   := ["-"] (word | "phrase" | field ":" value)

Free words and quoted phrases match title, authors, abstract, summary, digest notes and
the user's notes, case-insensitively, in any script. Fields:

    is:unread|reading|read|skipped|triaged|untriaged|pending
    rating:🔴 | rating:<legend name> | rating:none | rating:any
    priority:high|medium|low|none|any
    tag:x   digest:x   section:x   family:x   venue:x   title:x
    year:2024 | year:2020..2024 | year:>=2023
    has:notes|code|arxiv|openreview|doi|abstract|summary|rating|priority|tags

`-term` negates a term. A malformed query raises UsageError with one clear line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from readlist import libindex
from readlist.errors import UsageError
from readlist.libindex import IndexTable
from readlist.models import Legend, Priority, ReadState

Doc = dict[str, Any]
#: A compiled query: row number of the listing index → matches?
Predicate = Callable[[int], bool]

FIELDS = ("is", "state", "rating", "priority", "tag", "digest", "section", "family", "venue",
          "title", "year", "has")
HAS_VALUES = ("notes", "code", "arxiv", "openreview", "doi", "abstract", "summary", "rating",
              "priority", "tags")
IS_VALUES = (*(s.value for s in ReadState), "triaged", "untriaged", "pending")

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<neg>-)?(?P<field>[A-Za-z]+):(?:"(?P<fq>[^"]*)"|'(?P<fsq>[^']*)'|(?P<fv>\S*))
      | (?P<neg2>-)?"(?P<phrase>[^"]*)"
      | (?P<neg3>-)?'(?P<sphrase>[^']*)'
      | (?P<word>\S+)
    )""",
    re.VERBOSE,
)


@dataclass(frozen=True)
class Term:
    """One condition: a free word/phrase (field None) or field:value, possibly negated."""

    field: str | None
    value: str
    negated: bool = False

    def __str__(self) -> str:
        value = f'"{self.value}"' if (" " in self.value or not self.value) else self.value
        body = value if self.field is None else f"{self.field}:{value}"
        return f"-{body}" if self.negated else body


@dataclass(frozen=True)
class Query:
    """A parsed query: OR of groups, each an AND of terms. Immutable; cheap to compare."""

    groups: tuple[tuple[Term, ...], ...] = ()
    source: str = ""

    @property
    def is_empty(self) -> bool:
        return not any(self.groups)

    @property
    def words(self) -> list[str]:
        """Casefolded free words and phrases (the full-text index is asked for these)."""
        seen: dict[str, None] = {}
        for group in self.groups:
            for term in group:
                if term.field is None:
                    seen[term.value.casefold()] = None
        return list(seen)

    def __str__(self) -> str:
        return " OR ".join(" ".join(str(t) for t in group) for group in self.groups)


def parse(text: str, legend: Legend | None = None) -> Query:
    """Parse `text` into a Query, validating every field and value against `legend`."""
    legend = legend or Legend()
    groups: list[tuple[Term, ...]] = []
    current: list[Term] = []
    pos = 0
    text = text.strip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None or match.end() == pos:
            break
        pos = match.end()
        if match.group("field") is not None:
            name = match.group("field").lower()
            value = next(
                (v for v in (match.group("fq"), match.group("fsq"), match.group("fv")) if v is not None),
                "",
            )
            current.append(_field_term(name, value, bool(match.group("neg")), legend))
        elif match.group("phrase") is not None or match.group("sphrase") is not None:
            phrase = " ".join((match.group("phrase") or match.group("sphrase") or "").split())
            if not phrase:
                raise UsageError("invalid query: empty quoted phrase")
            current.append(Term(None, phrase, bool(match.group("neg2") or match.group("neg3"))))
        else:
            word = match.group("word")
            if word == "OR":
                if not current:
                    raise UsageError("invalid query: OR needs a term on each side")
                groups.append(tuple(current))
                current = []
                continue
            if word.startswith('"') or word.startswith("'"):
                raise UsageError(f"invalid query: unclosed quote in {word!r}")
            negated = word.startswith("-") and len(word) > 1
            if negated:
                word = word[1:]
            if word == "-":
                raise UsageError("invalid query: '-' must be followed by a term")
            current.append(Term(None, word, negated))
    if current:
        groups.append(tuple(current))
    elif groups:
        raise UsageError("invalid query: OR needs a term on each side")
    return Query(tuple(groups), text)


def _field_term(name: str, value: str, negated: bool, legend: Legend) -> Term:
    if name not in FIELDS:
        raise UsageError(f"invalid query: unknown field '{name}:' (known: {', '.join(FIELDS)})")
    if name == "state":
        name = "is"
    if not value:
        raise UsageError(f"invalid query: '{name}:' needs a value")
    folded = value.casefold()
    if name == "is" and folded not in IS_VALUES:
        raise UsageError(f"invalid query: is:{value} (use one of {', '.join(IS_VALUES)})")
    if name == "has" and folded not in HAS_VALUES:
        raise UsageError(f"invalid query: has:{value} (use one of {', '.join(HAS_VALUES)})")
    if name == "priority" and folded not in (*(p.value for p in Priority), "any"):
        raise UsageError(f"invalid query: priority:{value} (use high, medium, low, none or any)")
    if name == "rating":
        if folded in ("none", "any"):
            return Term(name, folded, negated)
        rating = legend.lookup(value)
        if rating is None:
            names = ", ".join(f"{r.emoji} {r.name}" for r in legend.ratings)
            raise UsageError(f"invalid query: rating:{value} is not in the legend ({names})")
        return Term(name, rating.emoji, negated)
    if name == "year":
        _year_range(value)
        return Term(name, value, negated)
    if name in ("is", "has", "priority"):
        return Term(name, folded, negated)
    return Term(name, value, negated)


def _year_range(value: str) -> tuple[int, int]:
    try:
        if ".." in value:
            low, high = value.split("..", 1)
            return (int(low) if low else 0, int(high) if high else 9999)
        for op in (">=", "<=", ">", "<"):
            if value.startswith(op):
                year = int(value[len(op) :])
                return {
                    ">=": (year, 9999),
                    "<=": (0, year),
                    ">": (year + 1, 9999),
                    "<": (0, year - 1),
                }[op]
        year = int(value)
        return (year, year)
    except ValueError:
        raise UsageError(
            f"invalid query: year:{value} (use 2024, 2020..2024, >=2023 or <2020)"
        ) from None


@dataclass
class MatchContext:
    """What matching needs: the listing columns, each row's state, digests, text hits.

    `row_states[i]` is the state record of row i of `table` (None when the user never
    touched the paper). `text_hits` maps each casefolded free word to the papers whose
    indexed text (title, authors, abstract, summary, digest notes) contains it; None means
    "match titles and notes only" (the index was not consulted).
    """

    table: IndexTable
    row_states: list[Doc | None]
    digests: dict[int, Doc] = field(default_factory=dict)
    text_hits: dict[str, set[int]] | None = None


def compile_query(query: Query, ctx: MatchContext) -> Predicate:
    """Turn a Query into a fast predicate over row numbers of `ctx.table`."""
    if query.is_empty:
        return lambda i: True
    groups = [[(_compile_term(t, ctx), t.negated) for t in group] for group in query.groups]

    def predicate(i: int) -> bool:
        for group in groups:
            for test, negated in group:
                if test(i) == negated:
                    break
            else:
                return True
        return False

    return predicate


def _compile_term(term: Term, ctx: MatchContext) -> Predicate:
    value = term.value
    folded = value.casefold()
    cols = ctx.table.cols
    states = ctx.row_states
    name = term.field
    if name is None:
        hits = None if ctx.text_hits is None else ctx.text_hits.get(folded, set())
        pids = cols["pid"]
        titles = ctx.table.folded_titles()

        def word(i: int) -> bool:
            if hits is not None and pids[i] in hits:
                return True
            if folded in titles[i]:
                return True
            state = states[i]
            return bool(state and folded in (state.get("notes") or "").casefold())

        return word
    if name == "is" and folded == "pending":
        flags = cols["flags"]
        return lambda i: bool(flags[i] & libindex.PENDING)
    if name in ("is", "rating", "priority", "tag") or (
        name == "has" and folded in ("notes", "tags", "rating", "priority")
    ):
        return _compile_state_term(name, folded, value, states)
    if name in ("digest", "family"):
        wanted = {
            did
            for did, d in ctx.digests.items()
            if (name == "family" and d.get("family", "").casefold() == folded)
            or (
                name == "digest"
                and (
                    folded == str(did)
                    or folded in (d.get("name") or "").casefold()
                    or folded in (d.get("title") or "").casefold()
                )
            )
        }
        digests = cols["digests"]
        return lambda i: any(d in wanted for d in digests[i])
    if name == "section":
        sections = cols["sections"]
        return lambda i: any(folded in s.casefold() for s in sections[i])
    if name == "venue":
        venues = cols["venue"]
        return lambda i: folded in (venues[i] or "").casefold()
    if name == "title":
        titles = ctx.table.folded_titles()
        return lambda i: folded in titles[i]
    if name == "year":
        low, high = _year_range(value)
        dates = cols["date"]

        def year(i: int) -> bool:
            date = dates[i] or ""
            return len(date) >= 4 and date[:4].isdigit() and low <= int(date[:4]) <= high

        return year
    bit = _FLAG_OF_HAS[folded]
    flags = cols["flags"]
    return lambda i: bool(flags[i] & bit)


_FLAG_OF_HAS = {
    "code": libindex.HAS_CODE,
    "arxiv": libindex.HAS_ARXIV,
    "openreview": libindex.HAS_OPENREVIEW,
    "doi": libindex.HAS_DOI,
    "abstract": libindex.HAS_ABSTRACT,
    "summary": libindex.HAS_SUMMARY,
}


def _compile_state_term(name: str, folded: str, value: str, states: list[Doc | None]) -> Predicate:
    def get(i: int, key: str, default: Any) -> Any:
        state = states[i]
        return default if state is None else state.get(key, default)

    if name == "has":
        if folded == "notes":
            return lambda i: bool(get(i, "notes", ""))
        if folded == "tags":
            return lambda i: bool(get(i, "tags", ()))
        if folded == "rating":
            return lambda i: get(i, "rating", None) is not None
        return lambda i: get(i, "priority", "none") != "none"
    if name == "is":
        if folded == "triaged":
            return lambda i: bool(get(i, "triaged", False))
        if folded == "untriaged":
            return lambda i: not get(i, "triaged", False)
        return lambda i: get(i, "state", "unread") == folded
    if name == "rating":
        if folded == "none":
            return lambda i: get(i, "rating", None) is None
        if folded == "any":
            return lambda i: get(i, "rating", None) is not None
        return lambda i: get(i, "rating", None) == value
    if name == "priority":
        if folded == "any":
            return lambda i: get(i, "priority", "none") != "none"
        return lambda i: get(i, "priority", "none") == folded
    return lambda i: any(t.casefold() == folded for t in get(i, "tags", ()))
