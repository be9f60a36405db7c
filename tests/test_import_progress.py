"""A long import shows how far it is: the TUI's progress text and the command line's line."""

from __future__ import annotations

from pathlib import Path

import pytest

from studyterm.cli.progress import analysis_progress
from studyterm.pipeline import import_episode
from studyterm.store import Store


def test_the_import_tells_how_far_the_analysis_is(tmp_path: Path, sample_path: Path) -> None:
    heard: list[str] = []
    with Store(tmp_path / "lib.sqlite3") as store:
        opened = import_episode(store, sample_path, progress=heard.append)
    assert opened.added
    doing = [t for t in heard if t.startswith("Analysing ")]
    assert doing[0].endswith("…") and " words of “" in doing[0]
    assert " words (100%) of “" in doing[-1]  # the last step is always told


def test_an_import_already_analysed_tells_no_analysis(tmp_path: Path, sample_path: Path) -> None:
    with Store(tmp_path / "lib.sqlite3") as store:
        import_episode(store, sample_path)
        heard: list[str] = []
        assert not import_episode(store, sample_path, progress=heard.append).added
    assert heard and not any(t.startswith("Analysing") for t in heard)


def test_with_v_a_long_analysis_prints_lines_though_stderr_is_no_terminal(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with analysis_progress(verbose=True, after=0, every=0) as update:
        update(50, 200)
        update(200, 200)
    lines = capsys.readouterr().err.splitlines()
    assert lines[0].startswith("analysing: 25% (about ") and lines[0].endswith(" left)")
    assert lines[1] == "analysing: 100%"


@pytest.mark.parametrize(("verbose", "after"), [(False, 0), (True, 60)])
def test_no_line_without_v_into_a_pipe_nor_for_a_short_analysis(
    capsys: pytest.CaptureFixture[str], verbose: bool, after: float
) -> None:
    with analysis_progress(verbose=verbose, after=after, every=0) as update:
        update(50, 200)
        update(200, 200)
    assert capsys.readouterr().err == ""
