"""A dialog asking for a file path, with completion: importing an episode, saving a deck."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from studyterm.tui.widgets.path_suggester import PathSuggester

__all__ = ["PathModal"]


class PathModal(ModalScreen[str | None]):
    """Dismisses with the path typed, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="path.cancel"),
        Binding(
            "tab",
            "complete",
            "Complete",
            show=False,
            id="path.complete",
            tooltip="Accept the suggested completion",
        ),
    ]

    def __init__(
        self, title: str, prompt: str, value: str = "", action: str = "OK", suffixes: tuple[str, ...] = ()
    ) -> None:
        super().__init__()
        self._title = title
        self._prompt = prompt
        self._value = value
        self._action = action
        self._suffixes = suffixes

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog") as box:
            box.border_title = self._title
            yield Static(self._prompt, classes="dialog-text", markup=False)
            yield Input(
                self._value,
                placeholder="path/to/file",
                suggester=PathSuggester(self._suffixes),
                id="path-input",
            )
            yield Label("", id="path-error", markup=False)
            yield from self.compose_extra()
            with Horizontal(classes="dialog-buttons"):
                yield Button(self._action, variant="primary", id="ok")
                yield Button("Cancel", id="cancel")

    def compose_extra(self) -> ComposeResult:
        """More fields under the path, for a dialog that needs them."""
        yield from ()

    def on_mount(self) -> None:
        self.query_one("#path-input", Input).focus()

    def action_complete(self) -> None:
        focused = self.focused
        entry = focused if isinstance(focused, Input) else self.query_one("#path-input", Input)
        entry.action_cursor_right()  # at the end of the text this accepts the suggestion
        entry.cursor_position = len(entry.value)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted, "#path-input")
    @on(Button.Pressed, "#ok")
    def _submit(self) -> None:
        value = self.query_one("#path-input", Input).value.strip()
        if not value:
            self.query_one("#path-error", Label).update("Type a path (Tab completes).")
            return
        self.dismiss(value)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)
