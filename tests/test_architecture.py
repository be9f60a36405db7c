"""Conventions that keep the core clean (STYLE.md convention 1), checked by real tools."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_core_imports_leave_textual_and_spacy_out() -> None:
    code = (
        "import sys\n"
        "import studyterm.model, studyterm.errors, studyterm.pipeline, studyterm.pipeline_feeds\n"
        "import studyterm.ingest\n"
        "import studyterm.analysis.vocab, studyterm.analysis.profile, studyterm.analysis.learner\n"
        "import studyterm.lexicon, studyterm.store, studyterm.export.lists, studyterm.cli\n"
        "import studyterm.review.session, studyterm.review.content\n"
        "print(sorted(m for m in ('textual', 'spacy', 'genanki') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def _tool(name: str) -> str:
    found = Path(sys.executable).with_name(name)
    return str(found) if found.exists() else (shutil.which(name) or name)


def test_import_linter_contracts_hold() -> None:
    out = subprocess.run([_tool("lint-imports")], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "Contracts: 2 kept, 0 broken" in out.stdout


def test_ruff_is_clean() -> None:
    out = subprocess.run(
        [_tool("ruff"), "check", "studyterm", "tests", "benchmarks", "tools"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stdout + out.stderr
