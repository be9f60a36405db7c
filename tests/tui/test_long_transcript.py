"""A transcript too long to prepare whole before it shows (millions of words): the reader wraps
its beginning and makes the marks of the first screen, the rest later. Here the thresholds are
lowered so that the sample, in paragraphs, is such a transcript; keys and clicks must reach its
end before the rest is wrapped, and the transcript wrapped in steps must be the one wrapped at
once."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from studyterm.model import Episode, Segment
from studyterm.store import Store
from studyterm.store.library import ReadingState
from studyterm.tui import study
from studyterm.tui.screens.reader_screen import ReaderScreen
from studyterm.tui.widgets import transcript_view, vocab_panel
from studyterm.tui.widgets.search_bar import SearchBar
from studyterm.tui.widgets.transcript_view import TranscriptView
from studyterm.tui.widgets.vocab_panel import VocabPanel

from .conftest import click_word, running, settle

pytestmark = pytest.mark.asyncio


@pytest.fixture
def long_store(tmp_path: Path, analyzer, sample_episode: Episode) -> Iterator[tuple[Store, Episode]]:  # type: ignore[no-untyped-def]
    """A library holding the sample in paragraphs of two sentences."""
    sentences = re.split(r"(?<=[a-z][.!?])\s*(?=[A-Z])", sample_episode.segments[0].text)
    paras = [" ".join(sentences[i : i + 2]) for i in range(0, len(sentences), 2)]
    episode = Episode("The sample in paragraphs", [Segment(p) for p in paras])
    lib = Store(tmp_path / "library" / "library.sqlite3")
    lib.add_episode(episode, analyzer.analyse(episode))
    yield lib, episode
    lib.close()


@pytest.fixture
def in_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Wrap about two paragraphs before showing and one a step; make marks 30 at a time."""
    monkeypatch.setattr(transcript_view, "FIRST_CHARS", 400)
    monkeypatch.setattr(transcript_view, "STEP_CHARS", 1)
    monkeypatch.setattr(study, "STRETCH", 30)


async def _wrapped_whole(app, pilot) -> TranscriptView:  # type: ignore[no-untyped-def]
    """The transcript once its steps have wrapped all of it."""
    view = app.screen.query_one(TranscriptView)
    for _ in range(200):
        if view.laid_out:
            break
        await pilot.pause()
    await settle(pilot)
    assert view.laid_out
    return view


def _lines(view: TranscriptView) -> list[str]:
    return [view.strip_at(i).text.rstrip() for i in range(view.line_count)]


