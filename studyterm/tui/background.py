"""The reader's slow work, as plain functions its thread workers call.

Each opens its own `Store` on the library's file (a sqlite3 connection belongs to the thread that
made it), calls the pipeline (which runs spaCy one analysis at a time, `pipeline.ANALYSIS_LOCK`)
and returns plain values; the screen posts them back to the UI thread. No Textual here, so each
is usable, and testable, on its own.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from studyterm.analysis.learner import Learner
from studyterm.model import Analysis, Episode
from studyterm.store import Store
from studyterm.store.library import ReadingState
from studyterm.tui.render import Para, Paragraphs
from studyterm.tui.study import StudySession

if TYPE_CHECKING:
    from studyterm.ingest import Extras

__all__ = [
    "ImportSource",
    "Opened",
    "Text",
    "deck_target",
    "export_deck",
    "gloss",
    "import_for_study",
    "open_for_study",
    "other_episodes",
]


@dataclass
class Opened:
    """An episode ready to show: its session, its display text (each paragraph made when first
    shown), where the learner stopped."""

    session: StudySession
    paras: Sequence[Para]
    state: ReadingState | None


EARLY_TEXT_CHARS = 200_000
"""From this many characters of text (about 40,000 words) an episode's text is shown before its
analysis is read: reading the analysis of a 2.4-million-word transcript and building its session
takes a quarter of a second, more on a busy machine. A shorter episode's takes milliseconds, and
it opens at once with its highlights, without a frame of plain text before them."""


@dataclass
class Text:
    """An episode's text ready to show before its analysis is read: the transcript can be
    painted at once, its highlights added when the session follows."""

    episode: Episode
    paras: Sequence[Para]
    state: ReadingState | None


def _opened(session: StudySession, state: ReadingState | None, paras: Sequence[Para] | None = None) -> Opened:
    """The episode's marks made where the view opens (the rest as they are shown)."""
    if state is not None:
        session.prepare(state.top_segment)
        if state.selected:
            session.prepare(state.selected[0])
    else:
        session.prepare(0)
    return Opened(session, Paragraphs(session.episode.segments) if paras is None else paras, state)


def open_for_study(
    library: Path,
    episode_id: str,
    learner: Learner,
    model: str | None,
    text_ready: Callable[[Text], None] | None = None,
) -> Opened:
    """The episode, its cached analysis (spaCy runs only when it is missing), the reading state,
    and the session and display text built from them (plain Python, kept off the UI thread).
    `text_ready` hears a long episode's text (`EARLY_TEXT_CHARS`) as soon as it is decoded,
    before the analysis is read (a huge episode's transcript is painted while it is). The
    learner is only read here."""
    from studyterm.pipeline import analyse

    with Store(library) as store:
        episode = store.episode(episode_id)
        state = store.reading_state(episode_id)
        paras = Paragraphs(episode.segments)
        if text_ready is not None and sum(paras.lengths) >= EARLY_TEXT_CHARS:
            text_ready(Text(episode, paras, state))
        analysis = analyse(store, episode, model)
        stages = store.stages()
    session = StudySession(episode, analysis, learner)
    session.stages = stages
    return _opened(session, state, paras)


@dataclass(frozen=True)
class ImportSource:
    """A file the app imports as it starts (`studyterm demo`, `studyterm study FILE`), showing
    the import's progress instead of a blank terminal while spaCy loads."""

    path: Path
    extras: Extras | None = None
    max_bytes: int | None = None


def import_for_study(
    library: Path, source: ImportSource, learner: Learner, model: str | None, progress: Callable[[str], None]
) -> Opened:
    """Import `source` into the library, then open it as `open_for_study` does; `progress`
    hears each slow step."""
    from studyterm.ingest import DEFAULT_MAX_BYTES
    from studyterm.pipeline import import_episode

    with Store(library) as store:
        opened = import_episode(
            store, source.path, source.extras, model, source.max_bytes or DEFAULT_MAX_BYTES, progress
        )
        state = store.reading_state(opened.episode.id)
    return _opened(StudySession(opened.episode, opened.analysis, learner), state)


def gloss(library: Path, analysis: Analysis) -> None:
    """Fill the items' Chinese glosses, definitions, pronunciations and tags in place, from the
    built-in glossary and the library's dictionaries. Each field is set by one assignment, so the
    UI thread sees a field either empty or complete."""
    from studyterm.pipeline import gloss as fill

    with Store(library) as store:
        fill(store, analysis.items)


def other_episodes(library: Path, episode_id: str, model: str | None) -> dict[str, list[str]]:
    """Lemma → titles of the other library episodes that use it (analysed ones only), for the
    words of this episode: a query over the library's word table."""
    from studyterm.pipeline import other_episodes as query

    with Store(library) as store:
        return query(store, episode_id, model)


def deck_target(typed: str, default_name: str) -> Path:
    """Where a deck goes when the learner typed `typed`: a folder (an existing one, or any path
    ending in "/", as path completion offers them) gets `default_name` inside it, and a file
    name without ".apkg" gets it, so Anki recognises the file."""
    target = Path(typed).expanduser()
    if typed.endswith(("/", os.sep)) or target.is_dir():
        return target / default_name
    if target.suffix.lower() != ".apkg":
        target = target.with_name(target.name + ".apkg")
    return target


def export_deck(
    library: Path,
    episode_id: str,
    learner: Learner,
    path: str,
    model: str | None,
    default_name: str = "studyterm.apkg",
) -> str:
    """Write the episode's Anki deck at `path` (see `deck_target`); what happened, as one line.
    Raises StudytermError or OSError when no deck could be written."""
    from studyterm.export.anki import describe
    from studyterm.export.anki_library import export_episode_deck

    target = deck_target(path, default_name)
    with Store(library) as store:
        return describe(export_episode_deck(store, episode_id, learner, target, model=model))
