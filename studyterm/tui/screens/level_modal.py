"""The learner's level, changed in the app: a vocabulary size or a CEFR level."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from studyterm.analysis.learner import parse_level
from studyterm.errors import UsageError

__all__ = ["LevelModal"]

CHOICES: tuple[tuple[str, str], ...] = (
    ("3000", "3,000 word families · CET-4"),
    ("4000", "4,000 word families"),
    ("5000", "5,000 word families · CET-6 (default)"),
    ("6000", "6,000 word families · 考研"),
    ("8000", "8,000 word families · IELTS 7+"),
    ("10000", "10,000 word families"),
    ("B1", "CEFR B1"),
    ("B2", "CEFR B2"),
    ("C1", "CEFR C1"),
)


class LevelModal(ModalScreen[int | str | None]):
    """Dismisses with the new level (parsed), or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="level.cancel")]

    def __init__(self, current: int | str) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog") as box:
            box.border_title = "Your level"
            yield Static(
                f"Now: {self.current}. Words beyond your level are highlighted; "
                "choose one, or type a size (7000, 7k) or a CEFR level (B2).",
                classes="dialog-text",
                markup=False,
            )
            yield OptionList(*(Option(text, id=value) for value, text in CHOICES), id="level-list")
            yield Input(placeholder="or type a level and press Enter", id="level-input")
            yield Label("", id="level-error", markup=False)

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        ids = [value for value, _ in CHOICES]
        if str(self.current) in ids:
            options.highlighted = ids.index(str(self.current))
        options.focus()

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self._finish(str(event.option.id))

    @on(Input.Submitted, "#level-input")
    def _typed(self, event: Input.Submitted) -> None:
        self._finish(event.value)

    def _finish(self, value: str) -> None:
        try:
            self.dismiss(parse_level(value))
        except UsageError as err:
            self.query_one("#level-error", Label).update(str(err))
