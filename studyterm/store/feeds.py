"""The library's feeds: subscriptions and the items already handled (a mixin of `Store`).

An item is recorded in the same transaction as the episode imported from it, so a kill between
the two never leaves an episode the feed would import again, nor an item marked imported
without its episode.
"""

from __future__ import annotations

import re
import sqlite3
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from studyterm.errors import NotFoundError, UsageError

if TYPE_CHECKING:
    from studyterm.model import Analysis, Episode

__all__ = ["FeedItemRecord", "FeedRow", "FeedStore", "feed_name"]


@dataclass(frozen=True)
class FeedRow:
    id: int
    name: str
    source: str
    title: str
    added_at: str
    updated_at: str | None


@dataclass(frozen=True)
class FeedItemRecord:
    """An item as the library remembers it."""

    guid: str
    title: str
    published: date | None
    state: str  # 'imported' or 'no transcript'
    episode_id: str | None = None
    transcript_url: str | None = None
    audio_url: str | None = None
    audio_type: str | None = None
    audio_length: int | None = None


_FEED_COLUMNS = "id, name, source, title, added_at, updated_at"


def feed_name(title: str) -> str:
    """A short name for a feed from its title: lower case words joined by hyphens."""
    words = re.findall(r"[\w]+", title.lower())
    return "-".join(words)[:40].strip("-") or "feed"


class FeedStore:
    """Feed queries; `Store` provides `_db` and `_tx`."""

    _db: sqlite3.Connection

    if TYPE_CHECKING:

        def _tx(self) -> AbstractContextManager[sqlite3.Connection]: ...

        def _add_episode(
            self, db: sqlite3.Connection, episode: Episode, analysis: Analysis | None
        ) -> bool: ...

    def feeds(self) -> list[FeedRow]:
        rows = self._db.execute(f"SELECT {_FEED_COLUMNS} FROM feeds ORDER BY name").fetchall()
        return [FeedRow(*r) for r in rows]

    def feed(self, name: str) -> FeedRow:
        row = self._db.execute(f"SELECT {_FEED_COLUMNS} FROM feeds WHERE name = ?", (name,)).fetchone()
        if row is None:
            raise NotFoundError(f"no feed named {name!r} (see `studyterm feed list`)")
        return FeedRow(*row)

    def feed_by_source(self, source: str) -> FeedRow | None:
        row = self._db.execute(f"SELECT {_FEED_COLUMNS} FROM feeds WHERE source = ?", (source,)).fetchone()
        return None if row is None else FeedRow(*row)

    def add_feed(self, name: str, source: str, title: str) -> FeedRow:
        with self._tx() as db:
            if db.execute("SELECT 1 FROM feeds WHERE name = ?", (name,)).fetchone():
                raise UsageError(f"a feed named {name!r} exists already (choose another --name)")
            db.execute("INSERT INTO feeds (name, source, title) VALUES (?, ?, ?)", (name, source, title))
        return self.feed(name)

    def remove_feed(self, name: str) -> None:
        """Forget a feed and its items; the episodes imported from it stay in the library."""
        feed = self.feed(name)
        with self._tx() as db:
            db.execute("DELETE FROM feeds WHERE id = ?", (feed.id,))

    def feed_items(self, feed_id: int) -> dict[str, FeedItemRecord]:
        rows = self._db.execute(
            "SELECT guid, title, published, state, episode_id, transcript_url, audio_url,"
            " audio_type, audio_length FROM feed_items WHERE feed_id = ?"
            " ORDER BY published DESC, seen_at DESC",
            (feed_id,),
        ).fetchall()
        return {
            r[0]: FeedItemRecord(r[0], r[1], date.fromisoformat(r[2]) if r[2] else None, *r[3:]) for r in rows
        }

    def feed_item_for_episode(self, episode_id: str) -> FeedItemRecord | None:
        """The feed item an episode was imported from (its audio link), if any."""
        row = self._db.execute(
            "SELECT guid, title, published, state, episode_id, transcript_url, audio_url,"
            " audio_type, audio_length FROM feed_items WHERE episode_id = ?"
            " ORDER BY seen_at DESC LIMIT 1",
            (episode_id,),
        ).fetchone()
        if row is None:
            return None
        return FeedItemRecord(row[0], row[1], date.fromisoformat(row[2]) if row[2] else None, *row[3:])

    def record_feed_item(
        self,
        feed_id: int,
        item: FeedItemRecord,
        episode: Episode | None = None,
        analysis: Analysis | None = None,
    ) -> bool:
        """Record an item (and store its episode) in one transaction. True when the episode
        was new to the library."""
        with self._tx() as db:
            added = False
            if episode is not None:
                added = self._add_episode(db, episode, analysis)
            db.execute(
                "INSERT OR REPLACE INTO feed_items (feed_id, guid, title, published, state,"
                " episode_id, transcript_url, audio_url, audio_type, audio_length)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    feed_id,
                    item.guid,
                    item.title,
                    item.published.isoformat() if item.published else None,
                    item.state,
                    item.episode_id,
                    item.transcript_url,
                    item.audio_url,
                    item.audio_type,
                    item.audio_length,
                ),
            )
        return added

    def touch_feed(self, feed_id: int, title: str) -> None:
        with self._tx() as db:
            db.execute(
                "UPDATE feeds SET title = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?",
                (title, feed_id),
            )
