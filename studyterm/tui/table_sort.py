"""How the app's sortable tables (the library and the vocabulary pane) change their order, in one
place so that the sort key and a click on a heading behave the same in both."""

from __future__ import annotations

from collections.abc import Collection, Sequence

__all__ = ["next_column", "picked_sort"]


def next_column(columns: Sequence[str], current: str) -> str:
    """The column after `current`, wrapping round: where the sort key moves the order next."""
    return columns[(columns.index(current) + 1) % len(columns)]


def picked_sort(column: str, current: str, reverse: bool, largest_first: Collection[str]) -> tuple[str, bool]:
    """The (column, reverse) after the learner picks `column`: the same column again flips the
    order; a new one starts largest first if it is in `largest_first` (counts, dates, bands),
    else A to Z."""
    if column == current:
        return current, not reverse
    return column, column in largest_first
