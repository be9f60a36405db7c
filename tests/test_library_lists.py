"""Library-wide lists and decks choose their words in the word table, reading only the items they
may give: what they give is exactly what choosing from the whole analyses gives (real spaCy
analyses of several news episodes, a real SQLite library, real genanki and Anki)."""

from __future__ import annotations

import csv
import gc
import io
import json
import shutil
import sqlite3
import zlib
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
from openpyxl import load_workbook

from studyterm.analysis.learner import Learner, left_out
from studyterm.export.anki import gather
from studyterm.export.anki_library import export_library_deck
from studyterm.export.lists import (
    CSV_COLUMNS,
    ListFilter,
    Source,
    aggregate,
    entry_record,
    filter_entries,
    sort_entries,
    vocab_json,
)
from studyterm.ingest import load_episode
from studyterm.model import Analysis, Episode, Segment
from studyterm.pipeline import analysis_version, choose_words, gloss, pick_words
from studyterm.store import Store

NEWS = Path(__file__).parent / "fixtures" / "news"


@pytest.fixture(scope="module")
def analysed(analyzer) -> list[tuple[Episode, Analysis]]:  # type: ignore[no-untyped-def]
    episodes = [load_episode(p) for p in sorted(NEWS.glob("*.txt"))[:6]]
    return [(e, analyzer.analyse(e)) for e in episodes]


@pytest.fixture
def library(tmp_path: Path, analysed: list[tuple[Episode, Analysis]]) -> Path:
    folder = tmp_path / "library"
    with Store.open(folder) as store:
        store.add_episodes(analysed)
    return folder


def statuses_for(analysed: list[tuple[Episode, Analysis]]) -> dict[str, str]:
    """A learner's marks: words below the level marked learning and new, advanced words marked
    known and ignored, a word only met inside an expression, an expression, an unknown word."""
    items = [i for _, a in analysed for i in a.items]
    easy = [i.lemma for i in items if not i.is_phrase and (i.difficulty or 0) < 2000 and not i.suspect]
    hard = [i.lemma for i in items if not i.is_phrase and (i.difficulty or 0) > 8000 and not i.suspect]
    inside = [i.lemma for i in items if i.inside_phrase]
    phrases = [i.lemma for i in items if i.is_phrase]
    suspect = [i.lemma for i in items if i.suspect]
    marks = {
        easy[0]: "learning",
        easy[1]: "new",
        hard[0]: "known",
        hard[1]: "ignored",
        hard[2]: "learning",
    }
    marks.update({w: "learning" for w in inside[:1] + phrases[:1]})
    marks.update({w: "known" for w in phrases[1:2] + suspect[:1]})
    return {k.lower(): v for k, v in marks.items()}


def learners(analysed: list[tuple[Episode, Analysis]]) -> list[Learner]:
    marks = statuses_for(analysed)
    return [
        Learner(),
        Learner(3000),
        Learner("B1"),
        Learner("cet4"),
        Learner(5000, marks),
        Learner("B2", marks),
    ]


def _whole(store: Store, episode: Episode) -> Analysis:
    analysis = store.analysis(episode.content_hash, analysis_version(None))
    assert analysis is not None
    return analysis


