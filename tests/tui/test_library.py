"""The library screen, driven with Pilot: open, sort, import, delete; then the Store."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from textual.widgets import Button, DataTable, Input

from studyterm.analysis.learner import Learner
from studyterm.analysis.profile import build_profile
from studyterm.model import Analysis, Episode
from studyterm.store import Store
from studyterm.store.library import ReadingState
from studyterm.tui.app import make_app
from studyterm.tui.screens.confirm_modal import ConfirmModal
from studyterm.tui.screens.library_screen import LibraryScreen
from studyterm.tui.screens.reader_screen import ReaderScreen
from studyterm.tui.widgets.path_suggester import PathSuggester

from .conftest import settle

pytestmark = pytest.mark.asyncio


def _library(app) -> LibraryScreen:  # type: ignore[no-untyped-def]
    assert isinstance(app.screen, LibraryScreen)
    return app.screen


async def test_rows_show_the_learners_figures_and_open_the_reader(
    store: Store, sample_episode: Episode, sample_analysis: Analysis
) -> None:
    app = make_app(store, level="5000")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = _library(app)
        profile = build_profile(sample_analysis, Learner(level=5000, statuses={}))
        [row] = screen.rows
        assert row.title == sample_episode.title and row.date == "2025-06-17"
        assert (row.words, row.advanced) == (profile.tokens, profile.advanced)
        assert row.coverage == pytest.approx(profile.coverage * 100)
        table = screen.query_one(DataTable)
        cells = [str(c) for c in table.get_row_at(0)]
        assert f"{profile.coverage * 100:.1f}" in cells and "China Daily Podcast" in cells
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("n", "k")  # a word becomes known: the library's figure follows
        await pilot.press("escape")
        await settle(pilot)
        screen = _library(app)
        assert screen.rows[0].advanced == profile.advanced - 1


async def test_the_demo_goes_back_to_a_library(store: Store, sample_episode: Episode) -> None:
    app = make_app(store, episode=sample_episode.id, level="5000")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert [r.id for r in _library(app).rows] == [sample_episode.id]


async def test_delete_asks_first(store: Store, sample_episode: Episode) -> None:
    store.set_reading_state(sample_episode.id, ReadingState(0, 10, None))
    app = make_app(store, level="5000")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")
        await settle(pilot)
        assert len(store.episodes()) == 1 and len(_library(app).rows) == 1
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert store.episodes() == []
        assert store.reading_state(sample_episode.id) is None
        screen = _library(app)
        assert screen.has_class("-empty") and screen.query_one("#sample", Button).display


async def test_empty_library_explains_and_offers_the_sample(empty_store: Store) -> None:
    app = make_app(empty_store, level="5000")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = _library(app)
        assert screen.has_class("-empty")
        text = str(screen.query_one("#empty-text").content)
        assert "studyterm import FILE" in text and "a " in text
        await pilot.click("#sample")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert len(empty_store.episodes()) == 1


async def test_import_a_file_and_reject_a_bad_one(
    store: Store, sample_episode: Episode, tmp_path: Path
) -> None:
    good = tmp_path / "talk.txt"
    good.write_text(
        "Leaders vowed to steadfastly uphold multilateralism.\n\nObservers praised the synergy.\n",
        encoding="utf-8",
    )
    bad = tmp_path / "noise.txt"
    bad.write_bytes(b"\x00\x01\x02binary\xff\xfe" * 50)
    app = make_app(store, level="5000")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await pilot.pause()
        entry = app.screen.query_one("#path-input", Input)
        entry.value = str(bad)
        await pilot.press("enter")
        await settle(pilot)
        assert len(store.episodes()) == 1
        assert any("noise.txt" in n.message for n in app._notifications)
        await pilot.press("a")
        await pilot.pause()
        app.screen.query_one("#path-input", Input).value = str(good)
        await pilot.press("enter")
        await settle(pilot)
        screen = _library(app)
        assert len(store.episodes()) == 2 and len(screen.rows) == 2
        [new] = [e.id for e in store.episodes() if e.id != sample_episode.id]
        assert screen.selected_id == new  # the cursor is on what was just imported


async def test_import_in_the_app_keeps_to_max_size(store: Store, tmp_path: Path) -> None:
    """`studyterm --max-size 1`: the library's `a` refuses a larger file as `import` does."""
    big = tmp_path / "big.txt"
    big.write_text("Observers praised the synergy of the two sides.\n\n" * 30_000, encoding="utf-8")
    app = make_app(store, level="5000", max_bytes=1024 * 1024)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await pilot.pause()
        app.screen.query_one("#path-input", Input).value = str(big)
        await pilot.press("enter")
        await settle(pilot)
        assert len(store.episodes()) == 1
        assert any(
            "big.txt" in n.message and "larger than the 1 MB limit" in n.message for n in app._notifications
        )


