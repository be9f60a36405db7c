"""Messages that cross screens (those local to a widget live beside it)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

__all__ = ["EpisodeChosen", "LevelChanged"]


@dataclass
class EpisodeChosen(Message):
    """Open this episode in the reader (from the library)."""

    episode_id: str


@dataclass
class LevelChanged(Message):
    """The learner's level changed: highlights, coverage and counts must be recomputed."""

    level: int | str
