"""`anki` of library episodes takes its words from the list rows kept with each analysis
(`export.stored_deck`): each word's first item is read whole, the episodes are read without
their text. The deck is the deck of the decoding path (every episode opened and its words
chosen in turn), note for note — GUIDs, fields (examples, glosses, source lines with the
example's time), tags (one per episode using the word) — and so are the records the library
keeps of it, for one episode and many, for learners with marks, when exporting again, and for a
library made before the list rows (real spaCy analyses, a real SQLite library, the deck
imported into a real Anki collection)."""

from __future__ import annotations

import re
import shutil
import sqlite3
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from anki.collection import Collection

from studyterm.export import anki
from studyterm.export import stored_deck as stored_module
from studyterm.ingest import load_episode
from studyterm.model import Analysis, Episode, Segment
from studyterm.store import Store
from tests.export.test_anki_library import _import
from tests.store.older_schema import as_before_list_rows

NEWS = Path(__file__).parent.parent / "fixtures" / "news"
PODCASTS = ["World Service: Daily", "Asia «Today»", None]


@pytest.fixture(scope="module")
def analysed(analyzer) -> list[tuple[Episode, Analysis]]:  # type: ignore[no-untyped-def]
    episodes = [load_episode(p) for p in sorted(NEWS.glob("*.txt"))[:5]]
    return [(e, analyzer.analyse(e)) for e in episodes]


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory, analysed: list[tuple[Episode, Analysis]]) -> Path:
    """A library of 20 episodes: the analysed ones, then copies with a numbered last paragraph
    (a transcript of its own, whose analysis is the original's), every other one timed, under
    three podcasts, one titled with nothing a tag can hold; and marks of every kind."""
    folder = tmp_path_factory.mktemp("archive") / "library"
    with Store.open(folder) as store:
        pairs = []
        for k in range(20):
            episode, analysis = analysed[k % len(analysed)]
            if k >= len(analysed):
                segments = [*episode.segments, Segment(f"({k})")]
                if k % 2:
                    segments = [
                        Segment(s.text, 7.0 + 31.5 * i, 30.0 + 31.5 * i) for i, s in enumerate(segments)
                    ]
                episode = replace(
                    episode,
                    title="???" if k == 7 else f"{episode.title} ({k})",
                    podcast=PODCASTS[k % 3],
                    segments=segments,
                )
                analysis = replace(analysis, content_hash=episode.content_hash)
            pairs.append((episode, analysis))
        from studyterm.pipeline import list_senses

        store.add_episodes(pairs, list_senses())
        items = [i for _, a in analysed for i in a.items if not i.suspect and not i.is_phrase]
        hard = [i.lemma for i in items if (i.difficulty or 0) > 6000]
        easy = [i.lemma for i in items if (i.difficulty or 0) < 2000]
        store.set_statuses(hard[:2], "known")
        store.set_statuses(hard[2:3], "ignored")
        store.set_statuses(easy[:2] + hard[3:4], "learning")
        store.set_statuses(easy[2:3], "new")
    return folder


def _ids(folder: Path) -> list[str]:
    """The library's episodes, those with times first (a word's example comes from the first
    episode giving it: the source line then shows its time)."""
    with Store.open(folder) as store:
        ids = [row.id for row in store.episodes()]
        return sorted(ids, key=lambda i: not store.episode(i).has_times)


def _records(folder: Path) -> list[tuple[Any, ...]]:
    """What the library remembers of the exported notes, their modification times aside."""
    db = sqlite3.connect(folder / "library.sqlite3")
    try:
        return db.execute(
            "SELECT lemma, pos, digest, cards, example, tags FROM anki_notes ORDER BY lemma, pos"
        ).fetchall()
    finally:
        db.close()


def _export(run_cli: Callable[..., Any], folder: Path, args: list[str], out: Path) -> tuple[Any, ...]:
    """The notes of the deck (GUID, modification time, fields, tags), the command's message
    with the deck's path taken out, and the library's records."""
    result = run_cli("--library", str(folder), "anki", *args, "-o", str(out))
    assert result.code == 0, result.err
    return anki.package_notes(out), result.err.replace(str(out), "DECK"), _records(folder)


def _both(
    run_cli: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
    library: Path,
    tmp_path: Path,
    exports: list[list[str]],
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], int]:
    """The exports made one after another in a copy of `library` from the list rows, and in
    another copy by decoding the analyses (the stored deck refused), and how many decks the
    list rows made."""
    made: list[bool] = []
    real = stored_module.stored_deck

    def from_rows(*a: Any, **k: Any) -> Any:
        made.append((found := real(*a, **k)) is not None)
        return found

    runs = []
    for name, stand_in in (("rows", from_rows), ("decoded", lambda *a, **k: None)):
        folder = tmp_path / name
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(library, folder)
        monkeypatch.setattr(stored_module, "stored_deck", stand_in)
        run = []
        for n, args in enumerate(exports):
            if n:
                _next_second()
            run.append(_export(run_cli, folder, args, tmp_path / f"{name}.apkg"))
        runs.append(run)
    monkeypatch.setattr(stored_module, "stored_deck", real)
    return runs[0], runs[1], sum(made)


def _next_second() -> None:
    """Wait for the clock's next second: a note's modification time is the export's second, so
    two exports in one second would make a changed note look kept in one run and not in the
    other (CI once saw it on a loaded machine)."""
    time.sleep(1.001 - time.time() % 1)