async def test_sorting_by_a_column(store: Store, tmp_path: Path, analyzer) -> None:  # type: ignore[no-untyped-def]
    from studyterm.ingest import load_episode

    short = tmp_path / "short.txt"
    short.write_text("A brief note on multilateralism.\n", encoding="utf-8")
    episode = load_episode(short)
    store.add_episode(episode, analyzer.analyse(episode))
    app = make_app(store, level="5000")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = _library(app)
        while screen.sort_column != "words":
            await pilot.press("o")
        table = screen.query_one(DataTable)
        order = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        assert order[-1] == "short"  # the longest first
        await pilot.press("o")  # by words again would reverse; this moves to "advanced"
        assert screen.sort_column == "advanced"


async def test_path_completion(tmp_path: Path) -> None:
    (tmp_path / "episode-one.txt").write_text("x")
    (tmp_path / "episodes").mkdir()
    suggester = PathSuggester((".txt",))
    base = str(tmp_path)
    assert await suggester.get_suggestion(base + "/epi") == base + "/episode-one.txt"
    assert await suggester.get_suggestion(base + "/episodes") == base + "/episodes/"
    assert await suggester.get_suggestion(base + "/nothing") is None


async def test_back_from_the_reader_the_cursor_is_on_that_episode(
    store: Store, sample_episode: Episode, tmp_path: Path, analyzer
) -> None:  # type: ignore[no-untyped-def]
    from studyterm.ingest import load_episode

    short = tmp_path / "short.txt"
    short.write_text("A brief note on multilateralism.\n", encoding="utf-8")
    episode = load_episode(short)
    store.add_episode(episode, analyzer.analyse(episode))
    app = make_app(store, episode=episode.id, level="5000")  # `studyterm study short.txt`
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        screen = _library(app)
        table = screen.query_one(DataTable)
        last = table.coordinate_to_cell_key((1, 0)).row_key.value
        # newest first: the undated file counts from the day it was imported, shown as its date
        assert table.row_count == 2 and last == sample_episode.id
        today = store.episodes()[-1].imported_at[:10]
        assert str(table.get_row(episode.id)[2]) == today
        assert screen.selected_id == episode.id  # so `d` or Enter acts on the one just read


# -- episodes whose cached analysis is gone (an upgrade changed the analysis version) ---------


async def _until(pilot, condition, tries: int = 400) -> None:  # type: ignore[no-untyped-def]
    """Let the app run until `condition()` holds (a bounded wait, not a timing assertion)."""
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.05)
    assert condition()


def _stale_short_episode(store: Store, tmp_path: Path, analyzer, name: str = "short"):  # type: ignore[no-untyped-def]
    """A short episode in the library whose analysis is not cached for this version."""
    from studyterm.ingest import load_episode

    path = tmp_path / f"{name}.txt"
    path.write_text(f"A brief note on multilateralism and {name}.\n", encoding="utf-8")
    episode = load_episode(path)
    store.add_episode(episode, analyzer.analyse(episode))
    store._db.execute("DELETE FROM analyses WHERE content_hash = ?", (episode.content_hash,))
    return episode


