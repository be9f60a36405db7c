"""The placement test screen, driven with Pilot: a whole test answered as a learner knowing the
5,000 commonest families would, the level it sets in the Store, going back, leaving midway."""

from __future__ import annotations

import pytest

from studyterm.store import Store
from studyterm.tui.app import make_app
from studyterm.tui.screens.library_screen import LibraryScreen
from studyterm.tui.screens.placement_screen import PlacementScreen

from .conftest import settle

pytestmark = pytest.mark.asyncio


def _text(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one("#placement-text").content)


async def test_a_whole_test_sets_the_level(empty_store: Store) -> None:
    app = make_app(empty_store, placement="test")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PlacementScreen) and "60 words" in _text(app)
        await pilot.press("y")  # nothing before the start
        assert screen.test is not None and screen.test.answers == []
        await pilot.press("enter")
        first = screen.test.current
        assert first is not None and first.word in _text(app)
        await pilot.press("n", "b")  # back: the same word again
        assert screen.test.current == first and screen.test.answers == []
        while screen.test.current is not None:
            item = screen.test.current
            await pilot.press("y" if item.rank is not None and item.rank <= 5000 else "n")
        text = _text(app)
        assert "word families" in text and "0 of 18 made-up words" in text
        size = int(empty_store.setting("level") or 0)
        assert 3750 <= size <= 6250 and f"Your level is now {size}" in text
        assert app.learner.level == size
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code is not None


async def test_leaving_midway_saves_nothing_and_the_offer_sits_over_the_library(empty_store: Store) -> None:
    app = make_app(empty_store, placement="offer")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PlacementScreen)
        await pilot.press("enter", "y", "n", "escape")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
    assert empty_store.setting("level") is None
