"""Two processes, each running spaCy and the analysis on its share (`analysis.workers`), give
exactly what one process gives; a worker that dies ends the import with one error and leaves
the library as it was."""

from __future__ import annotations

import os
import signal
import sqlite3
from contextlib import closing
from multiprocessing import active_children
from pathlib import Path

import pytest

from studyterm.analysis.vocab import Analyzer
from studyterm.analysis.workers import analyse_in_processes, plan_tasks
from studyterm.errors import StudytermError
from studyterm.ingest import load_episode
from studyterm.model import Analysis, Episode, Segment
from studyterm.store import Store

NEWS = Path(__file__).parent.parent / "fixtures" / "news"


def _news() -> list[Episode]:
    return [load_episode(p) for p in sorted(NEWS.glob("*.txt"))]


def _long(news: list[Episode]) -> Episode:
    """One long plain transcript: the news paragraphs, and a name met first where any word is
    capitalised ("Reform" opening sentences) that only a much later paragraph shows is a name."""
    paragraphs = [Segment("Reform is slow. Reform takes years, officials said.")]
    paragraphs += [s for e in news[5:9] for s in e.segments]
    paragraphs.append(Segment("Members of the party's Reform wing walked out on Tuesday."))
    return Episode("long", paragraphs, source="long.txt")


def _timed(news: list[Episode]) -> Episode:
    """A long transcript of timed cues (several cues a block), sentences cut across cues."""
    cues = []
    for n, words in enumerate(w for e in news[8:10] for s in e.segments for w in _halves(s.text)):
        cues.append(Segment(words, start=2.0 * n, end=2.0 * n + 1.5, speaker="A" if n % 40 < 25 else "B"))
    return Episode("timed", cues, source="timed.srt")