async def test_keys_reach_the_end_before_the_rest_is_wrapped(
    long_store: tuple[Store, Episode], in_parts: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, episode = long_store
    monkeypatch.setattr(TranscriptView, "_step", lambda self: None)  # the steps never come
    async with running(store, episode.id) as (app, pilot):
        screen = app.screen
        assert isinstance(screen, ReaderScreen) and screen.session is not None
        session, view = screen.session, screen.transcript
        assert len(episode.segments) > 10 and not view.laid_out
        assert view.strip_at(0).text.startswith("President Xi Jinping called on China")
        # repainting a word all over the transcript (made known) wraps nothing more now
        view.restyle([(len(episode.segments) - 1, 0, 5)])
        assert not view.laid_out
        # the last highlighted word, with `end` and then `p`: the view goes to the end
        await pilot.press("end")
        await pilot.pause()
        last_text = episode.segments[-1].text
        shown = " ".join(_lines(view)[round(view.scroll_y) :])
        assert last_text.split()[-1] in shown
        await pilot.press("p")
        await pilot.pause()
        mark = session.selected
        assert mark is not None and mark.segment >= len(episode.segments) - 2
        assert view.in_view(mark.segment, mark.start)
        # n from the top walks every highlighted word in order, to the last
        await pilot.press("home")
        await pilot.pause()
        session.select(None)
        walked = []
        for _ in range(session.highlighted):
            await pilot.press("n")
            walked.append(session.selected)
        assert walked[-1] == mark and len(set(walked)) == session.highlighted
        # a search from the top for a word only the last paragraph has goes there
        text = " ".join(s.text for s in episode.segments).lower()
        word = next(w for w in re.findall(r"[a-z]{6,}", last_text.lower()) if text.count(w) == 1)
        await pilot.press("home", "slash", *word)
        await pilot.pause()
        match = session.current_match
        assert match is not None and match.segment == len(episode.segments) - 1
        assert view.in_view(match.segment, match.start)
        bar = screen.query_one(SearchBar)
        bar.action_close()
        await pilot.pause()
        # a click on a word shown there selects it
        target = session.next(after=(len(episode.segments) - 1, 0))
        assert target is not None
        await click_word(pilot, view, target.segment, target.start)
        assert session.selected is not None and session.selected.start <= target.start < session.selected.end


async def test_the_transcript_wrapped_in_steps_is_the_one_wrapped_at_once(
    long_store: tuple[Store, Episode], monkeypatch: pytest.MonkeyPatch
) -> None:
    store, episode = long_store
    async with running(store, episode.id) as (app, pilot):
        view = app.screen.query_one(TranscriptView)
        assert view.laid_out
        whole = _lines(view)
    monkeypatch.setattr(transcript_view, "FIRST_CHARS", 400)
    monkeypatch.setattr(transcript_view, "STEP_CHARS", 1)
    async with running(store, episode.id) as (app, pilot):
        view = await _wrapped_whole(app, pilot)
        assert view.line_count == len(whole)
        assert _lines(view) == whole


def _table_words(pane: VocabPanel) -> list[str]:
    table = pane.table
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


async def _filled(pilot, pane: VocabPanel) -> None:  # type: ignore[no-untyped-def]
    for _ in range(200):
        if not pane.filling:
            return
        await pilot.pause()
    raise AssertionError("the vocabulary table never filled")


async def test_the_vocabulary_pane_filled_in_steps_shows_every_word(
    long_store: tuple[Store, Episode], monkeypatch: pytest.MonkeyPatch
) -> None:
    store, episode = long_store
    monkeypatch.setattr(vocab_panel, "FIRST_ROWS", 3)
    monkeypatch.setattr(vocab_panel, "STEP_ROWS", 2)
    async with running(store, episode.id) as (app, pilot):
        screen = app.screen
        assert isinstance(screen, ReaderScreen) and screen.session is not None
        await pilot.press("v")
        pane = screen.vocab_panel
        count = screen.session.advanced_count
        assert count > 10 and pane.border_subtitle.startswith(f"{count} words")  # all, from the start
        await _filled(pilot, pane)
        # every word to learn, in the table's order, as the pane lists them
        assert _table_words(pane) == [r.word for r in pane.shown] and len(pane.shown) == count
        # a word marked known while the rows come in: the table shows the list without it
        await pilot.press("down", "down")
        row = pane.shown[2]
        await pilot.press("k")
        assert store.statuses()[row.word] == "known"
        await _filled(pilot, pane)
        assert _table_words(pane) == [r.word for r in pane.shown] and row.word not in _table_words(pane)
        assert pane.table.cursor_row == 2  # the cursor stays where it was
        # typing a filter before the rows are all in: only the filtered rows, once
        pane.filter_box.focus()
        letter = pane.shown[-1].word[0]
        await pilot.press(letter)
        await _filled(pilot, pane)
        words = _table_words(pane)
        assert words == [r.word for r in pane.shown] and all(letter in w.casefold() for w in words)
        # Enter on the last row (one added in a step) jumps to that word in the transcript
        pane.focus_table()
        pane.table.move_cursor(row=pane.table.row_count - 1)
        await pilot.press("enter")
        await pilot.pause()
        mark = screen.session.selected
        assert mark is not None and screen.session.items[mark.item].lemma == pane.shown[-1].word


async def test_reopening_near_the_end_shows_it_without_wrapping_what_is_above(
    long_store: tuple[Store, Episode], in_parts: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, episode = long_store
    async with running(store, episode.id, (120, 16)) as (app, pilot):
        whole = _lines(app.screen.query_one(TranscriptView))  # (the steps wrap it all here)
    last = len(episode.segments) * 2 // 3  # (a screen of text below it: it can be on top)
    offset = episode.segments[last].text.index(" ") + 1  # its second word
    store.set_reading_state(episode.id, ReadingState(last, offset))
    monkeypatch.setattr(TranscriptView, "_step", lambda self: None)  # the steps never come
    async with running(store, episode.id, (120, 16)) as (app, pilot):
        view = app.screen.query_one(TranscriptView)
        assert not view.laid_out and view.paragraph_count > 10
        # it opens where the learner stopped: that line on top, as wrapped whole
        top = round(view.scroll_y)
        assert view.top_position()[0] == last
        shown = [view.strip_at(top + i).text.rstrip() for i in range(5)]
        at = whole.index(shown[0])
        assert whole[at : at + 5] == shown
        # a line up: the end of the paragraph above, just above what was on top
        await pilot.press("up")
        await pilot.pause()
        assert view.strip_at(round(view.scroll_y) + 1).text.rstrip() == shown[0]
        assert whole[at - 1] == view.strip_at(round(view.scroll_y)).text.rstrip()
        # a page up into paragraphs not wrapped yet: a page of the text as wrapped whole, ending
        # just above what was on top, every line in its place
        await pilot.press("pageup")
        await pilot.pause(0.5)  # (the page scroll is animated)
        page = [view.strip_at(round(view.scroll_y) + i).text.rstrip() for i in range(view.size.height)]
        start = whole.index(page[0])
        assert page == whole[start : start + len(page)] and start + len(page) == at - 1
        # home: the beginning, as wrapped whole
        await pilot.press("home")
        await pilot.pause()
        assert [view.strip_at(i).text.rstrip() for i in range(8)] == whole[:8]


async def test_wrapping_the_text_above_keeps_the_view_where_it_is(
    long_store: tuple[Store, Episode], in_parts: None
) -> None:
    store, episode = long_store
    async with running(store, episode.id, (120, 16)) as (app, pilot):
        whole = _lines(app.screen.query_one(TranscriptView))
    last = len(episode.segments) * 2 // 3
    store.set_reading_state(episode.id, ReadingState(last, 0))
    async with running(store, episode.id, (120, 16)) as (app, pilot):
        view = await _wrapped_whole(app, pilot)
        assert _lines(view) == whole
        # the steps wrapped every paragraph above it: the saved top is still the top line
        assert view.top_position() == (last, 0)
        assert whole[round(view.scroll_y)] == view.strip_at(round(view.scroll_y)).text.rstrip()
