"""The reader at every size, as a learner meets it (issue 12): Esc closes the innermost thing,
n/p start from what is on screen, the selection survives resizes, the transcript reads in
paragraphs, the summary breaks lines by Chinese rules, the bands have their own colours, one
status line, and the app opens at once on a file it still has to import."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.color import Color as RichColor
from rich.color import ColorSystem
from textual.widgets import Input

from studyterm.model import Episode
from studyterm.store import Store
from studyterm.tui.app import make_app
from studyterm.tui.background import ImportSource
from studyterm.tui.render import CLOSING, LEGEND_ROLES, OPENING
from studyterm.tui.screens.library_screen import LibraryScreen
from studyterm.tui.screens.reader_screen import ReaderScreen
from studyterm.tui.study import StudySession
from studyterm.tui.widgets.gloss_strip import GlossStrip
from studyterm.tui.widgets.search_bar import SearchBar
from studyterm.tui.widgets.summary_panel import SummaryPanel
from studyterm.tui.widgets.transcript_view import TranscriptView
from studyterm.tui.widgets.vocab_panel import VocabPanel
from studyterm.tui.widgets.word_panel import WordPanel

from .conftest import click_word, running, settle

pytestmark = pytest.mark.asyncio
SIZES = pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])


def _reader(app) -> ReaderScreen:  # type: ignore[no-untyped-def]
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


def _parts(app) -> tuple[StudySession, TranscriptView]:  # type: ignore[no-untyped-def]
    """The open episode's session and transcript."""
    screen = _reader(app)
    assert screen.session is not None
    return screen.session, screen.transcript


# -- Esc ------------------------------------------------------------------------------------


@SIZES
async def test_escape_closes_the_innermost_thing_first(
    store: Store, sample_episode: Episode, size: tuple[int, int]
) -> None:
    async with running(store, sample_episode.id, size) as (app, pilot):
        screen = _reader(app)
        pane = screen.query_one(VocabPanel)
        await pilot.press("v")
        await pilot.pause()
        pane.query_one(Input).focus()
        await pilot.press(*"synergy")
        assert [r.word for r in pane.shown] == ["synergy"]
        await pilot.press("escape")  # the filter first: emptied, every word back
        await pilot.pause()
        assert app.screen is screen and pane.display and pane.filter_text == ""
        assert len(pane.shown) == screen.session.advanced_count  # type: ignore[union-attr]
        await pilot.press("escape")  # then the pane; the word shown is the transcript's again
        await pilot.pause()
        assert app.screen is screen and not pane.display
        assert screen.query_one(WordPanel).detail is None
        await pilot.press("slash", *"trust")  # the find bar
        await pilot.pause()
        bar = screen.query_one(SearchBar)
        assert bar.display
        screen.transcript.focus()  # even with the focus back on the text
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and not bar.display
        if screen.narrow:  # the summary over the transcript closes before the episode does
            await pilot.press("s")
            await pilot.pause()
            assert screen.query_one(SummaryPanel).display
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is screen and not screen.query_one(SummaryPanel).display
        await pilot.press("escape")  # nothing open: back to the library
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)


# -- n / p from the screen ------------------------------------------------------------------


async def test_n_and_p_start_from_the_screen_once_the_selection_is_scrolled_away(
    store: Store, sample_episode: Episode
) -> None:
    async with running(store, sample_episode.id, (80, 24)) as (app, pilot):
        session, transcript = _parts(app)
        for _ in range(25):  # well down the text
            await pilot.press("n")
        far = session.selected
        assert far is not None and transcript.scroll_y > 10
        await pilot.press("home")  # the learner scrolls back to the top
        await pilot.pause()
        assert transcript.scroll_y == 0 and not transcript.in_view(far.segment, far.start)
        await pilot.press("n")  # the first highlighted word on screen, not far's neighbour
        first = session.selected
        assert first is not None and first == session.next(after=(0, 0))
        assert transcript.scroll_y == 0
        await pilot.press("n")  # and on from there
        nxt = session.selected
        assert nxt is not None and nxt != first and nxt[:2] >= first[:2]
        await pilot.press("end")
        await pilot.pause()
        await pilot.press("p")  # the last highlighted word on screen
        last = session.selected
        assert last is not None and transcript.in_view(last.segment, last.start)
        assert session.next() is None or not transcript.in_view(*session.next()[:2])  # type: ignore[misc]
        # with the selection in view, n and p move from it as before
        await pilot.press("p")
        assert session.selected is not None and session.selected != last
        assert session.selected[:2] <= last[:2]