def _cells_of(screen: LibraryScreen, episode_id: str) -> list[str]:
    return [str(c) for c in screen.query_one(DataTable).get_row(episode_id)]


async def test_episodes_without_an_analysis_are_analysed_in_the_background(
    store: Store, tmp_path: Path, analyzer
) -> None:  # type: ignore[no-untyped-def]
    from studyterm.pipeline import ANALYSIS_LOCK, analysis_version

    episode = _stale_short_episode(store, tmp_path, analyzer)
    app = make_app(store, level="5000")
    held = ANALYSIS_LOCK.acquire()  # spaCy is busy: the re-analysis waits, the UI must not
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await _until(pilot, lambda: isinstance(app.screen, LibraryScreen) and bool(app.screen.rows))
            screen = _library(app)
            title = screen.query_one("#library-title")
            await _until(pilot, lambda: "analysing 1 episode…" in str(title.content))
            assert _cells_of(screen, episode.id)[3:6] == ["—", "—", "—"]
            await pilot.press("o")  # still answering keys meanwhile
            assert screen.sort_column == "words"  # the next column after the date
            ANALYSIS_LOCK.release()
            held = False
            await _until(pilot, lambda: not screen.analysing)
            await pilot.pause()
            row = next(r for r in screen.rows if r.id == episode.id)
            assert row.words is not None and row.words > 0 and row.coverage is not None
            assert _cells_of(screen, episode.id)[3] == str(row.words)
            assert "analysing" not in str(title.content)
    finally:
        if held:
            ANALYSIS_LOCK.release()
    assert store.analysis(episode.content_hash, analysis_version(None)) is not None


async def test_leaving_an_episode_being_analysed_fills_its_row_when_done(
    store: Store, tmp_path: Path, analyzer
) -> None:  # type: ignore[no-untyped-def]
    from studyterm.pipeline import ANALYSIS_LOCK

    episode = _stale_short_episode(store, tmp_path, analyzer)
    app = make_app(store, level="5000")
    held = ANALYSIS_LOCK.acquire()
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await _until(pilot, lambda: isinstance(app.screen, LibraryScreen) and bool(app.screen.rows))
            screen = _library(app)
            table = screen.query_one(DataTable)
            table.move_cursor(row=table.get_row_index(episode.id))
            await pilot.press("enter")
            await _until(pilot, lambda: isinstance(app.screen, ReaderScreen))
            assert app.screen.session is None  # still being analysed
            await pilot.press("escape")
            await _until(pilot, lambda: app.screen is screen and not screen.loading)
            assert _cells_of(screen, episode.id)[3] == "—"
            ANALYSIS_LOCK.release()
            held = False
            await _until(pilot, lambda: _cells_of(screen, episode.id)[3] != "—")
            assert next(r for r in screen.rows if r.id == episode.id).advanced is not None
    finally:
        if held:
            ANALYSIS_LOCK.release()


class _WatchedLock:
    """A real lock that also tells the test when a thread starts waiting for it."""

    def __init__(self) -> None:
        self.lock = threading.RLock()  # as the pipeline's: it takes it again inside
        self.waited = threading.Event()

    def __enter__(self) -> None:
        self.waited.set()
        self.lock.acquire()

    def __exit__(self, *exc: object) -> None:
        self.lock.release()


async def test_quitting_stops_the_background_analysis(
    store: Store, tmp_path: Path, analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from studyterm import pipeline
    from studyterm.pipeline import analysis_version

    stale = [_stale_short_episode(store, tmp_path, analyzer, name) for name in ("one", "two")]
    watched = _WatchedLock()
    monkeypatch.setattr(pipeline, "ANALYSIS_LOCK", watched)
    app = make_app(store, level="5000")
    watched.lock.acquire()
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await _until(
                pilot, lambda: isinstance(app.screen, LibraryScreen) and len(app.screen.analysing) == 2
            )
            screen = _library(app)
            await _until(pilot, watched.waited.is_set)  # the worker is in its first analysis
            done = screen.analysis_done
            await pilot.press("q")  # quits at once, though spaCy has not finished
        assert not done.is_set()
    finally:
        watched.lock.release()
    assert done.wait(timeout=60)  # the worker finished the episode it was on, then stopped
    version = analysis_version(None)
    cached = [store.analysis(e.content_hash, version) is not None for e in stale]
    assert sorted(cached) == [False, True]


async def test_the_footer_shows_enter_opens(store: Store, sample_episode: Episode) -> None:
    from textual.widgets._footer import FooterKey

    app = make_app(store, level="5000")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        keys = {k.key: k.description for k in app.screen.query(FooterKey)}
        assert keys.get("enter") == "Open"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen) and app.screen.episode_id == sample_episode.id


