"""Triage: turning keys into library edits, showing them at once, and undoing them.

Each key builds an `Edit`: the `Library` call that saves it (run by the backend's writer,
off the UI thread) and the state the UI shows meanwhile. The optimistic state mirrors what
the service will store; once the write is saved the library's own record replaces it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from readlist.models import Legend, Priority, ReadState
from readlist.service import Change, Library
from readlist.service.records import default_state
from readlist.service.triage import (
    change_tags,
    set_notes,
    set_priority_level,
    set_rating,
    set_read_state,
)
from readlist.tui.backend_records import Edit, Snapshot

Doc = dict[str, Any]

#: How many edits `u` can take back.
UNDO_DEPTH = 100


class Triage:
    """Optimistic states and the undo stack of one TUI session."""

    def __init__(self, legend: Legend) -> None:
        self.legend = legend
        #: pid → state shown until the library confirms it (shared with the paper list).
        self.overrides: dict[int, Doc] = {}
        self._pending: Counter[int] = Counter()
        self.undo_stack: list[Edit] = []

    # -- reading state --------------------------------------------------------------------

    def state(self, snapshot: Snapshot | None, pid: int) -> Doc:
        """The state the user sees for `pid` (optimistic first)."""
        if pid in self.overrides:
            return self.overrides[pid]
        found = snapshot.states.get(str(pid)) if snapshot is not None else None
        return found if found is not None else default_state(None)

    def is_triaged(self, snapshot: Snapshot | None, pid: int) -> bool:
        return bool(self.state(snapshot, pid).get("triaged"))

    # -- building edits -------------------------------------------------------------------

    def _edit(self, snapshot: Snapshot | None, pid: int, description: str,
              change: Callable[[Doc], None], apply: Callable[[Library], Change]) -> Edit:
        prior = self.state(snapshot, pid)
        new = {**prior, "tags": list(prior.get("tags", []))}
        change(new)
        if new != prior:
            new["triaged"] = True
        return Edit(description, apply, {pid: new}, {pid: prior})

    def toggle_read(self, snapshot: Snapshot | None, pid: int) -> Edit:
        """read ↔ unread (any other state becomes read), decided on the state shown."""
        current = self.state(snapshot, pid).get("state", "unread")
        target = ReadState.UNREAD if current == ReadState.READ else ReadState.READ
        return self.mark(snapshot, pid, target)

    def mark(self, snapshot: Snapshot | None, pid: int, state: ReadState) -> Edit:
        return self._edit(snapshot, pid, f"mark {state.value}", set_read_state(state.value),
                          lambda lib: lib.mark([pid], state))

    def rate(self, snapshot: Snapshot | None, pid: int, number: int) -> Edit:
        """Rating `number` of the legend (1-based); 0 clears."""
        emoji = self.legend.ratings[number - 1].emoji if number else None
        return self._edit(snapshot, pid, f"rate {emoji or 'none'}", set_rating(emoji),
                          lambda lib: lib.rate([pid], emoji))

    def cycle_priority(self, snapshot: Snapshot | None, pid: int) -> Edit:
        """The next priority after the saved one (none → high → medium → low → none).

        The screen shows the step from the state it knows; the write steps from the state
        on disk, which another process may have changed since the last reload.
        """
        target = Priority(self.state(snapshot, pid).get("priority", "none")).next()
        return self._edit(snapshot, pid, f"priority {target.value}", set_priority_level(target.value),
                          lambda lib: lib.cycle_priority([pid]))

    def retag(self, snapshot: Snapshot | None, pid: int,
              add: Sequence[str], remove: Sequence[str]) -> Edit:
        words = [f"+{t}" for t in add] + [f"-{t}" for t in remove]
        return self._edit(snapshot, pid, "tag " + " ".join(words),
                          change_tags(add=add, remove=remove),
                          lambda lib: lib.retag([pid], add, remove))

    def set_note(self, snapshot: Snapshot | None, pid: int, text: str) -> Edit:
        return self._edit(snapshot, pid, "note", set_notes(text), lambda lib: lib.set_note(pid, text))

    # -- the session ----------------------------------------------------------------------

    def begin(self, edit: Edit) -> None:
        """Show an edit at once; remember it for undo (undos themselves are not undone)."""
        for pid, doc in edit.optimistic.items():
            self.overrides[pid] = doc
            self._pending[pid] += 1
        if edit.undo_of is None and edit.optimistic != edit.prior:
            self.undo_stack.append(edit)
            del self.undo_stack[:-UNDO_DEPTH]

    def undo(self, snapshot: Snapshot | None) -> Edit | None:
        """An edit taking back the latest one still on the stack (None when empty)."""
        if not self.undo_stack:
            return None
        done = self.undo_stack.pop()
        shown = {pid: self.state(snapshot, pid) for pid in done.prior}
        restored = {pid: dict(doc) for pid, doc in done.prior.items()}
        return Edit(f"undo {done.description}", lambda lib: Change("noop"), restored, shown,
                    undo_of=done)

    def settled(self, edit: Edit) -> None:
        """The writer finished `edit` (saved or failed): drop overrides nothing else awaits."""
        for pid in edit.optimistic:
            self._pending[pid] -= 1
            if self._pending[pid] <= 0:
                del self._pending[pid]
                self.overrides.pop(pid, None)
        if edit.failed is not None and edit in self.undo_stack:
            self.undo_stack.remove(edit)

    @property
    def pending(self) -> int:
        return sum(self._pending.values())
