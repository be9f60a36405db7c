"""The library: one SQLite file holding episodes, cached analyses, word statuses and settings.

WAL mode; every write is one transaction (`with self._tx():`), so a crash mid-way leaves the
previous state. The schema is versioned by numbered SQL migrations shipped as package data and
recorded in `schema_migrations`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

from studyterm.errors import LibraryError, NotFoundError, StudytermError
from studyterm.model import STATUSES, Analysis, Episode
from studyterm.store.analyses import AnalysisStore, read_analysis
from studyterm.store.anki_notes import AnkiNoteStore
from studyterm.store.audio import AudioStore
from studyterm.store.connection import LibraryConnection, connect
from studyterm.store.dictionaries import IMPORT_CACHE_KIB, DictionaryStore
from studyterm.store.encoded import EncodedAnalysis, encode_analysis, write_encoded
from studyterm.store.feeds import FeedStore
from studyterm.store.paths import DB_NAME, library_dir, remember_library
from studyterm.store.reviews import KEEP_STAGE, ReviewStore
from studyterm.store.word_lists import ListStore, SenseTally
from studyterm.store.word_table import WordTableStore, Written

__all__ = ["EpisodeRow", "ReadingState", "Store"]


@dataclass(frozen=True)
class EpisodeRow:
    id: str
    title: str
    podcast: str | None
    published: date | None
    format: str
    source: str | None
    content_hash: str
    imported_at: str


@dataclass(frozen=True)
class ReadingState:
    """Where the learner stopped in an episode: the top of the view and the selected occurrence,
    as (segment, character offset) positions so they survive a change of terminal width."""

    top_segment: int = 0
    top_offset: int = 0
    selected: tuple[int, int, int] | None = None  # (segment, start, end) of the selected word
    read: tuple[int, int] = (0, 0)  # the furthest (segment, offset) seen at the view's bottom
    opened_at: str | None = None  # when the episode was last opened (UTC, ISO), None: never


class Store(
    DictionaryStore,
    AnkiNoteStore,
    FeedStore,
    AudioStore,
    ReviewStore,
    WordTableStore,
    ListStore,
    AnalysisStore,
):
    """Typed queries over the library database. One Store per thread (sqlite3 rule).

    Dictionary queries (imported ECDICT, StarDict, TSV) come from `DictionaryStore`; what the
    Anki exports put in each note from `AnkiNoteStore`; feeds from `FeedStore`; audio and
    sentence times from `AudioStore`; review cards and the review log from `ReviewStore`; the
    word table the library-wide views read instead of whole analyses from `WordTableStore`;
    analyses in parts from `AnalysisStore` (`store.analyses`).
    """

    _db: LibraryConnection

    def __init__(self, path: str | Path, timeout: float = 10.0) -> None:
        """Open (creating or upgrading) the library at `path`; wait up to `timeout` seconds for
        another process's write lock before a write fails with LibraryBusyError."""
        self.path = Path(path)
        remember_library(self.path)  # no export may be written over its files
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = connect(self.path, timeout)
        except sqlite3.Error as exc:
            raise StudytermError(f"cannot open the library: {exc}", path=self.path) from exc
        except OSError as exc:
            raise StudytermError(f"cannot create the library: {exc.strerror}", path=self.path) from exc
        try:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except LibraryError as exc:
            self._db.close()
            if "damaged" in exc.message:
                raise self._diagnose() from exc
            raise
        except sqlite3.DatabaseError as exc:
            self._db.close()
            raise StudytermError(f"cannot open the library: {exc}", path=self.path) from exc

    def _diagnose(self) -> LibraryError:
        """Why a library failed to open as damaged: SQLite's integrity check, in one line."""
        detail = "database disk image is malformed"
        try:
            uri = self.path.resolve().as_uri() + "?mode=ro"  # read only: nothing is changed
            with closing(sqlite3.connect(uri, uri=True, timeout=1)) as db:
                rows = db.execute("PRAGMA integrity_check(3)").fetchall()
            problems = [str(r[0]) for r in rows if r[0] != "ok"]
            if problems:
                detail = "; ".join(problems)
        except sqlite3.Error as exc:
            detail = str(exc)
        return LibraryError(
            f"the library is damaged ({detail}): studyterm will not write to "
            "it; move it aside or restore a backup",
            path=self.path,
        )

    def set_busy_timeout(self, seconds: float) -> None:
        """How long a write waits for another process's write lock before LibraryBusyError."""
        self._db.execute(f"PRAGMA busy_timeout = {max(0, int(seconds * 1000))}")

    @classmethod
    def open(cls, directory: str | Path | None = None) -> Store:
        """The library in `directory` (or $STUDYTERM_HOME, or the user data dir)."""
        return cls(library_dir(directory) / DB_NAME)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it, or (on any error, or a kill) none of it."""
        if self._db.damaged is not None:
            raise self._db.damaged
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
            self._db.execute("COMMIT")
        except BaseException:
            # SQLite may have rolled back already (a full disk does): then there is nothing to
            # undo, and a second error must not hide the first
            if self._db.in_transaction:
                with suppress(sqlite3.Error, LibraryError):
                    self._db.execute("ROLLBACK")
            raise

    # -- schema -------------------------------------------------------------------------

    def _migrate(self) -> None:
        """Apply the migrations this library lacks, in one write transaction that reads the
        applied versions itself: two processes opening a new library at once cannot both apply
        them. A library made by a newer studyterm is refused, not changed."""
        files = {
            int(f.name.split("_", 1)[0]): f
            for f in resources.files("studyterm.store.migrations").iterdir()
            if f.name.endswith(".sql")
        }
        if self._applied() == set(files):
            return  # the usual case: no write, no lock
        with self._tx() as db:
            db.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations ("
                " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
                " applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))"
            )
            done = self._applied()
            if done - set(files):
                raise LibraryError(
                    f"this library was made by a newer studyterm (schema {max(done)}; this one "
                    f"knows up to {max(files)}): upgrade studyterm to open it",
                    path=self.path,
                )
            for version in sorted(set(files) - done):
                f = files[version]
                for statement in f.read_text(encoding="utf-8").split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", (version, f.name))

    def _applied(self) -> set[int]:
        """The migrations recorded in the library (none when it is new)."""
        exists = self._db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
        ).fetchone()
        if not exists:
            return set()
        return {int(row[0]) for row in self._db.execute("SELECT version FROM schema_migrations")}

    @property
    def schema_version(self) -> int:
        row = self._db.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
        return int(row[0] or 0)

    # -- episodes -----------------------------------------------------------------------

    def add_episode(self, episode: Episode, analysis: Analysis | None = None) -> bool:
        """Store an episode (and its analysis) in one transaction. False if it was already there."""
        return self.add_episodes([(episode, analysis)])[0]

    def add_episodes(
        self,
        pairs: Sequence[tuple[Episode, Analysis | EncodedAnalysis | None]],
        senses: SenseTally | None = None,
    ) -> list[bool]:
        """Store several episodes (and their analyses) in one transaction: all or none.
        For each, False if it was already there. `senses` counts the senses of the items'
        occurrences for word lists (`list_rows`). An analysis may come encoded already
        (`store.encoded`: by the process that made it): the transaction then only writes."""
        added = []
        with self._db.page_cache(IMPORT_CACHE_KIB), self._tx() as db:
            written = Written()  # of this transaction
            for episode, analysis in pairs:
                added.append(self._add_episode(db, episode, analysis, senses, written))
        return added

    def _add_episode(
        self,
        db: sqlite3.Connection,
        episode: Episode,
        analysis: Analysis | EncodedAnalysis | None,
        senses: SenseTally | None = None,
        written: Written | None = None,
    ) -> bool:
        exists = db.execute("SELECT 1 FROM episodes WHERE id = ?", (episode.id,)).fetchone()
        if not exists:
            db.execute(
                "INSERT INTO episodes (id, content_hash, title, podcast, published, format,"
                " source, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    episode.id,
                    episode.content_hash,
                    episode.title,
                    episode.podcast,
                    episode.published.isoformat() if episode.published else None,
                    episode.format,
                    episode.source,
                    episode.to_json(),
                ),
            )
        if analysis is not None:
            self._put_analysis(db, analysis, senses, written)
        return not exists

    def episodes(self) -> list[EpisodeRow]:
        rows = self._db.execute(
            "SELECT id, title, podcast, published, format, source, content_hash, imported_at"
            " FROM episodes ORDER BY imported_at, title"
        ).fetchall()
        return [_row(r) for r in rows]

    def episode(self, episode_id: str) -> Episode:
        row = self._db.execute(
            "SELECT data, content_hash FROM episodes WHERE id = ?", (episode_id,)
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no episode {episode_id!r} in the library")
        # the hash stored beside it: hashing a huge transcript again took a tenth of a second
        return Episode.from_dict(json.loads(row[0]), content_hash=str(row[1]))

    def episode_outline(self, episode_id: str) -> Episode:
        """The episode without its text: its title, podcast, date, source, id and each
        segment's times, every segment's text empty. What a card's source line needs of the
        episode its example comes from (the time of the example's segment), read in SQL: a deck
        of a whole archive would otherwise decode every transcript."""
        row = self._db.execute(
            "SELECT title, podcast, published, source, format, content_hash FROM episodes WHERE id = ?",
            (episode_id,),
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no episode {episode_id!r} in the library")
        times = self._db.execute(
            "SELECT json_extract(s.value, '$.start'), json_extract(s.value, '$.end') FROM episodes e,"
            " json_each(e.data, '$.segments') s WHERE e.id = ? ORDER BY s.key",
            (episode_id,),
        ).fetchall()
        title, podcast, published, source, fmt, content_hash = row
        data = {
            "title": title,
            "podcast": podcast,
            "published": published,
            "source": source,
            "format": fmt,
            "segments": [{"text": "", "start": start, "end": end} for start, end in times],
        }
        return Episode.from_dict(data, content_hash=str(content_hash))

    def find_episode(self, ref: str) -> str:
        """Resolve an id, an id prefix or a unique piece of a title to an episode id."""
        ref = ref.strip()
        rows = self._db.execute("SELECT id FROM episodes WHERE id = ?", (ref,)).fetchall()
        if not rows and ref:
            rows = self._db.execute(
                "SELECT id FROM episodes WHERE id LIKE ? ESCAPE '\\'", (_like_prefix(ref),)
            ).fetchall()
        if not rows and ref:
            rows = self._db.execute(
                "SELECT id FROM episodes WHERE title LIKE ? ESCAPE '\\'",
                ("%" + _like_escape(ref) + "%",),
            ).fetchall()
        if not rows:
            raise NotFoundError(f"no episode matches {ref!r} (see `studyterm list`)")
        if len(rows) > 1:
            ids = [str(r[0]) for r in rows]
            names = [
                f"{i} " + self._db.execute("SELECT title FROM episodes WHERE id = ?", (i,)).fetchone()[0]
                for i in ids[:3]
            ]
            more = ", …" if len(ids) > 3 else ""
            raise NotFoundError(
                f"{ref!r} matches {len(ids)} episodes ({', '.join(names)}{more}); "
                "give more of the id or title"
            )
        return str(rows[0][0])

    def delete_episode(self, episode_id: str) -> None:
        with self._tx() as db:
            row = db.execute("SELECT content_hash FROM episodes WHERE id = ?", (episode_id,)).fetchone()
            if row is None:
                raise NotFoundError(f"no episode {episode_id!r} in the library")
            db.execute("DELETE FROM episodes WHERE id = ?", (episode_id,))
            db.execute("DELETE FROM analyses WHERE content_hash = ?", (row[0],))
            db.execute("DELETE FROM analysis_figures WHERE content_hash = ?", (row[0],))
            db.execute("DELETE FROM lexemes WHERE id NOT IN (SELECT lexeme FROM analysis_list)")

    # -- analyses -----------------------------------------------------------------------

    def analysis(
        self, content_hash: str, version: str, positions: Sequence[int] | None = None
    ) -> Analysis | None:
        """The cached analysis (its items' occurrences made when first read), or None; with
        `positions`, only those items (see `read_analysis`)."""
        return read_analysis(self._db, content_hash, version, positions)

    def put_analysis(self, analysis: Analysis, senses: SenseTally | None = None) -> None:
        with self._tx() as db:
            self._put_analysis(db, analysis, senses)

    def put_analyses(self, analyses: Sequence[Analysis], senses: SenseTally | None = None) -> None:
        """Store analyses with their word and list rows (one transaction): those stored before
        the word table, the list rows or the parts are rewritten so."""
        with self._db.page_cache(IMPORT_CACHE_KIB), self._tx() as db:
            written = Written()  # of this transaction
            for analysis in analyses:
                self._put_analysis(db, analysis, senses, written)

    @staticmethod
    def _put_analysis(
        db: sqlite3.Connection,
        analysis: Analysis | EncodedAnalysis,
        senses: SenseTally | None = None,
        written: Written | None = None,
    ) -> None:
        # the word table and the list rows go with it, in the same transaction
        encoded = analysis if isinstance(analysis, EncodedAnalysis) else encode_analysis(analysis, senses)
        write_encoded(db, encoded, written)

    # -- the learner --------------------------------------------------------------------

    def statuses(self) -> dict[str, str]:
        return dict(self._db.execute("SELECT lemma, status FROM word_status").fetchall())

    def set_statuses(self, lemmas: list[str], status: str) -> None:
        """Set one status for several words at once (one transaction)."""
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}")
        with self._tx() as db:
            db.executemany(
                "INSERT INTO word_status (lemma, status) VALUES (?, ?) ON CONFLICT(lemma) DO"
                " UPDATE SET status = excluded.status, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),"
                f" {KEEP_STAGE}",
                [(lemma.lower(), status) for lemma in lemmas],
            )
            # the learner's own word now: no longer one that review made known (a review card
            # keeps its history for when the word is marked learning again)
            db.executemany(
                "UPDATE review_cards SET graduated = 0 WHERE lemma = ?",
                [(lemma.lower(),) for lemma in lemmas],
            )

    _STATE_COLUMNS = (
        "top_segment, top_offset, selected_segment, selected_start, selected_end,"
        " read_segment, read_offset, opened_at"
    )

    def reading_state(self, episode_id: str) -> ReadingState | None:
        """Where the study app left this episode, or None if it was never opened there."""
        row = self._db.execute(
            f"SELECT {self._STATE_COLUMNS} FROM reading_state WHERE episode_id = ?",
            (episode_id,),
        ).fetchone()
        return None if row is None else _state(row)

    def reading_states(self) -> dict[str, tuple[ReadingState, str]]:
        """Every episode's reading state and when (ISO UTC) it was last kept."""
        rows = self._db.execute(
            f"SELECT episode_id, {self._STATE_COLUMNS}, updated_at FROM reading_state"
        ).fetchall()
        # last opened when the reader said so (opened_at), else when it last kept its place
        return {str(r[0]): (_state(r[1:9]), str(r[8] or r[9])) for r in rows}

    def set_reading_state(self, episode_id: str, state: ReadingState) -> None:
        """Remember where the study app is in an episode (one transaction); the furthest point
        read only ever moves forward."""
        sel = state.selected or (None, None, None)
        with self._tx() as db:
            db.execute(
                "INSERT INTO reading_state (episode_id, top_segment, top_offset, selected_segment,"
                " selected_start, selected_end, read_segment, read_offset, opened_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(episode_id)"
                " DO UPDATE SET top_segment = excluded.top_segment, top_offset = excluded.top_offset,"
                " selected_segment = excluded.selected_segment,"
                " selected_start = excluded.selected_start, selected_end = excluded.selected_end,"
                " read_segment = CASE WHEN (excluded.read_segment, excluded.read_offset)"
                "   > (read_segment, read_offset) THEN excluded.read_segment ELSE read_segment END,"
                " read_offset = CASE WHEN (excluded.read_segment, excluded.read_offset)"
                "   > (read_segment, read_offset) THEN excluded.read_offset ELSE read_offset END,"
                " opened_at = COALESCE(excluded.opened_at, opened_at),"
                " updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
                (episode_id, state.top_segment, state.top_offset, *sel, *state.read, state.opened_at),
            )

    def setting(self, key: str, default: str | None = None) -> str | None:
        row = self._db.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return default if row is None else str(row[0])

    def set_setting(self, key: str, value: str) -> None:
        with self._tx() as db:
            db.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", (key, value))


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _like_prefix(text: str) -> str:
    return _like_escape(text) + "%"


def _state(r: tuple) -> ReadingState:  # type: ignore[type-arg]
    selected = None if r[2] is None else (int(r[2]), int(r[3]), int(r[4]))
    return ReadingState(
        int(r[0]), int(r[1]), selected, (int(r[5]), int(r[6])), None if r[7] is None else str(r[7])
    )


def _row(r: tuple) -> EpisodeRow:  # type: ignore[type-arg]
    return EpisodeRow(
        id=r[0],
        title=r[1],
        podcast=r[2],
        published=date.fromisoformat(r[3]) if r[3] else None,
        format=r[4],
        source=r[5],
        content_hash=r[6],
        imported_at=r[7],
    )
