"""The review core on a real library: the queue, FSRS due dates, the log, undo, limits, known
after 21 days of stability, lapses, sentence rotation and direction."""

from __future__ import annotations

from datetime import datetime

from fsrs import Card, Rating, Scheduler

from studyterm.pipeline import analysis_version
from studyterm.review.content import load_content
from studyterm.review.limits import Limits, load_limits, save_limits
from studyterm.review.scheduling import card_id
from studyterm.review.session import ReviewSession
from studyterm.store import Store
from tests.review.conftest import Clock

WORDS = ["multilateralism", "strengthen", "think tank"]


def session(store: Store, clock: Clock, limits: Limits | None = None) -> ReviewSession:
    content = load_content(store, store.statuses(), analysis_version(None))
    return ReviewSession(store, content, now=clock, sched=Scheduler(enable_fuzzing=False), limits=limits)


def test_ratings_give_the_due_dates_fsrs_gives_and_are_logged_at_once(
    sample_store: Store, clock: Clock
) -> None:
    s = session(sample_store, clock)
    assert s.current is not None and s.current.lemma == WORDS[0]
    assert s.current.sentence is not None and "multilateralism" in s.current.sentence.text
    times = {}
    for lemma, rating in zip(WORDS, (3, 1, 4), strict=True):
        assert s.current is not None and s.current.lemma == lemma
        times[lemma] = clock.advance(seconds=7)
        s.rate(rating)
        # written at once: another connection to the file sees the rating
        with Store(sample_store.path) as other:
            assert [log.lemma for log in other.review_log()][-1] == lemma

    fsrs = Scheduler(enable_fuzzing=False)
    cards = sample_store.review_cards()
    for lemma, rating in zip(WORDS, (3, 1, 4), strict=True):
        expected, _ = fsrs.review_card(
            Card(card_id=card_id(lemma), due=times[lemma]), Rating(rating), review_datetime=times[lemma]
        )
        assert datetime.fromisoformat(cards[lemma].due) == expected.due
        assert cards[lemma].stability == expected.stability
    log = sample_store.review_log()
    assert [(r.lemma, r.rating, r.first, r.duration_ms) for r in log] == [
        ("multilateralism", 3, True, 7000),
        ("strengthen", 1, True, 7000),
        ("think tank", 4, True, 7000),
    ]
    # Again put strengthen one minute away: it comes back (learn-ahead) before the session ends
    assert s.current is not None and s.current.lemma == "strengthen"


def test_undo_takes_the_rating_back_in_the_library(sample_store: Store, clock: Clock) -> None:
    s = session(sample_store, clock)
    s.rate(3)
    before = sample_store.review_cards()["multilateralism"]
    clock.advance(seconds=5)
    s.rate(4)
    assert "strengthen" in sample_store.review_cards()
    shown = s.undo()
    assert shown is not None and shown.lemma == "strengthen"
    assert "strengthen" not in sample_store.review_cards()
    assert [r.lemma for r in sample_store.review_log()] == ["multilateralism"]
    assert sample_store.statuses()["strengthen"] == "learning"
    s.undo()
    assert sample_store.review_cards() == {} and sample_store.review_log() == []
    assert s.current is not None and s.current.lemma == "multilateralism"
    assert s.undo() is None
    assert before.reps == 1


def test_summary_counts_ratings_again_rate_and_next_due(sample_store: Store, clock: Clock) -> None:
    s = session(sample_store, clock)
    s.rate(3)
    s.rate(1)
    s.rate(3)
    summary = s.summary()
    assert (summary.reviewed, summary.again, summary.new) == (3, 1, 3)
    assert abs(summary.again_rate - 1 / 3) < 1e-9
    # the soonest is strengthen's one-minute step
    assert summary.next_due == datetime.fromisoformat(sample_store.review_cards()["strengthen"].due)


