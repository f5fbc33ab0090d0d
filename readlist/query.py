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
    tag:x   digest:x (name/title contains x; digest:#ID is exactly one digest)
    section:x   family:x   venue:x   title:x
    year:2024 | year:2020..2024 | year:>=2023
    has:notes|code|arxiv|openreview|doi|abstract|summary|rating|priority|tags

`-term` negates a term. A malformed query raises UsageError with one clear line.
Evaluation lives in readlist.query_eval.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from readlist.errors import UsageError
from readlist.models import Legend, Priority, ReadState

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
        year_range(value)
        return Term(name, value, negated)
    if name in ("is", "has", "priority"):
        return Term(name, folded, negated)
    return Term(name, value, negated)


def year_range(value: str) -> tuple[int, int]:
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
