"""Fixtures for the review core: a library with the analysed sample episode and a clock the test
moves by hand (FSRS schedules by the time of each rating)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from studyterm.model import Analysis, Episode
from studyterm.store import Store

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class Clock:
    """Now, as the session sees it; `advance` moves it on."""

    def __init__(self, start: datetime = START) -> None:
        self.t = start

    def __call__(self) -> datetime:
        return self.t

    def advance(self, **delta: float) -> datetime:
        self.t += timedelta(**delta)
        return self.t


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def sample_store(tmp_path: Path, sample_episode: Episode, sample_analysis: Analysis) -> Iterator[Store]:
    """The sample episode in a fresh library, three of its words marked learning (in this order)."""
    lib = Store(tmp_path / "lib" / "library.sqlite3")
    lib.add_episode(sample_episode, sample_analysis)
    for word in ("multilateralism", "strengthen", "think tank"):
        lib.set_statuses([word], "learning")
    yield lib
    lib.close()
