"""The library's feed keys: `F` subscribes to a feed (a URL or a file), `U` updates every feed.
A mixin of `LibraryScreen`, kept apart so the library screen stays about episodes.

Both call the orchestrator (`pipeline_feeds.add_feed`, `update_feeds`), as `studyterm feed`
does, in a thread worker with its own Store (fetching and spaCy take seconds): never on the UI
thread. Progress comes back as notifications, one per episode handled; each feed's summary or
problems come as it ends, and the table reloads then. spaCy runs one analysis at a time in the
app (`pipeline.ANALYSIS_LOCK`, taken by the pipeline around each analysis, not around the
downloads: the reader opens episodes meanwhile). One feed worker at a time: a second `F` or `U`
meanwhile is told to wait, rather than import the same items twice.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import work
from textual.binding import Binding
from textual.message import Message

from studyterm.errors import StudytermError
from studyterm.tui.render import safe_text
from studyterm.tui.screen_mixin import ScreenMixin

if TYPE_CHECKING:
    from studyterm.pipeline_feeds import FeedReport

__all__ = ["FEED_BINDINGS", "FeedControls"]

FEED_BINDINGS = [
    Binding(
        "F",
        "add_feed",
        "Add feed",
        show=False,
        id="library.feed-add",
        tooltip="Subscribe to a podcast feed (URL or file) and import its episodes",
    ),
    Binding(
        "U",
        "update_feeds",
        "Update feeds",
        show=False,
        id="library.feed-update",
        tooltip="Fetch every feed again and import the new episodes",
    ),
]


@dataclass
class FeedsDone(Message):
    """A feed was handled (or the work could not start): its summary lines, and the errors."""

    lines: list[str]
    errors: list[str]


class FeedControls(ScreenMixin):
    """Mixed into LibraryScreen: expects `app` (with `store`, `model`, `max_bytes`) and `reload()`."""

    if TYPE_CHECKING:

        def reload(self, select: str | None = None) -> None: ...

    def action_add_feed(self) -> None:
        from studyterm.tui.screens.path_modal import PathModal

        if self._feeds_busy():
            return

        def chosen(source: str | None) -> None:
            if source:
                self._run_feeds(source)

        self.app.push_screen(
            PathModal(
                "Add a podcast feed",
                "The feed's URL (RSS or Atom), or a feed file: its episodes with a transcript are "
                "imported, and `U` fetches the new ones later.",
                action="Subscribe",
                suffixes=(".xml", ".rss", ".atom"),
            ),
            chosen,
        )

    def action_update_feeds(self) -> None:
        if not self._feeds_busy():
            self._run_feeds(None)

    def _feeds_busy(self) -> bool:
        """Whether a feed worker is running still (then says so)."""
        busy = any(w.group == "feeds" and not w.is_finished for w in self.app.workers)
        if busy:
            self.notify("The feeds are being updated: wait until that is done", timeout=4)
        return busy

    @work(thread=True, exclusive=True, group="feeds")
    def _run_feeds(self, source: str | None) -> None:
        """Subscribe to `source`, or update every feed when None."""
        from studyterm.downloads import Limits
        from studyterm.pipeline_feeds import FeedListener, add_feed, update_feeds
        from studyterm.store import Store

        app = self.app
        size = getattr(app, "max_bytes", None)  # `--max-size`, as `studyterm feed` uses it
        limits = Limits(max_bytes=size) if size else None

        def tell(line: str) -> None:
            app.call_from_thread(self.notify, safe_text(line), timeout=3, markup=False)

        @contextmanager
        def fetching(feed: str) -> Iterator[None]:
            tell(f"Fetching {feed} …")
            yield None

        def done(report: FeedReport) -> None:
            lines = [] if report.error else [f"{report.feed.title}: {report.summary}"]
            self.post_message(FeedsDone(lines, report.problems))

        listener = FeedListener(fetching, tell, done)
        with Store(app.store.path) as store:
            try:
                if source is not None:
                    add_feed(store, source, limits=limits, model=app.model, listener=listener)
                elif not update_feeds(store, limits=limits, model=app.model, listener=listener):
                    self.post_message(FeedsDone(["No feeds yet: press F to add one"], []))
            except StudytermError as err:  # a feed refused, no spaCy model, a busy library
                self.post_message(FeedsDone([], [str(err)]))

    def on_feeds_done(self, message: FeedsDone) -> None:  # by name: `on` needs a Textual class
        for line in message.lines:
            self.notify(safe_text(line), title="Feeds", timeout=6, markup=False)
        for error in message.errors:
            self.notify(safe_text(error), title="Feed problem", severity="error", timeout=10, markup=False)
        self.reload()
