"""Editing a note in the user's $VISUAL / $EDITOR.

Our own small version of `click.edit`: recent Typer vendors Click privately, and this one
runs the editor without a shell (an $EDITOR with arguments, like `code --wait`, is split
with shlex) and turns every failure into one clear line.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import subprocess
import tempfile

from readlist.errors import ReadlistError, UsageError

FALLBACK_EDITORS = ("sensible-editor", "editor", "nano", "vim", "vi")


def editor_command() -> list[str]:
    """The editor to run: $VISUAL, else $EDITOR, else the first common one installed."""
    for name in ("VISUAL", "EDITOR"):
        value = os.environ.get(name, "").strip()
        if value:
            try:
                return shlex.split(value)
            except ValueError:
                raise UsageError(f"${name} is not a valid command: {value!r}") from None
    for candidate in FALLBACK_EDITORS:
        if shutil.which(candidate):
            return [candidate]
    raise UsageError("no editor found: set $EDITOR, or give the note as TEXT (or - for stdin)")


def edit_text(text: str, *, suffix: str = ".md") -> str:
    """Open `text` in the editor and return what the user saved."""
    command = editor_command()
    fd, path = tempfile.mkstemp(prefix="readlist-note-", suffix=suffix)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        try:
            status = subprocess.run([*command, path], check=False).returncode
        except OSError as exc:
            raise ReadlistError(f"cannot run editor {command[0]!r}: {exc.strerror}") from None
        if status != 0:
            raise ReadlistError(f"editor {command[0]!r} exited with status {status}; nothing changed")
        try:
            with open(path, encoding="utf-8") as handle:
                return handle.read()
        except UnicodeDecodeError:
            raise ReadlistError("the edited note is not UTF-8 text; nothing changed") from None
        except FileNotFoundError:
            raise ReadlistError("the editor removed the note file; nothing changed") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
