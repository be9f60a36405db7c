"""`studyterm known import/export` on real files: word lists, and Anki packages, collection
packages and collections built with the `anki` library (intervals set); broken and foreign files
are refused with one line and leave the library as it was."""

from __future__ import annotations

import sqlite3
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from anki.collection import Collection
from anki.import_export_pb2 import ExportAnkiPackageOptions

from studyterm.review.known_words import read_known
from studyterm.store import Store

# word → (interval in days of its card, or None for a card never studied)
CARDS = {"multilateralism": 40, "synergy": 21, "steadfast": 20, "think tank": 3, "revitalization": None}


def _collection(path: Path, model: str = "Basic", field: str | None = None) -> Collection:
    path.parent.mkdir(parents=True, exist_ok=True)
    col = Collection(str(path))
    notetype = col.models.by_name(model)
    assert notetype is not None
    if field is not None:  # a note type whose word field has another name
        notetype = col.models.copy(notetype)
        notetype["name"] = "Vocab"
        col.models.rename_field(notetype, notetype["flds"][0], field)
        col.models.update_dict(notetype)
    deck = col.decks.id("English")
    assert deck is not None
    for word, ivl in CARDS.items():
        note = col.new_note(notetype)
        note.fields[0] = f"<b>{word}</b>" if word == "synergy" else word
        note.fields[1] = "释义"
        col.add_note(note, deck)
        if ivl is not None:
            col.db.execute(
                "UPDATE cards SET type = 2, queue = 2, ivl = ?, due = 100 WHERE nid = ?", ivl, note.id
            )
    return col


@pytest.fixture
def apkg(tmp_path: Path) -> Path:
    col = _collection(tmp_path / "build" / "collection.anki2")
    out = tmp_path / "words.apkg"
    col.export_anki_package(
        out_path=str(out),
        limit=None,
        options=ExportAnkiPackageOptions(
            with_scheduling=True, with_deck_configs=False, with_media=False, legacy=False
        ),
    )
    col.close()
    return out


def _statuses(library: Path) -> dict[str, str]:
    with Store.open(library) as store:
        return store.statuses()


EXPECTED = {
    "multilateralism": "known",
    "synergy": "known",
    "steadfast": "learning",
    "think tank": "learning",
    "revitalization": "learning",
}


def test_an_apkg_gives_known_by_interval(library: Path, run_cli: Callable, apkg: Path) -> None:  # type: ignore[type-arg]
    r = run_cli("known", "import", str(apkg))
    assert r.code == 0, r.err
    assert "Anki package (field Front), 5 words: 2 now known, 3 now learning" in r.out
    assert _statuses(library) == EXPECTED


def test_a_colpkg_and_a_collection_file(tmp_path: Path, library: Path, run_cli: Callable) -> None:  # type: ignore[type-arg]
    col = _collection(tmp_path / "c1" / "collection.anki2", field="Expression")
    colpkg = tmp_path / "all.colpkg"
    col.export_collection_package(str(colpkg), include_media=False, legacy=False)
    r = run_cli("known", "import", str(colpkg))
    assert r.code == 0, r.err
    assert "Anki collection package (field Expression)" in r.out
    assert _statuses(library) == EXPECTED

    col = _collection(tmp_path / "c2" / "collection.anki2", field="Wort")
    col.close()
    r = run_cli("known", "import", str(tmp_path / "c2" / "collection.anki2"))
    assert r.code == 1 and "choose one with --field" in r.err and "Wort" in r.err
    words = read_known(tmp_path / "c2" / "collection.anki2", field_name="wort")
    assert words.source == "Anki collection" and words.words == EXPECTED


def test_a_status_is_never_lowered(library: Path, run_cli: Callable, apkg: Path) -> None:  # type: ignore[type-arg]
    run_cli("mark", "known", "think tank")
    run_cli("mark", "ignored", "steadfast")
    r = run_cli("known", "import", str(apkg))
    assert "2 now known, 1 now learning, 2 unchanged" in r.out
    assert _statuses(library)["think tank"] == "known"
    assert _statuses(library)["steadfast"] == "ignored"


def test_a_word_list(tmp_path: Path, library: Path, run_cli: Callable) -> None:  # type: ignore[type-arg]
    words = tmp_path / "known.txt"
    words.write_text(
        "\ufeff# my CET-4 words\nAbandon\n\nthink tank\tnote\n12345\nability\n", encoding="utf-8"
    )
    r = run_cli("known", "import", str(words))
    assert r.code == 0 and "word list, 3 words: 3 now known" in r.out and "1 not a word" in r.out
    assert _statuses(library) == {"abandon": "known", "think tank": "known", "ability": "known"}
    out = tmp_path / "out.txt"
    r = run_cli("known", "export", str(out))
    assert r.code == 0 and out.read_text(encoding="utf-8") == "abandon\nability\nthink tank\n"
    run_cli("mark", "learning", "synergy")
    r = run_cli("known", "export", str(tmp_path / "all.tsv"), "--status", "known,learning")
    assert (tmp_path / "all.tsv").read_text(encoding="utf-8").splitlines() == [
        "abandon\tknown",
        "ability\tknown",
        "synergy\tlearning",
        "think tank\tknown",
    ]
    assert run_cli("known", "export", str(out), "--status", "famous").code == 2


def _broken_files(tmp_path: Path, apkg: Path) -> dict[str, tuple[Path, str]]:
    cut = tmp_path / "cut.apkg"
    cut.write_bytes(apkg.read_bytes()[: len(apkg.read_bytes()) // 2])
    foreign = tmp_path / "photos.apkg"
    with zipfile.ZipFile(foreign, "w") as z:
        z.writestr("photo.jpg", b"\xff\xd8\xff")
    fake = tmp_path / "fake.apkg"
    with zipfile.ZipFile(fake, "w") as z:
        z.writestr("collection.anki2", b"this is no database")
    other_db = tmp_path / "other.anki2"
    sqlite3.connect(other_db).execute("CREATE TABLE t (x)").connection.commit()
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    return {
        "cut": (cut, "broken zip"),
        "foreign": (foreign, "not an Anki package"),
        "fake": (fake, "cannot read this Anki package"),
        "other_db": (other_db, "not an Anki collection"),
        "empty": (empty, "empty"),
        "binary": (binary, ""),
        "missing": (tmp_path / "nope.apkg", "no such file"),
    }


def test_broken_and_foreign_files_change_nothing(
    tmp_path: Path, library: Path, run_cli: Callable, apkg: Path
) -> None:  # type: ignore[type-arg]
    run_cli("mark", "learning", "synergy")
    for name, (path, says) in _broken_files(tmp_path, apkg).items():
        r = run_cli("known", "import", str(path))
        assert r.code == 1, name
        assert r.err.startswith(f"studyterm: {path}: ") and says in r.err, (name, r.err)
        assert len(r.err.strip().splitlines()) == 1, name
        assert _statuses(library) == {"synergy": "learning"}, name
