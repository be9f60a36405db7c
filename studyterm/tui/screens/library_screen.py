"""The library: every episode with its size and the learner's figures; open, import, delete.

Figures need each episode's analysis, so rows are computed in a thread worker (its own Store);
imports run spaCy, so they run in a thread worker too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, NamedTuple

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, DataTable, Footer, Static

from studyterm.errors import StudytermError
from studyterm.tui.messages import EpisodeChosen, LevelChanged
from studyterm.tui.render import safe_text

if TYPE_CHECKING:
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
    date: str
    words: int | None
    advanced: int | None
    coverage: float | None


_COLUMNS = (("title", "Title"), ("podcast", "Podcast"), ("date", "Date"), ("words", "Words"),
            ("advanced", "To learn"), ("coverage", "Coverage %"))
_SORT_KEYS = {
    "title": lambda r: r.title.casefold(),
    "podcast": lambda r: r.podcast.casefold(),
    "date": lambda r: r.date,
    "words": lambda r: r.words or 0,
    "advanced": lambda r: r.advanced or 0,
    "coverage": lambda r: r.coverage or 0.0,
}


class LibraryScreen(Screen[None]):
    """The episodes of the library as a sortable table."""

    HELP_TITLE = "Library"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", id="library.open", tooltip="Study the episode"),
        Binding("a", "import", "Import", id="library.import", tooltip="Import an episode file"),
        Binding("d,delete", "delete", "Delete", id="library.delete",
                tooltip="Delete the episode from the library"),
        Binding("o", "cycle_sort", "Sort", id="library.sort",
                tooltip="Sort by the next column (or click a heading)"),
        Binding("D", "sample", "Sample", show=False, id="library.sample",
                tooltip="Import and open the bundled sample episode"),
        Binding("L", "level", "Level", id="library.level", tooltip="Change your level"),
    ]

    @dataclass
    class RowsLoaded(Message):
        """The rows worker's result."""

        rows: list[LibraryRow]

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
        self._first_select = select
        self._select_after: str | None = None
        self.sort_column = "date"
        self.sort_reverse = True

    @property
    def study_app(self) -> StudyApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        with Vertical(id="library-box"):
            yield Static("", id="library-title")
            yield DataTable(id="library-table", cursor_type="row", zebra_stripes=True)
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
        from studyterm.analysis.learner import Learner
        from studyterm.analysis.profile import build_profile
        from studyterm.pipeline import analysis_version
        from studyterm.store import Store

        app = self.study_app
        learner = Learner(app.learner.level, dict(app.learner.statuses))
        version = analysis_version(app.model)
        rows = []
        with Store(app.store.path) as store:
            for ep in store.episodes():
                analysis = store.analysis(ep.content_hash, version)
                profile = build_profile(analysis, learner) if analysis else None
                rows.append(LibraryRow(
                    id=ep.id, title=ep.title, podcast=ep.podcast or "",
                    date=ep.published.isoformat() if ep.published else "",
                    words=profile.tokens if profile else None,
                    advanced=profile.advanced if profile else None,
                    coverage=profile.coverage * 100 if profile else None,
                ))
        self.post_message(self.RowsLoaded(rows))

    @on(RowsLoaded)
    def _rows_loaded(self, message: RowsLoaded) -> None:
        self.query_one("#library-box").loading = False
        self.rows = message.rows
        self._fill(self._select_after)
        self._select_after = None

    def on_resize(self) -> None:
        if self.rows:
            self._fill()

    def _columns(self, table: DataTable[Text | int | str]) -> None:
        """Columns sized to the terminal: the numbers fixed, the title taking what is left."""
        fixed = {"date": 10, "words": 7, "advanced": 8, "coverage": 10}
        room = max(30, (table.size.width or self.app.size.width - 2) - 2 * len(_COLUMNS) - 1
                   - sum(fixed.values()))
        podcast = min(20, max(10, room // 3))
        widths = {**fixed, "podcast": podcast, "title": room - podcast}
        table.clear(columns=True)
        for key, label in _COLUMNS:
            table.add_column(label, key=key, width=widths[key])

    def _fill(self, select: str | None = None) -> None:
        table = self.table
        keep = select or self.selected_id
        self._columns(table)
        rows = sorted(self.rows, key=_SORT_KEYS[self.sort_column], reverse=self.sort_reverse)
        for r in rows:
            table.add_row(
                Text(safe_text(r.title), no_wrap=True, overflow="ellipsis"),
                Text(safe_text(r.podcast), no_wrap=True, overflow="ellipsis"),
                r.date,
                Text("—" if r.words is None else f"{r.words:,}", justify="right"),
                Text("—" if r.advanced is None else str(r.advanced), justify="right"),
                Text("—" if r.coverage is None else f"{r.coverage:.1f}", justify="right"),
                key=r.id,
            )
        empty = not rows
        self.set_class(empty, "-empty")
        self.set_class(False, "-loading")
        heading = dict(_COLUMNS)[self.sort_column]
        arrow = "↓" if self.sort_reverse else "↑"
        count = f"{len(rows)} episode{'s' if len(rows) != 1 else ''}"
        level = self.study_app.learner.level
        self.query_one("#library-title", Static).update(
            f"Library · {count} · sorted by {heading} {arrow} · level {level}")
        if empty:
            self.query_one("#sample", Button).focus()
            return
        ids = [r.id for r in rows]
        if keep in ids:
            table.move_cursor(row=ids.index(keep), animate=False)
        table.focus()

    @property
    def selected_id(self) -> str | None:
        """The episode under the cursor."""
        table = self.table
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return None if key.value is None else str(key.value)

    # -- actions --------------------------------------------------------------------------

    def action_open(self) -> None:
        if self.selected_id:
            self.post_message(EpisodeChosen(self.selected_id))

    @on(DataTable.RowSelected, "#library-table")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(EpisodeChosen(str(event.row_key.value)))

    def action_cycle_sort(self) -> None:
        keys = [k for k, _ in _COLUMNS]
        self._sort_by(keys[(keys.index(self.sort_column) + 1) % len(keys)])

    def _sort_by(self, column: str) -> None:
        if column == self.sort_column:
            self.sort_reverse = not self.sort_reverse
        else:
            self.sort_column = column
            self.sort_reverse = column in ("date", "words", "advanced")
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
            if yes:
                self.study_app.delete_episode(episode_id)
                self.notify(f"Deleted “{safe_text(row.title)}”.", timeout=3, markup=False)
                self.reload()

        self.app.push_screen(ConfirmModal(
            "Delete episode",
            f"Delete “{row.title}” from the library? Its analysis goes too; the words you "
            "marked keep their status.", yes="Delete"), answered)

    def action_import(self) -> None:
        from studyterm.tui.screens.path_modal import PathModal

        def chosen(path: str | None) -> None:
            if path:
                self._import(path)

        self.app.push_screen(PathModal(
            "Import an episode",
            "A PodQuest page, a .txt transcript, .srt or .vtt subtitles, or studyterm .json:",
            action="Import", suffixes=(".txt", ".srt", ".vtt", ".json")), chosen)

    def action_sample(self) -> None:
        from studyterm.pipeline import sample_episode_path

        self._import(str(sample_episode_path()), open_it=True)

    @on(Button.Pressed, "#sample")
    def _sample_pressed(self) -> None:
        self.action_sample()

    def action_level(self) -> None:
        self.study_app.action_level()

    @work(thread=True, exclusive=True, group="import")
    def _import(self, path: str, open_it: bool = False) -> None:
        from studyterm.pipeline import import_episode
        from studyterm.store import Store

        app = self.study_app
        self.app.call_from_thread(self.notify, "Importing… (the first import loads spaCy)",
                                  timeout=3)
        try:
            with Store(app.store.path) as store:
                opened = import_episode(store, path, model=app.model)
        except StudytermError as err:
            self.post_message(self.Imported(None, str(err)))
            return
        state = "imported" if opened.added else "already in the library"
        self.post_message(self.Imported(opened.episode.id,
                                        f"“{opened.episode.title}” {state}", open_it))

    @on(Imported)
    def _imported(self, message: Imported) -> None:
        if message.episode_id is None:
            self.notify(safe_text(message.text), title="Not imported", severity="error",
                        timeout=8, markup=False)
            return
        self.notify(safe_text(message.text), timeout=3, markup=False)
        if message.open_it:
            self.post_message(EpisodeChosen(message.episode_id))
        else:
            self.reload(select=message.episode_id)

    @on(LevelChanged)
    def _level_changed(self) -> None:
        self.reload()
