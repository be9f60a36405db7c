"""A feed as the library keeps it: where it is read from, which of its items are new, and where
each item's transcript comes from. The import itself (analysis, one transaction per item, the
loop over feeds) is the orchestrator's: `studyterm.pipeline_feeds`.

An item to import is one the library has not handled, or one recorded without a transcript that
has one now. An item whose transcript cannot be fetched or read is left unrecorded (the next
update tries it again); an item with no transcript at all is recorded as such, never imported
empty.

A feed read from a local file may point at transcripts beside it (relative paths); a feed read
from the network only ever leads to http(s) URLs, never to local files.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import urljoin, urlparse

from studyterm.downloads import Limits, Progress, fetch
from studyterm.errors import InputError, UsageError
from studyterm.feeds.notes import transcript_in_notes
from studyterm.feeds.parse import Feed, FeedItem, parse_feed
from studyterm.feeds.transcripts import best_transcript, episode_from_transcript, kind_of
from studyterm.ingest import Extras, parse_episode
from studyterm.ingest.detect import read_input
from studyterm.model import Episode
from studyterm.store import Store
from studyterm.store.feeds import FeedItemRecord, FeedRow, feed_name

__all__ = [
    "Reader",
    "feed_source",
    "item_record",
    "item_transcript",
    "items_to_import",
    "load_feed",
    "new_source",
    "remove_feed",
    "subscribe",
]

Reader = Callable[[Extras], Episode]
"""Reads an item's transcript (fetching it when it is linked) into an episode with these extras."""


def _is_url(source: str) -> bool:
    return urlparse(source).scheme.lower() in ("http", "https")


def feed_source(ref: str) -> str:
    """A feed source as stored: an http(s) URL, or a local file's absolute path (UsageError for
    another scheme, InputError for a file that is not there)."""
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


def item_transcript(
    feed_source: str, item: FeedItem, limits: Limits, progress: Progress | None = None
) -> tuple[str | None, Reader | None]:
    """(where the item's transcript comes from, a reader of it), or (None, None) without one.
    InputError when its link leads where this feed may not point."""
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


def items_to_import(store: Store, row: FeedRow, feed: Feed) -> list[FeedItem]:
    """The feed's items the library has not handled, and those recorded without a transcript
    that have one now, in the feed's order."""
    seen = store.feed_items(row.id)
    return [
        i
        for i in feed.items
        if i.guid not in seen
        or (seen[i.guid].state == "no transcript" and (i.transcripts or transcript_in_notes(i.notes)))
    ]


def item_record(row: FeedRow, item: FeedItem) -> FeedItemRecord:
    """The item as the library remembers it, before its import: without a transcript, with its
    audio link resolved as `studyterm audio` will fetch it."""
    enclosure = item.enclosure
    return FeedItemRecord(
        guid=item.guid,
        title=item.title,
        published=item.published,
        state="no transcript",
        audio_url=_audio_link(row.source, enclosure.url) if enclosure else None,
        audio_type=enclosure.type if enclosure else None,
        audio_length=enclosure.length if enclosure else None,
    )


def new_source(store: Store, ref: str) -> str:
    """The source of a feed to subscribe to (`feed_source`); UsageError when the library follows
    it already."""
    source = feed_source(ref)
    existing = store.feed_by_source(source)
    if existing is not None:
        raise UsageError(f"already subscribed as {existing.name!r} (`studyterm feed update {existing.name}`)")
    return source


def subscribe(store: Store, source: str, feed: Feed, name: str | None = None) -> FeedRow:
    """Keep a feed already read: under `name`, or a name made from its title (with -2, -3 …
    when that one is taken)."""
    if name is None:
        taken = {f.name for f in store.feeds()}
        base = name = feed_name(feed.title)
        n = 2
        while name in taken:
            name, n = f"{base}-{n}", n + 1
    return store.add_feed(name, source, feed.title)


def remove_feed(store: Store, name: str) -> FeedRow:
    """Unsubscribe; the episodes imported from the feed stay in the library."""
    row = store.feed(name)
    store.remove_feed(name)
    return row
