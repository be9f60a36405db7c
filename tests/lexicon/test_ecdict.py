"""ECDICT CSV imports, end to end through the CLI, on a small ECDICT-format fixture we wrote."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from studyterm.lexicon import Lexicon, ecdict
from studyterm.lexicon.imported import library_providers
from studyterm.store import Store

from .dicts import (
    DICTS,
    ECDICT_CSV,
    ECDICT_ENTRIES,
    assert_one_line_error,
    dict_list,
    library_state,
    vocab,
)


def test_reader_maps_columns_tags_and_inflections() -> None:
    entries = {e.word: e for e in ecdict.parse(ECDICT_CSV)}
    assert len(entries) == 19
    c = entries["consolidate"]
    assert c.phonetic == "kən'sɒlɪdeɪt"
    assert c.translation == "vt. 巩固；加强\nv. 合并；联合"  # \n in the CSV is a line break
    assert c.definition is not None and c.definition.startswith("v. make firmer")
    assert c.tags == ("CET-6", "考研", "TOEFL", "Collins-2", "Oxford-3000")
    assert c.forms == ("consolidated", "consolidating", "consolidates")
    assert entries["china"].tags == ("中考", "高考", "Collins-2", "Oxford-3000")
    assert entries["forsworn"].lemma == "forswear"
    assert entries["weal"].translation == "n. 福利, 幸福\n[医] 鞭痕"  # a quoted comma survives
    assert entries["backslash"].definition == "n. the character \\ used in file paths"


def test_columns_are_found_by_name(tmp_path: Path) -> None:
    """A trimmed export with only some of ECDICT's columns, in another order, still reads."""
    path = tmp_path / "trimmed.csv"
    path.write_text('translation,tag,word\n"n. 主权",cet6 gre,sovereignty\n', encoding="utf-8")
    [entry] = list(ecdict.parse(path))
    assert (entry.word, entry.translation, entry.tags) == ("sovereignty", "n. 主权", ("CET-6", "GRE"))
    assert entry.phonetic is None and entry.forms == ()


def test_import_then_vocab_shows_phonetic_and_exam_tags(library: Path, run_cli, sample_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("dict", "import", str(ECDICT_CSV))
    assert result.code == 0, result.err
    assert f"{ECDICT_ENTRIES} entries" in result.out
    listed = dict_list(run_cli)
    assert [d["name"] for d in listed] == ["builtin", "phrases", "ecdict-mini"]
    assert listed[2]["entries"] == ECDICT_ENTRIES and listed[2]["kind"] == "ecdict"

    words = vocab(run_cli, str(sample_path))
    consolidate = words["consolidate"]
    # the built-in glossary still gives the gloss; ECDICT adds what it lacks
    assert consolidate["gloss"] and "巩固" in consolidate["gloss"]
    assert consolidate["pronunciation"] == "/kən'sɒlɪdeɪt/"
    assert {"CET-6", "考研", "Collins-2", "Oxford-3000"} <= set(consolidate["tags"])
    assert "GRE" in words["turbulent"]["tags"]

    # and the tags are filters: cet6 matches CET-6
    cet6 = vocab(run_cli, str(sample_path), "--tag", "cet6")
    assert "consolidate" in cet6 and "synergy" not in cet6  # synergy is GRE only
    assert all("CET-6" in r["tags"] for r in cet6.values())


def test_inflections_case_and_senses_through_the_library(library: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    assert run_cli("dict", "import", str(ECDICT_CSV), "--name", "ecdict").code == 0
    assert run_cli("dict", "order", "ecdict").code == 0  # the built-in glossary knows it too
    with Store.open(library) as store:
        lex = Lexicon.for_store(store)
        forswear = lex.lookup("forswear", "VERB")
        assert forswear is not None and forswear.gloss == "v. 发誓戒除；放弃"
        # "forswore" is only in the exchange field of forswear's row: form -> lemma
        forswore = lex.lookup("forswore", "VERB", ("forswore",))
        assert forswore is not None and forswore.gloss == forswear.gloss
        # "China" and "china" share a headword: the lower-case spelling wins
        [mini] = library_providers(store)
        china = mini.get("china", "NOUN")
        assert china is not None and china.gloss == "n. 瓷器"
        # a domain sense ([医]) is shown only when there is nothing more general
        weal = mini.get("weal", None)
        assert weal is not None and weal.gloss == "n. 福利, 幸福"
        assert weal.pronunciation == "/wiːl/"
        assert mini.get("qwzxv", None) is None


def test_zip_of_the_csv_imports_too(library: Path, run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    archive = tmp_path / "ecdict-csv.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("README.txt", "not the data")
        z.write(ECDICT_CSV, "ecdict/ecdict.csv")
    result = run_cli("dict", "import", str(archive), "--name", "ecdict")
    assert result.code == 0, result.err
    assert dict_list(run_cli)[2] == {
        "position": 3,
        "name": "ecdict",
        "kind": "ecdict",
        "entries": ECDICT_ENTRIES,
        "source": str(archive.resolve()),
    }


@pytest.mark.parametrize(
    "bad", ["empty.csv", "binary.csv", "wrong-columns.csv", "truncated.csv", "missing.csv"]
)
def test_bad_files_change_nothing(library: Path, run_cli, bad: str) -> None:  # type: ignore[no-untyped-def]
    assert run_cli("dict", "import", str(ECDICT_CSV)).code == 0
    before = library_state(library)
    result = run_cli("dict", "import", str(DICTS / bad), "--name", "other")
    assert_one_line_error(result, bad)
    assert library_state(library) == before


def test_a_file_broken_half_way_imports_nothing(library: Path, run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Rows before the bad one were already streamed into SQLite: the transaction drops them."""
    text = ECDICT_CSV.read_text(encoding="utf-8")
    header, *rows = text.splitlines()
    broken = tmp_path / "broken.csv"
    broken.write_text("\n".join([header, *rows, "oops,only,three", rows[0]]) + "\n", encoding="utf-8")
    result = run_cli("dict", "import", str(broken))
    assert_one_line_error(result, "broken.csv")
    assert f"line {len(rows) + 2}" in result.err
    assert library_state(library) == {"dictionaries": [], "dict_entries": [], "dict_inflections": []}


def test_replace_keeps_the_place_in_the_order(library: Path, run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert run_cli("dict", "import", str(ECDICT_CSV), "--name", "a").code == 0
    assert run_cli("dict", "import", str(ECDICT_CSV), "--name", "b").code == 0
    smaller = tmp_path / "smaller.csv"
    smaller.write_text(
        "\n".join(ECDICT_CSV.read_text(encoding="utf-8").splitlines()[:4]) + "\n", encoding="utf-8"
    )
    again = run_cli("dict", "import", str(smaller), "--name", "a")
    assert again.code == 2 and "already a dictionary named 'a'" in again.err
    assert run_cli("dict", "import", str(smaller), "--name", "a", "--replace").code == 0
    assert [(d["name"], d["entries"]) for d in dict_list(run_cli)[2:]] == [("a", 3), ("b", ECDICT_ENTRIES)]