def test_stable_items_become_known_and_a_lapse_brings_them_back(sample_store: Store, clock: Clock) -> None:
    sample_store.set_statuses(["strengthen", "think tank"], "new")
    s = session(sample_store, clock)
    assert s.remaining == 1
    s.rate(4)  # straight to review, a week or so away
    for _ in range(4):
        row = sample_store.review_cards()["multilateralism"]
        if (row.stability or 0) >= 21:
            break
        clock.t = datetime.fromisoformat(row.due)
        s = session(sample_store, clock)
        assert s.current is not None and s.current.lemma == "multilateralism"
        s.rate(4)
    row = sample_store.review_cards()["multilateralism"]
    assert row.stability is not None and row.stability >= 21
    assert sample_store.statuses()["multilateralism"] == "known"
    assert row.graduated
    # still reviewed when due; Again makes it a learning word again
    clock.t = datetime.fromisoformat(row.due)
    s = session(sample_store, clock)
    assert s.current is not None and s.current.lemma == "multilateralism"
    s.rate(1)
    assert sample_store.statuses()["multilateralism"] == "learning"
    assert s.summary().back_to_learning == ["multilateralism"]
    assert sample_store.review_cards()["multilateralism"].lapses == 1


def test_a_word_marked_known_by_hand_leaves_review(sample_store: Store, clock: Clock) -> None:
    s = session(sample_store, clock)
    s.rate(3)
    sample_store.set_statuses(["multilateralism"], "known")
    clock.advance(days=3)
    assert "multilateralism" not in session(sample_store, clock).queue_info.items


def test_daily_limits_hold_across_sessions_of_the_day(sample_store: Store, clock: Clock) -> None:
    limits = Limits(new_per_day=2, reviews_per_day=1)
    s = session(sample_store, clock, limits)
    assert s.queue_info.new == WORDS[:2] and s.queue_info.new_left == 1
    s.rate(3)
    s.rate(3)
    # the two come back from their learning step (ten minutes) within the session
    assert s.current is not None and s.current.lemma == "multilateralism"
    clock.advance(hours=1)
    again = session(sample_store, clock, limits)
    assert again.queue_info.new == [] and again.queue_info.due == ["multilateralism"]
    assert again.queue_info.due_left == 1
    clock.advance(days=1)
    assert session(sample_store, clock, limits).queue_info.new == ["think tank"]


def test_limits_have_defaults_and_are_saved(sample_store: Store) -> None:
    assert load_limits(sample_store) == Limits(20, 200)
    assert save_limits(sample_store, new_per_day=5) == Limits(5, 200)
    sample_store.set_setting("review.reviews_per_day", "lots")
    assert load_limits(sample_store) == Limits(5, 200)


def test_sentences_rotate_and_stable_items_alternate_direction(sample_store: Store, clock: Clock) -> None:
    sample_store.set_statuses(WORDS, "new")
    sample_store.set_statuses(["cooperation"], "learning")
    s = session(sample_store, clock)
    first = s.current
    assert first is not None and len(first.content.sentences) > 3
    assert first.direction == "recognition"
    seen = []
    for _ in range(4):
        assert s.current is not None
        seen.append(s.current.sentence)
        s.rate(3)
        clock.t = datetime.fromisoformat(sample_store.review_cards()["cooperation"].due)
        s = session(sample_store, clock)
    assert len(set(map(id, seen))) == 4
    # made stable (as many easy months would), every other showing asks for the English
    row = sample_store.review_cards()["cooperation"]
    sample_store._db.execute(
        "UPDATE review_cards SET stability = 40, shown = 5 WHERE lemma = ?", ("cooperation",)
    )
    clock.t = datetime.fromisoformat(row.due)
    s = session(sample_store, clock)
    assert s.current is not None and s.current.direction == "production"
    s.rate(3)
    sample_store._db.execute(
        "UPDATE review_cards SET due = ? WHERE lemma = ?", (clock.t.isoformat(), "cooperation")
    )
    s = session(sample_store, clock)
    assert s.current is not None and s.current.lemma == "cooperation"
    assert s.current.direction == "recognition"


def test_a_word_no_episode_uses_gets_a_card_without_a_sentence(sample_store: Store, clock: Clock) -> None:
    sample_store.set_statuses(WORDS, "new")
    sample_store.set_statuses(["serendipity"], "learning")
    s = session(sample_store, clock)
    assert s.current is not None and s.current.lemma == "serendipity"
    assert s.current.sentence is None and s.current.content.gloss
