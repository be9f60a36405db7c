"""The vocabulary pane (`v`): the episode's words to learn as a sortable, filterable table.

Moving the cursor shows a word in the word panel; Enter (or a click) jumps to its first
occurrence in the transcript. The filter box matches a word, its Chinese gloss, or one of its
exam tags (`cet6` finds the CET-6 words, as `vocab --tag cet6` does).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, NamedTuple

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Input, Static

from studyterm.lexicon.tags import has_any_tag, is_tag_name
from studyterm.tui.render import safe_text
from studyterm.tui.table_sort import next_column, picked_sort

__all__ = ["VocabPanel", "VocabRow"]


class VocabRow(NamedTuple):
    """One row: the session's item index and what the table shows."""

    item: int
    word: str
    level: str
    band: str
    rank: int | None
    count: int  # type: ignore[assignment]  # a field, hiding tuple.count (never called)
    gloss: str
    status: str
    tags: tuple[str, ...] = ()  # exam tags from imported dictionaries (CET-6, 考研 …)


# column key, heading, width (None: shares the room left, see `_widths`)
_COLUMNS: tuple[tuple[str, str, int | None], ...] = (
    ("word", "Word", None),
    ("level", "CEFR", 4),
    ("band", "Band", 8),
    ("count", "×", 3),
    ("gloss", "Chinese", None),
    ("status", "Status", 8),
)
_SCROLLBAR = 2  # kept free for the table's vertical scrollbar
FIRST_ROWS = 100
"""Rows added to the table at once (with those up to the cursor and a screen past it); the rest
follow STEP_ROWS at a time between frames. Textual's table measures every cell of every row
added: a huge episode's 1,700 words to learn took half a second to show, and more on each refill
(a filter's key, a word marked known)."""
STEP_ROWS = 200
NO_TAGS = (
    "No exam tags here: tags such as CET-6 or 考研 come with an installed dictionary. "
    "Get ECDICT with:  studyterm dict install ecdict"
)


