"""The library: every episode with its size and the learner's figures; open, import, delete.

Figures need each episode's analysis, so rows are computed in a thread worker (its own Store);
imports run spaCy, so they run in a thread worker too, and so does re-analysing the episodes
whose cached analysis is missing (after an upgrade changed the analysis version): each row gets
its figures as its analysis lands.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar, NamedTuple

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, DataTable, Footer, Static
from textual.worker import Worker, get_current_worker

from studyterm.errors import StudytermError
from studyterm.review.progress import EpisodeProgress
from studyterm.tui.feed_controls import FEED_BINDINGS, FeedControls
from studyterm.tui.messages import EpisodeChosen, LevelChanged
from studyterm.tui.progress_line import progress_text
from studyterm.tui.render import safe_text
from studyterm.tui.table_sort import next_column, picked_sort

if TYPE_CHECKING:
    from studyterm.analysis.learner import Learner
    from studyterm.model import Analysis
    from studyterm.tui.app import StudyApp

__all__ = ["LibraryRow", "LibraryScreen"]

EMPTY = (
    "Your library is empty.\n\n"
    "Import an episode with  a  (a PodQuest page, a .txt transcript, .srt or .vtt subtitles),\n"
    "or from a shell:  studyterm import FILE\n\n"
    "Or start with the bundled China Daily episode:"
)


class LibraryRow(NamedTuple):
    """One row of the table: an episode and the learner's figures for it (None: not analysed)."""

    id: str
    title: str
    podcast: str
    date: str  # published, else the day it was imported (then `dated` is False)
    words: int | None
    advanced: int | None
    coverage: float | None
    known: int | None = None  # the episode's words the learner marked known / learning
    learning: int | None = None
    read: float = 0.0  # % of the text read (the furthest point ever in view)
    opened: str = ""  # when last opened (YYYY-MM-DD HH:MM, UTC), "" never
    dated: bool = True


# key, heading, fixed width (None: the title's share), the narrowest terminal that shows it
_COLUMNS: tuple[tuple[str, str, int | None, int], ...] = (
    ("title", "Title", None, 0),
    ("podcast", "Podcast", 20, 100),
    ("date", "Date", 10, 0),
    ("words", "Words", 7, 100),
    ("advanced", "To learn", 8, 0),
    ("coverage", "Coverage %", 10, 0),
    ("known", "Known", 6, 130),
    ("learning", "Learning", 8, 130),
    ("read", "Read %", 6, 60),
    ("opened", "Last opened", 16, 150),
)
_FIGURES = ("words", "advanced", "coverage", "known", "learning")


def _figures(episode_id: str, analysis: Analysis, learner: Learner) -> dict[str, int | float | None]:
    """The learner's figures for an analysed episode, as the library's rows give them."""
    from studyterm.pipeline import episode_figures

    fig = episode_figures(episode_id, analysis, learner)
    return {
        "words": fig.tokens,
        "advanced": fig.advanced,
        "coverage": fig.coverage * 100,
        "known": fig.known,
        "learning": fig.learning,
    }


def _learner_copy(app: StudyApp) -> Learner:
    """A copy of the app's learner, for a worker to read while the UI may change it."""
    from studyterm.analysis.learner import Learner

    return Learner(app.learner.level, dict(app.learner.statuses))


def _number(value: int | None) -> Text:
    return Text("—" if value is None else f"{value:,}", justify="right")


def _cells(row: LibraryRow) -> dict[str, Text]:
    """The figure cells of a row ("—" while not analysed)."""
    return {
        "words": _number(row.words),
        "advanced": _number(row.advanced),
        "coverage": Text("—" if row.coverage is None else f"{row.coverage:.1f}", justify="right"),
        "known": _number(row.known),
        "learning": _number(row.learning),
    }


def _all_cells(row: LibraryRow) -> dict[str, Text | str]:
    """Every cell of a row, by column key."""
    return {
        "title": Text(safe_text(row.title), no_wrap=True, overflow="ellipsis"),
        "podcast": Text(safe_text(row.podcast), no_wrap=True, overflow="ellipsis"),
        # an undated file shows the day it was imported, dimmed
        "date": Text(row.date, style="" if row.dated else "dim italic"),
        **_cells(row),
        "read": Text(f"{row.read:.0f}", justify="right"),
        "opened": Text(row.opened or "never", style="" if row.opened else "dim"),
    }


