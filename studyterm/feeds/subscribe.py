"""Subscribing to a podcast feed and importing its new episodes.

`add_feed` reads and checks the feed before anything is stored; `update_feed` fetches it again
and imports only the items the library has not handled. Each item is stored in one transaction
with its episode, so an update killed half-way keeps what it finished and the next one carries
on. An item whose transcript cannot be fetched or read is reported and left unrecorded (the next
update tries it again); an item with no transcript at all is recorded as such, never imported
empty.

A feed read from a local file may point at transcripts beside it (relative paths); a feed read
from the network only ever leads to http(s) URLs, never to local files.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlparse

from studyterm.downloads import Limits, Progress, fetch
from studyterm.errors import InputError, StudytermError, UsageError
from studyterm.feeds.notes import transcript_in_notes
from studyterm.feeds.parse import Feed, FeedItem, parse_feed
from studyterm.feeds.transcripts import best_transcript, episode_from_transcript, kind_of
from studyterm.ingest import Extras, parse_episode
from studyterm.ingest.detect import read_input
from studyterm.model import Episode
from studyterm.pipeline import prepare_analysis
from studyterm.store import Store
from studyterm.store.feeds import FeedItemRecord, FeedRow, feed_name

__all__ = ["FeedReport", "ItemOutcome", "add_feed", "load_feed", "remove_feed", "update_feed"]

Notify = Callable[[str], None]  # a progress line ("[2/5] Trade talks: imported")


@dataclass(frozen=True)
class ItemOutcome:
    title: str
    state: str  # imported, already in the library, no transcript, failed
    episode_id: str | None = None
    message: str | None = None  # why it failed


@dataclass
class FeedReport:
    feed: FeedRow
    outcomes: list[ItemOutcome] = field(default_factory=list)

    @property
    def failed(self) -> list[ItemOutcome]:
        return [o for o in self.outcomes if o.state == "failed"]

    @property
    def summary(self) -> str:
        """How many items went each way ("2 imported, 1 no transcript"; "no new episodes")."""
        counts: dict[str, int] = {}
        for o in self.outcomes:
            counts[o.state] = counts.get(o.state, 0) + 1
        return ", ".join(f"{n} {state}" for state, n in counts.items()) or "no new episodes"

    @property
    def problems(self) -> list[str]:
        """Why each failed item failed, a line each."""
        return [o.message or o.title for o in self.failed]


def _is_url(source: str) -> bool:
    return urlparse(source).scheme.lower() in ("http", "https")


def _source_of(ref: str) -> str:
    """A feed source as stored: an http(s) URL, or a local file's absolute path."""
    if _is_url(ref):
        return ref
    if "://" in ref:
        raise UsageError(f"{ref}: only http(s) URLs and local files can be feeds")
    path = Path(ref).expanduser()
    if not path.is_file():
        raise InputError("no such file", path=ref)
    return str(path.resolve())


def _read(source: str, limits: Limits, progress: Progress | None) -> bytes:
    if _is_url(source):
        return fetch(source, limits, progress)
    return read_input(source, limits.max_bytes)


def load_feed(source: str, limits: Limits | None = None, progress: Progress | None = None) -> Feed:
    """Fetch (or read) and parse a feed; InputError with one line when it is broken."""
    limits = limits or Limits()
    return parse_feed(_read(source, limits, progress), source)


def _link_source(feed_source: str, url: str) -> str:
    """Where a transcript link leads: resolved against the feed; local only for a local feed."""
    if _is_url(feed_source):
        target = urljoin(feed_source, url)
        if not _is_url(target):
            raise InputError("transcript link is not an http(s) URL", path=url)
        return target
    if _is_url(url):
        return url
    if "://" in url:
        parsed = urlparse(url)
        if parsed.scheme != "file":
            raise InputError("transcript link is not a URL or a file", path=url)
        return parsed.path
    return str(Path(feed_source).parent / url)


def _audio_link(feed_source: str, url: str) -> str | None:
    """The enclosure's address as `studyterm audio` will fetch it (None when it leads nowhere
    a feed may point)."""
    try:
        return _link_source(feed_source, url)
    except InputError:
        return None


