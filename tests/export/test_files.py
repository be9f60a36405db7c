"""Exported files are written atomically and with the permissions of a normal new file."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import genanki
import pytest

from studyterm.export.anki import write_package
from studyterm.export.files import write_atomic


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_handout_is_readable_by_the_class(tmp_path: Path, umask_022: None) -> None:
    # a teacher puts the list on a shared drive or web server: not private like a temp file
    target = write_atomic(tmp_path / "words.csv", b"word,gloss\n")
    assert _mode(target) == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["words.csv"]


def test_replacing_a_file_keeps_its_mode(tmp_path: Path, umask_022: None) -> None:
    target = tmp_path / "lesson.html"
    target.write_bytes(b"old")
    target.chmod(0o640)
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert _mode(target) == 0o640


def test_a_deck_is_readable_too(tmp_path: Path, umask_022: None) -> None:
    deck = genanki.Deck(2059400110, "studyterm")
    target = write_package(genanki.Package([deck]), tmp_path / "news.apkg", timestamp=1.0)
    assert _mode(target) == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["news.apkg"]
