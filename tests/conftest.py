"""Shared fixtures: the real spaCy pipeline (loaded once), the bundled sample, a CLI runner."""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from studyterm.model import Analysis, Episode


@dataclass
class CliResult:
    code: int
    out: str
    err: str


@pytest.fixture(scope="session", autouse=True)
def _own_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The derived tables (glossary, phrase list, word ranks) are cached in the session's own
    folder, never in the user's (`analysis.datacache`); subprocesses inherit it."""
    if not os.environ.get("STUDYTERM_CACHE"):
        os.environ["STUDYTERM_CACHE"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="session")
def analyzer():  # type: ignore[no-untyped-def]
    from studyterm.pipeline import get_analyzer

    return get_analyzer(None)


@pytest.fixture(scope="session")
def sample_path() -> Path:
    from studyterm.pipeline import sample_episode_path

    return sample_episode_path()


@pytest.fixture(scope="session")
def sample_episode(sample_path: Path) -> Episode:
    from studyterm.ingest import load_episode

    return load_episode(sample_path)


@pytest.fixture(scope="session")
def sample_analysis(analyzer, sample_episode: Episode) -> Analysis:  # type: ignore[no-untyped-def]
    return analyzer.analyse(sample_episode)


@pytest.fixture
def library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty library folder, also set as STUDYTERM_HOME."""
    lib = tmp_path / "library"
    monkeypatch.setenv("STUDYTERM_HOME", str(lib))
    return lib


@pytest.fixture
def run_cli() -> Callable[..., CliResult]:
    """Run the real CLI in-process (sharing the loaded spaCy pipeline) and capture its output."""
    from studyterm.cli import main

    def run(*args: str, columns: int = 200) -> CliResult:
        out, err = io.StringIO(), io.StringIO()
        code = 0
        old = os.environ.get("COLUMNS")
        os.environ["COLUMNS"] = str(columns)
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                try:
                    main(list(args))
                except SystemExit as exc:
                    code = int(exc.code or 0)
        finally:
            if old is None:
                os.environ.pop("COLUMNS", None)
            else:
                os.environ["COLUMNS"] = old
        return CliResult(code, out.getvalue(), err.getvalue())

    return run
