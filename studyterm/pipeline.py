"""The one orchestrator: ingest → analysis → store. The CLI and the TUI call these functions.

Analyses are cached in the library by (content hash, analysis version); the version is computed
without importing spaCy, so reading an analysed episode never loads the pipeline.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from studyterm.analysis.nlp import resolve_model
from studyterm.analysis.vocab import ANALYSIS_VERSION
from studyterm.errors import InputError, LibraryBusyError, LibraryError
from studyterm.ingest import DEFAULT_MAX_BYTES, Extras, load_episode
from studyterm.model import Analysis, Episode
from studyterm.store import Store
from studyterm.store.library import EpisodeRow
from studyterm.store.word_table import EpisodeFigures, Judgement, Lexeme, figures_tokens

if TYPE_CHECKING:
    from collections.abc import Sequence

    from studyterm.analysis.learner import Learner
    from studyterm.analysis.vocab import Analyzer

__all__ = [
    "Opened",
    "OverviewRow",
    "add_episodes",
    "analyse",
    "analysis_version",
    "analyzer_loaded",
    "fill_word_table",
    "get_analyzer",
    "import_episode",
    "import_episodes",
    "library_overview",
    "library_word_uses",
    "names_a_file",
    "open_episode",
    "other_episodes",
    "prepare_analysis",
    "resolve_marks",
    "run_analysis",
    "sample_episode_path",
]


@dataclass
class Opened:
    episode: Episode
    analysis: Analysis
    added: bool  # True when this call added the episode to the library


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
    digest = hashlib.sha256(data.joinpath("phrases.tsv").read_bytes()
                            + data.joinpath("glossary.tsv").read_bytes()).hexdigest()[:8]
    return f"{ANALYSIS_VERSION}:{name}:{model_version}:{digest}"


@lru_cache(maxsize=4)
def get_analyzer(model: str | None = None) -> Analyzer:
    """Load spaCy (once) and build the analyzer. The expensive step: seconds."""
    from studyterm.analysis.nlp import load_nlp
    from studyterm.analysis.vocab import Analyzer

    analyzer = Analyzer(load_nlp(resolve_model(model)), version=analysis_version(model))
    _loaded_models.add(model)
    return analyzer


_loaded_models: set[str | None] = set()  # the `model` arguments get_analyzer has loaded


def analyzer_loaded(model: str | None = None) -> bool:
    """Whether spaCy is loaded already for `model` (so an analysis starts at once)."""
    return model in _loaded_models


def run_analysis(episode: Episode, model: str | None = None) -> Analysis:
    """Analyse an episode with spaCy (no cache). A paragraph over spaCy's length limit is bad
    input, reported in one line naming the file, not an internal error."""
    analyzer = get_analyzer(model)
    limit = int(getattr(analyzer.nlp, "max_length", 1_000_000))
    longest = max((len(s.text) for s in episode.segments), default=0)
    if longest > limit:
        raise _too_long(episode, longest, limit)
    try:
        return analyzer.analyse(episode)
    except ValueError as exc:
        if "[E088]" not in str(exc):
            raise
        raise _too_long(episode, longest, limit) from exc


def _too_long(episode: Episode, longest: int, limit: int) -> InputError:
    return InputError(f"a paragraph of {longest:,} characters is over the analysis limit of "
                      f"{limit:,} characters: split it with blank lines", path=episode.source)


def analyse(store: Store, episode: Episode, model: str | None = None) -> Analysis:
    """The cached analysis of an episode, computing and caching it when missing."""
    version = analysis_version(model)
    cached = store.analysis(episode.content_hash, version)
    if cached is not None:
        return cached
    analysis = run_analysis(episode, model)
    # the cache is a saving, not a promise: a library busy with another process's long write
    # still gets its analysis shown, and it is cached the next time
    with suppress(LibraryBusyError):
        store.put_analysis(analysis)
    return analysis


def prepare_analysis(store: Store, episode: Episode, model: str | None = None) -> Analysis:
    """The episode's analysis, from the cache or computed, without writing anything: the caller
    stores it with the episode in one transaction."""
    analysis = store.analysis(episode.content_hash, analysis_version(model))
    return analysis if analysis is not None else run_analysis(episode, model)


Progress = Callable[[str], None]
"""Told what an import is doing, in a few words ("Loading spaCy…"), for a screen or stderr."""


def import_episode(store: Store, path: str | Path, extras: Extras | None = None,
                   model: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
                   progress: Progress | None = None) -> Opened:
    """Read, analyse and store an episode file. Nothing is written unless all steps succeed.
    `progress` hears each slow step as it starts (reading, loading spaCy, analysing)."""
    say = progress or (lambda text: None)
    say(f"Reading {Path(path).name}…")
    episode = load_episode(path, extras, max_bytes)

    def analysing(n: int, total: int, source: str) -> None:
        if not analyzer_loaded(model):
            say("Loading spaCy's English pipeline (a few seconds, once per session)…")
            get_analyzer(model)  # loaded now (and kept), so the next step is the analysis
        words = sum(len(s.text.split()) for s in episode.segments)
        say(f"Analysing {words:,} words of “{episode.title}”…")

    return add_episodes(store, [episode], model, analysing)[0]


def import_episodes(store: Store, paths: Sequence[str | Path], extras: Extras | None = None,
                    model: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
                    progress: Callable[[int, int, str], None] | None = None) -> list[Opened]:
    """Read and analyse every file first, then add them all in one transaction: a bad file, a
    failure or a kill anywhere before the end leaves the library exactly as it was.

    `progress(n, total, path)` is called before the n-th file's analysis (1-based) when spaCy
    has to run for it (a cached analysis is instant).
    """
    return add_episodes(store, [load_episode(p, extras, max_bytes) for p in paths], model, progress)


def add_episodes(store: Store, episodes: Sequence[Episode], model: str | None = None,
                 progress: Callable[[int, int, str], None] | None = None) -> list[Opened]:
    """Analyse episodes already read (see `import_episodes`), then add them in one transaction."""
    version = analysis_version(model)
    analyses = []
    for n, episode in enumerate(episodes, start=1):
        analysis = store.analysis(episode.content_hash, version)
        if analysis is None:
            if progress is not None:
                progress(n, len(episodes), episode.source or episode.title)
            analysis = run_analysis(episode, model)
        analyses.append(analysis)
    added = store.add_episodes(list(zip(episodes, analyses, strict=True)))
    return [Opened(e, a, new) for e, a, new in zip(episodes, analyses, added, strict=True)]


def names_a_file(ref: str) -> bool:
    """Whether an EPISODE argument names a file (imported on the way) rather than a library id
    or title: an existing path, or anything with a folder separator or an extension."""
    path = Path(ref)
    return path.exists() or any(sep in ref for sep in ("/", "\\")) or bool(path.suffix)


def open_episode(store: Store, ref: str, extras: Extras | None = None,
                 model: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> Opened:
    """An episode named by a library id/title or by a file path (which is imported)."""
    if names_a_file(ref):
        return import_episode(store, Path(ref), extras, model, max_bytes)
    episode = store.episode(store.find_episode(ref))
    return Opened(episode, analyse(store, episode, model), added=False)


def sample_episode_path() -> Path:
    """The bundled China Daily sample episode (package data)."""
    files = resources.files("studyterm.data").joinpath("episodes")
    for entry in sorted(files.iterdir(), key=lambda f: f.name):
        if entry.name.endswith(".txt"):
            return Path(str(entry))
    raise FileNotFoundError("the bundled sample episode is missing from the installation")


# -- library-wide views: queries over the word table, never a decoding of every analysis ------


def fill_word_table(store: Store, version: str) -> list[Analysis]:
    """Enter the library's analyses at `version` that the word table lacks (stored by an older
    studyterm) into it, a batch per transaction so memory stays bounded. Those that could not be
    written (the library is busy with another process's write, read-only, on a full disk) are
    returned, decoded, for the caller to use directly."""
    unwritten: list[Analysis] = []
    batch: list[Analysis] = []
    missing = store.missing_words(version)
    for n, content_hash in enumerate(missing, start=1):
        analysis = store.analysis(content_hash, version)
        if analysis is not None:
            batch.append(analysis)
        if len(batch) >= 50 or n == len(missing):
            try:
                store.put_words(batch)
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
            found = _figures(row.id, analysis, learner)
        out.append(OverviewRow(row, found))
    return out


def _figures(episode_id: str, analysis: Analysis, learner: Learner) -> EpisodeFigures:
    """The figures of one decoded analysis (what the word table's query gives)."""
    advanced = [i for i in analysis.items if learner.is_advanced(i)]
    return EpisodeFigures(
        episode_id,
        figures_tokens(analysis),
        len(advanced),
        sum(i.count for i in advanced if not i.is_phrase),
        len(analysis.items),
        sum(1 for i in analysis.items if learner.status_of(i) == "learning"),
        sum(1 for i in analysis.items
            if learner.status_of(i) == "ignored" or (i.suspect and learner.status_of(i) is None)),
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
        return VocabItem(lemma=lemma, pos="", forms=forms, count=0, rank=None, zipf=0.0,
                         band="", cefr="", cefr_source="", occurrences=[])

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


def library_word_uses(store: Store, keys: set[tuple[str, str]], model: str | None = None
                      ) -> dict[tuple[str, str], list[tuple[str, str, str | None]]]:
    """(lemma, POS) → (id, title, podcast) of every analysed library episode using the word."""
    version = analysis_version(model)
    fill_word_table(store, version)
    return store.word_episodes(version, keys)
