"""Fixtures for the teacher exports: one library (built once) holding the bundled sample and a small
classroom episode written to exercise escaping: a sentence starting with "=SUM(A1)", HTML tags,
Markdown specials and words shared with the sample (for multi-episode counts)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from studyterm.model import Analysis, Episode

CLASS_TITLE = 'Trade <b>talks</b> & "tariffs"'
CLASS_TEXT = """\
Delegates from both countries praised multilateralism at the opening of the trade talks. The \
negotiators said that sovereignty and bilateral trust must come first.

=SUM(A1) was the only note the auditor left in the ledger.

The archivist typed <script>alert(1)</script> into the catalogue by mistake.

The negotiators drew a grid with columns A | B | C on the whiteboard, and the *tariff* schedule \
was [revised] overnight.

Critics say multilateralism is slow, but the delegates defended national sovereignty and the \
tariff deal all the same.
"""
# hand counts of the shared words in CLASS_TEXT
CLASS_COUNTS = {"multilateralism": 2, "sovereignty": 2, "bilateral": 1}


@dataclass
class Teacher:
    """The library folder and the two episodes in it."""

    library: Path
    sample: Episode
    sample_analysis: Analysis
    classroom: Episode
    classroom_analysis: Analysis

    def args(self, *args: str) -> tuple[str, ...]:
        return ("--library", str(self.library), *args)


@pytest.fixture(scope="session")
def teacher(
    tmp_path_factory: pytest.TempPathFactory,
    analyzer,
    sample_episode: Episode,  # type: ignore[no-untyped-def]
    sample_analysis: Analysis,
) -> Teacher:
    from studyterm.ingest import Extras, load_episode
    from studyterm.store import Store

    root = tmp_path_factory.mktemp("teacher")
    path = root / "trade-talks.txt"
    path.write_text(CLASS_TEXT, encoding="utf-8")
    classroom = load_episode(path, Extras(title=CLASS_TITLE))
    classroom_analysis = analyzer.analyse(classroom)
    library = root / "library"
    with Store.open(library) as store:
        store.add_episode(sample_episode, sample_analysis)
        store.add_episode(classroom, classroom_analysis)
    return Teacher(library, sample_episode, sample_analysis, classroom, classroom_analysis)
