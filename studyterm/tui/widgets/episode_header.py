"""The reader's header line: the episode's title on the left, the learner's figures on the
right (coverage, advanced words, level, filter), updated after every status change."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static

from studyterm.tui.render import styled

__all__ = ["EpisodeHeader", "header_stats"]


def header_stats(
    coverage: float | None,
    advanced: int | None,
    level: int | str,
    band_filter: str | None,
    compact: bool = False,
) -> str:
    """The learner's figures for the open episode, in words (or `compact`, for narrow
    terminals, where they give the title the room)."""
    bits = []
    if coverage is not None:
        bits.append(f"{coverage * 100:.1f}% known" if compact else f"coverage {coverage * 100:.1f}%")
    if advanced is not None:
        bits.append(f"{advanced} to learn")
    bits.append(f"level {level}")
    if band_filter:
        bits.append(f"showing {band_filter}")
    return (" · " if compact else "  ·  ").join(bits)


class EpisodeHeader(Horizontal):
    """Title and figures of the open episode."""

    def compose(self) -> ComposeResult:
        yield Static(Content("studyterm"), id="header-title")
        yield Static(Content(""), id="header-stats")

    def show(self, title: str, stats: str) -> None:
        """Show the episode's title and the learner's figures (`header_stats`)."""
        self.query_one("#header-title", Static).update(styled(title))
        figures = self.query_one("#header-stats", Static)
        figures.update(Content(stats))
        figures.display = bool(stats)