def _widths(table_width: int, rows: list[VocabRow] | None = None) -> dict[str, int]:
    """Column widths that fit the table in `table_width` cells (each column also takes two cells
    of padding): the fixed ones as given; Word and Chinese sized to their longest entry when
    there is room, else sharing the room in proportion to what they need."""
    fixed = sum(w for _, _, w in _COLUMNS if w is not None)
    room = max(16, table_width - _SCROLLBAR - 2 * len(_COLUMNS) - fixed)
    need_word = max([len("Word"), *(cell_len(safe_text(r.word)) for r in rows or ())])
    need_gloss = max([len("Chinese"), *(cell_len(safe_text(r.gloss)) for r in rows or ())])
    if not rows:  # nothing to measure yet: Word takes a little more than half
        need_word, need_gloss = 11, 9
    if need_word + need_gloss <= room:
        word, gloss = need_word, room - need_word
    else:
        word = max(10, min(need_word, room * need_word // (need_word + need_gloss)))
        gloss = max(6, room - word)
    return {key: width or (word if key == "word" else gloss) for key, _, width in _COLUMNS}


_SORT_KEYS = {
    "word": lambda r: r.word.casefold(),
    "level": lambda r: (r.level, r.rank or 10**9),
    "band": lambda r: r.rank if r.rank is not None else 10**9,
    "count": lambda r: r.count,
    "gloss": lambda r: r.gloss,
    "status": lambda r: r.status,
}


class VocabPanel(Vertical):
    """A filter box over a table of `VocabRow`s."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "o",
            "cycle_sort",
            "Sort",
            id="vocab.sort",
            tooltip="Sort by the next column (click a heading to sort by it)",
        ),
    ]

    @dataclass
    class Highlighted(Message):
        """The cursor is on this item's row."""

        item: int

    @dataclass
    class Chosen(Message):
        """Jump to this item's first occurrence."""

        item: int

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._rows: list[VocabRow] = []
        self.sort_column = "band"
        self.sort_reverse = True  # hardest first, like `studyterm vocab`
        self.filter_text = ""
        self._column_widths: dict[str, int] = {}
        self._filling = 0  # fills begun: a step of an earlier one stops
        self._wanted = 0  # rows the last fill shows

    def compose(self) -> ComposeResult:
        yield Input(placeholder="filter: word, 中文 gloss or exam tag", id="vocab-filter")
        yield Static(NO_TAGS, id="vocab-note", markup=False)
        yield DataTable(id="vocab-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one("#vocab-note").display = False
        self._columns()

    def on_resize(self) -> None:
        if self._fit_columns():
            self._fill()

    def _fit_columns(self) -> bool:
        """Re-create the columns when the room or the longest entries changed (the rows then
        need filling again)."""
        if self.table.size.width and _widths(self.table.size.width, self._rows) != self._column_widths:
            self._columns()
            return True
        return False

    def _columns(self) -> None:
        """(Re)create the columns, sized to the table's width (the pane is hidden, 0 wide, until
        first shown)."""
        table = self.table
        widths = _widths(table.size.width or 60, self._rows)
        table.clear(columns=True)
        for key, label, _ in _COLUMNS:
            table.add_column(label, key=key, width=widths[key])
        self._column_widths = widths

    @property
    def table(self) -> DataTable[Text | int]:
        return self.query_one("#vocab-table", DataTable)

    def set_rows(self, rows: list[VocabRow]) -> None:
        """Show these rows (kept sorted and filtered as the user chose)."""
        self._rows = rows
        self._fill()

    @property
    def shown(self) -> list[VocabRow]:
        """The rows as displayed, in order."""
        needle = self.filter_text.casefold().strip()
        rows = [
            r
            for r in self._rows
            if not needle
            or needle in r.word.casefold()
            or needle in r.gloss.casefold()
            or has_any_tag(r.tags, (needle,))
        ]
        rows.sort(key=_SORT_KEYS[self.sort_column], reverse=self.sort_reverse)
        return rows

    def _fill(self) -> None:
        self._fit_columns()
        table = self.table
        current = table.cursor_row
        table.clear()
        rows = self.shown
        self._wanted = len(rows)
        self._filling += 1  # a fill still adding rows stops: these replace them
        # the rows up to the cursor and a screen beyond now, the rest a step at a time
        self._add_rows(rows, 0, max(FIRST_ROWS, current + table.size.height + 1), self._filling)
        if table.row_count:
            table.move_cursor(row=min(current, table.row_count - 1), animate=False)
        heading = next(label for key, label, _ in _COLUMNS if key == self.sort_column)
        arrow = "↓" if self.sort_reverse else "↑"
        # a search for an exam tag finds nothing without a dictionary that brings tags: say so
        needle = self.filter_text.strip()
        self.query_one("#vocab-note").display = bool(
            needle and not rows and is_tag_name(needle) and not any(r.tags for r in self._rows)
        )
        words = "word" if len(rows) == 1 else "words"
        self.border_subtitle = f"{len(rows)} {words} · by {heading} {arrow}"

    def _add_rows(self, rows: list[VocabRow], start: int, count: int, filling: int) -> None:
        """Add rows[start:start + count] to the table, then the rest in steps between frames
        (unless another fill has begun since: `filling` is this one's number)."""
        if filling != self._filling or not self.is_attached:
            return
        table = self.table
        for r in rows[start : start + count]:
            table.add_row(
                Text(safe_text(r.word), no_wrap=True, overflow="ellipsis"),
                Text(r.level),
                Text(r.band),
                r.count,
                Text(safe_text(r.gloss), no_wrap=True, overflow="ellipsis"),
                Text(r.status),
                key=str(r.item),
            )
        if start + count < len(rows):
            self.call_after_refresh(self._add_rows, rows, start + count, STEP_ROWS, filling)

    @property
    def filling(self) -> bool:
        """Whether rows of the last fill are still being added (a long table's, in steps)."""
        return self.table.row_count < self._wanted

    @property
    def filter_box(self) -> Input:
        return self.query_one("#vocab-filter", Input)

    def clear_filter(self) -> None:
        """Empty the filter box (every row back) and give the table the focus."""
        self.filter_box.value = ""
        self.filter_text = ""
        self._fill()
        self.table.focus()

    def focus_table(self) -> None:
        """Give the table the focus (arrows move, Enter jumps)."""
        self.table.focus()

    def action_cycle_sort(self) -> None:
        self._sort_by(next_column([k for k, _, _ in _COLUMNS], self.sort_column))

    def _sort_by(self, column: str) -> None:
        self.sort_column, self.sort_reverse = picked_sort(
            column, self.sort_column, self.sort_reverse, ("band", "count", "level")
        )
        self._fill()

    @on(DataTable.HeaderSelected)
    def _header(self, event: DataTable.HeaderSelected) -> None:
        event.stop()
        self._sort_by(str(event.column_key.value))

    @on(Input.Changed, "#vocab-filter")
    def _filter(self, event: Input.Changed) -> None:
        event.stop()
        self.filter_text = event.value
        self._fill()

    @on(Input.Submitted, "#vocab-filter")
    def _to_table(self, event: Input.Submitted) -> None:
        event.stop()
        self.table.focus()

    @on(DataTable.RowHighlighted, "#vocab-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(self.Highlighted(int(event.row_key.value)))

    @on(DataTable.RowSelected, "#vocab-table")
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(self.Chosen(int(event.row_key.value)))
