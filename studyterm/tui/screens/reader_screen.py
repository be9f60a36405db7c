"""The reader: the transcript with its words to learn highlighted, the Chinese summary beside it,
the word panel, the vocabulary pane and the find bar.

The screen glues widgets to a `StudySession` (the state) and to the App (which owns the Store):
loading runs in a thread worker with its own Store; every change asks the session what changed
and repaints only that.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Footer, Input

from studyterm.analysis.learner import Learner
from studyterm.errors import StudytermError
from studyterm.model import Analysis
from studyterm.store.library import ReadingState
from studyterm.tui import background, collector
from studyterm.tui.audio_controls import AUDIO_BINDINGS, AudioControls
from studyterm.tui.footer_keys import without_keys
from studyterm.tui.messages import LevelChanged
from studyterm.tui.render import LEGEND_ROLES, Para, WordDetail, legend_content
from studyterm.tui.study import Mark, StudySession, filter_label
from studyterm.tui.widgets.episode_header import EpisodeHeader, header_stats
from studyterm.tui.widgets.gloss_strip import GlossStrip
from studyterm.tui.widgets.search_bar import SearchBar
from studyterm.tui.widgets.summary_panel import SummaryPanel
from studyterm.tui.widgets.transcript_view import TranscriptView
from studyterm.tui.widgets.vocab_panel import VocabPanel, VocabRow
from studyterm.tui.widgets.word_panel import WordPanel

if TYPE_CHECKING:
    from studyterm.tui.app import StudyApp

__all__ = ["WIDE", "ReaderScreen"]

WIDE = 100  # from this many columns the summary sits beside the transcript
SAVE_DELAY = 0.5  # seconds of calm before the reading position is written
OPENING_DELAY = 0.3  # seconds of loading before a line says the episode is opening
SPINNER_DELAY = 2.0  # seconds of loading before a spinner and the key bar show (spaCy runs)
ANALYSING = "analysing…"  # the header's figures while the text shows and its analysis is read
TEXT_PAINT_WAIT = 2.0  # seconds the load worker waits at most for the text's paint
STATUS_TIME = 5.0  # seconds a message stays on the status line
SHORT_FOOTER = WIDE  # below this many columns the key bar leaves out the keys named here
_FOOTER_OPTIONAL = ("search", "export_deck", "previous_word", "cycle_sort")

_STATUS_KEYS = (  # key, status, label, shown in the footer, tooltip
    ("k", "known", "Known", True, "Mark the selected word known: no longer highlighted"),
    ("l", "learning", "Learn", True, "Mark the selected word learning: highlighted in its own colour"),
    ("i", "ignored", "Ignore", False, "Never highlight the selected word (a name, a typo…)"),
    ("u", "new", "New", False, "Mark the selected word new again"),
)


class ReaderScreen(AudioControls, Screen[None]):
    """Studies one episode of the library."""

    HELP_TITLE = "Reader"
    AUTO_FOCUS = "#transcript"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "next_word", "Next", id="reader.next", tooltip="Select the next highlighted word"),
        Binding(
            "p", "previous_word", "Prev", id="reader.previous", tooltip="Select the previous highlighted word"
        ),
        *(
            Binding(key, f"mark('{status}')", label, show=show, id=f"reader.mark-{status}", tooltip=tip)
            for key, status, label, show, tip in _STATUS_KEYS
        ),
        *(
            Binding(
                str(n),
                f"stage({n})",
                f"Stage {n}",
                show=False,
                id=f"reader.stage-{n}",
                tooltip=f"Learning, stage {n} of 4 (paler as it is learnt)",
            )
            for n in (1, 2, 3, 4)
        ),
        Binding("slash", "search", "Find", id="reader.search", tooltip="Search the transcript"),
        Binding(
            "f",
            "filter",
            "Band",
            show=False,
            id="reader.filter",
            tooltip="Highlight one frequency band or exam tag (cycles)",
        ),
        Binding(
            "s", "toggle_summary", "Summary", id="reader.summary", tooltip="Show or hide the Chinese summary"
        ),
        Binding(
            "w",
            "toggle_word",
            "Word",
            show=False,
            id="reader.word",
            tooltip="The selected word's details: sentences, other episodes (narrow: over the transcript)",
        ),
        Binding("v", "toggle_vocab", "Vocab", id="reader.vocab", tooltip="The table of words to learn"),
        Binding(
            "e",
            "export_deck",
            "Deck",
            id="reader.export",
            tooltip="Export this episode's words as an Anki deck",
        ),
        Binding(
            "r", "review", "Review", show=False, id="reader.review", tooltip="Review your learning words"
        ),
        Binding("L", "level", "Level", show=False, id="reader.level", tooltip="Change your level"),
        *AUDIO_BINDINGS,  # space [ ] . a x: listening (tui/audio_controls.py)
        Binding(
            "escape",
            "back",
            "Back",
            show=False,
            id="reader.back",
            tooltip="Close the innermost thing open (filter, pane, find bar), else back to the library",
        ),
    ]

    @dataclass
    class Loaded(Message):
        """The load worker's result, ready to show."""

        session: StudySession
        paras: Sequence[Para]
        state: ReadingState | None

    @dataclass
    class TextShown(Message):
        """The episode's text, decoded before its analysis is read (shown at once)."""

        text: background.Text

    @dataclass
    class Progress(Message):
        """What the import (before the episode can open) is doing now."""

        text: str

    @dataclass
    class LoadFailed(Message):
        """The episode could not be opened."""

        error: str

    @dataclass
    class Indexed(Message):
        """Which other library episodes contain each lemma."""

        others: dict[str, list[str]]

    @dataclass
    class Glossed(Message):
        """The items now carry their glosses."""

    @dataclass
    class Exported(Message):
        """The export worker's result."""

        text: str
        ok: bool

    def __init__(self, episode_id: str | None, source: background.ImportSource | None = None) -> None:
        """The reader on a library episode, or on a file it imports first (`source`; the
        episode id is known once imported)."""
        super().__init__()
        self.episode_id = episode_id or ""
        self.source = source
        self.session: StudySession | None = None
        self.show_summary = True
        self.show_vocab = False
        self.show_word = False  # the narrow layout's word-details overlay
        self._status_timer: Timer | None = None
        self._read: tuple[int, int] = (0, 0)  # the furthest position seen (for "% read")
        self._opened_at: str | None = None
        self._save_timer: Timer | None = None
        self._dirty = False
        self._summary_choice: dict[bool, bool] = {}  # narrow? → the learner's last choice
        self._narrow: bool | None = None
        self._text_shown = False  # the transcript shows the text, its highlights may follow
        self._first_painted = False
        self._text_painted = threading.Event()  # the load worker waits for it (`_tell_text`)

    @property
    def study_app(self) -> StudyApp:
        return self.app  # type: ignore[return-value]

    # -- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        self._apply_width(self.app.size.width)  # before the children exist: no restyle
        yield EpisodeHeader(id="header")
        with Horizontal(id="body"):
            with Vertical(id="main"):
                yield TranscriptView(id="transcript")
                yield SearchBar(id="search")
                yield GlossStrip(id="strip")
            with Vertical(id="side"):
                yield SummaryPanel(id="summary")
                yield VocabPanel(id="vocab")
                yield WordPanel(id="detail")

    @property
    def transcript(self) -> TranscriptView:
        return self.query_one(TranscriptView)

    @property
    def word_panel(self) -> WordPanel:
        return self.query_one(WordPanel)

    @property
    def vocab_panel(self) -> VocabPanel:
        return self.query_one(VocabPanel)

    @property
    def gloss_strip(self) -> GlossStrip:
        return self.query_one(GlossStrip)

    @property
    def narrow(self) -> bool:
        return bool(self._narrow)

    @property
    def active_bindings(self):  # type: ignore[no-untyped-def]
        """The keys, with a few left out of the key bar on a narrow terminal (`without_keys`)."""
        bindings = super().active_bindings
        if self.app.size.width >= SHORT_FOOTER:
            return bindings
        return without_keys(bindings, _FOOTER_OPTIONAL)

    def on_mount(self) -> None:
        self.query_one("#summary").border_title = "中文摘要 Summary"
        self.query_one("#detail").border_title = "Word"
        self.query_one("#vocab").border_title = "Words to learn"
        self.query_one(SearchBar).display = False
        transcript = self.transcript
        legend = legend_content({role: transcript.role_style(role) for role, _ in LEGEND_ROLES})
        self.gloss_strip.legend = self.word_panel.legend = legend
        self.gloss_strip.show(None)
        self.word_panel.show(None)
        # the app's modules and widgets live as long as the app: out of the collector's passes
        collector.set_aside()
        self._load()
        # a still line when opening takes a moment (a huge transcript), a spinner only when it is
        # slow (spaCy runs if the analysis is not cached): the spinner's frames and the key bar
        # take the time the loading worker needs, delaying a huge transcript's first paint
        self._waiting = [
            self.set_timer(OPENING_DELAY, self._show_opening),
            self.set_timer(SPINNER_DELAY, self._show_spinner),
        ]

    def _show_opening(self) -> None:
        if self.session is None and self.source is None:  # an import shows its progress
            self.transcript.show_message("Opening the episode…")

    def _stop_waiting(self) -> None:
        for timer in self._waiting:
            timer.stop()
        self.transcript.loading = False

    def _show_spinner(self) -> None:
        if self.session is None:
            if self.source is None:  # an import shows its progress as text instead
                self.transcript.loading = True
            self.run_worker(self._mount_footer())

    def _tell_text(self, text: background.Text) -> None:
        """The episode's text, from the load worker's thread, before its analysis is read; the
        worker goes on once the text is painted: reading the analysis meanwhile would take
        half of the time the first paint needs (one interpreter lock), more on a busy machine."""
        self.post_message(self.TextShown(text))
        self._text_painted.wait(TEXT_PAINT_WAIT)

    def _tell_progress(self, text: str) -> None:
        """The import's step, from the load worker's thread to the screen."""
        self.post_message(self.Progress(text))

    @on(Progress)
    def _progress(self, message: Progress) -> None:
        if self.session is None:
            self.transcript.show_message(message.text)

    async def _mount_footer(self) -> None:
        """The key bar, mounted once the transcript is on screen: Textual's Footer rebuilds
        itself whenever the bindings change, which would otherwise delay the first paint."""
        if not self.query(Footer):
            await self.mount(Footer(compact=bool(self._narrow), show_command_palette=not self._narrow))
            self.refresh_bindings()  # a footer mounted late waits for this to show the keys

    def on_resize(self, event: Resize) -> None:
        self._apply_width(event.size.width)

    def _apply_width(self, width: int) -> None:
        narrow = width < WIDE
        if narrow == self._narrow:
            return
        self._narrow = narrow
        # each layout keeps its own choice; by default the summary shows only when wide
        self.show_summary = self._summary_choice.get(narrow, not narrow)
        self._update_panes()
        footer = self.query(Footer)
        if footer:
            footer.first().compact = narrow
            footer.first().show_command_palette = not narrow

    def _update_panes(self) -> None:
        """The layout as -kebab classes on the screen, set at once (one restyle, not four)."""
        classes = {"-summary-shown" if self.show_summary else "-summary-hidden"}
        if self._narrow:
            classes.add("-narrow")
            if self.show_word:
                classes.add("-word")
        if self.show_vocab:
            classes.add("-vocab")
        if classes != set(self.classes):
            self.set_classes(classes)
        # keys typed into a pane that was just hidden would be lost (or typed into its filter)
        focused = self.focused
        if focused is not None and not self._pane_shown(focused):
            self.transcript.focus()

    def _pane_shown(self, widget: Widget) -> bool:
        """Whether the side pane holding `widget` is shown by the current layout."""
        for node in widget.ancestors_with_self:
            if isinstance(node, VocabPanel):
                return self.show_vocab
            if isinstance(node, SummaryPanel):
                return self.show_summary and not self.show_vocab
            if isinstance(node, WordPanel):
                return not self._narrow or self.show_word
        return True

    # -- loading --------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="load")
    def _load(self) -> None:
        app = self.study_app
        try:
            with collector.building_kept_data():  # the analysis, marks and paragraphs
                if self.source is not None:
                    opened = background.import_for_study(
                        app.store.path, self.source, app.learner, app.model, self._tell_progress
                    )
                else:
                    opened = background.open_for_study(
                        app.store.path, self.episode_id, app.learner, app.model, self._tell_text
                    )
        except StudytermError as err:
            self.post_message(self.LoadFailed(str(err)))
            return
        self.post_message(self.Loaded(opened.session, opened.paras, opened.state))

    # described: by default Textual describes a worker by the repr of its arguments, and the
    # analysis's repr makes and prints every occurrence (ten seconds of a huge episode, on the UI
    # thread, just after the first paint: keys waited for it)
    @work(thread=True, exclusive=True, group="glosses", description="fill the glosses")
    def _gloss(self, analysis: Analysis) -> None:
        with collector.building_kept_data():  # the glossary's entries
            background.gloss(self.study_app.store.path, analysis)
        self.post_message(self.Glossed())

    @on(Glossed)
    def _glossed(self) -> None:
        collector.set_aside()
        if self.session is not None:
            self.session.glossed = True
        self._show_selected(same_word=True)
        self._refresh_vocab()

    @on(LoadFailed)
    def _load_failed(self, message: LoadFailed) -> None:
        self._stop_waiting()
        self.app.notify(message.error, title="Cannot open the episode", severity="error", markup=False)
        self.leave()

    @on(TextShown)
    def _show_text(self, message: TextShown) -> None:
        """The transcript painted before the analysis arrives (a huge episode's takes a moment
        more): plain text, the figures replaced by a note until `_loaded`."""
        if self.session is not None:
            return
        text = message.text
        self._text_shown = True
        self.episode_id = text.episode.id
        self._stop_waiting()
        state = text.state or ReadingState()
        top = (state.top_segment, state.top_offset)
        sel = state.selected
        self.transcript.load(
            text.paras,
            self.with_speaking(lambda segment, start, end: ()),
            top=top,
            reveal=(sel[0], sel[1]) if sel and (sel[0], sel[1]) >= top else None,
            hold_steps=True,
        )
        self.query_one(SummaryPanel).show(text.episode)
        self.query_one(EpisodeHeader).show(text.episode.title, "" if self.narrow else ANALYSING)
        self.transcript.border_title = ANALYSING if self.narrow else ""

    @on(Loaded)
    async def _loaded(self, message: Loaded) -> None:
        session = message.session
        self.session = session
        self.episode_id = session.episode.id
        state = message.state or ReadingState()
        self._read = state.read
        self._opened_at = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        self._stop_waiting()
        top = (state.top_segment, state.top_offset)
        mark = session.find_mark(*state.selected) if state.selected else None
        if self._text_shown:  # the text is on screen already: its highlights now
            self.transcript.restyle_with(self.with_speaking(session.spans_in))
        else:
            # the saved top; and a selection below it brought into view, as a smaller terminal
            # (or a narrower one, wrapping into more lines) may show less than the one it was
            # saved on. A selection above the top stays there: the learner had scrolled past it.
            reveal = (mark.segment, mark.start) if mark else None
            self.transcript.load(
                message.paras,
                self.with_speaking(session.spans_in),
                top=top,
                reveal=reveal if reveal and reveal >= top else None,
            )
            self.query_one(SummaryPanel).show(session.episode)
        if mark is not None:
            session.select(mark)
            self.transcript.keep_in_view = (mark.segment, mark.start)
            self._show_detail(session.detail(mark.item))
        self._refresh_header()
        self._dirty = True  # the opening itself is remembered (when last opened)
        collector.set_aside()  # the episode's analysis, marks and paragraphs, kept from now on
        if self._text_shown:  # what was asked for while the analysis was read
            self._refresh_vocab()
            search = self.query_one(SearchBar)
            typed = search.query_one(Input).value
            if search.display and typed:
                self._search_changed(SearchBar.Changed(typed))
        if self._first_painted:  # the text was painted before the analysis came
            await self._after_paint()

    def on_unmount(self) -> None:  # AudioControls' on_unmount runs too (Textual calls both)
        self._text_painted.set()
        collector.release()

    @on(TranscriptView.Painted)
    async def _painted(self) -> None:
        """The key bar, glosses and the other episodes' words come after the first paint (and
        the analysis: when the text was painted before it, `_loaded` calls for them)."""
        self._first_painted = True
        self._text_painted.set()
        if self.session is not None:
            await self._after_paint()

    async def _after_paint(self) -> None:
        if self.session is not None:
            await self._mount_footer()
            self._gloss(self.session.analysis)
            self._index(self.episode_id)

    @work(thread=True, exclusive=True, group="index")
    def _index(self, episode_id: str) -> None:
        app = self.study_app
        self.post_message(self.Indexed(background.other_episodes(app.store.path, episode_id, app.model)))

    @on(Indexed)
    def _indexed(self, message: Indexed) -> None:
        if self.session is None:
            return
        self.session.others = message.others
        self._show_selected(same_word=True)

    # -- the header and panels ------------------------------------------------------------

    def _refresh_header(self) -> None:
        session = self.session
        if session is None:
            return
        label = None if session.band_filter == "all" else filter_label(session.band_filter)
        stats = header_stats(
            session.coverage, session.advanced_count, session.learner.level, label, compact=self.narrow
        )
        # narrow: the title has the header to itself, the figures go on the transcript's border
        self.query_one(EpisodeHeader).show(session.episode.title, "" if self.narrow else stats)
        self.transcript.border_title = stats if self.narrow else ""

    def _show_selected(self, same_word: bool = False) -> None:
        session = self.session
        if session is None:
            return
        mark = session.selected
        self._show_detail(session.detail(mark.item) if mark else None, same_word=same_word)

    def _show_detail(self, detail: WordDetail | None, same_word: bool = False) -> None:
        """A word in the word panel and the gloss strip."""
        self.word_panel.show(detail, same_word=same_word)
        self.gloss_strip.show(detail)

    def say(self, text: str) -> None:
        """A message on the status line (the transcript's bottom border), replacing the last
        one: calmer than notifications stacking up over the text."""
        self.transcript.border_subtitle = text
        if self._status_timer is not None:
            self._status_timer.stop()
        self._status_timer = self.set_timer(STATUS_TIME, self._clear_status)

    def _clear_status(self) -> None:
        self.transcript.border_subtitle = ""
        self._status_timer = None

    def _refresh_vocab(self) -> None:
        session = self.session
        if session is None or not self.show_vocab:
            return
        rows = []
        for idx in session.advanced_items():
            item = session.items[idx]
            rows.append(
                VocabRow(
                    item=idx,
                    word=item.headword(),
                    level=item.cefr,
                    band=item.band,
                    rank=item.rank,
                    count=item.count,
                    gloss=item.gloss or "",
                    status=session.learner.status_of(item) or "new",
                    tags=tuple(item.tags),
                )
            )
        self.vocab_panel.set_rows(rows)

    # -- moving ---------------------------------------------------------------------------

    def select(self, mark: Mark | None, *, scroll: bool = True) -> None:
        """Select an occurrence: repaint the old and new one, show it, remember it."""
        session = self.session
        if session is None:
            return
        self.transcript.restyle(session.select(mark))
        self.transcript.keep_in_view = (mark.segment, mark.start) if mark else None
        if mark is not None and scroll:
            self.transcript.scroll_to_position(mark.segment, mark.start, where="visible")
        self._show_selected()
        self._schedule_save()

    def _selection_in_view(self) -> bool:
        mark = self.session.selected if self.session else None
        return mark is not None and self.transcript.in_view(mark.segment, mark.start)

    def action_next_word(self) -> None:
        """The next highlighted word: after the selection, or, when the learner has scrolled
        it out of view, the first one on screen."""
        if self.session is None:
            return
        after = None if self._selection_in_view() else self.transcript.top_position()
        mark = self.session.next(after=after)
        if mark is None:
            self.say("No more highlighted words after this one.")
            return
        self.select(mark)

    def action_previous_word(self) -> None:
        """The previous highlighted word: before the selection, or the last one on screen."""
        if self.session is None:
            return
        before = None if self._selection_in_view() else self.transcript.bottom_position()
        mark = self.session.previous(before=before)
        if mark is None:
            self.say("No highlighted words before this one.")
            return
        self.select(mark)

    @on(TranscriptView.Clicked)
    def _clicked(self, message: TranscriptView.Clicked) -> None:
        if self.session is not None:
            mark = self.session.mark_at(message.segment, message.offset)
            if mark is not None:
                self.select(mark, scroll=False)

    @on(TranscriptView.Scrolled)
    def _scrolled(self) -> None:
        self._note_read()
        self._schedule_save()

    def _note_read(self) -> None:
        """Move the furthest point read on to the view's bottom, if that is further."""
        if self.session is not None:
            self._read = max(self._read, self.transcript.bottom_position())

    # -- statuses, filter, level ----------------------------------------------------------

    def action_mark(self, status: str) -> None:
        session = self.session
        if session is None:
            return
        item = self._target_item()
        if item is None:
            self.say("Select a word first: n, p or a click.")
            return
        self.study_app.save_statuses(session.lemmas_of(item), status)
        changed = session.set_status(item, status)
        mark = session.selected
        self.transcript.restyle([*changed, *([(mark.segment, mark.start, mark.end)] if mark else [])])
        self._refresh_header()
        if self.vocab_panel.table.has_focus:
            self._show_detail(session.detail(item), same_word=True)
        else:
            self._show_selected(same_word=True)
        self._refresh_vocab()

    def action_stage(self, stage: int) -> None:
        """Mark the word learning at a stage: its shade pales from 1 to 4."""
        session = self.session
        item = self._target_item() if session is not None else None
        if session is None or item is None:
            self.action_mark("learning")  # says how to select a word
            return
        self.study_app.save_stage(session.lemmas_of(item), stage)
        session.stages.update({lemma.lower(): stage for lemma in session.lemmas_of(item)})
        self.action_mark("learning")  # saves the status (the stage stays) and repaints

    def _target_item(self) -> int | None:
        """The word a status key applies to: the vocabulary row under the cursor when the table
        has the focus, else the word selected in the transcript."""
        table = self.vocab_panel.table
        if self.show_vocab and table.has_focus and table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            return None if key is None else int(key)
        mark = self.session.selected if self.session else None
        return mark.item if mark else None

    def action_filter(self) -> None:
        session = self.session
        if session is None:
            return
        label = filter_label(session.cycle_filter())
        self.transcript.restyle_all()
        self._refresh_header()
        self._refresh_vocab()
        self.say(f"f: highlighting {label} · {session.advanced_count} to learn")

    @on(LevelChanged)
    def _level_changed(self, message: LevelChanged) -> None:
        if self.session is None:
            return
        self.session.recompute()
        self.transcript.restyle_all()
        self._refresh_header()
        self._show_selected(same_word=True)
        self._refresh_vocab()

    def action_level(self) -> None:
        self.study_app.action_level()

    # -- panes ----------------------------------------------------------------------------

    def action_toggle_summary(self) -> None:
        if self.show_vocab or (self.narrow and self.show_word):
            # the pane covers the summary: `s` brings the summary back
            self.show_vocab = self.show_word = False
            self.show_summary = True
        else:
            self.show_summary = not self.show_summary
        self._summary_choice[self.narrow] = self.show_summary
        self._update_panes()

    def action_toggle_word(self) -> None:
        """Narrow: the word's details over the transcript (the gloss strip stays). Wide: the
        word panel is always shown; `w` moves the focus to it (to scroll) and back."""
        if not self.narrow:
            if self.word_panel.has_focus_within:
                self.transcript.focus()
            else:
                self.word_panel.focus()
            return
        self.show_word = not self.show_word
        if self.show_word:
            self.show_vocab = False
            self.show_summary = False
        self._update_panes()

    def action_toggle_vocab(self) -> None:
        self.show_vocab = not self.show_vocab
        if self.show_vocab and self.narrow:
            self.show_word = False
        self._update_panes()
        if self.show_vocab:
            self._refresh_vocab()
            self.vocab_panel.focus_table()
        else:  # back to the transcript's word (the table's cursor showed its row's word)
            self.transcript.focus()
            self._show_selected()

    @on(VocabPanel.Highlighted)
    def _vocab_highlighted(self, message: VocabPanel.Highlighted) -> None:
        if self.session is not None:
            self._show_detail(self.session.detail(message.item))

    @on(VocabPanel.Chosen)
    def _vocab_chosen(self, message: VocabPanel.Chosen) -> None:
        if self.session is None:
            return
        self.select(self.session.first_mark(message.item))
        self.transcript.focus()
        if self.narrow:  # the pane covers the transcript on a narrow terminal
            self.show_vocab = False
            self.show_summary = False
            self._summary_choice[True] = False
            self._update_panes()

    # -- search ---------------------------------------------------------------------------

    def action_search(self) -> None:
        self.query_one(SearchBar).open()

    @on(SearchBar.Changed)
    def _search_changed(self, message: SearchBar.Changed) -> None:
        session = self.session
        if session is None:
            return
        self.transcript.restyle(session.search(message.query))
        if message.query:
            self._step_match(True, start=self.transcript.top_position())
        else:
            self.query_one(SearchBar).set_count("")

    @on(SearchBar.Step)
    def _search_step(self, message: SearchBar.Step) -> None:
        self._step_match(message.forward)

    def _step_match(self, forward: bool, start: tuple[int, int] | None = None) -> None:
        session = self.session
        if session is None:
            return
        bar = self.query_one(SearchBar)
        if not session.matches:
            bar.set_count("no match")
            return
        old = session.current_match
        if start is not None:
            after = (start[0], start[1] - 1)
        elif old is not None:
            after = (old.segment, old.start)
        else:
            after = self.transcript.top_position()
        match = session.next_match(after, forward)
        assert match is not None
        self.transcript.restyle([m for m in (old, match) if m])
        self.transcript.scroll_to_position(match.segment, match.start, where="visible")
        number = session.matches.index(match) + 1
        bar.set_count(f"{number}/{len(session.matches)}")
        mark = session.mark_at(match.segment, match.start)
        if mark is not None and mark != session.selected:
            self.select(mark, scroll=False)

    @on(SearchBar.Closed)
    def _search_closed(self) -> None:
        if self.session is not None:
            self.transcript.restyle(self.session.search(""))
        self.transcript.focus()

    # -- elsewhere ------------------------------------------------------------------------

    def action_review(self) -> None:
        self.save_state()
        self.study_app.action_review()

    def action_export_deck(self) -> None:
        from studyterm.tui.screens.path_modal import PathModal

        if self.session is None:
            return
        slug = re.sub(r"[^A-Za-z0-9]+", "-", self.session.episode.title).strip("-").lower()
        name = f"{slug[:50] or self.episode_id}.apkg"
        default = str(Path.cwd() / name)

        def chosen(path: str | None) -> None:
            if path:
                self._export(path, name)

        self.app.push_screen(
            PathModal(
                "Export an Anki deck",
                "Save the deck of this episode's words (those marked learning, else all to learn) to:",
                default,
                action="Export",
                suffixes=(".apkg",),
            ),
            chosen,
        )

    @work(thread=True, exclusive=True, group="export")
    def _export(self, path: str, default_name: str) -> None:
        app = self.study_app
        learner = Learner(app.learner.level, dict(app.learner.statuses))  # a snapshot
        try:
            text = background.export_deck(
                app.store.path, self.episode_id, learner, path, app.model, default_name
            )
        except StudytermError as err:
            self.post_message(self.Exported(str(err), ok=False))
        except OSError as err:
            self.post_message(self.Exported(f"{path}: {err.strerror or err}", ok=False))
        else:
            self.post_message(self.Exported(text, ok=True))

    @on(Exported)
    def _exported(self, message: Exported) -> None:
        self.notify(
            message.text,
            title="Anki deck" if message.ok else "No deck written",
            severity="information" if message.ok else "error",
            timeout=6,
            markup=False,
        )

    def action_back(self) -> None:
        """Esc: close the innermost thing open; with nothing open, back to the library."""
        if not self._close_innermost():
            self.leave()

    def _close_innermost(self) -> bool:
        """Close the vocabulary filter, else the vocabulary pane, else an overlay of the narrow
        layout, else the find bar; False when none was open."""
        focused = self.focused
        panel = self.vocab_panel
        if self.show_vocab and focused is panel.filter_box and panel.filter_text:
            panel.clear_filter()
            return True
        if self.show_vocab:
            self.action_toggle_vocab()
            return True
        if self.narrow and self.show_word:
            self.action_toggle_word()
            return True
        if self.narrow and self.show_summary:
            self.action_toggle_summary()
            return True
        search = self.query_one(SearchBar)
        if search.display:
            search.action_close()
            return True
        return False

    def leave(self) -> None:
        """Back to the library, the reading position saved."""
        self.save_state()
        self.study_app.show_library(self.episode_id)

    # -- the reading position -------------------------------------------------------------

    def _schedule_save(self) -> None:
        if self.session is None:
            return
        self._dirty = True
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(SAVE_DELAY, self.save_state)

    def reading_state(self) -> ReadingState:
        """Where the learner is now: the top of the view and the selection."""
        top = self.transcript.top_position()
        sel = self.session.selected if self.session else None
        self._note_read()
        return ReadingState(
            top[0], top[1], (sel.segment, sel.start, sel.end) if sel else None, self._read, self._opened_at
        )

    def save_state(self) -> None:
        """Write where the learner is, if it changed (called after a pause, on leaving, on quit)."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        if self._dirty and self.session is not None:
            self._dirty = False
            self.study_app.save_reading_state(self.episode_id, self.reading_state())
