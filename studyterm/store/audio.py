"""The library's audio: each episode's audio file and the time of each sentence in it (a mixin
of `Store`). Attaching replaces the file's row and every sentence time in one transaction."""

from __future__ import annotations

import sqlite3
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING

__all__ = ["AudioRow", "AudioStore", "TimedSentence"]


@dataclass(frozen=True)
class AudioRow:
    episode_id: str
    path: str  # relative to the library folder
    source: str
    added_at: str


@dataclass(frozen=True)
class TimedSentence:
    """A sentence (a span of one segment) and its time in the episode's audio."""

    segment: int
    char_start: int
    char_end: int
    start: float
    end: float
    method: str  # transcript, aligned or estimated


class AudioStore:
    """Audio queries; `Store` provides `_db` and `_tx`."""

    _db: sqlite3.Connection

    if TYPE_CHECKING:

        def _tx(self) -> AbstractContextManager[sqlite3.Connection]: ...

    def audio(self, episode_id: str) -> AudioRow | None:
        row = self._db.execute(
            "SELECT episode_id, path, source, added_at FROM episode_audio WHERE episode_id = ?",
            (episode_id,),
        ).fetchone()
        return None if row is None else AudioRow(*row)

    def sentence_times(self, episode_id: str) -> list[TimedSentence]:
        rows = self._db.execute(
            "SELECT segment, char_start, char_end, start_s, end_s, method FROM sentence_times"
            " WHERE episode_id = ? ORDER BY idx",
            (episode_id,),
        ).fetchall()
        return [TimedSentence(*r) for r in rows]

    def set_audio(self, episode_id: str, path: str, source: str, times: list[TimedSentence]) -> None:
        """Attach an audio file and its sentence times, replacing earlier ones."""
        with self._tx() as db:
            db.execute(
                "INSERT OR REPLACE INTO episode_audio (episode_id, path, source) VALUES (?, ?, ?)",
                (episode_id, path, source),
            )
            db.execute("DELETE FROM sentence_times WHERE episode_id = ?", (episode_id,))
            db.executemany(
                "INSERT INTO sentence_times (episode_id, idx, segment, char_start, char_end,"
                " start_s, end_s, method) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (episode_id, i, t.segment, t.char_start, t.char_end, t.start, t.end, t.method)
                    for i, t in enumerate(times)
                ],
            )
