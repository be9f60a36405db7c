"""A scrollable panel of styled text whose colours come from the app's CSS (component classes)."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.content import Content
from textual.style import Style
from textual.widgets import Static

from studyterm.tui.widgets.component_style import component_style

__all__ = ["StyledPanel"]


class StyledPanel(VerticalScroll):
    """Base of the side panels: one Static inside a scroller, and `styles_map()` turning the
    panel's component classes (`<prefix>--<name>`) into styles for `render.py` to apply."""

    STYLE_NAMES: tuple[str, ...] = ()
    PREFIX = "panel"

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._body = Static(Content(""), classes="panel-body")
        self._style_cache: dict[str, Style] = {}

    def compose(self):  # type: ignore[no-untyped-def]
        yield self._body

    def styles_map(self) -> dict[str, Style]:
        """Style of each name in STYLE_NAMES, from the CSS (cached until the styles change)."""
        if not self._style_cache:
            self._style_cache = {
                name: component_style(self, f"{self.PREFIX}--{name}", self.visual_style.background)
                for name in self.STYLE_NAMES
            }
        return self._style_cache

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._style_cache = {}

    def set_content(self, content: Content, *, keep_scroll: bool = False) -> None:
        """Show new content; back to the top unless `keep_scroll`."""
        self._body.update(content)
        if not keep_scroll:
            self.scroll_home(animate=False)

    @property
    def text(self) -> str:
        """The plain text shown (for tests and the help screen)."""
        return str(self._body.content)
