"""The collector's pace while kept data is built, and what is set aside from its passes."""

from __future__ import annotations

import gc
import threading

from studyterm.tui import collector


def test_passes_are_sparse_while_building_and_back_to_normal_after() -> None:
    before = gc.get_threshold()
    with collector.building_kept_data():
        assert gc.get_threshold()[0] >= collector.SPARSE_THRESHOLD
        assert gc.get_threshold()[1:] == before[1:]
    assert gc.get_threshold() == before


def test_overlapping_builders_restore_the_pace_only_when_the_last_leaves() -> None:
    before = gc.get_threshold()
    entered, leave_first = threading.Event(), threading.Event()

    def worker() -> None:
        with collector.building_kept_data():
            entered.set()
            leave_first.wait(5)

    thread = threading.Thread(target=worker)
    thread.start()
    entered.wait(5)
    with collector.building_kept_data():
        leave_first.set()
        thread.join(5)
        assert gc.get_threshold()[0] >= collector.SPARSE_THRESHOLD  # the other one left first
    assert gc.get_threshold() == before


def test_a_failing_builder_restores_the_pace() -> None:
    before = gc.get_threshold()
    try:
        with collector.building_kept_data():
            raise ValueError("bad episode")
    except ValueError:
        pass
    assert gc.get_threshold() == before


def test_set_aside_until_released() -> None:
    kept = [object() for _ in range(10)]
    collector.set_aside()
    try:
        assert gc.get_freeze_count() >= len(kept)
    finally:
        collector.release()
    assert gc.get_freeze_count() == 0
