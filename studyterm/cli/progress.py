"""A download's progress on stderr: one line redrawn in place on a terminal, silent otherwise."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click

__all__ = ["byte_progress"]


def _size(n: int) -> str:
    return f"{n / 1_048_576:.1f} MB" if n >= 1_048_576 else f"{n / 1024:.0f} KB"


@contextmanager
def byte_progress(label: str) -> Iterator[Callable[[int, int | None], None]]:
    """Yield a (done, total) callback that redraws "label: 1.2 MB of 5.0 MB (24%)"."""
    shown = False
    live = sys.stderr.isatty()

    def update(done: int, total: int | None) -> None:
        nonlocal shown
        if not live:
            return
        text = f"{label}: {_size(done)}"
        if total:
            text += f" of {_size(total)} ({100 * done // total}%)"
        click.echo(f"\r{text}\x1b[K", nl=False, err=True)
        shown = True

    try:
        yield update
    finally:
        if shown:
            click.echo(err=True)
