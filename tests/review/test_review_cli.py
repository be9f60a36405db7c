"""`studyterm review` from the shell: its daily limits, and a clear word when nothing is due."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from studyterm.store import Store


def test_limits_are_saved_and_nothing_due_says_why(library: Path, run_cli: Callable) -> None:  # type: ignore[type-arg]
    r = run_cli("review")
    assert r.code == 0 and "Nothing to review now" in r.out and "mark learning" in r.out
    r = run_cli("review", "--new-per-day", "0")
    assert r.code == 0 and "0 new words, 200 reviews" in r.out
    run_cli("mark", "learning", "serendipity")
    r = run_cli("review")
    assert r.code == 0 and "today's limits are reached (1 held back" in r.out
    with Store.open(library) as store:
        assert store.setting("review.new_per_day") == "0"
    r = run_cli("review", "--reviews-per-day", "-3")
    assert r.code == 2 and r.out == ""
