"""The reader's header line: the episode's title on the left, the learner's figures on the
right (coverage, advanced words, level, filter), updated after every status change."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static

from studyterm.tui.render import styled

__all__ = ["EpisodeHeader"]


class EpisodeHeader(Horizontal):
    """Title and figures of the open episode."""

    def compose(self) -> ComposeResult:
        yield Static(Content("studyterm"), id="header-title")
        yield Static(Content(""), id="header-stats")

    def show(self, title: str, coverage: float | None, advanced: int | None, level: int | str,
             band_filter: str | None) -> None:
        """Show the episode's title and the learner's figures."""
        self.query_one("#header-title", Static).update(styled(title))
        bits = []
        if coverage is not None:
            bits.append(f"coverage {coverage * 100:.1f}%")
        if advanced is not None:
            bits.append(f"{advanced} to learn")
        bits.append(f"level {level}")
        if band_filter:
            bits.append(f"showing {band_filter}")
        self.query_one("#header-stats", Static).update(Content("  ·  ".join(bits)))
