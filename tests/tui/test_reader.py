"""The reader, driven with Pilot: keys and clicks, then the app's state and the library."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.widgets import DataTable, Footer, Input

from studyterm.analysis.learner import Learner
from studyterm.model import Analysis, Episode, Segment, SummaryItem
from studyterm.store import Store
from studyterm.tui.screens.help_modal import HelpModal
from studyterm.tui.screens.reader_screen import ReaderScreen
from studyterm.tui.study import BAND_FILTERS, FILTER_LABELS, band_group
from studyterm.tui.widgets.episode_header import EpisodeHeader
from studyterm.tui.widgets.gloss_strip import GlossStrip
from studyterm.tui.widgets.search_bar import SearchBar
from studyterm.tui.widgets.summary_panel import SummaryPanel
from studyterm.tui.widgets.transcript_view import TranscriptView
from studyterm.tui.widgets.vocab_panel import VocabPanel
from studyterm.tui.widgets.word_panel import WordPanel

from .conftest import running, settle

pytestmark = pytest.mark.asyncio


def _reader(app) -> ReaderScreen:  # type: ignore[no-untyped-def]
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    assert screen.session is not None
    return screen


def _header(app) -> str:  # type: ignore[no-untyped-def]
    return " ".join(str(s.content) for s in app.screen.query_one(EpisodeHeader).query("Static"))


async def test_opens_with_transcript_and_summary_side_by_side(store: Store, sample_episode: Episode) -> None:
    async with running(store, sample_episode.id) as (app, pilot):
        screen = _reader(app)
        transcript = screen.query_one(TranscriptView)
        summary = screen.query_one(SummaryPanel)
        assert transcript.line_count > 30
        assert transcript.strip_at(0).text.startswith("President Xi Jinping called on China")
        assert summary.display and summary.region.x > transcript.region.right - 1
        assert "习近平" in summary.text and "China Daily Podcast · 2025-06-17" in summary.text
        assert screen.session is not None
        coverage = screen.session.coverage
        assert 0.9 < coverage < 1  # a CET-6 learner knows most running words of a news episode
        assert f"coverage {coverage * 100:.1f}%" in _header(app) and "level 5000" in _header(app)
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert screen.has_class("-narrow") and not summary.display
        await pilot.press("s")
        await pilot.pause()
        # narrow: the summary opens over the transcript, the gloss strip stays in view below
        strip = screen.query_one(GlossStrip)
        assert summary.display and summary.region.overlaps(transcript.region)
        assert strip.display and strip.region.y >= summary.region.bottom


async def test_n_and_p_move_through_highlighted_words(store: Store, sample_episode: Episode) -> None:
    async with running(store, sample_episode.id) as (app, pilot):
        screen = _reader(app)
        session = screen.session
        assert session is not None and session.selected is None
        await pilot.press("n")
        first = session.selected
        assert first is not None and session.role_of(first.item)
        await pilot.press("n", "n", "n")
        fourth = session.selected
        assert fourth is not None and (fourth.segment, fourth.start) > (first.segment, first.start)
        detail = screen.query_one(WordPanel)
        item = session.items[fourth.item]
        assert detail.detail is not None and detail.detail.lemma == item.lemma
        assert item.lemma in detail.text
        if item.gloss:
            assert item.gloss in detail.text
        await pilot.press("p", "p", "p")
        assert session.selected == first


async def test_selection_is_drawn_where_the_view_is(store: Store, sample_episode: Episode) -> None:
    async with running(store, sample_episode.id, (80, 24)) as (app, pilot):
        screen = _reader(app)
        session = screen.session
        assert session is not None
        transcript = screen.query_one(TranscriptView)
        selected_bg = transcript._style("selected").background
        assert selected_bg is not None
        await pilot.press("pagedown", "pagedown")  # a scrolled view
        for _ in range(3):
            await pilot.press("n")
            await pilot.pause()
            sel = session.selected
            assert sel is not None and transcript.scroll_y > 0
            where = transcript.screen_offset_of(sel.segment, sel.start)
            assert where is not None  # n brings the word into view
            drawn = app.screen.get_style_at(*where)
            assert drawn.bgcolor is not None
            assert drawn.bgcolor.triplet == selected_bg.rich_color.triplet


async def test_marking_saves_and_rehighlights_every_occurrence(store: Store, sample_episode: Episode) -> None:
    async with running(store, sample_episode.id) as (app, pilot):
        screen = _reader(app)
        session = screen.session
        assert session is not None
        for _ in range(40):  # to a word that occurs more than once
            await pilot.press("n")
            sel = session.selected
            assert sel is not None
            item = session.items[sel.item]
            if item.count > 1 and not item.is_phrase and session.role_of(sel.item) != "common":
                break
        transcript = screen.query_one(TranscriptView)
        text = session.episode.segments[0].text
        base = transcript.visual_style.rich_style

        def word_styles() -> list:  # type: ignore[type-arg]
            out = []
            for occ in item.occurrences:
                if (occ.segment, occ.start) == (sel.segment, sel.start):
                    continue  # the selected one is drawn as selected
                strip = transcript.strip_at(transcript.line_of(occ.segment, occ.start) or 0)
                out += [s.style for s in strip if s.text == text[occ.start : occ.end]]
            return out

        assert word_styles() and all(s.bold for s in word_styles())
        coverage_before = session.coverage
        await pilot.press("k")
        assert store.statuses()[item.lemma] == "known"
        assert all(not s.bold and s.color == base.color for s in word_styles())
        assert session.coverage > coverage_before
        assert f"coverage {session.coverage * 100:.1f}%" in _header(app)
        assert "known" in screen.query_one(WordPanel).text
        await pilot.press("l")
        assert store.statuses()[item.lemma] == "learning"
        assert all(s.bgcolor != base.bgcolor for s in word_styles())
        await pilot.press("i")
        assert store.statuses()[item.lemma] == "ignored"
        await pilot.press("u")
        assert store.statuses()[item.lemma] == "new"
        assert session.role_of(sel.item) not in (None, "learning")


async def test_reading_position_and_selection_are_restored(store: Store, sample_episode: Episode) -> None:
    async with running(store, sample_episode.id, (100, 30)) as (app, pilot):
        screen = _reader(app)
        await pilot.press("n", "n", "n")
        await pilot.press("pagedown")
        await pilot.pause()
        selected = screen.session.selected  # type: ignore[union-attr]
        top = screen.query_one(TranscriptView).top_position()
        assert selected is not None and top[1] > 0
        await pilot.press("q")
    state = store.reading_state(sample_episode.id)
    assert state is not None
    assert state.selected == (selected.segment, selected.start, selected.end)
    assert (state.top_segment, state.top_offset) == top

    async with running(store, sample_episode.id, (100, 30)) as (again, pilot):
        screen = _reader(again)
        assert screen.session.selected == selected  # type: ignore[union-attr]
        assert screen.query_one(TranscriptView).top_position() == top
        assert screen.query_one(WordPanel).detail is not None


async def test_band_filter_and_vocabulary_pane(store: Store, sample_episode: Episode) -> None:
    async with running(store, sample_episode.id) as (app, pilot):
        screen = _reader(app)
        session = screen.session
        assert session is not None
        await pilot.press("v")
        await pilot.pause()
        pane = screen.query_one(VocabPanel)
        table = pane.query_one(DataTable)
        assert pane.display and table.has_focus
        assert table.row_count == session.advanced_count
        assert not screen.query_one(SummaryPanel).display  # the pane takes its place
        words = [r.word for r in pane.shown]
        assert "multilateralism" in words
        first = next(f for f in BAND_FILTERS[1:] if session.count_for(f))
        await pilot.press("f")  # the first band with words to learn, only
        assert session.band_filter == first != "phrase"
        assert all(band_group(session.items[r.item]) == first for r in pane.shown)
        assert f"showing {FILTER_LABELS[first]}" in _header(app)
        while session.band_filter != "phrase":
            await pilot.press("f")
        await pilot.press("f")
        assert session.band_filter == "all"
        # filter the table, then jump to a word's first occurrence
        pane.query_one(Input).focus()
        await pilot.press(*"synergy", "enter")
        assert [r.word for r in pane.shown] == ["synergy"]
        await pilot.press("enter")
        sel = session.selected
        assert sel is not None and session.items[sel.item].lemma == "synergy"
        occ = session.items[sel.item].occurrences[0]
        assert (sel.segment, sel.start) == (occ.segment, occ.start)
        assert screen.query_one(TranscriptView).has_focus
        # sorting
        pane.query_one(Input).value = ""
        await pilot.pause()
        before = [r.word for r in pane.shown]
        pane.action_cycle_sort()
        assert pane.sort_column == "count"
        counts = [r.count for r in pane.shown]
        assert counts == sorted(counts, reverse=True) and [r.word for r in pane.shown] != before


async def test_marking_from_the_vocabulary_pane(store: Store, sample_episode: Episode) -> None:
    async with running(store, sample_episode.id) as (app, pilot):
        screen = _reader(app)
        await pilot.press("v")
        await pilot.pause()
        pane = screen.query_one(VocabPanel)
        top = pane.shown[0]
        await pilot.press("k")
        assert store.statuses()[top.word] == "known"
        assert top.word not in [r.word for r in pane.shown]


async def test_search_highlights_and_moves_to_matches(store: Store, sample_episode: Episode) -> None:
    async with running(store, sample_episode.id) as (app, pilot):
        screen = _reader(app)
        session = screen.session
        assert session is not None
        await pilot.press("slash")
        bar = screen.query_one(SearchBar)
        assert bar.display and bar.query_one(Input).has_focus
        await pilot.press(*"synergy")
        await pilot.pause()
        text = session.episode.segments[0].text
        assert len(session.matches) == text.lower().count("synergy")
        current = session.current_match
        assert current is not None and text[current.start : current.end].lower() == "synergy"
        sel = session.selected
        assert sel is not None and session.items[sel.item].lemma == "synergy"
        await pilot.press("q")  # typing, not quitting
        assert app.is_running and session.query == "synergyq" and not session.matches
        await pilot.press("backspace", "escape")
        assert not bar.display and not session.matches
        assert screen.query_one(TranscriptView).has_focus


async def test_clicking_a_word_selects_it(store: Store, sample_episode: Episode) -> None:
    async with running(store, sample_episode.id) as (app, pilot):
        screen = _reader(app)
        session = screen.session
        assert session is not None
        transcript = screen.query_one(TranscriptView)
        text = session.episode.segments[0].text
        start = text.index("revitalization")
        where = transcript.screen_offset_of(0, start + 2)
        assert where is not None
        await pilot.click(offset=where)
        sel = session.selected
        assert sel is not None and session.items[sel.item].lemma == "revitalization"
        assert "revitalization" in screen.query_one(WordPanel).text


async def test_help_lists_every_reader_key(store: Store, sample_episode: Episode) -> None:
    async with running(store, sample_episode.id) as (app, pilot):
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpModal)
        shown = {key for _, rows in app.screen.sections for keys, _ in rows for key in keys.split(" / ")}
        for binding in ReaderScreen.BINDINGS:
            assert app.get_key_display(binding) in shown  # type: ignore[arg-type]
        assert {"q", "?"} <= shown
        await pilot.press("escape")
        assert isinstance(app.screen, ReaderScreen)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Next (n)" in titles and "Known (k)" in titles and "Find (/)" in titles


async def test_level_changes_in_the_app(store: Store, sample_episode: Episode) -> None:
    async with running(store, sample_episode.id) as (app, pilot):
        session = _reader(app).session
        assert session is not None
        at_5000 = session.advanced_count
        await pilot.press("L")
        await pilot.pause()
        await pilot.press("down", "enter")  # from 5,000 to the next choice, 6,000
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert store.setting("level") == "6000"
        assert session.learner.level == 6000 and session.advanced_count < at_5000
        assert "level 6000" in _header(app)
        await pilot.press("L")
        await pilot.pause()
        app.screen.query_one("#level-input", Input).focus()
        await pilot.press(*"3k", "enter")
        await pilot.pause()
        assert store.setting("level") == "3000"
        assert session.advanced_count > at_5000
        await pilot.press("L")
        await pilot.pause()
        app.screen.query_one("#level-input", Input).focus()
        await pilot.press(*"[b]", "enter")  # not a level: the dialog says so and stays
        await pilot.pause()
        assert "[b]" in str(app.screen.query_one("#level-error").content)
        await pilot.press("escape")
        assert store.setting("level") == "3000"


async def test_export_writes_a_deck(store: Store, sample_episode: Episode, tmp_path: Path) -> None:
    target = tmp_path / "out" / "deck.apkg"
    target.parent.mkdir()
    async with running(store, sample_episode.id) as (app, pilot):
        await pilot.press("e")
        await pilot.pause()
        entry = app.screen.query_one("#path-input", Input)
        entry.value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
    assert target.is_file() and target.stat().st_size > 1000


async def test_episode_text_is_never_markup(store: Store, analyzer) -> None:  # type: ignore[no-untyped-def]
    episode = Episode(
        title="[bold]Breaking[/bold] <b>news</b>",
        podcast="[link=https://example.com]Pod[/link]",
        people=["[red]Host"],
        summary_zh=[SummaryItem("[i]主持人", "多边主义 [/laughter] \x1b[31m红色")],
        segments=[
            Segment(
                "The [bold]minister[/bold] praised [link=https://example.com]multilateralism"
                "[/link] today [/laughter]."
            ),
            Segment("A terminal \x1b[31mred\x1b[0m line, <b>bilateral</b> ties and [music]."),
            Segment("[Host]: Leaders steadfastly uphold multilateralism [applause] [/b]."),
        ],
    )
    analysis: Analysis = analyzer.analyse(episode)
    store.add_episode(episode, analysis)
    async with running(store, episode.id) as (app, pilot):
        screen = _reader(app)
        transcript = screen.query_one(TranscriptView)
        shown = " ".join(transcript.strip_at(i).text.strip() for i in range(transcript.line_count))
        for literal in (
            "[bold]minister[/bold]",
            "[link=https://example.com]multilateralism[/link]",
            "[/laughter]",
            "␛[31mred␛[0m",
            "<b>bilateral</b>",
            "[music]",
        ):
            assert literal in shown
        assert "\x1b" not in shown
        assert "[bold]Breaking[/bold] <b>news</b>" in _header(app)
        summary = screen.query_one(SummaryPanel).text
        assert "[/laughter]" in summary and "[i]主持人" in summary and "␛[31m红色" in summary
        await pilot.press("n")
        session = screen.session
        assert session is not None and session.selected is not None
        item = session.items[session.selected.item]
        assert Learner().is_advanced(item)
        panel = screen.query_one(WordPanel).text
        # shown as the analysis found it, the escape as a visible stand-in
        assert item.occurrences[0].sentence.replace("\x1b", "␛") in panel
        # a word whose sentence is full of markup-like text: shown literally too
        where = screen.query_one(TranscriptView).screen_offset_of(
            0, episode.segments[0].text.index("praised") + 1
        )
        assert where is not None
        await pilot.click(offset=where)
        praised = session.items[session.selected.item]
        assert praised.lemma == "praise"
        assert praised.occurrences[0].sentence in screen.query_one(WordPanel).text


async def test_summary_key_while_the_vocabulary_pane_is_open(store: Store, sample_episode: Episode) -> None:
    async with running(store, sample_episode.id) as (app, pilot):
        screen = _reader(app)
        pane = screen.query_one(VocabPanel)
        summary = screen.query_one(SummaryPanel)
        await pilot.press("v")
        await pilot.pause()
        assert pane.display and not summary.display
        await pilot.press("s")  # one press brings the summary back in place of the pane
        await pilot.pause()
        assert summary.display and not pane.display
        # the keys reach the reader again, not the hidden pane's filter box
        assert screen.query_one(TranscriptView).has_focus
        await pilot.press("n")
        assert screen.session is not None and screen.session.selected is not None
        assert pane.filter_text == ""
        await pilot.press("v")
        await pilot.pause()
        assert pane.display


@pytest.mark.parametrize("size", [(200, 50), (120, 40), (100, 30), (80, 24)])
async def test_vocabulary_pane_shows_every_column(
    store: Store, sample_episode: Episode, size: tuple[int, int]
) -> None:
    async with running(store, sample_episode.id, size) as (app, pilot):
        screen = _reader(app)
        await pilot.press("v")
        await settle(pilot)
        pane = screen.query_one(VocabPanel)
        table = pane.query_one(DataTable)
        assert table.row_count > 0
        # the Chinese and Status columns are on screen, not scrolled off to the right
        assert table.virtual_size.width <= table.scrollable_content_region.width
        shown = "".join(s.text for s in table.render_line(0)._segments)
        assert "Chinese" in shown and "Status" in shown
        # columns sized to their content: the word column never takes room the glosses need
        # beyond its longest word, and with room for both nothing is cut
        widths = {str(c.key.value): c.width for c in table.columns.values()}
        longest_word = max(cell_len(r.word) for r in pane.shown)
        longest_gloss = max(cell_len(r.gloss) for r in pane.shown)
        assert widths["word"] <= max(longest_word, 10)
        if size[0] >= 200:
            assert widths["word"] >= longest_word and widths["gloss"] >= longest_gloss


async def test_export_to_a_folder_or_a_bare_name(
    store: Store, sample_episode: Episode, tmp_path: Path
) -> None:
    folder = tmp_path / "decks"
    folder.mkdir()
    async with running(store, sample_episode.id) as (app, pilot):
        for typed in (f"{folder}/", str(folder / "mine")):
            await pilot.press("e")
            await pilot.pause()
            app.screen.query_one("#path-input", Input).value = typed
            await pilot.press("enter")
            await settle(pilot)
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["mine.apkg", "sino-kazakh-cooperation-strengthened.apkg"]
    assert all(p.stat().st_size > 1000 for p in folder.iterdir())
    assert any(str(folder / "mine.apkg") in n.message for n in app._notifications)


async def test_picking_a_word_at_80_columns_shows_its_gloss_under_the_transcript(
    store: Store, sample_episode: Episode
) -> None:
    async with running(store, sample_episode.id, (80, 24)) as (app, pilot):
        screen = _reader(app)
        summary, words = screen.query_one(SummaryPanel), screen.query_one(WordPanel)
        strip, transcript = screen.query_one(GlossStrip), screen.query_one(TranscriptView)
        # the transcript has the height; no empty word panel takes half the screen
        assert transcript.region.height >= 24 - 1 - 1 - 3 and not words.display
        assert "K6–K8" in strip.text  # the hint and the colour legend
        await pilot.press("s")  # the summary over the transcript
        await pilot.pause()
        assert summary.display
        await pilot.press("n")  # n still selects, and the strip shows the gloss
        await pilot.pause()
        session = screen.session
        assert session is not None and session.selected is not None
        first = session.items[session.selected.item]
        assert strip.detail is not None and strip.detail.lemma == first.lemma
        assert first.gloss and first.gloss in strip.text
        await pilot.press("v", "down", "enter")  # a word from the vocabulary pane
        await pilot.pause()
        lemma = session.items[session.selected.item].lemma
        assert not summary.display and not screen.query_one(VocabPanel).display
        assert strip.detail is not None and strip.detail.lemma == lemma
        await pilot.press("w")  # its details (sentences, other episodes) over the transcript
        await pilot.pause()
        assert words.display and words.detail is not None and words.detail.lemma == lemma
        await pilot.press("s")  # and the summary is one key away still
        await pilot.pause()
        assert summary.display and not words.display


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=["80x24", "60x20"])
async def test_nothing_vanishes_on_a_small_terminal(
    store: Store, sample_episode: Episode, size: tuple[int, int]
) -> None:
    async with running(store, sample_episode.id, size) as (app, pilot):
        screen = _reader(app)
        width, height = size
        transcript, strip = screen.query_one(TranscriptView), screen.query_one(GlossStrip)
        await pilot.press("n")
        await settle(pilot)
        title = screen.query_one("#header-title")  # the whole title fits: no ellipsis
        assert str(title.content).startswith("英语新闻丨Sino-Kazakh")
        assert title.region.width >= cell_len(str(title.content))
        footer = screen.query_one(Footer)
        assert footer.region.bottom == height and footer.region.width == width
        keys = [k for k in footer.query("FooterKey") if k.region.right <= width]
        assert any("Help" in str(k.render()) for k in keys)
        assert strip.region.bottom <= footer.region.y and strip.detail is not None
        assert transcript.region.height >= height - 6
        for key in ("s", "v", "w"):
            await pilot.press(key)
            await pilot.pause()
            pane = {"s": SummaryPanel, "v": VocabPanel, "w": WordPanel}[key]
            shown = screen.query_one(pane)
            assert shown.display and shown.region.height >= height // 2
            assert strip.region.y >= shown.region.bottom  # the gloss stays in view


async def test_a_restored_selection_is_in_view_on_a_smaller_terminal(
    store: Store, sample_episode: Episode
) -> None:
    async with running(store, sample_episode.id) as (app, pilot):
        screen = _reader(app)
        session, transcript = screen.session, screen.query_one(TranscriptView)
        assert session is not None
        while True:  # a word far down the view, yet on screen
            await pilot.press("n")
            sel = session.selected
            assert sel is not None
            line = transcript.line_of(sel.segment, sel.start)
            assert line is not None
            if line - transcript.scroll_y >= 20:
                break
        assert transcript.screen_offset_of(sel.segment, sel.start) is not None
        await pilot.press("q")
    async with running(store, sample_episode.id, (80, 24)) as (again, pilot):
        screen = _reader(again)
        assert screen.session is not None and screen.session.selected == sel
        transcript = screen.query_one(TranscriptView)
        assert transcript.screen_offset_of(sel.segment, sel.start) is not None
