"""The Chinese summary beside the transcript: title, podcast and date, People, one block per
speaker."""

from __future__ import annotations

from typing import ClassVar

from studyterm.model import Episode
from studyterm.tui.render import summary_content
from studyterm.tui.widgets.styled_panel import StyledPanel

__all__ = ["SummaryPanel"]


class SummaryPanel(StyledPanel):
    """Shows an episode's details and Chinese summary (text kept literal)."""

    PREFIX = "summary"
    STYLE_NAMES = ("title", "muted", "heading", "speaker")
    COMPONENT_CLASSES: ClassVar[set[str]] = {f"summary--{name}" for name in STYLE_NAMES}

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.episode: Episode | None = None
        self._wrapped_at = 0

    def show(self, episode: Episode) -> None:
        """Show an episode's title, podcast, date, People and Chinese summary, the summary
        wrapped to the panel by Chinese line-breaking rules."""
        self.episode = episode
        width = self._body.content_region.width or self.scrollable_content_region.width
        self._wrapped_at = width
        published = episode.published.isoformat() if episode.published else None
        self.set_content(
            summary_content(
                episode.title,
                episode.podcast,
                published,
                episode.people,
                [(s.speaker, s.text) for s in episode.summary_zh],
                self.styles_map(),
                width=width or None,
            ),
            keep_scroll=True,
        )

    def on_resize(self) -> None:
        width = self._body.content_region.width or self.scrollable_content_region.width
        if self.episode is not None and width != self._wrapped_at:
            self.show(self.episode)
