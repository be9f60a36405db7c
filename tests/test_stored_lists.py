"""`vocab` of library episodes is made from the list rows kept with each analysis (migration
0011: first position, best example, sense counts), merged in SQL: its output is exactly what
merging the items of the decoded analyses gives, in every format, for one episode and many,
with `--per-episode`, for learners with marks; and a library made before the list rows gets
them on first use (real spaCy analyses, a real SQLite library)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from studyterm.export import stored_list as stored_module
from studyterm.ingest import load_episode
from studyterm.model import Analysis, Episode, Segment
from studyterm.store import Store
from tests.store.older_schema import as_before_list_rows

NEWS = Path(__file__).parent / "fixtures" / "news"


@pytest.fixture(scope="module")
def analysed(analyzer) -> list[tuple[Episode, Analysis]]:  # type: ignore[no-untyped-def]
    episodes = [load_episode(p) for p in sorted(NEWS.glob("*.txt"))[:5]]
    return [(e, analyzer.analyse(e)) for e in episodes]


def _archive(folder: Path, analysed: list[tuple[Episode, Analysis]], n: int) -> list[str]:
    """A library of `n` episodes: the analysed ones, then copies of them with a numbered last
    paragraph (a transcript of its own, whose analysis is the original's)."""
    ids = []
    with Store.open(folder) as store:
        pairs = []
        for k in range(n):
            episode, analysis = analysed[k % len(analysed)]
            if k >= len(analysed):
                episode = replace(
                    episode, title=f"{episode.title} ({k})", segments=[*episode.segments, Segment(f"({k})")]
                )
                analysis = replace(analysis, content_hash=episode.content_hash)
            pairs.append((episode, analysis))
            ids.append(episode.id)
        from studyterm.pipeline import list_senses

        store.add_episodes(pairs, list_senses())
        # marks of every kind, on words of the library
        items = [i for _, a in analysed for i in a.items if not i.suspect]
        hard = [i.lemma for i in items if not i.is_phrase and (i.difficulty or 0) > 6000]
        easy = [i.lemma for i in items if not i.is_phrase and (i.difficulty or 0) < 2000]
        store.set_statuses(hard[:2], "known")
        store.set_statuses(hard[2:3], "ignored")
        store.set_statuses(easy[:2] + hard[3:4], "learning")
        store.set_statuses(easy[2:3], "new")
    return ids


def _run(run_cli: Callable[..., Any], args: list[str], out: Path | None) -> bytes | str:
    result = run_cli(*args, *(["-o", str(out)] if out else []))
    assert result.code == 0, result.err
    if out is None:
        return str(result.out) + "\n--\n" + str(result.err)
    if out.suffix == ".xlsx":
        book = load_workbook(out, read_only=True)
        return repr([(ws.title, [list(r) for r in ws.iter_rows(values_only=True)]) for ws in book.worksheets])
    return out.read_bytes() + b"\n--\n" + str(result.err).encode()


def _both(
    run_cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch, args: list[str], out: Path | None
) -> tuple[Any, Any, int]:
    """The command's output made from the list rows, and made by decoding the analyses (the
    stored list refused), and how many lists the list rows made."""
    made = []
    real = stored_module.stored_list

    def counted(*a: Any, **k: Any) -> Any:
        found = real(*a, **k)
        made.append(found is not None)
        return found

    monkeypatch.setattr(stored_module, "stored_list", counted)
    got = _run(run_cli, args, out)
    monkeypatch.setattr(stored_module, "stored_list", lambda *a, **k: None)
    expected = _run(run_cli, args, out)
    monkeypatch.setattr(stored_module, "stored_list", real)
    return got, expected, sum(made)


FORMATS = ["table", "json", "csv", "tsv", "md", "html", "quizlet", "xlsx"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_list_from_the_list_rows_is_the_list_of_the_decoded_analyses(
    tmp_path: Path,
    analysed: list[tuple[Episode, Analysis]],
    run_cli: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
    fmt: str,
) -> None:
    """One episode, a few, and an archive of 24 (one `episodes` column, or a column each with
    `--per-episode`), for the saved marks and other levels and sorts: the same bytes."""
    folder = tmp_path / "library"
    ids = _archive(folder, analysed, 24)
    out = None if fmt == "table" else tmp_path / f"list.{fmt}"
    cases = [
        [ids[0]],
        ids[:3],
        [ids[2], ids[0], ids[4]],
        ids,
        [*ids, "--per-episode"],
        [*ids[:4], "--level", "B1", "--sort", "level"],
        [*ids, "--level", "3000", "--sort", "frequency"],
        [*ids[:2], "--level", "cet4", "--sort", "alpha", "--min-count", "2"],
        [*ids[:6], "--band", "K4-off-list"],
    ]
    for case in cases:
        got, expected, made = _both(
            run_cli, monkeypatch, ["--library", str(folder), "vocab", *case, "--format", fmt], out
        )
        assert made == 1  # the list rows made it
        assert got == expected, case
        assert len(expected) > 300


def test_words_of_several_lexemes_and_lists_of_forms_are_merged_as_the_decoded_analyses(
    tmp_path: Path,
    analysed: list[tuple[Episode, Analysis]],
    run_cli: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Copies whose items differ from the originals in what a level is judged on (a rank: one
    word, two lexemes) and in their forms (one lexeme, several lists of forms): the list rows
    merge them as decoding does, for most of the library and for a few episodes, and also when
    an example's quality is too large to be packed with its episode's index."""
    from studyterm.pipeline import list_senses
    from studyterm.store import word_lists

    folder = tmp_path / "library"
    pairs, ids = [], []
    for k in range(24):
        episode, analysis = analysed[k % len(analysed)]
        if k >= len(analysed):
            episode = replace(
                episode, title=f"{episode.title} ({k})", segments=[*episode.segments, Segment(f"({k})")]
            )
            items = [
                replace(
                    item,
                    rank=item.rank + 1 if k % 2 and item.rank is not None else item.rank,
                    forms=[*reversed(item.forms), item.lemma.upper()] if k % 3 == 0 else item.forms,
                )
                for item in analysis.items
            ]
            analysis = replace(analysis, content_hash=episode.content_hash, items=items)
        pairs.append((episode, analysis))
        ids.append(episode.id)
    with Store.open(folder) as store:
        store.add_episodes(pairs, list_senses())
        db = store._db
        assert (
            db.execute(  # words of two lexemes, lexemes with several lists of forms
                "SELECT COUNT(*) FROM (SELECT lemma, pos FROM lexemes GROUP BY lemma, pos"
                " HAVING COUNT(*) > 1)"
            ).fetchone()[0]
            > 50
        )
        assert (
            db.execute(
                "SELECT COUNT(*) FROM (SELECT lexeme FROM analysis_list GROUP BY lexeme"
                " HAVING COUNT(DISTINCT forms) > 1)"
            ).fetchone()[0]
            > 50
        )
    cases = [
        (ids, "csv"),  # an `episodes` column: how many use each word
        (ids[::-1], "csv"),  # the list's order is not the order the rows were stored in
        ([*ids, "--per-episode"], "csv"),
        (ids[:3], "json"),
        (ids[::-1], "json"),
    ]
    for packed in (62, 33):  # 33: every quality with a misfit is too large for the 28 bits left
        monkeypatch.setattr(word_lists, "_PACKED_BITS", packed)
        for case, fmt in cases:
            got, expected, made = _both(
                run_cli,
                monkeypatch,
                ["--library", str(folder), "vocab", *case, "--format", fmt],
                tmp_path / f"list.{fmt}",
            )
            assert made == 1
            assert got == expected, (packed, case[-1], fmt)


def test_words_with_several_senses_are_glossed_by_the_sense_most_occurrences_have(
    tmp_path: Path,
    analysed: list[tuple[Episode, Analysis]],
    run_cli: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Sense counts kept for some items only (others counted when listed, as when a dictionary
    answers with other senses): the glosses are those of every occurrence counted afresh."""
    folder = tmp_path / "library"
    ids = _archive(folder, analysed, 12)
    db = sqlite3.connect(folder / "library.sqlite3")
    with db:
        assert db.execute("SELECT COUNT(DISTINCT cues) FROM analysis_senses").fetchone()[0] > 3
        db.execute("DELETE FROM analysis_senses WHERE analysis % 3 = 0")
    db.close()
    got, expected, made = _both(
        run_cli,
        monkeypatch,
        ["--library", str(folder), "vocab", *ids, "--level", "1000", "--format", "csv"],
        tmp_path / "list.csv",
    )
    assert made == 1
    assert got == expected


def test_a_library_made_before_the_list_rows_gets_them_on_first_use(
    tmp_path: Path,
    analysed: list[tuple[Episode, Analysis]],
    run_cli: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A library of the schema before migration 0011 (its tables and record as the previous
    studyterm left them, the word table's item and form rows of 0008 among them): opened, it
    is migrated; the first list enters every analysis in the list rows, and lists the same
    words as decoding the analyses."""
    folder = tmp_path / "library"
    ids = _archive(folder, analysed, 8)
    db = sqlite3.connect(folder / "library.sqlite3", isolation_level=None)
    as_before_list_rows(db)
    db.close()
    expected = _run(run_cli, ["--library", str(folder), "vocab", *ids, "--format", "json"], None)
    with Store.open(folder) as store:
        assert store.schema_version == 12
        assert store.missing_lists(store_version()) == []  # entered by the list above
        rows = store._db.execute("SELECT COUNT(*) FROM analysis_list").fetchone()[0]
        assert rows == sum(len(analysed[k % len(analysed)][1].items) for k in range(len(ids)))
    got, again, made = _both(
        run_cli, monkeypatch, ["--library", str(folder), "vocab", *ids, "--format", "json"], None
    )
    assert made == 1
    assert got == again == expected


def store_version() -> str:
    from studyterm.pipeline import analysis_version

    return analysis_version(None)


def test_a_file_or_an_unknown_episode_among_them_is_read_the_whole_way(
    tmp_path: Path,
    analysed: list[tuple[Episode, Analysis]],
    run_cli: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A file among the episodes: the list is made by decoding (and the file imported); a name
    matching nothing: the one-line error, as before."""
    folder = tmp_path / "library"
    ids = _archive(folder, analysed, 6)
    extra = str(sorted(NEWS.glob("*.txt"))[7])
    got, expected, made = _both(
        run_cli, monkeypatch, ["--library", str(folder), "vocab", ids[0], extra, "--format", "csv"], None
    )
    assert made == 0 and got == expected
    result = run_cli("--library", str(folder), "vocab", ids[0], "no such episode")
    assert result.code != 0
    assert "no episode matches 'no such episode'" in result.err


def test_deleting_an_episode_deletes_its_list_rows(
    tmp_path: Path, analysed: list[tuple[Episode, Analysis]]
) -> None:
    """The list rows and sense counts go with their analysis, in the same transaction."""
    folder = tmp_path / "library"
    ids = _archive(folder, analysed, 2)
    with Store.open(folder) as store:
        db = store._db
        before = db.execute("SELECT COUNT(*) FROM analysis_list").fetchone()[0]
        kept = db.execute(
            "SELECT COUNT(*) FROM analysis_senses x JOIN analysis_figures f ON f.id = x.analysis"
            " WHERE f.content_hash = ?",
            (analysed[1][0].content_hash,),
        ).fetchone()[0]
        assert before == len(analysed[0][1].items) + len(analysed[1][1].items)
        assert db.execute("SELECT COUNT(*) FROM analysis_senses").fetchone()[0] > kept
        store.delete_episode(ids[0])
        assert db.execute("SELECT COUNT(*) FROM analysis_list").fetchone()[0] == len(analysed[1][1].items)
        assert db.execute("SELECT COUNT(*) FROM analysis_senses").fetchone()[0] == kept


def test_a_worksheet_from_the_list_rows_is_the_worksheet_of_the_decoded_analyses(
    tmp_path: Path,
    analysed: list[tuple[Episode, Analysis]],
    run_cli: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The handout (its words, gaps, examples and glosses) of one episode and of several."""
    folder = tmp_path / "library"
    ids = _archive(folder, analysed, 8)
    for case in ([ids[1]], ids, [*ids[:3], "--level", "B1", "--words", "20"]):
        got, expected, made = _both(
            run_cli, monkeypatch, ["--library", str(folder), "worksheet", *case], tmp_path / "sheet.html"
        )
        assert made == 1
        assert got == expected
