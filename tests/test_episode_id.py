"""Episode ids: content-derived, computed once, never stale."""

from __future__ import annotations

from dataclasses import replace

from studyterm.model import Episode, Segment


def test_episode_id_follows_its_segments() -> None:
    """The id is computed once, yet never stale: a new or grown segment list changes it."""
    episode = Episode("t", [Segment("one")])
    first = episode.id
    assert episode.id == first
    episode.segments.append(Segment("two"))
    second = episode.id
    assert second != first
    episode.segments = [Segment("one")]
    assert episode.id == first
    assert replace(episode, segments=[Segment("three")]).id not in (first, second)
