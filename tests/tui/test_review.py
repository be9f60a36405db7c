"""The review screen, driven with Pilot: a whole session (reveal, rate, undo, quit) and then the
Store's log and due dates against what FSRS gives; typed answers; the episode opened at a card's
sentence; `r` from the library and the reader."""

from __future__ import annotations

from datetime import datetime

import pytest
from fsrs import Card, Rating, Scheduler
from textual.widgets import Input

from studyterm.model import Episode
from studyterm.review.scheduling import card_id
from studyterm.store import Store
from studyterm.store.library import ReadingState
from studyterm.tui.app import StudyApp, make_app
from studyterm.tui.screens.library_screen import LibraryScreen
from studyterm.tui.screens.reader_screen import ReaderScreen
from studyterm.tui.screens.review_screen import ReviewScreen
from studyterm.tui.widgets.transcript_view import TranscriptView

from .conftest import settle

pytestmark = pytest.mark.asyncio

WORDS = ["multilateralism", "strengthen", "think tank"]


def card_text(app: StudyApp) -> str:
    assert isinstance(app.screen, ReviewScreen)
    return str(app.screen.query_one("#review-card").content)


@pytest.fixture
def learning(store: Store) -> Store:
    for word in WORDS:
        store.set_statuses([word], "learning")
    return store


