"""PromptModal: ask for one line, run a task on it in a worker, report progress and errors.

The base of the add (arXiv id), import (file or URL) and export (file name) dialogs. The
task is given by the screen that opens the dialog ("attributes down"); it runs in a thread
worker, so the UI stays live; a failure is shown in the dialog and as a notification, and
the user can correct the input and try again.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, LoadingIndicator, Static

from readlist.errors import ReadlistError
from readlist.text import safe_line
from readlist.tui import keys

#: A dialog's task: (the text typed, a progress callback) → a one-line success message.
Task = Callable[[str, Callable[[str], None]], str]


class PromptModal(ModalScreen[str | None]):
    """One input line and a task; dismissed with the task's success message (or None)."""

    CSS_PATH = "dialog.tcss"
    BINDINGS: ClassVar[list[BindingType]] = keys.bindings(keys.MODAL_KEYS)

    TITLE_TEXT = "readlist"
    PROMPT = ""
    PLACEHOLDER = ""
    HINT = "enter: go · escape: cancel"

    class Progress(Message):
        """The task reports what it is doing (posted from the worker thread)."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Finished(Message):
        """The task ended: a success message, or an error."""

        def __init__(self, result: str | None, error: str | None) -> None:
            super().__init__()
            self.result = result
            self.error = error

    def __init__(self, task: Task, *, value: str = "", prompt: str | None = None,
                 suggester: Suggester | None = None) -> None:
        super().__init__()
        self.job = task
        self.value = value
        self.prompt = prompt if prompt is not None else self.PROMPT
        self.suggester = suggester
        self.running = False

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text(self.TITLE_TEXT, style="bold"), id="dialog-title")
            yield Static(Text(self.prompt), classes="dialog-prompt")
            yield Input(self.value, placeholder=self.PLACEHOLDER, suggester=self.suggester,
                        id="dialog-input")
            yield LoadingIndicator(id="dialog-busy")
            yield Static("", id="dialog-status")
            yield Static(Text(self.HINT), id="dialog-hint")

    @property
    def input(self) -> Input:
        return self.query_one("#dialog-input", Input)

    def _status(self, text: str, *, error: bool = False) -> None:
        status = self.query_one("#dialog-status", Static)
        status.set_class(error, "-error")
        status.update(Text(safe_line(text)))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        value = event.value.strip()
        if not value:
            self._status("Type something first (escape cancels).", error=True)
            return
        if self.running:
            return
        self.submit_value(value)

    def submit_value(self, value: str) -> None:
        """The user entered `value`: run the task (subclasses may ask something first)."""
        self.start(value)

    def start(self, value: str) -> None:
        """Run the task on `value` in a worker; its end comes back as `Finished`."""
        self.running = True
        self.input.disabled = True
        self.add_class("-busy")
        self._status("Working…")
        self.run_worker(partial(self._run, value), thread=True, exclusive=True,
                        group="dialog", exit_on_error=False)

    def _run(self, value: str) -> None:
        try:
            def progress(text: str) -> None:
                self.post_message(self.Progress(text))

            result = self.job(value, progress)
        except ReadlistError as exc:
            self.post_message(self.Finished(None, exc.message))
        except Exception as exc:  # a dialog must report, never crash the app
            self.post_message(self.Finished(None, f"{exc.__class__.__name__}: {exc}"))
        else:
            self.post_message(self.Finished(result, None))

    def on_prompt_modal_progress(self, message: Progress) -> None:
        self._status(message.text)

    def on_prompt_modal_finished(self, message: Finished) -> None:
        self.running = False
        self.remove_class("-busy")
        self.input.disabled = False
        if message.error is not None:
            self._status(message.error, error=True)
            self.notify(safe_line(message.error), title=self.TITLE_TEXT, severity="error",
                        markup=False)
            self.input.focus()
            return
        self.dismiss(message.result)

    def action_close(self) -> None:
        if self.running:
            self.notify("Still running: it will finish in the background.", markup=False)
        self.dismiss(None)
