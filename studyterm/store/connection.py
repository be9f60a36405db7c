"""The library's SQLite connection, with SQLite's failures said in the user's words.

SQLite reports a locked database, a full disk or a damaged file as `OperationalError` or
`DatabaseError` with its own wording, from any statement and even from fetching rows. This
connection turns them into `LibraryError`s naming the library file — "busy", "disk full",
"damaged" — and remembers a damaged file, so that no write is attempted on it afterwards.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Self

from studyterm.errors import LibraryBusyError, LibraryError

__all__ = ["LibraryConnection", "connect", "translate"]

_DAMAGED = ("malformed", "not a database", "corrupt", "disk i/o error")


def translate(exc: sqlite3.Error, path: Path) -> LibraryError | None:
    """The user-facing error for an SQLite failure, or None for a programming error."""
    text = str(exc)
    low = text.lower()
    if "locked" in low or "busy" in low:
        return LibraryBusyError(
            "the library is busy: another studyterm is writing to it "
            "(nothing was saved; try again when it has finished)",
            path=path,
        )
    if "full" in low:
        return LibraryError(f"the disk is full ({text}): nothing was saved", path=path)
    if any(word in low for word in _DAMAGED):
        return LibraryError(
            f"the library is damaged ({text}): studyterm will not write to it; "
            "move it aside or restore a backup",
            path=path,
        )
    if "readonly" in low or "read-only" in low:
        return LibraryError("the library is read-only: nothing was saved", path=path)
    if "unable to open" in low:
        return LibraryError(f"cannot open the library ({text})", path=path)
    return None


class _Cursor(sqlite3.Cursor):
    """Rows are fetched step by step: a damaged page can fail a fetch, not only the execute."""

    connection: LibraryConnection

    def _fail(self, exc: sqlite3.Error) -> Exception:
        return self.connection.failure(exc)

    def execute(self, sql: str, parameters: Any = (), /) -> _Cursor:
        try:
            return super().execute(sql, parameters)
        except sqlite3.Error as exc:
            raise self._fail(exc) from exc

    def executemany(self, sql: str, seq_of_parameters: Iterable[Any], /) -> _Cursor:
        try:
            return super().executemany(sql, seq_of_parameters)
        except sqlite3.Error as exc:
            raise self._fail(exc) from exc

    def fetchone(self) -> Any:
        try:
            return super().fetchone()
        except sqlite3.Error as exc:
            raise self._fail(exc) from exc

    def fetchall(self) -> list[Any]:
        try:
            return super().fetchall()
        except sqlite3.Error as exc:
            raise self._fail(exc) from exc

    def __iter__(self) -> Self:
        return self

    def __next__(self) -> Any:
        try:
            return super().__next__()
        except sqlite3.Error as exc:
            raise self._fail(exc) from exc


class LibraryConnection(sqlite3.Connection):
    """A connection whose statements fail with `LibraryError`s (see the module's docstring)."""

    library_path: Path
    damaged: LibraryError | None

    def failure(self, exc: sqlite3.Error) -> Exception:
        """The error to raise for `exc` (itself when it is a programming error)."""
        if isinstance(exc, sqlite3.IntegrityError | sqlite3.ProgrammingError):
            return exc
        err = translate(exc, self.library_path)
        if err is None:
            return exc
        if "damaged" in err.message:
            self.damaged = err
        return err

    def execute(self, sql: str, parameters: Any = (), /) -> _Cursor:
        return self.cursor(_Cursor).execute(sql, parameters)

    def executemany(self, sql: str, seq_of_parameters: Iterable[Any], /) -> _Cursor:
        return self.cursor(_Cursor).executemany(sql, seq_of_parameters)

    @contextmanager
    def page_cache(self, kib: int) -> Iterator[None]:
        """SQLite's page cache at `kib` KiB for a big write, and back to what it was after: with
        the default (2 MiB), a write of tens of megabytes into indexed tables spills pages it
        comes back to."""
        cache = self.execute("PRAGMA cache_size").fetchone()[0]
        self.execute(f"PRAGMA cache_size = {-abs(int(kib))}")
        try:
            yield
        finally:
            self.execute(f"PRAGMA cache_size = {int(cache)}")


def connect(path: Path, timeout: float) -> LibraryConnection:
    """Open the library's database in autocommit mode (transactions are explicit)."""
    db = sqlite3.connect(path, isolation_level=None, timeout=timeout, factory=LibraryConnection)
    assert isinstance(db, LibraryConnection)
    db.library_path = path
    db.damaged = None
    return db
