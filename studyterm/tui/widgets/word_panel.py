"""The word panel: everything about the selected word, updated as the selection moves."""

from __future__ import annotations

from typing import ClassVar

from textual.content import Content

from studyterm.tui.render import WordDetail, word_detail_content
from studyterm.tui.widgets.styled_panel import StyledPanel

__all__ = ["WordPanel"]

HINT = (
    "Press n / p for the next / previous highlighted word, or click a word.\n\n"
    "Then k known · l learning · i ignore · u new."
)


class WordPanel(StyledPanel):
    """Shows a `WordDetail` (or a hint when nothing is selected)."""

    PREFIX = "word"
    STYLE_NAMES = (
        "headword",
        "muted",
        "gloss",
        "definition",
        "heading",
        "mark",
        "status-new",
        "status-learning",
        "status-known",
        "status-ignored",
        "status-none",
    )
    COMPONENT_CLASSES: ClassVar[set[str]] = {f"word--{name}" for name in STYLE_NAMES}

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.detail: WordDetail | None = None
        self.legend: Content | None = None  # the transcript's colours, shown with the hint

    def on_mount(self) -> None:
        self.show(None)

    def show(self, detail: WordDetail | None, *, same_word: bool = False) -> None:
        """Show a word; `same_word` keeps the scroll position (a status change, not a move)."""
        self.detail = detail
        if detail is None:
            hint = Content(HINT).stylize(self.styles_map()["muted"])
            if self.legend is not None:
                hint = Content("\n").join(
                    [hint, Content(""), Content("Colours").stylize(self.styles_map()["heading"]), self.legend]
                )
            self.set_content(hint)
        else:
            self.set_content(word_detail_content(detail, self.styles_map()), keep_scroll=same_word)