@pytest.mark.parametrize(
    ("wanted", "learning_first", "judge_all"),
    [
        (None, False, False),
        (None, False, True),
        ({"learning"}, False, False),
        ({"new"}, False, True),
        (None, True, False),
    ],
)
def test_words_chosen_in_the_word_table_are_those_of_the_whole_analyses(
    library: Path,
    analysed: list[tuple[Episode, Analysis]],
    wanted: set[str] | None,
    learning_first: bool,
    judge_all: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each episode's words, in order, with every attribute and occurrence, and the words left
    out as unknown: the same as choosing from the whole analysis, for learners of every kind
    (`judge_all`: every word of the library judged, as for more than a few episodes)."""
    if judge_all:
        monkeypatch.setattr("studyterm.pipeline.FEW_EPISODES", 0)
    ids = [e.id for e, _ in analysed]
    with Store.open(library) as store:
        for learner in learners(analysed):
            picked = list(pick_words(store, ids, learner, statuses=wanted, learning_first=learning_first))
            assert [p.episode.id for p in picked] == ids
            for p, (episode, _) in zip(picked, analysed, strict=True):
                whole = _whole(store, episode)
                expected = choose_words(whole, learner, statuses=wanted, learning_first=learning_first)
                assert [i.to_dict() for i in p.items] == [i.to_dict() for i in expected]
                assert p.left_out == left_out(whole, learner)
                assert p.episode == episode
            if wanted is None and not learning_first:
                assert sum(len(p.items) for p in picked) > 50  # not a comparison of nothing


@pytest.mark.parametrize("wanted", [None, {"learning"}])
def test_a_decks_words_are_those_of_the_whole_analyses(
    library: Path, analysed: list[tuple[Episode, Analysis]], wanted: set[str] | None
) -> None:
    """A deck's words (`first_only`: each word's first item is read, its later ones are not):
    the same notes to make — item, example's episode, every episode using the word — as from
    the whole analyses."""
    ids = [e.id for e, _ in analysed]
    with Store.open(library) as store:
        for learner in learners(analysed):
            picked = pick_words(store, ids, learner, statuses=wanted, first_only=True)
            got = gather([(p.episode, p.items) for p in picked])
            expected = gather(
                [(e, choose_words(_whole(store, e), learner, statuses=wanted)) for e, _ in analysed]
            )
            assert [w.item.to_dict() for w in got] == [w.item.to_dict() for w in expected]
            assert [(w.episode.id, [e.id for e in w.episodes]) for w in got] == [
                (w.episode.id, [e.id for e in w.episodes]) for w in expected
            ]
            assert wanted or any(len(w.episodes) > 1 for w in expected)


def _expected_list(store: Store, episodes: list[Episode], learner: Learner) -> str:
    """`vocab --format json` of the episodes as built from their whole analyses."""
    per_source = [(Source(e.id, e.title), choose_words(_whole(store, e), learner)) for e in episodes]
    vlist = aggregate(per_source, statuses=learner.statuses)
    gloss(store, [e.item for e in vlist.entries])
    entries = sort_entries(filter_entries(vlist.entries, ListFilter()), "useful")
    return vocab_json([entry_record(e, vlist.sources) for e in entries])


def test_a_library_wide_list_is_the_list_of_the_whole_analyses(
    library: Path, analysed: list[tuple[Episode, Analysis]], run_cli: Callable[..., Any]
) -> None:
    """`vocab` of every episode (a word in several of them has its count in each, its best
    example from any) gives what merging the words of the whole analyses gives."""
    episodes = [e for e, _ in analysed]
    marks = statuses_for(analysed)
    with Store.open(library) as store:
        store.set_statuses([w for w, s in marks.items() if s == "learning"], "learning")
        store.set_statuses([w for w, s in marks.items() if s == "known"], "known")
        expected = _expected_list(store, episodes, Learner(4000, store.statuses()))
    result = run_cli(
        "--library", str(library), "vocab", *[e.id for e in episodes], "--level", "4000", "--format", "json"
    )
    assert result.code == 0, result.err
    assert result.out == expected
    assert expected.count('"lemma"') > 50


def _notes(apkg: Path, folder: Path) -> dict[str, tuple[list[str], list[str]]]:
    """The notes of a package as Anki imports them: GUID → (fields, tags)."""
    folder.mkdir()
    col = Collection(str(folder / "collection.anki2"))
    try:
        request = ImportAnkiPackageRequest(package_path=str(apkg), options=ImportAnkiPackageOptions())
        col.import_anki_package(request)
        notes = [col.get_note(nid) for nid in col.find_notes("")]
        return {n.guid: (list(n.fields), sorted(n.tags)) for n in notes}
    finally:
        col.close()


def test_a_library_wide_deck_has_the_notes_of_the_whole_analyses(
    library: Path, tmp_path: Path, analysed: list[tuple[Episode, Analysis]], run_cli: Callable[..., Any]
) -> None:
    """`anki` of every episode makes the notes (fields and tags: each word's example, gloss and
    every episode using it) that a deck of the words of the whole analyses has."""
    episodes = [e for e, _ in analysed]
    twin = tmp_path / "twin"
    shutil.copytree(library, twin)  # the same library, for the deck built the old way
    with Store.open(twin) as store:
        learner = Learner(4000, store.statuses())
        sources = [(e, choose_words(_whole(store, e), learner)) for e in episodes]
        expected = export_library_deck(store, sources, tmp_path / "expected.apkg")
    made = tmp_path / "made.apkg"
    result = run_cli(
        "--library", str(library), "anki", *[e.id for e in episodes], "--level", "4000", "-o", str(made)
    )
    assert result.code == 0, result.err
    got = _notes(made, tmp_path / "a")
    want = _notes(expected.path, tmp_path / "b")
    assert got == want
    assert len(want) > 30
    assert any(sum(t.startswith("episode::") for t in tags) > 1 for _, tags in want.values())


def _store_whole(library: Path, episode: Episode, analysis: Analysis) -> None:
    """Make the episode's analysis as an earlier studyterm stored it: one JSON value, no parts
    and no word rows (before migrations 0008 and 0010)."""
    db = sqlite3.connect(library / "library.sqlite3")
    with db:
        db.execute("DELETE FROM analyses WHERE content_hash = ?", (episode.content_hash,))
        db.execute("DELETE FROM analysis_figures WHERE content_hash = ?", (episode.content_hash,))
        blob = zlib.compress(json.dumps(analysis.to_dict(), ensure_ascii=False).encode())
        db.execute(
            "INSERT INTO analyses (content_hash, version, data, parts) VALUES (?, ?, ?, 0)",
            (analysis.content_hash, analysis.version, blob),
        )
    db.close()


def test_old_analyses_and_files_among_library_episodes_give_the_same_words(
    library: Path, analysed: list[tuple[Episode, Analysis]]
) -> None:
    """An analysis stored whole by an earlier studyterm is brought into the word table first,
    and a file among the library episodes is imported and read whole, and then found by its
    title: the words are the same as from the whole analyses, each word's first item read
    whole wherever it comes from."""
    _store_whole(library, *analysed[2])
    extra = sorted(NEWS.glob("*.txt"))[7]
    # the file's title names it only once it is imported
    refs = [analysed[0][0].id, str(extra), "08 sports", *[e.id for e, _ in analysed[1:]]]
    learner = Learner(4000)
    with Store.open(library) as store:
        assert store.legacy_analyses(analysis_version(None)) == [analysed[2][0].content_hash]
        picked = list(pick_words(store, refs, learner))
        file_episode = load_episode(extra)
        order = [analysed[0][0], file_episode, file_episode, *[e for e, _ in analysed[1:]]]
        assert [p.episode.id for p in picked] == [e.id for e in order]
        for p, episode in zip(picked, order, strict=True):
            expected = choose_words(_whole(store, episode), learner)
            assert [i.to_dict() for i in p.items] == [i.to_dict() for i in expected]
        assert store.legacy_analyses(analysis_version(None)) == []  # rewritten in parts
        assert len(store.episodes()) == len(analysed) + 1  # the file was imported


@pytest.fixture
def archive(tmp_path: Path, analysed: list[tuple[Episode, Analysis]]) -> tuple[Path, list[Episode]]:
    """A library of 24 episodes, more than a list shows a column each for: the six analysed
    ones stored again under their own titles with a numbered last paragraph (a new transcript
    each, whose analysis is the original's: the number is not a word), as an archive holds
    episodes of the same news."""
    folder = tmp_path / "archive"
    episodes = []
    with Store.open(folder) as store:
        pairs = []
        for n in range(24):
            episode, analysis = analysed[n % len(analysed)]
            copy = replace(
                episode, title=f"Bulletin {chr(65 + n)}", segments=[*episode.segments, Segment(f"({n})")]
            )
            pairs.append((copy, replace(analysis, content_hash=copy.content_hash)))
            episodes.append(copy)
        store.add_episodes(pairs)
    return folder, episodes


def _csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    text = path.read_bytes().decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows = list(reader)
    return list(reader.fieldnames or []), rows


def test_a_list_of_many_episodes_counts_its_episodes_in_one_column(
    archive: tuple[Path, list[Episode]], tmp_path: Path, run_cli: Callable[..., Any]
) -> None:
    """A list of more than 20 episodes has one `episodes` column (how many use the word) where
    a list of a few has a count column per episode, and a title naming its first episodes and
    how many more; `--per-episode` gives every column back, the rest of the list the same."""
    folder, episodes = archive
    ids = [e.id for e in episodes]
    short, full = tmp_path / "short.csv", tmp_path / "full.csv"
    for out, extra in ((short, []), (full, ["--per-episode"])):
        result = run_cli("--library", str(folder), "vocab", *ids, "--format", "csv", "-o", str(out), *extra)
        assert result.code == 0, result.err
    heads, rows = _csv(short)
    full_heads, full_rows = _csv(full)
    assert heads == [*CSV_COLUMNS[:10], "episodes", *CSV_COLUMNS[10:]]
    per_episode = [f"count: {e.title}" for e in episodes]
    assert full_heads == [*CSV_COLUMNS[:10], *per_episode, *CSV_COLUMNS[10:]]
    assert len(rows) == len(full_rows) > 30
    for row, whole in zip(rows, full_rows, strict=True):
        counts = [int(whole[h]) for h in per_episode]
        assert sum(counts) == int(row["count"])
        assert int(row["episodes"]) == sum(1 for c in counts if c) >= 1
        assert {k: v for k, v in row.items() if k != "episodes"} == {
            k: v for k, v in whole.items() if k not in per_episode
        }
    assert any(int(r["episodes"]) > 4 for r in rows)  # words met in many of the episodes

    table = run_cli("--library", str(folder), "vocab", *ids)
    assert table.code == 0, table.err
    title = table.out.strip().splitlines()[0]
    assert "Bulletin A + Bulletin B + Bulletin C + 21 more episodes" in title
    assert "Bulletin D" not in table.out

    book = tmp_path / "words.xlsx"
    for extra, sheets in (([], 0), (["--per-episode"], len(episodes))):
        result = run_cli("--library", str(folder), "vocab", *ids, "--format", "xlsx", "-o", str(book), *extra)
        assert result.code == 0, result.err
        names = load_workbook(book, read_only=True).sheetnames
        assert sum(name.startswith("Bulletin ") for name in names) == sheets


def test_a_lists_best_example_is_the_first_of_its_examples(
    library: Path, analysed: list[tuple[Episode, Analysis]]
) -> None:
    """The best example of each word of a library-wide list, found from its sentences alone,
    is the first of all its examples ranked (every occurrence made), with the same episode and
    occurrence."""
    ids = [e.id for e, _ in analysed]
    with Store.open(library) as store:
        learner = Learner(3000)
        per_source = [
            (Source(p.episode.id, p.episode.title), p.items) for p in pick_words(store, ids, learner)
        ]
        vlist = aggregate(per_source)
        assert len(vlist.entries) > 50
        for entry in vlist.entries:
            best = entry.example  # before `examples`: from the sentences
            assert best is not None
            assert best == entry.examples[0]
        assert any(len({src for src, _ in e.hits}) > 1 for e in vlist.entries)


def test_the_collector_runs_again_after_a_list(library: Path, run_cli: Callable[..., Any]) -> None:
    """The cycle collector, paused while a list is built, runs again afterwards, after a
    failure too."""
    assert gc.isenabled()
    with Store.open(library) as store:
        ids = [row.id for row in store.episodes()]
    assert run_cli("--library", str(library), "vocab", *ids, "--format", "json").code == 0
    assert gc.isenabled()
    assert run_cli("--library", str(library), "vocab", *ids, "nosuch episode").code != 0
    assert gc.isenabled()
