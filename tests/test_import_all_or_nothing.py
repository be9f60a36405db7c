"""Importing several files is all or nothing: a bad file, or a kill, leaves the library as it was."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing, suppress
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from studyterm.model import Analysis, Episode
from studyterm.store import Store
from tests.processes import child_env


def _ids(lib: Path) -> list[str]:
    with closing(sqlite3.connect(lib / "library.sqlite3")) as db:  # closed here, not whenever it is collected
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return sorted(r[0] for r in db.execute("SELECT id FROM episodes"))


def _library(folder: Path, episode: Episode, analysis: Analysis) -> tuple[Path, list[str]]:
    """A library holding one episode, and its ids."""
    lib = folder / "lib"
    with Store.open(lib) as store:
        store.add_episode(episode, analysis)
    return lib, _ids(lib)


def _parts(sample: Episode, n: int) -> str:
    """The sample's paragraphs n times over, numbered."""
    return "\n\n".join(f"Part {i}. {seg.text}" for i in range(n) for seg in sample.segments)


def _files(folder: Path, sample: Episode) -> list[Path]:
    """Three short transcripts and a long fourth one (seconds of analysis)."""
    paths = []
    for n in range(3):
        p = folder / f"talk{n}.txt"
        p.write_text(
            f"Talk number {n}. The delegates discussed tariffs and sovereignty at length "
            f"during session {n}.\n",
            encoding="utf-8",
        )
        paths.append(p)
    long = folder / "long.txt"
    long.write_text(_parts(sample, 25), encoding="utf-8")
    paths.append(long)
    return paths


def test_a_kill_during_the_fourth_file_imports_none(
    tmp_path: Path, sample_episode: Episode, sample_analysis: Analysis
) -> None:
    lib, before = _library(tmp_path, sample_episode, sample_analysis)
    paths = _files(tmp_path, sample_episode)
    proc = subprocess.Popen(
        [sys.executable, "-m", "studyterm", "--library", str(lib), "import", *map(str, paths)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=child_env(),
    )
    seen = []
    assert proc.stderr is not None
    for line in proc.stderr:
        seen.append(line)
        if line.startswith("analysing 4/4"):
            proc.kill()  # SIGKILL: no clean-up of any kind runs
            break
    proc.wait(timeout=120)
    assert proc.returncode == -9, "".join(seen)
    assert [ln.split(":")[0] for ln in seen[:3]] == ["analysing 1/4", "analysing 2/4", "analysing 3/4"]
    assert _ids(lib) == before


def test_a_bad_second_file_imports_none(run_cli, tmp_path: Path, sample_path: Path) -> None:
    lib = tmp_path / "lib"
    huge = tmp_path / "one-paragraph.txt"
    huge.write_text("The delegates talked. " * 50_000, encoding="utf-8")  # 1.1 million characters
    result = run_cli("--library", str(lib), "import", str(sample_path), str(huge))
    assert result.code == 1
    *progress, line = result.err.strip().splitlines()
    assert all(p.startswith("analysing") for p in progress)
    assert str(huge) in line and "over the analysis limit of 1,000,000" in line
    assert _ids(lib) == []
    ok = run_cli("--library", str(lib), "import", str(sample_path))
    assert ok.code == 0 and len(_ids(lib)) == 1


def _children(pid: int) -> list[int]:
    """The live child processes of `pid` (from /proc)."""
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            out.append(int(stat.parent.name))
    return out


def _alive(pid: int) -> bool:
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@dataclass
class _BigImport:
    """`studyterm -v import` of a big file in two processes, in a child process."""

    proc: subprocess.Popen[str]
    lib: Path
    before: list[str]  # the library's episodes before
    big: Path
    seen: list[str] = field(default_factory=list)  # its stderr so far
    workers: list[int] = field(default_factory=list)  # its analysis processes

    def analysing(self) -> list[int]:
        """Its stderr read until the analysis shows progress; its analysis processes then."""
        assert self.proc.stderr is not None
        for line in self.proc.stderr:  # -v: the analysis's progress, though stderr is no terminal
            self.seen.append(line)
            if line.startswith("analysing:"):
                self.workers = _children(self.proc.pid)
                break
        return self.workers


@pytest.fixture
def big_import(tmp_path: Path, sample_episode: Episode, sample_analysis: Analysis) -> Iterator[_BigImport]:
    """The import of a file of about 270,000 characters, started (killed at the end)."""
    lib, before = _library(tmp_path, sample_episode, sample_analysis)
    big = tmp_path / "big.txt"
    big.write_text(_parts(sample_episode, 60), encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "studyterm", "--library", str(lib), "-v", "import", str(big)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=child_env(STUDYTERM_PROCESSES="2"),
    )
    run = _BigImport(proc, lib, before, big)
    try:
        yield run
    finally:
        proc.kill()
        proc.wait(timeout=60)
        for pid in run.workers:
            with suppress(OSError):
                os.kill(pid, signal.SIGKILL)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_kill_during_a_two_process_import_leaves_the_library_and_no_workers(big_import: _BigImport) -> None:
    run = big_import
    workers = run.analysing()
    run.proc.kill()  # SIGKILL: no clean-up of any kind runs in the parent
    run.proc.wait(timeout=120)
    assert run.proc.returncode == -9, "".join(run.seen)
    assert len(workers) == 2, "".join(run.seen)
    deadline = time.monotonic() + 10
    while any(map(_alive, workers)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(map(_alive, workers))  # the workers went with their parent
    assert _ids(run.lib) == run.before


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_killed_analysis_worker_fails_the_import_in_one_line_and_leaves_the_library(
    big_import: _BigImport,
) -> None:
    workers = big_import.analysing()
    assert len(workers) == 2, "".join(big_import.seen)
    os.kill(workers[0], signal.SIGKILL)  # one worker goes; its parent carries on
    _, err = big_import.proc.communicate(timeout=120)
    lines = [*big_import.seen, *err.splitlines(keepends=True)]
    assert big_import.proc.returncode == 1, "".join(lines)
    assert "an analysis process ended unexpectedly (killed by SIGKILL) while analysing" in lines[-1]
    assert str(big_import.big) in lines[-1] and not any(line.startswith("Traceback") for line in lines)
    assert not _alive(workers[1])  # the other worker was ended with the import
    assert _ids(big_import.lib) == big_import.before