# -- resizing -------------------------------------------------------------------------------


async def test_the_selected_word_stays_in_view_through_any_resize(
    store: Store, sample_episode: Episode
) -> None:
    async with running(store, sample_episode.id, (200, 50)) as (app, pilot):
        session, transcript = _parts(app)
        while True:  # a word near the bottom of the big view
            await pilot.press("n")
            sel = session.selected
            assert sel is not None
            if transcript.line_of(sel.segment, sel.start) - transcript.scroll_y >= 25:  # type: ignore[operator]
                break
        for size in ((80, 24), (60, 20), (120, 40), (200, 50), (60, 20), (100, 30)):
            await pilot.resize_terminal(*size)
            await settle(pilot)
            assert transcript.in_view(sel.segment, sel.start), size
        await pilot.press("s", "v", "v", "s")  # panes opening and closing resize it too
        await settle(pilot)
        assert transcript.in_view(sel.segment, sel.start)


# -- readable paragraphs --------------------------------------------------------------------


async def test_a_run_together_transcript_reads_in_paragraphs(store: Store, sample_episode: Episode) -> None:
    stored = sample_episode.segments[0].text
    assert len(sample_episode.segments) == 1 and "woe.Observers" in stored
    async with running(store, sample_episode.id, (120, 40)) as (app, pilot):
        screen = _reader(app)
        transcript, session = screen.transcript, screen.session
        assert session is not None
        lines = [transcript.strip_at(i).text.rstrip() for i in range(transcript.line_count)]
        shown = " ".join(x.strip() for x in lines if x.strip())
        assert "woe. Observers" in shown and "woe.Observers" not in shown
        blanks = [i for i, x in enumerate(lines) if not x.strip()]
        assert len(blanks) >= 5  # paragraphs, not one 60-line block
        assert lines[blanks[0] - 1].endswith(".") and lines[blanks[0] + 1].lstrip()[0].isupper()
        # the stored text is unchanged, and offsets still point at the words: click one shown
        # after the added space and it is that word that gets selected
        assert store.episode(sample_episode.id).segments[0].text == stored
        after = stored.index("woe.Observers") + len("woe.")
        mark = session.next(after=(0, after + 21))
        while mark is not None and session.mark_at(mark.segment, mark.start) != mark:
            mark = session.next(after=(0, mark.start + 1))
        assert mark is not None
        await click_word(pilot, transcript, mark.segment, mark.start)
        assert session.selected == mark


# -- the Chinese summary --------------------------------------------------------------------


@pytest.mark.parametrize(
    "size", [(80, 24), (60, 20), (120, 40), (200, 50)], ids=["80x24", "60x20", "120x40", "200x50"]
)
async def test_summary_lines_follow_chinese_line_breaking_rules(
    store: Store, sample_episode: Episode, size: tuple[int, int]
) -> None:
    async with running(store, sample_episode.id, size) as (app, pilot):
        screen = _reader(app)
        await pilot.press("s")
        await settle(pilot)
        summary = screen.query_one(SummaryPanel)
        if not summary.display:
            await pilot.press("s")
            await settle(pilot)
        body = summary.query_one(".panel-body")
        width = body.content_region.width
        lines = summary.text.split("\n")
        chinese = [x for x in lines if any("\u4e00" <= ch <= "\u9fff" for ch in x)]
        assert len(chinese) > 5
        assert all(cell_len(x) <= width for x in lines)  # so nothing is wrapped again
        for prev, line in itertools.pairwise(lines):
            if prev and line and not line.startswith(("习近平", "托卡耶夫", "肖斌")):
                assert line[0] not in CLOSING, line
                assert prev[-1] not in OPENING, prev
        # the rendered panel shows those very lines
        rendered = [s.text for s in body.render_lines(body.content_region.reset_offset)]
        assert any(line and line in r for r in rendered for line in chinese[:3])