_SORT_KEYS = {
    "title": lambda r: r.title.casefold(),
    "podcast": lambda r: r.podcast.casefold(),
    "date": lambda r: r.date,
    "words": lambda r: r.words or 0,
    "advanced": lambda r: r.advanced or 0,
    "coverage": lambda r: r.coverage or 0.0,
    "known": lambda r: r.known or 0,
    "learning": lambda r: r.learning or 0,
    "read": lambda r: r.read,
    "opened": lambda r: r.opened,
}


class LibraryScreen(FeedControls, Screen[None]):
    """The episodes of the library as a sortable table."""

    HELP_TITLE = "Library"
    BINDINGS: ClassVar[list[BindingType]] = [
        # a priority binding, so the footer shows it over the table's own (hidden) Enter
        Binding("enter", "open", "Open", priority=True, id="library.open", tooltip="Study the episode"),
        Binding("a", "import", "Import", id="library.import", tooltip="Import an episode file"),
        Binding(
            "d,delete", "delete", "Delete", id="library.delete", tooltip="Delete the episode from the library"
        ),
        Binding(
            "o",
            "cycle_sort",
            "Sort",
            id="library.sort",
            tooltip="Sort by the next column (or click a heading)",
        ),
        Binding(
            "D",
            "sample",
            "Sample",
            show=False,
            id="library.sample",
            tooltip="Import and open the bundled sample episode",
        ),
        Binding("L", "level", "Level", id="library.level", tooltip="Change your level"),
        *FEED_BINDINGS,  # F U: podcast feeds (tui/feed_controls.py)
        Binding("r", "app.review", "Review", id="library.review", tooltip="Review your learning words"),
        Binding(
            "S",
            "app.stats",
            "Progress",
            show=False,
            id="library.stats",
            tooltip="Your progress: due reviews, retention, charts",
        ),
    ]

    @dataclass
    class RowsLoaded(Message):
        """The rows worker's result: the rows, and each episode's reading progress."""

        rows: list[LibraryRow]
        progress: dict[str, EpisodeProgress] = field(default_factory=dict)

    @dataclass
    class RowAnalysed(Message):
        """The re-analysis worker's result for one episode: its figures (see `_figures`)."""

        episode_id: str
        figures: dict[str, int | float | None]

    @dataclass
    class AnalysisFailed(Message):
        """These episodes could not be re-analysed (one error: say it once)."""

        episode_ids: list[str]
        error: str

    @dataclass
    class Imported(Message):
        """The import worker's result: the episode id (None if it failed) and what to say."""

        episode_id: str | None
        text: str
        open_it: bool = False

    def __init__(self, select: str | None = None) -> None:
        """`select`: the episode to put the cursor on (the one the learner just left)."""
        super().__init__()
        self.rows: list[LibraryRow] = []
        self.progress: dict[str, EpisodeProgress] = {}
        self._first_select = select
        self._select_after: str | None = None
        self.sort_column = "date"
        self.sort_reverse = True
        self.analysing: set[str] = set()  # episodes waiting for (or in) re-analysis
        self.analysis_done = threading.Event()  # set when the re-analysis thread has returned
        self.analysis_done.set()
        self._analysis_worker: Worker[None] | None = None
        self._unanalysable: set[str] = set()  # failed once: not retried on every reload

    @property
    def study_app(self) -> StudyApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        with Vertical(id="library-box"):
            yield Static("", id="library-title")
            yield DataTable(id="library-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="library-progress", markup=False)
            with Vertical(id="library-empty"):
                yield Static(EMPTY, id="empty-text", markup=False)
                with Center():
                    yield Button("Open the sample episode", id="sample", variant="primary")
        yield Footer()

    @property
    def table(self) -> DataTable[Text | int | str]:
        return self.query_one("#library-table", DataTable)

    def on_mount(self) -> None:
        self.set_class(True, "-loading")
        self.query_one("#library-box").loading = True
        self.table.focus()
        self.reload(select=self._first_select)

    def on_screen_resume(self) -> None:
        if not self.is_attached or self.query_one("#library-box").loading:
            return
        self.reload()

    # -- rows -----------------------------------------------------------------------------

    def reload(self, select: str | None = None) -> None:
        """Recompute the rows (in a worker); put the cursor on `select` when given."""
        self._select_after = select
        self._compute_rows()

    @work(thread=True, exclusive=True, group="rows")
    def _compute_rows(self) -> None:
        from studyterm.pipeline import library_overview
        from studyterm.review.progress import read_share
        from studyterm.store import Store

        app = self.study_app
        learner = _learner_copy(app)
        rows = []
        progress = {}
        with Store(app.store.path) as store:
            states = store.reading_states()
            # figures and word counts are a query over the word table: no analysis is read, and
            # an episode only when the learner has read some of it
            for r in library_overview(store, learner, app.model):
                ep, fig = r.episode, r.figures
                state, opened = states.get(ep.id, (None, None))
                read = read_share(store.episode(ep.id), state) if state is not None else None
                progress[ep.id] = (
                    EpisodeProgress(read, fig.known, fig.learning, fig.new, opened)
                    if fig
                    else EpisodeProgress(read, 0, 0, 0, opened)
                )
                rows.append(
                    LibraryRow(
                        id=ep.id,
                        title=ep.title,
                        podcast=ep.podcast or "",
                        # an undated file shows the day it was imported
                        date=ep.published.isoformat() if ep.published else ep.imported_at[:10],
                        words=fig.tokens if fig else None,
                        advanced=fig.advanced if fig else None,
                        coverage=fig.coverage * 100 if fig else None,
                        known=fig.known if fig else None,
                        learning=fig.learning if fig else None,
                        read=100 * (read or 0.0),
                        opened=(opened or "")[:16].replace("T", " "),
                        dated=ep.published is not None,
                    )
                )
        self.post_message(self.RowsLoaded(rows, progress))

    @on(RowsLoaded)
    def _rows_loaded(self, message: RowsLoaded) -> None:
        self.query_one("#library-box").loading = False
        self.rows = message.rows
        self.progress = message.progress
        self._fill(self._select_after)
        self._select_after = None
        self._analyse_missing()

    # -- re-analysis of episodes without a cached analysis ---------------------------------

    def _analyse_missing(self) -> None:
        """Start re-analysing the episodes shown without figures (in table order), unless the
        running worker already has them all in hand."""
        missing = [r.id for r in self._sorted_rows() if r.words is None and r.id not in self._unanalysable]
        worker = self._analysis_worker
        running = worker is not None and worker.is_running
        if missing and not (running and set(missing) <= self.analysing):
            self.analysis_done = threading.Event()
            self._analysis_worker = self._analyse(self.study_app, missing, self.analysis_done)
        self.analysing = set(missing)
        self._show_title()

    @work(thread=True, exclusive=True, group="analyse")
    def _analyse(self, app: StudyApp, episode_ids: list[str], done: threading.Event) -> None:
        """Analyse each episode (`pipeline.analyse_episodes`: spaCy one at a time), posting its
        figures as each lands; stops before the next episode once cancelled (on quit: the
        analysis under way finishes, and is kept, in this thread, after the app has gone)."""
        from studyterm.errors import ModelError
        from studyterm.pipeline import analyse_episodes
        from studyterm.store import Store

        worker = get_current_worker()
        done_with = 0  # how many of `episode_ids` have been dealt with
        try:
            if worker.is_cancelled:
                return
            with Store(app.store.path) as store:
                for episode_id, result in analyse_episodes(store, episode_ids, app.model):
                    done_with = episode_ids.index(episode_id) + 1
                    if isinstance(result, StudytermError):
                        self.post_message(self.AnalysisFailed([episode_id], str(result)))
                    elif not worker.is_cancelled:
                        self.post_message(
                            self.RowAnalysed(episode_id, _figures(episode_id, result, _learner_copy(app)))
                        )
                    if worker.is_cancelled:
                        return
        except ModelError as err:  # no spaCy model: one message for every episode left
            self.post_message(self.AnalysisFailed(episode_ids[done_with:], str(err)))
        finally:
            done.set()

    @on(RowAnalysed)
    def _row_analysed(self, message: RowAnalysed) -> None:
        self.analysing.discard(message.episode_id)
        for i, row in enumerate(self.rows):
            if row.id == message.episode_id:
                # figures holds only the numeric fields (_FIGURES), typed together as a dict
                self.rows[i] = row._replace(**message.figures)  # type: ignore[arg-type]
                break
        else:
            return  # deleted meanwhile
        if self.sort_column in _FIGURES:
            self._fill()  # its place in the order may change
            return
        table = self.table
        shown = {str(c.key.value) for c in table.columns.values()}
        for key, cell in _cells(self.rows[i]).items():
            if key in shown:
                table.update_cell(message.episode_id, key, cell)
        self._show_title()

    @on(AnalysisFailed)
    def _analysis_failed(self, message: AnalysisFailed) -> None:
        self.analysing.difference_update(message.episode_ids)
        self._unanalysable.update(message.episode_ids)
        self._show_title()
        self.notify(safe_text(message.error), title="Not analysed", severity="error", timeout=8, markup=False)

    @property
    def active_bindings(self):  # type: ignore[no-untyped-def]
        """The keys, with the less used left out of the key bar below 80 columns."""
        from studyterm.tui.footer_keys import without_keys

        bindings = super().active_bindings
        if self.app.size.width >= 80:
            return bindings
        return without_keys(bindings, ("cycle_sort", "level", "delete"))

    def on_resize(self) -> None:
        # a narrow terminal gets the compact key bar without the palette, so `? Help` fits
        narrow = self.app.size.width < 100
        for footer in self.query(Footer):
            footer.compact = narrow
            footer.show_command_palette = not narrow
        if self.rows:
            self._fill()

    def _shown_columns(self) -> list[tuple[str, str, int | None, int]]:
        """The columns this terminal has room for (the title, date, figures and % read always;
        podcast, words, known and learning counts and when last opened from wider)."""
        return [c for c in _COLUMNS if self.app.size.width >= c[3]]

    def _columns(self, table: DataTable[Text | int | str]) -> None:
        """Columns sized to the terminal: the others fixed, the title taking what is left."""
        columns = self._shown_columns()
        fixed = {key: width for key, _, width, _ in columns if width is not None}
        longest = max((len(r.podcast) for r in self.rows), default=0)
        if "podcast" in fixed:
            fixed["podcast"] = max(len("Podcast"), min(fixed["podcast"], longest))
        room = max(
            12, (table.size.width or self.app.size.width - 2) - 2 * len(columns) - 1 - sum(fixed.values())
        )
        table.clear(columns=True)
        for key, label, _, _ in columns:
            table.add_column(label, key=key, width=fixed.get(key, room))

    def _fill(self, select: str | None = None) -> None:
        table = self.table
        keep = select or self.selected_id
        self._columns(table)
        rows = self._sorted_rows()
        keys = [key for key, _, _, _ in self._shown_columns()]
        for r in rows:
            cells = _all_cells(r)
            table.add_row(*(cells[key] for key in keys), key=r.id)
        empty = not rows
        self.set_class(empty, "-empty")
        self.set_class(False, "-loading")
        self._show_title()
        if empty:
            self.query_one("#sample", Button).focus()
            return
        ids = [r.id for r in rows]
        if keep in ids:
            table.move_cursor(row=ids.index(keep), animate=False)
        table.focus()
        self.refresh_bindings()  # Enter opens only when there is a row to open

    def _sorted_rows(self) -> list[LibraryRow]:
        return sorted(self.rows, key=_SORT_KEYS[self.sort_column], reverse=self.sort_reverse)

    def _show_title(self, doing: str = "") -> None:
        """The line above the table: the count, the order, the level, and any analysis or
        import going on (`doing`)."""
        heading = {key: label for key, label, _, _ in _COLUMNS}[self.sort_column]
        arrow = "↓" if self.sort_reverse else "↑"
        count = f"{len(self.rows)} episode{'s' if len(self.rows) != 1 else ''}"
        level = self.study_app.learner.level
        title = f"Library · {count} · sorted by {heading} {arrow} · level {level}"
        if self.analysing:
            n = len(self.analysing)
            title += f" · analysing {n} episode{'s' if n != 1 else ''}…"
        if doing:
            title += f" · {doing}"
        self.query_one("#library-title", Static).update(Content(title))

    @property
    def selected_id(self) -> str | None:
        """The episode under the cursor."""
        table = self.table
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return None if key.value is None else str(key.value)

    # -- actions --------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Enter opens the row under the cursor only while the table has the focus (elsewhere,
        as on the empty library's button, it does what that widget does)."""
        if action == "open":
            table = self.table
            return table.has_focus and table.row_count > 0
        return True

    def action_open(self) -> None:
        if self.selected_id:
            self.post_message(EpisodeChosen(self.selected_id))

    @on(DataTable.RowSelected, "#library-table")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(EpisodeChosen(str(event.row_key.value)))

    @on(DataTable.RowHighlighted, "#library-table")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """The line under the table: the highlighted episode's reading progress."""
        key = event.row_key.value if event.row_key is not None else None
        self.query_one("#library-progress", Static).update(
            progress_text(self.progress.get(key) if key else None)
        )

    def action_cycle_sort(self) -> None:
        keys = [k for k, _, _, _ in self._shown_columns()]
        self._sort_by(next_column(keys, self.sort_column if self.sort_column in keys else keys[0]))

    def _sort_by(self, column: str) -> None:
        self.sort_column, self.sort_reverse = picked_sort(
            column,
            self.sort_column,
            self.sort_reverse,
            ("date", "words", "advanced", "known", "learning", "read", "opened"),
        )
        self._fill()

    @on(DataTable.HeaderSelected, "#library-table")
    def _header(self, event: DataTable.HeaderSelected) -> None:
        event.stop()
        self._sort_by(str(event.column_key.value))

    def action_delete(self) -> None:
        from studyterm.tui.screens.confirm_modal import ConfirmModal

        episode_id = self.selected_id
        if episode_id is None:
            return
        row = next(r for r in self.rows if r.id == episode_id)

        def answered(yes: bool | None) -> None:
            if yes and self.study_app.delete_episode(episode_id):
                self.notify(f"Deleted “{safe_text(row.title)}”.", timeout=3, markup=False)
                self.reload()

        self.app.push_screen(
            ConfirmModal(
                "Delete episode",
                f"Delete “{row.title}” from the library? Its analysis goes too; the words you "
                "marked keep their status.",
                yes="Delete",
            ),
            answered,
        )

    def action_import(self) -> None:
        from studyterm.tui.screens.import_modal import ImportModal

        modal = ImportModal()

        def chosen(path: str | None) -> None:
            choice = modal.choice
            if path and choice is not None:
                self._import(choice.path, title=choice.title, summary_zh=choice.summary_zh)

        self.app.push_screen(modal, chosen)

    def action_sample(self) -> None:
        from studyterm.pipeline import sample_episode_path

        self._import(str(sample_episode_path()), open_it=True)

    @on(Button.Pressed, "#sample")
    def _sample_pressed(self) -> None:
        self.action_sample()

    def action_level(self) -> None:
        self.study_app.action_level()

    @work(thread=True, exclusive=True, group="import")
    def _import(self, path: str, open_it: bool = False, title: str = "", summary_zh: str = "") -> None:
        from studyterm.ingest import DEFAULT_MAX_BYTES, Extras, read_summary
        from studyterm.pipeline import import_episode
        from studyterm.store import Store

        app = self.study_app
        max_bytes = app.max_bytes or DEFAULT_MAX_BYTES  # `--max-size`, as the command line's

        def progress(text: str) -> None:  # the import's steps on the line above the table
            self.app.call_from_thread(self._show_title, text)

        try:
            extras = Extras(
                title=title or None, summary_zh=read_summary(summary_zh, max_bytes) if summary_zh else ()
            )
            with Store(app.store.path) as store:
                opened = import_episode(
                    store, path, extras, model=app.model, max_bytes=max_bytes, progress=progress
                )
        except StudytermError as err:
            self.post_message(self.Imported(None, str(err)))
            return
        state = "imported" if opened.added else "already in the library"
        self.post_message(self.Imported(opened.episode.id, f"“{opened.episode.title}” {state}", open_it))

    @on(Imported)
    def _imported(self, message: Imported) -> None:
        self._show_title()
        if message.episode_id is None:
            self.notify(
                safe_text(message.text), title="Not imported", severity="error", timeout=8, markup=False
            )
            return
        self.notify(safe_text(message.text), timeout=3, markup=False)
        if message.open_it:
            self.post_message(EpisodeChosen(message.episode_id))
        else:
            self.reload(select=message.episode_id)

    @on(LevelChanged)
    def _level_changed(self) -> None:
        self.reload()
