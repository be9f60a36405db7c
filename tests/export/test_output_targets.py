"""Where `-o` may write: never over the library's own files; through to devices and FIFOs; the
target of a symlink, not the link; stale temporary files of a killed run cleaned up."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import threading
from contextlib import closing
from pathlib import Path

import genanki
import pytest

from studyterm.errors import ExportError
from studyterm.export.anki import write_package
from studyterm.export.files import write_atomic
from tests.export.conftest import Teacher
from tests.processes import run_python


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def lib(teacher: Teacher, tmp_path: Path) -> Path:
    """A private copy of the teachers' library (a test here must not be able to spoil theirs)."""
    copy = tmp_path / "lib"
    shutil.copytree(teacher.library, copy)
    return copy


def _episodes(lib: Path) -> int:
    with closing(sqlite3.connect(lib / "library.sqlite3")) as db:  # closed here, not whenever it is collected
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return int(db.execute("SELECT COUNT(*) FROM episodes").fetchone()[0])


@pytest.mark.parametrize(
    "command",
    [
        ("vocab", "sino-kazakh", "--format", "csv"),
        ("anki", "sino-kazakh"),
        ("profile", "sino-kazakh", "--format", "json"),
        ("worksheet", "sino-kazakh"),
    ],
)
@pytest.mark.parametrize("name", ["library.sqlite3", "library.sqlite3-wal", "library.sqlite3-journal"])
def test_output_over_the_library_is_refused(run_cli, lib: Path, command: tuple[str, ...], name: str) -> None:
    before = _episodes(lib)
    db = lib / "library.sqlite3"
    digest = _digest(db)
    target = lib / name
    if command[0] == "worksheet":
        # the worksheet picks its format by extension: reach the database through a link
        target = lib.parent / "sheet.html"
        target.symlink_to(lib / name)
    result = run_cli("--library", str(lib), *command, "-o", str(target))
    assert result.code == 1, result.err
    assert "library" in result.err and len(result.err.strip().splitlines()) == 1
    assert _digest(db) == digest
    assert _episodes(lib) == before


def test_a_link_to_the_library_is_refused_too(run_cli, lib: Path, tmp_path: Path) -> None:
    link = tmp_path / "words.csv"
    link.symlink_to(lib / "library.sqlite3")
    digest = _digest(lib / "library.sqlite3")
    result = run_cli("--library", str(lib), "vocab", "sino-kazakh", "--format", "csv", "-o", str(link))
    assert result.code == 1 and "library" in result.err
    assert _digest(lib / "library.sqlite3") == digest and link.is_symlink()


def test_downloads_of_the_library_are_refused(run_cli, lib: Path) -> None:
    (lib / "downloads").mkdir()
    part = lib / "downloads" / "ecdict.csv.part"
    part.write_bytes(b"word,phonetic\n")
    result = run_cli("--library", str(lib), "vocab", "sino-kazakh", "--format", "csv", "-o", str(part))
    assert result.code == 1 and "library" in result.err
    assert part.read_bytes() == b"word,phonetic\n"


def test_a_symlink_updates_its_target(tmp_path: Path) -> None:
    real = tmp_path / "shared" / "words.csv"
    real.parent.mkdir()
    real.write_bytes(b"old")
    link = tmp_path / "words.csv"
    link.symlink_to(real)
    write_atomic(link, b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"
    deck = genanki.Deck(2059400110, "studyterm")
    apkg = tmp_path / "shared" / "news.apkg"
    apkg.write_bytes(b"old")
    (tmp_path / "news.apkg").symlink_to(apkg)
    write_package(genanki.Package([deck]), tmp_path / "news.apkg", timestamp=1.0)
    assert (tmp_path / "news.apkg").is_symlink() and apkg.read_bytes()[:2] == b"PK"


def test_a_dangling_symlink_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "words.csv"
    link.symlink_to(tmp_path / "new.csv")
    write_atomic(link, b"data")
    assert link.is_symlink() and (tmp_path / "new.csv").read_bytes() == b"data"


def test_a_symlink_loop_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    with pytest.raises(ExportError, match="symbolic links"):
        write_atomic(tmp_path / "a", b"data")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_dev_full_stays_a_device_and_the_error_is_disk_full() -> None:
    with pytest.raises(ExportError, match="No space left on device"):
        write_atomic("/dev/full", b"x" * 10_000)
    assert Path("/dev/full").is_char_device()


def test_dev_null_is_written_through() -> None:
    assert write_atomic("/dev/null", b"data") == Path("/dev/null")
    assert Path("/dev/null").is_char_device()


def test_a_fifo_is_written_through(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []

    def reader() -> None:
        with open(fifo, "rb") as fh:
            got.append(fh.read())

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    # the reader opens the FIFO at its own pace: wait for it the way a writer must
    for _ in range(200):
        try:
            write_atomic(fifo, b"word,gloss\n")
            break
        except ExportError as exc:
            assert "no reader" in str(exc)
            threading.Event().wait(0.05)
    thread.join(10)
    assert got == [b"word,gloss\n"]
    assert fifo.is_fifo()


def test_a_fifo_without_a_reader_is_one_line_not_a_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(ExportError, match="no reader"):
        write_atomic(fifo, b"data")
    assert fifo.is_fifo()


def test_stale_temporary_files_of_a_killed_run_are_cleaned(tmp_path: Path) -> None:
    target = tmp_path / "words.csv"
    # a writer killed after creating its temporary file (a real process, really killed)
    code = (
        "import sys, os; from studyterm.export import files; "
        "fd, tmp = files.temp_beside(files.Path(sys.argv[1])); os.write(fd, b'half'); "
        "print(tmp, flush=True); os.kill(os.getpid(), 9)"
    )
    run = run_python(code, str(target))
    assert run.returncode == -9
    stale = Path(run.stdout.strip())
    assert stale.exists() and stale.parent == tmp_path
    write_atomic(target, b"new")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["words.csv"]


def test_a_killed_deck_export_leaves_no_scratch_folder_for_long(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    code = (
        "import os; from studyterm.export.files import scratch_folder\n"
        "with scratch_folder('anki') as folder:\n"
        "    (folder / 'collection.anki2').write_bytes(b'x' * 1000)\n"
        "    print(folder, flush=True); os.kill(os.getpid(), 9)\n"
    )
    run = run_python(code, env={"TMPDIR": str(scratch)})
    assert run.returncode == -9
    left = Path(run.stdout.strip())
    assert left.is_dir() and left.parent == scratch
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    write_package(genanki.Package([genanki.Deck(2059400110, "studyterm")]), tmp_path / "d.apkg")
    assert list(scratch.iterdir()) == []
