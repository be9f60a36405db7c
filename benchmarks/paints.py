"""Watching the study app paint, for the benchmarks that time it from outside (Pilot)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any


def record_paints(seen: Callable[[Any], None]) -> None:
    """Call `seen(view)` after every line the transcript view renders (the view itself is
    unchanged: it is its time to a painted line that is measured)."""
    from studyterm.tui.widgets.transcript_view import TranscriptView

    original = TranscriptView.render_line

    def recording(self: TranscriptView, y: int):  # type: ignore[no-untyped-def]
        strip = original(self, y)
        seen(self)
        return strip

    TranscriptView.render_line = recording  # type: ignore[method-assign]


def text_paints() -> list[float]:
    """A list that gets the time of every line rendered once the transcript has text."""
    paints: list[float] = []

    def seen(view: Any) -> None:
        if view.line_count:
            paints.append(time.perf_counter())

    record_paints(seen)
    return paints


async def first_paint_after(paints: list[float], began: float) -> float:
    """Seconds from `began` to the first line painted with text (waiting for it)."""
    import asyncio

    while not paints:
        await asyncio.sleep(0.001)
    return paints[0] - began


async def key_latency(pilot: Any, paints: list[float], key: str, timeout: float = 2.0) -> float | None:
    """Seconds from pressing `key` to the next line painted, None when none is within `timeout`."""
    import asyncio

    paints.clear()
    start = time.perf_counter()
    await pilot.press(key)
    while not paints and time.perf_counter() < start + timeout:
        await asyncio.sleep(0.0005)
    return paints[0] - start if paints else None


def table_paints() -> list[float]:
    """A list that gets the time of every line the vocabulary pane's table renders once it has
    rows (the pane `v` shows)."""
    from textual.widgets import DataTable

    from studyterm.tui.widgets.vocab_panel import VocabPanel

    paints: list[float] = []
    original = DataTable.render_line

    def recording(self: DataTable, y: int):  # type: ignore[no-untyped-def,type-arg]
        strip = original(self, y)
        if self.row_count and isinstance(self.parent, VocabPanel):
            paints.append(time.perf_counter())
        return strip

    DataTable.render_line = recording  # type: ignore[method-assign]
    return paints