def _transcript(
    feed_source: str, item: FeedItem, limits: Limits, progress: Progress | None
) -> tuple[str | None, Callable[[Extras], Episode] | None]:
    """(where the transcript comes from, a reader of it), or (None, None) without one."""
    link = best_transcript(item.transcripts)
    if link is not None:
        source = _link_source(feed_source, link.url)
        kind = kind_of(link) or "text"

        def read_link(extras: Extras) -> Episode:
            return episode_from_transcript(_read(source, limits, progress), kind, source, extras)

        return source, read_link
    notes = transcript_in_notes(item.notes)
    if notes is not None:
        origin = f"{feed_source}#{item.guid}"

        def read_notes(extras: Extras) -> Episode:
            episode = parse_episode(notes.encode("utf-8"), f"{origin}.txt", extras)
            episode.source = origin
            return episode

        return origin, read_notes
    return None, None


def _import_items(
    store: Store,
    row: FeedRow,
    feed: Feed,
    limits: Limits,
    model: str | None,
    notify: Notify | None,
    progress: Progress | None,
) -> FeedReport:
    report = FeedReport(row)
    seen = store.feed_items(row.id)
    todo = [
        i
        for i in feed.items
        if i.guid not in seen
        or (seen[i.guid].state == "no transcript" and (i.transcripts or transcript_in_notes(i.notes)))
    ]
    for n, item in enumerate(todo, start=1):
        enclosure = item.enclosure
        record = FeedItemRecord(
            guid=item.guid,
            title=item.title,
            published=item.published,
            state="no transcript",
            audio_url=_audio_link(row.source, enclosure.url) if enclosure else None,
            audio_type=enclosure.type if enclosure else None,
            audio_length=enclosure.length if enclosure else None,
        )
        where, reader = _transcript(row.source, item, limits, progress)
        if reader is None:
            store.record_feed_item(row.id, record)
            outcome = ItemOutcome(item.title, "no transcript")
        else:
            extras = Extras(title=item.title, podcast=feed.title, published=item.published)
            try:
                episode = reader(extras)
                analysis = prepare_analysis(store, episode, model)
            except StudytermError as err:
                outcome = ItemOutcome(item.title, "failed", message=str(err))
            else:
                record = FeedItemRecord(
                    **{
                        **record.__dict__,
                        "state": "imported",
                        "episode_id": episode.id,
                        "transcript_url": where,
                    }
                )
                added = store.record_feed_item(row.id, record, episode, analysis)
                outcome = ItemOutcome(
                    item.title, "imported" if added else "already in the library", episode.id
                )
        report.outcomes.append(outcome)
        if notify is not None:
            notify(f"[{n}/{len(todo)}] {item.title}: {outcome.state}")
    store.touch_feed(row.id, feed.title)
    return report


def add_feed(
    store: Store,
    ref: str,
    name: str | None = None,
    limits: Limits | None = None,
    model: str | None = None,
    notify: Notify | None = None,
    progress: Progress | None = None,
) -> FeedReport:
    """Subscribe to a feed (URL or file) and import its episodes that have transcripts. A feed
    that cannot be read is refused before anything is stored."""
    limits = limits or Limits()
    source = _source_of(ref)
    existing = store.feed_by_source(source)
    if existing is not None:
        raise UsageError(f"already subscribed as {existing.name!r} (`studyterm feed update {existing.name}`)")
    feed = load_feed(source, limits, progress)
    taken = {f.name for f in store.feeds()}
    if name is None:
        base = feed_name(feed.title)
        name = base
        n = 2
        while name in taken:
            name, n = f"{base}-{n}", n + 1
    row = store.add_feed(name, source, feed.title)
    return _import_items(store, row, feed, limits, model, notify, progress)


def update_feed(
    store: Store,
    name: str,
    limits: Limits | None = None,
    model: str | None = None,
    notify: Notify | None = None,
    progress: Progress | None = None,
) -> FeedReport:
    """Fetch a feed again and import only the items not handled before (idempotent)."""
    limits = limits or Limits()
    row = store.feed(name)
    feed = load_feed(row.source, limits, progress)
    return _import_items(store, row, feed, limits, model, notify, progress)


def remove_feed(store: Store, name: str) -> FeedRow:
    """Unsubscribe; the episodes imported from the feed stay in the library."""
    row = store.feed(name)
    store.remove_feed(name)
    return row
