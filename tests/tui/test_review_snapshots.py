"""Snapshots of the review screen at 120x40 and 80x24 (front, and back with the rating keys),
built by the same `make_app` as `studyterm review`. Accept a change with `--snapshot-update`."""

from __future__ import annotations

from studyterm.store import Store
from studyterm.tui.app import make_app

from .test_snapshots import SIZES, _then


def _learning(store: Store) -> Store:
    for word in ("multilateralism", "strengthen", "think tank"):
        store.set_statuses([word], "learning")
    return store


@SIZES
def test_review_card(snap_compare, store: Store, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    app = make_app(_learning(store), review=True)
    assert snap_compare(app, terminal_size=size, run_before=_then())


@SIZES
def test_review_card_revealed(snap_compare, store: Store, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    app = make_app(_learning(store), review=True)
    assert snap_compare(app, terminal_size=size, run_before=_then("space", "3", "space"))


@SIZES
def test_placement_intro(snap_compare, empty_store: Store, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    app = make_app(empty_store, placement="test")
    assert snap_compare(app, terminal_size=size, run_before=_then())


@SIZES
def test_progress(snap_compare, empty_store: Store, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    app = make_app(empty_store, level="5000")
    assert snap_compare(app, terminal_size=size, run_before=_then("S"))
