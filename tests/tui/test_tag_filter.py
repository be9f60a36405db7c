"""Exam tags as a filter in the reader: after an ECDICT import, `f` also offers the tags of this
episode's words to learn (CET-6, 考研 …), and the vocabulary pane's filter box matches tags."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from studyterm.lexicon.tags import sort_tags
from studyterm.model import Analysis, Episode
from studyterm.store import Store
from studyterm.tui.screens.reader_screen import ReaderScreen
from studyterm.tui.study import BAND_FILTERS, StudySession, band_group, filter_label, tag_filter
from studyterm.tui.widgets.episode_header import EpisodeHeader
from studyterm.tui.widgets.transcript_view import TranscriptView
from studyterm.tui.widgets.vocab_panel import VocabPanel

from .conftest import running, settle

pytestmark = pytest.mark.asyncio

ECDICT_CSV = Path(__file__).resolve().parent.parent / "fixtures" / "dicts" / "ecdict-mini.csv"


def _session(app: Any) -> StudySession:
    screen = app.screen
    assert isinstance(screen, ReaderScreen) and screen.session is not None
    return screen.session


def _dump(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table of the library file."""
    db = sqlite3.connect(path)
    try:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: db.execute(f'SELECT * FROM "{t}" ORDER BY 1').fetchall() for t in tables}
    finally:
        db.close()


def _walk(session: StudySession) -> list[int]:
    """The items `n` selects, from the top to the end."""
    seen = []
    session.select(None)
    while (mark := session.next()) is not None:
        seen.append(mark.item)
        session.select(mark)
    return seen


async def test_without_imported_tags_f_cycles_the_bands_only(
    store: Store, sample_episode: Episode, sample_analysis: Analysis
) -> None:
    # every K1–K5 word known: that band has nothing to learn, and f must not stop on it
    common = [it.lemma for it in sample_analysis.items if band_group(it) == "common"]
    assert common
    store.set_statuses(common, "known")
    async with running(store, sample_episode.id) as (app, pilot):
        session = _session(app)
        assert session.glossed and session.tags() == []
        assert session.filters() == BAND_FILTERS
        seen = []
        while True:
            await pilot.press("f")
            seen.append(session.band_filter)
            if session.band_filter == "all":
                break
            assert session.advanced_count > 0  # never a stop with nothing to learn
        kept = [f for f in BAND_FILTERS[1:] if session.count_for(f)]
        assert seen == [*kept, "all"]
        assert session.count_for("common") == 0 and "common" not in seen  # skipped
        # the status line (not stacked notifications) says what f did
        await pilot.press("f")
        assert app.screen.query_one(TranscriptView).border_subtitle.startswith(
            f"f: highlighting {filter_label(kept[0])}"
        )
        assert not app._notifications


async def test_cet6_filter_after_an_ecdict_import(
    store: Store, sample_episode: Episode, library: Path, run_cli
) -> None:  # type: ignore[no-untyped-def]
    assert store.path.parent == library  # the CLI imports into the library the app opens
    imported = run_cli("dict", "import", str(ECDICT_CSV))
    assert imported.code == 0, imported.err
    async with running(store, sample_episode.id) as (app, pilot):
        session = _session(app)
        learner = session.learner
        to_learn = [i for i, it in enumerate(session.items) if learner.is_advanced(it)]
        cet6 = {i for i in to_learn if "CET-6" in session.items[i].tags}
        assert cet6 and len(cet6) < len(to_learn)  # the filter has something to keep and drop
        # only tags that words to learn here carry; the band filters come first
        tags = session.tags()
        assert "CET-6" in tags and tags == sort_tags(reversed(tags))  # exams in their order
        assert all(any(t in session.items[i].tags for i in to_learn) for t in tags)
        assert session.filters()[: len(BAND_FILTERS)] == BAND_FILTERS

        before = _dump(store.path)
        for _ in session.filters():
            if session.band_filter == tag_filter("CET-6"):
                break
            await pilot.press("f")
        assert session.band_filter == tag_filter("CET-6")
        await settle(pilot)
        header = " ".join(str(s.content) for s in app.screen.query_one(EpisodeHeader).query("Static"))
        assert "showing CET-6" in header and f"{len(cet6)} to learn" in header
        assert _dump(store.path) == before  # choosing a filter writes nothing

        # n walks the CET-6 words only, every occurrence of each; the others are plain
        walked = _walk(session)
        assert set(walked) == cet6
        assert len(walked) == sum(len(session.items[i].occurrences) for i in cet6)
        synergy = next(i for i, it in enumerate(session.items) if it.lemma == "synergy")
        assert synergy in to_learn and session.role_of(synergy) is None  # GRE only
        session.select(None)
        await pilot.press("n")
        first = session.selected
        assert first is not None and first.item in cet6
        await pilot.press("n", "n")
        assert session.selected is not None and session.selected.item in cet6

        # the vocabulary pane lists the same words
        await pilot.press("v")
        await pilot.pause()
        pane = app.screen.query_one(VocabPanel)
        assert {r.item for r in pane.shown} == cet6
        await pilot.press("f")  # on past CET-6; back to "all" in the end
        while session.band_filter != "all":
            await pilot.press("f")
        assert session.highlighted > len(walked)
        # its filter box matches tags as `vocab --tag` does: cet6 finds CET-6
        pane.query_one(Input).focus()
        await pilot.press(*"cet6")
        assert {r.item for r in pane.shown} == cet6
        await settle(pilot)
    # filtering is a view: nothing in the library changed but where the learner stands
    after = _dump(store.path)
    assert {t: rows for t, rows in after.items() if t != "reading_state"} == {
        t: rows for t, rows in before.items() if t != "reading_state"
    }
