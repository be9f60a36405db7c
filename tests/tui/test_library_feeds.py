"""The library's feed keys with Pilot: `F` subscribes to a feed served on 127.0.0.1 and imports
its episodes in the background, with progress; `U` fetches only what is new."""

from __future__ import annotations

import pytest

from studyterm.store import Store
from studyterm.tui.app import make_app
from studyterm.tui.screens.library_screen import LibraryScreen
from tests.feeds.test_feeds import VTT, item, rss
from tests.loopback import loopback

from .conftest import settle

pytestmark = pytest.mark.asyncio


def _notices(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(n.message) for n in app._notifications]


async def _subscribe(pilot, url: str) -> None:  # type: ignore[no-untyped-def]
    """`F`, the URL typed into the dialog, Enter; then the worker's result on screen."""
    await pilot.press("F")
    await pilot.pause()
    await pilot.press(*url, "enter")
    await settle(pilot)


async def test_add_and_update_a_feed_from_the_library(empty_store: Store) -> None:
    with loopback() as server:
        server.serve("/a.vtt", VTT, content_type="text/vtt")
        url = server.serve(
            "/feed.xml",
            rss(item("a", "Solar power", transcripts=('<podcast:transcript url="/a.vtt" type="text/vtt"/>'))),
        )
        app = make_app(empty_store, level="5000")
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, LibraryScreen)
            await _subscribe(pilot, url)
            assert [e.title for e in empty_store.episodes()] == ["Solar power"]
            assert "[1/1] Solar power: imported" in _notices(app)
            assert any("Energy Weekly: 1 imported" in n for n in _notices(app))
            screen = app.screen
            assert isinstance(screen, LibraryScreen)
            assert [r.title for r in screen.rows] == ["Solar power"]

            # a new episode on the server: `U` imports it, and only it
            server.serve("/b.vtt", VTT.replace("renewable energy", "wind farms"))
            server.serve(
                "/feed.xml",
                rss(
                    item("b", "Wind farms", transcripts='<podcast:transcript url="/b.vtt" type="text/vtt"/>'),
                    item(
                        "a", "Solar power", transcripts='<podcast:transcript url="/a.vtt" type="text/vtt"/>'
                    ),
                ),
            )
            before = len(server.hits)
            await pilot.press("U")
            await settle(pilot)
            assert [p for p, _ in server.hits[before:]] == ["/feed.xml", "/b.vtt"]
            assert sorted(e.title for e in empty_store.episodes()) == ["Solar power", "Wind farms"]
            assert sorted(r.title for r in screen.rows) == ["Solar power", "Wind farms"]


async def test_a_broken_feed_is_one_notice_and_nothing_changes(empty_store: Store) -> None:
    with loopback() as server:
        url = server.serve("/bad.xml", "<rss><channel><title>cut")
        app = make_app(empty_store, level="5000")
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await _subscribe(pilot, url)
            assert any(url in n and "not well-formed" in n for n in _notices(app))
            assert empty_store.episodes() == [] and empty_store.feeds() == []