async def test_a_whole_session_is_kept_as_fsrs_schedules_it(learning: Store) -> None:
    app = make_app(learning, review=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        text = card_text(app)
        assert "multilateralism" in text and "practice true multilateralism" in text
        assert "多边主义" not in text
        await pilot.press("3")  # rating before seeing the back does nothing
        assert learning.review_log() == []
        await pilot.press("space")
        assert "多边主义" in card_text(app)
        await pilot.press("3")
        assert "strengthen" in card_text(app)
        await pilot.press("space", "1")
        assert "think tank" in card_text(app)
        await pilot.press("u")  # strengthen's Again taken back: its card again
        assert "strengthen" in card_text(app) and "加强" not in card_text(app)
        assert [r.lemma for r in learning.review_log()] == ["multilateralism"]
        await pilot.press("space", "3", "q")
        summary = card_text(app)
        assert "Session over" in summary and "Reviewed   2" in summary and "0%" in summary
        assert "Next due   in 10m" in summary
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code is not None  # started as `studyterm review`: leaving ends the app

    log = learning.review_log()
    assert [(r.lemma, r.rating) for r in log] == [("multilateralism", 3), ("strengthen", 3)]
    cards = learning.review_cards()
    assert set(cards) == {"multilateralism", "strengthen"}
    fsrs = Scheduler(enable_fuzzing=False)
    for r in log:
        at = datetime.fromisoformat(r.reviewed_at)
        expected, _ = fsrs.review_card(
            Card(card_id=card_id(r.lemma), due=at), Rating(r.rating), review_datetime=at
        )
        assert datetime.fromisoformat(cards[r.lemma].due) == expected.due
        assert r.due == cards[r.lemma].due and r.stability == expected.stability
    assert learning.statuses()["think tank"] == "learning"


async def test_a_stable_word_asks_for_the_english(learning: Store) -> None:
    learning.set_statuses(["multilateralism", "think tank"], "new")
    app = make_app(learning, review=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("space", "4")
    # as if months of easy reviews had passed: stable, due now, shown an odd number of times
    learning._db.execute(
        "UPDATE review_cards SET stability = 60, shown = 3, due = ?",
        (datetime.now().astimezone().isoformat(),),
    )
    app = make_app(learning, review=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        text = card_text(app)
        assert "Type the English word" in text and "加强" in text
        assert "strengthen the foundation" not in text and "______ the foundation" in text
        answer = app.screen.query_one("#review-answer", Input)
        assert answer.display and answer.has_focus
        await pilot.press(*"Strengthened", "enter")
        text = card_text(app)
        assert "Right (another form of the word)" in text and "strengthen the foundation" in text
        await pilot.press("3")
        assert "Session over" in card_text(app)
    assert [r.direction for r in learning.review_log()] == ["recognition", "production"]


async def test_o_opens_the_episode_at_the_sentence_and_back(learning: Store, sample_episode: Episode) -> None:
    app = make_app(learning, review=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("space", "3")  # on to strengthen
        await pilot.press("o")
        await settle(pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen) and reader.session is not None
        selected = reader.session.selected
        assert selected is not None
        text = sample_episode.segments[selected.segment].text[selected.start : selected.end]
        assert text == "strengthen"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen) and "strengthen" in card_text(app)


async def test_r_in_the_library_and_the_reader(learning: Store, sample_episode: Episode) -> None:
    app = make_app(learning)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen) and "multilateralism" in card_text(app)
        await pilot.press("space", "4", "q", "q")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
    app = make_app(learning, episode=sample_episode.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen) and "strengthen" in card_text(app)
        await pilot.press("space", "4", "escape", "escape")
        await settle(pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen) and reader.session is not None
        # Easy made it stage 3 (a stability of about 8 days): the reader shades it so at once
        assert reader.session.stages["strengthen"] == 3 == learning.stages()["strengthen"]
        item = next(i for i, it in enumerate(reader.session.items) if it.lemma == "strengthen")
        assert reader.session.role_of(item) == "learning-3"


async def test_nothing_to_review_says_so(store: Store) -> None:
    app = make_app(store, review=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Nothing reviewed" in card_text(app)


async def test_limits_are_changed_in_the_app_and_apply_at_once(learning: Store) -> None:
    learning.set_setting("review.new_per_day", "1")
    app = make_app(learning, review=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("space", "4")  # the one new word of the day, days away
        assert "Session over" in card_text(app) and "l changes the limits" in card_text(app)
        await pilot.press("l")
        new = app.screen.query_one("#limits-new", Input)
        new.value = ""
        await pilot.press("3", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen) and "strengthen" in card_text(app)
    assert learning.setting("review.new_per_day") == "3"


async def test_the_progress_screen_from_the_library(learning: Store) -> None:
    app = make_app(learning, review=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("space", "4", "space", "1")
    app = make_app(learning)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("S")
        await settle(pilot)
        figures = str(app.screen.query_one("#stats-figures").content)
        assert "new waiting 1" in figures and "under review 2" in figures
        assert "learning 3" in figures
        await pilot.press("q")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)


async def test_the_library_shows_the_highlighted_episodes_progress(
    learning: Store, sample_episode: Episode
) -> None:
    app = make_app(learning)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        line = str(app.screen.query_one("#library-progress").content)
        assert line.startswith("not opened yet") and "learning 3" in line
        await pilot.press("enter")
        await settle(pilot)
        last = len(sample_episode.segments) - 1
        app.save_reading_state(sample_episode.id, ReadingState(last, 0))
        await pilot.press("escape")
        await settle(pilot)
        line = str(app.screen.query_one("#library-progress").content)
        assert line.startswith("read ") and "last opened" in line and "learning 3" in line


async def test_stage_keys_in_the_reader_shade_the_word(store: Store, sample_episode: Episode) -> None:
    app = make_app(store, episode=sample_episode.id, level="5000")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen) and reader.session is not None
        await pilot.press("n")
        mark = reader.session.selected
        assert mark is not None
        lemma = reader.session.items[mark.item].lemma.lower()
        await pilot.press("3")
        assert store.stages()[lemma] == 3 and store.statuses()[lemma] == "learning"
        role = reader.session.role_of(mark.item)
        assert role in ("learning-3", "learning-phrase")
        await pilot.press("1")
        assert store.stages()[lemma] == 1
        assert reader.session.role_of(mark.item) in ("learning", "learning-phrase")
        await pilot.press("k")  # known: no stage any more
        assert lemma not in store.stages()
        view = reader.query_one(TranscriptView)
        shades = {
            view.get_component_rich_style(f"transcript--{role}").bgcolor
            for role in ("learning", "learning-2", "learning-3", "learning-4")
        }
        assert len(shades) == 4  # each stage its own shade
    app = make_app(store, episode=sample_episode.id, level="5000")
    store.set_stage([lemma], 4)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen) and reader.session is not None
        assert reader.session.stages[lemma] == 4  # a reopened episode shows the stage
