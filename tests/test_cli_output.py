"""What the command line prints is safe and honest: a full disk on standard output is one line,
not a traceback; escape sequences in file names are shown, never obeyed."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.processes import child_env

ESC = "\x1b"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_stdout_on_a_full_disk_is_one_line(tmp_path: Path) -> None:
    with open("/dev/full", "w") as full:
        run = subprocess.run(
            [
                sys.executable,
                "-m",
                "studyterm",
                "--library",
                str(tmp_path / "lib"),
                "list",
                "--format",
                "json",
            ],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            env=child_env(),
        )
    assert run.returncode == 1
    assert run.stderr.splitlines() == ["studyterm: cannot write to standard output: No space left on device"]


def test_a_closed_pipe_is_no_error(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "studyterm", "--help"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=child_env(),
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # like `| head` that has read enough
    err = proc.stderr.read()
    proc.wait(timeout=120)
    assert b"Traceback" not in err and b"Exception ignored" not in err


def test_escapes_in_file_names_are_shown_not_obeyed(
    run_cli, library: Path, tmp_path: Path, sample_path: Path
) -> None:
    missing = tmp_path / f"talk{ESC}[2J.txt"
    out_of_reach = tmp_path / f"no{ESC}]0;pwned{ESC}\\" / "words.csv"
    named = tmp_path / f"words{ESC}[31m.csv"
    for args in (
        ["import", str(missing)],
        ["show", "x", "--format", "json"],
        ["import", "--summary-zh", str(missing), str(sample_path)],
        ["vocab", str(sample_path), "--format", "csv", "-o", str(out_of_reach)],
        ["vocab", str(sample_path), "--format", "csv", "-o", str(named)],
    ):
        result = run_cli(*args)
        assert ESC not in result.err and ESC not in result.out, args
        assert result.err.strip(), args
    assert "\\x1b[31m" in run_cli("vocab", str(sample_path), "--format", "csv", "-o", str(named)).err


def _process(library: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`studyterm --library LIBRARY ARGS...` as its own process."""
    return subprocess.run(
        [sys.executable, "-m", "studyterm", "--library", str(library), *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=child_env(),
    )


def test_a_command_run_as_its_own_process_ends_with_everything_written(
    tmp_path: Path, run_cli: Callable[..., Any]
) -> None:
    """`studyterm` ends its process without taking its objects apart (`cli._end_process`):
    all it printed is there, the library is closed as after any exit (no write-ahead log left
    beside it), and errors still exit with their code."""
    episode = sorted((Path(__file__).parent / "fixtures" / "news").glob("*.txt"))[0]
    library = tmp_path / "lib"
    run = _process(library, "vocab", str(episode), "--format", "json")
    assert run.returncode == 0, run.stderr
    in_process = run_cli("--library", str(tmp_path / "other"), "vocab", str(episode), "--format", "json")
    assert run.stdout == in_process.out and len(run.stdout) > 10_000
    assert sorted(p.name for p in library.iterdir()) == ["library.sqlite3"]
    listed = _process(library, "list", "--format", "json")
    assert listed.returncode == 0 and len(json.loads(listed.stdout)) == 1  # the import is kept
    missing = _process(library, "vocab", str(tmp_path / "nope.txt"))
    assert missing.returncode == 1 and missing.stderr.endswith("no such file\n")
