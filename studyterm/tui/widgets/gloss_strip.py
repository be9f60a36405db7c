"""The narrow layout's gloss strip: two lines under the transcript with the selected word, its
Chinese gloss, level, band, status and definition — so `n` always shows a gloss, whatever
overlay (summary, vocabulary, word details) covers the rest."""

from __future__ import annotations

from typing import ClassVar

from textual.content import Content
from textual.style import Style
from textual.widgets import Static

from studyterm.tui.render import WordDetail, gloss_strip_content
from studyterm.tui.widgets.component_style import component_style

__all__ = ["GlossStrip"]

HINT = "n/p next/previous word · click a word · w details · ? keys"


class GlossStrip(Static):
    """Shows a `WordDetail` in two lines, each cut with an ellipsis when too long."""

    STYLE_NAMES = ("headword", "muted", "gloss", "definition")
    COMPONENT_CLASSES: ClassVar[set[str]] = {f"strip--{name}" for name in STYLE_NAMES}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Content(""), id=id)
        self.detail: WordDetail | None = None
        self.legend: Content | None = None

    def on_mount(self) -> None:
        self.show(None)

    def _styles(self) -> dict[str, Style]:
        return {
            name: component_style(self, f"strip--{name}", self.visual_style.background)
            for name in self.STYLE_NAMES
        }

    def show(self, detail: WordDetail | None) -> None:
        """Show a word (or, with None, the hint and the colour legend)."""
        self.detail = detail
        self.update(gloss_strip_content(detail, self._styles(), HINT, self.legend))

    @property
    def text(self) -> str:
        """The plain text shown (for tests)."""
        return str(self.content)
