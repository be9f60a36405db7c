"""What studyterm put in the learner's Anki notes: one record per exported word.

`AnkiNoteStore` is a mixin of `Store` (it uses the Store's connection and `_tx`). The export reads
the records before building a deck and writes them, in one transaction, only after the package
is written: a failed export leaves the records as they were.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

__all__ = ["AnkiNoteRecord", "AnkiNoteStore"]


@dataclass(frozen=True)
class AnkiNoteRecord:
    """One word's note as last exported (see migration 0004_anki_notes.sql)."""

    lemma: str
    pos: str
    digest: str  # hash of the note's fields and tags
    modified: int  # Unix seconds: when that content was first exported
    cards: tuple[str, ...] = ()  # card types enabled on the note
    example: dict[str, Any] | None = None  # the example sentence first chosen
    tags: tuple[str, ...] = ()  # episode and podcast tags the note has carried

    @property
    def key(self) -> tuple[str, str]:
        return (self.lemma, self.pos)


class AnkiNoteStore:
    """Queries of the `anki_notes` table (a Store mixin)."""

    if TYPE_CHECKING:
        _db: sqlite3.Connection

        def _tx(self) -> AbstractContextManager[sqlite3.Connection]: ...

    def anki_notes(
        self, keys: Iterable[tuple[str, str]] | None = None
    ) -> dict[tuple[str, str], AnkiNoteRecord]:
        """The records of these (lemma, POS) keys (all records when None)."""
        rows: Iterator[tuple[Any, ...]]
        sql = "SELECT lemma, pos, digest, modified, cards, example, tags FROM anki_notes"
        if keys is None:
            rows = self._db.execute(sql)
        else:
            wanted = set(keys)
            rows = (r for r in self._db.execute(sql) if (r[0], r[1]) in wanted)
        return {(r[0], r[1]): _record(r) for r in rows}

    def put_anki_notes(self, records: Sequence[AnkiNoteRecord], cards: str | None = None) -> None:
        """Insert or replace records, and save the card types chosen (`cards`, when given) as
        the setting `anki.cards`, in one transaction."""
        with self._tx() as db:
            if cards is not None:
                db.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('anki.cards', ?)", (cards,))
            db.executemany(
                "INSERT OR REPLACE INTO anki_notes (lemma, pos, digest, modified, cards, example,"
                " tags) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        r.lemma,
                        r.pos,
                        r.digest,
                        r.modified,
                        ",".join(r.cards),
                        json.dumps(r.example, ensure_ascii=False) if r.example is not None else None,
                        json.dumps(list(r.tags), ensure_ascii=False),
                    )
                    for r in records
                ],
            )


def _record(r: tuple[Any, ...]) -> AnkiNoteRecord:
    try:
        example = json.loads(r[5]) if r[5] else None
        tags = tuple(str(t) for t in json.loads(r[6] or "[]"))
    except (ValueError, TypeError):  # a hand-edited row: forget what cannot be read
        example, tags = None, ()
    return AnkiNoteRecord(
        str(r[0]),
        str(r[1]),
        str(r[2]),
        int(r[3]),
        tuple(c for c in str(r[4]).split(",") if c),
        example if isinstance(example, dict) else None,
        tags,
    )
