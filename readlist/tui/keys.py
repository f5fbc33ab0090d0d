"""Every key binding of the TUI, with its id: the single source for screens, help and keymaps.

Users remap keys in config.toml by binding id (several keys separated by commas)::

    [keys]
    toggle_read = "m"
    cursor_down = "j,down,ctrl+n"

Screens build their `BINDINGS` from the tables here, the help screen lists them, and the
app applies the user's `[keys]` table through Textual's keymap (`App.set_keymap`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from textual.binding import Binding, BindingType
from textual.keys import _character_to_key

RATE = Binding.Group("rate", compact=True)


@dataclass(frozen=True)
class Key:
    """One binding: id (what users remap), default keys, action, description, where shown."""

    id: str
    keys: str
    action: str
    description: str
    section: str
    show: bool = False
    display: str | None = None
    group: Binding.Group | None = None
    priority: bool = False
    #: The footer's short label (the description is the help screen's).
    footer: str = ""

    def binding(self) -> Binding:
        return Binding(
            self.keys, self.action, self.footer or self.description, show=self.show,
            key_display=self.display, id=self.id, group=self.group, priority=self.priority,
            tooltip=self.description,
        )


MOVE = "Moving around"
TRIAGE = "Triage (in the Inbox each of these also moves to the next paper)"
PAPERS = "Papers and the library"
APP = "The app"

#: The paper list (focused most of the time).
LIST_KEYS: tuple[Key, ...] = (
    Key("cursor_down", "j,down", "cursor_down", "Next paper", MOVE),
    Key("cursor_up", "k,up", "cursor_up", "Previous paper", MOVE),
    Key("cursor_first", "g,home", "cursor_first", "First paper", MOVE),
    Key("cursor_last", "G,end", "cursor_last", "Last paper", MOVE),
    Key("page_down", "pagedown,ctrl+f", "page_down", "Page down", MOVE),
    Key("page_up", "pageup,ctrl+b", "page_up", "Page up", MOVE),
)

#: The main screen: active wherever the focus is, except while typing in an input.
MAIN_KEYS: tuple[Key, ...] = (
    Key("help", "question_mark", "help", "Help: every key", APP, show=True, display="?",
        footer="help"),
    # priority: run while the app reads the key, so that keys typed or pasted right after
    # it are sent to the filter (the focus has moved) and not to the list. A focused input
    # still takes a typed `/` (Textual drops the bindings of keys an input consumes).
    Key("filter", "slash", "filter", "Filter (query language, live)", MOVE, show=True,
        display="/", footer="filter", priority=True),
    Key("focus_detail", "enter", "focus_detail", "Read the details (scroll with j/k)", MOVE),
    Key("next_pane", "tab", "next_pane", "Next pane", MOVE),
    Key("previous_pane", "shift+tab", "previous_pane", "Previous pane", MOVE),
    Key("views", "v", "views", "Views, digests and tags (sidebar)", MOVE),
    Key("inbox", "I", "inbox", "Triage the Inbox", MOVE),
    Key("back", "escape", "back", "Back to the list (on the list: clear the filter)", MOVE),
    Key("sort", "s", "sort", "Sort", MOVE),
    Key("toggle_read", "space", "toggle_read", "Read / unread, then next", TRIAGE, show=True,
        display="space", footer="read"),
    Key("rate_1", "1", "rate(1)", "Rating 1 of the legend", TRIAGE, show=True, group=RATE),
    Key("rate_2", "2", "rate(2)", "Rating 2 of the legend", TRIAGE, show=True, group=RATE),
    Key("rate_3", "3", "rate(3)", "Rating 3 of the legend", TRIAGE, show=True, group=RATE),
    Key("rate_4", "4", "rate(4)", "Rating 4 of the legend", TRIAGE, show=True, group=RATE),
    Key("rate_clear", "0", "rate(0)", "Clear the rating", TRIAGE),
    Key("cycle_priority", "p", "cycle_priority", "Priority: none → high → medium → low", TRIAGE,
        show=True, footer="priority"),
    Key("skip", "x", "skip", "Skip (not interested), then next", TRIAGE),
    Key("reading", "r", "reading", "Mark as being read", TRIAGE),
    Key("next_untriaged", "l", "next_untriaged", "Leave for later: next paper (Inbox)", TRIAGE),
    Key("tags", "t", "tags", "Add or remove tags", TRIAGE, show=True, footer="tags"),
    Key("note", "n", "note", "Edit the note", TRIAGE, show=True, footer="note"),
    Key("note_editor", "N", "note_editor", "Edit the note in $EDITOR", TRIAGE),
    Key("undo", "u", "undo", "Undo the last change (again: the one before)", TRIAGE, show=True,
        footer="undo"),
    Key("open", "o", "open_page", "Open the paper's page in the browser", PAPERS),
    Key("open_pdf", "O", "open_pdf", "Open the PDF", PAPERS),
    Key("copy_link", "y", "copy_link", "Copy the link (OSC 52: works over SSH)", PAPERS),
    Key("add", "a", "add", "Add papers by arXiv id", PAPERS),
    Key("import", "i", "import_source", "Import a digest file or URL", PAPERS),
    Key("export", "e", "export", "Export this view to Markdown", PAPERS),
    Key("quit", "q", "quit", "Quit (everything is already saved)", APP, show=True,
        footer="quit"),
)

#: The app itself.
APP_KEYS: tuple[Key, ...] = (
    Key("command_palette", "ctrl+p", "command_palette", "Command palette: views, sort, themes…",
        APP, priority=True, footer="palette"),
)

#: The sidebar (a tree: enter chooses a view, space opens a branch).
SIDEBAR_KEYS: tuple[Key, ...] = (
    Key("sidebar_down", "j", "cursor_down", "Sidebar: next entry", MOVE),
    Key("sidebar_up", "k", "cursor_up", "Sidebar: previous entry", MOVE),
)

#: The detail pane.
DETAIL_KEYS: tuple[Key, ...] = (
    Key("detail_down", "j", "scroll_down", "Details: scroll down", MOVE),
    Key("detail_up", "k", "scroll_up", "Details: scroll up", MOVE),
)

#: Dialogs.
MODAL_KEYS: tuple[Key, ...] = (
    Key("close", "escape", "close", "Dialogs: close / cancel", APP),
)

#: Yes/no questions (overwrite a file?).
CONFIRM_KEYS: tuple[Key, ...] = (
    Key("confirm_yes", "y", "yes", "Questions: yes", APP),
    Key("confirm_no", "n", "no", "Questions: no (escape too)", APP),
)

#: The help screen.
HELP_KEYS: tuple[Key, ...] = (
    Key("close_help", "escape,q,question_mark", "close", "Help: close", APP),
    Key("help_down", "j,down", "scroll(1)", "Help: scroll down", APP),
    Key("help_up", "k,up", "scroll(-1)", "Help: scroll up", APP),
    Key("help_page_down", "pagedown,space", "scroll(10)", "Help: page down", APP),
    Key("help_page_up", "pageup", "scroll(-10)", "Help: page up", APP),
)

#: The inline note editor.
NOTE_KEYS: tuple[Key, ...] = (
    Key("save_note", "ctrl+s", "save", "Note editor: save", TRIAGE, show=True, footer="save"),
    # priority: the text area takes escape for itself (it moves the focus away) before
    # any ordinary binding of the dialog sees it.
    Key("cancel_note", "escape", "cancel", "Note editor: cancel", TRIAGE, show=True,
        footer="cancel", priority=True),
)

ALL_KEYS: tuple[Key, ...] = (*LIST_KEYS, *MAIN_KEYS, *APP_KEYS, *SIDEBAR_KEYS, *DETAIL_KEYS,
                             *MODAL_KEYS, *CONFIRM_KEYS, *HELP_KEYS, *NOTE_KEYS)
KNOWN_IDS = frozenset(k.id for k in ALL_KEYS)
SECTIONS = (MOVE, TRIAGE, PAPERS, APP)


def bindings(keys: Iterable[Key]) -> list[BindingType]:
    """Textual bindings for a table of keys."""
    return [k.binding() for k in keys]


#: Tables whose bindings are active at the same time: a key can mean one thing only in each
#: (the main screen's keys act over the list, the sidebar or the details, whichever has
#: the focus; dialogs replace them).
SCOPES: tuple[tuple[tuple[Key, ...], ...], ...] = (
    (LIST_KEYS, MAIN_KEYS, APP_KEYS),
    (SIDEBAR_KEYS, MAIN_KEYS, APP_KEYS),
    (DETAIL_KEYS, MAIN_KEYS, APP_KEYS),
    (MODAL_KEYS, CONFIRM_KEYS, APP_KEYS),
    (HELP_KEYS, APP_KEYS),
    (NOTE_KEYS, APP_KEYS),
)

#: The keys of a binding that lost every key to remaps: a name no terminal sends.
UNBOUND = "readlist_unbound"


@dataclass(frozen=True)
class Keymap:
    """The user's [keys] table made consistent: what the app gives Textual's keymap,
    the problems to report once, and which keys remaps took from which bindings."""

    #: Binding id → keys (Textual's names), for every binding whose keys changed.
    keys: dict[str, str] = field(default_factory=dict)
    problems: tuple[str, ...] = ()
    #: Binding id → [(key, id of the binding that took it)].
    taken: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    def keys_of(self, key: Key) -> list[str]:
        """The keys that trigger `key` now (none when remaps took them all)."""
        found = self.keys.get(key.id, key.keys)
        return [] if found == UNBOUND else found.split(",")


def _key_name(key: str) -> str:
    """A key as Textual names it ('?' → 'question_mark'), like App.set_keymap does."""
    key = key.strip()
    return _character_to_key(key) if len(key) == 1 else key


def check_keymap(keymap: Mapping[str, str]) -> Keymap:
    """Resolve the user's [keys] table against the default keys.

    Unknown ids and empty entries are reported and skipped. A remapped key that another
    binding active at the same time already has goes to the remap: the other binding loses
    it (and says so in the help); between two remaps, the first in the file keeps it.
    Every clash is reported once.
    """
    by_id = {k.id: k for k in ALL_KEYS}
    wanted: dict[str, list[str]] = {}
    problems: list[str] = []
    for binding_id, value in keymap.items():
        names = list(dict.fromkeys(_key_name(k) for k in str(value).split(",") if k.strip()))
        if binding_id not in by_id:
            problems.append(f"[keys] {binding_id}: no such binding (see ? for the ids)")
        elif not names:
            problems.append(f"[keys] {binding_id}: no key given")
        else:
            wanted[binding_id] = names
    current = {k.id: wanted.get(k.id, k.keys.split(",")) for k in ALL_KEYS}
    taken: dict[str, list[tuple[str, str]]] = {}
    settled: set[str] = set()  # remaps already resolved (the earlier ones in the file)
    for binding_id, names in wanted.items():
        for name in names:
            rivals = [other for other in _sharing_scope(by_id[binding_id])
                      if other.id != binding_id and name in current[other.id]]
            if any(other.id in settled for other in rivals):
                first = next(o.id for o in rivals if o.id in settled)
                current[binding_id].remove(name)
                problems.append(f"[keys] {binding_id}: {name} is already {first}'s; left out")
                continue
            for other in rivals:
                if other.id in wanted:
                    continue  # a later remap: it meets this one when its turn comes
                current[other.id].remove(name)
                taken.setdefault(other.id, []).append((name, binding_id))
                left = ", ".join(current[other.id]) or "no key now"
                problems.append(f"[keys] {binding_id} takes {name} from {other.id} "
                                f"({other.id}: {left})")
        settled.add(binding_id)
    changed = {k.id: ",".join(current[k.id]) or UNBOUND for k in ALL_KEYS
               if current[k.id] != k.keys.split(",")}
    return Keymap(changed, tuple(problems), taken)


def _sharing_scope(key: Key) -> list[Key]:
    """Every binding active at some time together with `key` (itself included)."""
    found: dict[str, Key] = {}
    for scope in SCOPES:
        if any(key in table for table in scope):
            for table in scope:
                for other in table:
                    found.setdefault(other.id, other)
    return list(found.values())
