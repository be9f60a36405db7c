"""The look-up order across built-in and imported providers: a teacher's list can be put before
the built-in glossary (`dict order teacher builtin`), and the order is kept in the library."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from studyterm.lexicon.lookup import BuiltinGlossary, PhraseGlossary

from .dicts import DICTS, TEACHER_TSV, assert_one_line_error, dict_list, library_state, vocab

CLASS_TSV = DICTS / "class-glosses.tsv"  # the teacher's own glosses of words of the sample
CLASS_GLOSS = "【课堂】多边主义（各国共同商量解决问题）"
CLASS_DEFINITION = "countries working on problems together, not alone"


def _names(run_cli: Any) -> list[str]:
    return [d["name"] for d in dict_list(run_cli)]


def _settings(library: Path) -> list[tuple[str, str]]:
    db = sqlite3.connect(library / "library.sqlite3")
    try:
        return db.execute("SELECT key, value FROM settings ORDER BY key").fetchall()
    finally:
        db.close()


def test_a_teachers_list_wins_once_put_before_builtin(
    library: Path,
    run_cli,  # type: ignore[no-untyped-def]
    sample_path: Path,
) -> None:
    builtin = BuiltinGlossary().get("multilateralism", "NOUN")
    assert builtin is not None and builtin.gloss and builtin.gloss != CLASS_GLOSS

    imported = run_cli("dict", "import", str(CLASS_TSV), "--name", "teacher")
    assert imported.code == 0, imported.err
    listed = dict_list(run_cli)
    assert [(d["name"], d["kind"]) for d in listed] == [
        ("builtin", "built-in"),
        ("phrases", "built-in"),
        ("teacher", "tsv"),
    ]
    assert [d["entries"] for d in listed] == [len(BuiltinGlossary()), len(PhraseGlossary()), 2]

    # by default the built-in glossary answers first
    words = vocab(run_cli, str(sample_path))
    assert words["multilateralism"]["gloss"] == builtin.gloss

    ordered = run_cli("dict", "order", "teacher", "builtin")
    assert ordered.code == 0, ordered.err
    table = ordered.out
    assert table.index("teacher") < table.index("builtin") < table.index("phrases")
    assert _names(run_cli) == ["teacher", "builtin", "phrases"]

    words = vocab(run_cli, str(sample_path))
    assert words["multilateralism"]["gloss"] == CLASS_GLOSS
    assert words["multilateralism"]["definition"] == CLASS_DEFINITION
    assert words["synergy"]["gloss"] == "【课堂】一加一大于二的合力"
    # words the list lacks still come from the built-in glossary
    extremism = BuiltinGlossary().get("extremism", "NOUN")
    assert extremism is not None and words["extremism"]["gloss"] == extremism.gloss

    # a dictionary imported later goes last; removing one closes up the order
    assert run_cli("dict", "import", str(TEACHER_TSV), "--name", "unit3").code == 0
    assert _names(run_cli) == ["teacher", "builtin", "phrases", "unit3"]
    assert run_cli("dict", "order", "phrases").code == 0
    assert _names(run_cli) == ["phrases", "teacher", "builtin", "unit3"]
    removed = run_cli("dict", "remove", "teacher")
    assert removed.code == 0, removed.err
    assert [(d["name"], d["position"]) for d in dict_list(run_cli)] == [
        ("phrases", 1),
        ("builtin", 2),
        ("unit3", 3),
    ]


def test_bad_names_leave_the_order_as_it_was(library: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    assert run_cli("dict", "import", str(CLASS_TSV), "--name", "teacher").code == 0
    assert run_cli("dict", "order", "teacher", "builtin").code == 0
    before = (library_state(library), _settings(library), _names(run_cli))

    for args, says in [
        (("order", "nothere"), "no dictionary named 'nothere'"),
        (("order", "builtin", "nothere"), "no dictionary named 'nothere'"),
        (("remove", "builtin"), "'builtin' is built in and cannot be removed"),
        (("remove", "phrases"), "'phrases' is built in and cannot be removed"),
    ]:
        assert_one_line_error(run_cli("dict", *args), says)
    assert_one_line_error(run_cli("dict", "order", "builtin", "builtin"), "'builtin' is named twice", code=2)
    assert (library_state(library), _settings(library), _names(run_cli)) == before
