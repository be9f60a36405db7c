"""Per-episode progress: how far read, and the episode's words by the learner's status."""

from __future__ import annotations

from studyterm.analysis.learner import Learner
from studyterm.model import Analysis, Episode, Segment
from studyterm.review.progress import episode_progress, read_share
from studyterm.store.library import ReadingState


def test_read_share_takes_the_furthest_place() -> None:
    ep = Episode(title="t", segments=[Segment("a" * 100), Segment("b" * 300)])
    assert read_share(ep, ReadingState(0, 0)) == 0.0
    assert read_share(ep, ReadingState(1, 100)) == 0.5
    assert read_share(ep, ReadingState(0, 50, (1, 200, 300))) == 1.0
    assert read_share(ep, ReadingState(7, 5)) == 1.0  # a place past the end (text changed)


def test_counts_follow_the_learners_statuses(sample_episode: Episode, sample_analysis: Analysis) -> None:
    learner = Learner(level=5000)
    base = episode_progress(sample_episode, sample_analysis, learner, None, None)
    assert base.read is None and base.learning == 0
    counted = [i for i in sample_analysis.items if not i.suspect]
    assert base.known + base.new == len(counted)
    assert base.new == sum(1 for i in counted if learner.is_advanced(i))
    hard = next(i for i in counted if learner.is_advanced(i))
    easy = next(i for i in counted if not learner.is_advanced(i))
    learner.statuses.update({hard.lemma: "learning", easy.lemma: "ignored"})
    after = episode_progress(
        sample_episode, sample_analysis, learner, ReadingState(0, 0), "2026-01-01T00:00:00Z"
    )
    assert (after.learning, after.new, after.known) == (1, base.new - 1, base.known - 1)
    assert after.read == 0.0 and after.opened == "2026-01-01T00:00:00Z"
