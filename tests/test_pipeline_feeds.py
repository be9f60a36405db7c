"""The feed orchestrator (`studyterm.pipeline_feeds`) against real feeds served on 127.0.0.1: an
update goes on past a feed that cannot be read (broken, too slow) and past items that cannot be
fetched, naming the feed and the cause in one line; its analyses take their turn at spaCy; and
`studyterm feed update` and the library's `U` both run it, saying the same thing.

Each way one feed goes wrong on its own (huge, an entity bomb, a 404) is `feeds/test_feeds.py`.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from studyterm import pipeline, pipeline_feeds
from studyterm.downloads import Limits
from studyterm.model import Analysis
from studyterm.pipeline_feeds import FeedListener, FeedReport, add_feed, update_feeds
from studyterm.store import Store
from studyterm.tui.app import make_app
from tests.feeds.test_feeds import VTT, item, rss
from tests.loopback import Server, loopback
from tests.test_pipeline import FARMS, RunCli, _both, _Contended, _Counted
from tests.tui.conftest import settle

if TYPE_CHECKING:
    from studyterm.analysis.vocab import Analyzer


def _vtt_item(server: Server, guid: str, title: str, words: str) -> str:
    """An item with a WebVTT transcript served at /t/GUID.vtt, its text made its own by `words`."""
    server.serve(f"/t/{guid}.vtt", VTT.replace("renewable energy", words), content_type="text/vtt")
    return item(guid, title, transcripts=f'<podcast:transcript url="/t/{guid}.vtt" type="text/vtt"/>')


def _two_feeds(server: Server, library: Path) -> str:
    """Subscribe to `good` (Good News) and `bad` (Bad News), one episode each; then the good one
    gets a new episode and the bad one turns into a feed cut off half-way. Its URL."""
    good = server.serve("/good.xml", rss(_vtt_item(server, "a", "Solar power", "solar"), title="Good News"))
    bad = server.serve("/bad.xml", rss(_vtt_item(server, "x", "Coal", "coal"), title="Bad News"))
    with Store.open(library) as store:
        add_feed(store, good, "good")
        add_feed(store, bad, "bad")
    server.serve(
        "/good.xml",
        rss(_vtt_item(server, "b", "Wind farms", "wind farms"), item("a", "Solar power"), title="Good News"),
    )
    server.serve("/bad.xml", "<rss><channel><title>Bad News</title><item><title>cu")
    return bad


def _spy_on_update(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """The real `update_feeds`, noting for each call whether it ran on the main thread (the
    study app's UI thread under Pilot)."""
    calls: list[bool] = []
    real = pipeline_feeds.update_feeds

    def update(*args: Any, **kwargs: Any) -> list[FeedReport]:
        calls.append(threading.current_thread() is threading.main_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline_feeds, "update_feeds", update)
    return calls


def test_an_update_goes_on_past_feeds_and_items_that_fail(library: Path, analyzer: Analyzer) -> None:
    with loopback() as server:
        bad = _two_feeds(server, library)
        # a third feed that now trickles (minutes for the whole), and on the good one, besides
        # the new episode, one whose transcript is gone and one linking where a feed may not
        slow = server.serve("/slow.xml", rss(_vtt_item(server, "s", "Slow", "tides"), title="Slow News"))
        with Store.open(library) as store:
            add_feed(store, slow, "slow")
        server.serve("/slow.xml", rss(*(item(f"s{i}", "Slow") for i in range(20))), delay=0.2)
        server.serve(
            "/good.xml",
            rss(
                _vtt_item(server, "b", "Wind farms", "wind farms"),
                item("c", "Gone", transcripts='<podcast:transcript url="/t/gone.vtt" type="text/vtt"/>'),
                item(
                    "d", "Elsewhere", transcripts='<podcast:transcript url="ftp://x/d.vtt" type="text/vtt"/>'
                ),
                item("a", "Solar power"),
                title="Good News",
            ),
        )
        heard: list[str] = []
        done: list[FeedReport] = []
        with Store.open(library) as store:
            before = {f.name: store.feed_items(f.id) for f in store.feeds()}
            reports = update_feeds(
                store,
                limits=Limits(deadline=1.0, read_timeout=1.0),
                listener=FeedListener(item=heard.append, done=done.append),
            )
            assert done == reports
            assert [r.feed.name for r in reports] == ["bad", "good", "slow"]
            broken, good, slowed = reports
            assert len(broken.problems) == 1 and broken.problems[0].startswith(f"bad: {bad}: ")
            assert "not well-formed" in broken.problems[0] and broken.summary == "not updated"
            assert len(slowed.problems) == 1 and slowed.problems[0].startswith(f"slow: {slow}: ")
            assert "too slow" in slowed.problems[0]
            assert good.summary == "1 imported, 2 failed"
            assert heard == ["[1/3] Wind farms: imported", "[2/3] Gone: failed", "[3/3] Elsewhere: failed"]
            gone, elsewhere = good.problems
            assert gone.startswith("good: Gone: ") and "/t/gone.vtt" in gone and "404" in gone
            assert elsewhere.startswith("good: Elsewhere: ") and "ftp://x/d.vtt" in elsewhere
            assert all("\n" not in line for r in reports for line in r.problems)
            assert sorted(e.title for e in store.episodes()) == ["Coal", "Slow", "Solar power", "Wind farms"]
            after = {f.name: store.feed_items(f.id) for f in store.feeds()}
            # the failing feeds as they were; the failed items left for the next update
            assert after["bad"] == before["bad"] and after["slow"] == before["slow"]
            assert set(after["good"]) == {"a", "b"}

            # the publisher puts the transcript back: the next update imports it, and only it
            server.serve("/t/gone.vtt", VTT.replace("renewable energy", "hydropower"))
            again = update_feeds(store, ["good"])
            assert [r.summary for r in again] == ["1 imported, 1 failed"]
            assert set(store.feed_items(store.feed("good").id)) == {"a", "b", "c"}


def test_a_feed_update_and_the_reader_take_turns_at_spacy(
    library: Path, analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A feed's new episode analysed while the reader opens an episode whose analysis is
    missing, in two threads: spaCy runs one at a time (`pipeline.ANALYSIS_LOCK`)."""
    with loopback() as server:
        _two_feeds(server, library)
        with Store.open(library) as store:
            store.add_episode(FARMS, None)  # in the library, not analysed
        watched = _Contended()
        monkeypatch.setattr(pipeline, "ANALYSIS_LOCK", watched)
        counted = _Counted(analyzer.nlp, watched)
        monkeypatch.setattr(analyzer.nlp, "pipe", counted.pipe)

        def update() -> object:
            with Store.open(library) as store:
                return update_feeds(store, ["good"])

        def open_in_reader() -> object:
            with Store.open(library) as store:
                return pipeline.analyse(store, store.episode(FARMS.id))

        updated, opened = _both(update, open_in_reader)
    assert isinstance(updated, list) and [r.summary for r in updated] == ["1 imported"]
    assert isinstance(opened, Analysis)
    assert len(counted.threads) == 2 and counted.most == 1 and watched.waited.is_set()


def _errors(result: Any) -> list[str]:
    return [
        line.removeprefix("studyterm: ") for line in result.err.splitlines() if line.startswith("studyterm:")
    ]


@pytest.mark.asyncio
async def test_the_command_and_the_library_key_run_the_same_update(
    library: Path, run_cli: RunCli, analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _spy_on_update(monkeypatch)
    with loopback() as server:
        bad = _two_feeds(server, library)
        with Store.open(library) as store:
            app = make_app(store, level="5000")
            async with app.run_test(size=(120, 40)) as pilot:
                await settle(pilot)
                await pilot.press("U")
                await settle(pilot)
                notices = [(str(n.message), n.severity) for n in app._notifications]
            assert calls == [False]  # the pipeline ran, in a worker: never on the UI thread
            assert ("[1/1] Wind farms: imported", "information") in notices
            assert ("Good News: 1 imported", "information") in notices
            app_errors = [text for text, severity in notices if severity == "error"]
            assert len(app_errors) == 1 and app_errors[0].startswith(f"bad: {bad}: ")
            assert sorted(e.title for e in store.episodes()) == ["Coal", "Solar power", "Wind farms"]

        # the command line, on the next new episode: the same pipeline, the same error line
        server.serve(
            "/good.xml",
            rss(_vtt_item(server, "c", "Tidal power", "tides"), item("b", "Wind farms"), title="Good News"),
        )
        result = run_cli("feed", "update")
        assert calls == [False, True]
        assert result.code == 1
        assert result.out.splitlines() == ["bad: not updated", "good: 1 imported"]
        assert "[1/1] Tidal power: imported" in result.err
        assert _errors(result) == app_errors
        assert "Traceback" not in result.err


def test_updating_one_feed_by_name_and_a_name_unknown(
    library: Path, run_cli: RunCli, analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _spy_on_update(monkeypatch)
    with loopback() as server:
        bad = _two_feeds(server, library)
        hits = len(server.hits)
        one = run_cli("feed", "update", "bad")
        assert one.code == 1 and one.out.splitlines() == ["bad: not updated"]
        assert len(_errors(one)) == 1 and _errors(one)[0].startswith(f"bad: {bad}: ")
        unknown = run_cli("feed", "update", "nosuch")
        assert unknown.code == 1 and _errors(unknown) == [
            "no feed named 'nosuch' (see `studyterm feed list`)"
        ]
        assert [p for p, _ in server.hits[hits:]] == ["/bad.xml"]  # nothing fetched for "nosuch"
    assert calls == [True, True]


@pytest.mark.asyncio
async def test_a_second_update_key_waits_for_the_first(library: Path, analyzer: Analyzer) -> None:
    """`U` pressed again while an update runs (held here at its analysis: spaCy is busy) is told
    to wait, instead of fetching and importing the same episodes a second time."""
    with loopback() as server:
        _two_feeds(server, library)
        with Store.open(library) as store:
            app = make_app(store, level="5000")
            async with app.run_test(size=(120, 40)) as pilot:
                await settle(pilot)
                hits = len(server.hits)
                with pipeline.ANALYSIS_LOCK:
                    await pilot.press("U")
                    await pilot.pause()
                    await pilot.press("U")
                    await pilot.pause()
                await settle(pilot)
                notices = [str(n.message) for n in app._notifications]
            assert "The feeds are being updated: wait until that is done" in notices
            assert sorted(p for p, _ in server.hits[hits:]) == ["/bad.xml", "/good.xml", "/t/b.vtt"]
            assert sum("Wind farms" in n for n in notices) == 1
            assert sorted(e.title for e in store.episodes()) == ["Coal", "Solar power", "Wind farms"]