def _same(got: list[tuple[Any, ...]], expected: list[tuple[Any, ...]]) -> None:
    """The same notes (but for their times), messages and records, export by export; and the
    same notes changed (given the export's time) by each export after the first."""
    assert len(got) == len(expected)
    for n, ((notes, err, records), (notes_e, err_e, records_e)) in enumerate(zip(got, expected, strict=True)):
        assert [(g, f, t) for g, _, f, t in notes] == [(g, f, t) for g, _, f, t in notes_e]
        assert err == err_e
        assert records == records_e
        if n:
            before, before_e = (
                dict((g, m) for g, m, _, _ in got[n - 1][0]),
                dict((g, m) for g, m, _, _ in expected[n - 1][0]),
            )
            kept = {g for g, m, _, _ in notes if before.get(g) == m}
            assert kept == {g for g, m, _, _ in notes_e if before_e.get(g) == m}


def test_a_deck_from_the_list_rows_is_the_deck_of_the_decoded_analyses(
    tmp_path: Path, archive: Path, run_cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """One episode, a few in another order, the archive; other levels, card types, subdecks and
    statuses: the same notes, message and records."""
    ids = _ids(archive)
    cases = [
        [ids[0]],
        [ids[9]],
        [ids[12], ids[0], ids[7], ids[4]],
        ids,
        ids[::-1],
        [*ids, "--level", "B1", "--cards", "recognition,production,cloze", "--subdecks", "episode"],
        [*ids[3:], "--level", "3000", "--subdecks", "level", "--deck", "News::Archive"],
        [*ids, "--status", "learning"],
        [*ids[:11], "--status", "new", "--level", "cet4"],
    ]
    for case in cases:
        got, expected, made = _both(run_cli, monkeypatch, archive, tmp_path, [case])
        assert made == 1, case  # the list rows made it
        _same(got, expected)
        notes = got[0][0]
        assert len(notes) >= (3 if "--status" in case else 20), case
    # the archive's deck: a word of every episode tagged with each of them, times on the
    # timed episodes' cards, an episode whose title makes no tag tagged with its id
    notes = anki.package_notes(tmp_path / "rows.apkg")
    tags = " ".join(t for _, _, _, t in notes)
    with Store.open(archive) as store:
        untitled = next(row.id for row in store.episodes() if row.title == "???")
    assert f"episode::{untitled}" in tags and "podcast::World_Service:_Daily" in tags
    every = max(notes, key=lambda n: n[3].count("episode::"))
    assert every[3].count("episode::") >= 19


def test_exporting_again_keeps_what_the_library_remembers_the_same_way(
    tmp_path: Path, archive: Path, run_cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A deck of a few episodes, then of the archive (the first examples kept, notes changed
    only where their content did), then only the new words, then examples chosen again."""
    ids = _ids(archive)
    exports = [
        [ids[5], ids[6], "--cards", "recognition,cloze"],
        ids,
        [*ids, "--new-only", "--level", "2000"],
        [*ids[2:], "--new-examples"],
    ]
    got, expected, made = _both(run_cli, monkeypatch, archive, tmp_path, exports)
    assert made == len(exports)
    _same(got, expected)


def test_a_library_made_before_the_list_rows_builds_the_same_deck(
    tmp_path: Path, archive: Path, run_cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A library of the schema before migration 0011: the deck enters every analysis in the list
    rows on first use and is the deck of the decoded analyses."""
    old = tmp_path / "old"
    shutil.copytree(archive, old)
    db = sqlite3.connect(old / "library.sqlite3", isolation_level=None)
    as_before_list_rows(db)
    db.close()
    ids = _ids(old)
    got, expected, made = _both(run_cli, monkeypatch, old, tmp_path, [ids])
    assert made == 1
    _same(got, expected)


def test_a_file_among_the_episodes_is_read_the_whole_way(
    tmp_path: Path, archive: Path, run_cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file among the episodes, or an episode named twice: the decoding path makes the deck
    (and imports the file)."""
    ids = _ids(archive)
    extra = str(sorted(NEWS.glob("*.txt"))[7])
    got, expected, made = _both(run_cli, monkeypatch, archive, tmp_path, [[ids[0], extra], [ids[1], ids[1]]])
    assert made == 0
    _same(got, expected)


def test_the_archives_deck_imports_into_anki(
    tmp_path: Path, archive: Path, run_cli: Callable[..., Any]
) -> None:
    """The deck made from the list rows, imported into a real collection: every note, with its
    episode tags and, on a timed episode's card, the example's time."""
    folder = tmp_path / "library"
    shutil.copytree(archive, folder)
    ids = _ids(folder)
    notes, _, _ = _export(run_cli, folder, ids, tmp_path / "archive.apkg")
    col_path = tmp_path / "anki" / "collection.anki2"
    col_path.parent.mkdir()
    _import(col_path, tmp_path / "archive.apkg")
    col = Collection(str(col_path))
    try:
        imported = [col.get_note(n) for n in col.find_notes(f'"note:{anki.MODEL_NAME}"')]
    finally:
        col.close()
    assert len(imported) == len(notes) > 20
    assert {n.guid for n in imported} == {g for g, _, _, _ in notes}
    assert all(re.search(r" @ \d+:\d\d$", n["Source"]) for n in imported)
    assert all(any(t.startswith("episode::") for t in n.tags) for n in imported)
