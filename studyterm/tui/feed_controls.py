"""The library's feed keys: `F` subscribes to a feed (a URL or a file), `U` updates every feed.
A mixin of `LibraryScreen`, kept apart so the library screen stays about episodes.

Both run in a thread worker with its own Store (fetching and spaCy take seconds); progress comes
back as notifications, one per episode handled, and the table reloads when the work is done.
spaCy runs one analysis at a time in the app (`pipeline.ANALYSIS_LOCK`, taken by the pipeline
around each analysis, not around the downloads: the reader opens episodes meanwhile).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from textual import work
from textual.binding import Binding
from textual.message import Message

from studyterm.errors import StudytermError
from studyterm.tui.render import safe_text
from studyterm.tui.screen_mixin import ScreenMixin

if TYPE_CHECKING:
    from studyterm.feeds.subscribe import FeedReport

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
    """A feed worker finished: a summary line per feed, and the errors."""

    lines: list[str]
    errors: list[str]


class FeedControls(ScreenMixin):
    """Mixed into LibraryScreen: expects `app` (with `store`, `model`, `max_bytes`) and `reload()`."""

    if TYPE_CHECKING:

        def reload(self, select: str | None = None) -> None: ...

    def action_add_feed(self) -> None:
        from studyterm.tui.screens.path_modal import PathModal

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
        self._run_feeds(None)

    @work(thread=True, exclusive=True, group="feeds")
    def _run_feeds(self, source: str | None) -> None:
        """Subscribe to `source`, or update every feed when None."""
        from studyterm.downloads import Limits
        from studyterm.feeds.subscribe import add_feed, update_feed
        from studyterm.store import Store

        app = self.app
        size = getattr(app, "max_bytes", None)  # `--max-size`, as `studyterm feed` uses it
        limits = Limits(max_bytes=size) if size else None

        def tell(line: str) -> None:
            app.call_from_thread(self.notify, safe_text(line), timeout=3, markup=False)

        lines: list[str] = []
        errors: list[str] = []
        with Store(app.store.path) as store:
            jobs: list[Callable[[], FeedReport]]
            if source is not None:
                tell(f"Fetching {source} …")
                jobs = [partial(add_feed, store, source, limits=limits, model=app.model, notify=tell)]
            else:
                names = [f.name for f in store.feeds()]
                if not names:
                    errors.append("No feeds yet: press F to add one")
                jobs = [partial(update_feed, store, n, limits, model=app.model, notify=tell) for n in names]
            for job in jobs:
                try:
                    report = job()
                except StudytermError as err:
                    errors.append(str(err))
                    continue
                errors += report.problems
                lines.append(f"{report.feed.title}: {report.summary}")
        self.post_message(FeedsDone(lines, errors))

    def on_feeds_done(self, message: FeedsDone) -> None:  # by name: `on` needs a Textual class
        for line in message.lines:
            self.notify(safe_text(line), title="Feeds", timeout=6, markup=False)
        for error in message.errors:
            self.notify(safe_text(error), title="Feed problem", severity="error", timeout=10, markup=False)
        self.reload()