async def test_rows_show_how_far_read_the_words_marked_and_when_last_opened(
    store: Store, sample_episode: Episode
) -> None:
    app = make_app(store, level="5000")
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        [row] = _library(app).rows
        assert (row.read, row.learning, row.opened) == (0.0, 0, "")
        known_before = row.known
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("n", "k", "n", "l", "end")  # one word known, one learning, the end
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        screen = _library(app)
        [row] = screen.rows
        progress = screen.progress[sample_episode.id]  # the line under the table agrees
        assert row.read == pytest.approx(100.0) and row.learning == 1 == progress.learning
        assert row.known == progress.known == known_before + 1  # the word marked known
        today = store.episodes()[0].imported_at[:10]
        assert row.opened.startswith(today)
        cells = [str(c) for c in screen.query_one(DataTable).get_row(sample_episode.id)]
        headings = [str(c.label) for c in screen.query_one(DataTable).columns.values()]
        assert {"Read %", "Known", "Learning", "Last opened"} <= set(headings)
        assert cells[headings.index("Read %")] == "100"
        assert cells[headings.index("Last opened")] == row.opened
    # kept in the library: the next session shows the same
    state = store.reading_state(sample_episode.id)
    assert state is not None and state.read > (0, 0) and state.opened_at


async def test_in_app_import_takes_a_title_and_a_chinese_summary(store: Store, tmp_path: Path) -> None:
    talk = tmp_path / "talk.txt"
    talk.write_text("Leaders vowed to steadfastly uphold multilateralism.\n", encoding="utf-8")
    summary = tmp_path / "summary.txt"
    summary.write_text(
        "主持人：领导人誓言坚定维护多边主义。\n嘉宾：观察人士称赞协同效应。\n", encoding="utf-8"
    )
    app = make_app(store, level="5000")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await pilot.pause()
        app.screen.query_one("#path-input", Input).value = str(talk)
        app.screen.query_one("#import-title", Input).value = "Trade talks"
        app.screen.query_one("#import-summary", Input).value = str(summary)
        app.screen.query_one("#import-summary", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        screen = _library(app)
        row = next(r for r in screen.rows if r.title == "Trade talks")
        assert not row.dated  # no date in a .txt: the import day stands in
    episode = store.episode(row.id)
    assert [(s.speaker, s.text) for s in episode.summary_zh] == [
        ("主持人", "领导人誓言坚定维护多边主义。"),
        ("嘉宾", "观察人士称赞协同效应。"),
    ]


@pytest.mark.parametrize("size", [(60, 20), (80, 24)], ids=["60x20", "80x24"])
async def test_the_library_fits_a_small_terminal(store: Store, size: tuple[int, int]) -> None:
    from textual.widgets import Footer

    app = make_app(store, level="5000")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        table = _library(app).query_one(DataTable)
        headings = [str(c.label) for c in table.columns.values()]
        assert {"Title", "Date", "To learn", "Read %"} <= set(headings)
        assert table.virtual_size.width <= table.scrollable_content_region.width  # no column cut
        footer = app.screen.query_one(Footer)
        keys = [k for k in footer.query("FooterKey") if k.region.right <= size[0]]
        assert any("Help" in str(k.render()) for k in keys) and any("Import" in str(k.render()) for k in keys)
