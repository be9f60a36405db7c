"""A teacher's TSV glossary: import, look-up order against ECDICT, removal, broken lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from studyterm.lexicon import Lexicon, tsv

from .dicts import (
    ECDICT_CSV,
    RARE_WORDS,
    TEACHER_TSV,
    assert_one_line_error,
    dict_list,
    library_state,
    vocab,
)


def test_reader_skips_comments_and_header_and_keeps_phrases() -> None:
    entries = list(tsv.parse(TEACHER_TSV))
    assert [e.word for e in entries] == ["sesquipedalian", "perspicacious", "obstreperous", "think tank"]
    assert entries[0].translation == "【课堂】爱用长词的"
    assert entries[0].definition == "fond of long words"
    assert entries[1].definition is None


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "gb18030"])
def test_spreadsheet_encodings(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "list.tsv"
    path.write_bytes(TEACHER_TSV.read_text(encoding="utf-8").replace("\n", "\r\n").encode(encoding))
    assert list(tsv.parse(path)) == list(tsv.parse(TEACHER_TSV))


def test_order_decides_which_dictionary_answers(library: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    assert run_cli("dict", "import", str(ECDICT_CSV), "--name", "ecdict").code == 0
    imported = run_cli("dict", "import", str(TEACHER_TSV))
    assert imported.code == 0, imported.err
    assert "imported teacher (tsv): 4 entries" in imported.out
    assert [d["name"] for d in dict_list(run_cli)] == ["builtin", "phrases", "ecdict", "teacher"]

    words = vocab(run_cli, str(RARE_WORDS))
    assert words["sesquipedalian"]["gloss"] == "adj. 爱用长词的；冗长的"  # ECDICT comes first

    ordered = run_cli("dict", "order", "teacher")  # first of all, before the built-ins too
    assert ordered.code == 0, ordered.err
    assert [d["name"] for d in dict_list(run_cli)] == ["teacher", "builtin", "phrases", "ecdict"]
    words = vocab(run_cli, str(RARE_WORDS))
    assert words["sesquipedalian"]["gloss"] == "【课堂】爱用长词的"
    assert words["sesquipedalian"]["definition"] == "fond of long words"
    # what the teacher's list lacks comes from the next dictionary that has it
    assert words["sesquipedalian"]["pronunciation"] == "/ˌseskwɪpɪ'deɪliən/"  # ECDICT
    assert words["perspicacious"]["gloss"] == "【课堂】目光敏锐的"
    builtin = Lexicon().lookup("perspicacious", "ADJ")
    assert builtin is not None and words["perspicacious"]["definition"] == builtin.definition
    assert words["perspicacious"]["tags"] == ["GRE", "TOEFL"]

    removed = run_cli("dict", "remove", "ecdict")
    assert removed.code == 0 and f"removed ecdict ({18} entries)" in removed.out
    words = vocab(run_cli, str(RARE_WORDS))
    assert words["perspicacious"]["pronunciation"] is None
    assert [(d["name"], d["position"]) for d in dict_list(run_cli)] == [
        ("teacher", 1),
        ("builtin", 2),
        ("phrases", 3),
    ]


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("one-column.tsv", "word\tgloss\nsovereignty\t主权\nperspicacious\n".encode(), "line 3"),
        ("no-gloss.tsv", b"sovereignty\t\tsupreme power\n", "line 1"),
        ("empty.tsv", b"", "empty"),
        ("blank.tsv", b"\n \n\t\n", "empty"),
        ("binary.tsv", bytes(range(256)) * 4, "binary"),
        ("too-many.tsv", "sovereignty\t主权\tpower\tC1\n".encode(), "4 columns"),
    ],
)
def test_broken_lists_change_nothing(
    library: Path,
    run_cli,
    tmp_path: Path,
    name: str,  # type: ignore[no-untyped-def]
    data: bytes,
    says: str,
) -> None:
    assert run_cli("dict", "import", str(TEACHER_TSV)).code == 0
    before = library_state(library)
    result = run_cli("dict", "import", str(_write(tmp_path, name, data)), "--format", "tsv")
    assert_one_line_error(result, name)
    assert says in result.err
    assert library_state(library) == before


def test_names_and_orders_that_cannot_be(library: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    assert run_cli("dict", "import", str(TEACHER_TSV)).code == 0
    before = library_state(library)
    assert run_cli("dict", "import", str(TEACHER_TSV), "--name", "builtin").code == 2
    assert run_cli("dict", "import", str(TEACHER_TSV), "--name", "my list").code == 2
    assert run_cli("dict", "order", "teacher", "teacher").code == 2
    assert_one_line_error(run_cli("dict", "remove", "builtin"), "'builtin' is built in")
    missing = run_cli("dict", "remove", "nothere")
    assert missing.code == 1 and "no dictionary named 'nothere'" in missing.err
    assert run_cli("dict", "order", "nothere").code == 1
    assert library_state(library) == before
