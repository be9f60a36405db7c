"""A long dictionary import commits in batches, so the learner can save a mark meanwhile, and
still adds all of the dictionary or none of it — even when the importing process is killed."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from studyterm.errors import InputError
from studyterm.store import Store
from studyterm.store.dictionaries import IMPORT_BATCH, DictEntry
from tests.processes import run_python


def _entries(n: int, during: object = None, fail: bool = False) -> Iterator[DictEntry]:
    for i in range(n):
        if i == IMPORT_BATCH + 1 and callable(during):
            during()
        yield DictEntry(word=f"word{i}", translation=f"词{i}")
    if fail:
        raise InputError("cut off in the middle", path="big.tsv")


def _rows(path: Path) -> tuple[int, int]:
    with closing(sqlite3.connect(path)) as db:  # closed here, not whenever it is collected
        return (
            db.execute("SELECT COUNT(*) FROM dictionaries").fetchone()[0],
            db.execute("SELECT COUNT(*) FROM dict_entries").fetchone()[0],
        )


def test_others_can_write_during_a_long_import(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    seen: list[object] = []

    def meanwhile() -> None:
        # the study app in another process, saving a mark while the import runs
        with Store(path, timeout=0.2) as other:
            other.set_statuses(["tariff"], "known")
            seen.append([d.name for d in other.dictionaries()])

    with Store(path) as store:
        row = store.add_dictionary("big", "tsv", "big.tsv", _entries(2 * IMPORT_BATCH + 5, meanwhile))
        assert row.entries == 2 * IMPORT_BATCH + 5
        assert store.statuses() == {"tariff": "known"}
    assert seen == [[]]  # a dictionary half imported is not shown


def test_a_failure_half_way_leaves_nothing(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    with Store(path) as store:
        store.add_dictionary("small", "tsv", "small.tsv", _entries(3))
        before = _rows(path)
        with pytest.raises(InputError, match="cut off"):
            store.add_dictionary("big", "tsv", "big.tsv", _entries(2 * IMPORT_BATCH, fail=True))
        assert _rows(path) == before
        # replacing: the old one stays, whole, when the new one fails
        with pytest.raises(InputError):
            store.add_dictionary("small", "tsv", "x.tsv", _entries(IMPORT_BATCH + 2, fail=True), replace=True)
        assert _rows(path) == before and store.dictionary("small").entries == 3
        store.add_dictionary("small", "tsv", "y.tsv", _entries(5), replace=True)
        assert _rows(path) == (1, 5) and store.dictionary("small").source == "y.tsv"


def test_a_kill_during_an_import_leaves_the_dictionaries_as_they_were(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    with Store(path) as store:
        store.add_dictionary("small", "tsv", "small.tsv", _entries(3))
    code = (
        "import os, sys\n"
        "from studyterm.store import Store\n"
        "from studyterm.store.dictionaries import IMPORT_BATCH, DictEntry\n"
        "def entries():\n"
        "    for i in range(3 * IMPORT_BATCH):\n"
        "        if i == 2 * IMPORT_BATCH + 1:\n"
        "            os.kill(os.getpid(), 9)  # killed with two batches committed\n"
        "        yield DictEntry(word=f'w{i}', translation='x')\n"
        "Store(sys.argv[1]).add_dictionary('big', 'tsv', 'big.tsv', entries())\n"
    )
    run = run_python(code, str(path))
    assert run.returncode == -9, run.stderr
    with Store(path) as store:
        assert [d.name for d in store.dictionaries()] == ["small"]
        assert _rows(path)[1] == 3 + 2 * IMPORT_BATCH  # the killed import's batches, hidden
        store.add_dictionary("other", "tsv", "other.tsv", _entries(2))  # cleans up after it
    assert _rows(path) == (2, 5)
