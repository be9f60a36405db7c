"""Progress figures from a review history made with the real scheduler and a moved clock."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from fsrs import Scheduler

from studyterm.pipeline import analysis_version
from studyterm.review.content import load_content
from studyterm.review.limits import day_start
from studyterm.review.session import ReviewSession
from studyterm.review.stats import compute_stats
from studyterm.store import Store
from tests.review.conftest import Clock


def _session(store: Store, clock: Clock) -> ReviewSession:
    content = load_content(store, store.statuses(), analysis_version(None))
    return ReviewSession(store, content, now=clock, sched=Scheduler(enable_fuzzing=False))


def test_due_retention_and_reviews_per_day(sample_store: Store, clock: Clock) -> None:
    s = _session(sample_store, clock)
    s.rate(4)  # multilateralism: days away
    s.rate(3)  # strengthen, think tank: ten minutes
    s.rate(3)
    st = compute_stats(sample_store, clock())
    assert (st.due_today, st.new_waiting, st.under_review, st.reviews_total) == (2, 0, 3, 3)
    assert st.retention is None and st.statuses["learning"] == 3
    due = datetime.fromisoformat(sample_store.review_cards()["multilateralism"].due)
    assert st.due_week == (3 if due < day_start(clock()) + timedelta(days=7) else 2)
    # days later: two reviews past the learning steps, one forgotten
    clock.t = due + timedelta(days=30)
    s = _session(sample_store, clock)
    ratings = {"multilateralism": 1, "strengthen": 3, "think tank": 3}
    while s.current is not None and len(s.done) < 3:
        s.rate(ratings[s.current.lemma])
    st = compute_stats(sample_store, clock())
    # strengthen and think tank were still in their learning step: only multilateralism counts
    assert (st.retention, st.retention_reviews) == (0.0, 1)
    assert st.reviews_total == 6
    assert st.reviews_per_day[-1] == (day_start(clock()).astimezone().date().isoformat(), 3)
    assert len(st.reviews_per_day) == 30 and sum(n for _, n in st.reviews_per_day) == 3


def test_stats_command_table_and_json(library: Path, run_cli: Callable) -> None:  # type: ignore[type-arg]
    run_cli("mark", "learning", "serendipity", "synergy")
    run_cli("mark", "known", "cat")
    r = run_cli("stats")
    assert r.code == 0 and "2 new waiting" in r.out and "learning 2" in r.out and "known 1" in r.out
    r = run_cli("stats", "--format", "json")
    data = json.loads(r.out)
    assert data["statuses"] == {"new": 0, "learning": 2, "known": 1, "ignored": 0}
    assert data["known_over_time"][-1]["known"] == 1 and data["retention"] is None
