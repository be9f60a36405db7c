"""The SQLite library: migrations, idempotent imports, transactions, cached analyses, statuses."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

import pytest

from studyterm.model import Analysis, Episode, Occurrence, Segment, VocabItem
from studyterm.store import Store


def _episode(text: str = "Leaders vowed to consolidate mutual trust.") -> Episode:
    return Episode(title="A talk", podcast="Pod", segments=[Segment(text)])


def test_schema_is_migrated_and_recorded(tmp_path: Path) -> None:
    with Store(tmp_path / "lib.sqlite3") as store:
        assert store.schema_version >= 1
    db = sqlite3.connect(tmp_path / "lib.sqlite3")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    names = [r[0] for r in db.execute("SELECT name FROM schema_migrations")]
    assert names[0] == "0001_initial.sql"
    # opening again applies nothing twice
    Store(tmp_path / "lib.sqlite3").close()
    assert db.execute("SELECT COUNT(*) FROM schema_migrations").fetchone()[0] == len(names)


def test_same_content_is_stored_once(tmp_path: Path) -> None:
    with Store(tmp_path / "lib.sqlite3") as store:
        assert store.add_episode(_episode()) is True
        assert store.add_episode(_episode()) is False
        assert len(store.episodes()) == 1
        assert store.add_episode(_episode("Something else entirely.")) is True
        assert len(store.episodes()) == 2


def test_episode_round_trips_and_is_found_by_prefix_and_title(tmp_path: Path) -> None:
    ep = _episode()
    with Store(tmp_path / "lib.sqlite3") as store:
        store.add_episode(ep)
        back = store.episode(ep.id)
        assert back == ep
        # its id and hash (the stored one, not computed again) are those of its text, and a
        # changed text has its own
        assert back.id == ep.id and back.content_hash == ep.content_hash
        back.segments = [*back.segments, Segment("One more paragraph.")]
        assert back.content_hash != ep.content_hash
        assert store.find_episode(ep.id[:5]) == ep.id
        assert store.find_episode("a tal") == ep.id
        from studyterm.errors import NotFoundError

        with pytest.raises(NotFoundError):
            store.find_episode("nothing like it")
        with pytest.raises(NotFoundError):
            store.find_episode("%")


def test_an_ambiguous_reference_names_the_candidates(tmp_path: Path) -> None:
    from studyterm.errors import NotFoundError

    with Store(tmp_path / "lib.sqlite3") as store:
        first = _episode("Leaders met.")
        second = Episode(title="Another talk", segments=[Segment("Talks resumed.")])
        store.add_episode(first)
        store.add_episode(second)
        with pytest.raises(NotFoundError) as info:
            store.find_episode("talk")  # a piece of both titles
        message = str(info.value)
        assert "'talk' matches 2 episodes" in message
        assert f"{first.id} A talk" in message and f"{second.id} Another talk" in message


def _failing() -> list[Occurrence]:
    raise RuntimeError("disk full, say")


def test_a_failed_write_leaves_the_library_as_it_was(tmp_path: Path, sample_analysis: Analysis) -> None:
    ep = _episode()
    # the write fails half-way: after the episode, the analysis's head and its first items
    fields = {
        f.name: getattr(sample_analysis.items[0], f.name)
        for f in dataclasses.fields(VocabItem)
        if f.name != "occurrences"
    }
    broken = dataclasses.replace(
        sample_analysis,
        content_hash=ep.content_hash,
        items=[*sample_analysis.items[:3], VocabItem.packed(_failing, **fields)],
    )
    with Store(tmp_path / "lib.sqlite3") as store:
        with pytest.raises(RuntimeError):
            store.add_episode(ep, broken)
        assert store.episodes() == []
        assert store.analysis(ep.content_hash, broken.version) is None
        assert store._db.execute("SELECT COUNT(*) FROM analysis_list").fetchone()[0] == 0
        store.add_episode(ep)  # the store is usable afterwards
        assert len(store.episodes()) == 1


def test_analysis_cache_is_keyed_by_hash_and_version(tmp_path: Path, sample_analysis: Analysis) -> None:
    with Store(tmp_path / "lib.sqlite3") as store:
        store.put_analysis(sample_analysis)
        again = store.analysis(sample_analysis.content_hash, sample_analysis.version)
        assert again == sample_analysis
        assert store.analysis(sample_analysis.content_hash, "other-version") is None


def test_statuses_and_settings(tmp_path: Path) -> None:
    with Store(tmp_path / "lib.sqlite3") as store:
        store.set_statuses(["Synergy", "think tank"], "learning")
        store.set_statuses(["synergy"], "known")
        assert store.statuses() == {"synergy": "known", "think tank": "learning"}
        with pytest.raises(ValueError):
            store.set_statuses(["x"], "forgotten")
        store.set_setting("level", "B2")
        assert store.setting("level") == "B2"
    with Store(tmp_path / "lib.sqlite3") as store:  # persisted
        assert store.statuses()["synergy"] == "known"


def test_delete_removes_episode_and_its_analysis(
    tmp_path: Path, sample_episode: Episode, sample_analysis: Analysis
) -> None:
    with Store(tmp_path / "lib.sqlite3") as store:
        store.add_episode(sample_episode, sample_analysis)
        store.delete_episode(sample_episode.id)
        assert store.episodes() == []
        assert store.analysis(sample_analysis.content_hash, sample_analysis.version) is None
