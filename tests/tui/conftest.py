"""Fixtures for the study app's tests: a library holding the analysed sample episode, a helper
that lets an app settle (workers done, screen refreshed) before asserting, and one that starts the
app on an episode the way most Pilot tests begin."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from studyterm.model import Analysis, Episode
from studyterm.store import Store
from studyterm.tui.app import StudyApp, make_app
from studyterm.tui.widgets.transcript_view import TranscriptView


@pytest.fixture
def store(tmp_path: Path, sample_episode: Episode, sample_analysis: Analysis) -> Iterator[Store]:
    """A library with the bundled sample episode, analysed by the real pipeline."""
    lib = Store(tmp_path / "library" / "library.sqlite3")
    lib.add_episode(sample_episode, sample_analysis)
    yield lib
    lib.close()


@pytest.fixture
def empty_store(tmp_path: Path) -> Iterator[Store]:
    lib = Store(tmp_path / "empty" / "library.sqlite3")
    yield lib
    lib.close()


async def settle(pilot: Pilot) -> None:  # type: ignore[type-arg]
    """Wait until the app's workers have finished and their results are on screen."""
    app = pilot.app
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()
    for entry in app.screen.query(Input):
        entry.cursor_blink = False
    await pilot.pause()


@asynccontextmanager
async def running(
    store: Store, episode: str, size: tuple[int, int] = (120, 40)
) -> AsyncIterator[tuple[StudyApp, Pilot[None]]]:
    """The app open on `episode` at level 5000 in a `size` terminal, settled, as `studyterm study`
    starts it: the app and its pilot."""
    app = make_app(store, episode=episode, level="5000")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        yield app, pilot


async def click_word(pilot: Pilot, view: TranscriptView, segment: int, offset: int) -> None:  # type: ignore[type-arg]
    """Scroll the transcript to a character and click it where it is shown."""
    view.scroll_to_position(segment, offset, where="visible")
    await pilot.pause()
    spot = view.screen_offset_of(segment, offset)
    assert spot is not None
    await pilot.click(offset=spot)
    await pilot.pause()
