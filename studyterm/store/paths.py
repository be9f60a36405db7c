"""Where the library lives: --library DIR, else $STUDYTERM_HOME, else the user data dir.

Also which files are the library's own: exports must never be written over them, whichever
name or link the user gives (`owner_of`).
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["DB_NAME", "DOWNLOADS", "library_dir", "owned_files", "owner_of", "remember_library"]

DB_NAME = "library.sqlite3"
DOWNLOADS = "downloads"  # the folder beside the database that `dict install` downloads into
# SQLite's companions of the database file: the write-ahead log, its index, a rollback journal
_COMPANIONS = ("-wal", "-shm", "-journal")

_opened: set[Path] = set()  # the real paths of the library databases this process opened


def library_dir(override: str | Path | None = None) -> Path:
    if override:
        return Path(override).expanduser()
    env = os.environ.get("STUDYTERM_HOME")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("studyterm", appauthor=False))


def owned_files(db: Path) -> tuple[Path, ...]:
    """The database and its SQLite companions (whether they exist now or not)."""
    return (db, *(db.with_name(db.name + suffix) for suffix in _COMPANIONS))


def remember_library(db: Path) -> None:
    """Note a library this process opened, so no export goes over its files."""
    _opened.add(Path(os.path.realpath(db)))


def owner_of(target: Path, extra: Path | None = None) -> Path | None:
    """The library database whose file `target` (a real path, links resolved) is, or None.

    A library's files are its database with its companions and anything in its downloads folder;
    a hard link to the database counts too. `extra` is one more library to check besides those
    this process opened.
    """
    libraries = set(_opened)
    if extra is not None:
        libraries.add(Path(os.path.realpath(extra)))
    try:
        st = target.stat()
    except OSError:
        st = None
    for db in libraries:
        if target.is_relative_to(db.parent / DOWNLOADS):
            return db
        for own in owned_files(db):
            if target == own:
                return db
            if st is not None:
                try:
                    o = own.stat()
                except OSError:
                    continue
                if (o.st_dev, o.st_ino) == (st.st_dev, st.st_ino):
                    return db
    return None
