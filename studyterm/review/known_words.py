"""Known words from elsewhere, and the learner's words written back out.

`read_known` reads a file into (word, status) pairs without touching the library, so a broken or
foreign file is refused before anything is written; `import_known` then keeps them in one
transaction. The format is told from the content:

- a **word list** (text, one word or expression a line; a tab ends the word, `#` starts a
  comment): every word becomes known;
- an **Anki package** (`.apkg`, a zip holding a collection) or **collection package** (`.colpkg`),
  or an **Anki collection** (`collection.anki2`, SQLite): read with the `anki` library, in a
  temporary folder (the learner's own collection is never opened in place). Each note's field
  named like Word/Front/Expression (or `field`) is the word; it becomes known when one of its
  cards has an interval of 21 days or more, learning otherwise.

An import never lowers a status: a word already known or ignored stays so when the other source
has it as learning.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from studyterm.errors import ExportError, InputError, UsageError
from studyterm.ingest.detect import decode_bytes, read_input
from studyterm.store import Store

__all__ = [
    "KNOWN_INTERVAL_DAYS",
    "WORD_FIELDS",
    "Imported",
    "KnownWords",
    "export_words",
    "import_known",
    "read_known",
]

KNOWN_INTERVAL_DAYS = 21
WORD_FIELDS = ("word", "front", "expression", "vocabulary", "headword", "term")
MAX_WORDS = 6  # a field longer than this is a sentence, not a word to know
_SQLITE_MAGIC = b"SQLite format 3\x00"
_ZIP_MAGIC = b"PK\x03\x04"
_COLLECTION_NAMES = ("collection.anki21b", "collection.anki21", "collection.anki2")


@dataclass
class KnownWords:
    """What a file holds: word → status, and what was left out (and why, counted)."""

    source: str  # "word list", "Anki package", "Anki collection package", "Anki collection"
    words: dict[str, str] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    field_names: set[str] = field(default_factory=set)  # the Anki fields read

    def skip(self, why: str) -> None:
        self.skipped[why] = self.skipped.get(why, 0) + 1


def word_key(text: str) -> str | None:
    """The library's key of a word or expression as written in a list or a card (HTML, sound
    tags and extra spaces removed), or None when it is not one (empty, a sentence, a number)."""
    text = re.sub(r"\[sound:[^\]]*\]", " ", text)
    text = re.sub(r"<[^>]*>", " ", text)
    text = html.unescape(text).replace("\xa0", " ")
    text = " ".join(text.split()).strip(" .,;:!?\"'“”‘’()[]")
    if not text or len(text.split()) > MAX_WORDS or not any(ch.isalpha() for ch in text):
        return None
    return text.lower()


def read_known(
    path: str | Path, field_name: str | None = None, max_bytes: int = 20 * 1024 * 1024
) -> KnownWords:
    """Read a word list or an Anki file. InputError (naming the file) when it is neither or is
    broken; nothing is written anywhere but a temporary folder."""
    p = Path(path)
    if p.is_dir():
        raise InputError("is a directory, not a word list or an Anki file", path=p)
    if not p.exists():
        raise InputError("no such file", path=p)
    try:
        with p.open("rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=p) from exc
    if head.startswith(_ZIP_MAGIC):
        return _read_anki_zip(p, field_name)
    if head.startswith(_SQLITE_MAGIC):
        return _read_anki(p, "collection", field_name)
    if field_name is not None:
        raise UsageError("--field is for Anki files; this is a word list")
    return _read_list(p, max_bytes)


def _read_list(p: Path, max_bytes: int) -> KnownWords:
    text = decode_bytes(read_input(p, max_bytes), p)
    out = KnownWords("word list")
    for line in text.splitlines():
        line = line.split("\t", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        key = word_key(line)
        if key is None:
            out.skip("not a word")
        else:
            out.words[key] = "known"
    if not out.words:
        raise InputError("no words in this list (one word or expression a line)", path=p)
    return out


def _read_anki_zip(p: Path, field_name: str | None) -> KnownWords:
    try:
        with zipfile.ZipFile(p) as z:
            names = set(z.namelist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(f"not a readable Anki package (broken zip: {exc})", path=p) from exc
    if not names & set(_COLLECTION_NAMES):
        raise InputError("a zip file but not an Anki package (no collection inside)", path=p)
    # a .colpkg is a whole collection (with its meta file naming the version); .apkg a deck
    kind = "colpkg" if p.suffix.lower() == ".colpkg" else "apkg"
    return _read_anki(p, kind, field_name)


def _read_anki(p: Path, kind: str, field_name: str | None) -> KnownWords:
    try:
        from anki.collection import Collection
    except ImportError as exc:  # an optional dependency: only Anki files need it
        raise InputError(
            "reading Anki files needs the anki package (pip install 'studyterm[anki]')", path=p
        ) from exc
    source = {"apkg": "Anki package", "colpkg": "Anki collection package", "collection": "Anki collection"}[
        kind
    ]
    with tempfile.TemporaryDirectory(prefix="studyterm-anki-") as tmp:
        col_path = os.path.join(tmp, "collection.anki2")
        try:
            col = _open_collection(Collection, p, kind, col_path, tmp)
        except InputError:
            raise
        except Exception as exc:  # the anki library raises its own types for bad files
            raise InputError(f"cannot read this {source}: {_first_line(exc)}", path=p) from exc
        try:
            return _notes(col, p, source, field_name)
        finally:
            col.close()


def _open_collection(collection: Any, p: Path, kind: str, col_path: str, tmp: str) -> Any:
    if kind == "collection":
        shutil.copyfile(p, col_path)  # never open the learner's own collection in place
        if not _is_collection(col_path):  # Anki would make any SQLite file a new collection
            raise InputError("an SQLite database but not an Anki collection", path=p)
        return collection(col_path)
    if kind == "colpkg":
        from anki._backend import RustBackend  # how Anki itself restores a .colpkg

        RustBackend().import_collection_package(
            col_path=col_path,
            backup_path=str(p.resolve()),
            media_folder=os.path.join(tmp, "media"),
            media_db=os.path.join(tmp, "media.db"),
        )
        return collection(col_path)
    from anki.import_export_pb2 import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    col = collection(col_path)
    try:
        col.import_anki_package(
            ImportAnkiPackageRequest(
                package_path=str(p.resolve()), options=ImportAnkiPackageOptions(with_scheduling=True)
            )
        )
    except BaseException:
        col.close()
        raise
    return col


def _is_collection(path: str) -> bool:
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.DatabaseError:
        return False
    return {"col", "notes", "cards"} <= tables


def _notes(col: Any, p: Path, source: str, field_name: str | None) -> KnownWords:
    out = KnownWords(source)
    rows = col.db.all(
        "SELECT n.mid, n.flds, MAX(c.ivl) FROM notes n JOIN cards c ON c.nid = n.id GROUP BY n.id"
    )
    if not rows:
        raise InputError(f"this {source} has no notes", path=p)
    index: dict[int, int | None] = {}
    fields_seen: set[str] = set()
    for mid, flds, ivl in rows:
        if mid not in index:
            names = [f["name"] for f in (col.models.get(mid) or {}).get("flds", [])]
            fields_seen.update(names)
            found = index[mid] = _word_field(names, field_name)
            if found is not None:
                out.field_names.add(names[found])
        i = index[mid]
        values = str(flds).split("\x1f")
        if i is None or i >= len(values):
            out.skip("no word field")
            continue
        key = word_key(values[i])
        if key is None:
            out.skip("not a word")
            continue
        # one note, several cards: the best-known card counts; the same word twice, the best
        status = "known" if int(ivl or 0) >= KNOWN_INTERVAL_DAYS else "learning"
        if out.words.get(key) != "known":
            out.words[key] = status
    if not out.words:
        wanted = f"a field named {field_name!r}" if field_name else "a field named Word, Front or Expression"
        raise InputError(
            f"no note of this {source} has {wanted} (its fields: "
            f"{', '.join(sorted(fields_seen)) or 'none'}; choose one with --field)",
            path=p,
        )
    return out


def _word_field(names: list[str], wanted: str | None) -> int | None:
    lower = [n.lower() for n in names]
    for candidate in (wanted.lower(),) if wanted else WORD_FIELDS:
        if candidate in lower:
            return lower.index(candidate)
    return None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


@dataclass(frozen=True)
class Imported:
    known: int
    learning: int
    unchanged: int


def import_known(store: Store, words: KnownWords) -> Imported:
    """Keep the words' statuses in one transaction, never lowering one (known or ignored stays
    when the file says learning). What changed, counted."""
    current = store.statuses()
    changes: dict[str, str] = {}
    for word, status in words.words.items():
        now = current.get(word)
        if now == status or (status == "learning" and now in ("known", "ignored")):
            continue
        changes[word] = status
    store.import_statuses(changes)
    known = sum(1 for s in changes.values() if s == "known")
    return Imported(known, len(changes) - known, len(words.words) - len(changes))


def export_words(store: Store, path: str | Path, statuses: Iterable[str] = ("known",)) -> int:
    """Write the learner's words with these statuses to `path`: one a line (`.txt`), or word and
    status separated by a tab (`.tsv`). Written under a temporary name and renamed. The count."""
    wanted = set(statuses)
    rows = sorted((w, s) for w, s in store.statuses().items() if s in wanted)
    target = Path(path)
    tsv = target.suffix.lower() == ".tsv"
    text = "".join(f"{w}\t{s}\n" if tsv else f"{w}\n" for w, s in rows)
    temp: str | None = None
    try:
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=target.parent, prefix=f".{target.name}.", delete=False
        ) as fh:
            temp = fh.name
            fh.write(text)
        os.replace(temp, target)
    except OSError as exc:
        if temp is not None:
            Path(temp).unlink(missing_ok=True)
        raise ExportError(f"cannot write: {exc.strerror or exc}", path=target) from exc
    return len(rows)
