"""Progress on stderr: one line redrawn in place on a terminal, silent otherwise (a long analysis
also prints a line now and then with -v)."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click

__all__ = ["analysis_progress", "byte_progress", "count_progress"]


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


@contextmanager
def analysis_progress(
    verbose: bool = False, after: float = 2.0, every: float = 10.0
) -> Iterator[Callable[[int, int], None]]:
    """Yield a (characters done, characters in all) callback for an analysis: once it has run
    `after` seconds, "analysing: 34% (about 1:20 left)" redrawn on a terminal; with `verbose`
    and no terminal, that line every `every` seconds instead. Short analyses show nothing."""
    start = time.monotonic()
    live = sys.stderr.isatty()
    shown = False
    last = 0.0

    def update(done: int, total: int) -> None:
        nonlocal shown, last
        now = time.monotonic()
        if now - start < after or not (live or verbose) or total <= 0:
            return
        share = done / total
        left = (now - start) * (1 - share) / share if share > 0 else 0
        text = f"analysing: {100 * done // total}%" + (
            f" (about {int(left) // 60}:{int(left) % 60:02d} left)" if done < total else ""
        )
        if live:
            if now - last >= 0.2 or done >= total:
                click.echo(f"\r{text}\x1b[K", nl=False, err=True)
                last, shown = now, True
        elif now - last >= every:
            click.echo(text, err=True)
            last = now

    try:
        yield update
    finally:
        if shown:
            click.echo(err=True)
