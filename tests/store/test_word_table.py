"""The library's word table: library-wide views as queries agree with decoding every analysis."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from studyterm.analysis.learner import Learner, lemmas_for
from studyterm.analysis.profile import build_profile
from studyterm.ingest import load_episode
from studyterm.model import Analysis, Episode
from studyterm.pipeline import (
    analysis_version,
    fill_word_table,
    library_overview,
    other_episodes,
    resolve_marks,
)
from studyterm.review.progress import episode_progress
from studyterm.store import Store
from tests.store.older_schema import as_before_one_item_row

NEWS = Path(__file__).parent.parent / "fixtures" / "news"


@pytest.fixture(scope="module")
def analysed(analyzer) -> list[tuple[Episode, Analysis]]:  # type: ignore[no-untyped-def]
    episodes = [load_episode(p) for p in sorted(NEWS.glob("*.txt"))[:4]]
    return [(e, analyzer.analyse(e)) for e in episodes]


@pytest.fixture
def store(tmp_path: Path, analysed: list[tuple[Episode, Analysis]]) -> Iterator[Store]:
    with Store(tmp_path / "library.sqlite3") as s:
        s.add_episodes(analysed)
        yield s


@pytest.fixture
def older_store(tmp_path: Path, analysed: list[tuple[Episode, Analysis]]) -> Iterator[Store]:
    """A library of the schema before the word table (0008), as a studyterm of schema 0011 would
    read it: its analyses with their own item rows (`analysis_items`), no word rows."""
    import sqlite3

    path = tmp_path / "older.sqlite3"
    with Store(path) as s:
        s.add_episodes(analysed)
    db = sqlite3.connect(path, isolation_level=None)
    as_before_one_item_row(db)
    db.close()
    with Store(path) as s:
        s._db.execute("DELETE FROM analysis_figures")
        yield s


def learners(analysis: Analysis) -> list[Learner]:
    """Learners of every kind, with statuses on words of the analysis (some inside phrases)."""
    inside = [i.lemma for i in analysis.items if i.inside_phrase][:2]
    words = [i.lemma for i in analysis.items if not i.is_phrase and not i.inside_phrase]
    phrases = [i.lemma for i in analysis.items if i.is_phrase]
    statuses = {
        w: s
        for w, s in zip(
            inside + words[:6] + phrases[:2],
            [
                "learning",
                "new",
                "known",
                "ignored",
                "learning",
                "new",
                "known",
                "ignored",
                "learning",
                "known",
            ],
            strict=False,
        )
    }
    return [
        Learner(),
        Learner(3000),
        Learner(9000),
        Learner("B1"),
        Learner("cet4"),
        Learner(5000, statuses),
        Learner("B2", statuses),
    ]


def test_overview_figures_are_the_profiles(store: Store, analysed: list[tuple[Episode, Analysis]]) -> None:
    """`list` and the library screen show, from SQL, what the profile of each analysis says, and
    the library screen's word counts are the episode's progress (`review.progress`)."""
    for learner in learners(analysed[0][1]):
        rows = {r.episode.id: r.figures for r in library_overview(store, learner)}
        assert set(rows) == {e.id for e, _ in analysed}
        for episode, analysis in analysed:
            prof = build_profile(analysis, learner)
            fig = rows[episode.id]
            assert fig is not None
            assert (fig.tokens, fig.advanced) == (prof.tokens, prof.advanced), learner
            assert fig.coverage == pytest.approx(prof.coverage), learner
            progress = episode_progress(episode, analysis, learner, None, None)
            assert (fig.known, fig.learning, fig.new) == (
                progress.known,
                progress.learning,
                progress.new,
            ), learner


def test_an_older_library_gets_its_word_table_on_first_use(
    older_store: Store, analysed: list[tuple[Episode, Analysis]]
) -> None:
    """Analyses stored before the word table existed are entered into it when first needed."""
    store = older_store
    assert len(store.missing_words(analysis_version())) == len(analysed)
    learner = Learner(4000)
    rows = library_overview(store, learner)
    assert [r.figures.tokens if r.figures else None for r in rows] == [
        build_profile(a, learner).tokens for _, a in analysed
    ]
    assert store.missing_words(analysis_version()) == []


def test_episodes_without_a_cached_analysis_have_no_figures(
    store: Store, analysed: list[tuple[Episode, Analysis]]
) -> None:
    gone = analysed[1][0]
    store._db.execute("DELETE FROM analyses WHERE content_hash = ?", (gone.content_hash,))
    rows = {r.episode.id: r.figures for r in library_overview(store, Learner())}
    assert rows[gone.id] is None
    assert all(rows[e.id] is not None for e, _ in analysed if e.id != gone.id)


def test_removing_an_episode_removes_its_words(
    store: Store, analysed: list[tuple[Episode, Analysis]]
) -> None:
    episode = analysed[0][0]
    store.delete_episode(episode.id)
    assert (
        store._db.execute(
            "SELECT COUNT(*) FROM analysis_figures WHERE content_hash = ?", (episode.content_hash,)
        ).fetchone()[0]
        == 0
    )
    assert [r.episode.id for r in library_overview(store, Learner())] == [e.id for e, _ in analysed[1:]]
    for other, _ in analysed[1:]:
        store.delete_episode(other.id)
    assert store.lexemes() == []  # no word is kept for an empty library


def test_reanalysis_replaces_the_words_of_the_older_version(
    store: Store, analysed: list[tuple[Episode, Analysis]]
) -> None:
    """A new analysis version's analysis takes the place of the old one's word rows."""
    episode, analysis = analysed[0]
    store.put_analysis(replace(analysis, version="newer", items=analysis.items[:3]))
    assert store._db.execute(
        "SELECT version, items FROM analysis_figures WHERE content_hash = ?", (episode.content_hash,)
    ).fetchall() == [("newer", 3)]


def test_marks_resolve_as_over_every_analysis(store: Store, analysed: list[tuple[Episode, Analysis]]) -> None:
    """`mark` finds the lemma of a form met anywhere in the library, as the full decode did."""
    items = [i for _, a in analysed for i in a.items]
    forms = [f for i in items for f in i.forms if f.lower() != i.lemma][:12]
    assert forms, "the fixtures have inflected forms"
    typed = [*forms, *(f.upper() for f in forms[:3]), "rehearsals", "zzzz unknowns", "walked"]
    assert resolve_marks(store, typed) == lemmas_for(typed, items)


def test_other_episodes_index_is_as_over_every_analysis(
    store: Store, analysed: list[tuple[Episode, Analysis]]
) -> None:
    episode, analysis = analysed[0]
    expected: dict[str, list[str]] = {}
    for other, other_analysis in analysed[1:]:
        for lemma in {i.lemma.lower() for i in other_analysis.items}:
            expected.setdefault(lemma, []).append(other.title)
    mine = {i.lemma.lower() for i in analysis.items}
    assert other_episodes(store, episode.id) == {k: v for k, v in expected.items() if k in mine}
    assert other_episodes(store, episode.id)  # the news fixtures share words


def test_a_busy_library_still_shows_its_figures(
    older_store: Store, analysed: list[tuple[Episode, Analysis]]
) -> None:
    """When the word table cannot be filled (another process holds the write lock), the
    figures come from the analyses themselves, and the table is filled the next time."""
    import sqlite3

    store = older_store
    store.set_busy_timeout(0.1)
    other = sqlite3.connect(store.path, isolation_level=None, timeout=0.1)
    try:
        other.execute("BEGIN IMMEDIATE")
        learner = Learner(4000)
        rows = library_overview(store, learner)
        assert [(r.figures.tokens, r.figures.advanced) if r.figures else None for r in rows] == [
            (build_profile(a, learner).tokens, build_profile(a, learner).advanced) for _, a in analysed
        ]
        other.execute("ROLLBACK")
    finally:
        other.close()
    assert len(store.missing_words(analysis_version())) == len(analysed)
    library_overview(store, learner)
    assert store.missing_words(analysis_version()) == []


def test_a_library_of_the_previous_schema_keeps_its_marks_and_figures(
    tmp_path: Path, analysed: list[tuple[Episode, Analysis]]
) -> None:
    """Migration 0012 drops the word table's own item rows (`analysis_words`, the same as the
    list rows) and the row per form of each item (`analysis_forms`), keeping each pair of form
    and word once: a library made before it marks and counts as it did."""
    import sqlite3

    path = tmp_path / "library.sqlite3"
    with Store(path) as s:
        s.add_episodes(analysed)
    items = [i for _, a in analysed for i in a.items]
    forms = sorted({f for i in items for f in i.forms})
    db = sqlite3.connect(path, isolation_level=None)
    as_before_one_item_row(db)
    db.close()
    with Store(path) as s:
        tables = {r[0] for r in s._db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "analysis_words" not in tables and "analysis_forms" not in tables
        assert resolve_marks(s, forms) == lemmas_for(forms, items)
        assert s._db.execute("SELECT COUNT(*) FROM form_lexemes").fetchone()[0] >= len(forms)
        learner = Learner(4000)
        assert [
            (r.figures.tokens, r.figures.advanced) if r.figures else None
            for r in library_overview(s, learner)
        ] == [(build_profile(a, learner).tokens, build_profile(a, learner).advanced) for _, a in analysed]
        # the analyses, read from their own item rows, are rewritten with their items in the
        # list rows on first use, and read the same
        version = analysis_version()
        assert [s.analysis(a.content_hash, version) for _, a in analysed] == [a for _, a in analysed]
        assert fill_word_table(s, version) == []
        assert s.legacy_analyses(version) == []
        assert s._db.execute("SELECT COUNT(*) FROM analysis_items").fetchone()[0] == 0
        assert [s.analysis(a.content_hash, version) for _, a in analysed] == [a for _, a in analysed]
        assert resolve_marks(s, forms) == lemmas_for(forms, items)
