"""The CLI's tables as plain text, laid out as Rich lays them out, in a fraction of its time.

`studyterm vocab` prints a table of a thousand words or more. Rich builds that table out of tens
of thousands of segments, measuring and cropping each cell several times over: 0.6 s of CPU for
a 13,000-word transcript, a tenth of the whole run. Printed into a file or a pipe there are no
styles to keep, so the same lines can be put together directly from each cell's text.

This module does only that, for the one kind of table `echo_table` builds (a heavy-headed box,
one cell of padding each side, left-justified cells folding what does not fit, a centred title)
and only for text whose every character is one or two cells wide on its own. `render` returns
None for anything else (control characters, tabs, combining marks, emoji sequences, a terminal
too narrow for the columns) and the caller asks Rich. Column widths follow Rich's rules:
measure each column (its longest word, its longest cell), shrink the widest wrapping columns
when the table is too wide, then evenly; cells wrap at spaces and fold words longer than their
column. `tests/test_plain_table.py` prints the same tables through Rich and compares the bytes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from rich.cells import cell_len, chop_cells, set_cell_size

__all__ = ["Column", "render"]

_PAD = 1  # cells of padding each side of a cell's text
_WORD = re.compile(r" *[^ ]+ *")  # a word with the spaces around it (cells hold no other space)


class Column:
    """A column as `echo_table` sets it up: a header, and whether its cells never wrap (then
    `min_width`, without the padding, is what it keeps however narrow the terminal)."""

    __slots__ = ("header", "min_width", "no_wrap")

    def __init__(self, header: str, no_wrap: bool = False, min_width: int | None = None) -> None:
        self.header = header
        self.no_wrap = no_wrap
        self.min_width = min_width


def render(
    columns: Sequence[Column], rows: Sequence[Sequence[str]], title: str | None, width: int
) -> str | None:
    """The table as the lines Rich prints for it on a `width`-cell console without styles, or
    None when this module cannot promise the same bytes (the caller then uses Rich)."""
    cells = [[c.header for c in columns], *rows]
    if not columns or any(
        "[" in c.header or ":" in c.header for c in columns
    ):  # Rich reads headers as markup
        return None
    if not all(_simple(text) for row in cells for text in row) or (title and not _simple(title)):
        return None
    extra = len(columns) + 1  # the box's edges and dividers
    widths = _column_widths(columns, cells, width - extra)
    if widths is None or any(w < 2 * _PAD + 1 for w in widths):
        return None
    table_width = sum(widths) + extra
    if table_width > width:
        return None
    out: list[str] = []
    if title:
        out.extend(_centred(line, table_width) for line in _wrap(title, table_width))
    out.append("┏" + "┳".join("━" * w for w in widths) + "┓")
    for n, row in enumerate(cells):
        edge = "┃" if n == 0 else "│"
        blocks = [
            _cell(text, w - 2 * _PAD, c.no_wrap) for text, w, c in zip(row, widths, columns, strict=True)
        ]
        height = max(len(b) for b in blocks)
        for line in range(height):
            parts = []
            for block, w in zip(blocks, widths, strict=True):
                # the header sits at the bottom of its row, a cell at the top of its
                at = line - (height - len(block)) if n == 0 else line
                parts.append(" " * w if not 0 <= at < len(block) else " " + block[at] + " ")
            out.append(edge + edge.join(parts) + edge)
        if n == 0:
            out.append("┡" + "╇".join("━" * w for w in widths) + "┩")
    out.append("└" + "┴".join("─" * w for w in widths) + "┘")
    return "\n".join(out) + "\n"


_widths: dict[str, int] = {}  # character → its cells, once per process


def _simple(text: str) -> bool:
    """Whether every character of `text` is printable, one or two cells wide, and measured alone
    as in the whole (no marks, joiners or pairs that make one glyph of several characters)."""
    if not text.isprintable():  # tabs, line breaks, other spaces than " ", joiners
        return False
    if text.isascii():
        return True
    total = 0
    for ch in text:
        w = _widths.get(ch)
        if w is None:
            w = _widths[ch] = cell_len(ch)
        if w == 0:
            return False
        total += w
    return total == cell_len(text)


def _column_width(column: Column, widest: int, most: int) -> int:
    """The widest a column wants to be, padding included, when it may take `most` cells (Rich
    measures a padded cell at its longest line plus the padding, within `most`; only that
    maximum decides the layout of a table that is not stretched to the terminal)."""
    if most < 1:
        return 0
    width = most if most < 2 * _PAD + 1 else min(widest + 2 * _PAD, most)
    if column.min_width is not None:
        width = max(width, column.min_width + 2 * _PAD)
    return width


def _column_widths(columns: Sequence[Column], cells: Sequence[Sequence[str]], room: int) -> list[int] | None:
    """Each column's width with its padding, Rich's way (see the module's docstring)."""
    if room < 1:
        return None
    widest = [max(_len(row[i]) for row in cells) for i in range(len(columns))]
    widths = [_column_width(c, w, room) or 1 for c, w in zip(columns, widest, strict=True)]
    if sum(widths) <= room:
        return widths
    widths = _shrink_widest(widths, [not c.no_wrap for c in columns], room)
    if sum(widths) > room:
        widths = _reduce(sum(widths) - room, [1] * len(widths), widths, widths)
    return [_column_width(c, most, w) for c, most, w in zip(columns, widest, widths, strict=True)]


def _len(text: str) -> int:
    """The cells `text` takes."""
    return len(text) if text.isascii() else cell_len(text)


def _shrink_widest(widths: list[int], wraps: list[bool], room: int) -> list[int]:
    """Take the excess from the widest wrapping columns, down to the next widest, in turns."""
    excess = sum(widths) - room
    if not any(wraps):
        return widths
    while excess > 0:
        widest = max(w for w, ok in zip(widths, wraps, strict=True) if ok)
        second = max((w if ok and w != widest else 0) for w, ok in zip(widths, wraps, strict=True))
        shares = [1 if ok and w == widest else 0 for w, ok in zip(widths, wraps, strict=True)]
        if not any(shares) or widest == second:
            break
        widths = _reduce(excess, shares, [min(excess, widest - second)] * len(widths), widths)
        excess = sum(widths) - room
    return widths


def _reduce(total: int, shares: list[int], most: list[int], values: list[int]) -> list[int]:
    """Take `total` from `values` in proportion to `shares`, at most `most` from each."""
    shares = [s if m else 0 for s, m in zip(shares, most, strict=True)]
    left_shares = sum(shares)
    if not left_shares:
        return values[:]
    left = total
    out = []
    for share, cap, value in zip(shares, most, values, strict=True):
        if share and left_shares > 0:
            taken = min(cap, round(share * left / left_shares))
            out.append(value - taken)
            left -= taken
            left_shares -= share
        else:
            out.append(value)
    return out


def _breaks(text: str, width: int) -> list[int]:
    """Where a line of `text` breaks to fit `width` cells: at the start of a word that does not
    fit; a word wider than a line is folded across lines."""
    out: list[int] = []
    used = 0
    for match in _WORD.finditer(text):
        start, word = match.start(), match.group()
        need = _len(word.rstrip())
        if width - used >= need:
            used += _len(word)
        elif need > width:
            pieces = chop_cells(word, width)
            for k, piece in enumerate(pieces):
                if start:
                    out.append(start)
                if k == len(pieces) - 1:
                    used = cell_len(piece)
                else:
                    start += len(piece)
        elif used and start:
            out.append(start)
            used = _len(word)
    return out


def _wrap(text: str, width: int) -> list[str]:
    """The lines of `text` wrapped at `width` cells, trailing spaces past the width dropped."""
    cuts = [0, *_breaks(text, width), len(text)]
    lines = []
    for a, b in pairwise(cuts):
        line = text[a:b]
        if len(line) > width:
            stripped = line.rstrip(" ")
            line = line[: max(len(stripped), width)]
        lines.append(line)
    return lines


def _fit(line: str, width: int) -> str:
    """The line cropped or padded to exactly `width` cells."""
    if line.isascii():
        return line[:width].ljust(width)
    return set_cell_size(line, width)


def _cell(text: str, width: int, no_wrap: bool) -> list[str]:
    if no_wrap or _len(text) <= width:  # the whole text on one line
        return [_fit(text, width)]
    return [_fit(line, width) for line in _wrap(text, width)]


def _centred(line: str, width: int) -> str:
    line = line.rstrip(" ")
    if cell_len(line) > width:
        line = set_cell_size(line, width)
    left = (width - cell_len(line)) // 2
    line = " " * left + line
    return line + " " * (width - cell_len(line))
