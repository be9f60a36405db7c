"""Quizlet's term<TAB>definition files are opened in spreadsheets too: a cell starting like a
formula is neutralised as in CSV."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.export.conftest import Teacher


def test_quizlet_cells_are_neutralised(run_cli, teacher: Teacher, tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    shutil.copytree(teacher.library, lib)
    words = tmp_path / "unit.tsv"
    words.write_text('auditor\t=HYPERLINK("http://example.invalid")\n', encoding="utf-8")
    assert run_cli("--library", str(lib), "dict", "import", str(words), "--name", "unit").code == 0
    assert run_cli("--library", str(lib), "dict", "order", "unit").code == 0
    result = run_cli("--library", str(lib), "vocab", teacher.classroom.id, "--format", "quizlet", "--all")
    assert result.code == 0, result.err
    cards = dict(line.split("\t") for line in result.out.splitlines())
    assert cards["auditor"].startswith('\'=HYPERLINK("http://example.invalid")')
