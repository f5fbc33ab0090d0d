"""Triage: the user's state per paper (read state, priority, rating, tags, notes), undo.

Every action is a field-level change applied under the library lock to the freshest
state on disk, so the CLI and the TUI can triage at the same time without losing anything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from readlist.errors import UsageError
from readlist.models import Priority, ReadState
from readlist.service.base import LibraryBase
from readlist.service.records import default_state, now_iso

Doc = dict[str, Any]


@dataclass
class Change:
    """What one triage action changed: per paper, the previous value of each field touched.

    Returned by every triage method; `Library.undo(change)` puts those values back.
    """

    description: str
    before: dict[int, Doc] = field(default_factory=dict)
    #: The values the action wrote, per paper, for the same fields as `before`.
    after: dict[int, Doc] = field(default_factory=dict)
    #: Papers whose state record did not exist before (undo removes it again).
    created: set[int] = field(default_factory=set)

    @property
    def count(self) -> int:
        return len(self.before)


Mutator = Callable[[Doc], None]


# -- how each action changes a state record -------------------------------------------------
# Shared by the Library methods below and the TUI, which shows the same change at once
# while the Library saves it.

def set_read_state(value: str) -> Mutator:
    def mutate(doc: Doc) -> None:
        doc["state"] = value

    return mutate


def set_rating(emoji: str | None) -> Mutator:
    """The user's own rating (None clears it); it always beats a digest's rating."""

    def mutate(doc: Doc) -> None:
        if doc.get("rating") != emoji or doc.get("rating_source") != "user":
            doc["rating"] = emoji
            doc["rating_source"] = "user"

    return mutate


def set_priority_level(value: str) -> Mutator:
    def mutate(doc: Doc) -> None:
        doc["priority"] = value

    return mutate


def step_priority(doc: Doc) -> None:
    """none → high → medium → low → none, from the state as it is (on disk, under the lock)."""
    doc["priority"] = Priority(doc.get("priority", "none")).next().value


def change_tags(add: Sequence[str] = (), remove: Sequence[str] = ()) -> Mutator:
    """Remove `remove`, then append the tags of `add` not there yet (order kept)."""

    def mutate(doc: Doc) -> None:
        tags = [t for t in doc.get("tags", []) if t not in remove]
        doc["tags"] = tags + [t for t in dict.fromkeys(add) if t not in tags]

    return mutate


def note_body(text: str) -> str:
    """Notes as stored: trailing whitespace dropped, one final newline; blank means none."""
    return text.rstrip() + "\n" if text.strip() else ""


def set_notes(text: str) -> Mutator:
    body = note_body(text)

    def mutate(doc: Doc) -> None:
        doc["notes"] = body

    return mutate


class Triage(LibraryBase):
    """The triage half of `Library`."""

    def update_states(
        self, pids: Iterable[int], mutate: Callable[[Doc], None], description: str
    ) -> Change:
        """Apply `mutate` to each paper's state under the lock; only real changes count."""
        change = Change(description)
        wanted = list(dict.fromkeys(pids))
        with self.store.transaction() as tx:
            now = now_iso()
            for pid in wanted:
                if not tx.exists(pid):
                    continue  # removed by another process meanwhile
                old = tx.state(pid)
                doc = dict(old) if old is not None else default_state(now)
                doc["tags"] = list(doc.get("tags", []))
                before = dict(doc)
                mutate(doc)
                touched = {k: before.get(k) for k in doc if doc.get(k) != before.get(k)}
                if not touched:
                    continue
                touched.setdefault("updated", before.get("updated"))
                touched.setdefault("triaged", before.get("triaged", False))
                doc["updated"] = now
                doc["triaged"] = True
                change.before[pid] = touched
                change.after[pid] = {k: doc.get(k) for k in touched}
                if old is None:
                    change.created.add(pid)
                tx.put_state(pid, doc)
        return change

    def mark(self, pids: Iterable[int], state: ReadState | str) -> Change:
        value = _enum(ReadState, state, "state").value
        return self.update_states(pids, set_read_state(value), f"mark {value}")

    def rate(self, pids: Iterable[int], rating: str | None) -> Change:
        """Set the rating (emoji, legend name, alias, 1-based number) or clear it (None/'none')."""
        emoji = self.rating_emoji(rating)
        return self.update_states(pids, set_rating(emoji), f"rate {emoji or 'none'}")

    def rating_emoji(self, rating: str | None) -> str | None:
        if rating is None or rating.strip().casefold() in ("none", "clear", "0", ""):
            return None
        found = self.legend.lookup(rating)
        if found is None:
            names = ", ".join(f"{r.emoji} {r.name}" for r in self.legend.ratings)
            raise UsageError(f"unknown rating {rating!r}; the legend has: {names}, none")
        return found.emoji

    def set_priority(self, pids: Iterable[int], priority: Priority | str) -> Change:
        value = _enum(Priority, priority, "priority").value
        return self.update_states(pids, set_priority_level(value), f"priority {value}")

    def cycle_priority(self, pids: Iterable[int]) -> Change:
        """Each paper's next priority after its saved one (another process may have set it
        since a front end last looked)."""
        return self.update_states(pids, step_priority, "priority")

    @staticmethod
    def check_tags(tags: Sequence[str]) -> list[str]:
        """Tags as stored (a leading # dropped); UsageError for a tag with spaces/controls."""
        return [_check_tag(t) for t in tags]

    def tag(self, pids: Iterable[int], tags: Sequence[str]) -> Change:
        clean = self.check_tags(tags)
        return self.update_states(pids, change_tags(add=clean), f"tag {' '.join(clean)}")

    def untag(self, pids: Iterable[int], tags: Sequence[str]) -> Change:
        clean = sorted(set(self.check_tags(tags)))
        return self.update_states(pids, change_tags(remove=clean), f"untag {' '.join(clean)}")

    def retag(self, pids: Iterable[int], add: Sequence[str], remove: Sequence[str]) -> Change:
        """Add and remove tags in one change (the TUI's tag dialog)."""
        added, removed = self.check_tags(add), sorted(set(self.check_tags(remove)))
        words = [f"+{t}" for t in added] + [f"-{t}" for t in removed]
        return self.update_states(pids, change_tags(add=added, remove=removed),
                                  "tag " + " ".join(words))

    def set_note(self, pid: int, text: str) -> Change:
        return self.update_states([pid], set_notes(text), "note")

    def undo(self, change: Change) -> Change:
        """Take back what `change` did, and only that.

        A field someone changed since (the CLI in another terminal, say) keeps their value:
        undo never overwrites a later change. Tags are undone as the tags the change added
        or removed. The bookkeeping (`updated`, `triaged`) goes back only when the paper is
        exactly as the change left it; otherwise the undo is itself a fresh edit.
        """
        redo = Change(f"undo {change.description}")
        with self.store.transaction() as tx:
            now = now_iso()
            for pid, fields in change.before.items():
                current = tx.state(pid)
                if current is None or not tx.exists(pid):
                    continue
                wrote = change.after.get(pid, {})
                restored = dict(current)
                untouched = all(current.get(k) == v for k, v in wrote.items())
                for key, old in fields.items():
                    if key in ("updated", "triaged"):
                        continue
                    if key == "tags":
                        restored["tags"] = _undo_tags(current.get("tags") or [], old or [],
                                                      wrote.get("tags") or [])
                    elif key not in wrote or current.get(key) == wrote[key]:
                        restored[key] = old
                if untouched:
                    restored["updated"] = fields.get("updated", current.get("updated"))
                    restored["triaged"] = fields.get("triaged", current.get("triaged"))
                elif restored != current:
                    restored["updated"] = now
                if restored == current:
                    continue
                keys = [k for k in restored if restored.get(k) != current.get(k)]
                redo.before[pid] = {k: current.get(k) for k in keys}
                redo.after[pid] = {k: restored.get(k) for k in keys}
                if pid in change.created and untouched and _is_default(restored):
                    tx.put_state(pid, None)
                    continue
                tx.put_state(pid, restored)
        return redo

    def remove(self, pids: Iterable[int]) -> int:
        """Delete papers (records, state, notes, provenance). Returns how many were removed."""
        count = 0
        with self.store.transaction() as tx:
            for pid in dict.fromkeys(pids):
                if tx.exists(pid):
                    tx.delete_paper(pid)
                    count += 1
        return count


def _undo_tags(current: list[str], before: list[str], after: list[str]) -> list[str]:
    """`current` without the tags a change added, with the ones it removed back."""
    added = [t for t in after if t not in before]
    removed = [t for t in before if t not in after]
    kept = [t for t in current if t not in added]
    return kept + [t for t in removed if t not in kept]


def _enum(kind: Any, value: Any, what: str) -> Any:
    if isinstance(value, kind):
        return value
    try:
        return kind(str(value).strip().lower())
    except ValueError:
        choices = ", ".join(m.value for m in kind)
        raise UsageError(f"unknown {what} {value!r}; use one of: {choices}") from None


def _check_tag(tag: str) -> str:
    clean = tag.strip().lstrip("#")
    if not clean or any(ch.isspace() for ch in clean) or any(ord(ch) < 32 for ch in clean):
        raise UsageError(f"invalid tag {tag!r}: tags are single words without spaces")
    return clean


def _is_default(doc: Doc) -> bool:
    """True when a state record holds nothing the user set."""
    return (
        doc.get("state", "unread") == "unread"
        and doc.get("priority", "none") == "none"
        and doc.get("rating") is None
        and not doc.get("tags")
        and not doc.get("notes")
        and not doc.get("triaged")
    )
