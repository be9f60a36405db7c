"""Importing several files is all or nothing: a bad file, or a kill, leaves the library as it was."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

from studyterm.model import Analysis, Episode
from studyterm.store import Store
from tests.processes import child_env


def _ids(lib: Path) -> list[str]:
    with closing(sqlite3.connect(lib / "library.sqlite3")) as db:  # closed here, not whenever it is collected
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return sorted(r[0] for r in db.execute("SELECT id FROM episodes"))


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
    long.write_text(
        "\n\n".join(f"Part {i}. {seg.text}" for i in range(25) for seg in sample.segments), encoding="utf-8"
    )
    paths.append(long)
    return paths


def test_a_kill_during_the_fourth_file_imports_none(
    tmp_path: Path, sample_episode: Episode, sample_analysis: Analysis
) -> None:
    lib = tmp_path / "lib"
    with Store.open(lib) as store:
        store.add_episode(sample_episode, sample_analysis)
    before = _ids(lib)
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
