"""Snapshots of each screen at 200x50, 120x40 and 80x24, built by the same `make_app` as the CLI, with
workers settled and cursor blink off. Review a change with `pytest --snapshot-report` and accept
it with `--snapshot-update`."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.pilot import Pilot

from studyterm.model import Episode
from studyterm.store import Store
from studyterm.tui.app import make_app
from studyterm.tui.widgets.summary_panel import SummaryPanel

from .conftest import settle

SIZES = pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
# the library and the reader also at 200x50 (the reader's columns at every size)
ALL_SIZES = pytest.mark.parametrize(
    "size", [(200, 50), (120, 40), (80, 24)], ids=["200x50", "120x40", "80x24"]
)


def _then(*keys: str) -> Callable[[Pilot], object]:  # type: ignore[type-arg]
    async def run(pilot: Pilot) -> None:  # type: ignore[type-arg]
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
        await settle(pilot)

    return run


@ALL_SIZES
def test_library(snap_compare, store: Store, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(store, level="5000"), terminal_size=size, run_before=_then())


@ALL_SIZES
def test_reader(
    snap_compare,
    store: Store,
    sample_episode: Episode,  # type: ignore[no-untyped-def]
    size: tuple[int, int],
) -> None:
    app = make_app(store, episode=sample_episode.id, level="5000")
    assert snap_compare(app, terminal_size=size, run_before=_then())


@ALL_SIZES
def test_word_detail(
    snap_compare,
    store: Store,
    sample_episode: Episode,  # type: ignore[no-untyped-def]
    size: tuple[int, int],
) -> None:
    app = make_app(store, episode=sample_episode.id, level="5000")
    assert snap_compare(app, terminal_size=size, run_before=_then("n", "n", "n", "n", "l"))


@ALL_SIZES
def test_help(
    snap_compare,
    store: Store,
    sample_episode: Episode,  # type: ignore[no-untyped-def]
    size: tuple[int, int],
) -> None:
    app = make_app(store, episode=sample_episode.id, level="5000")
    assert snap_compare(app, terminal_size=size, run_before=_then("question_mark"))


@ALL_SIZES
def test_summary_with_a_word(
    snap_compare,
    store: Store,
    sample_episode: Episode,  # type: ignore[no-untyped-def]
    size: tuple[int, int],
) -> None:
    async def run(pilot: Pilot) -> None:  # type: ignore[type-arg]
        await settle(pilot)
        await pilot.press("n", "n")
        if not pilot.app.screen.query_one(SummaryPanel).display:  # narrow: s opens it
            await pilot.press("s")
        await settle(pilot)

    app = make_app(store, episode=sample_episode.id, level="5000")
    assert snap_compare(app, terminal_size=size, run_before=run)


@ALL_SIZES
def test_vocabulary_pane(
    snap_compare,
    store: Store,
    sample_episode: Episode,  # type: ignore[no-untyped-def]
    size: tuple[int, int],
) -> None:
    app = make_app(store, episode=sample_episode.id, level="5000")
    assert snap_compare(app, terminal_size=size, run_before=_then("v", "down", "down"))
