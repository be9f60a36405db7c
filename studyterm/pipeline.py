"""The one orchestrator: ingest → analysis → store. The CLI and the TUI call these functions.

Analyses are cached in the library by (content hash, analysis version); the version is computed
without importing spaCy, so reading an analysed episode never loads the pipeline.
"""

from __future__ import annotations

import gc
import hashlib
import importlib.metadata
import logging
import os
import threading
import time
from collections.abc import Callable, Collection, Generator, Iterable, Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from studyterm.analysis.nlp import resolve_model
from studyterm.analysis.vocab import ANALYSIS_VERSION
from studyterm.errors import (
    InputError,
    LibraryBusyError,
    LibraryError,
    ModelError,
    NotFoundError,
    StudytermError,
    UsageError,
)
from studyterm.ingest import DEFAULT_MAX_BYTES, Extras
from studyterm.ingest import load_episode as read_episode
from studyterm.model import Analysis, Episode, Profile, VocabItem
from studyterm.store import Store
from studyterm.store.encoded import EncodedAnalysis, encode_analysis
from studyterm.store.library import EpisodeRow
from studyterm.store.word_table import (
    Choice,
    Chosen,
    EpisodeFigures,
    Judgement,
    Lexeme,
    figures_tokens,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from studyterm.analysis.learner import Learner
    from studyterm.analysis.vocab import Analyzer
    from studyterm.lexicon import Lexicon
    from studyterm.store.word_lists import SenseTally

__all__ = [
    "ANALYSIS_LOCK",
    "Opened",
    "OverviewRow",
    "Picked",
    "Reference",
    "add_episodes",
    "analyse",
    "analyse_episodes",
    "analysis_processes",
    "analysis_version",
    "analyzer_loaded",
    "choose_words",
    "collector_paused",
    "episode_figures",
    "fill_word_table",
    "get_analyzer",
    "gloss",
    "import_episode",
    "import_episodes",
    "learner_choices",
    "learner_for",
    "library_lexicon",
    "library_overview",
    "library_word_uses",
    "list_senses",
    "load_episode",
    "looks_like_path",
    "mark_words",
    "offer_placement",
    "open_episode",
    "other_episodes",
    "pick_words",
    "prepare_analysis",
    "profiles",
    "resolve_marks",
    "resolve_reference",
    "run_analyses",
    "run_analysis",
    "sample_episode_path",
    "stored_choices",
]


class Opened:
    """An episode opened or imported, its analysis, and whether this call added it to the
    library. An analysis that came encoded for the library (from an import's analysis
    processes) is decoded when first read: an import's caller seldom reads it."""

    __slots__ = ("_analysis", "added", "episode")

    def __init__(self, episode: Episode, analysis: Analysis | EncodedAnalysis, added: bool) -> None:
        self.episode = episode
        self._analysis = analysis
        self.added = added

    @property
    def analysis(self) -> Analysis:
        if isinstance(self._analysis, EncodedAnalysis):
            self._analysis = self._analysis.decoded()
        return self._analysis


@lru_cache(maxsize=8)
def analysis_version(model: str | None = None) -> str:
    """Key of cached analyses: our code's version, the model and its version, the phrase list and
    the glossary (its levels and senses decide items' levels)."""
    name = resolve_model(model)
    try:
        model_version = importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        model_version = "?"
    data = resources.files("studyterm.data")
    digest = hashlib.sha256(
        data.joinpath("phrases.tsv").read_bytes() + data.joinpath("glossary.tsv").read_bytes()
    ).hexdigest()[:8]
    return f"{ANALYSIS_VERSION}:{name}:{model_version}:{digest}"


log = logging.getLogger(__name__)

ANALYSIS_LOCK = threading.RLock()
"""Held while spaCy loads or analyses: one run at a time in the process. The analyzer is shared
(`get_analyzer`), and spaCy's pipeline is not made to be run by two threads at once; in the app,
the reader opening an episode, the library re-analysing stale ones, an import and a feed update
would otherwise run it together. Every use of the shared analyzer in studyterm goes through
`get_analyzer` and `run_analysis`, which take it (reentrant: a caller may hold it around both)."""


def get_analyzer(model: str | None = None) -> Analyzer:
    """Load spaCy (once) and build the analyzer. The expensive step: seconds."""
    with ANALYSIS_LOCK:  # two threads asking at once load it once
        return _analyzer(model)


@lru_cache(maxsize=4)
def _analyzer(model: str | None) -> Analyzer:
    from studyterm.analysis.nlp import load_nlp
    from studyterm.analysis.vocab import Analyzer

    began = time.perf_counter()
    analyzer = Analyzer(load_nlp(resolve_model(model)), version=analysis_version(model))
    log.info("loaded spaCy pipeline %s in %.1f s", resolve_model(model), time.perf_counter() - began)
    _loaded_models.add(model)
    return analyzer


_loaded_models: set[str | None] = set()  # the `model` arguments get_analyzer has loaded


def analyzer_loaded(model: str | None = None) -> bool:
    """Whether spaCy is loaded already for `model` (so an analysis starts at once)."""
    return model in _loaded_models


def run_analysis(episode: Episode, model: str | None = None, advance: Advance | None = None) -> Analysis:
    """Analyse an episode with spaCy (no cache), under `ANALYSIS_LOCK`. A paragraph over spaCy's
    length limit is bad input, reported in one line naming the file, not an internal error."""
    return run_analyses([episode], model, advance)[0]


Advance = Callable[[int, int], None]
"""Told how far an analysis is: (characters analysed, characters in all), after each paragraph."""

PARALLEL_CHARS = 150_000
"""From this many characters to analyse (about 25,000 words), the analysis runs in two processes
(`analysis.workers`). Each costs a fork and warms its own caches of levels and senses, so a
short text gains little; the threshold is kept on the safe side (`benchmarks/huge.py
--threshold` measures smaller sizes)."""


def analysis_processes(chars: int) -> int:
    """How many processes analyse `chars` characters: two from PARALLEL_CHARS on a machine with
    two cores or more, else one. STUDYTERM_PROCESSES=1 (or 2) decides instead.

    Only a process running one thread forks the analysis's processes, whatever is asked: forking
    beside other threads (the study app's) can copy a lock another thread holds, and the copy
    would wait for ever."""
    if threading.active_count() > 1:
        return 1
    forced = os.environ.get("STUDYTERM_PROCESSES", "").strip()
    if forced.isdigit() and int(forced) >= 1:
        return min(int(forced), 2)
    return 2 if chars >= PARALLEL_CHARS and (os.cpu_count() or 1) >= 2 else 1


def run_analyses(
    episodes: Sequence[Episode],
    model: str | None = None,
    advance: Advance | None = None,
    starting: Callable[[int], None] | None = None,
) -> list[Analysis]:
    """Analyse several episodes in one stream through spaCy (in two processes for a big enough
    amount of text, see `analysis_processes` and `analysis.workers`), under `ANALYSIS_LOCK`.
    `advance` hears the progress; `starting(n)` is told when the n-th episode (0-based) starts."""
    analyses = []
    for analysis in _run_analyses(episodes, model, advance, starting, None):
        assert isinstance(analysis, Analysis)
        analyses.append(analysis)
    return analyses


def _run_analyses(
    episodes: Sequence[Episode],
    model: str | None,
    advance: Advance | None,
    starting: Callable[[int], None] | None,
    senses: SenseTally | None,
) -> list[Analysis | EncodedAnalysis]:
    """`run_analyses`; with `senses`, the analyses made in two processes come encoded for the
    library (`store.encoded`, the items' senses counted with `senses`), each by the process
    that made it, so that the parent's share of an import is the write alone."""
    with ANALYSIS_LOCK:
        analyzer = get_analyzer(model)
        limit = int(getattr(analyzer.nlp, "max_length", 1_000_000))
        longest = [max((len(s.text) for s in e.segments), default=0) for e in episodes]
        for episode, length in zip(episodes, longest, strict=True):
            if length > limit:
                raise _too_long(episode, length, limit)
        chars = sum(len(s.text) for e in episodes for s in e.segments)
        processes = analysis_processes(chars)
        began = last = time.perf_counter()
        analyses: list[Analysis | EncodedAnalysis] = []
        try:
            stream: Iterable[Analysis | EncodedAnalysis]
            if processes > 1:  # spaCy and the analysis in each process, the parts merged here
                from studyterm.analysis.workers import analyse_in_processes, prepare_in_processes

                if senses is None:
                    stream = analyse_in_processes(analyzer, episodes, processes, 64, advance, starting)
                else:
                    stream = prepare_in_processes(
                        analyzer, episodes, _encoder(senses), processes, 64, advance, starting
                    )
            else:
                stream = analyzer.analyse_all(episodes, 64, 1, advance, starting)
            try:
                for episode, analysis in zip(episodes, stream, strict=False):
                    now = time.perf_counter()
                    log.info(
                        "analysed %s: %d items in %.2f s",
                        episode.source or episode.title,
                        len(analysis.items) if isinstance(analysis, Analysis) else analysis.items,
                        now - last,
                    )
                    last = now
                    analyses.append(analysis)
            finally:
                # the stream stops after the last episode's analysis, inside spaCy's `pipe`: it
                # is closed here, under the lock, not when it is collected in another thread's turn
                if isinstance(stream, Generator):
                    stream.close()
        except ValueError as exc:
            if "[E088]" not in str(exc):
                raise
            # normalising lengthened a paragraph just under the limit (a ligature is 2-3 letters)
            worst = max(range(len(episodes)), key=longest.__getitem__)
            raise _too_long(episodes[worst], longest[worst], limit) from exc
    log.info(
        "analysed %d episode(s), %s characters, in %d process(es) in %.2f s",
        len(episodes),
        f"{chars:,}",
        processes,
        time.perf_counter() - began,
    )
    return analyses


def _encoder(senses: SenseTally) -> Callable[[Analysis], EncodedAnalysis]:
    """What an analysis process sends for an analysis: the library's rows, as bytes."""

    def encode(analysis: Analysis) -> EncodedAnalysis:
        return encode_analysis(analysis, senses)

    return encode


def _too_long(episode: Episode, longest: int, limit: int) -> InputError:
    return InputError(
        f"a paragraph of {longest:,} characters is over the analysis limit of "
        f"{limit:,} characters: split it with blank lines",
        path=episode.source,
    )


def analyse(store: Store, episode: Episode, model: str | None = None) -> Analysis:
    """The cached analysis of an episode, computing and caching it when missing. A cached one
    comes at once, without waiting for a run elsewhere; a missing one waits its turn
    (`ANALYSIS_LOCK`) and looks in the cache again, so two threads asking for the same episode
    compute it once."""
    version = analysis_version(model)
    cached = store.analysis(episode.content_hash, version)
    if cached is not None:
        log.info("%s: analysed before (kept in the library)", episode.source or episode.title)
        return cached
    with ANALYSIS_LOCK:
        cached = store.analysis(episode.content_hash, version)  # another thread's, meanwhile
        if cached is not None:
            return cached
        analysis = run_analysis(episode, model)
        # the cache is a saving, not a promise: a library busy with another process's long
        # write still gets its analysis shown, and it is cached the next time
        with suppress(LibraryBusyError):
            store.put_analysis(analysis, list_senses())
    return analysis


def prepare_analysis(store: Store, episode: Episode, model: str | None = None) -> Analysis:
    """The episode's analysis, from the cache or computed, without writing anything: the caller
    stores it with the episode in one transaction."""
    analysis = store.analysis(episode.content_hash, analysis_version(model))
    return analysis if analysis is not None else run_analysis(episode, model)


def load_episode(
    path: str | Path, extras: Extras | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Episode:
    """Read, decode and parse an episode file (`ingest.load_episode`), saying with `-v` what it
    holds and how long it took: every file the pipeline reads comes through here."""
    began = time.perf_counter()
    episode = read_episode(path, extras, max_bytes)
    log.info(
        "read %s in %.2f s: “%s”, %d paragraphs or cues, %s words",
        path,
        time.perf_counter() - began,
        episode.title,
        len(episode.segments),
        f"{sum(len(s.text.split()) for s in episode.segments):,}",
    )
    return episode


Progress = Callable[[str], None]
"""Told what an import is doing, in a few words ("Loading spaCy…"), for a screen or stderr."""


def import_episode(
    store: Store,
    path: str | Path,
    extras: Extras | None = None,
    model: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Progress | None = None,
) -> Opened:
    """Read, analyse and store an episode file. Nothing is written unless all steps succeed.
    `progress` hears each slow step as it starts (reading, loading spaCy, analysing), and how far
    a long analysis is, a few times a second."""
    say = progress or (lambda text: None)
    say(f"Reading {Path(path).name}…")
    episode = load_episode(path, extras, max_bytes)
    words = sum(len(s.text.split()) for s in episode.segments)

    def analysing(n: int, total: int, source: str) -> None:
        if not analyzer_loaded(model):
            say("Loading spaCy's English pipeline (a few seconds, once per session)…")
            get_analyzer(model)  # loaded now (and kept), so the next step is the analysis
        say(f"Analysing {words:,} words of “{episode.title}”…")

    def advance(done: int, total: int) -> None:  # the share before the title, which may be cut
        say(f"Analysing {words:,} words ({100 * done // max(total, 1)}%) of “{episode.title}”…")

    return add_episodes(store, [episode], model, analysing, _throttled(advance))[0]


def _throttled(advance: Advance, every: float = 0.25) -> Advance:
    """`advance`, called at most every `every` seconds (and always at the end)."""
    last = 0.0

    def tell(done: int, total: int) -> None:
        nonlocal last
        now = time.monotonic()
        if now - last >= every or done >= total:
            last = now
            advance(done, total)

    return tell


def import_episodes(
    store: Store,
    paths: Sequence[str | Path],
    extras: Extras | None = None,
    model: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Callable[[int, int, str], None] | None = None,
    advance: Advance | None = None,
) -> list[Opened]:
    """Read and analyse every file first, then add them all in one transaction: a bad file, a
    failure or a kill anywhere before the end leaves the library exactly as it was.

    `progress(n, total, path)` is called when the n-th file's analysis (1-based) starts, when
    spaCy has to run for it (a cached analysis is instant); `advance(done, total)` hears the
    characters analysed so far.
    """
    episodes = [load_episode(p, extras, max_bytes) for p in paths]
    return add_episodes(store, episodes, model, progress, advance)


def add_episodes(
    store: Store,
    episodes: Sequence[Episode],
    model: str | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    advance: Advance | None = None,
) -> list[Opened]:
    """Analyse episodes already read (see `import_episodes`) in one stream, then add them in one
    short transaction: every row is encoded before it opens (by the analysis processes, when
    there are two), so that the library's write lock is held for the writing alone."""
    version = analysis_version(model)
    analyses: list[Analysis | EncodedAnalysis | None] = [
        store.analysis(e.content_hash, version) for e in episodes
    ]
    missing = [n for n, a in enumerate(analyses) if a is None]
    senses = list_senses()  # before the analysis processes are forked: theirs too

    told: set[int] = set()

    def starting(k: int) -> None:
        if progress is not None and k not in told:
            told.add(k)
            n = missing[k]
            progress(n + 1, len(episodes), episodes[n].source or episodes[n].title)

    if missing:
        if not analyzer_loaded(model):
            starting(0)  # before spaCy loads: the caller says so (or loads it itself)
        fresh = _run_analyses([episodes[n] for n in missing], model, advance, starting, senses)
        for n, analysis in zip(missing, fresh, strict=True):
            analyses[n] = analysis
    pairs = [(e, a) for e, a in zip(episodes, analyses, strict=True) if a is not None]
    encoded = [a if isinstance(a, EncodedAnalysis) else encode_analysis(a, senses) for _, a in pairs]
    added = store.add_episodes([(e, rows) for (e, _), rows in zip(pairs, encoded, strict=True)])
    return [Opened(e, a, new) for (e, a), new in zip(pairs, added, strict=True)]


@dataclass(frozen=True)
class Reference:
    """What an EPISODE argument names: a file to read (`path`) or a library episode (`episode_id`)."""

    path: Path | None = None
    episode_id: str | None = None


def _importable_suffixes() -> set[str]:
    from studyterm.ingest import IMPORTERS

    return {ext for importer in IMPORTERS for ext in importer.extensions}


def looks_like_path(ref: str) -> bool:
    """Whether `ref` reads as a file name: a folder separator, or an extension studyterm reads
    (`talk.srt`, `notes.txt`): "U.S. tariffs" and "Mr. Xi's visit" do not."""
    return any(sep in ref for sep in ("/", "\\")) or Path(ref).suffix.lower() in _importable_suffixes()


def resolve_reference(store: Store | Callable[[], Store], ref: str | Reference) -> Reference:
    """What an EPISODE argument names. A file when a file (or folder) of that name exists;
    else a library episode (an id, its first letters or a unique piece of its title); else a
    file when it reads as a path (`looks_like_path`: its reading then says "no such file");
    else NotFoundError in one line saying neither matched. `store` may be a function opening
    the library, called only when the library is looked in."""
    if isinstance(ref, Reference):
        return ref
    if not ref.strip():
        raise UsageError("no episode given: a library id, a piece of a title, or a file")
    if os.path.lexists(ref):  # a link too, even a broken one or a loop: its reading says so
        return Reference(path=Path(ref))
    try:
        return Reference(episode_id=(store if isinstance(store, Store) else store()).find_episode(ref))
    except NotFoundError as err:
        if looks_like_path(ref):
            return Reference(path=Path(ref))
        if str(err).startswith("no episode matches"):  # not "matches 3 episodes": that says more
            raise NotFoundError(
                f"no episode matches {ref!r} and there is no file of that name (see `studyterm list`)"
            ) from err
        raise


def open_episode(
    store: Store,
    ref: str | Reference,
    extras: Extras | None = None,
    model: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Opened:
    """An episode named by a library id/title or by a file path (which is imported); see
    `resolve_reference`."""
    found = resolve_reference(store, ref)
    if found.path is not None:
        return import_episode(store, found.path, extras, model, max_bytes)
    assert found.episode_id is not None
    episode = store.episode(found.episode_id)
    return Opened(episode, analyse(store, episode, model), added=False)


def sample_episode_path() -> Path:
    """The bundled China Daily sample episode (package data)."""
    files = resources.files("studyterm.data").joinpath("episodes")
    for entry in sorted(files.iterdir(), key=lambda f: f.name):
        if entry.name.endswith(".txt"):
            return Path(str(entry))
    raise FileNotFoundError("the bundled sample episode is missing from the installation")


# -- library-wide views: queries over the word table, never a decoding of every analysis ------


def list_senses() -> SenseTally:
    """What the store counts the senses of each item's occurrences with, for word lists
    (`store.word_lists`): the entry of the built-in dictionaries, where it has several senses."""
    from studyterm.lexicon.tallies import sense_tally

    return sense_tally()


def fill_word_table(store: Store, version: str) -> list[Analysis]:
    """Bring the library's analyses at `version` stored by an older studyterm up to date: those
    stored whole are rewritten in parts (migration 0010), those the word table or the list rows
    lack are entered into them (0008, 0011), a batch per transaction so memory stays bounded.
    Those that could not be written (the library is busy with another process's write,
    read-only, on a full disk) are returned, decoded, for the caller to use directly."""
    unwritten: list[Analysis] = []
    batch: list[Analysis] = []
    todo = list(
        dict.fromkeys(
            [*store.legacy_analyses(version), *store.missing_words(version), *store.missing_lists(version)]
        )
    )
    senses = list_senses() if todo else None
    for n, content_hash in enumerate(todo, start=1):
        analysis = store.analysis(content_hash, version)
        if analysis is not None:
            batch.append(analysis)
        if len(batch) >= 50 or n == len(todo):
            try:
                store.put_analyses(batch, senses)
            except LibraryError:  # busy, read-only, a full disk: shown all the same
                unwritten.extend(batch)
            batch = []
    return unwritten


@dataclass(frozen=True)
class OverviewRow:
    """A library episode and the learner's figures for it (None: not analysed at this version)."""

    episode: EpisodeRow
    figures: EpisodeFigures | None


def _judged(learner: Learner, lexemes: Sequence[Lexeme]) -> dict[int, Judgement]:
    """Each lexeme as the learner sees it (see `Judgement`), by the learner's own rules."""
    from dataclasses import replace

    out = {}
    for lexeme in lexemes:
        item = lexeme.as_item()
        status = learner.status_of(item)
        out[lexeme.id] = Judgement(
            alone=learner.is_advanced(item),
            inside=learner.is_advanced(replace(item, inside_phrase=True)),
            learning=status == "learning",
            skipped=status == "ignored" or (item.suspect and status is None),
        )
    return out


def library_overview(store: Store, learner: Learner, model: str | None = None) -> list[OverviewRow]:
    """Every library episode with its running words, advanced items and coverage for the learner
    (what `list` and the library screen show), from the word table: a query, however large the
    library. Each word is judged once (the learner's level and statuses), then added up in SQL."""
    version = analysis_version(model)
    unwritten = {a.content_hash: a for a in fill_word_table(store, version)}
    rows = store.episodes()
    figures = store.episode_figures(version, _judged(learner, store.lexemes()))
    out = []
    for row in rows:
        found = figures.get(row.id)
        if found is None and (analysis := unwritten.get(row.content_hash)) is not None:
            found = episode_figures(row.id, analysis, learner)
        out.append(OverviewRow(row, found))
    return out


def episode_figures(episode_id: str, analysis: Analysis, learner: Learner) -> EpisodeFigures:
    """The learner's figures of one decoded analysis (what the word table's query gives)."""
    advanced = [i for i in analysis.items if learner.is_advanced(i)]
    return EpisodeFigures(
        episode_id,
        figures_tokens(analysis),
        len(advanced),
        sum(i.count for i in advanced if not i.is_phrase),
        len(analysis.items),
        sum(1 for i in analysis.items if learner.status_of(i) == "learning"),
        sum(
            1
            for i in analysis.items
            if learner.status_of(i) == "ignored" or (i.suspect and learner.status_of(i) is None)
        ),
    )


def resolve_marks(store: Store, words: Sequence[str], model: str | None = None) -> list[str]:
    """The lemma to keep each typed word's status under (`learner.lemmas_for`), looked up in
    the word table: only the typed words, their forms and their possible bases are read."""
    from studyterm.analysis.inflect import bases_of
    from studyterm.analysis.learner import lemmas_for
    from studyterm.model import VocabItem

    version = analysis_version(model)
    fill_word_table(store, version)
    typed = [" ".join(w.lower().split()) for w in words]
    candidates = set(typed)
    for word in typed:
        head, _, last = word.rpartition(" ")
        candidates.update(f"{head} {b}" if head else b for b in bases_of(last))

    def item(lemma: str, forms: list[str]) -> VocabItem:
        return VocabItem(
            lemma=lemma,
            pos="",
            forms=forms,
            count=0,
            rank=None,
            zipf=0.0,
            band="",
            cefr="",
            cefr_source="",
            occurrences=[],
        )

    form_lemmas = store.form_lemmas(version, typed)
    items = [item(lemma, [form]) for form, lemma in form_lemmas.items()]
    items += [item(lemma, []) for lemma in sorted(store.known_lemmas(version, candidates))]
    return lemmas_for(words, items)


def other_episodes(store: Store, episode_id: str, model: str | None = None) -> dict[str, list[str]]:
    """Lower-case lemma → titles of the other library episodes that use it (analysed ones), for
    the words of episode `episode_id`."""
    version = analysis_version(model)
    fill_word_table(store, version)
    return store.other_episode_titles(version, episode_id)


def library_word_uses(
    store: Store, keys: set[tuple[str, str]], model: str | None = None
) -> dict[tuple[str, str], list[tuple[str, str, str | None]]]:
    """(lemma, POS) → (id, title, podcast) of every analysed library episode using the word."""
    version = analysis_version(model)
    fill_word_table(store, version)
    return store.word_episodes(version, keys)


def analyse_episodes(
    store: Store, episode_ids: Sequence[str], model: str | None = None
) -> Iterator[tuple[str, Analysis | StudytermError]]:
    """Each episode's analysis (computed and cached where missing, one run at a time), or why it
    has none, in order, one at a time: a caller may stop between two. An episode deleted
    meanwhile is skipped. Without a spaCy model there is no use trying the others: ModelError
    is raised."""
    for episode_id in episode_ids:
        try:
            yield episode_id, analyse(store, store.episode(episode_id), model)
        except NotFoundError:
            continue
        except ModelError:
            raise
        except StudytermError as err:
            yield episode_id, err


# -- the learner, the dictionaries, the words chosen for lists and decks -------------------


def learner_for(store: Store, level: str | None = None) -> Learner:
    """The learner studying with this library: the level given for this run (a UsageError when
    it is not one), else the saved one, else the default; and their words' statuses. A saved
    level that is no longer valid (edited by hand) gives way to the default, with a warning."""
    from studyterm.analysis.learner import DEFAULT_LEVEL, Learner, parse_level

    if level:
        chosen = parse_level(level)
    else:
        saved = store.setting("level")
        try:
            chosen = parse_level(saved)
        except UsageError as err:
            log.warning("the saved level is not used (%s): studyterm level LEVEL sets it", err)
            chosen = DEFAULT_LEVEL
    log.info("learner: level %s", chosen)
    return Learner(level=chosen, statuses=store.statuses())


def library_lexicon(store: Store) -> Lexicon:
    """The dictionaries glosses come from: the built-in ones and those imported into the
    library, in its look-up order (`studyterm dict order`). Read once per command or worker."""
    from studyterm.lexicon import Lexicon

    lexicon = Lexicon.for_store(store)
    log.info("dictionaries, in look-up order: %s", ", ".join(p.name for p in lexicon.providers))
    return lexicon


def gloss(store: Store, items: Sequence[VocabItem], lexicon: Lexicon | None = None) -> None:
    """Fill the items' Chinese glosses, definitions, pronunciations and exam tags in place, from
    the library's dictionaries (`library_lexicon`)."""
    from studyterm.lexicon import enrich

    enrich(list(items), lexicon or library_lexicon(store))


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while a list of many episodes is built, and resumed after
    (as it was). The list keeps every item of every episode it merges (tens of thousands for an
    archive) and makes no reference cycles: each of the collector's full passes walks all of
    them again, and they come more often the more there are, so that over 1,500 episodes
    they took a third of the time and grew faster than the list."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


@dataclass
class Picked:
    """An episode and the words chosen from it (its analysis is let go)."""

    episode: Episode
    items: list[VocabItem]
    left_out: set[tuple[str, str]]  # (lemma, POS) kept off as unknown to every dictionary


def choose_words(
    analysis: Analysis,
    learner: Learner,
    every: bool = False,
    statuses: Collection[str] | None = None,
    learning_first: bool = False,
) -> list[VocabItem]:
    """The words of an analysis a list or a deck takes: the learner's advanced ones, hardest
    first (`every`: all of them); only those whose status (unmarked: "new") is in `statuses`;
    with `learning_first`, only those marked learning when there are any (the reader's deck)."""
    from studyterm.analysis.learner import advanced_items, hardness

    if every:
        return sorted(analysis.items, key=hardness)
    items = advanced_items(analysis, learner)
    if statuses is not None:
        items = [i for i in items if (learner.status_of(i) or "new") in statuses]
    if learning_first:
        items = [i for i in items if learner.status_of(i) == "learning"] or items
    return items


def pick_words(
    store: Store,
    refs: Iterable[str | Reference],
    learner: Learner,
    *,
    every: bool = False,
    statuses: Collection[str] | None = None,
    learning_first: bool = False,
    first_only: bool = False,
    extras: Extras | None = None,
    model: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Picked]:
    """Open each episode (`open_episode`: files are imported) and choose its words
    (`choose_words`), one episode at a time: only what the caller keeps stays in memory. What
    `vocab`, `worksheet`, `anki` and the reader's deck all call.

    A library episode's words are chosen in the word table (`stored_choices`), so a
    library-wide list or deck never decodes whole analyses: each lexeme is judged once by the
    learner's rules, SQL finds the rows beyond the level, and `choose_words` picks from those
    exactly as from the whole analysis. The first item of each word (lemma, POS) in the stream
    is read whole; a word's later items, which a merged list reads only for their count, forms
    and occurrences, are light (`light_items`: no dictionary fields, which analyses leave empty
    anyway). With `first_only` (a deck, which takes each word's first item: `anki.gather`) a
    later item is that first item again, and nothing of it is read."""
    from studyterm.analysis.learner import left_out

    # the library episodes named, to choose their words together; a name that only a file
    # imported on the way will match is resolved when its turn comes, and read whole
    early: list[tuple[str | Reference, Reference | None]] = []
    for name in refs:
        found: Reference | None = None
        with suppress(StudytermError):
            found = resolve_reference(store, name)
        early.append((name, found))
    stored = {f.episode_id: None for _, f in early if f is not None and f.episode_id is not None}
    version = analysis_version(model)
    seen: dict[tuple[str, str], VocabItem] = {}  # the first item of each word given so far
    with ExitStack() as stack:
        choose = None
        if not every and stored:
            choose = stack.enter_context(stored_choices(store, learner, version, list(stored)))
        for name, found in early:
            ref = found or resolve_reference(store, name)
            choice = choose(ref.episode_id) if choose is not None and ref.episode_id in stored else None
            picked = _pick_stored(
                store, ref, choice, learner, version, seen, statuses, learning_first, first_only
            )
            if picked is None:
                opened = open_episode(store, ref, extras, model, max_bytes)
                items = choose_words(opened.analysis, learner, every, statuses, learning_first)
                skipped = set() if every else left_out(opened.analysis, learner)
                picked = Picked(opened.episode, items, skipped)
            for item in picked.items:
                seen.setdefault((item.lemma, item.pos), item)
            yield picked


def _pick_stored(
    store: Store,
    ref: Reference,
    choice: tuple[str, Chosen] | None,
    learner: Learner,
    version: str,
    seen: dict[tuple[str, str], VocabItem],
    statuses: Collection[str] | None,
    learning_first: bool,
    first_only: bool,
) -> Picked | None:
    """A library episode's words from the word table's choice (see `pick_words`): those new to
    the stream (`seen`: the first item of each word met in an earlier episode) are read whole,
    the others made light, or with `first_only` given as that first item again. None when the
    episode's analysis is gone meanwhile."""
    if choice is None:
        return None
    content_hash, chosen = choice
    episode = store.episode(str(ref.episode_id))
    rows = chosen.rows
    again: dict[tuple[str, str], VocabItem] = {}
    if first_only:
        again = {key: seen[key] for r in rows if (key := (r[1].lemma, r[1].pos)) in seen}
        rows = [r for r in rows if (r[1].lemma, r[1].pos) not in again]
    light = chosen.light(rows)
    part = Analysis(content_hash, version, 0, [*light, *again.values()])
    items = choose_words(part, learner, False, statuses, learning_first)
    position = {id(item): r[0] for item, r in zip(light, rows, strict=True)}
    new = [n for n, item in enumerate(items) if (item.lemma, item.pos) not in seen]
    if new:
        wanted = sorted(position[id(items[n])] for n in new)
        whole = store.analysis(content_hash, version, wanted)
        if whole is None or len(whole.items) != len(wanted):
            return None  # removed or re-analysed meanwhile: read as any other
        by_position = dict(zip(wanted, whole.items, strict=True))
        for n in new:
            items[n] = by_position[position[id(items[n])]]
    log.info(
        "%s: analysed before (kept in the library); %d of its words chosen in the word table, %d read whole",
        episode.source or episode.title,
        len(items),
        len(new),
    )
    return Picked(episode, items, chosen.left_out)


def learner_choices(learner: Learner, lexemes: Sequence[Lexeme]) -> dict[int, Choice]:
    """Each lexeme as the learner's word lists see it (see `Choice`), by the learner's own rules
    (`advanced_items`, `left_out`)."""
    from dataclasses import replace

    out = {}
    for lexeme in lexemes:
        item = lexeme.as_item()
        out[lexeme.id] = Choice(
            alone=learner.is_advanced(item),
            inside=learner.is_advanced(replace(item, inside_phrase=True)),
            left_out=item.suspect and learner.status_of(item) is None,
        )
    return out


FEW_EPISODES = 50
"""Up to this many episodes, only their own words are judged for a list or a deck, not every
word of the library (a large archive has tens of thousands)."""


@contextmanager
def stored_choices(
    store: Store, learner: Learner, version: str, episode_ids: Sequence[str] | None = None
) -> Iterator[Callable[[str], tuple[str, Chosen] | None]]:
    """A function giving a library episode's content hash and the items of its analysis at
    `version` that the learner may be given (`Chosen`), from the word table: each distinct word
    (of the episodes `episode_ids`, when they are a few) is judged once, and the rows of those
    beyond the learner's level are found in SQL. None for an episode whose analysis is not in
    the word table (not analysed at `version`, or the library could not be written): the
    caller reads its analysis whole."""
    fill_word_table(store, version)
    hashes = {row.id: row.content_hash for row in store.episodes()}
    few = episode_ids is not None and len(set(episode_ids)) <= FEW_EPISODES
    lexemes = store.lexemes([hashes[i] for i in set(episode_ids or ()) if i in hashes] if few else None)
    with store.word_choice(lexemes, learner_choices(learner, lexemes)) as choose:

        def chosen(episode_id: str) -> tuple[str, Chosen] | None:
            content_hash = hashes.get(episode_id)
            found = choose(content_hash, version) if content_hash is not None else None
            return (content_hash, found) if content_hash is not None and found is not None else None

        yield chosen


def profiles(
    store: Store,
    refs: Iterable[str | Reference],
    learner: Learner,
    model: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[tuple[Episode, Profile]]:
    """Each episode (`open_episode`: files are imported) and its lexical profile for the learner,
    one at a time."""
    from studyterm.analysis.profile import build_profile

    for ref in refs:
        opened = open_episode(store, ref, None, model, max_bytes)
        yield opened.episode, build_profile(opened.analysis, learner)


def mark_words(
    store: Store, words: Sequence[str], status: str, stage: int | None = None, model: str | None = None
) -> list[str]:
    """Give typed words (`consolidated`, `think tanks`) a status — learning at `stage` when one
    is given — under the lemmas `resolve_marks` finds, in one transaction; the lemma of each
    word, in order."""
    lemmas = resolve_marks(store, words, model)
    unique = list(dict.fromkeys(lemmas))
    if stage is None:
        store.set_statuses(unique, status)
    else:
        store.set_stage(unique, stage)
    log.info("marked %s: %s", status if stage is None else f"learning at stage {stage}", ", ".join(unique))
    return lemmas


def offer_placement(store: Store) -> bool:
    """Whether to offer the placement test as the app opens: the first run (no level saved, never
    offered). Remembered at once, so it is offered once."""
    offer = store.setting("level") is None and store.setting("placement.offered") is None
    if offer:
        store.set_setting("placement.offered", "1")
    return offer
