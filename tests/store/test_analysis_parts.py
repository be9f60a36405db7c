"""Analyses stored in parts (migration 0010): read back equal, each sentence once, occurrences
made only when read, and libraries from before the parts converted without losing anything."""

from __future__ import annotations

import json
import sqlite3
import zlib
from importlib import resources
from pathlib import Path

from studyterm.analysis.learner import Learner
from studyterm.model import Analysis, Episode
from studyterm.pipeline import analysis_version, fill_word_table, library_overview
from studyterm.store import Store


def _sentences(store: Store) -> list[str]:
    rows = store._db.execute("SELECT data FROM analysis_sentences ORDER BY analysis, chunk").fetchall()
    return [s for (blob,) in rows for s in json.loads(zlib.decompress(blob))]


def _stored(path: Path, analysis: Analysis) -> tuple[Analysis | None, list[str]]:
    """The analysis read back from a library it was stored in, and the sentences stored."""
    with Store(path) as store:
        store.put_analysis(analysis)
        return store.analysis(analysis.content_hash, analysis.version), _sentences(store)


def test_an_analysis_reads_back_equal_with_each_sentence_stored_once(
    tmp_path: Path, sample_analysis: Analysis
) -> None:
    again, stored = _stored(tmp_path / "lib.sqlite3", sample_analysis)
    assert again == sample_analysis
    met = {o.sentence for i in sample_analysis.items for o in i.occurrences}
    assert sorted(stored) == sorted(met)  # every sentence, none twice
    assert sum(len(i.occurrences) for i in sample_analysis.items) > 2 * len(stored)


def test_occurrences_are_made_when_read_and_share_their_sentence(
    tmp_path: Path, sample_analysis: Analysis
) -> None:
    again, _ = _stored(tmp_path / "lib.sqlite3", sample_analysis)
    assert again is not None
    # read after the store is closed: the item carries what it needs
    assert [i.lemma for i in again.items] == [i.lemma for i in sample_analysis.items]
    assert not any(isinstance(i.__dict__["occurrences"], list) for i in again.items)  # none made
    occurrences = [o for i in again.items for o in i.occurrences]
    by_text: dict[str, list[str]] = {}
    for o in occurrences:
        by_text.setdefault(o.sentence, []).append(o.sentence)
    shared = [texts for texts in by_text.values() if len(texts) > 1]
    assert shared and all(t is texts[0] for texts in shared for t in texts)


def _old_library(path: Path, episode: Episode, analysis: Analysis) -> None:
    """A library as studyterm made it before migration 0010: the analysis one JSON value."""
    db = sqlite3.connect(path)
    files = sorted(
        f
        for f in resources.files("studyterm.store.migrations").iterdir()
        if f.name.endswith(".sql") and int(f.name[:4]) < 10
    )
    db.execute(
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
        " applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))"
    )
    for f in files:
        db.executescript(f.read_text(encoding="utf-8"))
        db.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", (int(f.name[:4]), f.name))
    db.execute(
        "INSERT INTO episodes (id, content_hash, title, format, data) VALUES (?, ?, ?, ?, ?)",
        (episode.id, episode.content_hash, episode.title, episode.format, episode.to_json()),
    )
    blob = zlib.compress(json.dumps(analysis.to_dict(), ensure_ascii=False).encode())
    db.execute(
        "INSERT INTO analyses (content_hash, version, data) VALUES (?, ?, ?)",
        (analysis.content_hash, analysis.version, blob),
    )
    db.commit()
    db.close()


def test_a_library_from_before_the_parts_is_read_then_converted(
    tmp_path: Path, sample_episode: Episode, sample_analysis: Analysis
) -> None:
    version = analysis_version(None)
    analysis = Analysis(
        sample_analysis.content_hash,
        version,
        sample_analysis.tokens,
        sample_analysis.items,
        sample_analysis.other_bands,
    )
    path = tmp_path / "lib.sqlite3"
    _old_library(path, sample_episode, analysis)
    with Store(path) as store:
        assert store.schema_version >= 10
        assert store.legacy_analyses(version) == [analysis.content_hash]
        assert store.analysis(analysis.content_hash, version) == analysis  # read as it was
        assert fill_word_table(store, version) == []
        assert store.legacy_analyses(version) == []
        assert store.analysis(analysis.content_hash, version) == analysis  # now in parts
        assert _sentences(store)
        [row] = library_overview(store, Learner(5000))
        assert row.figures is not None and row.figures.tokens == analysis.tokens


def test_deleting_an_episode_deletes_its_parts(
    tmp_path: Path, sample_episode: Episode, sample_analysis: Analysis
) -> None:
    with Store(tmp_path / "lib.sqlite3") as store:
        store.add_episode(sample_episode, sample_analysis)
        store.delete_episode(sample_episode.id)
        for table in ("analyses", "analysis_list", "analysis_sentences"):
            assert store._db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == 0
