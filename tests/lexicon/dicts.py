"""Shared by the dictionary-import tests: fixture paths and a snapshot of the library's
dictionary tables (to prove a failed import changed nothing)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

DICTS = Path(__file__).resolve().parent.parent / "fixtures" / "dicts"
ECDICT_CSV = DICTS / "ecdict-mini.csv"
TEACHER_TSV = DICTS / "teacher.tsv"
RARE_WORDS = DICTS / "rare-words.txt"  # a tiny transcript of words the built-in glossary lacks
ECDICT_ENTRIES = 18  # 19 rows; "China" and "china" share a headword


def library_state(
    library: Path,
    tables: tuple[str, ...] = ("dictionaries", "dict_entries", "dict_inflections"),
) -> Any:
    """Every row of the tables (the dictionary ones by default; None before the library exists)."""
    db_path = library / "library.sqlite3"
    if not db_path.exists():
        return None
    db = sqlite3.connect(db_path)
    try:
        return {table: db.execute(f"SELECT * FROM {table} ORDER BY 1, 2, 3").fetchall() for table in tables}
    finally:
        db.close()


def dict_list(run_cli: Any) -> list[dict[str, Any]]:
    result = run_cli("dict", "list", "--format", "json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def vocab(run_cli: Any, *args: str) -> dict[str, dict[str, Any]]:
    """`studyterm vocab ... --format json`, keyed by lemma."""
    result = run_cli("vocab", *args, "--format", "json")
    assert result.code == 0, result.err
    return {r["lemma"]: r for r in json.loads(result.out)}


def assert_one_line_error(result: Any, name: str, code: int = 1) -> None:
    """A failure the user can read: exit code, one line on stderr naming the file."""
    assert result.code == code, (result.code, result.out, result.err)
    lines = [ln for ln in result.err.splitlines() if ln.startswith("studyterm:")]
    assert len(lines) == 1, result.err
    assert name in lines[0], lines[0]
    assert "Traceback" not in result.err