# -- colours --------------------------------------------------------------------------------

BANDS = ("common", "mid", "rare", "off", "phrase")
# Machado et al. (2009) simulation matrices, severity 1.0, on linear RGB
_CVD = {
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    "tritanopia": (
        (1.255528, -0.076749, -0.178779),
        (-0.078411, 0.930809, 0.147602),
        (0.004733, 0.691367, 0.303900),
    ),
}


def _linear(c: float) -> float:
    c /= 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _seen(rgb: tuple[int, int, int], deficiency: str | None) -> tuple[float, ...]:
    """The colour as an eye with `deficiency` sees it, in (gamma-encoded) sRGB 0–1."""
    lin = [_linear(c) for c in rgb]
    if deficiency:
        lin = [sum(m * v for m, v in zip(row, lin, strict=True)) for row in _CVD[deficiency]]
    clipped = (max(0.0, min(1.0, v)) for v in lin)
    return tuple(12.92 * v if v <= 0.0031308 else 1.055 * v ** (1 / 2.4) - 0.055 for v in clipped)


def _distance(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    return sum((x - y) ** 2 for x, y in zip(a, b, strict=True)) ** 0.5


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_each_band_has_its_own_colour_that_reads(
    store: Store, sample_episode: Episode, theme: str
) -> None:
    async with running(store, sample_episode.id) as (app, pilot):
        app.theme = theme
        await settle(pilot)
        transcript = _reader(app).transcript
        background = transcript.visual_style.background
        assert background is not None
        colours = {}
        for role in BANDS:
            fg = transcript.role_style(role).foreground
            assert fg is not None, role
            colours[role] = (fg.r, fg.g, fg.b)
        selected = transcript.role_style("selected")
        assert selected.background is not None  # the selection is a block, not another hue
        text = transcript.visual_style.foreground
        assert text is not None
        # apart from each other and from plain text, in true colour, in 256 colours, and as
        # eyes with each colour-vision deficiency see them
        bands = [*BANDS[:4], "text"]
        for deficiency in (None, *_CVD):
            seen = {r: _seen(c, deficiency) for r, c in colours.items()}
            seen["text"] = _seen((text.r, text.g, text.b), deficiency)
            for i, a in enumerate(bands):
                for b in bands[i + 1 :]:
                    apart = 0.15 if b == "text" else 0.2  # bands are bold on top of that
                    assert _distance(seen[a], seen[b]) > apart, (deficiency, a, b)
        eight_bit = {
            r: RichColor.from_rgb(*c).downgrade(ColorSystem.EIGHT_BIT).number for r, c in colours.items()
        }
        assert len(set(eight_bit.values())) == len(BANDS)
        # readable on the theme's background: a contrast ratio of at least 3:1
        bg = (background.r, background.g, background.b)

        def luminance(rgb: tuple[int, int, int]) -> float:
            r, g, b = (_linear(c) for c in rgb)
            return 0.2126 * r + 0.7152 * g + 0.0722 * b

        for role, rgb in colours.items():
            hi, lo = sorted((luminance(rgb), luminance(bg)), reverse=True)
            assert (hi + 0.05) / (lo + 0.05) >= 3, (theme, role)


async def test_the_legend_names_each_colour_and_no_color_keeps_them_apart(
    store: Store, sample_episode: Episode, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with running(store, sample_episode.id) as (app, _):
        words = _reader(app).query_one(WordPanel)
        for _, name in LEGEND_ROLES:  # with nothing selected, the word panel shows the legend
            assert name in words.text
    monkeypatch.setenv("NO_COLOR", "1")
    async with running(store, sample_episode.id) as (app, _pilot):
        assert app.no_color  # Textual's monochrome filter: colours become greys
        transcript = _reader(app).transcript
        looks = {
            role: (s.bold, s.italic, s.underline, s.reverse, s.background is not None)
            for role in (*BANDS, "selected")
            for s in [transcript.role_style(role)]
        }
        # without colour, the style alone still tells highlighted words, phrases, the selection
        assert looks["common"] != (None, None, None, None, False)
        assert looks["phrase"] != looks["common"] and looks["rare"] != looks["common"]
        assert looks["selected"] not in [looks[b] for b in BANDS]


# -- the status line, f ---------------------------------------------------------------------


async def test_messages_go_to_one_status_line(store: Store, sample_episode: Episode) -> None:
    async with running(store, sample_episode.id, (80, 24)) as (app, pilot):
        screen = _reader(app)
        await pilot.press("p")  # nothing before the start
        await pilot.press("k")
        for _ in range(4):
            await pilot.press("f")
        assert not app._notifications
        assert screen.transcript.border_subtitle.startswith("f: highlighting")


# -- the cet6 filter without a dictionary ---------------------------------------------------


async def test_an_exam_tag_filter_says_where_tags_come_from(store: Store, sample_episode: Episode) -> None:
    async with running(store, sample_episode.id) as (app, pilot):
        screen = _reader(app)
        await pilot.press("v")
        await pilot.pause()
        pane = screen.query_one(VocabPanel)
        note = pane.query_one("#vocab-note")
        assert not note.display
        pane.query_one(Input).focus()
        await pilot.press(*"cet6")
        await pilot.pause()
        assert not pane.shown and note.display
        assert "dictionary" in str(note.content) and "studyterm dict install ecdict" in str(note.content)
        await pilot.press("escape")  # an ordinary word that matches nothing says nothing
        pane.query_one(Input).focus()
        await pilot.press(*"zzzz")
        await pilot.pause()
        assert not pane.shown and not note.display


# -- the first run --------------------------------------------------------------------------


async def test_the_app_opens_at_once_and_imports_with_its_progress_shown(
    empty_store: Store, sample_path: Path, sample_episode: Episode, analyzer
) -> None:  # type: ignore[no-untyped-def]
    app = make_app(empty_store, level="5000", source=ImportSource(sample_path))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReaderScreen)  # on screen before the import is done
        seen: list[str] = []
        original = screen.transcript.show_message
        screen.transcript.show_message = lambda text: (seen.append(text), original(text))  # type: ignore[method-assign]
        await settle(pilot)
        assert screen.session is not None and screen.episode_id == sample_episode.id
        assert [row.id for row in empty_store.episodes()] == [sample_episode.id]
        assert screen.query_one(GlossStrip).display
    assert not seen or seen[-1].startswith(("Reading", "Analysing", "Loading"))


async def test_a_bad_file_opened_at_start_goes_to_the_library(empty_store: Store, tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02 binary" * 50)
    app = make_app(empty_store, source=ImportSource(bad))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert any("bad.txt" in n.message for n in app._notifications)
    assert empty_store.episodes() == []


@pytest.mark.filterwarnings("ignore::pytest.PytestWarning")
def test_import_progress_is_told_step_by_step(tmp_path: Path, sample_path: Path, analyzer) -> None:  # type: ignore[no-untyped-def]
    from studyterm.pipeline import import_episode

    steps: list[str] = []
    with Store(tmp_path / "lib" / "library.sqlite3") as store:
        import_episode(store, sample_path, progress=steps.append)
        again: list[str] = []
        import_episode(store, sample_path, progress=again.append)  # analysed: no analysing
    assert steps[0] == f"Reading {sample_path.name}…"
    assert steps[-1].startswith("Analysing 6") and "words" in steps[-1]
    assert not any(s.startswith(("Analysing", "Loading")) for s in again)
