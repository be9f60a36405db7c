"""A long episode's transcript is painted from its text alone, its highlights added when its
analysis has been read (a 2.4-million-word transcript's takes a quarter of a second more)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from textual.strip import Strip

from studyterm import pipeline
from studyterm.model import Episode
from studyterm.store import Store
from studyterm.tui import background
from studyterm.tui.app import make_app
from studyterm.tui.screens.reader_screen import ReaderScreen
from studyterm.tui.widgets.episode_header import EpisodeHeader
from studyterm.tui.widgets.search_bar import SearchBar
from studyterm.tui.widgets.transcript_view import TranscriptView
from studyterm.tui.widgets.vocab_panel import VocabPanel

from .conftest import running, settle

pytestmark = pytest.mark.asyncio

SCREEN = 38  # the transcript's lines on a 120x40 terminal


def _header(screen: ReaderScreen) -> str:
    return " ".join(str(s.content) for s in screen.query_one(EpisodeHeader).query("Static"))


def _styles(strip: Strip) -> set[Any]:
    return {segment.style for segment in strip if segment.text.strip()}


async def test_the_text_shows_before_its_analysis_and_the_highlights_after(
    store: Store, sample_episode: Episode, monkeypatch: pytest.MonkeyPatch
) -> None:
    # as the app opens the sample normally: the lines a learner sees once it is loaded
    async with running(store, sample_episode.id) as (app, _):
        view = app.screen.query_one(TranscriptView)
        loaded = [view.strip_at(i) for i in range(SCREEN)]
        loaded_header = _header(app.screen)  # type: ignore[arg-type]
    plain = loaded[0].text
    assert plain.startswith("President Xi Jinping")
    highlighted = [i for i, strip in enumerate(loaded) if len(_styles(strip)) > 1]
    assert highlighted  # the sample's first screen has words to learn

    # the sample opened as a long episode is (text first), its analysis held back until released
    monkeypatch.setattr(background, "EARLY_TEXT_CHARS", 0)
    release = threading.Event()
    analyse = pipeline.analyse

    def held(*args: Any, **kwargs: Any) -> Any:
        release.wait(30)
        return analyse(*args, **kwargs)

    monkeypatch.setattr(pipeline, "analyse", held)
    app = make_app(store, episode=sample_episode.id, level="5000")
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            screen = app.screen
            assert isinstance(screen, ReaderScreen)
            view = screen.query_one(TranscriptView)
            for _ in range(500):
                if view.line_count:
                    break
                await pilot.pause(0.01)
            await pilot.pause()
            # the text is on screen, plain, and the header says the analysis is coming
            assert screen.session is None and not release.is_set()
            assert view.strip_at(0).text == plain
            assert all(len(_styles(view.strip_at(i))) <= 1 for i in range(SCREEN))
            assert "analysing…" in _header(screen) and sample_episode.title in _header(screen)
            # the keys that need the analysis do nothing meanwhile (no crash, nothing selected)
            for key in ("n", "p", "k", "l", "f", "v", "v", "slash"):
                await pilot.press(key)
            await pilot.press(*"China")
            await pilot.pause()
            assert screen.session is None and screen.is_attached
            assert store.statuses() == {}
            release.set()
            await settle(pilot)
            session = screen.session
            assert session is not None and session.selected is None
            # the search typed while waiting is applied once the analysis is in
            assert screen.query_one(SearchBar).display and session.matches
            await pilot.press("escape")
            await settle(pilot)
            # loaded: the same lines, highlights and figures as the episode opened at once
            assert [view.strip_at(i) for i in range(SCREEN)] == loaded
            assert _header(screen) == loaded_header
            await pilot.press("n")
            await pilot.pause()
            assert session.selected is not None
            await pilot.press("v")
            await settle(pilot)
            panel = screen.query_one(VocabPanel)
            while panel.filling:
                await pilot.pause()
            assert panel.table.row_count == session.advanced_count > 0
    finally:
        release.set()
