"""A library locked by another process (a long `dict import`) never costs the learner a mark:
the app keeps it, says so, and saves it once the lock is released — without exiting."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest

from studyterm.model import Episode
from studyterm.store import Store
from studyterm.tui.screens.reader_screen import ReaderScreen

from .conftest import running

pytestmark = pytest.mark.asyncio


async def _select_word(app, pilot) -> str:  # type: ignore[no-untyped-def]
    """Select the first highlighted word of the reader; its lemma."""
    await pilot.press("n")
    screen = app.screen
    assert isinstance(screen, ReaderScreen) and screen.session is not None
    sel = screen.session.selected
    assert sel is not None
    return screen.session.items[sel.item].lemma


@pytest.fixture
def other(store: Store) -> Iterator[sqlite3.Connection]:
    """Another process's connection to the library (it takes the write lock when told)."""
    db = sqlite3.connect(store.path, isolation_level=None)
    yield db
    db.close()


async def test_a_mark_on_a_locked_library_is_kept_and_saved_later(
    store: Store, sample_episode: Episode, other: sqlite3.Connection
) -> None:
    async with running(store, sample_episode.id) as (app, pilot):
        lemma = await _select_word(app, pilot)
        other.execute("BEGIN IMMEDIATE")  # another process holds the write lock
        await pilot.press("k")
        await pilot.pause()
        assert app.is_running
        assert app.learner.statuses[lemma] == "known"  # shown as known at once
        assert any("busy" in str(n.message) for n in app._notifications)
        assert lemma not in store.statuses()
        await pilot.press("l")  # a second change queues behind the first
        other.execute("COMMIT")  # the other process finishes
        for _ in range(100):  # the app retries on its own
            await pilot.pause(0.1)
            if store.statuses().get(lemma) == "learning":
                break
        assert store.statuses()[lemma] == "learning"
        assert any("saved" in str(n.message) for n in app._notifications)


async def test_quitting_with_a_locked_library_asks_before_losing_a_mark(
    store: Store, sample_episode: Episode, other: sqlite3.Connection
) -> None:
    async with running(store, sample_episode.id) as (app, pilot):
        app.QUIT_WAIT_SECONDS = 0.2  # type: ignore[misc]
        lemma = await _select_word(app, pilot)
        other.execute("BEGIN IMMEDIATE")
        await pilot.press("k")
        await pilot.press("q")
        await pilot.pause()
        assert app.is_running  # not quit: a mark would be lost
        assert any("press q again" in str(n.message) for n in app._notifications)
        other.execute("COMMIT")
        await pilot.press("q")
    assert app.return_code == 0
    assert store.statuses()[lemma] == "known"  # saved on the way out, once the lock was free


async def test_a_stage_set_on_a_locked_library_is_kept_and_saved_later(
    store: Store, sample_episode: Episode, other: sqlite3.Connection
) -> None:
    async with running(store, sample_episode.id) as (app, pilot):
        lemma = await _select_word(app, pilot)
        other.execute("BEGIN IMMEDIATE")
        await pilot.press("3")  # learning, stage 3
        await pilot.pause()
        assert app.is_running and app.learner.statuses[lemma] == "learning"
        assert lemma not in store.statuses()
        other.execute("COMMIT")
        for _ in range(100):
            await pilot.pause(0.1)
            if store.stages().get(lemma) == 3:
                break
        assert store.statuses()[lemma] == "learning" and store.stages()[lemma] == 3
