"""A download's progress on stderr: one line redrawn in place on a terminal, silent otherwise."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click

__all__ = ["byte_progress", "count_progress"]


def _size(n: int) -> str:
    return f"{n / 1_048_576:.1f} MB" if n >= 1_048_576 else f"{n / 1024:.0f} KB"


@contextmanager
def byte_progress(label: str) -> Iterator[Callable[[int, int | None], None]]:
    """Yield a (done, total) callback that redraws "label: 1.2 MB of 5.0 MB (24%)"."""
    with _line(
        lambda done, total: (
            f"{label}: {_size(done)}" + (f" of {_size(total)} ({100 * done // total}%)" if total else "")
        )
    ) as update:
        yield update


@contextmanager
def count_progress(label: str, unit: str) -> Iterator[Callable[[int, int], None]]:
    """Yield a (done, total) callback that redraws "label: 12 of 40 unit"."""
    with _line(lambda done, total: f"{label}: {done} of {total} {unit}") as update:
        yield update


@contextmanager
def _line(render: Callable[[int, int], str]) -> Iterator[Callable[[int, int | None], None]]:
    shown = False
    live = sys.stderr.isatty()

    def update(done: int, total: int | None) -> None:
        nonlocal shown
        if live:
            click.echo(f"\r{render(done, total or 0)}\x1b[K", nl=False, err=True)
            shown = True

    try:
        yield update
    finally:
        if shown:
            click.echo(err=True)
