"""What the library says when SQLite cannot do what was asked: one line naming the library file
and the cause, and the library left exactly as it was."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
import time
from contextlib import closing
from importlib import resources
from pathlib import Path

import pytest

from studyterm.errors import LibraryBusyError, LibraryError
from studyterm.model import Analysis, Episode, Segment
from studyterm.store import Store


def _episode(n: int, words: int = 10) -> Episode:
    return Episode(title=f"Talk {n}", segments=[Segment(f"Talk {n}: " + "trade " * words)])


def test_a_locked_library_is_busy_not_an_internal_error(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    Store(path).close()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with Store(path, timeout=0.1) as store, pytest.raises(LibraryBusyError) as info:
            store.set_statuses(["tariff"], "known")
        assert str(info.value).startswith(f"{path}: the library is busy")
    finally:
        other.close()
    with Store(path) as store:
        assert store.statuses() == {}


def test_a_full_disk_says_so(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    with Store(path) as store:
        store.add_episode(_episode(0))
        pages = store._db.execute("PRAGMA page_count").fetchone()[0]
        # SQLite's own limit on the file's size: the same SQLITE_FULL a full disk gives
        store._db.execute(f"PRAGMA max_page_count = {pages + 2}")
        with pytest.raises(LibraryError) as info:
            store.add_episodes([(_episode(n, 5000), None) for n in range(1, 4)])
        message = str(info.value)
        assert "disk is full" in message and "rollback" not in message
        assert [e.title for e in store.episodes()] == ["Talk 0"]


def _damage(path: Path) -> None:
    """Overwrite the pages after the first with noise, as a bad disk or a bad copy does."""
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    for i in range(page, len(data)):
        data[i] = (i * 7919) % 251
    path.write_bytes(bytes(data))


def test_a_damaged_library_is_refused_and_not_written(run_cli, tmp_path: Path, sample_path: Path) -> None:
    lib = tmp_path / "lib"
    with Store.open(lib) as store:
        for n in range(3):
            store.add_episode(_episode(n, 2000))
        store._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db = lib / "library.sqlite3"
    _damage(db)
    digest = hashlib.sha256(db.read_bytes()).hexdigest()
    result = run_cli("--library", str(lib), "import", str(sample_path))
    assert result.code == 1
    [line] = result.err.strip().splitlines()
    assert str(db) in line and "damaged" in line and "internal error" not in line
    assert hashlib.sha256(db.read_bytes()).hexdigest() == digest


def test_a_library_damaged_past_its_first_pages_refuses_writes(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    with Store(path) as store:
        store.add_episode(_episode(0, 30_000))  # overflow pages far into the file
        store._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    # two pages in the middle of the episode's text (not of the schema, whose size varies): of
    # the pages the text fills (its overflow pages), not between its first words and the rest
    full = [n for n in range(len(data) // 4096) if data[n * 4096 : (n + 1) * 4096].count(b"trade ") > 600]
    assert len(full) > 8
    half = full[len(full) // 2] * 4096
    data[half : half + 8192] = bytes(8192)
    path.write_bytes(bytes(data))
    with Store(path) as store:
        with pytest.raises(LibraryError, match="damaged"):
            store.episode(store.episodes()[0].id)
        with pytest.raises(LibraryError, match="damaged"):
            store.set_statuses(["tariff"], "known")  # no write on a damaged file
    assert bytes(path.read_bytes()[half : half + 8192]) == bytes(8192)


def test_a_library_from_a_newer_studyterm_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    Store(path).close()
    with closing(sqlite3.connect(path)) as db, db:
        db.execute("INSERT INTO schema_migrations (version, name) VALUES (9999, '9999_future.sql')")
    with pytest.raises(LibraryError, match="made by a newer studyterm"):
        Store(path)
    with closing(sqlite3.connect(path)) as db:  # and nothing was changed
        assert db.execute("SELECT MAX(version) FROM schema_migrations").fetchone()[0] == 9999


def test_two_first_uses_of_a_new_library_at_once(tmp_path: Path, sample_analysis: Analysis) -> None:
    """The second to get the write lock finds the migrations done (read inside its transaction),
    instead of failing on "table episodes already exists"."""
    path = tmp_path / "library.sqlite3"
    first = sqlite3.connect(path, isolation_level=None)
    first.execute("PRAGMA journal_mode=WAL")
    first.execute("BEGIN IMMEDIATE")  # the first process, applying the migrations
    opened: list[object] = []
    second = threading.Thread(target=lambda: opened.append(_open(path)))
    second.start()
    time.sleep(0.5)  # let the second one read the (empty) library and wait for the lock
    first.execute(
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT"
        " NULL, applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))"
    )
    for f in sorted(resources.files("studyterm.store.migrations").iterdir(), key=lambda f: f.name):
        if f.name.endswith(".sql"):
            for statement in f.read_text(encoding="utf-8").split(";"):
                if statement.strip():
                    first.execute(statement)
            first.execute(
                "INSERT INTO schema_migrations (version, name) VALUES (?, ?)",
                (int(f.name.split("_")[0]), f.name),
            )
    first.execute("COMMIT")
    second.join(30)
    first.close()
    assert len(opened) == 1 and isinstance(opened[0], int), opened


def _open(path: Path) -> object:
    try:
        with Store(path) as store:
            return store.schema_version
    except Exception as exc:  # reported to the test thread
        return exc
