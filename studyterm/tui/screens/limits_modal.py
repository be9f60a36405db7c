"""The review's daily limits, changed in the app: new words and reviews a day."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from studyterm.review.limits import Limits

__all__ = ["LimitsModal"]


class LimitsModal(ModalScreen[Limits | None]):
    """Dismisses with the new limits, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="limits.cancel")]

    def __init__(self, current: Limits) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog") as box:
            box.border_title = "Daily limits"
            yield Static(
                "How many new words, and how many reviews, a study day may bring "
                "(a day starts at 04:00). Enter saves, Esc cancels.",
                classes="dialog-text",
                markup=False,
            )
            yield Label("New words a day")
            yield Input(str(self.current.new_per_day), id="limits-new", type="integer")
            yield Label("Reviews a day")
            yield Input(str(self.current.reviews_per_day), id="limits-reviews", type="integer")
            yield Label("", id="limits-error", markup=False)

    def on_mount(self) -> None:
        self.query_one("#limits-new", Input).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        try:
            new = int(self.query_one("#limits-new", Input).value)
            reviews = int(self.query_one("#limits-reviews", Input).value)
        except ValueError:
            self.query_one("#limits-error", Label).update("Both limits are whole numbers.")
            return
        if not (0 <= new <= 9999 and 0 <= reviews <= 9999):
            self.query_one("#limits-error", Label).update("Each limit is between 0 and 9999.")
            return
        self.dismiss(Limits(new, reviews))
