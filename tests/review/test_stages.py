"""Learning stages 1–4: set by the learner, moved by FSRS stability, taken back by undo."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from fsrs import Scheduler

from studyterm.pipeline import analysis_version
from studyterm.review.content import load_content
from studyterm.review.scheduling import stage_for
from studyterm.review.session import ReviewSession
from studyterm.store import Store
from tests.review.conftest import Clock


def test_stage_bounds() -> None:
    assert [stage_for(s) for s in (None, 0.2, 2.9, 3.0, 6.9, 7.0, 13.9, 14.0, 20.9)] == [
        1,
        1,
        1,
        2,
        2,
        3,
        3,
        4,
        4,
    ]


def test_review_moves_stages_and_undo_restores_them(sample_store: Store, clock: Clock) -> None:
    sample_store.set_stage(["think tank"], 2)
    assert sample_store.stages() == {"multilateralism": 1, "strengthen": 1, "think tank": 2}
    content = load_content(sample_store, sample_store.statuses(), analysis_version(None))
    s = ReviewSession(sample_store, content, now=clock, sched=Scheduler(enable_fuzzing=False))
    assert s.current is not None and s.current.stage == 1
    s.rate(4)  # stability 8.3 days: stage 3
    s.rate(3)  # 2.3 days: stage 1
    assert s.current is not None and s.current.lemma == "think tank" and s.current.stage == 2
    s.rate(3)
    assert sample_store.stages() == {"multilateralism": 3, "strengthen": 1, "think tank": 1}
    s.undo()
    assert sample_store.stages()["think tank"] == 2


def test_statuses_drop_and_keep_the_stage(sample_store: Store) -> None:
    sample_store.set_stage(["strengthen"], 4)
    sample_store.set_statuses(["strengthen"], "learning")  # still learning: the stage stays
    assert sample_store.stages()["strengthen"] == 4
    sample_store.set_statuses(["strengthen"], "known")
    sample_store.set_statuses(["strengthen"], "learning")  # learnt afresh: stage 1
    assert sample_store.stages()["strengthen"] == 1


def test_mark_learning_with_a_stage(library: Path, run_cli: Callable) -> None:  # type: ignore[type-arg]
    r = run_cli("mark", "learning", "--stage", "3", "synergy")
    assert r.code == 0 and "learning (stage 3): synergy" in r.out
    with Store.open(library) as store:
        assert store.stages() == {"synergy": 3}
    assert run_cli("mark", "known", "--stage", "2", "synergy").code == 2
    r = run_cli("stats", "--format", "json")
    assert '"3": 1' in r.out
