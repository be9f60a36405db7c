"""The find bar under the transcript (`/`): type to highlight, Enter for the next match."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Label

__all__ = ["SearchBar"]


class SearchBar(Horizontal):
    """An input that reports what to find; hidden until the reader opens it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close search", id="search.close"),
        Binding("down", "step(True)", "Next match", show=False, id="search.next"),
        Binding("up", "step(False)", "Previous match", show=False, id="search.previous"),
    ]

    @dataclass
    class Changed(Message):
        """The text to find changed."""

        query: str

    @dataclass
    class Step(Message):
        """Go to the next (or previous) match."""

        forward: bool

    @dataclass
    class Closed(Message):
        """The bar was closed (the matches are cleared)."""

    def compose(self) -> ComposeResult:
        yield Label("Find", id="search-label")
        yield Input(placeholder="text in the transcript · Enter next · ↑↓ · Esc close", id="search-input")
        yield Label("", id="search-count")

    def open(self) -> None:
        """Show the bar and focus its input."""
        self.display = True
        self.query_one(Input).focus()

    def set_count(self, text: str) -> None:
        """Show which match is current, e.g. "3/12"."""
        self.query_one("#search-count", Label).update(text)

    @on(Input.Changed, "#search-input")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(event.value))

    @on(Input.Submitted, "#search-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Step(True))

    def action_step(self, forward: bool) -> None:
        self.post_message(self.Step(forward))

    def action_close(self) -> None:
        self.display = False
        self.query_one(Input).value = ""
        self.post_message(self.Closed())