def _halves(text: str) -> list[str]:
    words = text.split()
    return [" ".join(words[: len(words) // 2]), " ".join(words[len(words) // 2 :])]


def _same(one: list[Analysis], two: list[Analysis]) -> None:
    assert [a.content_hash for a in two] == [a.content_hash for a in one]
    for a, b in zip(one, two, strict=True):
        assert a.to_dict() == b.to_dict()  # items, counts, forms, occurrences, offsets, senses


def test_two_processes_give_the_one_process_analyses_of_many_files_and_of_long_ones_in_parts(
    analyzer: Analyzer,
) -> None:
    news = _news()
    short = [Episode(f"short {n}", news[n].segments[:2], source=f"short{n}.txt") for n in range(4)]
    episodes = [*short[:2], news[0], _long(news), Episode("empty", []), _timed(news), *short[2:]]
    tasks, cut = plan_tasks(episodes, 2)
    assert {3, 5} <= cut.keys() and cut[3] >= 4 and cut[5] >= 2  # the long ones are read in parts
    assert any(len(t.episodes) > 1 for t in tasks)  # short ones go several to a task
    one = list(analyzer.analyse_all(episodes))
    heard: list[tuple[int, int]] = []
    started: list[int] = []
    two = analyse_in_processes(
        analyzer, episodes, 2, progress=lambda d, t: heard.append((d, t)), starting=started.append
    )
    _same(one, two)
    # the name found in the last part is a name in the first one too, as with one process
    first = next(t.segments for t in tasks if t.episodes == (3,) and t.part == 0)
    assert first is not None
    alone = analyzer.analyse(Episode("first part", episodes[3].segments[: first.stop]))
    assert [o for i in alone.items if i.lemma == "reform" for o in i.occurrences if o.segment == 0]
    assert not [o for i in two[3].items if i.lemma == "reform" for o in i.occurrences if o.segment == 0]
    total = sum(len(s.text) for e in episodes for s in e.segments)
    assert heard[-1] == (total, total) and [d for d, _ in heard] == sorted(d for d, _ in heard)
    assert started == list(range(len(episodes)))


def _tables(lib: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table of a library, ids included (but the times of writing: `*_at`)."""
    with closing(sqlite3.connect(lib / "library.sqlite3")) as db:
        names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        out = {}
        for name in names:
            columns = [r[1] for r in db.execute(f"PRAGMA table_info({name})")]
            kept = ", ".join(c for c in columns if not c.endswith("_at"))
            out[name] = sorted(db.execute(f"SELECT {kept} FROM {name}").fetchall(), key=repr)
    return out


def test_an_import_in_two_processes_stores_what_one_process_stores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rows the processes encode are those the parent encodes with one process: the
    analyses, the word table, the list rows and their sense counts, ids and all; a file
    imported before, then imported again with new ones, too."""
    from studyterm.pipeline import analysis_version, import_episodes

    news = _news()
    files = []  # short ones, analysed whole (several to a process's task), and a long one, in parts
    for n in range(6):
        files.append(tmp_path / f"short{n}.txt")
        files[-1].write_text("\n\n".join(s.text for s in news[n].segments[:2]), encoding="utf-8")
    long = tmp_path / "long.txt"
    long.write_text("\n\n".join(s.text for s in _long(news).segments), encoding="utf-8")
    paths = [*files[:4], long, *files[4:]]
    # of those the second import analyses, the long one alone is cut in parts
    assert list(plan_tasks([load_episode(p) for p in (*files[:2], long, *files[4:])], 2)[1]) == [2]
    stored = []
    workers: list[int] = []
    for processes in ("1", "2"):
        monkeypatch.setenv("STUDYTERM_PROCESSES", processes)
        with Store.open(tmp_path / f"lib{processes}") as store:
            import_episodes(store, files[2:4])
            opened = import_episodes(
                store, paths, advance=lambda d, t: workers.append(len(active_children()))
            )
            assert [o.added for o in opened] == [True, True, False, False, True, True, True]
            stored.append([store.analysis(o.episode.content_hash, analysis_version(None)) for o in opened])
            _same([o.analysis for o in opened], stored[-1])  # type: ignore[arg-type]
    assert max(workers) == 2 and None not in stored[1]
    _same(stored[0], stored[1])  # type: ignore[arg-type]
    one, two = _tables(tmp_path / "lib1"), _tables(tmp_path / "lib2")
    assert one.keys() == two.keys()
    for name in (
        "analysis_sentences",
        "analysis_occurrences",
        "form_lexemes",
        "lexemes",
        "analysis_list",
        "analysis_senses",
    ):
        assert one[name], name  # each kind of row is compared, not only empty tables
    for name in one:
        assert one[name] == two[name], name


def test_another_process_writes_to_the_library_while_an_import_analyses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The import's one transaction opens after the last analysis: a mark made meanwhile (by
    another studyterm, or the study app) is saved at once, not refused as busy."""
    from studyterm.pipeline import import_episodes

    monkeypatch.setenv("STUDYTERM_PROCESSES", "2")
    lib = tmp_path / "lib"
    marked: list[int] = []

    def mark(done: int, total: int) -> None:
        if not marked and done < total:
            with Store(lib / "library.sqlite3", timeout=0) as other:  # no waiting for a lock
                other.set_statuses(["tariff"], "known")
            marked.append(done)

    with Store.open(lib) as store:
        opened = import_episodes(store, sorted(NEWS.glob("*.txt")), advance=mark)
        assert marked and all(o.added for o in opened)
        assert store.statuses() == {"tariff": "known"}


def test_a_worker_killed_mid_way_fails_the_import_and_leaves_the_library(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sample_episode: Episode, sample_analysis: Analysis
) -> None:
    from studyterm.pipeline import import_episodes

    monkeypatch.setenv("STUDYTERM_PROCESSES", "2")
    lib = tmp_path / "lib"
    with Store.open(lib) as store:
        store.add_episode(sample_episode, sample_analysis)
        before = [e.id for e in store.episodes()]
    long = tmp_path / "long.txt"
    long.write_text("\n\n".join(s.text for s in _long(_news()).segments), encoding="utf-8")
    paths = [*sorted(NEWS.glob("*.txt"))[5:], long]
    killed: list[int] = []

    def kill_one(done: int, total: int) -> None:
        if not killed:
            worker = active_children()[0]
            assert worker.name.startswith("studyterm-analysis")
            os.kill(worker.pid or 0, signal.SIGKILL)
            killed.append(worker.pid or 0)

    with Store.open(lib) as store, pytest.raises(StudytermError) as err:
        import_episodes(store, paths, advance=kill_one)
    assert killed and "ended unexpectedly (killed by SIGKILL)" in str(err.value)
    assert "\n" not in str(err.value)
    assert active_children() == []  # the other worker is gone too
    with Store.open(lib) as store:
        assert [e.id for e in store.episodes()] == before


def test_a_workers_error_is_raised_in_the_parent_and_no_worker_is_left(
    analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(analyzer.nlp, "max_length", 1000)  # spaCy refuses a longer text (E088)
    episodes = [
        Episode(f"e{n}", [Segment("Negotiators reached a tentative agreement. " * 40)]) for n in range(4)
    ]
    with pytest.raises(ValueError, match=r"\[E088\]"):
        analyse_in_processes(analyzer, episodes, 2)
    assert active_children() == []
