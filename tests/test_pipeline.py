"""The orchestrator as the command line and the study app rely on it (`studyterm.pipeline`).

Importing several files all or nothing is `test_import_all_or_nothing.py`; the word table's
figures agree with decoding every analysis in `store/test_word_table.py`; the `anki` command and
the reader's `e` building the same deck from the library's dictionaries in
`export/test_anki_library.py`. Here: spaCy one run at a time whoever calls it, the library's rows
whichever way they are computed, marks, the learner, the words lists and decks take, which
EPISODE argument names a file, and `-v`.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from studyterm import pipeline
from studyterm.analysis.learner import DEFAULT_LEVEL, Learner, advanced_items
from studyterm.errors import ModelError
from studyterm.model import Analysis, Episode, Segment
from studyterm.store import Store
from tests.conftest import CliResult

if TYPE_CHECKING:
    from studyterm.analysis.vocab import Analyzer

RunCli = Callable[..., CliResult]

TRADE = Episode(
    title="U.S. tariffs",
    podcast="World News",
    segments=[
        Segment("Farmers say the new agreement will be beneficial to exporters across the region."),
        Segment("The negotiators reaffirmed their commitment after a protracted dispute over tariffs."),
        Segment("Officials called the offer tentative, and the talks will resume next month."),
    ],
)
FARMS = Episode(
    title="Farm policy",
    segments=[
        Segment(
            "The ministry will consolidate its subsidies, and the consolidated funds will reach "
            "villages that have waited for years."
        ),
    ],
)


@pytest.fixture(scope="module")
def analyses(analyzer: Analyzer) -> dict[str, Analysis]:
    return {e.id: analyzer.analyse(e) for e in (TRADE, FARMS)}


@pytest.fixture
def store(library: Path, analyses: dict[str, Analysis]) -> Iterator[Store]:
    with Store.open(library) as s:
        s.add_episodes([(e, analyses[e.id]) for e in (TRADE, FARMS)])
        yield s


# -- one spaCy run at a time ------------------------------------------------------------------


class _Contended:
    """The pipeline's lock (a real reentrant lock) that also tells when a thread had to wait."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.waited = threading.Event()
        self.on_wait: Callable[[], None] = lambda: None

    def __enter__(self) -> None:
        if not self.lock.acquire(blocking=False):
            self.waited.set()
            self.on_wait()
            self.lock.acquire()

    def __exit__(self, *exc: object) -> None:
        self.lock.release()


class _NoLock:
    """What the pipeline had before: nothing kept two threads out of the analyzer."""

    def __init__(self) -> None:
        self.waited = threading.Event()  # never set
        self.on_wait: Callable[[], None] = lambda: None

    def __enter__(self) -> None:
        pass

    def __exit__(self, *exc: object) -> None:
        pass


class _Counted:
    """Counts the threads inside the shared spaCy pipeline at once: in `nlp.pipe`, where every
    analysis gets its Docs (however the analyzer drives it). The first thread in waits until a
    second has either come in too or been made to wait for the lock, so the count does not
    depend on how the threads happen to be scheduled; the real pipe then runs one thread at a
    time either way (the instrument's own lock), so spaCy is never shared here."""

    def __init__(self, nlp: Any, lock: Any) -> None:
        self.real = nlp.pipe
        self.lock = lock
        self.state = threading.Condition()
        self.depth: dict[int, int] = {}  # thread → pipes it has open (one may read inside another)
        self.most = 0
        self.threads: set[int] = set()  # every thread that ran spaCy
        self.running = threading.RLock()
        lock.on_wait = self.wake

    def wake(self) -> None:
        with self.state:
            self.state.notify_all()

    def _inside(self) -> int:
        return sum(1 for d in self.depth.values() if d > 0)

    def pipe(self, *args: Any, **kwargs: Any) -> Iterator[Any]:
        me = threading.get_ident()
        with self.state:
            self.depth[me] = self.depth.get(me, 0) + 1
            first = not self.threads
            self.threads.add(me)
            self.most = max(self.most, self._inside())
            self.state.notify_all()
        if first:  # until the other thread is in too, or waits for the lock (60 s: a safety net)
            with self.state:
                self.state.wait_for(lambda: self._inside() > 1 or self.lock.waited.is_set(), timeout=60)
        try:
            with self.running:
                yield from self.real(*args, **kwargs)
        finally:
            with self.state:
                self.depth[me] -= 1


def _both(*jobs: Callable[[], object]) -> list[object]:
    results: list[object] = [None] * len(jobs)
    errors: list[BaseException] = []

    def run(n: int, job: Callable[[], object]) -> None:
        try:
            results[n] = job()
        except BaseException as exc:  # reported by the test, not lost in the thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(n, job)) for n, job in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    assert not any(t.is_alive() for t in threads)
    return results


