"""The library's dictionary store: imported dictionaries, their entries and inflection index.

`DictionaryStore` is a mixin of `Store` (it uses the Store's connection and `_tx`). An import is
all or nothing without locking others out: the entries are streamed from the reader into a hidden
dictionary in batches of short transactions, and shown in one last one; a file that turns out to
be broken half-way (a reader raises), or a kill, leaves the library's dictionaries as they were.

The look-up order covers the built-in providers too, so a teacher's list can answer before the
built-in glossary: imported dictionaries keep their place in `dictionaries.position`, the
built-ins theirs in the settings table (`dict_position:builtin`), both counted in one sequence.
A library that never reordered has no such settings; the built-ins then sit before position 1.
"""

from __future__ import annotations

import itertools
import os
import secrets
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, suppress
from dataclasses import dataclass
from typing import TYPE_CHECKING

from studyterm.errors import InputError, NotFoundError, StudytermError, UsageError
from studyterm.store.connection import LibraryConnection

__all__ = [
    "BUILTIN_NAMES",
    "RESERVED_NAMES",
    "DictEntry",
    "DictionaryRow",
    "DictionaryStore",
    "Provider",
    "headword_key",
]

# the built-in providers' names, in their default order: a library dictionary may not take them
BUILTIN_NAMES = ("builtin", "phrases")
RESERVED_NAMES = frozenset(BUILTIN_NAMES)
_POSITION_KEY = "dict_position:"  # + a built-in name: the settings key of its place in the order
IMPORT_CACHE_KIB = -64 * 1024  # SQLite's page cache during an import (negative: in KiB)
IMPORT_BATCH = 20_000  # rows per transaction of an import: others may write between them


def headword_key(word: str) -> str:
    """The look-up key of a headword or word form: lower case, runs of white space as one space."""
    return " ".join(word.lower().split())


@dataclass(frozen=True, slots=True)
class DictEntry:
    """One entry as a reader yields it, before it is stored."""

    word: str  # as the dictionary spells it
    pos: str = ""  # coarse POS, or "" when the entry covers every POS
    phonetic: str | None = None
    definition: str | None = None  # English
    translation: str | None = None  # Chinese gloss
    tags: tuple[str, ...] = ()
    exchange: str | None = None  # ECDICT's raw inflection field, kept for display
    forms: tuple[str, ...] = ()  # inflected forms of this headword (form -> this word)
    lemma: str | None = None  # when this headword is itself a form of another headword

    @property
    def headword(self) -> str:
        return headword_key(self.word)


@dataclass(frozen=True)
class DictionaryRow:
    """An imported dictionary as `studyterm dict list` shows it."""

    id: int
    name: str
    kind: str
    source: str | None
    entries: int
    position: int
    imported_at: str


# one provider in the look-up order: a built-in one by its name, an imported one by its row
Provider = str | DictionaryRow

_COLUMNS = "id, name, kind, source, entries, position, imported_at"

# The first spelling of a headword wins, except that an all-lower-case spelling replaces a
# capitalised one ("china" the word over "China" the country when both are in one dictionary).
_INSERT = (
    "INSERT INTO dict_entries (dict_id, headword, pos, word, phonetic, definition, translation,"
    " tags, exchange) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (dict_id, headword, pos) DO UPDATE SET word = excluded.word,"
    " phonetic = excluded.phonetic, definition = excluded.definition,"
    " translation = excluded.translation, tags = excluded.tags, exchange = excluded.exchange"
    " WHERE excluded.word = excluded.headword AND dict_entries.word <> dict_entries.headword"
)


