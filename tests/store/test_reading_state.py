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


def test_how_far_read_only_moves_forward_and_every_migration_has_its_own_number(tmp_path: Path) -> None:
    from importlib import resources

    numbers = [
        f.name.split("_", 1)[0]
        for f in resources.files("studyterm.store.migrations").iterdir()
        if f.name.endswith(".sql")
    ]
    assert len(numbers) == len(set(numbers))  # the migrator skips a number it has seen
    with Store(tmp_path / "lib" / "library.sqlite3") as store:
        episode = Episode(title="t", segments=[Segment("one two three"), Segment("four five")])
        store.add_episode(episode)
        store.set_reading_state(episode.id, ReadingState(1, 0, None, (1, 4), "2026-01-02T03:04:05Z"))
        store.set_reading_state(episode.id, ReadingState(0, 0, None, (0, 3), None))  # scrolled up
        state = store.reading_state(episode.id)
        assert state is not None and state.top_segment == 0
        assert state.read == (1, 4) and state.opened_at == "2026-01-02T03:04:05Z"
        assert store.reading_states() == {episode.id: (state, "2026-01-02T03:04:05Z")}