@pytest.mark.parametrize("lock", ["pipeline's lock", "no lock"])
def test_an_import_and_the_reader_analysing_at_once_take_turns(
    lock: str,
    library: Path,
    tmp_path: Path,
    analyzer: Analyzer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An import (the command line, the library's `a`, a feed) and the reader opening an episode
    whose analysis is missing, in two threads: spaCy runs one of them at a time. With no lock
    (the control) the same instrument sees both inside at once, so it does measure overlap."""
    watched = _Contended() if lock == "pipeline's lock" else _NoLock()
    monkeypatch.setattr(pipeline, "ANALYSIS_LOCK", watched)
    counted = _Counted(analyzer.nlp, watched)
    monkeypatch.setattr(analyzer.nlp, "pipe", counted.pipe)
    talk = tmp_path / "talk.txt"
    talk.write_text("Negotiators reaffirmed their commitment to multilateralism.\n", encoding="utf-8")
    with Store.open(library) as store:
        store.add_episode(FARMS, None)  # in the library, not analysed (as after an upgrade)

    def import_file() -> object:
        with Store.open(library) as store:
            return pipeline.import_episode(store, talk).analysis

    def open_in_reader() -> object:
        with Store.open(library) as store:
            return pipeline.analyse(store, store.episode(FARMS.id))

    imported, opened = _both(import_file, open_in_reader)
    assert len(counted.threads) == 2
    assert isinstance(imported, Analysis) and isinstance(opened, Analysis)
    assert {i.lemma for i in opened.items} >= {"consolidate", "subsidy"}
    if lock == "no lock":
        assert counted.most == 2
    else:
        assert counted.most == 1 and watched.waited.is_set()


class _LeftPipe(_Contended):
    """The pipeline's lock that, as a thread lets it go, notes whether that thread still had
    spaCy's `pipe` open: the next thread's turn would then overlap it."""

    def __init__(self) -> None:
        super().__init__()
        self.counted: _Counted | None = None
        self.open_at_release: list[int] = []

    def __exit__(self, *exc: object) -> None:
        if self.counted is not None:
            with self.counted.state:
                self.open_at_release.append(self.counted.depth.get(threading.get_ident(), 0))
        super().__exit__(*exc)


def test_an_analysis_has_left_spacy_when_it_gives_up_its_turn(
    analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The analysis stream stops after the last episode's analysis while spaCy's `pipe` is still
    open; it is closed before the lock is let go, not later when it is collected, when another
    thread may already be running spaCy (CI once saw both inside at once)."""
    watched = _LeftPipe()
    monkeypatch.setattr(pipeline, "ANALYSIS_LOCK", watched)
    counted = _Counted(analyzer.nlp, watched)
    watched.waited.set()  # one thread: the instrument need not wait for a second
    watched.counted = counted
    monkeypatch.setattr(analyzer.nlp, "pipe", counted.pipe)
    analyses = pipeline.run_analyses([TRADE, FARMS])
    assert [len(a.items) > 0 for a in analyses] == [True, True]
    assert watched.open_at_release and set(watched.open_at_release) == {0}


def test_an_episode_asked_for_twice_at_once_is_analysed_once(
    library: Path, analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reader opening an episode while the library re-analyses it: the second waits for
    the first and takes its analysis from the library, instead of running spaCy again."""
    watched = _Contended()
    monkeypatch.setattr(pipeline, "ANALYSIS_LOCK", watched)
    counted = _Counted(analyzer.nlp, watched)
    monkeypatch.setattr(analyzer.nlp, "pipe", counted.pipe)
    with Store.open(library) as store:
        store.add_episode(TRADE, None)

    def open_it() -> object:
        with Store.open(library) as store:
            return pipeline.analyse(store, store.episode(TRADE.id))

    first, second = _both(open_it, open_it)
    assert len(counted.threads) == 1 and watched.waited.is_set()
    assert isinstance(first, Analysis) and isinstance(second, Analysis)
    assert [i.lemma for i in first.items] == [i.lemma for i in second.items]


# -- the library's rows -------------------------------------------------------------------------


def test_a_row_analysed_again_shows_what_the_library_overview_shows(
    store: Store, analyses: dict[str, Analysis]
) -> None:
    """The library screen fills a row whose analysis was missing from the analysis it just
    made (`analyse_episodes`, `episode_figures`); `list` and the screen's next load read the
    word table (`library_overview`). The learner sees the same figures either way."""
    learner = Learner(level=4000, statuses={"tentative": "learning", "farmer": "known"})
    overview = {r.episode.id: r.figures for r in pipeline.library_overview(store, learner)}
    assert set(overview) == {TRADE.id, FARMS.id} and None not in overview.values()
    trade = overview[TRADE.id]
    assert trade is not None and trade.learning == 1 and 0 < trade.coverage < 1
    store._db.execute("DELETE FROM analyses")  # as an upgrade to a new analysis version does
    assert {r.figures for r in pipeline.library_overview(store, learner)} == {None}
    again = dict(pipeline.analyse_episodes(store, [TRADE.id, FARMS.id]))
    assert list(again) == [TRADE.id, FARMS.id]
    for episode_id, analysis in again.items():
        assert isinstance(analysis, Analysis)
        assert pipeline.episode_figures(episode_id, analysis, learner) == overview[episode_id]
    assert {r.episode.id: r.figures for r in pipeline.library_overview(store, learner)} == overview


def test_re_analysis_skips_deleted_episodes_and_stops_without_a_model(store: Store) -> None:
    store._db.execute("DELETE FROM analyses")
    store.delete_episode(FARMS.id)
    assert [i for i, _ in pipeline.analyse_episodes(store, [FARMS.id, TRADE.id])] == [TRADE.id]
    with pytest.raises(ModelError, match="no_such_model"):
        next(pipeline.analyse_episodes(store, [TRADE.id], model="no_such_model"))


# -- marks, the learner ------------------------------------------------------------------------


def test_typed_forms_are_marked_under_the_lemmas_the_reader_highlights(
    store: Store, analyses: dict[str, Analysis], run_cli: RunCli
) -> None:
    result = run_cli("mark", "known", "reaffirmed", "Subsidies")
    assert result.code == 0, result.err
    assert "reaffirm (for reaffirmed)" in result.out and "subsidy (for Subsidies)" in result.out
    assert pipeline.mark_words(store, ["negotiators"], "learning", stage=3) == ["negotiator"]
    learner = pipeline.learner_for(store)
    items = {i.lemma: i for i in analyses[FARMS.id].items + analyses[TRADE.id].items}
    assert learner.status_of(items["reaffirm"]) == "known"
    assert learner.status_of(items["subsidy"]) == "known"
    assert learner.status_of(items["negotiator"]) == "learning"
    assert store.stages()["negotiator"] == 3
    # what the reader highlights follows the marks
    assert "reaffirm" in {i.lemma for i in advanced_items(analyses[TRADE.id], Learner(3000))}
    assert "reaffirm" not in {
        i.lemma for i in advanced_items(analyses[TRADE.id], replace(learner, level=3000))
    }


def test_the_command_line_and_the_app_set_up_the_same_learner(store: Store, run_cli: RunCli) -> None:
    from studyterm.tui.app import make_app

    assert run_cli("level", "B2").code == 0
    assert run_cli("mark", "learning", "tentative").code == 0
    cli = pipeline.learner_for(store)
    app = make_app(store).learner
    assert (cli.level, cli.statuses) == (app.level, app.statuses) == ("B2", {"tentative": "learning"})
    assert make_app(store, level="7k").learner.level == pipeline.learner_for(store, "7k").level == 7000
    # a level edited by hand into nonsense: both start at the default, and `list` says why
    store.set_setting("level", "very good")
    assert pipeline.learner_for(store).level == make_app(store).learner.level == DEFAULT_LEVEL
    result = run_cli("list", "--format", "json")
    assert result.code == 0 and "the saved level is not used" in result.err
    assert len(result.err.strip().splitlines()) == 1
    shown = run_cli("level")
    assert shown.out == f"{DEFAULT_LEVEL}\n" and "the saved level is not used" in shown.err


# -- the words lists and decks take ---------------------------------------------------------------


def test_lists_and_the_reader_gloss_from_the_librarys_dictionaries_in_its_order(
    store: Store, analyses: dict[str, Analysis], run_cli: RunCli, tmp_path: Path
) -> None:
    from studyterm.tui import background

    unit = tmp_path / "unit3.tsv"
    unit.write_text("tentative\t初步的（课堂用）\n", encoding="utf-8")
    assert run_cli("dict", "import", str(unit), "--name", "unit3").code == 0
    assert run_cli("dict", "order", "unit3", "builtin").code == 0
    listed = run_cli("vocab", TRADE.id, "--format", "json", "--level", "3000")
    assert listed.code == 0, listed.err
    glosses = {r["lemma"]: r["gloss"] for r in json.loads(listed.out)}
    assert glosses["tentative"] == "初步的（课堂用）"
    shown = replace(analyses[TRADE.id], items=[replace(i) for i in analyses[TRADE.id].items])
    background.gloss(store.path, shown)  # what the reader's word panel and vocabulary table show
    assert {i.lemma: i.gloss for i in shown.items if i.lemma in glosses} == glosses


def test_the_reader_deck_takes_the_learning_words_and_the_command_takes_what_it_is_told(store: Store) -> None:
    learner = Learner(level=3000)
    everything = next(pipeline.pick_words(store, [TRADE.id], learner)).items
    assert len(everything) > 2
    for_reader = pipeline.Reference(episode_id=TRADE.id)
    # nothing marked learning yet: the reader's deck has every word to learn
    assert next(pipeline.pick_words(store, [for_reader], learner, learning_first=True)).items == everything
    learner.statuses["tentative"] = "learning"
    reader = next(pipeline.pick_words(store, [for_reader], learner, learning_first=True))
    assert [i.lemma for i in reader.items] == ["tentative"]
    cli = next(pipeline.pick_words(store, [TRADE.id], learner, statuses={"learning"}))
    assert cli.items == reader.items
    new = next(pipeline.pick_words(store, [TRADE.id], learner, statuses={"new"}))
    assert {i.lemma for i in new.items} == {i.lemma for i in everything} - {"tentative"}


# -- which EPISODE argument names a file ---------------------------------------------------------


def test_a_title_with_dots_is_an_episode_not_a_file(
    store: Store, run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run_cli("vocab", "U.S. tariffs", "--format", "json", "--level", "3000")
    assert result.code == 0, result.err
    assert "tentative" in {r["lemma"] for r in json.loads(result.out)}
    assert run_cli("show", "U.S. tariffs").out.startswith("U.S. tariffs\nWorld News")
    # neither an episode nor a file: one line that says both
    missing = run_cli("vocab", "U.K. budget")
    assert missing.code == 1
    assert missing.err == (
        "studyterm: no episode matches 'U.K. budget' and there is no file of "
        "that name (see `studyterm list`)\n"
    )
    # a name that reads as a file: the file's own error
    typo = run_cli("vocab", "talk.srt")
    assert typo.code == 1 and typo.err == "studyterm: talk.srt: no such file\n"
    # a file that exists is the file, even where a title matches
    (tmp_path / "U.S. tariffs").write_text(
        "A file that happens to be named like the episode.\n", encoding="utf-8"
    )
    shown = run_cli("show", "U.S. tariffs").out
    assert "A file that happens" in shown and "World News" not in shown
    # a link is a file, even a loop of them (its reading says what is wrong)
    (tmp_path / "one").symlink_to(tmp_path / "two")
    (tmp_path / "two").symlink_to(tmp_path / "one")
    loop = run_cli("vocab", "one")
    assert loop.code == 1 and loop.err == "studyterm: one: cannot read: a loop of symbolic links\n"
    # a title longer than a file name may be is looked for in the library, not an internal error
    long = run_cli("vocab", "tariffs " * 40)
    assert long.code == 1 and long.err.startswith("studyterm: no episode matches 'tariffs tariffs")


# -- -v ---------------------------------------------------------------------------------------


def test_verbose_says_what_is_read_analysed_and_glossed(
    library: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    talk = tmp_path / "talk.txt"
    talk.write_text("Negotiators reaffirmed their commitment to multilateralism.\n", encoding="utf-8")
    quiet = run_cli("import", str(talk))
    assert quiet.code == 0 and quiet.err == ""
    other = tmp_path / "other.txt"
    other.write_text("Officials called the offer tentative.\n", encoding="utf-8")
    loud = run_cli("-v", "import", str(other))
    assert loud.code == 0, loud.err
    lines = loud.err.splitlines()
    assert all(line.startswith("studyterm: ") for line in lines)
    said = "\n".join(lines)
    assert f"read {other} in " in said and "“other”, 1 paragraphs or cues, 5 words" in said
    assert f"library: {library / 'library.sqlite3'}" in said
    assert "analysed " in said and " items in " in said
    # after the command's name too; and the dictionaries a list is glossed from
    listed = run_cli("vocab", "other", "--format", "csv", "-v")
    assert listed.code == 0
    assert "dictionaries, in look-up order: builtin, phrases" in listed.err
    assert "other.txt: analysed before (kept in the library)" in listed.err.replace(str(tmp_path) + "/", "")
    assert "learner: level 5000" in listed.err
    # and the next command without it is quiet again
    assert run_cli("vocab", "other", "--format", "csv").err == ""


def test_verbose_adds_the_cause_of_an_error(tmp_path: Path, run_cli: RunCli) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "library.sqlite3").write_bytes(b"not a database, " * 512)
    plain = run_cli("--library", str(broken), "list")
    assert plain.code == 1 and len(plain.err.splitlines()) == 1
    loud = run_cli("--library", str(broken), "list", "-v")
    assert loud.code == 1
    assert loud.err.splitlines()[0] == plain.err.strip()
    assert loud.err.splitlines()[1:] == ["studyterm:   caused by DatabaseError: file is not a database"]