class DictionaryStore:
    """Typed queries over the dictionary tables (mixed into `Store`)."""

    if TYPE_CHECKING:
        _db: LibraryConnection

        def _tx(self) -> AbstractContextManager[sqlite3.Connection]: ...

    # -- reading --------------------------------------------------------------------------

    def dictionaries(self) -> list[DictionaryRow]:
        """The imported dictionaries in look-up order."""
        rows = self._db.execute(
            f"SELECT {_COLUMNS} FROM dictionaries WHERE ready = 1 ORDER BY position, id"
        ).fetchall()
        return [DictionaryRow(*r) for r in rows]

    def lookup_order(self) -> list[Provider]:
        """Every provider, built-in and imported, in look-up order (one query; read once per
        Lexicon)."""
        return _order(self._db)

    def dictionary(self, name: str) -> DictionaryRow:
        """One imported dictionary by name (NotFoundError naming `dict list` when absent)."""
        row = self._db.execute(
            f"SELECT {_COLUMNS} FROM dictionaries WHERE name = ? AND ready = 1", (name,)
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no dictionary named {name!r} (see `studyterm dict list`)")
        return DictionaryRow(*row)

    def has_dictionary(self, name: str) -> bool:
        """Whether the name is taken (checked before a long import, not only inside it)."""
        return (
            self._db.execute("SELECT 1 FROM dictionaries WHERE name = ? AND ready = 1", (name,)).fetchone()
            is not None
        )

    def dict_entry(self, dict_id: int, headword: str, pos: str | None) -> DictEntry | None:
        """The entry for a headword key: with this POS or one for any POS ('' rows); any POS
        when pos is None. A POS-specific row is preferred over an any-POS row."""
        if pos is None:
            sql = (
                "SELECT word, pos, phonetic, definition, translation, tags, exchange"
                " FROM dict_entries WHERE dict_id = ? AND headword = ? ORDER BY pos LIMIT 1"
            )
            args: tuple[object, ...] = (dict_id, headword)
        else:
            sql = (
                "SELECT word, pos, phonetic, definition, translation, tags, exchange"
                " FROM dict_entries WHERE dict_id = ? AND headword = ? AND pos IN (?, '')"
                " ORDER BY pos DESC LIMIT 1"
            )
            args = (dict_id, headword, pos)
        row = self._db.execute(sql, args).fetchone()
        if row is None:
            return None
        word, p, phonetic, definition, translation, tags, exchange = row
        return DictEntry(
            word=word,
            pos=p,
            phonetic=phonetic,
            definition=definition,
            translation=translation,
            tags=tuple(tags.split()),
            exchange=exchange,
        )

    def dict_lemmas(self, dict_id: int, form: str) -> list[str]:
        """Headwords of which `form` (a look-up key) is an inflected form, e.g. took -> take."""
        rows = self._db.execute(
            "SELECT lemma FROM dict_inflections WHERE dict_id = ? AND form = ? ORDER BY lemma",
            (dict_id, form),
        ).fetchall()
        return [r[0] for r in rows]

    # -- writing --------------------------------------------------------------------------

    def add_dictionary(
        self, name: str, kind: str, source: str | None, entries: Iterable[DictEntry], *, replace: bool = False
    ) -> DictionaryRow:
        """Store a dictionary and all its entries: all of them, or (on any failure) none.

        `entries` is consumed in batches, each committed (others may write between them) into a
        dictionary hidden until the last: if it raises (a broken file found half-way), nothing
        is stored. With `replace`, a dictionary of the same name is replaced
        (keeping its place in the order); without, an existing name is an error.
        """
        name = name.strip()
        check_name(name)
        # a bigger page cache while the index is built: inserts arrive in the file's order
        with self._db.page_cache(IMPORT_CACHE_KIB):
            return self._add_dictionary(name, kind, source, entries, replace)

    def _add_dictionary(
        self, name: str, kind: str, source: str | None, entries: Iterable[DictEntry], replace: bool
    ) -> DictionaryRow:
        """The import in batches: entries go into a hidden dictionary (`ready` 0), committed every
        `IMPORT_BATCH` rows so other writers get their turn between batches; one last short
        transaction shows it under its name (in place of the one it replaces). A failure, or a
        kill, leaves only the hidden rows, which are removed (now, or by the next import)."""
        self._drop_abandoned_imports()
        if not replace and self.has_dictionary(name):
            raise _taken(name)
        with self._tx() as db:
            cur = db.execute(
                "INSERT INTO dictionaries (name, kind, source, position, ready) VALUES (?, ?, ?, 0, 0)",
                (_hidden_name(name), kind, source),
            )
            dict_id = int(cur.lastrowid or 0)
        try:
            # (form, lemma) pairs gathered while the entries stream past, inserted after them
            inflections: set[tuple[str, str]] = set()
            rows = _rows(dict_id, entries, inflections)
            while batch := list(itertools.islice(rows, IMPORT_BATCH)):
                with self._tx() as db:
                    db.executemany(_INSERT, batch)
            count = int(
                self._db.execute(
                    "SELECT COUNT(*) FROM dict_entries WHERE dict_id = ?", (dict_id,)
                ).fetchone()[0]
            )
            if count == 0:
                raise InputError("holds no dictionary entries", path=source)
            # only forms whose lemma is a headword of this dictionary are of use
            pairs = iter(sorted(inflections))
            while batch_pairs := list(itertools.islice(pairs, IMPORT_BATCH)):
                with self._tx() as db:
                    db.executemany(
                        "INSERT OR IGNORE INTO dict_inflections (dict_id, form, lemma)"
                        " SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM dict_entries"
                        " WHERE dict_id = ? AND headword = ?)",
                        ((dict_id, form, lemma, dict_id, lemma) for form, lemma in batch_pairs),
                    )
            old = self._show(name, dict_id, count, replace)
        except BaseException:
            with suppress(StudytermError):
                self._drop_dictionary(dict_id)
            raise
        if old is not None:
            self._drop_dictionary(old)  # the replaced one, hidden already
        # a big import leaves a WAL as large as the data: fold it back into the database file
        self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return self.dictionary(name)

    def _show(self, name: str, dict_id: int, count: int, replace: bool) -> int | None:
        """Give the imported dictionary its name and place (the place of the one it replaces, or
        last); the replaced one's id, hidden now, to be dropped."""
        with self._tx() as db:
            old = db.execute(
                "SELECT id, position FROM dictionaries WHERE name = ? AND ready = 1", (name,)
            ).fetchone()
            if old is not None and not replace:
                raise _taken(name)
            if old is not None:
                position = int(old[1])
                db.execute(
                    "UPDATE dictionaries SET name = ?, ready = 0 WHERE id = ?", (_hidden_name(name), old[0])
                )
            else:
                # a new dictionary goes last, after the built-ins too when they were moved back
                position = max(max(pos for pos, _ in _placed(db)), 0) + 1
            db.execute(
                "UPDATE dictionaries SET name = ?, entries = ?, position = ?, ready = 1,"
                " imported_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?",
                (name, count, position, dict_id),
            )
        return None if old is None else int(old[0])

    def _drop_dictionary(self, dict_id: int) -> None:
        """Delete a hidden dictionary's rows in batches (each its own short transaction)."""
        for table in ("dict_entries", "dict_inflections"):
            key = "headword, pos" if table == "dict_entries" else "form, lemma"
            while True:
                with self._tx() as db:
                    gone = db.execute(
                        f"DELETE FROM {table} WHERE (dict_id, {key}) IN (SELECT dict_id, {key}"
                        f" FROM {table} WHERE dict_id = ? LIMIT ?)",
                        (dict_id, IMPORT_BATCH),
                    ).rowcount
                if gone == 0:
                    break
        with self._tx() as db:
            db.execute("DELETE FROM dictionaries WHERE id = ? AND ready = 0", (dict_id,))

    def _drop_abandoned_imports(self) -> None:
        """Remove what imports killed mid-way left: hidden dictionaries whose process is gone."""
        rows = self._db.execute("SELECT id, name FROM dictionaries WHERE ready = 0").fetchall()
        for dict_id, hidden in rows:
            pid = hidden.rpartition(" ")[2].partition("-")[0]
            try:
                os.kill(int(pid), 0)
                continue  # a running import (this one or another process's)
            except ProcessLookupError:
                pass
            except (ValueError, OSError, OverflowError):
                continue
            self._drop_dictionary(int(dict_id))

    def remove_dictionary(self, name: str) -> DictionaryRow:
        """Delete a dictionary and its entries; the others close up the order. The built-in
        providers cannot be removed (they can be moved after the others)."""
        if name.lower() in RESERVED_NAMES:
            raise StudytermError(
                f"{name!r} is built in and cannot be removed; `studyterm dict "
                f"order` can put your dictionaries before it"
            )
        with self._tx() as db:
            row = db.execute(
                f"SELECT {_COLUMNS} FROM dictionaries WHERE name = ? AND ready = 1", (name,)
            ).fetchone()
            if row is None:
                raise NotFoundError(f"no dictionary named {name!r} (see `studyterm dict list`)")
            gone = DictionaryRow(*row)
            db.execute("DELETE FROM dict_entries WHERE dict_id = ?", (gone.id,))
            db.execute("DELETE FROM dict_inflections WHERE dict_id = ?", (gone.id,))
            db.execute("DELETE FROM dictionaries WHERE id = ?", (gone.id,))
            _renumber(db, _order(db))
        self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return gone

    def order_dictionaries(self, names: list[str]) -> list[Provider]:
        """Put the named providers (imported or built-in) first, in this order; the rest keep
        their order after. Returns the new look-up order."""
        names = [n.lower() if n.lower() in RESERVED_NAMES else n for n in names]
        for i, n in enumerate(names):
            if n in names[:i]:
                raise UsageError(f"{n!r} is named twice")
        with self._tx() as db:
            order = _order(db)
            by_name = {_name(p): p for p in order}
            for n in names:
                if n not in by_name:
                    raise NotFoundError(f"no dictionary named {n!r} (see `studyterm dict list`)")
            _renumber(db, [by_name[n] for n in names] + [p for p in order if _name(p) not in names])
        return self.lookup_order()


def _hidden_name(name: str) -> str:
    """The name of a dictionary while it is imported or dropped: never one a user can give (it
    holds spaces), unique, and ending in the process id that owns it."""
    return f"{name} (importing) {os.getpid()}-{secrets.token_hex(4)}"


def _taken(name: str) -> UsageError:
    return UsageError(
        f"there is already a dictionary named {name!r}: remove it first, or "
        "import this one with another --name"
    )


def check_name(name: str) -> None:
    """A dictionary name must be typeable and not one of the built-in providers' names."""
    if not name or any(ch.isspace() for ch in name) or any(ord(ch) < 32 for ch in name):
        raise UsageError(f"{name!r} is not a usable dictionary name (no spaces, not empty)")
    if name.lower() in RESERVED_NAMES:
        raise UsageError(f"{name!r} is the name of a built-in glossary; choose another --name")


def _name(p: Provider) -> str:
    return p if isinstance(p, str) else p.name


def _order(db: sqlite3.Connection) -> list[Provider]:
    return [p for _, p in _placed(db)]


def _placed(db: sqlite3.Connection) -> list[tuple[int, Provider]]:
    """All providers with their positions, in look-up order. A built-in without a stored place
    keeps its default one, before every imported dictionary (positions 1 …), in `BUILTIN_NAMES`
    order; on a tie a built-in goes first."""
    marks = ", ".join("?" * len(BUILTIN_NAMES))
    stored = dict(
        db.execute(
            f"SELECT key, value FROM settings WHERE key IN ({marks})",
            [_POSITION_KEY + n for n in BUILTIN_NAMES],
        ).fetchall()
    )
    placed: list[tuple[int, int, int, Provider]] = []
    for i, name in enumerate(BUILTIN_NAMES):
        default = i - len(BUILTIN_NAMES) + 1
        value = stored.get(_POSITION_KEY + name)
        pos = int(value) if value is not None and value.lstrip("-").isdigit() else default
        placed.append((pos, 0, i, name))
    for r in db.execute(f"SELECT {_COLUMNS} FROM dictionaries WHERE ready = 1").fetchall():
        row = DictionaryRow(*r)
        placed.append((row.position, 1, row.id, row))
    placed.sort(key=lambda p: p[:3])
    return [(p[0], p[3]) for p in placed]


def _renumber(db: sqlite3.Connection, order: list[Provider]) -> None:
    """Store this look-up order as positions 1, 2 … (built-ins in settings, the rest in rows)."""
    numbered = list(enumerate(order, start=1))
    db.executemany(
        "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
        [(_POSITION_KEY + p, str(pos)) for pos, p in numbered if isinstance(p, str)],
    )
    db.executemany(
        "UPDATE dictionaries SET position = ? WHERE id = ?",
        [(pos, p.id) for pos, p in numbered if not isinstance(p, str)],
    )


def _rows(
    dict_id: int, entries: Iterable[DictEntry], inflections: set[tuple[str, str]]
) -> Iterator[tuple[object, ...]]:
    for e in entries:
        key = e.headword
        if not key:
            continue
        for form in e.forms:
            fkey = headword_key(form)
            if fkey and fkey != key:
                inflections.add((fkey, key))
        if e.lemma:
            lkey = headword_key(e.lemma)
            if lkey and lkey != key:
                inflections.add((key, lkey))
        yield (
            dict_id,
            key,
            e.pos,
            e.word.strip(),
            e.phonetic or None,
            e.definition or None,
            e.translation or None,
            " ".join(e.tags),
            e.exchange or None,
        )
