"""Inputs that are not regular files, links that loop and file names that are not UTF-8: one line
naming the file, at once — never a wait on a FIFO, never "no such file" for what is there."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from studyterm.errors import InputError
from studyterm.ingest import load_episode


def test_a_fifo_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "talk.txt"
    os.mkfifo(fifo)  # no writer: opening it to read would wait forever
    with pytest.raises(InputError, match=r"talk.txt: not a regular file \(a FIFO\)"):
        load_episode(fifo)


def test_a_device_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a regular file"):
        load_episode("/dev/zero")  # would read zeros until the size limit


def test_a_symlink_loop_is_not_no_such_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    with pytest.raises(InputError, match="a loop of symbolic links"):
        load_episode(tmp_path / "a.txt")


def test_the_cli_and_dict_import_refuse_a_fifo(run_cli, library: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "words.tsv"
    os.mkfifo(fifo)
    for args in (
        ["import", str(fifo)],
        ["dict", "import", str(fifo)],
        ["dict", "import", str(fifo), "--format", "tsv"],
    ):
        result = run_cli(*args)
        assert result.code == 1
        assert result.err.strip().splitlines() == [
            f"studyterm: {fifo}: not a regular file (a FIFO): save the content to a file first"
        ]


def test_a_file_name_in_gbk_is_imported_under_its_chinese_name(
    run_cli, library: Path, tmp_path: Path
) -> None:
    raw = os.fsencode(tmp_path) + b"/" + "中国日报.txt".encode("gb18030")
    with open(raw, "wb") as fh:
        fh.write(b"Trade talks resumed in Astana on Monday.\n")
    result = run_cli("import", os.fsdecode(raw))
    assert result.code == 0, result.err
    assert "中国日报" in result.out


def test_a_file_name_of_bad_bytes_is_imported_too(run_cli, library: Path, tmp_path: Path) -> None:
    raw = os.fsencode(tmp_path) + b"/talk-\xff\xfe.txt"
    with open(raw, "wb") as fh:
        fh.write(b"Trade talks resumed in Astana on Monday.\n")
    result = run_cli("import", os.fsdecode(raw))
    assert result.code == 0, result.err
    assert "talk" in result.out and "\ufffd" in result.out
