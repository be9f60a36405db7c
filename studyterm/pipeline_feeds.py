"""The orchestrator's feed part: subscribe to a feed, and update feeds, importing each new item
through the pipeline (its transcript read → analysed under `pipeline.ANALYSIS_LOCK` → stored
with its item in one transaction). `studyterm feed add|update` and the library screen's `F` and
`U` call these two functions and differ only in how they show what they hear (`FeedListener`).

Kept out of `pipeline.py` because it ties `studyterm.feeds` (which reads through
`studyterm.downloads`) to the pipeline: it sits in the layers above both (see pyproject.toml).

What a user relies on, whichever front end runs it:
- a feed that cannot be read is refused by `add_feed` with one line, nothing stored; in
  `update_feeds` it is reported (naming the feed and the cause) and the other feeds go on;
- an item whose transcript cannot be fetched or read is reported and left for the next update;
  the feed's other items are imported;
- no spaCy model stops the whole run with one line (every item would fail the same way);
- every download keeps the `Limits` given: a deadline, a size cap.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field, replace

from studyterm.downloads import Limits, Progress
from studyterm.errors import ModelError, StudytermError
from studyterm.feeds.parse import Feed
from studyterm.feeds.subscribe import (
    item_record,
    item_transcript,
    items_to_import,
    load_feed,
    new_source,
    subscribe,
)
from studyterm.ingest import Extras
from studyterm.model import Analysis, Episode
from studyterm.pipeline import prepare_analysis
from studyterm.store import Store
from studyterm.store.feeds import FeedRow

__all__ = ["FeedListener", "FeedReport", "ItemOutcome", "add_feed", "update_feeds"]


@dataclass(frozen=True)
class ItemOutcome:
    """What became of one item of a feed."""

    title: str
    state: str  # imported, already in the library, no transcript, failed
    episode_id: str | None = None
    message: str | None = None  # why it failed


@dataclass
class FeedReport:
    """What became of one feed: each new item's outcome, or why the feed could not be read."""

    feed: FeedRow
    outcomes: list[ItemOutcome] = field(default_factory=list)
    error: str | None = None  # the feed itself could not be read: nothing of it was imported

    @property
    def failed(self) -> list[ItemOutcome]:
        return [o for o in self.outcomes if o.state == "failed"]

    @property
    def summary(self) -> str:
        """How many items went each way ("2 imported, 1 no transcript"; "no new episodes")."""
        if self.error is not None:
            return "not updated"
        counts: dict[str, int] = {}
        for o in self.outcomes:
            counts[o.state] = counts.get(o.state, 0) + 1
        return ", ".join(f"{n} {state}" for state, n in counts.items()) or "no new episodes"

    @property
    def problems(self) -> list[str]:
        """What went wrong, a line each naming the feed (as `feed update NAME` takes it), the
        item when it was one, and the cause."""
        if self.error is not None:
            return [f"{self.feed.name}: {self.error}"]
        return [f"{self.feed.name}: {o.title}: {o.message or 'failed'}" for o in self.failed]


def _quiet(label: str) -> AbstractContextManager[Progress | None]:
    return nullcontext()


@dataclass(frozen=True)
class FeedListener:
    """What a front end is told while feeds are read. The calls come from the thread running the
    pipeline (a worker's, in the study app)."""

    fetching: Callable[[str], AbstractContextManager[Progress | None]] = _quiet
    """Entered around every download of one feed (the feed and its transcripts), given the
    feed's name (or the source being added); yields a (bytes, total) callback, or None."""
    item: Callable[[str], None] | None = None
    """Each item handled: "[2/5] Trade talks: imported"."""
    done: Callable[[FeedReport], None] | None = None
    """Each feed finished, or refused (`FeedReport.error`)."""


def add_feed(
    store: Store,
    ref: str,
    name: str | None = None,
    limits: Limits | None = None,
    model: str | None = None,
    listener: FeedListener | None = None,
) -> FeedReport:
    """Subscribe to a feed (a URL or a file) and import its items that have a transcript. A feed
    that cannot be read, or that the library follows already, raises a StudytermError before
    anything is stored."""
    listener = listener or FeedListener()
    limits = limits or Limits()
    source = new_source(store, ref)
    with listener.fetching(source) as progress:
        feed = load_feed(source, limits, progress)
        row = subscribe(store, source, feed, name)
        report = _import_items(store, row, feed, limits, model, listener, progress)
    if listener.done is not None:
        listener.done(report)
    return report


def update_feeds(
    store: Store,
    names: Sequence[str] | None = None,
    limits: Limits | None = None,
    model: str | None = None,
    listener: FeedListener | None = None,
) -> list[FeedReport]:
    """Fetch the named feeds (None: every feed, by name) again and import only the items not
    handled before (running it twice imports nothing twice). A name the library does not know
    raises NotFoundError before anything is fetched; a feed that cannot be read gets a report
    with its error, and the others are updated all the same."""
    listener = listener or FeedListener()
    limits = limits or Limits()
    rows = [store.feed(n) for n in names] if names is not None else store.feeds()
    reports = []
    for row in rows:
        with listener.fetching(row.name) as progress:
            try:
                feed = load_feed(row.source, limits, progress)
            except StudytermError as err:
                report = FeedReport(row, error=str(err))
            else:
                report = _import_items(store, row, feed, limits, model, listener, progress)
        reports.append(report)
        if listener.done is not None:
            listener.done(report)
    return reports


def _import_items(
    store: Store,
    row: FeedRow,
    feed: Feed,
    limits: Limits,
    model: str | None,
    listener: FeedListener,
    progress: Progress | None,
) -> FeedReport:
    """Import the feed's new items one by one, each stored with its record in one transaction,
    so an update killed half-way keeps what it finished and the next one carries on."""
    report = FeedReport(row)
    todo = items_to_import(store, row, feed)
    for n, item in enumerate(todo, start=1):
        record = item_record(row, item)
        read: tuple[Episode, Analysis] | None = None
        try:
            where, reader = item_transcript(row.source, item, limits, progress)
            if reader is not None:
                episode = reader(Extras(title=item.title, podcast=feed.title, published=item.published))
                read = episode, prepare_analysis(store, episode, model)
        except ModelError:
            raise  # no spaCy model: every item would fail the same way
        except StudytermError as err:
            outcome = ItemOutcome(item.title, "failed", message=str(err))
        else:
            if read is None:
                store.record_feed_item(row.id, record)
                outcome = ItemOutcome(item.title, "no transcript")
            else:
                episode, analysis = read
                record = replace(record, state="imported", episode_id=episode.id, transcript_url=where)
                added = store.record_feed_item(row.id, record, episode, analysis)
                state = "imported" if added else "already in the library"
                outcome = ItemOutcome(item.title, state, episode.id)
        report.outcomes.append(outcome)
        if listener.item is not None:
            listener.item(f"[{n}/{len(todo)}] {item.title}: {outcome.state}")
    store.touch_feed(row.id, feed.title)
    return report
