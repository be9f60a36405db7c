"""A learner's progress through one episode: how far they have read, and how many of its words
they know, are learning, and have still to learn (LingQ's and Lute's per-text figures).

*Read* is the furthest place the study app kept for the episode (the top of the view, the
selected word, or the furthest point ever at the bottom of the view) as a share of the
transcript's characters. *Known* counts the
episode's words the learner knows (marked known, or within their level), *learning* those marked
learning, *new* the rest of those beyond the level (the reader's highlights); ignored words and
words no dictionary knows count in none.
"""

from __future__ import annotations

from dataclasses import dataclass

from studyterm.analysis.learner import Learner
from studyterm.model import Analysis, Episode
from studyterm.store.library import ReadingState

__all__ = ["EpisodeProgress", "episode_progress", "read_share"]


@dataclass(frozen=True)
class EpisodeProgress:
    read: float | None  # 0…1, None when never opened
    known: int
    learning: int
    new: int
    opened: str | None  # ISO UTC of the last time the study app kept its place


def read_share(episode: Episode, state: ReadingState) -> float:
    """How far into the transcript `state` is, as a share of its characters."""
    lengths = [len(seg.text) for seg in episode.segments]
    total = sum(lengths)
    if total == 0:
        return 0.0
    places = [(state.top_segment, state.top_offset), state.read]  # read: the furthest in view
    if state.selected is not None:
        places.append((state.selected[0], state.selected[2]))
    segment, offset = max(places)
    segment = min(max(segment, 0), len(lengths))
    done = sum(lengths[:segment]) + (min(max(offset, 0), lengths[segment]) if segment < len(lengths) else 0)
    return min(1.0, done / total)


def episode_progress(
    episode: Episode,
    analysis: Analysis | None,
    learner: Learner,
    state: ReadingState | None,
    opened: str | None,
) -> EpisodeProgress:
    """The figures of one episode (word counts 0 while it is not analysed)."""
    known = learning = new = 0
    for item in analysis.items if analysis is not None else ():
        status = learner.status_of(item)
        if status == "ignored" or (item.suspect and status is None):
            continue
        if status == "learning":
            learning += 1
        elif learner.is_advanced(item):
            new += 1
        else:
            known += 1
    read = read_share(episode, state) if state is not None else None
    return EpisodeProgress(read, known, learning, new, opened)
