"""Reading state (migration 0003): where the study app left each episode."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from studyterm.model import Episode, Segment
from studyterm.store import Store
from studyterm.store.library import ReadingState


def test_reading_state_round_trips_updates_and_goes_with_its_episode(tmp_path: Path) -> None:
    episode = Episode(title="A talk", segments=[Segment("Leaders vowed to deepen mutual trust.")])
    with Store(tmp_path / "lib.sqlite3") as store:
        store.add_episode(episode)
        assert store.reading_state(episode.id) is None
        store.set_reading_state(episode.id, ReadingState(0, 12, (0, 17, 23)))
        assert store.reading_state(episode.id) == ReadingState(0, 12, (0, 17, 23))
        store.set_reading_state(episode.id, ReadingState(0, 30, None))
        assert store.reading_state(episode.id) == ReadingState(0, 30, None)
        store.delete_episode(episode.id)
        assert store.reading_state(episode.id) is None
    db = sqlite3.connect(tmp_path / "lib.sqlite3")
    names = [r[0] for r in db.execute("SELECT name FROM schema_migrations")]
    assert "0003_reading_state.sql" in names
    assert db.execute("SELECT COUNT(*) FROM reading_state").fetchone()[0] == 0
